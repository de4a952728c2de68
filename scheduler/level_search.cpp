#include "scheduler/level_search.h"

#include <chrono>
#include <limits>

namespace dialogdag::sched {

LevelSearch::LevelSearch(const LinearProgram& programme, long top, int max_nodes)
    : programme_(programme),
      max_nodes_(max_nodes),
      top_(top),
      refuted_from_(top + 1),
      needed_above_(std::numeric_limits<long>::min()),
      thread_([this] { run(); }) {}

LevelSearch::~LevelSearch() {
  stopping_ = true;
  thread_.join();
}

void LevelSearch::run() {
  for (long level = top_; level > needed_above_.load() && !stopping_; --level) {
    LinearProgram::IntegerSearch search = programme_.best_integer_point(
        static_cast<double>(level), max_nodes_,
        [this, level] { return !stopping_ && level > needed_above_.load(); });
    // Stopped from here: not CBC's own answer at this level, so not given out.
    if (stopping_ || level <= needed_above_.load()) break;
    const bool refuted = search.end == LinearProgram::IntegerSearch::End::kNone;
    {
      // The refutation is known before the answer is given out: a caller that has the answer
      // sees it in most_refuted_below() too.
      const std::lock_guard<std::mutex> lock(mutex_);
      if (refuted) refuted_from_ = level;
      answers_.emplace(level, std::move(search));
    }
    answered_.notify_all();
    if (!refuted) break;
  }
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  answered_.notify_all();
}

std::optional<LinearProgram::IntegerSearch> LevelSearch::answer(
    long level, const std::function<bool()>& keep_waiting) {
  std::unique_lock<std::mutex> lock(mutex_);
  // Each level the thread passes is answered or ends it (done_), so the wait always ends.
  const auto known = [&] { return level > top_ || done_ || answers_.count(level) > 0; };
  while (!answered_.wait_for(lock, std::chrono::milliseconds(100), known)) {
    if (!keep_waiting) continue;
    lock.unlock();  // keep_waiting may take its time (a progress report)
    const bool wait_on = keep_waiting();
    lock.lock();
    if (!wait_on && !known()) return std::nullopt;
  }
  const auto found = answers_.find(level);
  if (found == answers_.end()) return std::nullopt;
  return found->second;
}

void LevelSearch::not_needed_from(long level) {
  long known = needed_above_.load();
  while (level > known && !needed_above_.compare_exchange_weak(known, level)) {
  }
}

}  // namespace dialogdag::sched
