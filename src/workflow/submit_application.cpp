#include "workflow/submit_application.hpp"

#include <optional>
#include <stdexcept>

#include "domain/digest.hpp"
#include "domain/idempotency_key.hpp"
#include "domain/json_text.hpp"
#include "workflow/case_workflow.hpp"

namespace granska::workflow {

using domain::Error;
using domain::ErrorCode;
using domain::FieldError;

namespace {

constexpr const char* kKeyHeader = "Idempotency-Key";

}  // namespace

void CheckApplicationNow(UnitOfWork& uow, const domain::Application& app, domain::Date today,
                         std::vector<FieldError>& errors) {
  const auto& o = app.organisation;
  if (o.last_annual_meeting && today < *o.last_annual_meeting)
    errors.push_back({"organisation.last_annual_meeting", "must not be after today (" + today.ToString() + ")"});
  if (o.statutes_adopted && today < *o.statutes_adopted)
    errors.push_back({"organisation.statutes_adopted", "must not be after today (" + today.ToString() + ")"});
  if (!app.booking) return;
  const auto& b = *app.booking;
  if (!b.premises_id.empty() && !uow.Premises().Find(b.premises_id))
    errors.push_back({"booking.premises_id", "unknown premises '" + b.premises_id + "'"});
  if (b.start && b.start->LocalDate() < today)
    errors.push_back({"booking.start", "must not be in the past (before " + today.ToString() + ")"});
}

domain::Result<Submission> SubmitApplication::Run(const domain::Actor& actor, const domain::Application& app,
                                                  const std::string& raw_json, std::vector<FieldError> errors,
                                                  const std::optional<std::string>& idempotency_key) {
  domain::CheckApplication(app, errors);
  std::optional<IdempotencyKey> key;
  if (idempotency_key) {
    if (const std::string fault = domain::IdempotencyKeyFault(*idempotency_key); !fault.empty())
      return Error{ErrorCode::kBadRequest, std::string(kKeyHeader) + " " + fault + ".", {{kKeyHeader, fault}}, {}};
    if (actor.user_id == 0)  // keys belong to a user; only the API's signed-in requests carry one
      return Error{ErrorCode::kBadRequest, std::string(kKeyHeader) + " needs an authenticated user.", {}, {}};
    // The key remembers the body as the bytes that came: no canonical form of the JSON, so a
    // retry must send the same bytes (an e-service that retries resends what it sent).
    key = IdempotencyKey{actor.user_id, *idempotency_key, domain::Sha256Hex(raw_json)};
  }

  // Once, or with a key once more: a first request with the same key that was still in its
  // transaction made the insert wait and fail when it committed; this request is then its
  // retry and is answered as a replay.
  for (int attempt = 1;; ++attempt) {
    auto uow = db_.Begin();
    if (key) {
      // Before any check of the body: a retry gets what its first request got, even if a
      // check would now answer differently (a reopened case since closed, a day gone by).
      if (auto earlier = uow->Cases().FindByIdempotencyKey(key->user_id, key->key))
        return Replay(std::move(uow), std::move(*earlier), *key, actor);
    }
    std::vector<FieldError> found = errors;
    const domain::Date today = clock_.Today();
    CheckApplicationNow(*uow, app, today, found);
    if (app.reopens_case_id) {
      auto old = uow->Cases().FindSummary(*app.reopens_case_id);
      if (!old)
        found.push_back({"reopens_case_id", "there is no case " + std::to_string(*app.reopens_case_id)});
      else if (app.organisation.org_number && old->org_number != app.organisation.org_number->Text())
        found.push_back({"reopens_case_id", "case " + old->case_number + " belongs to another organisation"});
      else if (old->status != domain::CaseStatus::kWithdrawn && old->status != domain::CaseStatus::kDecided &&
               old->status != domain::CaseStatus::kClosed)
        found.push_back({"reopens_case_id", "case " + old->case_number + " is still open"});
    }
    if (!found.empty()) return Error::Validation(std::move(found));

    std::optional<ScreeningOutcome> outcome;
    if (screener_) outcome = screener_->Screen(*uow, app, today, std::nullopt);
    NewCase row;
    row.year = today.Year();
    row.submitted_on = today;
    row.linked_case_id = app.reopens_case_id;
    row.actor = actor;
    domain::JsonWriter detail;
    detail.BeginObject().Field("kind", domain::ToString(app.kind));
    if (app.reopens_case_id) detail.Field("reopens_case_id", *app.reopens_case_id);
    detail.EndObject();
    row.submitted_detail = detail.Text();
    if (outcome) {
      // Written in one statement, the case is still "submitted" (version 1) and then
      // "screened" (version 2), as its two events say and as clients saw it before.
      row.status = RouteFor(outcome->recommendation);
      row.recommendation = outcome->recommendation;
      row.version = 2;
      row.screening = &*outcome;
      domain::JsonWriter d;
      d.BeginObject()
          .Field("rule_set", outcome->rule_set_version)
          .Field("recommendation", outcome->recommendation)
          .Field("status", domain::ToString(row.status))
          .EndObject();
      row.screened_detail = d.Text();
    }
    std::optional<domain::CaseSummary> inserted;
    if (key)
      inserted = uow->Cases().InsertWithKey(row, app, raw_json, *key);
    else
      inserted = uow->Cases().Insert(row, app, raw_json);
    if (!inserted) {     // the key's first request committed meanwhile: roll back, then replay
      if (attempt >= 3)  // a replay finds the key it collided with; a third round is a bug
        throw std::runtime_error("Idempotency-Key collided again after its first request committed");
      continue;
    }
    Submission out;
    out.summary = std::move(*inserted);
    if (row.status == domain::CaseStatus::kReferred)
      OpenReferral(*uow, out.summary.case_id, actor, true, kAutomaticReferralQuestion, today, referral_deadline_days_);
    uow->Commit();
    uow.reset();  // its connection goes back to the pool before the numbering takes one

    // The diarienummer is given after the commit, in a batch with every other submission
    // that committed meanwhile (workflow/case_numbering.hpp): holding the year's counter
    // row through this transaction's own commit serialised every submission of every
    // process at one WAL flush each (bench/RESULTS.md, "http"). The case is stored whatever
    // happens here, so a failure is an answer (202), not an error.
    try {
      out.summary.case_number = numbering_.AwaitNumber(out.summary.case_id, row.year);
    } catch (const std::exception& e) {
      out.numbered = false;
      out.numbering_error = e.what();
    }
    return out;
  }
}

domain::Result<Submission> SubmitApplication::Replay(std::unique_ptr<UnitOfWork> uow, KeyedSubmission earlier,
                                                     const IdempotencyKey& key, const domain::Actor& actor) {
  if (earlier.request_sha256 != key.request_sha256) {
    // Nothing about the earlier request is shown: the key is the user's own, but its case
    // is not this request's.
    return Error{ErrorCode::kValidation,
                 std::string(kKeyHeader) + " '" + key.key +
                     "' was used for a different request; send a new request with a new key.",
                 {{kKeyHeader, "was used for a different request (the body differs)"}},
                 {}};
  }
  Submission out;
  out.summary = std::move(earlier.summary);
  out.replayed = true;
  domain::JsonWriter d;
  d.BeginObject().Field("status", domain::ToString(out.summary.status));
  if (out.summary.recommendation) d.Field("recommendation", *out.summary.recommendation);
  d.EndObject();
  uow->Events().Append(out.summary.case_id, actor, "submission_replayed", d.Text());
  uow->Commit();
  uow.reset();
  if (out.summary.case_number.empty()) {
    // Its first request is still numbering it, or that numbering failed (and answered 202).
    try {
      out.summary.case_number = numbering_.NumberNow(out.summary.case_id, earlier.year);
    } catch (const std::exception& e) {
      out.numbered = false;
      out.numbering_error = e.what();
    }
  }
  return out;
}

std::int64_t SubmitApplication::ExpireIdempotencyKeys() {
  auto uow = db_.Begin();
  const std::int64_t deleted = uow->Cases().DeleteIdempotencyKeysOlderThan(key_keep_days_);
  uow->Commit();
  return deleted;
}

}  // namespace granska::workflow
