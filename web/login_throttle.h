// Slows down password guessing. Each e-mail address gets kFreeAttempts failed attempts; after
// that every further attempt must wait, kFirstWait after the fifth failure and twice as long
// after each further one (at most kMaxWait). An attempt refused for waiting is not a failure:
// it does not lengthen the wait. A success clears the address; failures are forgotten
// kForgetAfter after the last one. Kept in memory: a restart forgets it, which costs an
// attacker a restart of our server, not a bypass. The table is bounded: past kMaxTracked
// addresses, those not waiting are dropped.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "data/database.h"

namespace dialogdag::web {

class LoginThrottle {
 public:
  static constexpr int kFreeAttempts = 5;
  static constexpr std::chrono::seconds kFirstWait{30};
  static constexpr std::chrono::seconds kMaxWait{15 * 60};
  static constexpr std::chrono::seconds kForgetAfter{24 * 60 * 60};
  static constexpr std::size_t kMaxTracked = 10'000;

  // How long an attempt for `email` (any case) must still wait at `now`; nullopt when it may
  // go ahead.
  std::optional<std::chrono::seconds> wait_needed(const std::string& email, data::Instant now);
  // A wrong password for `email` at `now`. Returns the wait the next attempt faces (nullopt
  // while the address has free attempts left).
  std::optional<std::chrono::seconds> record_failure(const std::string& email, data::Instant now);
  void record_success(const std::string& email);

 private:
  struct State {
    int failures = 0;
    data::Instant last_failure{};
    data::Instant blocked_until{};
  };
  // REQUIRES: mutex_ held.
  void drop_unblocked(data::Instant now);

  std::mutex mutex_;
  std::unordered_map<std::string, State> states_;  // by lower-cased e-mail
};

}  // namespace dialogdag::web
