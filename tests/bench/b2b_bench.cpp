// b2b_bench: solves B2B forum instances (.dzn) and prints one Markdown table row per instance.
// Not a test: it measures. Usage:
//   b2b_bench [--fairness D] [--time-limit-ms N] [--seed S] FILE.dzn...
// Each row: instance, status, breaks, published optimum (originals, d = 2), bound, whether the
// optimum is proven (bound == breaks), solve time, peak RSS of this process so far, and whether
// the independent checker accepts the schedule.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "scheduler/checker.h"
#include "scheduler/dzn.h"
#include "scheduler/solver.h"
#include "tests/bench/bench_support.h"

using namespace dialogdag::sched;

namespace {

// Table 5 of Bofill et al. (JAIR 74, 2022): proven optima of the originals with d = 2, and
// the solve time in seconds of the best solver there (UWrMaxSat).
const std::map<std::string, std::pair<int, double>> kPublished = {
    {"forum-13", {0, 2.5}},       {"forum-13crafb", {6, 23.3}}, {"forum-13crafc", {1, 2.3}},
    {"forum-14", {2, 5.1}},       {"forumt-14", {5, 0.5}},      {"forumt-14crafc", {5, 0.9}},
    {"forumt-14crafd", {4, 0.4}}, {"forumt-14crafe", {5, 0.6}}, {"tic-12", {0, 0.1}},
    {"tic-12crafc", {0, 0.3}},    {"tic-13", {0, 0.4}},         {"tic-13crafb", {0, 0.4}},
    {"tic-13crafc", {4, 5.8}},    {"tic-14crafa", {0, 1.0}},    {"tic-14crafc", {0, 0.8}},
    {"tic-14crafd", {0, 0.8}},    {"ticf-13crafa", {0, 2.2}},   {"ticf-13crafb", {3, 22.3}},
    {"ticf-13crafc", {1, 3.7}},   {"ticf-14crafa", {0, 7.6}},
};

using dialogdag::bench::monotonic_ms;
using dialogdag::bench::parse;
using dialogdag::bench::peak_rss_kb;


}  // namespace

int main(int argc, char** argv) {
  int fairness = 2;
  std::int64_t limit_ms = 10'000;
  std::uint64_t seed = 1;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool valued = arg == "--fairness" || arg == "--time-limit-ms" || arg == "--seed";
    if (valued && i + 1 >= argc) {
      std::cerr << "b2b_bench: " << arg << " needs a value\n";
      return 2;
    }
    if (arg == "--fairness"        ? !parse(argv[++i], fairness)
        : arg == "--time-limit-ms" ? !parse(argv[++i], limit_ms)
        : arg == "--seed"          ? !parse(argv[++i], seed)
                                   : false) {
      std::cerr << "b2b_bench: bad value for " << arg << "\n";
      return 2;
    }
    if (!valued) files.push_back(arg);
  }
  if (files.empty()) {
    std::cerr << "usage: b2b_bench [--fairness D] [--time-limit-ms N] [--seed S] FILE.dzn...\n";
    return 2;
  }

  std::cout << "| instance | variant | status | breaks | published optimum | bound | proven | "
               "time ms | MaxSAT s | peak RSS MB | checker |\n"
               "|---|---|---|---|---|---|---|---|---|---|---|\n";
  int originals = 0, at_optimum = 0, proven = 0, valid = 0, total = 0;
  std::map<std::string, int> statuses;
  for (const std::string& path : files) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".dzn") == 0)
      name.resize(name.size() - 4);
    const auto dot = name.find('.');
    const std::string base = name.substr(0, dot);
    const std::string variant = dot == std::string::npos ? "" : name.substr(dot + 1);
    auto instance = read_dzn(text.str(), name, fairness);
    if (!instance) {
      std::cout << "| " << base << " | " << variant << " | read error: " << instance.error()
                << " | | | | | | | | |\n";
      continue;
    }
    SolveOptions options;
    options.seed = seed;
    options.time_limit_ms = limit_ms;
    const std::int64_t started = monotonic_ms();
    const Schedule schedule = solve(instance.value(), options, monotonic_ms);
    const std::int64_t elapsed = monotonic_ms() - started;
    const bool has_schedule =
        schedule.status == Status::kOptimal || schedule.status == Status::kFeasible;
    const bool accepted = has_schedule && check_schedule(instance.value(), schedule).valid();
    const bool is_proven = has_schedule && schedule.bound_breaks &&
                           *schedule.bound_breaks == schedule.objective.breaks;
    ++total;
    valid += accepted;
    ++statuses[to_string(schedule.status)];
    const auto published = variant == "original" ? kPublished.find(base) : kPublished.end();
    std::cout << "| " << base << " | " << variant << " | " << to_string(schedule.status) << " | "
              << (has_schedule ? std::to_string(schedule.objective.breaks) : "-") << " | ";
    if (published != kPublished.end()) {
      ++originals;
      at_optimum += has_schedule && schedule.objective.breaks == published->second.first;
      proven += is_proven;
      std::cout << published->second.first;
    }
    std::cout << " | " << (schedule.bound_breaks ? std::to_string(*schedule.bound_breaks) : "-")
              << " | " << (is_proven ? "yes" : "no") << " | " << elapsed << " | ";
    if (published != kPublished.end()) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.1f", published->second.second);
      std::cout << seconds;
    }
    std::cout << " | " << (peak_rss_kb() + 512) / 1024 << " | "
              << (has_schedule ? (accepted ? "valid" : "INVALID") : "-") << " |\n"
              << std::flush;
  }
  std::cout << "\n";
  if (originals > 0)
    std::cout << "Originals (d = " << fairness << "): " << at_optimum << " of " << originals
              << " at the published optimum, " << proven << " proven optimal. ";
  std::cout << total << " instances:";
  for (const auto& [status, count] : statuses) std::cout << " " << status << " " << count << ",";
  std::cout << " checker accepted " << valid << " schedules.\n";
  return 0;
}
