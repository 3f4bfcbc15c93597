#include "workflow/advisory_queries.hpp"

#include <map>

#include "domain/json_text.hpp"
#include "domain/person_name.hpp"
#include "domain/text.hpp"
#include "workflow/authorization.hpp"

namespace granska::workflow {

using domain::Error;
using domain::Role;

CaseRelation Relation(UnitOfWork& uow, const domain::Actor& actor, std::int64_t case_id) {
  CaseRelation r;
  if (!InAdvisoryGroup(actor.role)) return r;
  r.recused = uow.Reviews().HasRecused(case_id, actor.user_id);
  r.referred = !uow.Reviews().Referrals(case_id).empty();
  return r;
}

domain::Result<std::vector<AgendaEntry>> AdvisoryQueries::Agenda(const domain::Actor& actor) {
  Error denied;
  if (!Authorize(actor.role, Action::kReadAgenda, denied)) return denied;
  auto uow = db_.Begin();
  std::vector<AgendaEntry> out;
  const domain::Date today = clock_.Today();
  const bool names_pseudonymised = !Allowed(actor.role, Action::kOpenCaseFile);
  for (auto& item : uow->Reviews().Agenda()) {
    // A member who declared jäv never reads the case (AuthorizeOnCase): not its organisation
    // and question on the agenda either. The others see the recusal in recusal_count.
    if (InAdvisoryGroup(actor.role) && uow->Reviews().HasRecused(item.referral.case_id, actor.user_id)) continue;
    AgendaEntry e;
    auto s = uow->Cases().FindSummary(item.referral.case_id);
    if (!s) continue;
    e.summary = std::move(*s);
    e.summary.screening_json.reset();  // the agenda lists cases; the packet shows the evidence
    e.referral = item.referral;
    e.advice_count = item.advice_count;
    e.recusal_count = item.recusal_count;
    e.overdue = item.referral.deadline < today;
    e.names_pseudonymised = names_pseudonymised;
    e.application_json = std::move(item.application_json);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<EvidenceItem> AdvisoryQueries::Evidence(UnitOfWork& uow, const domain::Application& app) {
  std::map<std::string, std::string> orgs, people;
  if (app.organisation.org_number) orgs[app.organisation.org_number->Text()] = "organisation";
  for (const auto& c : app.organisation.cooperation_organisations) orgs.emplace(c.Text(), "cooperation_organisation");
  if (app.organisation.contact) people[domain::NormalisePersonName(app.organisation.contact->name)] = "representative";
  for (const auto& p : app.organisation.board) people[domain::NormalisePersonName(p.name)] = "representative";
  if (app.booking)
    for (const auto& p : app.booking->speakers) people[domain::NormalisePersonName(p.name)] = "speaker";
  std::vector<std::string> o, p;
  for (const auto& [k, v] : orgs) o.push_back(k);
  for (const auto& [k, v] : people) p.push_back(k);
  std::vector<EvidenceItem> out;
  for (auto& i : uow.Incidents().FindBySubjects(o, p)) {
    std::string attribution = i.subject_org ? orgs[i.subject_org->Text()]
                                            : people[domain::NormalisePersonName(i.subject_person)];
    out.push_back({std::move(i), attribution});
  }
  return out;
}

domain::Result<ReferralPacket> AdvisoryQueries::Packet(const domain::Actor& actor, std::int64_t case_id,
                                                       const domain::Application& app) {
  Error denied;
  if (!Authorize(actor.role, Action::kReadReferralPacket, denied)) return denied;
  auto uow = db_.Begin();
  auto detail = uow->Cases().FindDetail(case_id);
  if (!detail) return Error::NotFound("There is no case " + std::to_string(case_id) + ".");
  auto& reviews = uow->Reviews();
  if (auto e = AuthorizeOnCase(actor.role, Action::kReadReferralPacket, Relation(*uow, actor, case_id),
                               detail->summary.case_number))
    return *e;
  ReferralPacket packet;
  packet.referral = reviews.CurrentReferral(case_id);
  if (!packet.referral) return Error::NotFound("Case " + detail->summary.case_number + " has not been referred.");
  packet.evidence = Evidence(*uow, app);
  for (const auto& [number, d] : reviews.EarlierDecisions(detail->summary.org_number, case_id))
    packet.earlier_decisions.push_back({number, d.outcome, d.decided_on});
  packet.quorum = quorum_;
  for (const auto& e : detail->timeline)
    if (e.event == "names_requested" && e.actor_id && *e.actor_id == actor.user_id) packet.names_revealed = true;
  // Case officers work with the names anyway; the pseudonyms protect the group's reading.
  if (actor.role == Role::kCaseOfficer) packet.names_revealed = true;
  detail->advice = reviews.AllAdvice(case_id);
  detail->referrals = reviews.Referrals(case_id);
  packet.detail = std::move(*detail);
  domain::JsonWriter d;
  d.BeginObject()
      .Field("referral_id", packet.referral->id)
      .Field("evidence_items", static_cast<std::int64_t>(packet.evidence.size()))
      .Field("names_revealed", packet.names_revealed)
      .EndObject();
  uow->Events().Append(case_id, actor, "packet_viewed", d.Text());
  uow->Commit();
  return packet;
}

domain::Result<std::string> AdvisoryQueries::RequestNames(const domain::Actor& actor, std::int64_t case_id,
                                                   const std::string& reason) {
  Error denied;
  if (!Authorize(actor.role, Action::kRequestNames, denied)) return denied;
  if (domain::IsBlank(reason))
    return Error::Validation({{"reason", "is required: why does the advice need the names?"}});
  auto uow = db_.Begin();
  auto c = uow->Cases().FindDetail(case_id);
  if (!c) return Error::NotFound("There is no case " + std::to_string(case_id) + ".");
  if (auto e = AuthorizeOnCase(actor.role, Action::kRequestNames, Relation(*uow, actor, case_id),
                               c->summary.case_number))
    return *e;
  if (!uow->Reviews().CurrentReferral(case_id)) return Error::Conflict("Case " + c->summary.case_number + " has not been referred.");
  domain::JsonWriter d;
  d.BeginObject().Field("reason", reason).EndObject();
  uow->Events().Append(case_id, actor, "names_requested", d.Text());
  uow->Commit();
  return std::move(c->application_json);
}

domain::Result<ReferralPacket> AdvisoryQueries::CveExport(const domain::Actor& actor, std::int64_t case_id,
                                                          const domain::Application& app) {
  Error denied;
  if (!Authorize(actor.role, Action::kExportForCve, denied)) return denied;
  auto uow = db_.Begin();
  auto detail = uow->Cases().FindDetail(case_id);
  if (!detail) return Error::NotFound("There is no case " + std::to_string(case_id) + ".");
  if (auto e = AuthorizeOnCase(actor.role, Action::kExportForCve, Relation(*uow, actor, case_id),
                               detail->summary.case_number))
    return *e;
  ReferralPacket packet;
  packet.referral = uow->Reviews().CurrentReferral(case_id);
  packet.evidence = Evidence(*uow, app);
  packet.detail = std::move(*detail);
  domain::JsonWriter d;
  d.BeginObject()
      .Field("evidence_items", static_cast<std::int64_t>(packet.evidence.size()))
      .Field("recipient", "Center mot våldsbejakande extremism (CVE)")
      .EndObject();
  uow->Events().Append(case_id, actor, "cve_export", d.Text());
  uow->Commit();
  return packet;
}

}  // namespace granska::workflow
