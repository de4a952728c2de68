// What the benchmarks share: the clock they give the solver and the memory figure they print.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstdint>

namespace dialogdag::bench {

// Monotonic milliseconds (the solver's injected clock, and the benchmarks' stopwatch).
inline std::int64_t monotonic_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Peak resident memory of this process so far, in kilobytes (getrusage, Linux).
inline long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace dialogdag::bench
