#pragma once
// Read use cases over cases: the filtered list and one whole case.
#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "domain/user.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

class CaseQueries {
 public:
  explicit CaseQueries(Database& db) : db_(db) {}
  Page<domain::CaseSummary> List(const CaseFilter& filter);
  // For use cases that read a case on their own behalf: not authorized, not recorded.
  domain::Result<domain::CaseDetail> Get(std::int64_t case_id);
  // A user reads the case (application with names in the clear, screening, timeline):
  // authorized by the matrix (kReadCases; 403 after jäv) and recorded as `case_file_viewed`
  // in the same transaction as the read.
  domain::Result<domain::CaseDetail> Open(const domain::Actor& actor, std::int64_t case_id);
  Page<domain::CaseSummary> Queue(const QueueFilter& filter);

 private:
  Database& db_;
};

}  // namespace granska::workflow
