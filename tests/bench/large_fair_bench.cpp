// large_fair_bench: the anytime promise of issue 3 on a synthetic fair far larger than the
// published ones: 1,000 participants and 5,000 meetings (B2B shape: every meeting required,
// N tables, morning and afternoon sessions, some forbidden slots, fairness d = 2). Prints one
// Markdown row per seed: status, breaks, lower bound, time, peak memory, checker verdict.
// Not a test: it measures. Usage:
//   large_fair_bench [--time-limit-ms N] [--participants P] [--meetings M] [--seeds K]
#include <algorithm>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "scheduler/checker.h"
#include "scheduler/json_io.h"
#include "scheduler/solver.h"
#include "tests/bench/bench_support.h"

using namespace dialogdag::sched;
using dialogdag::bench::monotonic_ms;
using dialogdag::bench::parse;
using dialogdag::bench::peak_rss_kb;

namespace {

constexpr int kSlots = 24, kMorningSlots = 10;

// A fair of `participants` and `meetings` with 24 slots. Each participant has at most 18
// meetings (so every meeting fits, with room to choose), a tenth of the meetings are tied to a
// session, one participant in twenty cannot come to two slots. Tables: 30 % more than the
// average meetings per slot. The same seed gives the same fair.
Instance synthetic_fair(int participants, int meetings, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  Instance fair;
  fair.name = "fair-" + std::to_string(participants) + "p-" + std::to_string(meetings) + "m-seed" +
              std::to_string(seed);
  for (int s = 0; s < kSlots; ++s) fair.slots.push_back({"", "", s < kMorningSlots ? "morning" : "afternoon"});
  fair.rooms.kind = Rooms::Kind::kTables;
  fair.rooms.tables = meetings * 13 / (10 * kSlots) + 1;
  for (int p = 0; p < participants; ++p) {
    Participant participant;
    participant.id = "p" + std::to_string(p + 1);
    participant.name = participant.id;
    if (random() % 20 == 0) {
      const int first = static_cast<int>(random() % kSlots), second = static_cast<int>(random() % kSlots);
      participant.unavailable = {std::min(first, second)};
      if (first != second) participant.unavailable.push_back(std::max(first, second));
    }
    fair.participants.push_back(std::move(participant));
  }
  std::vector<int> degree(static_cast<std::size_t>(participants), 0);
  std::set<std::pair<int, int>> pairs;
  std::uniform_int_distribution<int> anyone(0, participants - 1);
  while (static_cast<int>(fair.meetings.size()) < meetings) {
    int a = anyone(random), b = anyone(random);
    if (a == b || degree[static_cast<std::size_t>(a)] >= 18 || degree[static_cast<std::size_t>(b)] >= 18) continue;
    if (a > b) std::swap(a, b);
    if (!pairs.insert({a, b}).second) continue;
    ++degree[static_cast<std::size_t>(a)];
    ++degree[static_cast<std::size_t>(b)];
    Meeting meeting;
    meeting.id = "m" + std::to_string(fair.meetings.size() + 1);
    meeting.between[0] = a;
    meeting.between[1] = b;
    if (random() % 10 == 0) meeting.session = random() % 2 ? "morning" : "afternoon";
    fair.meetings.push_back(std::move(meeting));
  }
  fair.fairness.max_break_spread = 2;
  return fair;
}


}  // namespace

int main(int argc, char** argv) {
  std::int64_t limit_ms = 10'000;
  int participants = 1000, meetings = 5000, seeds = 3;
  for (int i = 1; i < argc; i += 2) {
    const std::string arg = argv[i];
    const bool ok = i + 1 < argc && (arg == "--time-limit-ms"  ? parse(argv[i + 1], limit_ms)
                                     : arg == "--participants" ? parse(argv[i + 1], participants)
                                     : arg == "--meetings"     ? parse(argv[i + 1], meetings)
                                     : arg == "--seeds"        ? parse(argv[i + 1], seeds)
                                                               : false);
    if (!ok) {
      std::cerr << "usage: large_fair_bench [--time-limit-ms N] [--participants P] [--meetings M] "
                   "[--seeds K]\n";
      return 2;
    }
  }
  std::cout << "| fair | participants | meetings | tables | status | breaks | bound | time ms | "
               "peak RSS MB | checker |\n|---|---|---|---|---|---|---|---|---|---|\n";
  for (int seed = 1; seed <= seeds; ++seed) {
    auto fair = validate_instance(synthetic_fair(participants, meetings, static_cast<std::uint64_t>(seed)));
    if (!fair) {
      std::cerr << "large_fair_bench: the generator made an invalid instance: " << fair.error() << "\n";
      return 1;
    }
    SolveOptions options;
    options.time_limit_ms = limit_ms;
    const std::int64_t started = monotonic_ms();
    const Schedule schedule = solve(fair.value(), options, monotonic_ms);
    const std::int64_t elapsed = monotonic_ms() - started;
    const bool placed = schedule.status == Status::kOptimal || schedule.status == Status::kFeasible;
    std::cout << "| " << fair.value().name << " | " << participants << " | " << meetings << " | "
              << fair.value().rooms.tables << " | " << to_string(schedule.status) << " | "
              << (placed ? std::to_string(schedule.objective.breaks) : "-") << " | "
              << (schedule.bound_breaks ? std::to_string(*schedule.bound_breaks) : "-") << " | "
              << elapsed << " | " << (peak_rss_kb() + 512) / 1024 << " | "
              << (placed ? (check_schedule(fair.value(), schedule).valid() ? "valid" : "INVALID") : "-")
              << " |\n"
              << std::flush;
  }
  return 0;
}
