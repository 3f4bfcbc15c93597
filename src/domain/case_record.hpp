#pragma once
// What a case looks like to the workflow and to readers. Serialised JSON that the
// domain does not interpret (the applicant's application, a stored screening) travels
// as text and is embedded by the HTTP layer.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/records.hpp"
#include "domain/review.hpp"
#include "domain/vocabulary.hpp"

namespace granska::domain {

struct CaseSummary {
  std::int64_t case_id = 0;
  std::string case_number;  // diarienummer YYYY-NNNNN
  ApplicationKind kind = ApplicationKind::kGrant;
  CaseStatus status = CaseStatus::kInReview;
  std::int64_t version = 1;
  std::string org_number;
  std::string organisation_name;
  std::string submitted_on;  // the submission day in the municipality's zone, YYYY-MM-DD
  std::string submitted_at;  // ISO 8601
  std::string updated_at;
  std::optional<std::string> recommendation;  // nullopt while unscreened
  std::optional<std::string> screening_json;  // {"rule_set":…,"recommendation":…,"results":[…]}
};

struct CaseEvent {
  std::int64_t id = 0;
  std::string at;
  std::string event;  // "submitted", "screened", "referred", …
  std::optional<std::int64_t> actor_id;
  std::string actor_name;
  std::string actor_role;
  std::string detail_json;  // "{}" when nothing more
};

struct CaseDetail {
  CaseSummary summary;
  std::string application_json;  // the submitted JSON, verbatim (latest revision)
  std::int64_t application_revision = 1;
  std::vector<CaseEvent> timeline;
  std::optional<std::int64_t> assigned_to;
  std::optional<std::int64_t> linked_case_id;  // the earlier case this one reopens
  std::vector<Referral> referrals;
  std::vector<Advice> advice;
  std::optional<InformationRequest> information_request;  // the latest
  std::optional<Communication> communication;
  std::optional<Decision> decision;
  std::vector<Condition> conditions;
  // The appealable decision and, once recorded, the posting of the minutes (id != 0) with
  // the last day to appeal; nullopt while undecided.
  std::optional<MinutesPosting> appeal;
  std::vector<AppealRecord> appeals;      // appeals lodged against the case's decisions, oldest first
  std::vector<Revocation> revocations;    // revocation processes of the case's decisions, oldest first
  std::optional<LegalHold> legal_hold;    // the active hold, if any (records, issue 9)
  std::vector<SecrecyMark> secrecy_marks;  // active secrecy marks on the case's documents
};

}  // namespace granska::domain
