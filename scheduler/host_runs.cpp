// The search of host_runs.h. Filling a run is closed under taking sub-runs (a matching of the
// larger run's slots matches the smaller one's), and meeting the guests under taking larger
// runs; so for the last host only the longest fillable run from each first slot is asked.
#include "scheduler/host_runs.h"

#include <bit>
#include <cstddef>
#include <functional>

namespace dialogdag::sched {
namespace {

// Bits first..last (none when last < first).
std::uint64_t run_mask(int first, int last) {
  if (last < first) return 0;
  const int length = last - first + 1;
  const std::uint64_t ones = length >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << length) - 1;
  return ones << first;
}

// For each first slot a, the last slot b such that every slot of a..b that is not locked gets a
// meeting of its own (a - 1 when slot a cannot).
std::vector<int> longest_fillable_runs(const HostRunsQuestion::Host& host, int slots) {
  std::vector<int> last(slots, -1);
  for (int a = 0; a < slots; ++a) {
    std::vector<int> owner(host.meetings.size(), -1);  // meeting -> slot
    std::vector<char> seen;
    std::function<bool(int)> augment = [&](int s) {
      for (std::size_t i = 0; i < host.meetings.size(); ++i) {
        if (seen[i] || !(host.meetings[i] >> s & 1)) continue;
        seen[i] = 1;
        if (owner[i] < 0 || augment(owner[i])) {
          owner[i] = s;
          return true;
        }
      }
      return false;
    };
    int b = a;
    for (; b < slots; ++b) {
      if (host.locked >> b & 1) continue;
      seen.assign(host.meetings.size(), 0);
      if (!augment(b)) break;
    }
    last[a] = b - 1;
  }
  return last;
}

// Whether every guest gets a (host, slot) pair of its own within `runs` (per host), outside the
// locked slots: Kuhn's augmenting paths over the 64 pair bits.
bool guests_met(const HostRunsQuestion& q, const std::vector<std::uint64_t>& runs) {
  std::vector<std::uint64_t> allowed;
  std::uint64_t any = 0;
  for (const auto& per_host : q.guests) {
    std::uint64_t mask = 0;
    for (std::size_t h = 0; h < q.hosts.size(); ++h)
      mask |= (per_host[h] & runs[h] & ~q.hosts[h].locked) << (h * q.slots);
    if (!mask) return false;
    allowed.push_back(mask);
    any |= mask;
  }
  if (static_cast<std::size_t>(std::popcount(any)) < allowed.size()) return false;
  std::vector<int> owner(64, -1);  // pair bit -> guest
  std::uint64_t seen = 0;
  std::function<bool(int)> augment = [&](int g) {
    for (std::uint64_t left = allowed[g] & ~seen; left; left &= left - 1) {
      const int bit = std::countr_zero(left);
      if (seen >> bit & 1) continue;  // taken by a deeper call meanwhile
      seen |= std::uint64_t{1} << bit;
      if (owner[bit] < 0 || augment(owner[bit])) {
        owner[bit] = g;
        return true;
      }
    }
    return false;
  };
  for (std::size_t g = 0; g < allowed.size(); ++g) {
    seen = 0;
    if (!augment(static_cast<int>(g))) return false;
  }
  return true;
}

}  // namespace

bool can_run_without_break(const HostRunsQuestion& q) {
  const int hosts = static_cast<int>(q.hosts.size());
  if (hosts == 0) return q.guests.empty();
  if (hosts > 2 || hosts * q.slots > 64) return true;
  std::vector<std::vector<int>> last(hosts);
  for (int h = 0; h < hosts; ++h) last[h] = longest_fillable_runs(q.hosts[h], q.slots);
  // A run of host h from a to b: fillable, and holding its locked slots.
  auto holds_locks = [&](int h, std::uint64_t run) {
    return (q.hosts[h].locked & ~run) == 0;
  };
  // The last host's runs within first..last_slot (inclusive), beside `others`: true when one of
  // them (or none, without locked slots) meets the guests.
  std::vector<std::uint64_t> runs(hosts, 0);
  const int final_host = hosts - 1;
  auto last_host_fits = [&](int first, int last_slot) {
    int tested_end = -1;
    for (int a = first; a <= last_slot; ++a) {
      const int b = std::min(last[final_host][a], last_slot);
      if (b < a || b == tested_end) continue;  // a sub-run of one tested already
      const std::uint64_t run = run_mask(a, b);
      if (!holds_locks(final_host, run)) continue;
      tested_end = b;
      runs[final_host] = run;
      if (guests_met(q, runs)) return true;
    }
    return false;
  };
  auto last_host_any = [&](std::uint64_t taken) {
    if (q.hosts[final_host].locked == 0) {
      runs[final_host] = 0;
      if (guests_met(q, runs)) return true;
    }
    if (!taken) return last_host_fits(0, q.slots - 1);
    const int first_taken = std::countr_zero(taken);
    const int last_taken = 63 - std::countl_zero(taken);
    return last_host_fits(0, first_taken - 1) || last_host_fits(last_taken + 1, q.slots - 1);
  };
  if (hosts == 1) return last_host_any(0);
  // Two hosts: every run of the first (or none), then the second's longest runs beside it.
  if (q.hosts[0].locked == 0) {
    runs[0] = 0;
    if (last_host_any(0)) return true;
  }
  for (int a = 0; a < q.slots; ++a)
    for (int b = a; b <= last[0][a]; ++b) {
      const std::uint64_t run = run_mask(a, b);
      if (!holds_locks(0, run)) continue;
      runs[0] = run;
      if (last_host_any(run)) return true;
    }
  return false;
}

}  // namespace dialogdag::sched
