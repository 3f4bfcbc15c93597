#include "http/request_parsers.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <regex>

#include "domain/text.hpp"
#include "http/json_fields.hpp"

namespace granska::http {

using Poco::JSON::Object;
using domain::FieldError;

namespace {

template <typename Table>
std::string OneOf(const Table& table) {
  std::string out;
  for (const auto& [e, name] : table) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

template <typename Enum, typename Table, typename ParseFn>
std::optional<Enum> EnumField(JsonFields& f, const Object::Ptr& o, const std::string& prefix, const std::string& key,
                              bool required, const Table& table, ParseFn parse) {
  auto s = f.String(o, prefix, key, required);
  if (!s) return std::nullopt;
  auto e = parse(*s);
  if (!e) f.Error(JsonFields::Path(prefix, key), "unknown value '" + *s + "'; must be one of " + OneOf(table));
  return e;
}

std::optional<domain::OrgNumber> OrgNumberField(JsonFields& f, const Object::Ptr& o, const std::string& prefix,
                                                const std::string& key, bool required) {
  auto s = f.String(o, prefix, key, required);
  if (!s) return std::nullopt;
  auto n = domain::OrgNumber::Parse(*s);
  if (!n)
    f.Error(JsonFields::Path(prefix, key),
            "must be an organisation number of ten digits (NNNNNN-NNNN) with a valid check digit, got '" + *s + "'");
  return n;
}

std::optional<std::int64_t> Count(JsonFields& f, const Object::Ptr& o, const std::string& prefix,
                                  const std::string& key) {
  auto v = f.Int(o, prefix, key, false);
  if (v && *v < 0) {
    f.Error(JsonFields::Path(prefix, key), "must not be negative");
    return std::nullopt;
  }
  return v;
}

std::optional<domain::Person> PersonField(JsonFields& f, const Object::Ptr& o, const std::string& path,
                                          bool with_role, bool with_email) {
  if (!o) return std::nullopt;
  domain::Person p;
  p.name = f.String(o, path, "name", true, true).value_or("");
  if (with_role) p.role = f.String(o, path, "role", false).value_or("");
  if (with_email) {
    p.email = f.String(o, path, "email", false).value_or("");
    if (!p.email.empty() && p.email.find('@') == std::string::npos)
      f.Error(JsonFields::Path(path, "email"), "must be an e-mail address");
  }
  return p;
}

std::vector<domain::Person> People(JsonFields& f, const Object::Ptr& o, const std::string& prefix,
                                   const std::string& key, bool with_role) {
  std::vector<domain::Person> out;
  auto arr = f.Array(o, prefix, key, false);
  if (!arr) return out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string path = JsonFields::Path(prefix, key) + "[" + std::to_string(i) + "]";
    if (!arr->isObject(i)) {
      f.Error(path, "must be an object with a name");
      continue;
    }
    if (auto p = PersonField(f, arr->getObject(i), path, with_role, false)) out.push_back(*p);
  }
  return out;
}

// Bankgiro NNN-NNNN / NNNN-NNNN; plusgiro 1-7 digits, a hyphen, one check digit.
const std::regex kBankgiro(R"(^[0-9]{3,4}-[0-9]{4}$)");
const std::regex kPlusgiro(R"(^[0-9]{1,7}-[0-9]$)");

void ParseOrganisation(JsonFields& f, const Object::Ptr& org, domain::Organisation& o) {
  const std::string p = "organisation";
  o.org_number = OrgNumberField(f, org, p, "org_number", true);
  o.name = f.String(org, p, "name", true, true).value_or("");
  o.description = f.String(org, p, "description", false).value_or("");
  o.municipality = f.String(org, p, "municipality", false).value_or("");
  o.district = f.String(org, p, "district", false).value_or("");
  o.registered_non_profit = f.Bool(org, p, "registered_non_profit", false);
  o.statutes_adopted = f.Date(org, p, "statutes_adopted", false);
  o.last_annual_meeting = f.Date(org, p, "last_annual_meeting", false);
  o.board_size = Count(f, org, p, "board_size");
  o.member_count = Count(f, org, p, "member_count");
  o.members_resident = Count(f, org, p, "members_resident");
  o.members_aged_7_25 = Count(f, org, p, "members_aged_7_25");
  o.bankgiro = f.String(org, p, "bankgiro", false);
  if (o.bankgiro && !std::regex_match(*o.bankgiro, kBankgiro)) {
    f.Error("organisation.bankgiro", "must be a bankgiro number like 5050-1055");
    o.bankgiro.reset();
  }
  o.plusgiro = f.String(org, p, "plusgiro", false);
  if (o.plusgiro && !std::regex_match(*o.plusgiro, kPlusgiro)) {
    f.Error("organisation.plusgiro", "must be a plusgiro number like 4711-2");
    o.plusgiro.reset();
  }
  o.contact = PersonField(f, f.Object(org, p, "contact", false), "organisation.contact", false, true);
  o.board = People(f, org, p, "board", true);
  if (auto arr = f.Array(org, p, "cooperation_organisations", false)) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "organisation.cooperation_organisations[" + std::to_string(i) + "]";
      auto v = arr->get(i);
      std::optional<domain::OrgNumber> n;
      if (v.isString()) n = domain::OrgNumber::Parse(v.extract<std::string>());
      if (n)
        o.cooperation_organisations.push_back(*n);
      else
        f.Error(path, "must be an organisation number of ten digits with a valid check digit");
    }
  }
}

// Lower case without '_', '-' and spaces.
std::string Folded(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_' && c != '-' && c != ' ') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

void NearMisses(const Object::Ptr& o, const std::string& prefix, std::initializer_list<std::string_view> known,
                std::vector<FieldError>& errors) {
  if (!o) return;
  for (const auto& [key, value] : *o) {
    if (std::find(known.begin(), known.end(), std::string_view(key)) != known.end()) continue;
    const std::string folded = Folded(key);
    for (auto k : known) {
      const std::string target = Folded(k);
      if (folded == target || (target.size() >= 5 && EditDistance(folded, target) <= 2)) {
        const std::string printable =
            domain::CheckText(key) == domain::TextFault::kNone ? key : std::string("(a member name that is not text)");
        errors.push_back({JsonFields::Path(prefix, printable),
                          "is not a member the server reads; did you mean '" + std::string(k) + "'?"});
        break;
      }
    }
  }
}

void NearMissesInItems(const Object::Ptr& o, const std::string& prefix, const std::string& key,
                       std::initializer_list<std::string_view> known, std::vector<FieldError>& errors) {
  if (!o || !o->isArray(key)) return;
  const auto arr = o->getArray(key);
  for (std::size_t i = 0; i < arr->size(); ++i)
    if (arr->isObject(i))
      NearMisses(arr->getObject(i), JsonFields::Path(prefix, key) + "[" + std::to_string(i) + "]", known, errors);
}

Object::Ptr Member(const Object::Ptr& o, const std::string& key) {
  return o && o->isObject(key) ? o->getObject(key) : nullptr;
}

}  // namespace

void RefuseNearMisses(const Object::Ptr& sent, std::vector<FieldError>& errors) {
  if (!sent) return;
  NearMisses(sent, "", {"kind", "organisation", "grant", "booking", "attachments", "declarations", "reopens_case_id"},
             errors);
  const auto org = Member(sent, "organisation");
  NearMisses(org, "organisation",
             {"org_number", "name", "description", "municipality", "district", "registered_non_profit",
              "statutes_adopted", "last_annual_meeting", "board_size", "member_count", "members_resident",
              "members_aged_7_25", "bankgiro", "plusgiro", "contact", "board", "cooperation_organisations"},
             errors);
  NearMisses(Member(org, "contact"), "organisation.contact", {"name", "email"}, errors);
  NearMissesInItems(org, "organisation", "board", {"name", "role"}, errors);
  const auto grant = Member(sent, "grant");
  NearMisses(grant, "grant", {"type", "amount_sek", "period", "purpose", "expected_participants"}, errors);
  NearMisses(Member(grant, "period"), "grant.period", {"from", "to"}, errors);
  const auto booking = Member(sent, "booking");
  NearMisses(booking, "booking",
             {"premises_id", "start", "end", "purpose", "event_type", "public", "expected_attendees", "speakers"},
             errors);
  NearMissesInItems(booking, "booking", "speakers", {"name"}, errors);
  NearMisses(Member(sent, "declarations"), "declarations", {"democracy_conditions_accepted", "information_true"},
             errors);
}

void RefuseFractionalTimes(const Object::Ptr& sent, std::vector<FieldError>& errors) {
  if (!sent || !sent->isObject("booking")) return;
  const auto booking = sent->getObject("booking");
  for (const char* key : {"start", "end"}) {
    const auto v = booking->get(key);
    if (!v.isString()) continue;
    const std::string text = v.convert<std::string>();
    if (domain::Instant::Parse(text) && domain::Instant::HasFraction(text))
      errors.push_back({std::string("booking.") + key,
                        "must be in whole seconds (times are kept to the second), got '" + text + "'"});
  }
}

domain::Application ParseApplication(const Object::Ptr& body, std::vector<FieldError>& errors) {
  JsonFields f(errors);
  domain::Application app;
  auto kind = EnumField<domain::ApplicationKind>(f, body, "", "kind", true, domain::kApplicationKinds,
                                                 domain::ParseApplicationKind);
  if (kind) app.kind = *kind;

  if (auto org = f.Object(body, "", "organisation", true)) ParseOrganisation(f, org, app.organisation);

  const bool is_grant = kind == domain::ApplicationKind::kGrant;
  const bool is_booking = kind == domain::ApplicationKind::kBooking;
  if (kind && is_grant && body->has("booking") && !body->isNull("booking"))
    f.Error("booking", "must be absent when kind is 'grant'");
  if (kind && is_booking && body->has("grant") && !body->isNull("grant"))
    f.Error("grant", "must be absent when kind is 'booking'");

  if (is_grant && body->isObject("organisation")) {
    // The eligibility rules (GE-4..GE-7) judge these numbers; a grant application without
    // them cannot be assessed, so intake asks for them rather than letting a rule pass.
    auto org = body->getObject("organisation");
    for (const char* key : {"board_size", "member_count", "members_resident"})
      if (!org->has(key) || org->isNull(key)) f.Error(std::string("organisation.") + key, "is required for a grant");
    if (body->isObject("grant") && body->getObject("grant")->has("type") &&
        body->getObject("grant")->get("type") == "activity" &&
        (!org->has("members_aged_7_25") || org->isNull("members_aged_7_25")))
      f.Error("organisation.members_aged_7_25", "is required for an activity grant");
  }
  if (is_grant) {
    if (auto g = f.Object(body, "", "grant", true)) {
      domain::GrantRequest grant;
      auto type = EnumField<domain::GrantType>(f, g, "grant", "type", true, domain::kGrantTypes,
                                               domain::ParseGrantType);
      if (type) grant.type = *type;
      auto amount = f.Int(g, "grant", "amount_sek", true);
      grant.amount_sek = amount.value_or(0);
      if (auto period = f.Object(g, "grant", "period", false)) {
        grant.period_from = f.Date(period, "grant.period", "from", true);
        grant.period_to = f.Date(period, "grant.period", "to", true);
      }
      grant.purpose = f.String(g, "grant", "purpose", false).value_or("");
      grant.expected_participants = Count(f, g, "grant", "expected_participants");
      app.grant = grant;
    }
  }
  if (is_booking) {
    if (auto b = f.Object(body, "", "booking", true)) {
      domain::BookingRequest booking;
      booking.premises_id = f.String(b, "booking", "premises_id", true, true).value_or("");
      auto start = f.Instant(b, "booking", "start", true);
      auto end = f.Instant(b, "booking", "end", true);
      booking.start = start;
      booking.end = end;
      booking.purpose = f.String(b, "booking", "purpose", false).value_or("");
      auto et = EnumField<domain::EventType>(f, b, "booking", "event_type", true, domain::kEventTypes,
                                             domain::ParseEventType);
      if (et) booking.event_type = *et;
      booking.is_public = f.Bool(b, "booking", "public", false).value_or(false);
      booking.expected_attendees = Count(f, b, "booking", "expected_attendees");
      // BK-2 (capacity) and BK-4 (a large public event) judge it; a booking without it cannot be
      // assessed, so intake asks for it rather than letting the rules pass (as for a grant's counts).
      if (!b->has("expected_attendees") || b->isNull("expected_attendees"))
        f.Error("booking.expected_attendees", "is required for a booking");
      booking.speakers = People(f, b, "booking", "speakers", false);
      app.booking = booking;
    }
  }
  if (auto arr = f.Array(body, "", "attachments", false)) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "attachments[" + std::to_string(i) + "]";
      if (!arr->isObject(i)) {
        f.Error(path, "must be an object with a kind");
        continue;
      }
      auto k = EnumField<domain::AttachmentKind>(f, arr->getObject(i), path, "kind", true, domain::kAttachmentKinds,
                                                 domain::ParseAttachmentKind);
      if (k) app.attachments.push_back(*k);
    }
  }
  if (auto reopens = f.Int(body, "", "reopens_case_id", false)) {
    if (*reopens <= 0)
      f.Error("reopens_case_id", "must be the id of an earlier case");
    else
      app.reopens_case_id = *reopens;
  }
  if (auto d = f.Object(body, "", "declarations", false)) {
    app.democracy_conditions_accepted = f.Bool(d, "declarations", "democracy_conditions_accepted", false);
    app.information_true = f.Bool(d, "declarations", "information_true", false);
  }
  return app;
}

domain::Incident ParseIncident(const Object::Ptr& body, std::vector<FieldError>& errors) {
  JsonFields f(errors);
  domain::Incident i;
  if (auto subject = f.Object(body, "", "subject", true)) {
    const bool has_org = subject->has("org_number") && !subject->isNull("org_number");
    const bool has_person = subject->has("person") && !subject->isNull("person");
    if (has_org && has_person)
      f.Error("subject", "must name either org_number or person, not both");
    else if (!has_org && !has_person)
      f.Error("subject", "must name org_number or person");
    else if (has_org)
      i.subject_org = OrgNumberField(f, subject, "subject", "org_number", true);
    else
      i.subject_person = f.String(subject, "subject", "person", true, true).value_or("");
  }
  if (auto k = EnumField<domain::IncidentKind>(f, body, "", "kind", true, domain::kIncidentKinds,
                                               domain::ParseIncidentKind))
    i.kind = *k;
  if (auto d = f.Date(body, "", "occurred_on", true)) i.occurred_on = *d;
  if (auto s = EnumField<domain::IncidentSource>(f, body, "", "source", true, domain::kIncidentSources,
                                                 domain::ParseIncidentSource))
    i.source = *s;
  i.verified = f.Bool(body, "", "verified", true).value_or(false);
  i.distanced = f.Bool(body, "", "distanced", false).value_or(false);
  i.reference = f.String(body, "", "reference", false).value_or("");
  i.summary = f.String(body, "", "summary", false).value_or("");
  if (i.verified && i.reference.empty())
    f.Error("reference", "is required for a verified incident (the judgment, report or decision it rests on)");
  return i;
}

domain::Premises ParsePremises(const Object::Ptr& body, std::vector<FieldError>& errors) {
  JsonFields f(errors);
  domain::Premises p;
  p.name = f.String(body, "", "name", true, true).value_or("");
  auto cap = f.Int(body, "", "capacity", true);
  // premises.capacity is a PostgreSQL integer: a larger number would fail in the database.
  constexpr std::int64_t kMaxCapacity = std::numeric_limits<std::int32_t>::max();
  if (cap && *cap <= 0) {
    f.Error("capacity", "must be a positive number of people");
    cap.reset();
  } else if (cap && *cap > kMaxCapacity) {
    f.Error("capacity", "must be at most " + std::to_string(kMaxCapacity));
    cap.reset();
  }
  p.capacity = cap.value_or(0);
  return p;
}

}  // namespace granska::http
