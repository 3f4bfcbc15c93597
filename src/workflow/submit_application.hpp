#pragma once
// Use case: an application arrives from the e-service (or a case officer) and becomes a
// case with its verbatim JSON, its screening, a booking hold when it is a booking, and
// "submitted" and "screened" events — all in one transaction, or nothing at all. The
// diarienummer follows in a numbering transaction of its own (workflow/case_numbering.hpp)
// before Run returns, so the answer always carries it.
#include <string>
#include <vector>

#include "domain/application.hpp"
#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "domain/user.hpp"
#include "workflow/case_numbering.hpp"
#include "workflow/ports.hpp"
#include "workflow/screener.hpp"

namespace granska::workflow {

class SubmitApplication {
 public:
  SubmitApplication(Database& db, const Clock& clock, const Screener* screener, int referral_deadline_days = 14)
      : db_(db), clock_(clock), screener_(screener), referral_deadline_days_(referral_deadline_days), numbering_(db) {}

  // `parse_errors` are the field errors the HTTP parser already found; they are reported
  // together with the ones found here so that the applicant sees every bad field at once.
  domain::Result<domain::CaseSummary> Run(const domain::Actor& actor, const domain::Application& app,
                                          const std::string& raw_json, std::vector<domain::FieldError> parse_errors);

 private:
  Database& db_;
  const Clock& clock_;
  const Screener* screener_;
  int referral_deadline_days_;
  CaseNumbering numbering_;
};

}  // namespace granska::workflow
