#pragma once
// Appeals to the administrative court (shared/domain.md, "The flow" 6–8; docs/architecture.md,
// "Appeals"). A decision, or a completed revocation, can be appealed by the applicant or by a
// member of the municipality (kommunmedlem), for municipal grants usually by laglighetsprövning
// under kommunallagen 13 kap. The municipality does not decide the appeal: the case officer
// records that one was lodged and, later, the court's outcome, which takes effect in the case:
//  - rejected (avslag), dismissed (avvisning), withdrawn (återkallat): the decision stands;
//  - annulled (upphävt) decision: it no longer stands (`annulled_by_appeal`), the case is
//    `in_review` again and must be decided anew; its open conditions are waived with the appeal
//    as the reason, a booking is pending again, and a revocation of it falls with it;
//  - annulled revocation: it no longer stands (status `annulled`, which DV-5 does not count)
//    and the revoked case is `decided` again (an approved booking's time is taken again unless
//    another booking was approved for it meanwhile); the conditions the revocation waived are
//    followed up again (`condition_reinstated`).
// The organisation is told of an annulment by a besked issued in the same transaction:
// decision_annulled or revocation_annulled. Each command locks the case row, checks the
// transition table and records its change and its events in one transaction. The case is not
// closed, nor culled, while an appeal is pending.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/review.hpp"
#include "domain/user.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

struct AppealInput {
  std::optional<domain::Date> lodged_on;
  std::optional<domain::AppellantKind> appellant_kind;
  std::string appellant_name;     // required for a municipal member or another appellant
  std::string court;              // "Förvaltningsrätten i Göteborg"
  std::string court_case_number;  // målnummer, optional
};

struct AppealOutcomeInput {
  std::optional<domain::AppealOutcome> outcome;
  std::optional<domain::Date> outcome_on;  // the day of the court's decision (or of the withdrawal)
  std::string outcome_note;                // optional
  std::string court_case_number;           // optional; fills in a målnummer not known at lodging
};

// An appeal as one reader may see it. The appellant may be a private person, and the note may
// quote the court: both are shown to the roles that open the whole case file (officer, auditor)
// and withheld (empty, `details_shown` false) from the others.
struct AppealView {
  domain::AppealRecord appeal;
  std::string case_number;
  bool details_shown = true;
};

class AppealService {
 public:
  // `letters`: issues the decision_annulled or revocation_annulled besked when the court annuls a
  // decision or a revocation; null in tests without letters.
  AppealService(Database& db, const Clock& clock, const class LetterService* letters = nullptr)
      : db_(db), clock_(clock), letters_(letters) {}

  // Records an appeal of the case's appealable decision. `expected_version`: the case version
  // the caller read (If-Match, the case page's form); a case changed since gets 409.
  domain::Result<domain::AppealRecord> Record(const domain::Actor& actor, std::int64_t case_id,
                                              std::optional<std::int64_t> expected_version, const AppealInput& input,
                                              std::vector<domain::FieldError> errors);
  // Records the court's outcome, once, and lets an annulment take effect in the case.
  domain::Result<domain::AppealRecord> RecordOutcome(const domain::Actor& actor, std::int64_t appeal_id,
                                                     std::optional<std::int64_t> expected_version,
                                                     const AppealOutcomeInput& input,
                                                     std::vector<domain::FieldError> errors);
  // One appeal for whoever may read its case (kReadCases and the case relation: jäv, referred);
  // recorded as `appeal_viewed` on the case.
  domain::Result<AppealView> Get(const domain::Actor& actor, std::int64_t appeal_id);
  // The case an appeal belongs to (unrecorded: an id only, for a form that must match its case).
  std::optional<std::int64_t> CaseOf(std::int64_t appeal_id);

 private:
  Database& db_;
  const Clock& clock_;
  const LetterService* letters_;
};

// Whether `role` sees an appeal's appellant and note (the roles that open the case file).
bool ShowsAppealDetails(domain::Role role);

}  // namespace granska::workflow
