#include "workflow/revocation_service.hpp"

#include "domain/json_text.hpp"
#include "domain/text.hpp"
#include "workflow/follow_up.hpp"
#include "workflow/letter_service.hpp"
#include "workflow/transitions.hpp"

namespace granska::workflow {

using domain::Error;

namespace {

// A repayment claim (återkrav) concerns money granted: a booking has nothing to repay.
void CheckRepaymentKind(domain::ApplicationKind kind, std::int64_t repayment_sek,
                        std::vector<domain::FieldError>& errors) {
  if (kind == domain::ApplicationKind::kBooking && repayment_sek > 0)
    errors.push_back({"repayment_sek", "a booking has nothing to repay: leave repayment_sek out or 0"});
}

}  // namespace

domain::Result<domain::Revocation> RevocationService::Communicate(const domain::Actor& actor, std::int64_t case_id,
                                                                  std::optional<std::int64_t> expected_version,
                                                                  const RevocationNotice& n,
                                                                  std::vector<domain::FieldError> errors) {
  const domain::Date today = clock_.Today();
  if (domain::IsBlank(n.breach)) errors.push_back({"breach", "is required: what the organisation did or failed to do"});
  if (!n.reply_by)
    errors.push_back({"reply_by", "is required"});
  else if (!(today < *n.reply_by))
    errors.push_back({"reply_by", "must be after today: the organisation needs time to reply"});
  if (n.repayment_sek < 0) errors.push_back({"repayment_sek", "must not be negative"});
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kCommunicateRevocation, actor, case_id, expected_version);
  if (!c) return c.Err();
  auto d = uow->Reviews().FindDecision(case_id);
  if (!d || d->outcome == domain::DecisionOutcome::kRejected)
    return Error::Conflict("Case " + c->case_number + " granted nothing; there is nothing to revoke.");
  if (d->revocation_clause.empty())
    return Error::Conflict("The decision in case " + c->case_number +
                           " carries no revocation clause (återkallelseförbehåll); a favourable decision without one "
                           "can hardly be revoked. Consult the legal department.");
  if (auto open = uow->Reviews().LatestRevocation(case_id); open && open->status == "communicated")
    return Error::Conflict("A revocation is already communicated in case " + c->case_number + ".");
  CheckRepaymentKind(c->kind, n.repayment_sek, errors);
  if (d->amount_sek && n.repayment_sek > *d->amount_sek)
    errors.push_back({"repayment_sek", "must not exceed the amount granted (" + std::to_string(*d->amount_sek) + ")"});
  if (!errors.empty()) return Error::Validation(std::move(errors));
  domain::Revocation r;
  r.case_id = case_id;
  r.decision_id = d->id;
  r.breach = n.breach;
  r.democracy_reason = n.democracy_reason;
  r.repayment_sek = n.repayment_sek;
  r.reply_by = *n.reply_by;
  const auto id = uow->Reviews().InsertRevocation(r, actor.user_id);
  // A breach found after the follow-up ended: the closed case is decided again while the
  // revocation runs (the job does not close a case with a revocation communicated).
  const bool reopens = c->status == domain::CaseStatus::kClosed;
  if (!uow->Cases().UpdateStatus(case_id, c->version, *TransitionFor(Command::kCommunicateRevocation).to, std::nullopt))
    throw std::logic_error("case row changed under its lock");
  domain::JsonWriter e;
  e.BeginObject()
      .Field("revocation_id", id)
      .Field("reply_by", n.reply_by->ToString())
      .Field("democracy_reason", n.democracy_reason)
      .Field("repayment_sek", n.repayment_sek);
  if (reopens) e.Field("reopened", true);
  e.EndObject();
  uow->Events().Append(case_id, actor, "revocation_communicated", e.Text());
  if (letters_) letters_->IssueRevocationLetters(*uow, case_id, false);
  auto stored = uow->Reviews().LatestRevocation(case_id);
  uow->Commit();
  return *stored;
}

domain::Result<domain::Revocation> RevocationService::Reply(const domain::Actor& actor, std::int64_t case_id,
                                                            std::optional<std::int64_t> expected_version,
                                                            const std::string& text) {
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kReplyRevocation, actor, case_id, expected_version);
  if (!c) return c.Err();
  auto r = uow->Reviews().LatestRevocation(case_id);
  if (!r || r->status != "communicated")
    return Error::Conflict("No revocation is communicated in case " + c->case_number + ".");
  if (r->reply_text)
    return Error::Conflict("The intended revocation in case " + c->case_number + " has already been answered.");
  if (domain::IsBlank(text)) return Error::Validation({{"text", "is required"}});
  uow->Reviews().RecordRevocationReply(r->id, text);
  // The version moves, so an officer holding a page read before the reply cannot revoke unseen.
  if (!uow->Cases().UpdateStatus(case_id, c->version, c->status, std::nullopt))
    throw std::logic_error("case row changed under its lock");
  domain::JsonWriter e;
  e.BeginObject().Field("revocation_id", r->id).EndObject();
  uow->Events().Append(case_id, actor, "revocation_reply_received", e.Text());
  auto stored = uow->Reviews().LatestRevocation(case_id);
  uow->Commit();
  return *stored;
}

domain::Result<domain::Revocation> RevocationService::Revoke(const domain::Actor& actor, std::int64_t case_id,
                                                             std::optional<std::int64_t> expected_version,
                                                             const RevocationDecision& in,
                                                             std::vector<domain::FieldError> errors) {
  const domain::Date today = clock_.Today();
  if (domain::IsBlank(in.reasons))
    errors.push_back({"reasons", "is required: the reasons are written when deciding (förvaltningslagen 32 §)"});
  if (in.repayment_sek < 0) errors.push_back({"repayment_sek", "must not be negative"});
  if (in.repayment_sek > 0 && !in.repayment_due && !domain::HasFieldError(errors, "repayment_due"))
    errors.push_back({"repayment_due", "is required with a repayment claim"});
  if (in.repayment_due && !(today < *in.repayment_due)) errors.push_back({"repayment_due", "must be after today"});
  // A due date without a claim is a claim mistyped or left out: the revocation is final, so it
  // is refused rather than stored as a claim of 0 kr with a date.
  if (in.repayment_due && in.repayment_sek == 0)
    errors.push_back({"repayment_due", "is given only with a repayment claim (repayment_sek above 0)"});
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kRevoke, actor, case_id, expected_version);
  if (!c) return c.Err();
  auto r = uow->Reviews().LatestRevocation(case_id);
  if (!r || r->status != "communicated")
    return Error::Conflict("Case " + c->case_number +
                           ": communicate the intended revocation first (förvaltningslagen 25 §).");
  if (!r->reply_text && !(r->reply_by < today))
    return Error::Conflict("Case " + c->case_number + ": the organisation may reply until " + r->reply_by.ToString() +
                           "; revoke after that or once a reply has arrived.");
  auto d = uow->Reviews().FindDecision(case_id);
  CheckRepaymentKind(c->kind, in.repayment_sek, errors);
  if (d && d->amount_sek && in.repayment_sek > *d->amount_sek)
    errors.push_back({"repayment_sek", "must not exceed the amount granted (" + std::to_string(*d->amount_sek) + ")"});
  if (!errors.empty()) return Error::Validation(std::move(errors));
  // The organisation was told what would be reclaimed; a larger claim is a decision it had no
  // chance to answer (förvaltningslagen 25 §).
  if (in.repayment_sek > r->repayment_sek)
    return Error::Conflict("Case " + c->case_number + ": the kommunicering of " +
                           LocalDateOf(r->communicated_at).ToString() + " announced " +
                           (r->repayment_sek > 0 ? "a repayment of " + std::to_string(r->repayment_sek) + " kr"
                                                 : std::string("no repayment")) +
                           "; a larger claim needs a new kommunicering: drop this revocation and communicate again.");
  uow->Reviews().CompleteRevocation(r->id, in.reasons, in.repayment_sek, in.repayment_due, today, actor.user_id,
                                    delegation_ref_);
  if (c->kind == domain::ApplicationKind::kBooking) uow->Cases().SetBookingStatus(case_id, "cancelled");
  if (!uow->Cases().UpdateStatus(case_id, c->version, domain::CaseStatus::kRevoked, std::nullopt))
    throw std::logic_error("case row changed under its lock");
  domain::JsonWriter e;
  e.BeginObject().Field("revocation_id", r->id).Field("repayment_sek", in.repayment_sek);
  if (in.repayment_due) e.Field("repayment_due", in.repayment_due->ToString());
  e.Field("democracy_reason", r->democracy_reason).EndObject();
  uow->Events().Append(case_id, actor, "revoked", e.Text());
  // The revoked decision's open conditions lapse with it: no reminders, overdue marks or GE-11
  // notes about support that no longer exists. They are closed as waived, each with its event.
  const std::string lapsed = "Beslutet återkallades den " + today.ToString() + ".";
  for (const auto& w : WaiveOpenConditions(*uow, case_id, actor, lapsed, "revocation_id", r->id))
    uow->Events().Append(case_id, actor, "condition_waived", w.event_detail);
  // The organisation's other open cases show it.
  for (auto other : uow->Reviews().OpenCasesOf(c->org_number, case_id)) {
    domain::JsonWriter n;
    n.BeginObject().Field("revoked_case", c->case_number).Field("democracy_reason", r->democracy_reason).EndObject();
    uow->Events().Append(other, actor, "organisation_support_revoked", n.Text());
  }
  if (letters_) letters_->IssueRevocationLetters(*uow, case_id, true);
  auto stored = uow->Reviews().LatestRevocation(case_id);
  uow->Commit();
  return *stored;
}

domain::Result<domain::Revocation> RevocationService::Drop(const domain::Actor& actor, std::int64_t case_id,
                                                          std::optional<std::int64_t> expected_version,
                                                          const std::string& reasons) {
  const domain::Date today = clock_.Today();
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kDropRevocation, actor, case_id, expected_version);
  if (!c) return c.Err();
  auto r = uow->Reviews().LatestRevocation(case_id);
  if (!r || r->status != "communicated")
    return Error::Conflict("No revocation is communicated in case " + c->case_number + ": there is nothing to drop.");
  if (domain::IsBlank(reasons))
    return Error::Validation({{"reasons", "is required: why the decision is not revoked after all"}});
  uow->Reviews().DropRevocation(r->id, reasons, today, actor.user_id);
  // The case's version moves, as when the revocation was communicated, so that a page read
  // before this gets 409 for its revocation forms.
  if (!uow->Cases().UpdateStatus(case_id, c->version, c->status, std::nullopt))
    throw std::logic_error("case row changed under its lock");
  domain::JsonWriter e;
  e.BeginObject().Field("revocation_id", r->id).Field("replied", r->reply_text.has_value()).EndObject();
  uow->Events().Append(case_id, actor, "revocation_dropped", e.Text());
  if (letters_) letters_->IssueRevocationDroppedLetters(*uow, case_id);
  auto stored = uow->Reviews().LatestRevocation(case_id);
  uow->Commit();
  return *stored;
}

}  // namespace granska::workflow
