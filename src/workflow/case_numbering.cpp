#include "workflow/case_numbering.hpp"

#include <cstdio>
#include <stdexcept>

#include "domain/json_text.hpp"

namespace granska::workflow {

std::string FormatCaseNumber(int year, int sequence) {
  char number[32];
  std::snprintf(number, sizeof number, "%04d-%05d", year, sequence);
  return number;
}

std::int64_t CaseNumbering::NumberYear(UnitOfWork& uow, int year) {
  auto& cases = uow.Cases();
  int last = cases.LockNumberCounter(year);
  const auto waiting = cases.Unnumbered(year);
  const domain::Actor system{};  // the numbering is the system's doing, whoever's request ran it
  for (const std::int64_t id : waiting) {
    const std::string number = FormatCaseNumber(year, ++last);
    cases.SetCaseNumber(id, last, number);
    domain::JsonWriter detail;
    detail.BeginObject().Field("case_number", number).EndObject();
    uow.Events().Append(id, system, "numbered", detail.Text());
  }
  if (!waiting.empty()) cases.SetNumberCounter(year, last);
  return static_cast<std::int64_t>(waiting.size());
}

std::string CaseNumbering::AwaitNumber(std::int64_t case_id, int year) const {
  auto uow = db_.Begin();
  // Waits here while another request's batch holds the counter; that batch may number
  // this case too.
  uow->Cases().LockNumberCounter(year);
  if (auto number = uow->Cases().CaseNumberOf(case_id)) return *number;  // rolled back: nothing written
  NumberYear(*uow, year);
  auto number = uow->Cases().CaseNumberOf(case_id);
  if (!number) throw std::logic_error("case " + std::to_string(case_id) + " is not a committed case of " +
                                      std::to_string(year) + " waiting for a number");
  uow->Commit();
  return *number;
}

std::int64_t CaseNumbering::NumberPending() const {
  std::int64_t numbered = 0;
  std::vector<int> years;
  {
    auto uow = db_.Begin();
    years = uow->Cases().YearsWithUnnumbered();
  }
  for (const int year : years) {  // one transaction per year: one counter lock at a time
    auto uow = db_.Begin();
    numbered += NumberYear(*uow, year);
    uow->Commit();
  }
  return numbered;
}

}  // namespace granska::workflow
