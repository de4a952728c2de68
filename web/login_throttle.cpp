#include "web/login_throttle.h"

#include <algorithm>
#include <cctype>

namespace dialogdag::web {
namespace {

std::string lowered(const std::string& email) {
  std::string key = email;
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

std::chrono::seconds until(data::Instant later, data::Instant now) {
  return std::chrono::ceil<std::chrono::seconds>(later - now);
}

}  // namespace

std::optional<std::chrono::seconds> LoginThrottle::wait_needed(const std::string& email,
                                                               data::Instant now) {
  std::lock_guard lock(mutex_);
  const auto at = states_.find(lowered(email));
  if (at == states_.end() || now >= at->second.blocked_until) return std::nullopt;
  return until(at->second.blocked_until, now);
}

std::optional<std::chrono::seconds> LoginThrottle::record_failure(const std::string& email,
                                                                  data::Instant now) {
  std::lock_guard lock(mutex_);
  if (states_.size() >= kMaxTracked) drop_unblocked(now);
  State& state = states_[lowered(email)];
  if (state.failures > 0 && now - state.last_failure >= kForgetAfter) state = State{};
  ++state.failures;
  state.last_failure = now;
  if (state.failures < kFreeAttempts) return std::nullopt;
  const int doublings = std::min(state.failures - kFreeAttempts, 10);
  state.blocked_until =
      now + std::min<std::chrono::seconds>(kFirstWait * (1 << doublings), kMaxWait);
  return until(state.blocked_until, now);
}

void LoginThrottle::record_success(const std::string& email) {
  std::lock_guard lock(mutex_);
  states_.erase(lowered(email));
}

void LoginThrottle::drop_unblocked(data::Instant now) {
  std::erase_if(states_, [now](const auto& entry) { return now >= entry.second.blocked_until; });
}

}  // namespace dialogdag::web
