#include "workflow/recorded_reads.hpp"

#include "domain/json_text.hpp"
#include "workflow/authorization.hpp"
#include "workflow/case_queries.hpp"

namespace granska::workflow {

using domain::Error;
using domain::Role;

domain::Result<CaseFile> RecordedReads::OpenCase(const domain::Actor& actor, std::int64_t case_id,
                                                 const ParseApplication& parse) {
  Error denied;
  if (!Authorize(actor.role, Action::kOpenCaseFile, denied)) return denied;
  auto uow = db_.Begin();
  auto detail = LoadCaseDetail(*uow, case_id);
  if (!detail) return Error::NotFound("There is no case " + std::to_string(case_id) + ".");
  CaseFile file;
  if (detail->assigned_to) file.assignee = uow->Users().Find(*detail->assigned_to);
  file.evidence = advisory_.Evidence(*uow, parse(detail->application_json));
  file.inspections = uow->FollowUp().InspectionsFor(case_id);
  if (!detail->revocations.empty()) file.revocation = detail->revocations.back();
  file.detail = std::move(*detail);
  domain::JsonWriter d;
  d.BeginObject()
      .Field("names_shown", true)
      .Field("evidence_items", static_cast<std::int64_t>(file.evidence.size()))
      .EndObject();
  uow->Events().Append(case_id, actor, "case_file_viewed", d.Text());
  uow->Commit();
  return file;
}

domain::Result<Page<domain::Incident>> RecordedReads::Incidents(const domain::Actor& actor,
                                                                const IncidentFilter& filter) {
  Error denied;
  if (!Authorize(actor.role, Action::kReadIncidents, denied)) return denied;
  auto uow = db_.Begin();
  auto page = uow->Incidents().List(filter);
  domain::JsonWriter d;
  d.BeginObject().Field("items", static_cast<std::int64_t>(page.items.size()));
  if (filter.org_number) d.Field("org_number", *filter.org_number);
  if (filter.kind) d.Field("kind", domain::ToString(*filter.kind));
  d.Key("incident_ids").BeginArray();  // which incidents were shown
  for (const auto& i : page.items) d.Int(i.id);
  d.EndArray().EndObject();
  uow->Events().Append(std::nullopt, actor, "incident_register_viewed", d.Text());
  uow->Commit();
  return page;
}

domain::Result<domain::Incident> RecordedReads::Incident(const domain::Actor& actor, std::int64_t incident_id) {
  const std::string missing = "There is no incident " + std::to_string(incident_id) + ".";
  if (auto e = AuthorizeSecret(actor.role, Action::kReadIncidents, missing)) return *e;
  auto uow = db_.Begin();
  auto incident = uow->Incidents().Find(incident_id);
  if (!incident) return Error::NotFound(missing);
  domain::JsonWriter d;
  d.BeginObject().Field("incident_id", incident_id);
  if (incident->subject_org) d.Field("org_number", incident->subject_org->Text());
  d.EndObject();
  uow->Events().Append(std::nullopt, actor, "incident_viewed", d.Text());
  uow->Commit();
  return *incident;
}

}  // namespace granska::workflow
