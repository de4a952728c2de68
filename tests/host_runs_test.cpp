// least_host_breaks (scheduler/host_runs.h): the hosts' question behind the solver's bound on
// breaks where panels share a member. Hand-made days, and agreement with a search over every
// choice of runs written here from the header's contract.
#include <doctest/doctest.h>

#include <functional>
#include <random>
#include <vector>

#include "scheduler/host_runs.h"

using dialogdag::sched::least_host_breaks;
using dialogdag::sched::HostRunsQuestion;

namespace {

std::uint64_t slots_mask(std::initializer_list<int> slots) {
  std::uint64_t mask = 0;
  for (int s : slots) mask |= std::uint64_t{1} << s;
  return mask;
}

std::uint64_t range_mask(int first, int last) {
  std::uint64_t mask = 0;
  for (int s = first; s <= last; ++s) mask |= std::uint64_t{1} << s;
  return mask;
}

// Whether each of `items` (sets of places) gets a distinct place, tried in every way.
bool all_get_one(const std::vector<std::uint64_t>& items, std::uint64_t taken = 0, size_t i = 0) {
  if (i == items.size()) return true;
  for (int place = 0; place < 64; ++place)
    if ((items[i] >> place & 1) && !(taken >> place & 1) &&
        all_get_one(items, taken | std::uint64_t{1} << place, i + 1))
      return true;
  return false;
}

// The contract, by trying every set of busy slots for every host: its runs are its maximal
// stretches of consecutive slots, each filled on its own. The fewest breaks in all, or
// most + 1.
int by_every_choice(const HostRunsQuestion& q, int most) {
  const std::uint64_t every = std::uint64_t{1} << q.slots;
  auto fillable = [&](const HostRunsQuestion::Host& host, std::uint64_t run) {
    std::vector<std::uint64_t> slots_needing;  // per free slot: the meetings that may take it
    for (int s = 0; s < q.slots; ++s)
      if ((run & ~host.locked) >> s & 1) {
        std::uint64_t meetings = 0;
        for (size_t i = 0; i < host.meetings.size(); ++i)
          if (host.meetings[i] >> s & 1) meetings |= std::uint64_t{1} << i;
        slots_needing.push_back(meetings);
      }
    return all_get_one(slots_needing);
  };
  // Per host: the busy sets that hold its locks and whose runs can each be filled, with breaks.
  std::vector<std::vector<std::pair<std::uint64_t, int>>> options(q.hosts.size());
  for (size_t h = 0; h < q.hosts.size(); ++h)
    for (std::uint64_t busy = 0; busy < every; ++busy) {
      if (q.hosts[h].locked & ~busy) continue;
      bool ok = true;
      int runs = 0;
      for (int s = 0; s < q.slots && ok; ++s) {
        if (!(busy >> s & 1) || (s > 0 && (busy >> (s - 1) & 1))) continue;
        int end = s;
        while (end + 1 < q.slots && (busy >> (end + 1) & 1)) ++end;
        ok = fillable(q.hosts[h], range_mask(s, end));
        ++runs;
      }
      if (ok) options[h].push_back({busy, runs > 1 ? runs - 1 : 0});
    }
  int best = most + 1;
  std::vector<std::uint64_t> chosen(q.hosts.size(), 0);
  std::function<void(size_t, std::uint64_t, int)> choose = [&](size_t h, std::uint64_t used,
                                                                int breaks) {
    if (breaks >= best) return;
    if (h == q.hosts.size()) {
      std::vector<std::uint64_t> wanted;
      for (const auto& per_host : q.guests) {
        std::uint64_t mask = 0;
        for (size_t k = 0; k < q.hosts.size(); ++k)
          mask |= (per_host[k] & chosen[k] & ~q.hosts[k].locked) << (k * q.slots);
        wanted.push_back(mask);
      }
      if (all_get_one(wanted)) best = breaks;
      return;
    }
    for (const auto& [busy, own] : options[h]) {
      if (busy & used) continue;
      chosen[h] = busy;
      choose(h + 1, used | busy, breaks + own);
    }
  };
  choose(0, 0, 0);
  return best;
}

}  // namespace

TEST_CASE("a host whose locked meetings leave a gap its meetings cannot fill must break") {
  HostRunsQuestion q;
  q.slots = 6;
  HostRunsQuestion::Host host;
  host.locked = slots_mask({0, 4});
  host.meetings = {slots_mask({1, 2}), slots_mask({1, 2})};  // nothing can go in slot 3
  q.hosts.push_back(host);
  CHECK(least_host_breaks(q, 0) == 1);
  q.hosts[0].meetings.push_back(slots_mask({3}));
  CHECK(least_host_breaks(q, 0) == 0);
}

TEST_CASE("locks in three places with nothing to fill between them: two breaks") {
  HostRunsQuestion q;
  q.slots = 7;
  HostRunsQuestion::Host host;
  host.locked = slots_mask({0, 3, 6});
  host.meetings = {slots_mask({1})};  // slot 1 only: 2, 4 and 5 stay empty
  q.hosts.push_back(host);
  CHECK(least_host_breaks(q, 1) == 2);  // "more than 1"
  CHECK(least_host_breaks(q, 2) == 2);
  CHECK(least_host_breaks(q, 3) == 2);
}

TEST_CASE("two panels sharing a member, a lock in the middle and early and late guests: a break") {
  // Panel B is locked in slot 4 of 0..8; panel A must meet a guest who can come only in slot 0
  // and one who can come only in slot 8. A's run would have to hold both ends of the day, over
  // B's lock.
  HostRunsQuestion q;
  q.slots = 9;
  HostRunsQuestion::Host a, b;
  for (int k = 0; k < 9; ++k) a.meetings.push_back(range_mask(0, 8));
  b.locked = slots_mask({4});
  for (int k = 0; k < 4; ++k) b.meetings.push_back(range_mask(0, 8));
  q.hosts = {a, b};
  q.guests = {{slots_mask({0}), 0}, {slots_mask({8}), 0}};
  CHECK(least_host_breaks(q, 0) == 1);
  CHECK(least_host_breaks(q, 2) == 1);  // A, then B, then A again
  // Without the late guest, A can hold 0..3 and B 4..8 (or less).
  q.guests.pop_back();
  CHECK(least_host_breaks(q, 0) == 0);
  // A guest who may meet either panel in slot 8 leaves B the end of the day.
  q.guests.push_back({slots_mask({8}), slots_mask({8})});
  CHECK(least_host_breaks(q, 0) == 0);
}

TEST_CASE("guests need slots of their own within the runs") {
  // One host, three guests who can come only in slots 2 and 3: one of them cannot be met.
  HostRunsQuestion q;
  q.slots = 5;
  HostRunsQuestion::Host host;
  for (int k = 0; k < 5; ++k) host.meetings.push_back(range_mask(0, 4));
  q.hosts = {host};
  q.guests = {{slots_mask({2, 3})}, {slots_mask({2, 3})}, {slots_mask({2, 3})}};
  CHECK(least_host_breaks(q, 0) == 1);
  q.guests.pop_back();
  CHECK(least_host_breaks(q, 0) == 0);
}

TEST_CASE("least_host_breaks agrees with trying every set of busy slots") {
  std::mt19937 rng(20261128);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto random_slots = [&](int slots) {
    const int first = pick(0, slots - 1), last = pick(first, slots - 1);
    std::uint64_t mask = range_mask(first, last);
    if (pick(0, 3) == 0) mask &= ~slots_mask({pick(0, slots - 1)});
    return mask;
  };
  std::vector<int> seen(4, 0);  // how often each answer came, 0..3
  for (int round = 0; round < 800; ++round) {
    HostRunsQuestion q;
    q.slots = pick(3, 7);
    const int hosts = pick(1, 2);
    for (int h = 0; h < hosts; ++h) {
      HostRunsQuestion::Host host;
      const int meetings = pick(0, 6);
      for (int i = 0; i < meetings; ++i) host.meetings.push_back(random_slots(q.slots));
      for (int k = pick(0, 2); k > 0; --k) host.locked |= slots_mask({pick(0, q.slots - 1)});
      q.hosts.push_back(host);
    }
    if (hosts == 2) q.hosts[1].locked &= ~q.hosts[0].locked;  // a shared member: never both
    const int guests = pick(0, 4);
    for (int g = 0; g < guests; ++g) {
      std::vector<std::uint64_t> per_host(hosts, 0);
      for (int h = 0; h < hosts; ++h)
        if (pick(0, 1) == 0 || h == hosts - 1) per_host[h] = random_slots(q.slots);
      q.guests.push_back(per_host);
    }
    const int most = pick(0, 2);
    CAPTURE(round);
    CAPTURE(most);
    const int expected = by_every_choice(q, most);
    CHECK(least_host_breaks(q, most) == expected);
    ++seen[expected];
  }
  MESSAGE("answers 0, 1, 2, 3: " << seen[0] << ", " << seen[1] << ", " << seen[2] << ", "
                                  << seen[3]);
  CHECK(seen[0] > 100);
  CHECK(seen[1] > 50);
  CHECK(seen[2] > 20);
}
