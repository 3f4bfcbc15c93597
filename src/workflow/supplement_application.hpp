#pragma once
// Use case: the applicant (through the e-service) or a case officer adds what a case
// lacked. The merged application is stored as a new revision, screened again against the
// active rule set, and the case is routed anew — in one transaction.
#include <string>
#include <vector>

#include "domain/application.hpp"
#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "workflow/ports.hpp"
#include "workflow/screener.hpp"

namespace granska::workflow {

class SupplementApplication {
 public:
  SupplementApplication(Database& db, const Clock& clock, const Screener* screener, int referral_deadline_days = 14)
      : db_(db), clock_(clock), screener_(screener), referral_deadline_days_(referral_deadline_days) {}

  // `expected_version` is the case version the merge was based on; a case changed since
  // then gets 409 so that no supplement silently overwrites another.
  domain::Result<domain::CaseSummary> Run(const domain::Actor& actor, std::int64_t case_id,
                                          std::int64_t expected_version, const domain::Application& merged,
                                          const std::string& merged_json, std::vector<domain::FieldError> errors);

 private:
  Database& db_;
  const Clock& clock_;
  const Screener* screener_;
  int referral_deadline_days_;
};

}  // namespace granska::workflow
