// CBC's answers to "an integer point whose objective is at least k?" for k = top, top - 1, ...,
// asked on a thread of its own while the caller goes on searching (the solver's SAT rounds at
// the preferred-slot level, settle_lower_levels in solver.cpp).
//
// Contract: the answer at each level is the one LinearProgram::best_integer_point gives when
// asked that level alone with the same node limit (CBC's answer, reached by the same steps), so
// a caller that takes an answer where it would otherwise have asked CBC itself ends with the
// same result, only sooner; refutations ("no point reaches k") are facts it may use at any time.
// The thread asks the levels in order and stops at the first that is not refuted (its answer
// is kept), at a level the caller no longer needs (see not_needed_from), or when destroyed.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "scheduler/lp.h"

namespace dialogdag::sched {

class LevelSearch {
 public:
  // Starts the thread, asking `programme` from `top` down, each level with at most `max_nodes`
  // nodes. It has no clock: the caller ends it (destroys it) when its time is up.
  // REQUIRES: `programme` outlives this object.
  LevelSearch(const LinearProgram& programme, long top, int max_nodes);
  // Stops CBC at its next event and waits for the thread.
  ~LevelSearch();
  LevelSearch(const LevelSearch&) = delete;
  LevelSearch& operator=(const LevelSearch&) = delete;

  // One below the lowest level refuted so far (`top` while none is): no integer point reaches
  // more. Safe to call at any time, never waits.
  long most_refuted_below() const { return refuted_from_.load() - 1; }
  // The answer at `level`, waiting for it while the thread is on that level or above; nullopt
  // where the thread will not give it (it stopped at a level above, or was told the level is
  // not needed), or where `keep_waiting` (asked every 100 ms while waiting, when given) says no.
  std::optional<LinearProgram::IntegerSearch> answer(
      long level, const std::function<bool()>& keep_waiting = {});
  // Levels at or below `level` are not needed: the thread asks none of them, and stops CBC if it
  // is on one.
  void not_needed_from(long level);

 private:
  void run();

  const LinearProgram& programme_;
  const int max_nodes_;
  const long top_;
  std::atomic<long> refuted_from_;   // the lowest level refuted (top + 1 while none is); set
                                     // under mutex_ with that level's answer, read anywhere
  std::atomic<long> needed_above_;   // levels at or below it are not needed
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable answered_;
  std::map<long, LinearProgram::IntegerSearch> answers_;  // guarded by mutex_
  bool done_ = false;                                     // guarded by mutex_
  std::thread thread_;  // last: starts once the members above are ready
};

}  // namespace dialogdag::sched
