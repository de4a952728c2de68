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

constexpr std::chrono::seconds kFirstWait{2};
constexpr std::chrono::seconds kMaxWait{15 * 60};

}  // namespace

std::optional<std::chrono::seconds> LoginThrottle::wait_needed(const std::string& email,
                                                               data::Instant now) {
  std::lock_guard lock(mutex_);
  const auto at = states_.find(lowered(email));
  if (at == states_.end() || now >= at->second.blocked_until) return std::nullopt;
  return std::chrono::ceil<std::chrono::seconds>(at->second.blocked_until - now);
}

void LoginThrottle::record_failure(const std::string& email, data::Instant now) {
  std::lock_guard lock(mutex_);
  State& state = states_[lowered(email)];
  ++state.failures;
  if (state.failures < kFreeAttempts) return;
  const int doublings = std::min(state.failures - kFreeAttempts, 10);
  state.blocked_until = now + std::min<std::chrono::seconds>(kFirstWait * (1 << doublings), kMaxWait);
}

void LoginThrottle::record_success(const std::string& email) {
  std::lock_guard lock(mutex_);
  states_.erase(lowered(email));
}

}  // namespace dialogdag::web
