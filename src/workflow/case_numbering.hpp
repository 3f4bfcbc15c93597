#pragma once
// Diarienummer after commit (issue 10). A submission commits its case without a number;
// then a short numbering transaction locks the year's counter row, numbers every
// committed, unnumbered case of that year in id order, advances the counter and records a
// `numbered` event per case, and commits. Whoever holds the counter numbers the cases of
// everyone who committed meanwhile, so under load one WAL flush numbers a whole batch,
// while the submissions themselves commit in parallel (their flushes are shared by group
// commit). The numbers stay gap-free and unique: only committed cases get one, and the
// counter moves in the same transaction as the numbers it hands out.
//
// A submitting request waits for its own case's number before it answers (AwaitNumber),
// so the API's 201 always carries the number. A process that dies between its commit and
// its numbering leaves the case for the next batch of that year, or for the sweep that
// the server runs at start and with its background jobs (NumberPending).
#include <cstdint>
#include <optional>
#include <string>

#include "workflow/ports.hpp"

namespace granska::workflow {

// "2026-00042": the year and the year's sequence, at least five digits.
std::string FormatCaseNumber(int year, int sequence);

class CaseNumbering {
 public:
  explicit CaseNumbering(Database& db) : db_(db) {}

  // Returns the number of the committed case `case_id` (submitted in `year`), numbering it
  // and every other waiting case of that year first if nobody has yet.
  std::string AwaitNumber(std::int64_t case_id, int year) const;

  // Numbers every committed, unnumbered case of every year; returns how many it numbered.
  std::int64_t NumberPending() const;

 private:
  // Numbers the year's waiting cases under the counter lock, in `uow`; returns how many.
  static std::int64_t NumberYear(UnitOfWork& uow, int year);

  Database& db_;
};

}  // namespace granska::workflow
