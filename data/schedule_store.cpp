#include "data/schedule_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "data/audit_log.h"
#include "data/event_store.h"
#include "data/registration_store.h"
#include "data/sql_util.h"
#include "scheduler/checker.h"
#include "scheduler/json_io.h"
#include "scheduler/validation.h"

namespace dialogdag::data {
namespace {

struct DayPlace {
  std::string day, zone;
};

// REQUIRES: the Db lock.
std::optional<DayPlace> day_place(Db& db, std::int64_t event_id) {
  SQLite::Statement query(db.sql(), "SELECT day, time_zone FROM event WHERE id = ?");
  query.bind(1, event_id);
  if (!query.executeStep()) return std::nullopt;
  return DayPlace{query.getColumn(0).getString(), query.getColumn(1).getString()};
}

// REQUIRES: the Db lock.
std::vector<core::LockedMeeting> load_locked_locked(Db& db, std::int64_t event_id) {
  SQLite::Statement query(db.sql(),
                          "SELECT r.reference, p.key, m.slot_start, o.key FROM meeting m "
                          "JOIN registration r ON r.id = m.registration_id "
                          "JOIN panel p ON p.id = m.panel_id LEFT JOIN room o ON o.id = m.room_id "
                          "WHERE m.event_id = ? AND (m.locked = 1 OR m.status = 'booked') "
                          "ORDER BY m.slot_start, p.id");
  query.bind(1, event_id);
  std::vector<core::LockedMeeting> locked;
  while (query.executeStep()) {
    core::LockedMeeting meeting;
    meeting.supplier = query.getColumn(0).getString();
    meeting.panel = query.getColumn(1).getString();
    meeting.start = query.getColumn(2).getInt();
    if (!query.getColumn(3).isNull()) meeting.room = query.getColumn(3).getString();
    locked.push_back(std::move(meeting));
  }
  return locked;
}

// key -> id of the event's rows of `table` ("panel", "room") or registrations by reference.
std::map<std::string, std::int64_t> ids(Db& db, const std::string& sql, std::int64_t event_id) {
  SQLite::Statement query(db.sql(), sql);
  query.bind(1, event_id);
  std::map<std::string, std::int64_t> result;
  while (query.executeStep())
    result[query.getColumn(0).getString()] = query.getColumn(1).getInt64();
  return result;
}

// The live meetings of an event, or of one registration when `registration_id` is given.
// Or the one meeting `meeting_id` (also when cancelled, if `with_cancelled`).
std::vector<MeetingRow> meetings_locked(Db& db, std::int64_t event_id,
                                        std::optional<std::int64_t> registration_id = {},
                                        std::optional<std::int64_t> meeting_id = {},
                                        bool with_cancelled = false) {
  SQLite::Statement query(db.sql(),
                          "SELECT m.id, m.registration_id, r.reference, p.key, m.n, m.slot_start, "
                          "m.slot_end, m.starts_at, m.ends_at, o.key, m.status, m.locked, "
                          "m.event_id "
                          "FROM meeting m JOIN registration r ON r.id = m.registration_id "
                          "JOIN panel p ON p.id = m.panel_id LEFT JOIN room o ON o.id = m.room_id "
                          "WHERE (?1 IS NULL OR m.event_id = ?1) AND (?2 IS NULL OR "
                          "m.registration_id = ?2) AND (?3 IS NULL OR m.id = ?3) "
                          "AND (?4 OR m.status <> 'cancelled') ORDER BY m.slot_start, p.id");
  query.bind(4, with_cancelled ? 1 : 0);
  if (meeting_id)
    query.bind(3, *meeting_id);
  else if (registration_id)
    query.bind(2, *registration_id);
  else
    query.bind(1, event_id);
  std::vector<MeetingRow> rows;
  while (query.executeStep()) {
    MeetingRow row;
    row.id = query.getColumn(0).getInt64();
    row.registration_id = query.getColumn(1).getInt64();
    row.reference = query.getColumn(2).getString();
    row.panel = query.getColumn(3).getString();
    row.n = query.getColumn(4).getInt();
    row.start = query.getColumn(5).getInt();
    row.end = query.getColumn(6).getInt();
    row.starts_at = query.getColumn(7).getString();
    row.ends_at = query.getColumn(8).getString();
    if (!query.getColumn(9).isNull()) row.room = query.getColumn(9).getString();
    row.status = query.getColumn(10).getString();
    row.locked = query.getColumn(11).getInt() != 0;
    row.event_id = query.getColumn(12).getInt64();
    rows.push_back(std::move(row));
  }
  return rows;
}

// Makes `placed` the event's live meetings: every meeting neither locked nor an instant booking
// is freed, then each placed one takes its slot; each (supplier, panel, n) keeps its row (and its
// minutes) across runs. REQUIRES: the Db lock, inside an IMMEDIATE transaction.
StoreResult<Done> place_meetings(Db& db, std::int64_t event_id, const DayPlace& place,
                                 const std::vector<core::PlacedMeeting>& placed,
                                 const std::string& stamp) {
  const auto registrations = ids(db,
                                 "SELECT reference, id FROM registration WHERE event_id = ? "
                                 "AND status = 'active'",
                                 event_id);
  const auto panels = ids(db, "SELECT key, id FROM panel WHERE event_id = ?", event_id);
  const auto rooms = ids(db, "SELECT key, id FROM room WHERE event_id = ?", event_id);
  SQLite::Statement release(
      db.sql(),
      "UPDATE meeting SET status = 'cancelled', updated_at = ? "
      "WHERE event_id = ? AND locked = 0 AND status NOT IN ('cancelled', 'booked')");
  release.bind(1, stamp);
  release.bind(2, event_id);
  release.exec();

  for (const core::PlacedMeeting& m : placed) {
    const auto registration = registrations.find(m.supplier);
    const auto panel = panels.find(m.panel);
    if (registration == registrations.end())
      return invalid("schedule names supplier " + m.supplier + ", not an active registration");
    if (panel == panels.end()) return invalid("schedule names unknown panel " + m.panel);
    std::optional<std::int64_t> room;
    if (m.room) {
      const auto found = rooms.find(*m.room);
      if (found == rooms.end()) return invalid("schedule names unknown room " + *m.room);
      room = found->second;
    }
    auto starts = local_to_instant(place.day, m.start, place.zone);
    auto ends = local_to_instant(place.day, m.end, place.zone);
    if (!starts) return starts.failure();
    if (!ends) return ends.failure();
    SQLite::Statement upsert(
        db.sql(),
        "INSERT INTO meeting (event_id, registration_id, panel_id, n, slot_start, slot_end, "
        "starts_at, ends_at, room_id, status, updated_at) VALUES (?,?,?,?,?,?,?,?,?,'proposed',?) "
        "ON CONFLICT (registration_id, panel_id, n) DO UPDATE SET slot_start = "
        "excluded.slot_start, "
        "slot_end = excluded.slot_end, starts_at = excluded.starts_at, ends_at = excluded.ends_at, "
        "room_id = excluded.room_id, status = 'proposed', updated_at = excluded.updated_at "
        "WHERE meeting.locked = 0 AND meeting.status <> 'booked'");
    upsert.bind(1, event_id);
    upsert.bind(2, registration->second);
    upsert.bind(3, panel->second);
    upsert.bind(4, m.index);
    upsert.bind(5, m.start);
    upsert.bind(6, m.end);
    upsert.bind(7, format_instant(starts.value()));
    upsert.bind(8, format_instant(ends.value()));
    if (room) upsert.bind(9, *room);
    upsert.bind(10, stamp);
    try {
      upsert.exec();
    } catch (const SQLite::Exception& e) {
      if (!detail::is_constraint_violation(e)) throw;
      return invalid("the schedule puts meeting " + core::meeting_id(m.panel, m.supplier, m.index) +
                     " where another meeting is: " + e.what());
    }
  }
  return Done{};
}

// Why `meeting` cannot take `slot` in `room` (nullptr = no room), as move() words it, or
// nullopt when it can. REQUIRES: the Db lock.
std::optional<StoreError> move_refusal(Db& db, const core::DaySetup& day, const MeetingRow& meeting,
                                       const core::GridSlot& slot, const core::EventRoom* room) {
  const std::string at = core::format_clock(slot.start);
  const core::Panel* panel = nullptr;
  for (const auto& p : day.panels)
    if (p.key == meeting.panel) panel = &p;
  const auto requests = load_requests_locked(db, meeting.event_id);
  const auto request =
      std::find_if(requests.begin(), requests.end(),
                   [&](const core::SupplierRequest& r) { return r.key == meeting.reference; });
  if (request != requests.end()) {
    const bool outside = (request->available_from && slot.start < *request->available_from) ||
                         (request->available_until && slot.end > *request->available_until);
    const bool said_no = std::any_of(
        request->unavailable.begin(), request->unavailable.end(),
        [&](core::Minutes t) { return t < slot.end && slot.start < t + day.meeting_length; });
    if (outside || said_no) return invalid("supplier_away: the supplier cannot be there at " + at);
    if (room && room->digital && !request->digital)
      return invalid("room_digital: the supplier meets in person, and " + room->name +
                     " is a digital room");
    if (room && !room->digital && request->digital)
      return invalid("room_physical: the supplier asked for a digital meeting, and " + room->name +
                     " is not a digital room");
    const int people = request->people + (panel ? static_cast<int>(panel->members.size()) : 0);
    if (room && room->seats && *room->seats < people)
      return invalid("room_seats: " + room->name + " seats " + std::to_string(*room->seats) +
                     ", the meeting needs " + std::to_string(people));
  }
  auto shares_member = [&](const std::string& other_key) {
    if (!panel) return false;
    for (const auto& other : day.panels)
      if (other.key == other_key)
        for (const auto& a : panel->members)
          for (const auto& b : other.members)
            if (a.person == b.person) return true;
    return false;
  };
  const auto others = meetings_locked(db, meeting.event_id);
  auto busy = [&](auto&& same) {
    return std::any_of(others.begin(), others.end(), [&](const MeetingRow& other) {
      return other.id != meeting.id && other.start == slot.start && same(other);
    });
  };
  if (busy([&](const MeetingRow& o) { return o.panel == meeting.panel; }))
    return conflict("panel_busy: the panel has another meeting at " + at);
  if (busy([&](const MeetingRow& o) { return shares_member(o.panel); }))
    return conflict("member_busy: a member of the panel is in another panel's meeting at " + at);
  if (busy([&](const MeetingRow& o) { return o.registration_id == meeting.registration_id; }))
    return conflict("supplier_busy: the supplier has another meeting at " + at);
  if (room && busy([&](const MeetingRow& o) { return o.room == room->key; }))
    return conflict("room_busy: " + room->name + " has another meeting at " + at);
  return std::nullopt;
}

// load_instance's work. REQUIRES: the Db lock or a read().
StoreResult<sched::Instance> instance_locked(Db& db, std::int64_t event_id) {
  auto day = load_day_locked(db, event_id);
  if (!day) return day.failure();
  const auto requests = load_requests_locked(db, event_id);
  const auto locked = load_locked_locked(db, event_id);
  // The problems staff can mend (the setup, rooms, locks that no longer fit) carry their rule's
  // code, so that the page says them in its language; to_instance repeats these checks.
  core::DaySetup sorted = day.value();
  auto problem = core::scheduling_problem(sorted, requests);
  if (!problem) problem = core::lock_problem(sorted, requests, locked);
  if (problem) return StoreError{Failure::kInvalid, problem->text, "rule." + problem->code, problem->values};
  auto instance = core::to_instance(day.value(), requests, locked);
  if (!instance) return invalid(instance.error());
  return std::move(instance).value();
}

}  // namespace

StoreResult<core::DaySetup> ScheduleStore::load_day(std::int64_t event_id) {
  auto reading = db_.read();
  return load_day_locked(db_, event_id);
}

std::vector<core::LockedMeeting> ScheduleStore::load_locked(std::int64_t event_id) {
  auto reading = db_.read();
  return load_locked_locked(db_, event_id);
}

StoreResult<sched::Instance> ScheduleStore::load_instance(std::int64_t event_id) {
  auto reading = db_.read();
  return instance_locked(db_, event_id);
}

StoreResult<std::int64_t> ScheduleStore::store_run(std::int64_t event_id,
                                                   const sched::Instance& instance,
                                                   const sched::Schedule& schedule,
                                                   std::optional<std::int64_t> run_by,
                                                   const std::string& actor) {
  const std::string instance_json = sched::write_instance(instance);
  const std::string result_json = sched::write_schedule(schedule, instance);
  const auto placed = core::placed_meetings(instance, schedule);

  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  const auto place = day_place(db_, event_id);
  if (!place) return not_found("no event " + std::to_string(event_id));
  // The run must be of the event as it is now. A registration, a cancellation, a lock, a
  // booking or a change of the day while the scheduler worked would otherwise be overwritten,
  // or leave meetings at times the day no longer has.
  if (const auto now_instance = instance_locked(db_, event_id);
      !now_instance || sched::write_instance(now_instance.value()) != instance_json) {
    return StoreError{Failure::kConflict,
                      "the registrations, the locked meetings or the day changed while the "
                      "scheduler ran; run it again",
                      "schedule.stale"};
  }
  const Instant now = db_.now();
  const std::string stamp = format_instant(now);

  SQLite::Statement number(db_.sql(),
                           "SELECT coalesce(max(run_number), 0) + 1 FROM schedule_run "
                           "WHERE event_id = ?");
  number.bind(1, event_id);
  number.executeStep();
  const int run_number = number.getColumn(0).getInt();
  number.reset();

  SQLite::Statement run(db_.sql(),
                        "INSERT INTO schedule_run (event_id, run_number, seed, status, "
                        "instance_json, result_json, placed, unplaced, solve_ms, run_by, run_at) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  run.bind(1, event_id);
  run.bind(2, run_number);
  run.bind(3, std::to_string(schedule.seed));
  run.bind(4, sched::to_string(schedule.status));
  run.bind(5, instance_json);
  run.bind(6, result_json);
  run.bind(7, static_cast<int>(placed.size()));
  run.bind(8, static_cast<int>(schedule.unscheduled.size()));
  run.bind(9, static_cast<std::int64_t>(schedule.solve_ms));
  if (run_by) run.bind(10, *run_by);
  run.bind(11, stamp);
  run.exec();
  const std::int64_t run_id = db_.sql().getLastInsertRowid();

  // A run without a schedule (infeasible, or no solution in time) is recorded, and the current
  // meetings stay as they are.
  const bool has_schedule =
      schedule.status == sched::Status::kOptimal || schedule.status == sched::Status::kFeasible;
  if (has_schedule) {
    auto placed_ok = place_meetings(db_, event_id, *place, placed, stamp);
    if (!placed_ok) return placed_ok.failure();
  }
  append_audit(db_.sql(), now, actor, event_id, "schedule.run",
               "run " + std::to_string(run_number) + " seed " + std::to_string(schedule.seed) +
                   " " + sched::to_string(schedule.status) + ", placed " +
                   std::to_string(placed.size()) + ", unplaced " +
                   std::to_string(schedule.unscheduled.size()));
  transaction.commit();
  return run_id;
}

std::optional<RunInfo> ScheduleStore::latest_run(std::int64_t event_id) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(),
                          "SELECT id, run_number, seed, status, placed, unplaced, run_by, run_at, "
                          "result_json FROM schedule_run WHERE event_id = ? "
                          "ORDER BY run_number DESC LIMIT 1");
  query.bind(1, event_id);
  if (!query.executeStep()) return std::nullopt;
  RunInfo info;
  info.id = query.getColumn(0).getInt64();
  info.run_number = query.getColumn(1).getInt();
  info.seed = std::stoull(query.getColumn(2).getString());
  info.status = query.getColumn(3).getString();
  info.placed = query.getColumn(4).getInt();
  info.unplaced = query.getColumn(5).getInt();
  if (!query.getColumn(6).isNull()) info.run_by = query.getColumn(6).getInt64();
  info.run_at = query.getColumn(7).getString();
  // Only a run without a schedule has a reason: the others are not parsed.
  const bool without_schedule = info.status == "infeasible" || info.status == "unknown";
  if (without_schedule && !query.getColumn(8).isNull()) {
    sched::Verdict verdict = sched::read_verdict(query.getColumn(8).getString());
    info.reason = std::move(verdict.reason);
    info.cause = std::move(verdict.cause);
  }
  return info;
}

std::vector<MeetingRow> ScheduleStore::meetings(std::int64_t event_id) {
  auto reading = db_.read();
  return meetings_locked(db_, event_id);
}

std::vector<MeetingRow> ScheduleStore::meetings_of(std::int64_t registration_id) {
  auto reading = db_.read();
  return meetings_locked(db_, 0, registration_id);
}

StoreResult<MeetingRow> ScheduleStore::meeting(std::int64_t meeting_id) {
  auto reading = db_.read();
  auto rows = meetings_locked(db_, 0, std::nullopt, meeting_id);
  if (rows.empty()) return not_found("no meeting " + std::to_string(meeting_id));
  return std::move(rows.front());
}

StoreResult<MeetingRow> ScheduleStore::meeting_for_record(std::int64_t meeting_id) {
  auto reading = db_.read();
  auto rows = meetings_locked(db_, 0, std::nullopt, meeting_id, true);
  if (rows.empty()) return not_found("no meeting " + std::to_string(meeting_id));
  return std::move(rows.front());
}

std::vector<MeetingRow> ScheduleStore::cancelled_with_minutes(std::int64_t event_id) {
  auto reading = db_.read();
  SQLite::Statement with_minutes(db_.sql(),
                                 "SELECT m.id FROM meeting m JOIN minutes n ON n.meeting_id = m.id "
                                 "WHERE m.event_id = ? AND m.status = 'cancelled'");
  with_minutes.bind(1, event_id);
  std::vector<std::int64_t> ids;
  while (with_minutes.executeStep()) ids.push_back(with_minutes.getColumn(0).getInt64());
  std::vector<MeetingRow> rows;
  for (auto& row : meetings_locked(db_, event_id, std::nullopt, std::nullopt, true))
    if (std::find(ids.begin(), ids.end(), row.id) != ids.end()) rows.push_back(std::move(row));
  return rows;
}

StoreResult<Done> ScheduleStore::set_locked(std::int64_t meeting_id, bool locked,
                                            const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement current(db_.sql(),
                            "SELECT event_id, locked FROM meeting WHERE id = ? "
                            "AND status <> 'cancelled'");
  current.bind(1, meeting_id);
  if (!current.executeStep()) return not_found("no meeting " + std::to_string(meeting_id));
  const std::int64_t event_id = current.getColumn(0).getInt64();
  const bool was_locked = current.getColumn(1).getInt() != 0;
  current.reset();
  SQLite::Statement update(db_.sql(), "UPDATE meeting SET locked = ?, updated_at = ? WHERE id = ?");
  update.bind(1, locked ? 1 : 0);
  update.bind(2, format_instant(db_.now()));
  update.bind(3, meeting_id);
  update.exec();
  const auto words = [](bool is_locked) { return is_locked ? "locked" : "not locked"; };
  append_audit(db_.sql(), db_.now(), actor, event_id, locked ? "meeting.lock" : "meeting.unlock",
               "meeting " + std::to_string(meeting_id), words(was_locked), words(locked));
  transaction.commit();
  return Done{};
}

StoreResult<Done> ScheduleStore::move(std::int64_t meeting_id, core::Minutes start,
                                      const std::optional<std::string>& room,
                                      const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  const auto found = meetings_locked(db_, 0, std::nullopt, meeting_id);
  if (found.empty()) return not_found("no_meeting: no meeting " + std::to_string(meeting_id));
  const MeetingRow& meeting = found.front();
  const std::int64_t event_id = meeting.event_id;
  auto day = load_day_locked(db_, event_id);
  if (!day) return day.failure();
  const auto grid = core::slot_grid(day.value());
  const auto slot = std::find_if(grid.begin(), grid.end(),
                                 [&](const core::GridSlot& s) { return s.start == start; });
  if (slot == grid.end())
    return invalid("not_a_slot: " + core::format_clock(start) +
                   " is not the start of a slot of this day");
  const core::EventRoom* target_room = nullptr;
  if (room) {
    for (const auto& r : day.value().rooms)
      if (r.key == *room) target_room = &r;
    if (!target_room) return not_found("unknown_room: no room " + *room + " in this event");
  }
  if (auto problem = move_refusal(db_, day.value(), meeting, *slot, target_room)) return *problem;

  const auto place = day_place(db_, event_id);
  auto starts = local_to_instant(place->day, slot->start, place->zone);
  auto ends = local_to_instant(place->day, slot->end, place->zone);
  if (!starts) return starts.failure();
  if (!ends) return ends.failure();
  std::optional<std::int64_t> room_id;
  if (room) {
    SQLite::Statement find(db_.sql(), "SELECT id FROM room WHERE event_id = ? AND key = ?");
    find.bind(1, event_id);
    find.bind(2, *room);
    if (find.executeStep()) room_id = find.getColumn(0).getInt64();
  }
  SQLite::Statement update(db_.sql(),
                           "UPDATE meeting SET slot_start = ?, slot_end = ?, starts_at = ?, "
                           "ends_at = ?, room_id = ?, updated_at = ?, status = CASE status "
                           "WHEN 'published' THEN 'proposed' ELSE status END WHERE id = ?");
  update.bind(1, slot->start);
  update.bind(2, slot->end);
  update.bind(3, format_instant(starts.value()));
  update.bind(4, format_instant(ends.value()));
  if (room_id) update.bind(5, *room_id);
  update.bind(6, format_instant(db_.now()));
  update.bind(7, meeting_id);
  try {
    update.exec();
  } catch (const SQLite::Exception& e) {
    if (!detail::is_constraint_violation(e)) throw;
    return conflict("panel_busy: meeting " + std::to_string(meeting_id) + " cannot move to " +
                    core::format_clock(start) +
                    ": the panel, a panel member, the supplier or the room is busy then");
  }
  append_audit(db_.sql(), db_.now(), actor, event_id, "meeting.move",
               "meeting " + std::to_string(meeting_id) + " " + core::format_clock(meeting.start) +
                   (meeting.room ? " room " + *meeting.room : "") + " -> " +
                   core::format_clock(start) + (room ? " room " + *room : ""),
               core::format_clock(meeting.start) + (meeting.room ? ", room " + *meeting.room : ""),
               core::format_clock(start) + (room ? ", room " + *room : ""));
  transaction.commit();
  return Done{};
}

sched::Schedule ScheduleStore::current_schedule(std::int64_t event_id,
                                                const sched::Instance& instance) {
  std::vector<MeetingRow> live;
  std::optional<std::string> run_instance, run_result;
  std::uint64_t seed = 0;
  {
    auto reading = db_.read();
    live = meetings_locked(db_, event_id);
    SQLite::Statement run(db_.sql(),
                          "SELECT seed, instance_json, result_json FROM schedule_run "
                          "WHERE event_id = ? ORDER BY run_number DESC LIMIT 1");
    run.bind(1, event_id);
    if (run.executeStep()) {
      seed = std::stoull(run.getColumn(0).getString());
      if (!run.getColumn(1).isNull()) run_instance = run.getColumn(1).getString();
      if (!run.getColumn(2).isNull()) run_result = run.getColumn(2).getString();
    }
  }
  // The latest run's reasons and causes, by meeting id.
  std::map<std::string, sched::Unscheduled> run_reasons;
  if (run_instance && run_result) {
    auto earlier = sched::read_instance(*run_instance);
    if (earlier) {
      auto result = sched::read_schedule(*run_result, earlier.value());
      if (result)
        for (const auto& u : result.value().unscheduled)
          run_reasons[earlier.value().meetings[u.meeting].id] = u;
    }
  }

  std::map<std::string, int> meeting_index, slot_index, room_index;
  for (std::size_t i = 0; i < instance.meetings.size(); ++i)
    meeting_index[instance.meetings[i].id] = static_cast<int>(i);
  for (std::size_t i = 0; i < instance.slots.size(); ++i)
    slot_index[instance.slots[i].start] = static_cast<int>(i);
  const bool room_list = instance.rooms.kind == sched::Rooms::Kind::kList;
  for (std::size_t i = 0; i < instance.rooms.list.size(); ++i)
    room_index[instance.rooms.list[i].id] = static_cast<int>(i);

  sched::Schedule schedule;
  schedule.status = sched::Status::kFeasible;
  schedule.seed = seed;
  std::vector<bool> assigned(instance.meetings.size(), false);
  for (const MeetingRow& row : live) {
    const auto m = meeting_index.find(core::meeting_id(row.panel, row.reference, row.n));
    const auto s = slot_index.find(core::format_clock(row.start));
    if (m == meeting_index.end() || s == slot_index.end() || assigned[m->second]) continue;
    sched::Assignment assignment{m->second, s->second, std::nullopt};
    if (room_list) {
      if (!row.room) continue;
      const auto r = room_index.find(*row.room);
      if (r == room_index.end()) continue;
      assignment.room = r->second;
    }
    assigned[m->second] = true;
    schedule.assignments.push_back(assignment);
  }
  for (std::size_t i = 0; i < instance.meetings.size(); ++i) {
    if (assigned[i]) continue;
    const auto reason = run_reasons.find(instance.meetings[i].id);
    if (reason != run_reasons.end())
      schedule.unscheduled.push_back(
          {static_cast<int>(i), reason->second.reason, reason->second.cause});
    else
      schedule.unscheduled.push_back(
          {static_cast<int>(i),
           "not placed now: the latest run did not consider it, or it was freed since; run the "
           "scheduler again to place it",
           sched::Cause{"not_run", {}, {}}});
  }
  if (schedule.assignments.empty() &&
      std::any_of(instance.meetings.begin(), instance.meetings.end(),
                  [](const sched::Meeting& m) { return m.required; }))
    schedule.status = sched::Status::kUnknown;
  schedule.objective = sched::check_schedule(instance, schedule).objective;
  return schedule;
}

StoreResult<int> ScheduleStore::publish(std::int64_t event_id, std::optional<std::int64_t> by,
                                        const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (!day_place(db_, event_id)) return not_found("no event " + std::to_string(event_id));
  const auto rows = meetings_locked(db_, event_id);
  nlohmann::json meetings = nlohmann::json::array();
  for (const MeetingRow& row : rows)
    meetings.push_back({{"id", row.id},
                        {"supplier", row.reference},
                        {"panel", row.panel},
                        {"n", row.n},
                        {"start", core::format_clock(row.start)},
                        {"end", core::format_clock(row.end)},
                        {"starts_at", row.starts_at},
                        {"ends_at", row.ends_at},
                        {"room", row.room ? nlohmann::json(*row.room) : nlohmann::json()},
                        {"locked", row.locked}});
  SQLite::Statement next(db_.sql(),
                         "SELECT coalesce(max(version), 0) + 1, (SELECT max(id) FROM schedule_run "
                         "WHERE event_id = ?1) FROM schedule_version WHERE event_id = ?1");
  next.bind(1, event_id);
  next.executeStep();
  const int version = next.getColumn(0).getInt();
  std::optional<std::int64_t> run_id;
  if (!next.getColumn(1).isNull()) run_id = next.getColumn(1).getInt64();
  next.reset();
  const std::string stamp = format_instant(db_.now());
  SQLite::Statement insert(db_.sql(),
                           "INSERT INTO schedule_version (event_id, version, run_id, "
                           "meetings_json, meetings, published_by, published_at) "
                           "VALUES (?,?,?,?,?,?,?)");
  insert.bind(1, event_id);
  insert.bind(2, version);
  if (run_id) insert.bind(3, *run_id);
  insert.bind(4, meetings.dump());
  insert.bind(5, static_cast<int>(rows.size()));
  if (by) insert.bind(6, *by);
  insert.bind(7, stamp);
  insert.exec();
  SQLite::Statement mark(db_.sql(),
                         "UPDATE meeting SET status = 'published', updated_at = ? "
                         "WHERE event_id = ? AND status = 'proposed'");
  mark.bind(1, stamp);
  mark.bind(2, event_id);
  mark.exec();
  SQLite::Statement status(db_.sql(), "UPDATE event SET status = 'published' WHERE id = ?");
  status.bind(1, event_id);
  status.exec();
  append_audit(
      db_.sql(), db_.now(), actor, event_id, "schedule.publish",
      "version " + std::to_string(version) + ", " + std::to_string(rows.size()) + " meetings",
      version > 1 ? "version " + std::to_string(version - 1) : "not published",
      "version " + std::to_string(version) + ", " + std::to_string(rows.size()) + " meetings");
  transaction.commit();
  return version;
}

}  // namespace dialogdag::data

namespace dialogdag::data {
namespace {

// REQUIRES: the Db lock.
std::vector<PublishedVersion> versions_locked(Db& db, std::int64_t event_id) {
  SQLite::Statement query(db.sql(),
                          "SELECT version, published_at, meetings_json FROM schedule_version "
                          "WHERE event_id = ? ORDER BY version");
  query.bind(1, event_id);
  std::vector<PublishedVersion> versions;
  while (query.executeStep()) {
    PublishedVersion version;
    version.version = query.getColumn(0).getInt();
    version.published_at = query.getColumn(1).getString();
    if (!query.getColumn(2).isNull()) {
      const auto meetings = nlohmann::json::parse(query.getColumn(2).getString());
      for (const auto& m : meetings) {
        MeetingRow row;
        row.id = m.at("id").get<std::int64_t>();
        row.event_id = event_id;
        row.reference = m.at("supplier").get<std::string>();
        row.panel = m.at("panel").get<std::string>();
        row.n = m.at("n").get<int>();
        row.start = core::parse_clock(m.at("start").get<std::string>()).value_or(0);
        row.end = core::parse_clock(m.at("end").get<std::string>()).value_or(0);
        row.starts_at = m.at("starts_at").get<std::string>();
        row.ends_at = m.at("ends_at").get<std::string>();
        if (!m.at("room").is_null()) row.room = m.at("room").get<std::string>();
        row.status = "published";
        row.locked = m.at("locked").get<bool>();
        version.meetings.push_back(std::move(row));
      }
    }
    versions.push_back(std::move(version));
  }
  return versions;
}

}  // namespace

std::vector<PublishedVersion> ScheduleStore::versions(std::int64_t event_id) {
  auto reading = db_.read();
  return versions_locked(db_, event_id);
}

std::vector<SupplierMeeting> ScheduleStore::supplier_meetings(std::int64_t registration_id) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(), "SELECT event_id, reference FROM registration WHERE id = ?");
  query.bind(1, registration_id);
  if (!query.executeStep()) return {};
  const std::int64_t event_id = query.getColumn(0).getInt64();
  const std::string reference = query.getColumn(1).getString();
  query.reset();

  std::vector<SupplierMeeting> shown;
  std::set<std::int64_t> booked;
  for (MeetingRow& row : meetings_locked(db_, 0, registration_id))
    if (row.status == "booked") {
      booked.insert(row.id);
      shown.push_back({std::move(row), std::nullopt, ""});
    }
  const auto versions = versions_locked(db_, event_id);
  if (!versions.empty()) {
    auto same_id = [](const std::vector<MeetingRow>& rows, std::int64_t id) {
      return std::find_if(rows.begin(), rows.end(),
                          [&](const MeetingRow& r) { return r.id == id; });
    };
    for (const MeetingRow& row : versions.back().meetings) {
      if (row.reference != reference || booked.count(row.id)) continue;
      SupplierMeeting meeting{row, std::nullopt, ""};
      meeting.meeting.registration_id = registration_id;
      for (std::size_t k = versions.size() - 1; k-- > 0;) {
        const auto before = same_id(versions[k].meetings, row.id);
        if (before == versions[k].meetings.end()) break;
        if (before->start == row.start && before->room == row.room) continue;
        meeting.was = *before;
        meeting.changed_at = versions[k + 1].published_at;
        break;
      }
      shown.push_back(std::move(meeting));
    }
  }
  std::sort(shown.begin(), shown.end(), [](const SupplierMeeting& a, const SupplierMeeting& b) {
    return a.meeting.start < b.meeting.start;
  });
  return shown;
}

std::optional<SupplierOutcome> ScheduleStore::supplier_outcome(std::int64_t event_id,
                                                               const std::string& reference) {
  std::string seed, instance_json, result_json;
  {
    auto reading = db_.read();
    SQLite::Statement run(db_.sql(),
                          "SELECT r.seed, r.instance_json, r.result_json FROM schedule_version v "
                          "JOIN schedule_run r ON r.id = v.run_id WHERE v.event_id = ? "
                          "ORDER BY v.version DESC LIMIT 1");
    run.bind(1, event_id);
    if (!run.executeStep() || run.getColumn(1).isNull() || run.getColumn(2).isNull())
      return std::nullopt;
    seed = run.getColumn(0).getString();
    instance_json = run.getColumn(1).getString();
    result_json = run.getColumn(2).getString();
  }
  auto instance = sched::read_instance(instance_json);
  if (!instance) return std::nullopt;
  auto result = sched::read_schedule(result_json, instance.value());
  if (!result) return std::nullopt;
  const sched::Instance& in = instance.value();
  SupplierOutcome outcome;
  outcome.seed = std::stoull(seed);  // the column's CHECK keeps it digits only
  std::vector<std::string> panel_of(in.meetings.size());  // empty: not the supplier's meeting
  for (std::size_t m = 0; m < in.meetings.size(); ++m) {
    const auto& between = in.meetings[m].between;
    for (int k = 0; k < 2; ++k)
      if (in.participants[between[k]].id == reference) {
        panel_of[m] = in.participants[between[1 - k]].id;
        outcome.panels.insert(panel_of[m]);
      }
  }
  for (const sched::Unscheduled& u : result.value().unscheduled)
    if (!panel_of[u.meeting].empty()) outcome.unplaced.push_back({panel_of[u.meeting], u});
  return outcome;
}

}  // namespace dialogdag::data
