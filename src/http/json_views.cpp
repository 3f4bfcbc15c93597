#include "http/json_views.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <charconv>
#include <sstream>

namespace granska::http {

void WriteCaseSummary(domain::JsonWriter& w, const domain::CaseSummary& c) {
  w.BeginObject()
      .Field("case_id", c.case_id)
      .Field("case_number", c.case_number)
      .Field("kind", domain::ToString(c.kind))
      .Field("status", domain::ToString(c.status))
      .Field("version", c.version);
  w.Key("organisation").BeginObject().Field("org_number", c.org_number).Field("name", c.organisation_name).EndObject();
  w.Field("submitted_on", c.submitted_on).Field("submitted_at", c.submitted_at).Field("updated_at", c.updated_at);
  // Absent until the case has been screened: never a made-up screening.
  if (c.screening_json) w.Key("screening").Raw(*c.screening_json);
  w.EndObject();
}

std::string CaseSummaryJson(const domain::CaseSummary& c) {
  domain::JsonWriter w;
  WriteCaseSummary(w, c);
  return w.Take();
}

std::string SubmissionPendingJson(const domain::CaseSummary& c, bool with_key) {
  const std::string id = std::to_string(c.case_id);
  domain::JsonWriter w;
  w.BeginObject()
      .Field("case_id", c.case_id)
      .Field("kind", domain::ToString(c.kind))
      .Field("status", domain::ToString(c.status))
      .Field("version", c.version)
      .Field("detail", "The application is stored as case " + id +
                           ", but its case number (diarienummer) could not be given yet; it will be given shortly. " +
                           (with_key ? "Send the same request again with the same Idempotency-Key to get the case "
                                       "with its number."
                                     : "Do not send the application again: that would open a second case."))
      .EndObject();
  return w.Take();
}

void WriteReferral(domain::JsonWriter& w, const domain::Referral& r) {
  w.BeginObject().Field("id", r.id).Field("automatic", r.automatic).Field("question", r.question);
  w.Key("referred_by");
  if (r.referred_by) w.Int(*r.referred_by); else w.Null();
  w.Field("referred_at", r.referred_at).Field("deadline", r.deadline.ToString());
  w.Key("advised_at");
  if (r.advised_at) w.String(*r.advised_at); else w.Null();
  w.EndObject();
}

void WriteAdvice(domain::JsonWriter& w, const domain::Advice& a) {
  w.BeginObject().Field("id", a.id).Field("referral_id", a.referral_id);
  w.Key("member").BeginObject().Field("user_id", a.member_id).Field("name", a.member_name)
      .Field("sector", a.member_sector).EndObject();
  w.Field("recusal", a.recusal);
  w.Key("recommendation");
  if (a.recommendation) w.String(domain::ToString(*a.recommendation)); else w.Null();
  w.Field(a.recusal ? "reason" : "reasoning", a.reasoning);
  w.Key("proposed_conditions").BeginArray();
  for (const auto& p : a.proposed_conditions) w.String(p);
  w.EndArray().Field("given_at", a.given_at).EndObject();
}

void WriteCommunication(domain::JsonWriter& w, const domain::Communication& c) {
  w.BeginObject().Field("id", c.id).Field("intended_outcome", domain::ToString(c.intended_outcome));
  w.Key("intended_amount_sek");
  if (c.intended_amount_sek) w.Int(*c.intended_amount_sek); else w.Null();
  w.Field("reasons", c.reasons).Field("reply_by", c.reply_by.ToString()).Field("sent_at", c.sent_at);
  w.Key("reply");
  if (c.reply_text) {
    w.BeginObject().Field("text", *c.reply_text).Field("received_at", c.replied_at.value_or("")).EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
}

void WriteInformationRequest(domain::JsonWriter& w, const domain::InformationRequest& r) {
  w.BeginObject().Field("id", r.id).Field("reply_by", r.reply_by.ToString());
  w.Key("rules").BeginArray();
  for (const auto& rule : r.rules) w.String(rule);
  w.EndArray();
  w.Key("message");
  if (r.message.empty()) w.Null(); else w.String(r.message);
  w.Field("requested_at", r.requested_at).Field("requested_by", r.requested_by_name);
  w.Key("supplemented_at");
  if (r.supplemented_at) w.String(*r.supplemented_at); else w.Null();
  w.EndObject();
}

void WriteDecision(domain::JsonWriter& w, const domain::Decision& d) {
  w.BeginObject().Field("id", d.id).Field("outcome", domain::ToString(d.outcome));
  w.Key("amount_sek");
  if (d.amount_sek) w.Int(*d.amount_sek); else w.Null();
  w.Field("reasons", d.reasons);
  w.Key("special_reasons");
  if (d.special_reasons.empty()) w.Null(); else w.String(d.special_reasons);
  w.Field("delegation_ref", d.delegation_ref);
  w.Key("revocation_clause");
  if (d.revocation_clause.empty()) w.Null(); else w.String(d.revocation_clause);
  w.Key("decided_by").BeginObject().Field("user_id", d.decided_by).Field("name", d.decided_by_name).EndObject();
  w.Field("decided_at", d.decided_at).Field("decided_on", d.decided_on.ToString()).EndObject();
}

void WriteCondition(domain::JsonWriter& w, const domain::Condition& c) {
  w.BeginObject()
      .Field("id", c.id)
      .Field("case_id", c.case_id)
      .Field("kind", domain::ToString(c.kind))
      .Field("due", c.due.ToString())
      .Field("description", c.description)
      .Field("status", c.status)
      .EndObject();
}

namespace {

void WritePerson(domain::JsonWriter& w, const domain::Person& p) {
  w.BeginObject().Field("name", p.name);
  if (!p.role.empty()) w.Field("role", p.role);
  if (!p.email.empty()) w.Field("email", p.email);
  w.EndObject();
}

void OptionalString(domain::JsonWriter& w, std::string_view key, const std::string& v) {
  if (!v.empty()) w.Field(key, v);
}

}  // namespace

void WriteApplication(domain::JsonWriter& w, const domain::Application& a) {
  w.BeginObject().Field("kind", domain::ToString(a.kind));
  const auto& o = a.organisation;
  w.Key("organisation").BeginObject();
  if (o.org_number) w.Field("org_number", o.org_number->Text());
  w.Field("name", o.name);
  OptionalString(w, "description", o.description);
  OptionalString(w, "municipality", o.municipality);
  OptionalString(w, "district", o.district);
  if (o.registered_non_profit) w.Field("registered_non_profit", *o.registered_non_profit);
  if (o.statutes_adopted) w.Field("statutes_adopted", o.statutes_adopted->ToString());
  if (o.last_annual_meeting) w.Field("last_annual_meeting", o.last_annual_meeting->ToString());
  if (o.board_size) w.Field("board_size", *o.board_size);
  if (o.member_count) w.Field("member_count", *o.member_count);
  if (o.members_resident) w.Field("members_resident", *o.members_resident);
  if (o.members_aged_7_25) w.Field("members_aged_7_25", *o.members_aged_7_25);
  if (o.bankgiro) w.Field("bankgiro", *o.bankgiro);
  if (o.plusgiro) w.Field("plusgiro", *o.plusgiro);
  if (o.contact) {
    w.Key("contact");
    WritePerson(w, *o.contact);
  }
  w.Key("board").BeginArray();
  for (const auto& p : o.board) WritePerson(w, p);
  w.EndArray();
  w.Key("cooperation_organisations").BeginArray();
  for (const auto& c : o.cooperation_organisations) w.String(c.Text());
  w.EndArray().EndObject();
  if (a.grant) {
    const auto& g = *a.grant;
    w.Key("grant").BeginObject().Field("type", domain::ToString(g.type)).Field("amount_sek", g.amount_sek);
    if (g.period_from && g.period_to)
      w.Key("period")
          .BeginObject()
          .Field("from", g.period_from->ToString())
          .Field("to", g.period_to->ToString())
          .EndObject();
    OptionalString(w, "purpose", g.purpose);
    if (g.expected_participants) w.Field("expected_participants", *g.expected_participants);
    w.EndObject();
  }
  if (a.booking) {
    const auto& b = *a.booking;
    w.Key("booking").BeginObject().Field("premises_id", b.premises_id);
    if (b.start) w.Field("start", b.start->ToString());
    if (b.end) w.Field("end", b.end->ToString());
    OptionalString(w, "purpose", b.purpose);
    w.Field("event_type", domain::ToString(b.event_type)).Field("public", b.is_public);
    if (b.expected_attendees) w.Field("expected_attendees", *b.expected_attendees);
    w.Key("speakers").BeginArray();
    for (const auto& p : b.speakers) WritePerson(w, p);
    w.EndArray().EndObject();
  }
  w.Key("attachments").BeginArray();
  for (auto k : a.attachments) w.BeginObject().Field("kind", domain::ToString(k)).EndObject();
  w.EndArray();
  if (a.democracy_conditions_accepted || a.information_true) {
    w.Key("declarations").BeginObject();
    if (a.democracy_conditions_accepted) w.Field("democracy_conditions_accepted", *a.democracy_conditions_accepted);
    if (a.information_true) w.Field("information_true", *a.information_true);
    w.EndObject();
  }
  if (a.reopens_case_id) w.Field("reopens_case_id", *a.reopens_case_id);
  w.EndObject();
}

void WriteRevocation(domain::JsonWriter& w, const domain::Revocation& v) {
  auto date_or_null = [&w](const char* key, const std::optional<domain::Date>& d) {
    w.Key(key);
    if (d) w.String(d->ToString()); else w.Null();
  };
  w.BeginObject()
      .Field("id", v.id)
      .Field("case_id", v.case_id)
      .Field("decision_id", v.decision_id)
      .Field("status", v.status)
      .Field("breach", v.breach)
      .Field("democracy_reason", v.democracy_reason)
      .Field("repayment_sek", v.repayment_sek);
  date_or_null("repayment_due", v.repayment_due);
  w.Field("communicated_at", v.communicated_at).Field("reply_by", v.reply_by.ToString());
  w.Key("reply");
  if (v.reply_text) w.String(*v.reply_text); else w.Null();
  w.Key("replied_at");
  if (v.reply_text && v.replied_at) w.String(*v.replied_at); else w.Null();
  date_or_null("revoked_on", v.revoked_on);
  date_or_null("dropped_on", v.dropped_on);
  // The reasons for revoking, or for not revoking after all; none while only communicated.
  w.Key("reasons");
  if (v.status == "revoked" || v.status == "dropped" || (v.status == "annulled" && v.revoked_on))
    w.String(v.reasons);
  else
    w.Null();
  w.Key("annulled_by_appeal");
  if (v.annulled_by_appeal) w.Int(*v.annulled_by_appeal); else w.Null();
  w.EndObject();
}

void WriteAppealRecord(domain::JsonWriter& w, const domain::AppealRecord& a, bool details_shown,
                       const std::string& case_number) {
  const auto optional = [&w](std::string_view key, const std::string& v) {
    w.Key(key);
    if (v.empty())
      w.Null();
    else
      w.String(v);
  };
  w.BeginObject().Field("id", a.id).Field("case_id", a.case_id);
  if (!case_number.empty()) w.Field("case_number", case_number);
  w.Key("appealed").BeginObject().Field("kind", a.appealed_kind).Field("id", a.appealed_id).EndObject();
  w.Field("lodged_on", a.lodged_on.ToString());
  w.Key("appellant").BeginObject().Field("kind", domain::ToString(a.appellant_kind));
  optional("name", details_shown ? a.appellant_name : std::string());
  w.EndObject();
  w.Field("court", a.court);
  optional("court_case_number", a.court_case_number);
  w.Key("recorded_by").BeginObject().Field("user_id", a.recorded_by).Field("name", a.recorded_by_name).EndObject();
  w.Field("recorded_at", a.recorded_at);
  w.Field("pending", !a.outcome.has_value());
  w.Key("outcome");
  if (a.outcome)
    w.String(domain::ToString(*a.outcome));
  else
    w.Null();
  optional("outcome_on", a.outcome_on ? a.outcome_on->ToString() : std::string());
  optional("outcome_note", details_shown ? a.outcome_note : std::string());
  w.Key("outcome_recorded_by");
  if (a.outcome_recorded_by)
    w.BeginObject().Field("user_id", *a.outcome_recorded_by).Field("name", a.outcome_recorded_by_name).EndObject();
  else
    w.Null();
  optional("outcome_recorded_at", a.outcome_recorded_at.value_or(""));
  w.Field("details_shown", details_shown);
  w.EndObject();
}

std::string CaseDetailJson(const domain::CaseDetail& d, bool names_pseudonymised, bool appeal_details) {
  std::string summary = CaseSummaryJson(d.summary);
  summary.pop_back();  // reopen the summary object to add the detail members
  domain::JsonWriter w;
  w.BeginObject();
  w.Key("application").Raw(d.application_json.empty() ? "null" : d.application_json);
  w.Field("application_revision", d.application_revision);
  w.Field("names_pseudonymised", names_pseudonymised);
  w.Key("timeline").BeginArray();
  for (const auto& e : d.timeline) {
    w.BeginObject().Field("id", e.id).Field("at", e.at).Field("event", e.event);
    w.Key("actor").BeginObject();
    w.Key("user_id");
    if (e.actor_id)
      w.Int(*e.actor_id);
    else
      w.Null();
    w.Field("name", e.actor_name).Field("role", e.actor_role).EndObject();
    w.Key("detail").Raw(e.detail_json.empty() ? "{}" : e.detail_json).EndObject();
  }
  w.EndArray();
  w.Key("assigned_to");
  if (d.assigned_to) w.Int(*d.assigned_to); else w.Null();
  w.Key("linked_case_id");
  if (d.linked_case_id) w.Int(*d.linked_case_id); else w.Null();
  w.Key("referral");
  if (d.referrals.empty()) w.Null(); else WriteReferral(w, d.referrals.back());
  w.Key("referrals").BeginArray();
  for (const auto& r : d.referrals) WriteReferral(w, r);
  w.EndArray();
  w.Key("advice").BeginArray();
  for (const auto& a : d.advice) WriteAdvice(w, a);
  w.EndArray();
  // The latest request for what the application lacks (an added member).
  w.Key("information_request");
  if (d.information_request) WriteInformationRequest(w, *d.information_request); else w.Null();
  w.Key("communication");
  if (d.communication) WriteCommunication(w, *d.communication); else w.Null();
  w.Key("decision");
  if (d.decision) WriteDecision(w, *d.decision); else w.Null();
  w.Key("conditions").BeginArray();
  for (const auto& c : d.conditions) WriteCondition(w, c);
  w.EndArray();
  w.Key("appeal");
  if (d.appeal) {
    const bool posted = d.appeal->id != 0;
    w.BeginObject()
        .Field("decision_kind", d.appeal->decision_kind)
        .Field("decided_on", d.appeal->decided_on.ToString());
    w.Key("minutes_posted_on");
    if (posted) w.String(d.appeal->posted_on.ToString()); else w.Null();
    w.Key("last_day");
    if (posted) w.String(d.appeal->last_day.ToString()); else w.Null();
    w.Key("minutes_reference");
    if (!d.appeal->minutes_reference.empty()) w.String(d.appeal->minutes_reference); else w.Null();
    w.Key("recorded_at");
    if (posted) w.String(d.appeal->recorded_at); else w.Null();
    w.EndObject();
  } else {
    w.Null();
  }
  // Appeals to the administrative court and their outcome, oldest first (an added member).
  w.Key("appeals").BeginArray();
  for (const auto& a : d.appeals) WriteAppealRecord(w, a, appeal_details);
  w.EndArray();
  // Revocations of the case's decisions, oldest first (an added member).
  w.Key("revocations").BeginArray();
  for (const auto& v : d.revocations) WriteRevocation(w, v);
  w.EndArray();
  // Records (issue 9), added members: the active legal hold and the active secrecy marks.
  w.Key("legal_hold");
  if (d.legal_hold) WriteLegalHold(w, *d.legal_hold); else w.Null();
  w.Key("secrecy_marks").BeginArray();
  for (const auto& m : d.secrecy_marks) WriteSecrecyMark(w, m);
  w.EndArray();
  w.EndObject();
  std::string rest = w.Take();
  // rest is {"application":…}; splice its members into the summary object.
  return summary + "," + rest.substr(1);
}

void WriteLegalHold(domain::JsonWriter& w, const domain::LegalHold& h) {
  w.BeginObject()
      .Field("id", h.id)
      .Field("case_id", h.case_id)
      .Field("reason", h.reason)
      .Key("placed_by").BeginObject().Field("user_id", h.placed_by).Field("name", h.placed_by_name).EndObject()
      .Field("placed_at", h.placed_at);
  w.Key("released_at");
  if (h.released_at) w.String(*h.released_at); else w.Null();
  w.Key("release_reason");
  if (h.released_at) w.String(h.release_reason); else w.Null();
  w.EndObject();
}

void WriteSecrecyMark(domain::JsonWriter& w, const domain::SecrecyMark& m) {
  w.BeginObject().Field("id", m.id);
  w.Key("case_id");
  if (m.case_id) w.Int(*m.case_id); else w.Null();
  w.Key("incident_id");
  if (m.incident_id) w.Int(*m.incident_id); else w.Null();
  w.Field("part", m.part).Field("ground", m.ground).Key("reason");
  if (m.reasons_withheld) w.Null(); else w.String(m.reason);
  w.Key("marked_by").BeginObject().Field("user_id", m.marked_by).Field("name", m.marked_by_name).EndObject();
  w.Field("marked_at", m.marked_at);
  w.Key("removed_at");
  if (m.removed_at) w.String(*m.removed_at); else w.Null();
  w.Key("removal_reason");
  if (m.removed_at && !m.reasons_withheld) w.String(m.removal_reason); else w.Null();
  w.EndObject();
}

void WriteIncident(domain::JsonWriter& w, const domain::Incident& i) {
  w.BeginObject().Field("id", i.id);
  w.Key("subject").BeginObject();
  if (i.subject_org)
    w.Field("org_number", i.subject_org->Text());
  else
    w.Field("person", i.subject_person);
  w.EndObject();
  w.Field("kind", domain::ToString(i.kind))
      .Field("occurred_on", i.occurred_on.ToString())
      .Field("source", domain::ToString(i.source))
      .Field("verified", i.verified)
      .Field("distanced", i.distanced)
      .Field("reference", i.reference)
      .Field("summary", i.summary)
      .Field("recorded_at", i.recorded_at)
      .EndObject();
}

void WritePremises(domain::JsonWriter& w, const domain::Premises& p) {
  w.BeginObject().Field("id", p.id).Field("name", p.name).Field("capacity", p.capacity).EndObject();
}

std::string EncodeCursor(const std::string& kind, std::int64_t id) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  enc << kind << ':' << id;
  enc.close();
  return out.str();
}

std::optional<std::int64_t> DecodeCursor(const std::string& kind, const std::string& text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  try {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    std::string plain((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
    if (plain.rfind(kind + ":", 0) != 0) return std::nullopt;
    std::int64_t id = 0;
    const char* b = plain.data() + kind.size() + 1;
    const char* e = plain.data() + plain.size();
    auto [p, ec] = std::from_chars(b, e, id);
    if (ec != std::errc() || p != e || id <= 0) return std::nullopt;
    // Only the cursor this server wrote: no leading zeros, no other encoding of the same id.
    if (EncodeCursor(kind, id) != text) return std::nullopt;
    return id;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

std::string EncodeTextCursor(const std::string& kind, const std::string& key) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  enc << kind << ':' << key;
  enc.close();
  return out.str();
}

std::optional<std::string> DecodeTextCursor(const std::string& kind, const std::string& text) {
  if (text.empty() || text.size() > 256) return std::nullopt;
  try {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    std::string plain((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
    if (plain.rfind(kind + ":", 0) != 0 || plain.size() == kind.size() + 1) return std::nullopt;
    std::string key = plain.substr(kind.size() + 1);
    if (EncodeTextCursor(kind, key) != text) return std::nullopt;  // only the cursor this server wrote
    return key;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

}  // namespace granska::http
