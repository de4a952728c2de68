// The search of host_runs.h. A choice of runs is a sequence of runs in time order, each with
// its host, and their first slots. Filling a run is closed under taking sub-runs (a matching of
// the larger run's slots matches the smaller one's) and meeting the guests and holding the
// locks under taking larger runs; so each run only needs asking at its longest: as far as it
// can be filled from its first slot, up to the next run (and a slot short of it where that is
// the same host's: two runs of one host have a gap between them).
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

int least_host_breaks(const HostRunsQuestion& q, int most) {
  const int hosts = static_cast<int>(q.hosts.size());
  if (hosts == 0 || hosts > 2 || hosts * q.slots > 64) return 0;
  std::vector<std::vector<int>> last(hosts);
  for (int h = 0; h < hosts; ++h) last[h] = longest_fillable_runs(q.hosts[h], q.slots);

  std::vector<int> host_of, first;  // per run of the sequence being asked
  std::vector<std::uint64_t> runs(hosts);
  // The first slots of runs i.. (each after the one before), then the runs at their longest.
  std::function<bool(std::size_t, int)> place = [&](std::size_t i, int from) {
    if (i == host_of.size()) {
      runs.assign(hosts, 0);
      for (std::size_t r = 0; r < host_of.size(); ++r) {
        int end = last[host_of[r]][first[r]];
        if (r + 1 < host_of.size())
          end = std::min(end, first[r + 1] - 1 - (host_of[r + 1] == host_of[r] ? 1 : 0));
        if (end < first[r]) return false;
        runs[host_of[r]] |= run_mask(first[r], end);
      }
      for (int h = 0; h < hosts; ++h)
        if (q.hosts[h].locked & ~runs[h]) return false;
      return guests_met(q, runs);
    }
    const int gap = i > 0 && host_of[i] == host_of[i - 1] ? 1 : 0;
    for (int a = from + gap; a < q.slots; ++a) {
      if (last[host_of[i]][a] < a) continue;  // slot a itself cannot be busy
      first[i] = a;
      if (place(i + 1, a + 1)) return true;
    }
    return false;
  };
  // Every sequence of hosts with exactly `breaks` repeats (a host's runs beyond its first).
  std::function<bool(std::size_t, int)> sequences = [&](std::size_t length, int breaks) {
    if (host_of.size() == length) {
      std::vector<int> count(hosts, 0);
      for (int h : host_of) ++count[h];
      int repeats = 0;
      for (int h = 0; h < hosts; ++h) repeats += count[h] > 1 ? count[h] - 1 : 0;
      if (repeats != breaks) return false;
      first.assign(length, 0);
      return place(0, 0);
    }
    for (int h = 0; h < hosts; ++h) {
      host_of.push_back(h);
      const bool found = sequences(length, breaks);
      host_of.pop_back();
      if (found) return true;
    }
    return false;
  };
  for (int breaks = 0; breaks <= most; ++breaks)
    for (int length = 0; length <= hosts + breaks; ++length)
      if (sequences(static_cast<std::size_t>(length), breaks)) return breaks;
  return most + 1;
}

}  // namespace dialogdag::sched
