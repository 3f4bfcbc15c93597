#include "workflow/rule_screener.hpp"

#include <map>

#include "domain/json_text.hpp"
#include "domain/person_name.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

RuleScreener::RuleScreener(rules::RuleSet rule_set) : rule_set_(std::move(rule_set)) {
  for (const auto& r : rule_set_.Rules()) category_[r.id] = r.category;
}

rules::Facts RuleScreener::GatherFacts(UnitOfWork& uow, const domain::Application& app, domain::Date submitted_on,
                                       std::optional<std::int64_t> case_id) {
  rules::Facts f;
  f.kind = app.kind;
  f.submitted_on = submitted_on;
  const auto& o = app.organisation;
  f.organisation.registered_non_profit = o.registered_non_profit;
  f.organisation.statutes_adopted = o.statutes_adopted;
  f.organisation.last_annual_meeting = o.last_annual_meeting;
  f.organisation.board_size = o.board_size;
  f.organisation.member_count = o.member_count;
  f.organisation.members_resident = o.members_resident;
  f.organisation.members_aged_7_25 = o.members_aged_7_25;
  f.organisation.has_bankgiro = o.bankgiro.has_value() && !o.bankgiro->empty();
  f.organisation.has_plusgiro = o.plusgiro.has_value() && !o.plusgiro->empty();
  f.text.organisation_name = o.name;
  f.text.organisation_description = o.description;
  if (o.contact) f.text.contact_name = o.contact->name;
  for (const auto& p : o.board) f.text.board_names.push_back(p.name);
  if (app.grant) {
    const auto& g = *app.grant;
    f.grant.type = g.type;
    f.grant.amount_sek = g.amount_sek;
    f.grant.period_from = g.period_from;
    f.grant.period_to = g.period_to;
    f.grant.expected_participants = g.expected_participants;
    f.text.purpose = g.purpose;
  }
  if (app.booking) {
    const auto& b = *app.booking;
    f.booking.premises_id = b.premises_id;
    if (b.start) f.booking.start = *b.start;
    if (b.end) f.booking.end = *b.end;
    f.booking.event_type = b.event_type;
    f.booking.is_public = b.is_public;
    f.booking.expected_attendees = b.expected_attendees;
    f.booking.speaker_count = static_cast<std::int64_t>(b.speakers.size());
    for (const auto& p : b.speakers) f.text.speaker_names.push_back(p.name);
    f.text.purpose = b.purpose;
    if (b.start && b.end)
      f.booking.overlapping_bookings = uow.Cases().CountOverlappingBookings(b.premises_id, *b.start, *b.end, case_id);
    if (auto p = uow.Premises().Find(b.premises_id)) f.booking.premises_capacity = p->capacity;
  }
  for (auto k : app.attachments) f.attachments.Add(k);
  f.declarations.democracy_conditions_accepted = app.democracy_conditions_accepted;
  f.declarations.information_true = app.information_true;

  // Incidents attributable to the applicant: its own number, a named cooperation
  // organisation, or a representative matched on the normalised name.
  std::map<std::string, rules::Attribution> orgs;
  if (o.org_number) orgs[o.org_number->Text()] = rules::Attribution::kOrganisation;
  for (const auto& c : o.cooperation_organisations)
    orgs.emplace(c.Text(), rules::Attribution::kCooperationOrganisation);
  std::map<std::string, rules::Attribution> people;
  if (o.contact) people[domain::NormalisePersonName(o.contact->name)] = rules::Attribution::kRepresentative;
  for (const auto& p : o.board) people[domain::NormalisePersonName(p.name)] = rules::Attribution::kRepresentative;
  // A speaker who is also contact or board member stays a representative: every rule that
  // counts speakers also counts representatives, but not the other way round (BK-3).
  if (app.booking)
    for (const auto& p : app.booking->speakers) people.emplace(domain::NormalisePersonName(p.name), rules::Attribution::kSpeaker);
  people.erase("");
  std::vector<std::string> org_list, person_list;
  for (const auto& [k, v] : orgs) org_list.push_back(k);
  for (const auto& [k, v] : people) person_list.push_back(k);
  for (const auto& i : uow.Incidents().FindBySubjects(org_list, person_list)) {
    rules::IncidentFact fact;
    fact.kind = i.kind;
    fact.occurred_on = i.occurred_on;
    fact.verified = i.verified;
    fact.source = i.source;
    fact.reference = i.reference;
    fact.distanced = i.distanced;
    if (i.subject_org) {
      fact.attribution = orgs.at(i.subject_org->Text());
      fact.subject_label = i.subject_org->Text();
    } else {
      auto it = people.find(domain::NormalisePersonName(i.subject_person));
      if (it == people.end()) continue;
      fact.attribution = it->second;
      fact.subject_label = i.subject_person;
    }
    f.incidents.push_back(std::move(fact));
  }
  // The organisation's follow-up conditions on its other cases (GE-11).
  if (o.org_number) {
    for (const auto& [case_number, c] : uow.FollowUp().OrganisationConditions(o.org_number->Text())) {
      if (case_id && c.case_id == *case_id) continue;
      auto status = rules::ParseConditionStatus(c.status);
      if (!status) continue;
      f.conditions.push_back(rules::ConditionFact{*status, c.due, case_number});
    }
  }
  // Earlier revocations of the organisation's support (DV-5).
  if (o.org_number)
    for (const auto& [on, democracy, number] : uow.Reviews().OrganisationRevocations(o.org_number->Text()))
      f.revocations.push_back(rules::RevocationFact{on, democracy, number});
  return f;
}

std::string RuleScreener::ToJson(const domain::Screening& s) const {
  domain::JsonWriter w;
  w.BeginObject()
      .Field("rule_set", s.rule_set_version)
      .Field("recommendation", domain::ToString(s.recommendation))
      .Key("results")
      .BeginArray();
  for (const auto& r : s.results) {
    w.BeginObject()
        .Field("rule", r.rule_id)
        .Field("outcome", domain::ToString(r.outcome))
        .Field("title", r.title.sv)
        .Field("explanation", r.explanation.sv)
        .Field("basis", r.basis);
    w.Key("en").BeginObject().Field("title", r.title.en).Field("explanation", r.explanation.en).EndObject();
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

ScreeningOutcome RuleScreener::Screen(UnitOfWork& uow, const domain::Application& app, domain::Date submitted_on,
                                      std::optional<std::int64_t> case_id) const {
  return ScreenFacts(GatherFacts(uow, app, submitted_on, case_id));
}

ScreeningOutcome RuleScreener::ScreenFacts(const rules::Facts& facts) const {
  const domain::Screening s = rule_set_.Evaluate(facts);
  ScreeningOutcome out;
  out.rule_set_version = s.rule_set_version;
  out.recommendation = std::string(domain::ToString(s.recommendation));
  out.json = ToJson(s);
  out.outcomes = domain::OutcomeSignature(s);
  for (const auto& r : s.results) {
    auto it = category_.find(r.rule_id);
    if (r.outcome == domain::Outcome::kFlag && it != category_.end() && it->second == "democracy")
      out.democracy_flag = true;
  }
  return out;
}

std::string RuleScreener::RulesJson() const {
  domain::JsonWriter w;
  w.BeginObject()
      .Field("version", rule_set_.Version())
      .Field("rule_count", static_cast<std::int64_t>(rule_set_.RuleCount()))
      .Key("rules")
      .BeginArray();
  for (const auto& r : rule_set_.Rules()) {
    w.BeginObject().Field("id", r.id);
    w.Key("title").BeginObject().Field("sv", r.title.sv).Field("en", r.title.en).EndObject();
    w.Field("category", r.category);
    w.Key("applies_to").BeginArray();
    for (const auto& a : r.applies_to) w.String(a);
    w.EndArray();
    w.Key("grant_types").BeginArray();
    for (const auto& a : r.grant_types) w.String(a);
    w.EndArray();
    w.Field("outcome", domain::ToString(r.outcome))
        .Field("basis", r.basis)
        .Field("condition", r.condition)
        .Field("file", r.file)
        .Field("line", r.line)
        .EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

std::string RuleScreener::SourcesJson() const {
  domain::JsonWriter w;
  w.BeginObject();
  for (const auto& [name, text] : rule_set_.Sources()) w.Field(name, text);
  w.EndObject();
  return w.Take();
}

}  // namespace granska::workflow
