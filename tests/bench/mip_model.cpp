#include "tests/bench/mip_model.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "scheduler/checker.h"

namespace dialogdag::bench {
namespace {

using sched::Instance;

// Writes a sum of terms over several lines (the LP format allows continuation lines; CBC's
// reader does not like very long ones).
class Row {
 public:
  explicit Row(std::ostringstream& out) : out_(out) {}
  void add(int coefficient, const std::string& variable) {
    if (coefficient == 0) return;
    out_ << (coefficient < 0 ? " - " : (terms_ == 0 ? " " : " + "));
    if (std::abs(coefficient) != 1) out_ << std::abs(coefficient) << " ";
    out_ << variable;
    if (++terms_ % 8 == 0) out_ << "\n  ";
  }
  int terms() const { return terms_; }

 private:
  std::ostringstream& out_;
  int terms_ = 0;
};

std::string x_name(int m, int s) { return "x_" + std::to_string(m) + "_" + std::to_string(s); }
std::string late_name(int p, int s) { return "l_" + std::to_string(p) + "_" + std::to_string(s); }
std::string break_name(int p, int s) { return "b_" + std::to_string(p) + "_" + std::to_string(s); }

// The slots each meeting may take (see the model at the top of mip_model.h).
std::vector<std::vector<int>> allowed_slots(const Instance& instance) {
  const int slots = static_cast<int>(instance.slots.size());
  std::vector<std::vector<int>> allowed(instance.meetings.size());
  for (std::size_t m = 0; m < instance.meetings.size(); ++m) {
    const auto& meeting = instance.meetings[m];
    for (int s = 0; s < slots; ++s) {
      if (meeting.fixed_slot && *meeting.fixed_slot != s) continue;
      if (meeting.session && instance.slots[static_cast<std::size_t>(s)].session != *meeting.session)
        continue;
      bool free = true;
      for (const int p : meeting.between) {
        const auto& off = instance.participants[static_cast<std::size_t>(p)].unavailable;
        free = free && !std::binary_search(off.begin(), off.end(), s);
      }
      if (free) allowed[m].push_back(s);
    }
  }
  return allowed;
}

}  // namespace

std::optional<std::string> mip_unsupported(const Instance& instance) {
  if (instance.rooms.kind == sched::Rooms::Kind::kList) return "rooms given as a list";
  for (const auto& meeting : instance.meetings) {
    if (!meeting.required) return "optional meetings";
    if (meeting.weight != 1 || !meeting.preferred.empty()) return "weights or preferred slots";
  }
  for (const auto& participant : instance.participants)
    if (participant.max_meetings) return "max_meetings";
  return std::nullopt;
}

std::string write_lp(const Instance& instance) {
  const int slots = static_cast<int>(instance.slots.size());
  const int participants = static_cast<int>(instance.participants.size());
  const auto allowed = allowed_slots(instance);
  // Per participant and slot, the x variables that make it busy.
  std::vector<std::vector<std::vector<std::string>>> busy(
      participants, std::vector<std::vector<std::string>>(slots));
  for (std::size_t m = 0; m < instance.meetings.size(); ++m)
    for (const int s : allowed[m])
      for (const int p : instance.meetings[m].between)
        busy[p][s].push_back(x_name(static_cast<int>(m), s));
  // Persons: the members of a participant, or the participant itself.
  std::map<std::string, std::vector<int>> persons;
  for (int p = 0; p < participants; ++p) {
    const auto& members = instance.participants[p].members;
    if (members.empty()) persons["participant " + instance.participants[p].id].push_back(p);
    for (const auto& member : members) persons[member].push_back(p);
  }

  std::ostringstream lp;
  int row_number = 0;
  const auto row = [&] { return " r" + std::to_string(row_number++) + ":"; };
  lp << "\\ " << instance.name << ": total breaks (see tests/bench/mip_model.h)\nMinimize\n obj:";
  {
    Row objective(lp);
    for (int p = 0; p < participants; ++p)
      for (int s = 1; s + 1 < slots; ++s) objective.add(1, break_name(p, s));
    if (objective.terms() == 0) lp << " 0 low";  // fewer than three slots: no break possible
  }
  lp << "\nSubject To\n";
  for (std::size_t m = 0; m < instance.meetings.size(); ++m) {
    lp << row();
    Row once(lp);
    for (const int s : allowed[m]) once.add(1, x_name(static_cast<int>(m), s));
    if (once.terms() == 0) lp << " 0 low";  // no slot it may take: the model is infeasible
    lp << " = 1\n";
  }
  for (const auto& [person, of] : persons) {
    for (int s = 0; s < slots; ++s) {
      std::vector<std::string> terms;
      for (const int p : of) terms.insert(terms.end(), busy[p][s].begin(), busy[p][s].end());
      std::sort(terms.begin(), terms.end());
      terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
      if (terms.size() < 2) continue;
      lp << row();
      Row at_most_one(lp);
      for (const auto& term : terms) at_most_one.add(1, term);
      lp << " <= 1\n";
    }
  }
  if (instance.rooms.kind == sched::Rooms::Kind::kTables) {
    for (int s = 0; s < slots; ++s) {
      lp << row();
      Row tables(lp);
      for (std::size_t m = 0; m < instance.meetings.size(); ++m)
        if (std::binary_search(allowed[m].begin(), allowed[m].end(), s))
          tables.add(1, x_name(static_cast<int>(m), s));
      if (tables.terms() == 0) lp << " 0 low";
      lp << " <= " << instance.rooms.tables << "\n";
    }
  }
  for (int p = 0; p < participants; ++p) {
    for (int s = 0; s < slots; ++s) {
      // late[s] >= busy[s]; late[s] >= late[s+1]; late[s] <= sum of busy from s on.
      lp << row();
      Row at_least_busy(lp);
      at_least_busy.add(1, late_name(p, s));
      for (const auto& term : busy[p][s]) at_least_busy.add(-1, term);
      lp << " >= 0\n";
      if (s + 1 < slots) lp << row() << " " << late_name(p, s) << " - " << late_name(p, s + 1) << " >= 0\n";
      lp << row();
      Row at_most_later(lp);
      at_most_later.add(1, late_name(p, s));
      for (int later = s; later < slots; ++later)
        for (const auto& term : busy[p][later]) at_most_later.add(-1, term);
      lp << " <= 0\n";
    }
    for (int s = 1; s + 1 < slots; ++s) {
      const std::string brk = break_name(p, s);
      // brk >= busy[s-1] - busy[s] + late[s+1] - 1
      lp << row();
      Row starts(lp);
      starts.add(1, brk);
      for (const auto& term : busy[p][s - 1]) starts.add(-1, term);
      for (const auto& term : busy[p][s]) starts.add(1, term);
      starts.add(-1, late_name(p, s + 1));
      lp << " >= -1\n";
      // brk <= busy[s-1]; brk <= 1 - busy[s]; brk <= late[s+1]
      lp << row();
      Row was_busy(lp);
      was_busy.add(1, brk);
      for (const auto& term : busy[p][s - 1]) was_busy.add(-1, term);
      lp << " <= 0\n" << row();
      Row now_idle(lp);
      now_idle.add(1, brk);
      for (const auto& term : busy[p][s]) now_idle.add(1, term);
      lp << " <= 1\n" << row() << " " << brk << " - " << late_name(p, s + 1) << " <= 0\n";
    }
    if (instance.fairness.max_break_spread) {
      for (const char* side : {"low", "high"}) {
        lp << row();
        Row count(lp);
        for (int s = 1; s + 1 < slots; ++s) count.add(1, break_name(p, s));
        count.add(-1, side);
        lp << (std::string(side) == "low" ? " >= 0\n" : " <= 0\n");
      }
    }
  }
  if (instance.fairness.max_break_spread)
    lp << row() << " high - low <= " << *instance.fairness.max_break_spread << "\n";
  for (std::size_t m = 0; m < instance.meetings.size(); ++m) {
    for (const int a : instance.meetings[m].after) {
      // sum s x[m][s] - sum s x[a][s] >= 1
      lp << row();
      Row order(lp);
      for (const int s : allowed[m]) order.add(s, x_name(static_cast<int>(m), s));
      for (const int s : allowed[static_cast<std::size_t>(a)]) order.add(-s, x_name(a, s));
      lp << " >= 1\n";
    }
  }
  lp << "Bounds\n";
  for (int p = 0; p < participants; ++p) {
    for (int s = 0; s < slots; ++s) lp << " 0 <= " << late_name(p, s) << " <= 1\n";
    for (int s = 1; s + 1 < slots; ++s) lp << " 0 <= " << break_name(p, s) << " <= 1\n";
  }
  lp << " 0 <= low <= " << slots << "\n 0 <= high <= " << slots << "\nBinaries\n";
  for (std::size_t m = 0; m < instance.meetings.size(); ++m)
    for (const int s : allowed[m]) lp << " " << x_name(static_cast<int>(m), s) << "\n";
  lp << "End\n";
  return lp.str();
}

MipResult solve_with_cbc(const Instance& instance, int seconds) {
  MipResult result;
  char pattern[] = "/tmp/dialogdag-mip-XXXXXX";
  if (!mkdtemp(pattern)) {
    result.error = "no temporary directory";
    return result;
  }
  const std::filesystem::path dir = pattern;
  std::ofstream(dir / "model.lp") << write_lp(instance);
  const std::string command = "cbc " + (dir / "model.lp").string() + " sec " +
                              std::to_string(seconds) + " solve solu " +
                              (dir / "solution.txt").string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    result.error = "cannot run cbc";
    return result;
  }
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  const int exit_code = pclose(pipe);
  const auto number_after = [&](const std::string& label) -> std::optional<double> {
    const auto at = output.rfind(label);
    if (at == std::string::npos) return std::nullopt;
    return std::strtod(output.c_str() + at + label.size(), nullptr);
  };
  result.status = output.find("Result - Optimal solution found") != std::string::npos ? "optimal"
                  : output.find("Result - Stopped on time") != std::string::npos     ? "feasible"
                  : output.find("infeasible") != std::string::npos                  ? "infeasible"
                                                                                    : "unknown";
  if (const auto wall = number_after("Time (Wallclock seconds):")) result.seconds = *wall;
  if (const auto bound = number_after("Lower bound:")) result.bound = *bound;
  if (output.find("ERROR") != std::string::npos)
    result.error = "cbc refused the model: " + output.substr(output.find("ERROR"), 120);
  else if (exit_code != 0 && result.status == "unknown")
    result.error = output.find("not found") != std::string::npos
                       ? "cbc is not installed (apt-get install coinor-cbc)"
                       : "cbc failed: " + output.substr(0, 200);

  // The solution file: a status line, then "index name value reduced-cost" per nonzero column.
  std::ifstream solution(dir / "solution.txt");
  std::string line;
  if (result.status != "infeasible" && std::getline(solution, line) &&
      line.find("objective value") != std::string::npos) {
    sched::Schedule schedule;
    schedule.status = sched::Status::kFeasible;
    std::vector<bool> placed(instance.meetings.size(), false);
    while (std::getline(solution, line)) {
      std::istringstream fields(line);
      std::string index, name;
      double value = 0;
      if (!(fields >> index >> name >> value) || name.rfind("x_", 0) != 0 || value < 0.5) continue;
      const auto second = name.find('_', 2);
      const int m = std::atoi(name.c_str() + 2), s = std::atoi(name.c_str() + second + 1);
      schedule.assignments.push_back({m, s, std::nullopt});
      placed[static_cast<std::size_t>(m)] = true;
    }
    if (std::all_of(placed.begin(), placed.end(), [](bool p) { return p; })) {
      schedule.objective = sched::check_schedule(instance, schedule).objective;
      result.breaks = schedule.objective.breaks;
      result.schedule = std::move(schedule);
    }
  }
  if (result.status == "feasible" && !result.schedule) result.status = "unknown";  // none found
  std::filesystem::remove_all(dir);
  return result;
}

}  // namespace dialogdag::bench
