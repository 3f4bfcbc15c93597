#include "http/page_views.hpp"

#include <Poco/JSON/Parser.h>

#include <ctime>

#include "domain/date.hpp"

namespace granska::http {

using pages::View;

std::string LocalTime(const std::string& iso) {
  const auto instant = domain::Instant::Parse(iso);
  if (!instant) return iso;
  const std::time_t t = static_cast<std::time_t>(instant->EpochSeconds());
  std::tm local{};
  localtime_r(&t, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &local);
  return buf;
}

std::string YesNo(const PageRequest& req, bool value) { return req.T(value ? "yes" : "no"); }

std::string Sek(const PageRequest& req, std::int64_t amount) {
  std::string digits = std::to_string(amount < 0 ? -amount : amount);
  const std::string sep = req.lang == "en" ? "," : "\u00a0";
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += sep;
    grouped += digits[i];
  }
  if (amount < 0) grouped = "-" + grouped;
  return req.lang == "en" ? "SEK " + grouped : grouped + "\u00a0kr";
}

View CaseRow(const PageRequest& req, const domain::CaseSummary& c, const std::string& href_prefix) {
  View v;
  const std::string status(domain::ToString(c.status));
  const std::string rec = c.recommendation.value_or("none");
  v.Set("id", View::Number(c.case_id))
      .Set("href", href_prefix + std::to_string(c.case_id))
      .Set("case_number", c.case_number)
      .Set("organisation", c.organisation_name)
      .Set("org_number", c.org_number)
      .Set("kind", req.Label("kind_", domain::ToString(c.kind)))
      .Set("status", req.Label("status_", status))
      .Set("status_class", "status-" + status)
      .Set("recommendation", req.Label("rec_", rec))
      .Set("recommendation_class", "rec-" + rec)
      .Set("submitted_on", c.submitted_on);
  return v;
}

View IncidentView(const PageRequest& req, const domain::Incident& i, const std::string& subject_text) {
  View v;
  v.Set("id", View::Number(i.id))
      .Set("kind", req.Label("incident_kind_", domain::ToString(i.kind)))
      .Set("subject", subject_text)
      .Set("subject_is_person", !i.subject_org.has_value())
      .Set("occurred_on", i.occurred_on.ToString())
      .Set("source", req.Label("source_", domain::ToString(i.source)))
      .Set("verified", i.verified)
      .Set("verified_label", req.T(i.verified ? "incident_verified" : "incident_unverified"))
      .Set("distanced", i.distanced)
      .Set("reference", i.reference)
      .Set("summary", i.summary)
      .Set("has_summary", !i.summary.empty())
      .Set("recorded_at", LocalTime(i.recorded_at));
  return v;
}

View EvidenceList(const PageRequest& req, const std::vector<workflow::EvidenceItem>& evidence,
                  const std::function<std::string(const std::string&)>& person_name, bool with_summary) {
  View list = View::List();
  for (const auto& e : evidence) {
    const auto& i = e.incident;
    View v = IncidentView(req, i, i.subject_org ? i.subject_org->Text() : person_name(i.subject_person));
    v.Set("attribution", req.Label("attribution_", e.attribution));
    if (!with_summary) v.Set("summary", std::string()).Set("has_summary", false);
    list.Push(std::move(v));
  }
  return list;
}

View ScreeningView(const PageRequest& req, const std::optional<std::string>& screening_json,
                   std::map<std::string, RuleTitle>* titles) {
  View s;
  View results = View::List();
  std::string rule_set, recommendation = "none";
  if (screening_json) {
    try {
      Poco::JSON::Parser parser;
      auto o = parser.parse(*screening_json).extract<Poco::JSON::Object::Ptr>();
      rule_set = o->optValue<std::string>("rule_set", "");
      recommendation = o->optValue<std::string>("recommendation", "none");
      if (auto arr = o->getArray("results")) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
          auto r = arr->getObject(i);
          if (!r) continue;
          std::string title = r->optValue<std::string>("title", "");
          std::string explanation = r->optValue<std::string>("explanation", "");
          // The rule's own words are Swedish; a screening stored with English ones shows them on
          // an English page. What stays Swedish there (the basis always) is marked lang="sv".
          bool swedish_text = req.lang != "sv";
          if (req.lang == "en" && r->isObject("en")) {
            auto en = r->getObject("en");
            swedish_text = !en->has("title") || !en->has("explanation");
            title = en->optValue<std::string>("title", title);
            explanation = en->optValue<std::string>("explanation", explanation);
          }
          const std::string outcome = r->optValue<std::string>("outcome", "pass");
          if (titles) (*titles)[r->optValue<std::string>("rule", "")] = {title, swedish_text, outcome};
          View v;
          v.Set("rule", r->optValue<std::string>("rule", ""))
              .Set("outcome", req.Label("outcome_", outcome))
              .Set("outcome_class", "outcome-" + outcome)
              .Set("title", title)
              .Set("explanation", explanation)
              .Set("basis", r->optValue<std::string>("basis", ""))
              .Set("text_sv", swedish_text)
              .Set("basis_sv", req.lang != "sv");
          results.Push(std::move(v));
        }
      }
    } catch (const Poco::Exception&) {
      // A screening that cannot be read shows as absent rather than breaking the case page.
    }
  }
  s.Set("any", results.Size() > 0);
  s.Set("rule_set", rule_set);
  s.Set("recommendation", req.Label("rec_", recommendation));
  s.Set("recommendation_class", "rec-" + recommendation);
  s.Set("results", std::move(results));
  return s;
}

View OrganisationView(const PageRequest& req, const domain::Organisation& o) {
  View v;
  auto opt_date = [](const std::optional<domain::Date>& d) { return d ? d->ToString() : std::string(); };
  auto opt_int = [](const std::optional<std::int64_t>& n) { return n ? std::to_string(*n) : std::string(); };
  v.Set("name", o.name)
      .Set("org_number", o.org_number ? o.org_number->Text() : std::string())
      .Set("municipality", o.municipality)
      .Set("description", o.description)
      .Set("registered_non_profit",
           o.registered_non_profit ? YesNo(req, *o.registered_non_profit) : req.T("not_stated"))
      .Set("statutes_adopted", opt_date(o.statutes_adopted))
      .Set("last_annual_meeting", opt_date(o.last_annual_meeting))
      .Set("board_size", opt_int(o.board_size))
      .Set("member_count", opt_int(o.member_count))
      .Set("members_resident", opt_int(o.members_resident))
      .Set("members_aged_7_25", opt_int(o.members_aged_7_25))
      .Set("bankgiro", o.bankgiro.value_or(o.plusgiro.value_or("")))
      .Set("has_contact", o.contact.has_value())
      .Set("contact_name", o.contact ? o.contact->name : std::string())
      .Set("contact_email", o.contact ? o.contact->email : std::string())
      .Set("has_email", o.contact && !o.contact->email.empty());
  View board = View::List();
  for (const auto& p : o.board) {
    View b;
    b.Set("name", p.name).Set("role", req.Label("board_role_", p.role));
    board.Push(std::move(b));
  }
  v.Set("has_board", board.Size() > 0);
  v.Set("board", std::move(board));
  View coop = View::List();
  for (const auto& c : o.cooperation_organisations) coop.Push(View(c.Text()));
  v.Set("has_cooperation", coop.Size() > 0);
  v.Set("cooperation", std::move(coop));
  return v;
}

View ApplicationView(const PageRequest& req, const domain::Application& app) {
  View v;
  v.Set("is_grant", app.grant.has_value());
  v.Set("is_booking", app.booking.has_value());
  View g;
  if (app.grant) {
    const auto& gr = *app.grant;
    g.Set("type", req.Label("grant_type_", domain::ToString(gr.type)))
        .Set("amount", Sek(req, gr.amount_sek))
        .Set("period", (gr.period_from ? gr.period_from->ToString() : std::string()) + " – " +
                           (gr.period_to ? gr.period_to->ToString() : std::string()))
        .Set("purpose", gr.purpose)
        .Set("expected_participants", gr.expected_participants ? std::to_string(*gr.expected_participants) : "");
  }
  v.Set("grant", std::move(g));
  View b;
  if (app.booking) {
    const auto& bk = *app.booking;
    View speakers = View::List();
    for (const auto& p : bk.speakers) speakers.Push(View(p.name));
    b.Set("premises_id", bk.premises_id)
        .Set("start", bk.start ? bk.start->ToString() : std::string())
        .Set("end", bk.end ? bk.end->ToString() : std::string())
        .Set("purpose", bk.purpose)
        .Set("event_type", req.Label("event_type_", domain::ToString(bk.event_type)))
        .Set("public", YesNo(req, bk.is_public))
        .Set("expected_attendees", bk.expected_attendees ? std::to_string(*bk.expected_attendees) : "")
        .Set("has_speakers", speakers.Size() > 0)
        .Set("speakers", std::move(speakers));
  }
  v.Set("booking", std::move(b));
  View attachments = View::List();
  for (auto a : app.attachments) attachments.Push(View(req.Label("attachment_", domain::ToString(a))));
  v.Set("has_attachments", attachments.Size() > 0);
  v.Set("attachments", std::move(attachments));
  v.Set("democracy_accepted",
        app.democracy_conditions_accepted ? YesNo(req, *app.democracy_conditions_accepted) : req.T("not_stated"));
  v.Set("information_true", app.information_true ? YesNo(req, *app.information_true) : req.T("not_stated"));
  return v;
}

View Pager(const std::string& base_href, const std::optional<std::string>& next_cursor, bool is_later) {
  View p;
  const std::string sep = base_href.find('?') == std::string::npos ? "?" : "&";
  p.Set("has_next", next_cursor.has_value());
  p.Set("next_href", next_cursor ? base_href + sep + "after=" + UrlEncode(*next_cursor) : std::string());
  p.Set("is_later", is_later);
  p.Set("first_href", base_href);
  p.Set("any", next_cursor.has_value() || is_later);
  return p;
}

}  // namespace granska::http
