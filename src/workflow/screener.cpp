#include "workflow/screener.hpp"

namespace granska::workflow {

domain::CaseStatus RouteFor(const std::string& recommendation) {
  if (recommendation == "flag") return domain::CaseStatus::kReferred;
  if (recommendation == "needs_info") return domain::CaseStatus::kNeedsInfo;
  return domain::CaseStatus::kInReview;
}

}  // namespace granska::workflow
