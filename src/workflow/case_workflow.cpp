#include "workflow/case_workflow.hpp"

#include <algorithm>
#include <map>

#include "domain/json_text.hpp"
#include "domain/text.hpp"
#include "letters/appeal_deadline.hpp"
#include "workflow/facts_snapshot.hpp"
#include "workflow/letter_service.hpp"
#include "workflow/transitions.hpp"

namespace granska::workflow {

using domain::CaseStatus;
using domain::DecisionOutcome;
using domain::Error;
using domain::FieldError;

namespace {

// Status change (or a version bump when `to` equals the current status) plus the event.
void Record(UnitOfWork& uow, const domain::CaseSummary& c, CaseStatus to, const domain::Actor& actor,
            const std::string& event, const std::string& detail) {
  if (!uow.Cases().UpdateStatus(c.case_id, c.version, to, std::nullopt))
    throw std::logic_error("case row changed under its lock");  // cannot happen: the row is locked
  uow.Events().Append(c.case_id, actor, event, detail);
}

domain::Result<domain::CaseSummary> Finish(UnitOfWork& uow, std::int64_t case_id) {
  auto s = uow.Cases().FindSummary(case_id);
  uow.Commit();
  return *s;
}

// A reply date further off than this is a typing error, not a deadline.
constexpr int kMaxInformationReplyDays = 180;

// The verified incidents in the register about the applicant as its latest revision names it
// (organisation number, cooperation organisations, contact, board, a booking's speakers): what
// the referral packet lists as evidence, matched as a screening matches them. A revision stored
// before facts snapshots (migration 0006) that no re-screening has filled in yet is matched on
// the case's own organisation number only.
std::vector<domain::Incident> VerifiedEvidence(UnitOfWork& uow, std::int64_t case_id, const std::string& org_number) {
  std::vector<std::string> orgs, people;
  rules::Facts facts;
  SnapshotKeys keys;
  const auto snapshot = uow.Cases().LatestFactsSnapshot(case_id);
  if (snapshot && DecodeFactsSnapshot(*snapshot, facts, keys)) {
    for (const auto& o : keys.orgs) orgs.push_back(OrgNumberText(o.key));
    for (const auto& p : keys.people) people.emplace_back(p.name);
  } else if (!org_number.empty()) {
    orgs.push_back(org_number);
  }
  std::vector<domain::Incident> out;
  for (auto& i : uow.Incidents().FindBySubjects(orgs, people))
    if (i.verified) out.push_back(std::move(i));
  return out;
}

}  // namespace

void OpenReferral(UnitOfWork& uow, std::int64_t case_id, const domain::Actor& actor, bool automatic,
                  const std::string& question, domain::Date today, int deadline_days) {
  // An automatic referral is the system's doing, not the submitter's.
  const domain::Actor by = automatic ? domain::Actor{} : actor;
  domain::Referral r;
  r.case_id = case_id;
  r.automatic = automatic;
  r.question = question;
  if (by.user_id) r.referred_by = by.user_id;
  r.deadline = today.AddDays(deadline_days);
  const std::int64_t id = uow.Reviews().InsertReferral(r);
  domain::JsonWriter d;
  d.BeginObject()
      .Field("referral_id", id)
      .Field("automatic", automatic)
      .Field("question", question)
      .Field("deadline", r.deadline.ToString())
      .EndObject();
  uow.Events().Append(case_id, by, "referred", d.Text());
}

CaseWorkflow::Summary CaseWorkflow::Refer(const domain::Actor& actor, std::int64_t case_id,
                                          std::optional<std::int64_t> expected_version, const std::string& question,
                                          std::vector<FieldError> errors) {
  if (domain::IsBlank(question))
    errors.push_back({"question", "is required: what should the advisory group consider?"});
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kRefer, actor, case_id, expected_version);
  if (!c) return c;
  if (!errors.empty()) return Error::Validation(std::move(errors));
  if (!uow->Cases().UpdateStatus(case_id, c->version, CaseStatus::kReferred, std::nullopt))
    throw std::logic_error("case row changed under its lock");
  OpenReferral(*uow, case_id, actor, false, question, clock_.Today(), policy_.referral_deadline_days);
  return Finish(*uow, case_id);
}

CaseWorkflow::Summary CaseWorkflow::Advise(const domain::Actor& actor, std::int64_t case_id, const AdviceInput& input,
                                           std::vector<FieldError> errors) {
  if (input.recusal && domain::IsBlank(input.reasoning))
    errors.push_back({"reason", "is required when declaring jäv (förvaltningslagen 16–18 §§)"});
  if (!input.recusal && !input.recommendation)
    errors.push_back({"recommendation", "is required: approve, approve_with_conditions, reject or insufficient_basis"});
  if (!input.recusal && domain::IsBlank(input.reasoning)) errors.push_back({"reasoning", "is required"});
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kAdvise, actor, case_id, std::nullopt);
  if (!c) return c;
  auto& reviews = uow->Reviews();
  if (reviews.HasRecused(case_id, actor.user_id))
    return Error::Conflict("You have declared jäv in case " + c->case_number + " and may not advise on it.");
  auto referral = reviews.CurrentReferral(case_id);
  if (!referral) return Error::Conflict("Case " + c->case_number + " has no open referral.");
  for (const auto& a : reviews.AdviceFor(referral->id))
    if (a.member_id == actor.user_id)
      return Error::Conflict("You have already answered this referral of case " + c->case_number + ".");
  if (!errors.empty()) return Error::Validation(std::move(errors));

  domain::Advice advice;
  advice.referral_id = referral->id;
  advice.member_id = actor.user_id;
  advice.recusal = input.recusal;
  advice.recommendation = input.recommendation;
  advice.reasoning = input.reasoning;
  domain::JsonWriter pc;
  pc.BeginArray();
  for (const auto& p : input.proposed_conditions) pc.String(p);
  pc.EndArray();
  const std::int64_t advice_id = reviews.InsertAdvice(advice, pc.Text());

  // The consolidated picture after this answer.
  std::map<std::string, int> counts;
  int advising = 0, recused = 0;
  std::vector<std::string> proposed;
  for (const auto& a : reviews.AdviceFor(referral->id)) {
    if (a.recusal) {
      ++recused;
      continue;
    }
    ++advising;
    ++counts[std::string(domain::ToString(*a.recommendation))];
    for (const auto& p : a.proposed_conditions) proposed.push_back(p);
  }
  domain::JsonWriter d;
  d.BeginObject().Field("advice_id", advice_id).Field("referral_id", referral->id);
  if (input.recusal)
    d.Field("recusal", true).Field("reason", input.reasoning);
  else
    d.Field("recommendation", domain::ToString(*input.recommendation));
  d.EndObject();
  // The quorum, or everyone who can answer has: with too few members left after jäv (five
  // members, three recused) the referral would otherwise wait for ever and the case could never
  // be decided. The advised event says which it was.
  // A referral on which every member declared jäv has no advice at all: it waits for a member
  // who can advise (a substitute the administrator adds), and the case cannot be decided on it.
  const bool everyone_answered = reviews.MembersStillToAnswer(case_id, referral->id) == 0;
  const bool quorum = advising >= policy_.quorum || (everyone_answered && advising > 0);
  Record(*uow, *c, quorum ? CaseStatus::kAdvised : CaseStatus::kReferred, actor,
         input.recusal ? "recused" : "advice_given", d.Text());
  if (quorum) {
    reviews.MarkAdvised(referral->id);
    domain::JsonWriter s;
    s.BeginObject().Field("referral_id", referral->id).Field("advising", advising).Field("recused", recused);
    if (advising < policy_.quorum) s.Field("quorum_unreachable", true).Field("quorum", static_cast<std::int64_t>(policy_.quorum));
    s.Key("counts").BeginObject();
    for (const auto& [k, v] : counts) s.Field(k, v);
    s.EndObject().Key("proposed_conditions").BeginArray();
    for (const auto& p : proposed) s.String(p);
    s.EndArray().EndObject();
    uow->Events().Append(case_id, domain::Actor{}, "advised", s.Text());
  }
  return Finish(*uow, case_id);
}

CaseWorkflow::Summary CaseWorkflow::RequestInformation(const domain::Actor& actor, std::int64_t case_id,
                                                       std::optional<std::int64_t> expected_version,
                                                       const InformationRequestInput& input,
                                                       std::vector<FieldError> errors) {
  const domain::Date today = clock_.Today();
  if (!input.reply_by) {
    if (!domain::HasFieldError(errors, "reply_by")) errors.push_back({"reply_by", "is required"});
  } else if (!(today < *input.reply_by)) {
    errors.push_back({"reply_by", "must be after today: the applicant needs time to supplement"});
  } else if (today.AddDays(kMaxInformationReplyDays) < *input.reply_by) {
    errors.push_back({"reply_by", "must be within " + std::to_string(kMaxInformationReplyDays) +
                                      " days: a request that long is no deadline"});
  }
  if (domain::CharacterCount(input.message) > 4000) errors.push_back({"message", "must be at most 4000 characters"});
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kRequestInformation, actor, case_id, expected_version);
  if (!c) return c;
  // What the request names: the needs_info results of the latest screening. A case that is
  // ineligible as well is decided on that ground; one that lacks nothing has nothing to ask for.
  // A flag outranks needs_info in the recommendation; what is missing is asked for all the same.
  const bool lacks = c->recommendation == std::string("needs_info") ||
                     (c->recommendation == std::string("flag") && !uow->Cases().NeedsInfoRules(case_id).empty());
  if (!lacks) {
    Error e = Error::Conflict(
        "Case " + c->case_number + ": its screening recommends " + c->recommendation.value_or("nothing yet") +
        ", not needs_info; a request for what the application lacks is for an application that is only incomplete.");
    e.extra_members = CurrentState(*c);
    return e;
  }
  // A booking's supplement must come before the event it is for.
  if (input.reply_by && !domain::HasFieldError(errors, "reply_by"))
    if (const auto start = uow->Cases().BookingStart(case_id); start && !(*input.reply_by < LocalDateOf(*start)))
      errors.push_back({"reply_by", "must be before the booked day (" + LocalDateOf(*start).ToString() +
                                        "): the supplement is needed before the event"});
  if (!errors.empty()) return Error::Validation(std::move(errors));
  // A new request replaces the one the applicant holds (its letter and reply date): a repeated
  // request (a double click, a client's retry) must not do that by accident, so it takes the
  // version the officer read (the page form always sends it).
  const auto earlier = uow->Reviews().LatestInformationRequest(case_id);
  if (earlier && !earlier->supplemented_at && !expected_version) {
    Error e = Error::Conflict("Case " + c->case_number + " already has a request for what it lacks (on " +
                              LocalDateOf(earlier->requested_at).ToString() + ", reply by " +
                              earlier->reply_by.ToString() +
                              "); a new request replaces it and its reply date. To send one, repeat the request "
                              "with If-Match set to the case's ETag (\"" + std::to_string(c->version) + "\").");
    e.extra_members = CurrentState(*c);
    return e;
  }
  domain::InformationRequest req;
  req.case_id = case_id;
  req.reply_by = *input.reply_by;
  req.rules = uow->Cases().NeedsInfoRules(case_id);
  req.message = domain::IsBlank(input.message) ? std::string() : input.message;
  const std::int64_t id = uow->Reviews().InsertInformationRequest(req, actor.user_id);
  domain::JsonWriter d;
  d.BeginObject().Field("information_request_id", id).Field("reply_by", req.reply_by.ToString());
  d.Key("rules").BeginArray();
  for (const auto& r : req.rules) d.String(r);
  d.EndArray().Field("replaces_earlier", earlier.has_value() && !earlier->supplemented_at).EndObject();
  Record(*uow, *c, c->status, actor, "information_requested", d.Text());
  if (letters_) letters_->IssueInformationRequestLetters(*uow, case_id);
  return Finish(*uow, case_id);
}

CaseWorkflow::Summary CaseWorkflow::Communicate(const domain::Actor& actor, std::int64_t case_id,
                                                std::optional<std::int64_t> expected_version,
                                                const CommunicationInput& input, std::vector<FieldError> errors) {
  const domain::Date today = clock_.Today();
  if (domain::IsBlank(input.reasons))
    errors.push_back({"reasons", "is required: the material and reasons the intended decision rests on"});
  if (!input.reply_by)
    errors.push_back({"reply_by", "is required"});
  else if (!(today < *input.reply_by))
    errors.push_back({"reply_by", "must be after today: the applicant needs time to reply"});
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kCommunicate, actor, case_id, expected_version);
  if (!c) return c;
  // A new kommunicering replaces the one the applicant holds, issues new letters and restarts
  // the reply time: a repeated request (a double click, a client's retry) must not do that by
  // accident, so it takes the version the officer read (the page form always sends it).
  if (c->status == CaseStatus::kCommunicated && !expected_version) {
    const auto earlier = uow->Reviews().LatestCommunication(case_id);
    Error e = Error::Conflict(
        "Case " + c->case_number + " has already been communicated" +
        (earlier ? " (on " + LocalDateOf(earlier->sent_at).ToString() + ", reply by " + earlier->reply_by.ToString() + ")"
                 : std::string()) +
        "; a new kommunicering replaces it and restarts the reply time. To send one, repeat the request with "
        "If-Match set to the case's ETag (\"" + std::to_string(c->version) + "\").");
    e.extra_members = CurrentState(*c);
    return e;
  }
  // What the letter can announce as adverse: a rejection, or a grant of less than was applied for
  // (nothing of it is checked when the intended outcome did not parse).
  if (domain::HasFieldError(errors, "intended_outcome")) {
  } else if (input.intended_outcome == DecisionOutcome::kRejected) {
    if (input.intended_amount_sek && *input.intended_amount_sek != 0)
      errors.push_back({"intended_amount_sek", "a rejection grants nothing: leave intended_amount_sek out (or 0)"});
  } else if (c->kind != domain::ApplicationKind::kGrant) {
    errors.push_back({"intended_outcome", "approving a booking is not adverse: a booking is communicated only before a rejection"});
  } else if (!input.intended_amount_sek) {
    errors.push_back({"intended_amount_sek",
                      "is required for an intended approval: kommunicering announces a grant of less than was applied for"});
  } else if (const auto applied = uow->Cases().AppliedAmount(case_id); *input.intended_amount_sek <= 0) {
    errors.push_back({"intended_amount_sek", "must be positive; to grant nothing, intend a rejection"});
  } else if (applied && *input.intended_amount_sek >= *applied) {
    errors.push_back({"intended_amount_sek", "must be less than the amount applied for (" + std::to_string(*applied) +
                                                 " kr): granting all of it is not adverse and needs no kommunicering"});
  }
  if (!errors.empty()) return Error::Validation(std::move(errors));
  domain::Communication comm;
  comm.case_id = case_id;
  comm.intended_outcome = input.intended_outcome;
  comm.intended_amount_sek = input.intended_amount_sek;
  comm.reasons = input.reasons;
  comm.reply_by = *input.reply_by;
  const std::int64_t id = uow->Reviews().InsertCommunication(comm, actor.user_id);
  domain::JsonWriter d;
  d.BeginObject()
      .Field("communication_id", id)
      .Field("intended_outcome", domain::ToString(input.intended_outcome))
      .Field("reply_by", input.reply_by->ToString())
      .EndObject();
  Record(*uow, *c, CaseStatus::kCommunicated, actor, "communicated", d.Text());
  if (letters_) letters_->IssueCommunicationLetters(*uow, case_id);
  return Finish(*uow, case_id);
}

CaseWorkflow::Summary CaseWorkflow::Reply(const domain::Actor& actor, std::int64_t case_id,
                                          std::optional<std::int64_t> expected_version, const std::string& text,
                                          std::vector<FieldError> errors) {
  if (domain::IsBlank(text)) errors.push_back({"text", "is required"});
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kReply, actor, case_id, expected_version);
  if (!c) return c;
  auto comm = uow->Reviews().LatestCommunication(case_id);
  if (!comm) return Error::Conflict("Case " + c->case_number + " has no communication to reply to.");
  if (comm->reply_text) return Error::Conflict("The communication in case " + c->case_number + " has already been answered.");
  if (!errors.empty()) return Error::Validation(std::move(errors));
  uow->Reviews().RecordReply(comm->id, text);
  domain::JsonWriter d;
  d.BeginObject().Field("communication_id", comm->id).Field("late", comm->reply_by < clock_.Today()).EndObject();
  Record(*uow, *c, c->status, actor, "reply_received", d.Text());  // a referred case stays referred
  return Finish(*uow, case_id);
}

CaseWorkflow::Summary CaseWorkflow::Decide(const domain::Actor& actor, std::int64_t case_id,
                                           std::optional<std::int64_t> expected_version, const DecisionInput& input,
                                           std::vector<FieldError> errors) {
  const domain::Date today = clock_.Today();
  const bool approves = input.outcome != DecisionOutcome::kRejected;
  // An outcome that did not parse has its error; nothing that depends on it is checked.
  const bool outcome_known = !domain::HasFieldError(errors, "outcome");
  if (domain::IsBlank(input.reasons))
    errors.push_back({"reasons", "is required: the reasons are written when deciding (förvaltningslagen 32 §)"});
  if (outcome_known && input.outcome == DecisionOutcome::kApprovedWithConditions && input.conditions.empty())
    errors.push_back({"conditions", "an approval with conditions needs at least one condition"});
  if (outcome_known && input.outcome != DecisionOutcome::kApprovedWithConditions && !input.conditions.empty())
    errors.push_back({"conditions", "only an approval with conditions carries conditions"});
  for (std::size_t i = 0; i < input.conditions.size(); ++i) {
    const std::string due = "conditions[" + std::to_string(i) + "].due";
    if (!domain::HasFieldError(errors, due) && !(today < input.conditions[i].due))
      errors.push_back({due, "must be after the decision date"});
    if (domain::IsBlank(input.conditions[i].description))
      errors.push_back({"conditions[" + std::to_string(i) + "].description", "is required"});
  }
  if (input.amount_sek && *input.amount_sek < 0) errors.push_back({"amount_sek", "must not be negative"});

  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kDecide, actor, case_id, expected_version);
  if (!c) return c;
  auto& reviews = uow->Reviews();
  const bool is_grant = c->kind == domain::ApplicationKind::kGrant;
  if (is_grant && outcome_known && approves && !input.amount_sek)
    errors.push_back({"amount_sek", "is required to approve a grant"});
  if (!is_grant && input.amount_sek) errors.push_back({"amount_sek", "a booking has no amount"});
  const auto applied = uow->Cases().AppliedAmount(case_id);
  if (is_grant && outcome_known && input.amount_sek && *input.amount_sek >= 0) {
    // The decision letter states what was granted: it must be something, at most what was
    // applied for, and nothing when the application is rejected.
    if (!approves)
      errors.push_back({"amount_sek", "a rejection grants nothing: leave amount_sek out"});
    else if (*input.amount_sek == 0)
      errors.push_back({"amount_sek", "must be positive to approve a grant; to grant nothing, reject"});
    else if (applied && *input.amount_sek > *applied)
      errors.push_back({"amount_sek", "must not exceed the amount applied for (" + std::to_string(*applied) + " kr)"});
  }
  // Two bookings of the same time may both be in review; only one can be approved.
  if (!is_grant && outcome_known && approves)
    if (auto other = uow->Cases().ApprovedOverlap(case_id))
      return Error::Conflict("Case " + c->case_number + ": the premises are already booked at that time by case " +
                             *other + "; an overlapping booking cannot be approved.");
  const bool flagged = uow->Cases().DemocracyFlagged(case_id);
  if (flagged && outcome_known && approves && domain::IsBlank(input.special_reasons))
    errors.push_back({"special_reasons",
                      "is required to approve a case that a democracy rule flagged (särskilda skäl: distanced, "
                      "measures taken, a single event, long ago)"});
  if (!errors.empty()) return Error::Validation(std::move(errors));
  if (approves) {
    // An approval rests on a complete application: deciding "as it stands" (förvaltningslagen
    // 20 §) when the applicant does not supplement is a rejection. Also under a flag, which
    // outranks needs_info in the recommendation but completes nothing.
    const auto lacking = uow->Cases().NeedsInfoRules(case_id);
    const auto lacks = [&] {
      std::string rules;
      for (const auto& r : lacking) rules += (rules.empty() ? "" : ", ") + r;
      return Error::Conflict("Case " + c->case_number + " still lacks what its screening asked for (needs_info: " +
                             rules + "): it can be approved once the application is supplemented; as it stands it "
                             "can only be rejected.");
    };
    if (c->recommendation == std::string("needs_info") && !lacking.empty()) return lacks();
    // The revocation clause every approval carries is tied to the democracy conditions.
    if (!uow->Cases().DemocracyConditionsAccepted(case_id))
      return Error::Conflict("Case " + c->case_number +
                             ": the applicant has not accepted the democracy conditions "
                             "(declarations.democracy_conditions_accepted), which an approval and its revocation "
                             "clause rest on; it can be approved once the application is supplemented with them.");
    if (!lacking.empty()) return lacks();
  }
  // The advisory group advises before a flagged case is approved, and before any decision
  // while the screening recommends flag. A case that fails a formal criterion as well
  // (recommendation ineligible) can be rejected on that ground without a democracy
  // assessment (data minimisation). Advice given before the flag appeared (a re-screening
  // flagged an advised case), or before a re-screening added another ground, did not weigh it.
  const bool needs_advice = flagged && (approves || c->recommendation == std::string("flag"));
  if (needs_advice && !uow->Cases().AdvisedSinceFlagged(case_id))
    return Error::Conflict("Case " + c->case_number +
                           " was flagged by a democracy rule and must be advised before it is " +
                           (approves ? "approved" : "decided") +
                           ": refer it to the advisory group (advice given before the flag, or before a "
                           "re-screening added another democracy ground, does not count).");
  // Nor did advice weigh a verified incident about the applicant recorded after the group was
  // asked, though it may not change any rule's outcome (a second threat under DV-1's flag).
  if (needs_advice) {
    const auto evidence = VerifiedEvidence(*uow, case_id, c->org_number);
    std::vector<std::int64_t> ids;
    const domain::Incident* newest = nullptr;
    for (const auto& i : evidence) {
      ids.push_back(i.id);
      if (!newest || newest->recorded_at < i.recorded_at) newest = &i;
    }
    if (!uow->Cases().AdvisedSinceRecorded(case_id, ids))
      return Error::Conflict("Case " + c->case_number + ": a verified incident concerning the applicant was recorded on " +
                             LocalDateOf(newest->recorded_at).ToString() +
                             ", after the case was last referred to the advisory group: refer it again so that the "
                             "group weighs it before the case is " + (approves ? "approved." : "decided."));
  }
  for (const auto& r : reviews.Referrals(case_id))
    if (!r.advised_at)
      return Error::Conflict("Case " + c->case_number + " has a referral still awaiting advice.");
  // Deciding "as it stands" what lacks what its screening asked for: only once the applicant
  // was asked for it and the reply date passed, or a supplement came (förvaltningslagen 20 §).
  if (!approves && c->recommendation == std::string("needs_info")) {
    const auto req = reviews.LatestInformationRequest(case_id);
    if (!req)
      return Error::Conflict("Case " + c->case_number +
                             " lacks what its screening asked for, and the applicant has not been asked for it: "
                             "request it first (information-request, förvaltningslagen 20 §); it can be rejected "
                             "as it stands once the reply date has passed.");
    // The request named everything the application lacks now: a supplement that cured one
    // item and broke another, or a re-screening that found more, needs a new request.
    for (const auto& rule : uow->Cases().NeedsInfoRules(case_id))
      if (std::find(req->rules.begin(), req->rules.end(), rule) == req->rules.end())
        return Error::Conflict("Case " + c->case_number + " now lacks what the request of " +
                               LocalDateOf(req->requested_at).ToString() + " did not ask for (" + rule +
                               "): send a new request for it before rejecting the application as it stands.");
    // Until the reply date the applicant may still supplement, even after a partial supplement.
    if (!(req->reply_by < today))
      return Error::Conflict("Case " + c->case_number + ": the applicant was asked to supplement by " +
                             req->reply_by.ToString() + "; decide after that date.");
  }
  // Kommunicering before anything not fully in the applicant's favour.
  const bool adverse = !approves || (is_grant && input.amount_sek && applied && *input.amount_sek < *applied);
  if (adverse) {
    auto comm = reviews.LatestCommunication(case_id);
    if (!comm)
      return Error::Conflict("Case " + c->case_number +
                             ": a decision not fully in the applicant's favour needs kommunicering first "
                             "(förvaltningslagen 25 §).");
    // The applicant must have been told of a decision at least this adverse: a rejection
    // covers everything, an intended grant of X covers a grant of X or more.
    const bool covered = comm->intended_outcome == DecisionOutcome::kRejected ||
                         (approves && input.amount_sek && comm->intended_amount_sek &&
                          *input.amount_sek >= *comm->intended_amount_sek);
    if (!covered)
      return Error::Conflict("Case " + c->case_number + ": the kommunicering of " + LocalDateOf(comm->sent_at).ToString() +
                             " announced " +
                             (comm->intended_amount_sek ? "a grant of " + std::to_string(*comm->intended_amount_sek) + " kr"
                                                        : std::string("an approval")) +
                             "; a decision less favourable than that needs a new kommunicering (förvaltningslagen 25 §).");
    // The applicant is told everything the decision may rest on: a screening written since (a
    // re-screening that found another ground, a supplement's) or the group's advice given since
    // is material the kommunicering did not show.
    if (const auto later = uow->Cases().MaterialAfterCommunication(case_id))
      return Error::Conflict("Case " + c->case_number + ": the kommunicering of " +
                             LocalDateOf(comm->sent_at).ToString() + " came before " +
                             (later->event == "advised"        ? "the advisory group's advice of "
                              : later->event == "supplemented" ? "the supplement of "
                                                               : "the re-screening of ") +
                             LocalDateOf(later->at).ToString() +
                             ", which the decision may rest on: send a new kommunicering (förvaltningslagen 25 §).");
    if (!comm->reply_text && !(comm->reply_by < today))
      return Error::Conflict("Case " + c->case_number + ": the applicant may reply until " +
                             comm->reply_by.ToString() + "; decide after that or once a reply has arrived.");
  }

  domain::Decision d;
  d.case_id = case_id;
  d.outcome = input.outcome;
  d.amount_sek = input.amount_sek;
  d.reasons = input.reasons;
  // Blank special reasons are none (a form's empty textarea may post a newline).
  d.special_reasons = domain::IsBlank(input.special_reasons) ? std::string() : input.special_reasons;
  d.delegation_ref = policy_.DelegationFor(c->kind);
  if (approves) d.revocation_clause = is_grant ? policy_.revocation_clause_grant : policy_.revocation_clause_booking;
  d.decided_by = actor.user_id;
  d.decided_on = today;
  const std::int64_t decision_id = reviews.InsertDecision(d);
  for (const auto& spec : input.conditions) reviews.InsertCondition(case_id, decision_id, spec);
  if (!is_grant) uow->Cases().SetBookingStatus(case_id, approves ? "approved" : "rejected");
  domain::JsonWriter e;
  e.BeginObject().Field("decision_id", decision_id).Field("outcome", domain::ToString(input.outcome));
  if (input.amount_sek) e.Field("amount_sek", *input.amount_sek);
  e.Field("conditions", static_cast<std::int64_t>(input.conditions.size()))
      .Field("delegation_ref", d.delegation_ref)
      .EndObject();
  Record(*uow, *c, CaseStatus::kDecided, actor, "decided", e.Text());
  if (letters_) letters_->IssueDecisionLetters(*uow, case_id);
  return Finish(*uow, case_id);
}

CaseWorkflow::Summary CaseWorkflow::Withdraw(const domain::Actor& actor, std::int64_t case_id,
                                             std::optional<std::int64_t> expected_version, const std::string& reason) {
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kWithdraw, actor, case_id, expected_version);
  if (!c) return c;
  if (c->kind == domain::ApplicationKind::kBooking) uow->Cases().SetBookingStatus(case_id, "cancelled");
  domain::JsonWriter d;
  d.BeginObject().Field("reason", reason).EndObject();
  Record(*uow, *c, CaseStatus::kWithdrawn, actor, "withdrawn", d.Text());
  return Finish(*uow, case_id);
}

CaseWorkflow::Summary CaseWorkflow::Assign(const domain::Actor& actor, std::int64_t case_id, std::int64_t user_id) {
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kAssign, actor, case_id, std::nullopt);
  if (!c) return c;
  auto user = uow->Users().Find(user_id);
  if (!user || user->role != domain::Role::kCaseOfficer)
    return Error::Validation({{"user_id", "must be a case officer"}});
  uow->Cases().Assign(case_id, user_id);
  domain::JsonWriter d;
  d.BeginObject().Field("user_id", user_id).Field("name", user->name).EndObject();
  Record(*uow, *c, c->status, actor, "assigned", d.Text());
  return Finish(*uow, case_id);
}

std::optional<domain::MinutesPosting> AppealableDecision(const std::optional<domain::Revocation>& v,
                                                         const std::optional<domain::Decision>& d) {
  domain::MinutesPosting p;
  if (v && v->status == "revoked" && v->revoked_on) {
    p.case_id = v->case_id;
    p.decision_kind = "revocation";
    p.decision_ref = v->id;
    p.decided_on = *v->revoked_on;
  } else if (d) {
    p.case_id = d->case_id;
    p.decision_kind = "decision";
    p.decision_ref = d->id;
    p.decided_on = d->decided_on;
  } else {
    return std::nullopt;
  }
  return p;
}

CaseWorkflow::Summary CaseWorkflow::RecordMinutesPosted(const domain::Actor& actor, std::int64_t case_id,
                                                        std::optional<std::int64_t> expected_version,
                                                        const MinutesPostedInput& input,
                                                        std::vector<FieldError> errors) {
  if (auto denied = CheckRole(Command::kRecordMinutesPosted, actor.role)) return *denied;
  const domain::Date today = clock_.Today();
  if (!input.posted_on && errors.empty()) errors.push_back({"posted_on", "is required"});
  if (input.posted_on && today < *input.posted_on)
    errors.push_back({"posted_on", "must not be after today (" + today.ToString() +
                                       "): record the posting once the minutes are on the notice board"});
  if (!input.minutes_reference.empty() && domain::IsBlank(input.minutes_reference))
    errors.push_back({"minutes_reference", "must not be blank; leave it out instead"});
  if (!input.correction_reason.empty() && domain::IsBlank(input.correction_reason))
    errors.push_back({"correction_reason", "must not be blank"});
  if (domain::CharacterCount(input.minutes_reference) > 500) errors.push_back({"minutes_reference", "must be at most 500 characters"});

  // 404 for an unknown case, then the status and version, before the fields (openapi.yaml).
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kRecordMinutesPosted, actor, case_id, expected_version);
  if (!c) return c;
  if (!errors.empty()) return Error::Validation(std::move(errors));
  auto& reviews = uow->Reviews();
  auto appealable = AppealableDecision(reviews.LatestRevocation(case_id), reviews.FindDecision(case_id));
  if (!appealable) return Error::Conflict("Case " + c->case_number + " has no decision that can be appealed.");
  domain::MinutesPosting p = *appealable;
  if (*input.posted_on < p.decided_on)
    return Error::Validation({{"posted_on", "must not be before the " + p.decision_kind + " it concerns (" +
                                                p.decided_on.ToString() + ")"}});
  const auto previous = reviews.LatestMinutesPosting(case_id, p.decision_kind, p.decision_ref);
  if (previous && previous->posted_on == *input.posted_on && previous->minutes_reference == input.minutes_reference)
    return Error::Conflict("Case " + c->case_number + ": the posting of " + previous->posted_on.ToString() +
                           " is already recorded for this " + p.decision_kind + " (last day to appeal " +
                           previous->last_day.ToString() + ").");
  if (previous && domain::IsBlank(input.correction_reason))
    return Error::Validation({{"correction_reason", "is required to correct the posting of " +
                                                        previous->posted_on.ToString() + " already recorded"}});
  if (!previous && !input.correction_reason.empty())
    return Error::Validation({{"correction_reason", "only a correction of a recorded posting has a reason"}});

  const auto deadline = letters::AppealDeadline::From(*input.posted_on);
  p.posted_on = *input.posted_on;
  p.last_day = deadline.last_day;
  p.minutes_reference = input.minutes_reference;
  p.correction_reason = input.correction_reason;
  p.recorded_by = actor.user_id;
  p.id = reviews.InsertMinutesPosting(p);

  domain::JsonWriter e;
  e.BeginObject()
      .Field("posting_id", p.id)
      .Field("decision_kind", p.decision_kind)
      .Field("decision_ref", p.decision_ref)
      .Field("posted_on", p.posted_on.ToString())
      .Field("last_day", p.last_day.ToString());
  if (!p.minutes_reference.empty()) e.Field("minutes_reference", p.minutes_reference);
  if (previous) e.Field("corrects", previous->posted_on.ToString()).Field("correction_reason", p.correction_reason);
  // A closed case whose appeal time runs again (a posting recorded late, or corrected to a
  // later day) is decided again until the job closes it once that time is over.
  const bool reopens = c->status == CaseStatus::kClosed && !(p.last_day < today);
  if (reopens) e.Field("reopened", true);
  e.EndObject();
  Record(*uow, *c, reopens ? CaseStatus::kDecided : c->status, actor, "minutes_posted_recorded", e.Text());
  if (letters_) letters_->IssueAppealNotice(*uow, case_id, p);
  return Finish(*uow, case_id);
}

}  // namespace granska::workflow
