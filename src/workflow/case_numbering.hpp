#pragma once
// Diarienummer after commit (issue 10). A submission commits its case without a number;
// then a numbering transaction locks the year's counter row and, in one statement, numbers
// every committed, unnumbered case of that year in id order, records a `numbered` event per
// case (in the system's name) and advances the counter; then it commits. The submissions
// themselves commit in parallel (their WAL flushes are shared by group commit), and one
// numbering transaction numbers everything that committed meanwhile. The numbers stay
// gap-free and unique: only committed cases get one, in the transaction that moves the
// counter.
//
// Within one process the requests waiting for a number form a queue: one of them (the
// leader) runs the numbering transaction for all queued cases while the others wait on a
// condition variable, so a process holds the counter at most once at a time and a request
// never takes the database lock only to find its case already numbered. Several processes
// take turns on the counter row; whichever runs first numbers the other's waiting cases
// too. A request answers only with its number (AwaitNumber). A process that dies between
// a case's commit and its numbering leaves the case to the next batch of that year, or to
// the sweep that the server runs at start and with its background jobs (NumberPending).
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "workflow/ports.hpp"

namespace granska::workflow {

class CaseNumbering {
 public:
  explicit CaseNumbering(Database& db) : db_(db) {}
  CaseNumbering(const CaseNumbering&) = delete;
  CaseNumbering& operator=(const CaseNumbering&) = delete;

  // Returns the number of the committed case `case_id` (submitted in `year`), numbering it
  // and every other waiting case of that year first if nobody has yet. Thread-safe.
  std::string AwaitNumber(std::int64_t case_id, int year);

  // The same for a caller that is not the case's submitting request (an Idempotency-Key
  // replay of a case whose number has not come yet): a numbering transaction of its own,
  // outside the queue, since the submitting request may be waiting in the queue for the
  // same case. Throws std::runtime_error when the case cannot be numbered now.
  std::string NumberNow(std::int64_t case_id, int year);

  // Numbers every committed, unnumbered case of every year; returns how many it numbered.
  std::int64_t NumberPending();

 private:
  struct Waiting {
    std::int64_t case_id;
    int year;
  };
  // One numbering transaction per year of `batch`, adding each case's number to `numbers`
  // as its year commits (so a later year's failure keeps the earlier years' numbers), and
  // to `others` the numbers it gave to cases outside the batch.
  void RunBatch(const std::vector<Waiting>& batch, std::map<std::int64_t, std::string>& numbers,
                std::map<std::int64_t, std::string>& others);
  // With mutex_ held: takes the number a batch gave to `case_id` outside its own batch.
  bool TakeGiven(std::int64_t case_id, std::string& number);
  // With mutex_ held: keeps `others` (numbers a batch gave outside itself) for their
  // requests, dropping the oldest beyond the bound.
  void KeepGiven(std::map<std::int64_t, std::string>& others);

  Database& db_;
  std::mutex mutex_;
  std::condition_variable done_;
  bool leader_active_ = false;
  std::vector<Waiting> queue_;                    // waiting for the next batch
  std::map<std::int64_t, std::string> numbers_;   // numbered, not yet collected by their request
  std::map<std::int64_t, std::string> failures_;  // the batch that carried them failed: why
  // Numbers a batch gave to committed cases whose requests had not yet queued (or belong
  // to another process): a request finds its number here without a batch of its own.
  // Bounded: the oldest are dropped (such a request then reads its number from the table).
  std::map<std::int64_t, std::string> given_;
  std::deque<std::int64_t> given_order_;
};

}  // namespace granska::workflow
