// The scheduling model of shared/spec/scheduling-format.md ("dialogdag-instance/1" and
// "dialogdag-schedule/1") as plain value types. Everything refers to other things by 0-based
// index into the owning vector; ids are kept for reading, writing and messages.
//
// An Instance that came out of read_instance() or read_dzn() is valid: every index is in range,
// ids are unique, and the invariants stated below hold. Code that builds an Instance by hand
// (tests, the application) should pass it through validate_instance() before solving it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dialogdag::sched {

struct Slot {
  std::string start;    // local "HH:MM", or empty when the instance has no clock times (B2B data)
  std::string end;      // local "HH:MM", or empty
  std::string session;  // free label; empty = no session
};

struct Room {
  std::string id;
  std::string name;
  std::optional<int> capacity;  // people it seats; absent = no limit
  bool digital = false;
};

// `rooms` of the instance: absent (no limit), an integer N (N interchangeable tables), or a list.
struct Rooms {
  enum class Kind { kUnlimited, kTables, kList };
  Kind kind = Kind::kUnlimited;
  int tables = 0;          // meaningful when kind == kTables; >= 0
  std::vector<Room> list;  // meaningful when kind == kList
};

enum class ParticipantKind { kBuyer, kSupplier, kOther };

struct Participant {
  std::string id;
  std::string name;
  ParticipantKind kind = ParticipantKind::kOther;
  std::string kind_label;            // the label as written, kept so that writing round-trips
  std::vector<std::string> members;  // person ids; sharing one makes two participants conflict
  std::optional<int> room;           // home room, index into rooms.list (only when rooms is a list)
  int people = 1;                    // >= 0
  std::vector<int> unavailable;      // slot indexes, sorted, unique
  std::optional<int> max_meetings;   // >= 0
};

struct Meeting {
  std::string id;
  int between[2] = {0, 0};  // participant indexes, distinct
  bool required = true;
  std::optional<std::string> session;
  std::optional<int> fixed_slot;  // slot index
  std::optional<int> fixed_room;  // index into rooms.list
  std::vector<int> after;         // meeting indexes that must be in an earlier slot
  std::vector<int> preferred;     // slot indexes, sorted, unique
  int weight = 1;                 // >= 1
};

struct Fairness {
  std::optional<int> max_break_spread;  // >= 0
};

struct Instance {
  std::string name;
  std::vector<Slot> slots;  // never empty
  Rooms rooms;
  std::vector<Participant> participants;
  std::vector<Meeting> meetings;
  Fairness fairness;
};

enum class Status { kOptimal, kFeasible, kInfeasible, kUnknown };

struct Assignment {
  int meeting = 0;          // meeting index
  int slot = 0;             // slot index
  std::optional<int> room;  // index into rooms.list; present exactly when rooms is a list
};

// Why a meeting is not placed, in parts that a reader can put in its own words (`reason` is
// the English sentence). The codes and their fields are listed in FORMAT.md ("cause").
struct Cause {
  std::string code;  // empty: none given (a schedule written before causes existed)
  std::vector<std::pair<std::string, std::string>> ids;  // named ids: "participant", "room", ...
  std::vector<std::pair<std::string, int>> numbers;      // named numbers: "seats", "slot", ...

  std::optional<std::string> id(std::string_view name) const {
    for (const auto& [key, value] : ids)
      if (key == name) return value;
    return std::nullopt;
  }
  std::optional<int> number(std::string_view name) const {
    for (const auto& [key, value] : numbers)
      if (key == name) return value;
    return std::nullopt;
  }
};

// Whether `cause` says the supplier's own other meetings hold every slot the meeting could take
// (slots_taken with supplier_busy equal to slots): its stay, not the lottery, left it out.
bool taken_by_own_meetings(const Cause& cause);
// Whether `cause` says the lottery's order left the meeting out: slots_taken with the
// supplier's position in the draw and the number drawn, and not taken_by_own_meetings.
bool decided_by_lottery(const Cause& cause);

struct Unscheduled {
  int meeting = 0;
  std::string reason;  // a sentence a person can act on
  Cause cause{};  // empty code: none given
};

// The lexicographic objective of the spec, highest level first.
struct Objective {
  int coverage = 0;   // suppliers with at least one placed meeting (maximise)
  int weight = 0;     // total weight of placed optional meetings (maximise)
  int moved = 0;      // meetings placed in the previous schedule that are elsewhere or gone (minimise)
  int breaks = 0;     // total breaks over all participants (minimise)
  int preferred = 0;  // placed meetings in one of their preferred slots (maximise)

  friend bool operator==(const Objective&, const Objective&) = default;
};

struct Schedule {
  Status status = Status::kUnknown;
  std::string reason;  // why infeasible / unknown; empty otherwise
  Cause cause{};       // the reason in parts, where one is given (FORMAT.md)
  std::vector<Assignment> assignments;
  std::vector<Unscheduled> unscheduled;
  Objective objective;
  std::optional<int> bound_breaks;  // proven lower bound on breaks given the levels above it
  std::int64_t solve_ms = 0;
  std::uint64_t seed = 0;
};

const char* to_string(Status status);

}  // namespace dialogdag::sched
