// Slows down password guessing. Each e-mail address gets a few free failed attempts; after
// that every further attempt must wait, and the wait doubles with each failure (up to a cap).
// A success clears the address. Kept in memory: a restart forgets it, which costs an attacker
// a restart of our server, not a bypass.
// Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "data/database.h"

namespace dialogdag::web {

class LoginThrottle {
 public:
  static constexpr int kFreeAttempts = 5;

  // How long an attempt for `email` must still wait at `now`; nullopt when it may go ahead.
  std::optional<std::chrono::seconds> wait_needed(const std::string& email, data::Instant now);
  void record_failure(const std::string& email, data::Instant now);
  void record_success(const std::string& email);

 private:
  struct State {
    int failures = 0;
    data::Instant blocked_until{};
  };
  std::mutex mutex_;
  std::unordered_map<std::string, State> states_;  // by lower-cased e-mail
};

}  // namespace dialogdag::web
