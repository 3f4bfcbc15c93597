#pragma once
// Read use cases over cases: the filtered list and one whole case.
#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

// The whole case read inside `uow` (with its active legal hold and secrecy marks);
// nullopt when there is none or it was culled.
std::optional<domain::CaseDetail> ReadCaseDetail(UnitOfWork& uow, std::int64_t case_id);

class CaseQueries {
 public:
  explicit CaseQueries(Database& db) : db_(db) {}
  Page<domain::CaseSummary> List(const CaseFilter& filter);
  domain::Result<domain::CaseDetail> Get(std::int64_t case_id);
  Page<domain::CaseSummary> Queue(const QueueFilter& filter);

 private:
  Database& db_;
};

}  // namespace granska::workflow
