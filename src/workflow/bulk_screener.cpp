#include "workflow/bulk_screener.hpp"

#include <algorithm>
#include <stdexcept>

namespace granska::workflow {

char VerdictChar(rules::Verdict v) {
  switch (v) {
    case rules::Verdict::kPass: return 'P';
    case rules::Verdict::kNote: return 'N';
    case rules::Verdict::kNeedsInfo: return 'I';
    case rules::Verdict::kIneligible: return 'E';
    case rules::Verdict::kFlag: return 'F';
    case rules::Verdict::kNotApplicable: return '-';
  }
  return '?';
}

namespace {

// The outcome a verdict stands for; nullopt for a rule that did not apply.
std::optional<domain::Outcome> OutcomeOf(rules::Verdict v) {
  switch (v) {
    case rules::Verdict::kPass: return domain::Outcome::kPass;
    case rules::Verdict::kNote: return domain::Outcome::kNote;
    case rules::Verdict::kNeedsInfo: return domain::Outcome::kNeedsInfo;
    case rules::Verdict::kIneligible: return domain::Outcome::kIneligible;
    case rules::Verdict::kFlag: return domain::Outcome::kFlag;
    case rules::Verdict::kNotApplicable: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

RescreenChange ClassifyChange(std::optional<domain::Recommendation> previous, domain::Recommendation now) {
  using domain::Recommendation;
  if (previous == now) return RescreenChange::kNone;
  if (now == Recommendation::kFlag) return RescreenChange::kNewlyFlagged;
  if (previous == Recommendation::kFlag) return RescreenChange::kNoLongerFlagged;
  return RescreenChange::kChanged;
}

BulkScreener::BulkScreener(const RuleScreener& screener, const RegisterIndex& index)
    : screener_(screener), index_(index), verdicts_(screener.Rules().RuleCount()) {
  const auto& rules = screener.Rules().Rules();
  for (const auto& r : rules) democracy_.push_back(r.category == "democracy");
  for (std::size_t i = 0; i < rules.size(); ++i) by_id_.push_back(i);
  std::sort(by_id_.begin(), by_id_.end(), [&](std::size_t a, std::size_t b) { return rules[a].id < rules[b].id; });
}

bool BulkScreener::Screen(const RescreenCaseRow& row, RescreenResultBatch& out, bool full,
                          RescreenCaseOutcome* outcome) {
  if (!row.facts || !DecodeFactsSnapshot(*row.facts, facts_, keys_)) {
    ++out.unreadable;
    return false;
  }
  GatherContext context;
  context.case_id = row.case_id;
  context.submitted_on = row.submitted_on;
  index_.Gather(context, keys_, full, facts_, scratch_);

  const domain::Recommendation recommendation = screener_.Rules().EvaluateVerdicts(facts_, verdicts_);
  const std::size_t rule_count = verdicts_.size();
  const std::size_t at = out.verdicts.size();
  out.verdicts.resize(at + rule_count);
  bool democracy_flag = false;
  for (std::size_t i = 0; i < rule_count; ++i) {
    out.verdicts[at + i] = VerdictChar(verdicts_[i]);
    if (verdicts_[i] == rules::Verdict::kFlag && democracy_[i]) democracy_flag = true;
  }
  outcomes_.clear();  // domain::OutcomeSignature, built without allocating per case
  const auto& rules = screener_.Rules().Rules();
  for (std::size_t i : by_id_)
    if (auto o = OutcomeOf(verdicts_[i])) domain::AppendOutcome(outcomes_, rules[i].id, *o);
  RescreenResultRow& result = out.rows.emplace_back();
  result.case_id = row.case_id;
  result.revision = row.revision;
  result.recommendation = recommendation;
  result.previous = row.previous;
  result.change = ClassifyChange(row.previous, recommendation);
  // A democracy flag can come or go under an unchanged recommendation (an ineligible case
  // stays ineligible): the decision reads the flag from the latest screening (special reasons
  // to approve), so that screening is written too.
  if (result.change == RescreenChange::kNone && democracy_flag != row.previous_democracy_flag)
    result.change = democracy_flag ? RescreenChange::kNewlyFlagged : RescreenChange::kNoLongerFlagged;
  // The same recommendation for other reasons (another item missing, another ground of
  // ineligibility): the guards, the case page and the letters read the rules of the latest
  // screening (which items a request must have named, which grounds a rejection states), so
  // that screening is written too.
  if (result.change == RescreenChange::kNone && !row.previous_rule_set.empty() && outcomes_ != row.previous_outcomes)
    result.change = RescreenChange::kOutcomesChanged;
  if (row.follow_up) ++out.follow_up;

  std::optional<ScreeningOutcome> screening;
  if (full || result.change != RescreenChange::kNone) {
    // The texts explanations show, then the full screening as RuleScreener::Screen renders it.
    if (!full) index_.Gather(context, keys_, true, facts_, scratch_);
    screening = screener_.ScreenFacts(facts_);
    if (screening->recommendation != domain::ToString(recommendation) || screening->outcomes != outcomes_)
      throw std::logic_error("the fast path and the full screening disagree on case " + std::to_string(row.case_id));
  }
  if (result.change != RescreenChange::kNone) {
    RescreenChangedCase& changed = out.changed.emplace_back();
    changed.case_id = row.case_id;
    changed.version = row.version;
    changed.revision = row.revision;
    changed.case_number = std::string(row.case_number);
    changed.previous = row.previous;
    changed.change = result.change;
    changed.outcome = outcome ? *screening : std::move(*screening);
  }
  if (outcome) {
    outcome->case_id = row.case_id;
    outcome->recommendation = recommendation;
    outcome->verdicts.assign(out.verdicts, at, rule_count);
    outcome->democracy_flag = democracy_flag;
    outcome->screening = std::move(screening);
  }
  return true;
}

}  // namespace granska::workflow
