// Schedules: the runs of the scheduler (the instance and result JSON, seed, who, when), the
// event's meetings (slot, room, status, locked) and the published versions suppliers see.
// Also the way from the database to the scheduler: load_instance() builds the event's
// scheduling instance through the pure mapping of scheduler/event.h.
//
// Meeting status: 'proposed' (placed by a run or moved by staff, not yet published),
// 'published' (as in the latest published version), 'booked' (an instant booking: the
// supplier's own choice, which every run keeps where it is, like a locked meeting, and which
// the supplier sees at once), 'cancelled' (frees the slot).
//
// Suppliers see the last PUBLISHED version (supplier_meetings()), never a proposal: a re-run or
// a move after publishing changes what they see only at the next publish.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
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

  friend bool operator==(const MeetingRow&, const MeetingRow&) = default;
};

struct RunInfo {
  std::int64_t id = 0;
  int run_number = 0;
  std::uint64_t seed = 0;
  std::string status;  // the solver's status
  std::string reason;  // why infeasible or unknown (English), else empty
  sched::Cause cause;  // that reason in parts, where the solver gave them
  int placed = 0, unplaced = 0;
  std::optional<std::int64_t> run_by;
  std::string run_at;
};

struct PublishedVersion {
  int version = 0;
  std::string published_at;  // UTC instant
  std::vector<MeetingRow> meetings;
};

// What the run behind the latest published version said about one supplier's meetings: the
// words a supplier without a meeting reads come from it (see supplier_outcome()).
struct SupplierOutcome {
  std::uint64_t seed = 0;  // the run's lottery seed
  // The panels (participant ids) the supplier's meetings in that run were with; empty when
  // the run did not have its request (it registered, or asked for a meeting, after it).
  std::set<std::string> panels;
  // The run's unscheduled entries for the supplier's meetings, in the run's order, each with
  // the panel (participant id) the meeting was with.
  struct Unplaced {
    std::string panel;
    sched::Unscheduled why;
  };
  std::vector<Unplaced> unplaced;
};

struct SupplierMeeting {
  MeetingRow meeting;
  // Where the meeting was before the publish that last changed its time or room (absent when
  // it never changed after it was first published, or is an instant booking).
  std::optional<MeetingRow> was;
  std::string changed_at;  // UTC instant of that publish; empty without `was`
};

class ScheduleStore {
 public:
  explicit ScheduleStore(Db& db) : db_(db) {}

  // The event's day, requests and locked meetings, read in one snapshot. The locked meetings
  // are the ones staff locked and the instant bookings (status 'booked').
  StoreResult<core::DaySetup> load_day(std::int64_t event_id);
  std::vector<core::LockedMeeting> load_locked(std::int64_t event_id);
  // to_instance(day, requests, locked) of the event; its error (kInvalid) names the supplier.
  // The errors of scheduling_problem and lock_problem carry code "rule.<their code>" and values.
  StoreResult<sched::Instance> load_instance(std::int64_t event_id);

  // Stores a run and, when it has a schedule (optimal or feasible), makes its placed meetings
  // the event's current (proposed) meetings: meetings not locked are replaced, locked ones and
  // instant bookings stay. An infeasible or unknown run is recorded only. REQUIRES:
  // `instance` came from load_instance(event_id) and `schedule` is a schedule of it (kInvalid
  // otherwise). When load_instance would no longer give that instance (a registration, a lock,
  // a booking or the day changed since), nothing is stored: kConflict, code "schedule.stale".
  StoreResult<std::int64_t> store_run(std::int64_t event_id, const sched::Instance& instance,
                                      const sched::Schedule& schedule,
                                      std::optional<std::int64_t> run_by, const std::string& actor);
  std::optional<RunInfo> latest_run(std::int64_t event_id);

  // The event's live meetings as a schedule of `instance` (status feasible, objective
  // recomputed by the checker): the `previous` of a re-run and the event's schedule.json.
  // Meetings of the instance that are not placed are listed as unscheduled with the latest
  // run's reason for them, or, when that run placed them or came before their request, with a
  // sentence saying so. Live meetings the instance has no place for (a slot or room no longer
  // on the day) are left out. REQUIRES: `instance` came from load_instance(event_id).
  sched::Schedule current_schedule(std::int64_t event_id, const sched::Instance& instance);

  // The event's meetings that are not cancelled, by start then panel.
  std::vector<MeetingRow> meetings(std::int64_t event_id);

  // One registration's meetings that are not cancelled (its supplier's own page and calendar).
  std::vector<MeetingRow> meetings_of(std::int64_t registration_id);

  // One meeting that is not cancelled (kNotFound otherwise). Callers check that the user may
  // work on its event_id before showing or changing it.
  StoreResult<MeetingRow> meeting(std::int64_t meeting_id);
  // One meeting, cancelled or not (status "cancelled"): its minutes stay part of the record.
  StoreResult<MeetingRow> meeting_for_record(std::int64_t meeting_id);
  // The event's cancelled meetings that have minutes (written before they were cancelled, so
  // part of the record), by start then panel.
  std::vector<MeetingRow> cancelled_with_minutes(std::int64_t event_id);

  StoreResult<Done> set_locked(std::int64_t meeting_id, bool locked, const std::string& actor);
  // Moves a meeting to another slot (a start of the day's grid) and room (a key of the event;
  // nullopt = no room). A published meeting becomes 'proposed' (it differs from what was
  // published); an instant booking stays 'booked'. A refusal's message starts with a code and
  // ": ", then one English sentence:
  //   kInvalid   not_a_slot (no start of a slot of the day), supplier_away (outside the
  //              supplier's travel window or at a time they said they cannot), room_digital
  //              (a meeting in person in a digital room), room_physical (a digital meeting in a
  //              physical room), room_seats (the room seats fewer than the panel and the
  //              supplier's people)
  //   kNotFound  no_meeting, unknown_room
  //   kConflict  panel_busy, member_busy (a member of the panel is in another panel's meeting),
  //              supplier_busy, room_busy
  StoreResult<Done> move(std::int64_t meeting_id, core::Minutes start,
                         const std::optional<std::string>& room, const std::string& actor);

  // Publishes the current meetings as the next version (1, 2, ...); returns its number.
  // Proposed meetings become 'published'; instant bookings stay 'booked'.
  StoreResult<int> publish(std::int64_t event_id, std::optional<std::int64_t> by,
                           const std::string& actor);

  // The published versions of an event, oldest first, with their meetings as published
  // (MeetingRow::registration_id is 0 and status "published" in these).
  std::vector<PublishedVersion> versions(std::int64_t event_id);

  // What the supplier of a registration sees: their instant bookings as they stand, and their
  // other meetings as the latest published version has them (nothing before the first
  // publish), each with where it was before when a later publish moved it. By start.
  std::vector<SupplierMeeting> supplier_meetings(std::int64_t registration_id);

  // What the run the latest published version came from said about the supplier with booking
  // reference `reference`; nullopt before the first publish, or when that version has no run
  // (or its stored documents cannot be read back).
  std::optional<SupplierOutcome> supplier_outcome(std::int64_t event_id,
                                                  const std::string& reference);

 private:
  Db& db_;
};

}  // namespace dialogdag::data
