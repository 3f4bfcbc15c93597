#pragma once
// Revocation of granted support (shared/domain.md, "The flow" 8): relies on the revocation
// clause (återkallelseförbehåll) of the original decision; kommunicering first, then a
// reasoned decision to revoke with a repayment claim (återkrav) for money already paid.
// The organisation's other open cases get a note, and DV-5 sees the revocation.
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/user.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

class LetterService;

struct RevocationNotice {
  std::string breach;
  bool democracy_reason = false;
  std::int64_t repayment_sek = 0;
  std::optional<domain::Date> reply_by;
};

struct RevocationDecision {
  std::string reasons;
  std::int64_t repayment_sek = 0;
  std::optional<domain::Date> repayment_due;
};

class RevocationService {
 public:
  // `delegation_ref`: the point of the delegation rules a revocation is decided under
  // (Policy::RevocationDelegation), recorded with it; empty records none.
  RevocationService(Database& db, const Clock& clock, const LetterService* letters, std::string delegation_ref = {})
      : db_(db), clock_(clock), letters_(letters), delegation_ref_(std::move(delegation_ref)) {}
  // `expected_version`: the case version the caller read (the case page's form); a case changed
  // since gets 409 (CheckVersion). The API passes none.
  domain::Result<domain::Revocation> Communicate(const domain::Actor& actor, std::int64_t case_id,
                                                 std::optional<std::int64_t> expected_version,
                                                 const RevocationNotice& notice,
                                                 std::vector<domain::FieldError> errors);
  domain::Result<domain::Revocation> Reply(const domain::Actor& actor, std::int64_t case_id,
                                           std::optional<std::int64_t> expected_version, const std::string& text);
  domain::Result<domain::Revocation> Revoke(const domain::Actor& actor, std::int64_t case_id,
                                            std::optional<std::int64_t> expected_version,
                                            const RevocationDecision& decision, std::vector<domain::FieldError> errors);
  // The intended revocation is not pursued (after the organisation's reply, or when the officer
  // finds the breach does not warrant it): `reasons` say why. Any time while it is communicated,
  // before the reply deadline too: dropping is in the organisation's favour. The decision
  // stands and the case stays decided; the revocation_dropped letter is issued.
  domain::Result<domain::Revocation> Drop(const domain::Actor& actor, std::int64_t case_id,
                                          std::optional<std::int64_t> expected_version, const std::string& reasons);

 private:
  Database& db_;
  const Clock& clock_;
  const LetterService* letters_;
  std::string delegation_ref_;
};

}  // namespace granska::workflow
