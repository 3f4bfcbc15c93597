#pragma once
// Read use cases over cases: the filtered list and one whole case.
#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

// The whole case as stored, read inside the caller's transaction (the API's case and the
// officer's case file read the same); nullopt when there is no such case.
std::optional<domain::CaseDetail> LoadCaseDetail(UnitOfWork& uow, std::int64_t case_id);

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
