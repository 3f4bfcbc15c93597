#include "rules/facts_yaml.hpp"

#include <set>
#include <stdexcept>

namespace granska::rules {
namespace {

struct Bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void Fail(const YAML::Node& at, const std::string& msg) {
  std::string where = at.IsDefined() && at.Mark().line >= 0 ? "line " + std::to_string(at.Mark().line + 1) + ": " : "";
  throw Bad(where + msg);
}

void Keys(const YAML::Node& n, const std::string& what, const std::set<std::string>& allowed) {
  if (!n.IsMap()) Fail(n, what + " must be a map");
  for (const auto& kv : n) {
    const auto k = kv.first.as<std::string>();
    if (!allowed.count(k)) Fail(kv.first, "unknown key '" + k + "' in " + what);
  }
}

bool Bool(const YAML::Node& n, const std::string& what) {
  if (n.IsScalar()) {
    if (n.Scalar() == "true") return true;
    if (n.Scalar() == "false") return false;
  }
  Fail(n, what + " must be true or false");
}

std::int64_t Int(const YAML::Node& n, const std::string& what) {
  try {
    return n.as<std::int64_t>();
  } catch (const YAML::Exception&) {
    Fail(n, what + " must be a whole number");
  }
}

Date DateOf(const YAML::Node& n, const std::string& what) {
  auto d = n.IsScalar() ? Date::Parse(n.Scalar()) : std::nullopt;
  if (!d) Fail(n, what + " must be a date YYYY-MM-DD");
  return *d;
}

std::string Str(const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar()) Fail(n, what + " must be text");
  return n.Scalar();
}

template <typename F>
auto Word(const YAML::Node& n, const std::string& what, F parse) {
  auto v = n.IsScalar() ? parse(n.Scalar()) : std::nullopt;
  if (!v) Fail(n, "unknown " + what + " '" + (n.IsScalar() ? n.Scalar() : std::string("?")) + "'");
  return *v;
}

template <typename T, typename F>
void Opt(const YAML::Node& map, const char* key, std::optional<T>& out, F read) {
  if (map[key] && !map[key].IsNull()) out = read(map[key], key);
}

Facts Build(const YAML::Node& n) {
  Keys(n, "facts",
       {"kind", "submitted_on", "organisation", "grant", "booking", "premises", "attachments", "declarations",
        "incidents", "revocations", "conditions"});
  Facts f;
  if (!n["kind"]) Fail(n, "kind missing (grant or booking)");
  f.kind = Word(n["kind"], "kind", domain::ParseApplicationKind);
  if (!n["submitted_on"]) Fail(n, "submitted_on missing");
  f.submitted_on = DateOf(n["submitted_on"], "submitted_on");

  if (const auto o = n["organisation"]) {
    Keys(o, "organisation",
         {"org_number", "name", "description", "municipality", "registered_non_profit", "statutes_adopted",
          "last_annual_meeting", "board_size", "member_count", "members_resident", "members_aged_7_25", "bankgiro",
          "plusgiro", "contact", "board", "cooperation_organisations"});
    auto& org = f.organisation;
    Opt(o, "registered_non_profit", org.registered_non_profit, Bool);
    Opt(o, "statutes_adopted", org.statutes_adopted, DateOf);
    Opt(o, "last_annual_meeting", org.last_annual_meeting, DateOf);
    Opt(o, "board_size", org.board_size, Int);
    Opt(o, "member_count", org.member_count, Int);
    Opt(o, "members_resident", org.members_resident, Int);
    Opt(o, "members_aged_7_25", org.members_aged_7_25, Int);
    org.has_bankgiro = o["bankgiro"] && !o["bankgiro"].IsNull() && !o["bankgiro"].Scalar().empty();
    org.has_plusgiro = o["plusgiro"] && !o["plusgiro"].IsNull() && !o["plusgiro"].Scalar().empty();
    if (o["name"]) f.text.organisation_name = Str(o["name"], "organisation.name");
    if (o["description"]) f.text.organisation_description = Str(o["description"], "organisation.description");
    if (o["contact"] && o["contact"]["name"]) f.text.contact_name = Str(o["contact"]["name"], "contact.name");
    if (o["board"])
      for (const auto& m : o["board"])
        if (m["name"]) f.text.board_names.push_back(Str(m["name"], "board name"));
  }
  if (const auto g = n["grant"]) {
    Keys(g, "grant", {"type", "amount_sek", "period", "purpose", "expected_participants"});
    if (!g["type"]) Fail(g, "grant.type missing");
    f.grant.type = Word(g["type"], "grant type", domain::ParseGrantType);
    Opt(g, "amount_sek", f.grant.amount_sek, Int);
    if (const auto per = g["period"]) {
      Keys(per, "grant.period", {"from", "to"});
      Opt(per, "from", f.grant.period_from, DateOf);
      Opt(per, "to", f.grant.period_to, DateOf);
    }
    Opt(g, "expected_participants", f.grant.expected_participants, Int);
    if (g["purpose"]) f.text.purpose = Str(g["purpose"], "grant.purpose");
  }
  if (const auto b = n["booking"]) {
    Keys(b, "booking",
         {"premises_id", "start", "end", "purpose", "event_type", "public", "expected_attendees", "speakers",
          "overlapping_bookings"});
    auto& bk = f.booking;
    if (b["premises_id"]) bk.premises_id = Str(b["premises_id"], "premises_id");
    auto instant = [](const YAML::Node& v, const std::string& what) {
      auto i = v.IsScalar() ? domain::Instant::Parse(v.Scalar()) : std::nullopt;
      if (!i) Fail(v, what + " must be a time such as 2027-02-10T18:00:00+01:00");
      return *i;
    };
    if (b["start"]) bk.start = instant(b["start"], "booking.start");
    if (b["end"]) bk.end = instant(b["end"], "booking.end");
    if (b["event_type"]) bk.event_type = Word(b["event_type"], "event type", domain::ParseEventType);
    if (b["public"]) bk.is_public = Bool(b["public"], "booking.public");
    Opt(b, "expected_attendees", bk.expected_attendees, Int);
    if (b["speakers"]) {
      if (!b["speakers"].IsSequence()) Fail(b["speakers"], "booking.speakers must be a list");
      bk.speaker_count = static_cast<std::int64_t>(b["speakers"].size());
      for (const auto& s : b["speakers"])
        if (s["name"]) f.text.speaker_names.push_back(Str(s["name"], "speaker name"));
    }
    if (b["overlapping_bookings"]) bk.overlapping_bookings = Int(b["overlapping_bookings"], "overlapping_bookings");
    if (b["purpose"]) f.text.purpose = Str(b["purpose"], "booking.purpose");
  }
  if (const auto pr = n["premises"]) {
    Keys(pr, "premises", {"capacity"});
    Opt(pr, "capacity", f.booking.premises_capacity, Int);
  }
  if (const auto a = n["attachments"]) {
    if (!a.IsSequence()) Fail(a, "attachments must be a list");
    for (const auto& item : a) {
      const YAML::Node k = item.IsMap() ? item["kind"] : item;
      f.attachments.Add(Word(k, "attachment kind", domain::ParseAttachmentKind));
    }
  }
  if (const auto d = n["declarations"]) {
    Keys(d, "declarations", {"democracy_conditions_accepted", "information_true"});
    Opt(d, "democracy_conditions_accepted", f.declarations.democracy_conditions_accepted, Bool);
    Opt(d, "information_true", f.declarations.information_true, Bool);
  }
  if (const auto l = n["incidents"]) {
    if (!l.IsSequence()) Fail(l, "incidents must be a list");
    for (const auto& i : l) {
      Keys(i, "incident",
           {"kind", "occurred_on", "verified", "source", "reference", "attribution", "distanced", "subject", "summary"});
      IncidentFact inc;
      if (!i["kind"] || !i["occurred_on"]) Fail(i, "an incident needs kind and occurred_on");
      inc.kind = Word(i["kind"], "incident kind", domain::ParseIncidentKind);
      inc.occurred_on = DateOf(i["occurred_on"], "occurred_on");
      if (i["verified"]) inc.verified = Bool(i["verified"], "verified");
      if (i["source"]) inc.source = Word(i["source"], "incident source", domain::ParseIncidentSource);
      if (i["reference"]) inc.reference = Str(i["reference"], "reference");
      if (i["attribution"]) inc.attribution = Word(i["attribution"], "attribution", ParseAttribution);
      if (i["distanced"]) inc.distanced = Bool(i["distanced"], "distanced");
      if (i["subject"]) inc.subject_label = Str(i["subject"], "subject");
      f.incidents.push_back(std::move(inc));
    }
  }
  if (const auto l = n["revocations"]) {
    if (!l.IsSequence()) Fail(l, "revocations must be a list");
    for (const auto& i : l) {
      Keys(i, "revocation", {"revoked_on", "democracy_reason", "case_number"});
      RevocationFact r;
      if (!i["revoked_on"]) Fail(i, "a revocation needs revoked_on");
      r.revoked_on = DateOf(i["revoked_on"], "revoked_on");
      if (i["democracy_reason"]) r.democracy_reason = Bool(i["democracy_reason"], "democracy_reason");
      if (i["case_number"]) r.case_number = Str(i["case_number"], "case_number");
      f.revocations.push_back(std::move(r));
    }
  }
  if (const auto l = n["conditions"]) {
    if (!l.IsSequence()) Fail(l, "conditions must be a list");
    for (const auto& i : l) {
      Keys(i, "condition", {"status", "due", "case_number", "kind"});
      ConditionFact c;
      if (!i["status"]) Fail(i, "a condition needs status");
      c.status = Word(i["status"], "condition status", ParseConditionStatus);
      if (i["due"]) c.due = DateOf(i["due"], "due");
      if (i["case_number"]) c.case_number = Str(i["case_number"], "case_number");
      f.conditions.push_back(std::move(c));
    }
  }
  return f;
}

}  // namespace

std::variant<Facts, std::string> FactsFromYaml(const YAML::Node& node) {
  try {
    return Build(node);
  } catch (const Bad& e) {
    return std::string(e.what());
  } catch (const YAML::Exception& e) {
    return std::string(e.what());
  }
}

YAML::Node MergeYaml(const YAML::Node& base, const YAML::Node& over) {
  if (!base.IsDefined() || base.IsNull()) return YAML::Clone(over);
  if (!over.IsDefined()) return YAML::Clone(base);
  if (!base.IsMap() || !over.IsMap()) return YAML::Clone(over);
  YAML::Node out = YAML::Clone(base);
  for (const auto& kv : over) {
    const auto key = kv.first.as<std::string>();
    if (kv.second.IsNull()) {
      out.remove(key);
    } else if (const YAML::Node existing = static_cast<const YAML::Node&>(out)[key];
               existing && existing.IsMap() && kv.second.IsMap()) {
      out[key] = MergeYaml(existing, kv.second);
    } else {
      out[key] = YAML::Clone(kv.second);
    }
  }
  return out;
}

}  // namespace granska::rules
