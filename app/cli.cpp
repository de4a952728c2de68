#include "app/cli.h"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "app/arguments.h"
#include "app/data_commands.h"
#include "app/serve.h"
#include "scheduler/checker.h"
#include "scheduler/dzn.h"
#include "scheduler/json_io.h"
#include "scheduler/solver.h"

namespace dialogdag::app {
namespace {

using namespace dialogdag::sched;

constexpr const char* kUsage =
    "usage:\n"
    "  dialogdag solve INSTANCE.json|FORUM.dzn [--time-limit-ms N] [--seed S]\n"
    "                  [--previous SCHEDULE.json] [--fairness D] [--quiet]\n"
    "  dialogdag check INSTANCE.json|FORUM.dzn SCHEDULE.json [--previous SCHEDULE.json]\n"
    "                  [--fairness D]\n"
    "  dialogdag serve [--db FILE] [--listen 127.0.0.1:8080] [--threads N]\n"
    "                  [--secure-cookies]  (behind a TLS proxy: session cookies get Secure)\n"
    "  dialogdag demo --db FILE\n"
    "  dialogdag user add --db FILE --email E --name N [--organisation NAME] [--admin]\n"
    "                  (reads the password from standard input)\n"
    "  dialogdag backup --db FILE --to FILE\n"
    "  dialogdag purge --db FILE --event SLUG\n";

constexpr std::size_t kMaxInputBytes = 64u << 20;

template <class Int>
Result<Int> parse_integer(const std::string& name, const std::string& text, Int minimum) {
  Int value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value < minimum)
    return Error{"option " + name + ": \"" + text + "\" is not an integer >= " +
                 std::to_string(minimum)};
  return value;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Error{path + ": cannot open file"};
  std::string text;
  char buffer[1 << 16];
  while (file.read(buffer, sizeof buffer) || file.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(file.gcount()));
    if (text.size() > kMaxInputBytes) return Error{path + ": larger than 64 MiB"};
  }
  if (file.bad()) return Error{path + ": read error"};
  return text;
}

bool looks_like_dzn(const std::string& path, const std::string& text) {
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".dzn") == 0) return true;
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] != '{';
}

// Reads an instance from JSON or .dzn; --fairness applies to .dzn only (JSON carries its own).
Result<Instance> load_instance(const std::string& path, const Arguments& args) {
  auto text = read_file(path);
  if (!text) return Error{text.error()};
  std::optional<int> fairness;
  if (auto it = args.options.find("--fairness"); it != args.options.end()) {
    auto d = parse_integer<int>("--fairness", it->second, 0);
    if (!d) return Error{d.error()};
    fairness = d.value();
  }
  if (looks_like_dzn(path, text.value())) {
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".dzn") == 0)
      name.resize(name.size() - 4);
    auto instance = read_dzn(text.value(), name, fairness);
    if (!instance) return Error{path + ": " + instance.error()};
    return instance;
  }
  if (fairness)
    return Error{"--fairness applies to .dzn input only; a JSON instance states its own "
                 "\"fairness\": {\"max_break_spread\": D}"};
  auto instance = read_instance(text.value());
  if (!instance) return Error{path + ": " + instance.error()};
  return instance;
}

Result<Schedule> load_schedule(const std::string& path, const Instance& instance) {
  auto text = read_file(path);
  if (!text) return Error{text.error()};
  auto schedule = read_schedule(text.value(), instance);
  if (!schedule) return Error{path + ": " + schedule.error()};
  return schedule;
}

std::int64_t monotonic_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}


int run_solve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto parsed = parse_arguments(args, 1, {"--time-limit-ms", "--seed", "--previous", "--fairness"},
                                {"--quiet"});
  if (!parsed) return fail(err, parsed.error() + " (see dialogdag --help)");
  const Arguments& a = parsed.value();
  if (a.positional.size() != 1) return fail(err, "solve needs one instance file (see dialogdag --help)");
  auto instance = load_instance(a.positional[0], a);
  if (!instance) return fail(err, instance.error());

  SolveOptions options;
  if (auto it = a.options.find("--seed"); it != a.options.end()) {
    auto seed = parse_integer<std::uint64_t>("--seed", it->second, 0);
    if (!seed) return fail(err, seed.error());
    options.seed = seed.value();
  }
  if (auto it = a.options.find("--time-limit-ms"); it != a.options.end()) {
    auto limit = parse_integer<std::int64_t>("--time-limit-ms", it->second, 1);
    if (!limit) return fail(err, limit.error());
    options.time_limit_ms = limit.value();
  }
  std::optional<Schedule> previous;
  if (auto it = a.options.find("--previous"); it != a.options.end()) {
    auto loaded = load_schedule(it->second, instance.value());
    if (!loaded) return fail(err, loaded.error());
    previous = std::move(loaded).value();
    options.previous = &*previous;
  }
  // Progress goes to stderr, only to a person watching (stderr is a terminal) and only once the
  // run has taken a second; stdout carries nothing but the schedule.
  bool progress_shown = false;
  if (!a.options.count("--quiet") && isatty(STDERR_FILENO)) {
    options.progress = [&err, &progress_shown](const Progress& now) {
      if (now.elapsed_ms < 1000) return;
      char line[160];
      std::snprintf(line, sizeof line,
                    "solving: %6.1f s  breaks %d (lower bound %lld)  coverage %d  weight %d  "
                    "moved %d  preferred %d\n",
                    static_cast<double>(now.elapsed_ms) / 1000.0, now.best.breaks,
                    static_cast<long long>(now.bound_breaks), now.best.coverage, now.best.weight,
                    now.best.moved, now.best.preferred);
      err << line << std::flush;
      progress_shown = true;
    };
  }
  const Schedule schedule = solve(instance.value(), options, monotonic_ms);
  if (progress_shown)
    err << "solving: done in " << schedule.solve_ms << " ms, status " << to_string(schedule.status)
        << "\n";
  out << write_schedule(schedule, instance.value());
  return 0;
}

int run_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto parsed = parse_arguments(args, 1, {"--previous", "--fairness"}, {});
  if (!parsed) return fail(err, parsed.error() + " (see dialogdag --help)");
  const Arguments& a = parsed.value();
  if (a.positional.size() != 2)
    return fail(err, "check needs an instance file and a schedule file (see dialogdag --help)");
  auto instance = load_instance(a.positional[0], a);
  if (!instance) return fail(err, instance.error());
  auto schedule = load_schedule(a.positional[1], instance.value());
  if (!schedule) return fail(err, schedule.error());
  std::optional<Schedule> previous;
  if (auto it = a.options.find("--previous"); it != a.options.end()) {
    auto loaded = load_schedule(it->second, instance.value());
    if (!loaded) return fail(err, loaded.error());
    previous = std::move(loaded).value();
  }
  const CheckReport report = check_schedule(instance.value(), schedule.value(), previous);
  const Objective& o = report.objective;
  std::ostringstream figures;
  figures << "coverage " << o.coverage << ", weight " << o.weight << ", moved " << o.moved
          << ", breaks " << o.breaks << ", preferred " << o.preferred;
  if (report.valid()) {
    out << "valid (" << to_string(schedule.value().status) << "): " << figures.str() << "\n";
    return 0;
  }
  out << report.violations.size() << (report.violations.size() == 1 ? " violation" : " violations")
      << " (recomputed: " << figures.str() << "):\n";
  for (const auto& violation : report.violations) out << "- " << violation << "\n";
  return 1;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? err : out) << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string& command = args[0];
  if (command == "solve") return run_solve(args, out, err);
  if (command == "check") return run_check(args, out, err);
  if (command == "serve") return run_serve(args, out, err);
  if (command == "demo") return run_demo(args, std::cin, out, err);
  if (command == "user") return run_user_add(args, std::cin, out, err);
  if (command == "backup") return run_backup(args, std::cin, out, err);
  if (command == "purge") return run_purge(args, std::cin, out, err);
  return fail(err, "unknown command \"" + command + "\" (see dialogdag --help)");
}

}  // namespace dialogdag::app
