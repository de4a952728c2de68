// day_bench: solves generated conference days (tests/bench/conference_day.h) and prints one
// Markdown table row per day. Not a test: it measures. Usage:
//   day_bench [--time-limit-ms N] [--seed S] [--break-spread D] [--days K]
//             [--write-instances DIR]
// (--break-spread: every day gets max_break_spread D, as staff may set it; --days: K days of
// each shape, day seeds 1 to K, 20 by default: the first five alone once hid how often the
// exact search stops short; --write-instances: each day's instance also goes to DIR/<day>.json,
// the input of `dialogdag solve`, to follow one day's search with its progress report.)
// Each row: the day's sizes (panels, slots, suppliers, meetings asked for, locks), status, the
// objective, the breaks bound, solve time, peak RSS of this process so far, and whether the
// independent checker accepts the schedule.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/checker.h"
#include "scheduler/json_io.h"
#include "scheduler/solver.h"
#include "tests/bench/bench_support.h"
#include "tests/bench/conference_day.h"

using namespace dialogdag;

namespace {

using dialogdag::bench::monotonic_ms;
using dialogdag::bench::parse;
using dialogdag::bench::peak_rss_kb;

}  // namespace

int main(int argc, char** argv) {
  sched::SolveOptions options;
  std::int64_t seed = 1;
  std::optional<std::int64_t> break_spread;  // the day's max_break_spread, as staff may set it
  std::int64_t days = 20;                    // per shape
  std::string instances_dir;                 // where to write each day's instance, if given
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    std::int64_t value = 0;
    if (arg == "--write-instances" && i + 1 < argc) {
      instances_dir = argv[++i];
      continue;
    }
    const bool valued = arg == "--time-limit-ms" || arg == "--seed" || arg == "--break-spread" ||
                        arg == "--days";
    if (valued && i + 1 < argc && parse(argv[i + 1], value) && value >= 0) {
      if (arg == "--seed")
        seed = value;
      else if (arg == "--break-spread")
        break_spread = value;
      else if (arg == "--days")
        days = value;
      else
        options.time_limit_ms = value;
      ++i;
      continue;
    }
    std::fprintf(stderr,
                 "usage: day_bench [--time-limit-ms N] [--seed S] [--break-spread D] [--days K] "
                 "[--write-instances DIR]\n");
    return 2;
  }
  options.seed = static_cast<std::uint64_t>(seed);

  std::vector<bench::DayShape> shapes;
  for (std::uint64_t day_seed = 1; day_seed <= static_cast<std::uint64_t>(days); ++day_seed) {
    shapes.push_back({5, 24, 150, 3, true, 10, 25, day_seed});  // demand well above the slots
    shapes.push_back({5, 24, 80, 3, true, 10, 25, day_seed});   // about as many as the slots
    shapes.push_back({3, 16, 25, 2, true, 10, 25, day_seed});   // room to spare
    shapes.push_back({5, 24, 150, 3, true, 10, 0, day_seed});   // no preferred times
  }
  std::printf(
      "| day | panels | slots | suppliers | meetings asked | locks | status | coverage | weight | "
      "breaks | bound | preferred | time ms | peak RSS MB | checker |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  int optimal = 0;
  std::vector<std::int64_t> times;  // ms, per day
  std::string slowest;              // the day that took longest so far, and its time
  std::int64_t slowest_ms = -1;
  for (const bench::DayShape& shape : shapes) {
    bench::ConferenceDay day = bench::generate_day(shape);
    if (break_spread) day.day.max_break_spread = static_cast<int>(*break_spread);
    const auto instance = core::to_instance(day.day, day.requests, day.locked);
    if (!instance) {
      std::printf("| %s | %s |\n", day.name.c_str(), instance.error().c_str());
      continue;
    }
    const sched::Instance& in = instance.value();
    if (!instances_dir.empty()) {
      const std::string path = instances_dir + "/" + day.name + ".json";
      std::ofstream file(path);
      file << sched::write_instance(in);
      if (!file.flush()) {
        std::fprintf(stderr, "day_bench: cannot write %s\n", path.c_str());
        return 1;
      }
    }
    const std::int64_t started = monotonic_ms();
    const sched::Schedule schedule = sched::solve(in, options, monotonic_ms);
    const std::int64_t took = monotonic_ms() - started;
    const bool valid = sched::check_schedule(in, schedule, std::nullopt).violations.empty();
    optimal += schedule.status == sched::Status::kOptimal;
    if (took > slowest_ms) slowest = day.name, slowest_ms = took;
    times.push_back(took);
    std::printf("| %s | %d | %zu | %d | %zu | %zu | %s | %d | %d | %d | %d | %d | %lld | %ld | %s |\n",
                day.name.c_str(), shape.panels, in.slots.size(), shape.suppliers,
                in.meetings.size(), day.locked.size(), sched::to_string(schedule.status),
                schedule.objective.coverage, schedule.objective.weight, schedule.objective.breaks,
                schedule.bound_breaks.value_or(-1), schedule.objective.preferred,
                static_cast<long long>(took), peak_rss_kb() / 1024, valid ? "valid" : "INVALID");
    std::fflush(stdout);
  }
  std::printf("\n%d of %zu days proven optimal.\n", optimal, shapes.size());
  if (!times.empty()) {
    const long under_a_second =
        std::count_if(times.begin(), times.end(), [](std::int64_t t) { return t < 1000; });
    std::vector<std::int64_t> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    std::printf("%ld of %zu in under 1 s; median %lld ms, slowest %lld ms (%s).\n", under_a_second,
                times.size(), static_cast<long long>(sorted[sorted.size() / 2]),
                static_cast<long long>(slowest_ms), slowest.c_str());
  }
  return 0;
}
