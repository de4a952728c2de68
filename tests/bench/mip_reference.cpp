// mip_reference: our solver beside an exact reference, CBC on the MIP model of
// tests/bench/mip_model.h, on the same instances and machine. Prints one Markdown table row per
// instance. Not a test: it measures. Usage:
//   mip_reference [--fairness D] [--time-limit-ms N] [--cbc-seconds S] FILE.dzn...
// Each row: instance; our status, breaks and time; CBC's status, breaks, bound and time; whether
// the checker accepts CBC's schedule; CBC's time over ours ("> r" when CBC stopped at its limit);
// and whether the two agree (two proven optima must be equal, and neither may beat the other's
// proven optimum). Exits 1 when any row disagrees. Needs `cbc` (apt-get install coinor-cbc).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "scheduler/checker.h"
#include "scheduler/dzn.h"
#include "scheduler/solver.h"
#include "tests/bench/bench_support.h"
#include "tests/bench/mip_model.h"

using namespace dialogdag::sched;
using dialogdag::bench::monotonic_ms;
using dialogdag::bench::parse;

namespace {


std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  int fairness = 2, cbc_seconds = 60;
  std::int64_t limit_ms = 10'000;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool valued = arg == "--fairness" || arg == "--time-limit-ms" || arg == "--cbc-seconds";
    if (valued && (i + 1 >= argc || !(arg == "--fairness"        ? parse(argv[++i], fairness)
                                      : arg == "--time-limit-ms" ? parse(argv[++i], limit_ms)
                                                                 : parse(argv[++i], cbc_seconds)))) {
      std::cerr << "mip_reference: " << arg << " needs a number\n";
      return 2;
    }
    if (!valued) files.push_back(arg);
  }
  if (files.empty()) {
    std::cerr << "usage: mip_reference [--fairness D] [--time-limit-ms N] [--cbc-seconds S] "
                 "FILE.dzn...\n";
    return 2;
  }

  std::cout << "| instance | ours | breaks | ms | CBC | breaks | CBC bound | CBC s | CBC schedule "
               "| CBC time / ours | agree |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
  int disagreements = 0;
  for (const std::string& path : files) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".dzn") == 0) name.resize(name.size() - 4);
    auto instance = read_dzn(text.str(), name, fairness);
    if (!instance) {
      std::cout << "| " << name << " | read error: " << instance.error() << " |||||||||\n";
      continue;
    }
    if (const auto why = dialogdag::bench::mip_unsupported(instance.value())) {
      std::cout << "| " << name << " | not modelled: " << *why << " |||||||||\n";
      continue;
    }
    SolveOptions options;
    options.time_limit_ms = limit_ms;
    const std::int64_t started = monotonic_ms();
    const Schedule ours = solve(instance.value(), options, monotonic_ms);
    const std::int64_t ours_ms = monotonic_ms() - started;
    const bool ours_placed = ours.status == Status::kOptimal || ours.status == Status::kFeasible;

    const auto cbc = dialogdag::bench::solve_with_cbc(instance.value(), cbc_seconds);
    if (!cbc.error.empty()) {
      std::cout << "| " << name << " | " << to_string(ours.status) << " | "
                << (ours_placed ? std::to_string(ours.objective.breaks) : "-") << " | " << ours_ms
                << " | " << cbc.error << " |||||||\n";
      continue;
    }
    const bool cbc_valid = cbc.schedule && check_schedule(instance.value(), *cbc.schedule).valid();
    // Agreement: a proven optimum of one side is a lower bound the other may not beat, and two
    // proven optima are equal; the same for infeasibility.
    bool agree = true;
    if (cbc.status == "optimal" && ours_placed) agree = ours.objective.breaks >= *cbc.breaks;
    if (ours.status == Status::kOptimal && cbc.breaks) agree = agree && *cbc.breaks >= ours.objective.breaks;
    if (cbc.status == "infeasible" && ours_placed) agree = false;
    if (ours.status == Status::kInfeasible && cbc.breaks) agree = false;
    if (cbc.schedule && !cbc_valid) agree = false;
    disagreements += !agree;
    std::cout << "| " << name << " | " << to_string(ours.status) << " | "
              << (ours_placed ? std::to_string(ours.objective.breaks) : "-") << " | " << ours_ms
              << " | " << cbc.status << " | " << (cbc.breaks ? std::to_string(*cbc.breaks) : "-")
              << " | " << (cbc.bound ? fixed(*cbc.bound, 2) : "-") << " | " << fixed(cbc.seconds, 1)
              << " | " << (cbc.schedule ? (cbc_valid ? "valid" : "INVALID") : "-") << " | "
              << (cbc.status == "optimal" || cbc.status == "infeasible" ? "" : "> ")
              << fixed(cbc.seconds * 1000.0 / std::max<std::int64_t>(ours_ms, 1), 1) << " | "
              << (agree ? "yes" : "NO") << " |\n"
              << std::flush;
  }
  std::cout << "\n" << files.size() << " instances; " << disagreements << " disagreements.\n";
  return disagreements == 0 ? 0 : 1;
}
