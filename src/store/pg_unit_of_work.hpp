#pragma once
#include <memory>
#include <optional>

#include <soci/soci.h>

#include "store/pg_audit_repository.hpp"
#include "store/pg_case_repository.hpp"
#include "store/pg_event_log.hpp"
#include "store/pg_follow_up_repository.hpp"
#include "store/pg_letter_repository.hpp"
#include "store/pg_incident_repository.hpp"
#include "store/pg_premises_repository.hpp"
#include "store/pg_records_repository.hpp"
#include "store/pg_review_repository.hpp"
#include "store/pg_rule_set_repository.hpp"
#include "store/pg_session_repository.hpp"
#include "store/pg_user_repository.hpp"
#include "workflow/ports.hpp"

namespace granska::store {

class PgUnitOfWork final : public workflow::UnitOfWork {
 public:
  // `transactional` false: autocommit, for a single read (Database::Read).
  explicit PgUnitOfWork(soci::connection_pool& pool, bool transactional = true);
  ~PgUnitOfWork() override;

  workflow::CaseRepository& Cases() override { return cases_; }
  workflow::EventLog& Events() override { return events_; }
  workflow::IncidentRepository& Incidents() override { return incidents_; }
  workflow::PremisesRepository& Premises() override { return premises_; }
  workflow::UserRepository& Users() override { return users_; }
  workflow::RuleSetRepository& RuleSets() override { return rule_sets_; }
  workflow::ReviewRepository& Reviews() override { return reviews_; }
  workflow::FollowUpRepository& FollowUp() override { return follow_up_; }
  workflow::SessionRepository& Sessions() override { return sessions_; }
  workflow::AuditRepository& Audits() override { return audits_; }
  workflow::LetterRepository& Letters() override { return letters_; }
  workflow::RecordsRepository& Records() override { return records_; }
  void Commit() override;

 private:
  soci::session sql_;
  std::optional<soci::transaction> tr_;
  PgCaseRepository cases_;
  PgEventLog events_;
  PgIncidentRepository incidents_;
  PgPremisesRepository premises_;
  PgUserRepository users_;
  PgRuleSetRepository rule_sets_;
  PgReviewRepository reviews_;
  PgFollowUpRepository follow_up_;
  PgSessionRepository sessions_{sql_};
  PgAuditRepository audits_;
  PgLetterRepository letters_;
  PgRecordsRepository records_{sql_};
};

}  // namespace granska::store
