#pragma once
// Use case: an application arrives from the e-service (or a case officer) and becomes a
// case with its verbatim JSON, its screening, a booking hold when it is a booking, and
// "submitted" and "screened" events — all in one transaction, or nothing at all. The
// diarienummer follows in a numbering transaction of its own (workflow/case_numbering.hpp)
// before Run returns; should that fail, the case is stored all the same and the answer
// says its number is still to come (the background job numbers it).
//
// Idempotency-Key (draft-ietf-httpapi-idempotency-key-header, migration 0016): a request
// with a key is answered, while the key is kept (idempotency.keep_days), with the case
// that the user's first request with that key opened, as stored now, and never opens a
// second one. The key's row is written by the statement that writes the case. A retry
// that arrives while the first is still in its transaction waits for it on the key's
// primary key and then becomes a replay (or, if the first rolled back, goes ahead itself).
// The same key with another body is refused (422). A replay is recorded as a
// `submission_replayed` event on the case: it shows the screening as stored now, which
// cites incidents, and the recorded reads record every such showing.
#include <optional>
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

// The checks that need the database or today, beside domain::CheckApplication's: the
// organisation's last annual meeting and the adoption of its statutes are not after today (a
// mistyped year would satisfy GE-2 and GE-3 with a meeting that has not been held); a booking's
// premises exist, and it does not start before today (an application for a time already past,
// which would still hold the room and be counted against other bookings). Submission and
// supplement both run them.
void CheckApplicationNow(UnitOfWork& uow, const domain::Application& app, domain::Date today,
                         std::vector<domain::FieldError>& errors);

// What a submission answers.
struct Submission {
  domain::CaseSummary summary;  // case_number is empty when !numbered
  // An earlier request with the same Idempotency-Key opened the case; the summary is the
  // case as stored now.
  bool replayed = false;
  // false: the case is stored (committed) but its number could not be given now; the
  // background job, the next submission of its year or a replay numbers it.
  bool numbered = true;
  std::string numbering_error;  // why, when !numbered: for the log, never for the client
};

class SubmitApplication {
 public:
  static constexpr int kDefaultKeyKeepDays = 7;

  SubmitApplication(Database& db, const Clock& clock, const Screener* screener, int referral_deadline_days = 14,
                    int key_keep_days = kDefaultKeyKeepDays)
      : db_(db),
        clock_(clock),
        screener_(screener),
        referral_deadline_days_(referral_deadline_days),
        key_keep_days_(key_keep_days),
        numbering_(db) {}

  // `parse_errors` are the field errors the HTTP parser already found; they are reported
  // together with the ones found here so that the applicant sees every bad field at once.
  // `idempotency_key`, when given, must pass domain::IdempotencyKeyFault (400 otherwise);
  // `raw_json` is then the request body's bytes exactly as received, whose SHA-256 the key
  // remembers.
  domain::Result<Submission> Run(const domain::Actor& actor, const domain::Application& app,
                                 const std::string& raw_json, std::vector<domain::FieldError> parse_errors,
                                 const std::optional<std::string>& idempotency_key = std::nullopt);

  // The background job's part: deletes the keys older than the keep period; returns how many.
  std::int64_t ExpireIdempotencyKeys();
  int KeyKeepDays() const { return key_keep_days_; }

 private:
  // The answer to a request whose key is already stored: the earlier case, or 422 when the
  // key came with another body. Records the replay and commits `uow`.
  domain::Result<Submission> Replay(std::unique_ptr<UnitOfWork> uow, KeyedSubmission earlier,
                                    const IdempotencyKey& key, const domain::Actor& actor);

  Database& db_;
  const Clock& clock_;
  const Screener* screener_;
  int referral_deadline_days_;
  int key_keep_days_;
  CaseNumbering numbering_;
};

}  // namespace granska::workflow
