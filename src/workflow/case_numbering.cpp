#include "workflow/case_numbering.hpp"

#include <stdexcept>

namespace granska::workflow {
namespace {

// Under the year's counter lock: numbers the year's waiting cases; returns their numbers.
std::map<std::int64_t, std::string> NumberYear(UnitOfWork& uow, int year) {
  uow.Cases().LockNumberCounter(year);
  // A statement of its own after the lock, so that it sees what the previous holder committed.
  return uow.Cases().NumberWaiting(year);
}

constexpr std::size_t kGivenKept = 4096;

}  // namespace

void CaseNumbering::RunBatch(const std::vector<Waiting>& batch, std::map<std::int64_t, std::string>& numbers,
                             std::map<std::int64_t, std::string>& others) {
  std::map<int, std::vector<std::int64_t>> by_year;
  for (const auto& w : batch) by_year[w.year].push_back(w.case_id);
  for (const auto& [year, ids] : by_year) {  // one counter lock at a time, in year order
    auto uow = db_.Begin();
    auto numbered = NumberYear(*uow, year);
    // Cases of this batch that another process's batch numbered first: read theirs.
    std::vector<std::int64_t> elsewhere;
    for (const std::int64_t id : ids)
      if (!numbered.count(id)) elsewhere.push_back(id);
    auto found = elsewhere.empty() ? std::map<std::int64_t, std::string>() : uow->Cases().CaseNumbers(elsewhere);
    if (!numbered.empty()) uow->Commit();  // otherwise rolled back: nothing was written
    for (const std::int64_t id : ids) {
      if (auto n = numbered.find(id); n != numbered.end()) {
        numbers[id] = std::move(n->second);
        numbered.erase(n);
      } else if (auto f = found.find(id); f != found.end()) {
        numbers[id] = std::move(f->second);
      }
    }
    if (!numbered.empty()) others.merge(numbered);
  }
}

bool CaseNumbering::TakeGiven(std::int64_t case_id, std::string& number) {
  const auto g = given_.find(case_id);
  if (g == given_.end()) return false;
  number = std::move(g->second);
  given_.erase(g);
  return true;
}

void CaseNumbering::KeepGiven(std::map<std::int64_t, std::string>& others) {
  for (auto& [id, n] : others) {
    given_[id] = std::move(n);
    given_order_.push_back(id);
  }
  while (given_order_.size() > kGivenKept) {
    given_.erase(given_order_.front());
    given_order_.pop_front();
  }
}

std::string CaseNumbering::NumberNow(std::int64_t case_id, int year) {
  std::map<std::int64_t, std::string> numbers, others;
  RunBatch({{case_id, year}}, numbers, others);
  {
    std::lock_guard lock(mutex_);
    KeepGiven(others);
  }
  auto n = numbers.find(case_id);
  if (n == numbers.end())
    throw std::runtime_error("case " + std::to_string(case_id) + " is not a committed case of " + std::to_string(year));
  return n->second;
}

std::string CaseNumbering::AwaitNumber(std::int64_t case_id, int year) {
  std::unique_lock lock(mutex_);
  std::string number;
  if (TakeGiven(case_id, number)) return number;  // numbered by a batch that ran since its commit
  queue_.push_back({case_id, year});
  for (;;) {
    if (auto n = numbers_.find(case_id); n != numbers_.end()) {
      number = std::move(n->second);
      numbers_.erase(n);
      return number;
    }
    if (TakeGiven(case_id, number)) {  // numbered by a batch it was not part of: leave the queue
      std::erase_if(queue_, [&](const Waiting& w) { return w.case_id == case_id; });
      return number;
    }
    if (auto f = failures_.find(case_id); f != failures_.end()) {
      const std::string why = std::move(f->second);
      failures_.erase(f);
      throw std::runtime_error("case " + std::to_string(case_id) + " was stored but not yet numbered: " + why);
    }
    if (leader_active_) {
      done_.wait(lock);
      continue;
    }
    // Lead: take everyone queued so far (this request included) into one batch, except
    // those an earlier batch already numbered.
    leader_active_ = true;
    std::vector<Waiting> batch;
    for (const auto& w : queue_) {
      if (std::string given; TakeGiven(w.case_id, given))
        numbers_[w.case_id] = std::move(given);
      else
        batch.push_back(w);
    }
    queue_.clear();
    lock.unlock();
    std::map<std::int64_t, std::string> numbers, others;
    std::string failure;
    try {
      RunBatch(batch, numbers, others);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    lock.lock();
    for (const auto& w : batch) {
      if (auto n = numbers.find(w.case_id); n != numbers.end())
        numbers_[w.case_id] = std::move(n->second);
      else
        failures_[w.case_id] = failure.empty() ? "it is not a committed case of " + std::to_string(w.year) : failure;
    }
    KeepGiven(others);
    leader_active_ = false;
    done_.notify_all();
  }
}

std::int64_t CaseNumbering::NumberPending() {
  std::int64_t numbered = 0;
  std::vector<int> years;
  {
    auto uow = db_.Begin();
    years = uow->Cases().YearsWithUnnumbered();
  }
  for (const int year : years) {  // one transaction per year: one counter lock at a time
    auto uow = db_.Begin();
    const auto n = static_cast<std::int64_t>(NumberYear(*uow, year).size());
    if (n > 0) uow->Commit();
    numbered += n;
  }
  return numbered;
}

}  // namespace granska::workflow
