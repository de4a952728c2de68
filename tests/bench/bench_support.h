// What the benchmarks share: the clock they give the solver, the memory figure they print, and
// reading their numeric options.
#pragma once

#include <sys/resource.h>

#include <charconv>
#include <chrono>
#include <string>
#include <cstdint>

namespace dialogdag::bench {

// Reads a whole decimal number (a command-line value); false when `text` is anything else.
template <class Int>
bool parse(const std::string& text, Int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

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
