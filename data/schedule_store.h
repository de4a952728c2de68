// Schedules: the runs of the scheduler (the instance and result JSON, seed, who, when), the
// event's meetings (slot, room, status, locked) and the published versions suppliers see.
// Also the way from the database to the scheduler: load_instance() builds the event's
// scheduling instance through the pure mapping of scheduler/event.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/database.h"
#include "scheduler/event.h"
#include "scheduler/model.h"

namespace dialogdag::data {

struct MeetingRow {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::int64_t registration_id = 0;
  std::string reference;             // the supplier's booking reference
  std::string panel;                 // panel key
  int n = 0;                         // n of core::meeting_id()
  core::Minutes start = 0, end = 0;  // local time of the event's day
  std::string starts_at, ends_at;    // UTC instants
  std::optional<std::string> room;   // room key
  std::string status;                // proposed | booked | published
  bool locked = false;
};

struct RunInfo {
  std::int64_t id = 0;
  int run_number = 0;
  std::uint64_t seed = 0;
  std::string status;  // the solver's status
  int placed = 0, unplaced = 0;
  std::optional<std::int64_t> run_by;
  std::string run_at;
};

class ScheduleStore {
 public:
  explicit ScheduleStore(Db& db) : db_(db) {}

  // The event's day, requests and locked meetings, read in one snapshot.
  StoreResult<core::DaySetup> load_day(std::int64_t event_id);
  std::vector<core::LockedMeeting> load_locked(std::int64_t event_id);
  // to_instance(day, requests, locked) of the event; its error (kInvalid) names the supplier.
  StoreResult<sched::Instance> load_instance(std::int64_t event_id);

  // Stores a run and, when it has a schedule (optimal or feasible), makes its placed meetings
  // the event's current (proposed) meetings: meetings not locked are replaced (instant
  // bookings too), locked ones stay. An infeasible or unknown run is recorded only. REQUIRES:
  // `instance` came from load_instance(event_id) and `schedule` is a schedule of it (kInvalid
  // otherwise).
  StoreResult<std::int64_t> store_run(std::int64_t event_id, const sched::Instance& instance,
                                      const sched::Schedule& schedule,
                                      std::optional<std::int64_t> run_by, const std::string& actor);
  std::optional<RunInfo> latest_run(std::int64_t event_id);

  // The event's meetings that are not cancelled, by start then panel.
  std::vector<MeetingRow> meetings(std::int64_t event_id);

  // One registration's meetings that are not cancelled (its supplier's own page and calendar).
  std::vector<MeetingRow> meetings_of(std::int64_t registration_id);

  // One meeting that is not cancelled (kNotFound otherwise). Callers check that the user may
  // work on its event_id before showing or changing it.
  StoreResult<MeetingRow> meeting(std::int64_t meeting_id);

  StoreResult<Done> set_locked(std::int64_t meeting_id, bool locked, const std::string& actor);
  // Moves a meeting to another slot (a start of the day's grid) and room (a key of the event;
  // nullopt = no room). kConflict when the panel, a member, the supplier or the room is busy.
  StoreResult<Done> move(std::int64_t meeting_id, core::Minutes start,
                         const std::optional<std::string>& room, const std::string& actor);

  // Publishes the current meetings as the next version (1, 2, ...); returns its number.
  StoreResult<int> publish(std::int64_t event_id, std::optional<std::int64_t> by,
                           const std::string& actor);

 private:
  Db& db_;
};

}  // namespace dialogdag::data
