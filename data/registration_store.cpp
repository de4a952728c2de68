#include "data/registration_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "data/audit_log.h"
#include "data/crypto.h"
#include "data/event_store.h"
#include "data/sql_util.h"
#include "scheduler/validation.h"

namespace dialogdag::data {
namespace {

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string clock(core::Minutes minutes) { return core::format_clock(minutes); }

// A refusal the booking pages say in their own words: `code` names the rule (the codes are
// listed in registration_store.h), `message` says it in English for the API and the logs.
StoreError refusal(Failure kind, std::string message, std::string code) {
  return {kind, std::move(message), std::move(code)};
}

// The checks that need nothing but the form.
StoreResult<std::string> check_form(const RegistrationInput& in) {
  if (blank(in.company)) return invalid("company: the company name is missing");
  if (in.company.size() > 200) return invalid("company: at most 200 characters");
  auto orgnr = core::normalise_orgnr(in.orgnr);
  if (!orgnr)
    return invalid("orgnr: \"" + in.orgnr + "\" is not a valid Norwegian organisation number");
  if (blank(in.contact_name)) return invalid("contact_name: the contact person is missing");
  if (!core::plausible_email(in.email))
    return invalid("email: \"" + in.email + "\" is not an e-mail address");
  if (blank(in.phone)) return invalid("phone: the phone number is missing");
  for (size_t i = 0; i < in.attendees.size(); ++i)
    if (blank(in.attendees[i].name))
      return invalid("attendee_name: attendee " + std::to_string(i + 1) + " has no name");
  if (in.topics.size() > 4000) return invalid("topics: at most 4000 characters");
  if (!in.consent) return invalid("consent: the privacy notice must be accepted");
  if (in.wants_meeting && in.panels.empty())
    return invalid("panel: choose at least one panel to meet");
  if (in.available_from && in.available_until && *in.available_from >= *in.available_until)
    return invalid("available_until: must be after available_from");
  return *orgnr;
}

struct EventRow {
  std::string status, mode, day, zone;
  std::optional<Instant> opens, closes;
  int max_people = 0;
};

// REQUIRES: the Db lock.
std::optional<EventRow> event_row(Db& db, std::int64_t event_id) {
  SQLite::Statement query(db.sql(),
                          "SELECT status, booking_mode, day, time_zone, registration_opens, "
                          "registration_closes, max_people FROM event WHERE id = ?");
  query.bind(1, event_id);
  if (!query.executeStep()) return std::nullopt;
  EventRow row;
  row.status = query.getColumn(0).getString();
  row.mode = query.getColumn(1).getString();
  row.day = query.getColumn(2).getString();
  row.zone = query.getColumn(3).getString();
  if (!query.getColumn(4).isNull()) row.opens = parse_instant(query.getColumn(4).getString());
  if (!query.getColumn(5).isNull()) row.closes = parse_instant(query.getColumn(5).getString());
  row.max_people = query.getColumn(6).getInt();
  return row;
}

// The registration a manage token opens, as update() and cancel() need it.
// REQUIRES: the Db lock.
struct TokenRow {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::string reference;
  std::string orgnr;  // empty after a purge
  bool cancelled = false;
};

std::optional<TokenRow> row_by_token(Db& db, const std::string& token) {
  SQLite::Statement query(db.sql(),
                          "SELECT id, event_id, reference, orgnr, status FROM registration "
                          "WHERE manage_token_hash = ?");
  query.bind(1, token_digest(token));
  if (!query.executeStep()) return std::nullopt;
  return TokenRow{query.getColumn(0).getInt64(), query.getColumn(1).getInt64(),
                  query.getColumn(2).getString(),
                  query.getColumn(3).isNull() ? "" : query.getColumn(3).getString(),
                  query.getColumn(4).getString() == "cancelled"};
}

StoreResult<Done> check_open(const EventRow& event, Instant now) {
  if (event.status != "open") return refusal(Failure::kConflict, "registration for this event is not open", "closed");
  if (event.opens && now < *event.opens)
    return refusal(Failure::kConflict, "registration for this event has not opened yet", "closed");
  if (event.closes && now >= *event.closes)
    return refusal(Failure::kConflict, "registration for this event has closed", "closed");
  return Done{};
}

// Books `start` with `panel_id` for the registration (instant mode). REQUIRES: the Db lock,
// inside an IMMEDIATE transaction.
StoreResult<Done> book(Db& db, std::int64_t event_id, const EventRow& event,
                       const core::DaySetup& day, std::int64_t registration_id,
                       std::int64_t panel_id, const std::string& panel_key, core::Minutes start,
                       const RegistrationInput& in) {
  const bool digital = in.digital;
  const auto grid = core::slot_grid(day);
  const auto slot = std::find_if(grid.begin(), grid.end(),
                                 [&](const core::GridSlot& s) { return s.start == start; });
  if (slot == grid.end())
    return refusal(Failure::kInvalid, "preferred_slot: " + clock(start) + " is not a slot of this day",
                   "slot_not_in_day");
  if ((in.available_from && slot->start < *in.available_from) ||
      (in.available_until && slot->end > *in.available_until) ||
      std::find(in.unavailable.begin(), in.unavailable.end(), start) != in.unavailable.end())
    return refusal(Failure::kInvalid,
                   "preferred_slot: " + clock(start) + " is outside the times you can attend",
                   "slot_outside_travel");

  // Checked here for a clear message; the unique indexes and the trigger are the guarantee.
  SQLite::Statement taken(db.sql(),
                          "SELECT 1 FROM meeting WHERE panel_id = ? AND slot_start = ? "
                          "AND status <> 'cancelled'");
  taken.bind(1, panel_id);
  taken.bind(2, start);
  if (taken.executeStep())
    return refusal(Failure::kConflict,
                   "preferred_slot: " + clock(start) + " with panel " + panel_key +
                       " has just been taken; choose another slot",
                   "slot_taken");

  std::optional<std::int64_t> room;
  if (digital) {
    SQLite::Statement free_room(db.sql(),
                                "SELECT r.id FROM room r WHERE r.event_id = ? AND r.digital = 1 "
                                "AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.room_id = r.id "
                                "AND m.slot_start = ? AND m.status <> 'cancelled') ORDER BY r.id");
    free_room.bind(1, event_id);
    free_room.bind(2, start);
    if (!free_room.executeStep())
      return refusal(Failure::kConflict,
                     "preferred_slot: no digital room is free at " + clock(start) +
                         "; choose another slot",
                     "slot_no_digital_room");
    room = free_room.getColumn(0).getInt64();
  } else {
    SQLite::Statement home(db.sql(), "SELECT room_id FROM panel WHERE id = ?");
    home.bind(1, panel_id);
    if (home.executeStep() && !home.getColumn(0).isNull()) room = home.getColumn(0).getInt64();
  }
  auto starts = local_to_instant(event.day, slot->start, event.zone);
  auto ends = local_to_instant(event.day, slot->end, event.zone);
  if (!starts) return starts.failure();
  if (!ends) return ends.failure();

  SQLite::Statement insert(db.sql(),
                           "INSERT INTO meeting (event_id, registration_id, panel_id, n, "
                           "slot_start, slot_end, starts_at, ends_at, room_id, status, updated_at) "
                           "VALUES (?,?,?,0,?,?,?,?,?,'booked',?) "
                           "ON CONFLICT (registration_id, panel_id, n) DO UPDATE SET "
                           "slot_start = excluded.slot_start, slot_end = excluded.slot_end, "
                           "starts_at = excluded.starts_at, ends_at = excluded.ends_at, "
                           "room_id = excluded.room_id, status = 'booked', "
                           "updated_at = excluded.updated_at WHERE meeting.status = 'cancelled'");
  insert.bind(1, event_id);
  insert.bind(2, registration_id);
  insert.bind(3, panel_id);
  insert.bind(4, slot->start);
  insert.bind(5, slot->end);
  insert.bind(6, format_instant(starts.value()));
  insert.bind(7, format_instant(ends.value()));
  if (room) insert.bind(8, *room);
  insert.bind(9, format_instant(db.now()));
  try {
    insert.exec();
  } catch (const SQLite::Exception& e) {
    if (!detail::is_constraint_violation(e)) throw;
    return refusal(Failure::kConflict,
                   "preferred_slot: " + clock(start) + " with panel " + panel_key +
                       " is not free (a panel member or the room is busy); choose another slot",
                   "slot_panel_busy");
  }
  return Done{};
}

// REQUIRES: the Db lock.
std::optional<Registration> read_registration(Db& db, const char* where, const std::string& key,
                                              std::int64_t id) {
  SQLite::Statement query(
      db.sql(), std::string("SELECT r.id, r.event_id, r.reference, r.company, r.orgnr, "
                            "r.contact_name, r.email, r.phone, r.attends_plenary, r.topics, "
                            "r.status, q.registration_id, q.available_from, q.available_until, "
                            "q.unavailable, q.preferred, q.digital FROM registration r "
                            "LEFT JOIN meeting_request q ON q.registration_id = r.id ") +
                    where);
  if (key.empty())
    query.bind(1, id);
  else
    query.bind(1, key);
  if (!query.executeStep()) return std::nullopt;
  Registration r;
  r.id = query.getColumn(0).getInt64();
  r.event_id = query.getColumn(1).getInt64();
  r.reference = query.getColumn(2).getString();
  r.company = query.getColumn(3).getString();
  r.orgnr = query.getColumn(4).isNull() ? "" : query.getColumn(4).getString();
  r.contact_name = query.getColumn(5).getString();
  r.email = query.getColumn(6).getString();
  r.phone = query.getColumn(7).getString();
  r.attends_plenary = query.getColumn(8).getInt() != 0;
  r.topics = query.getColumn(9).getString();
  r.cancelled = query.getColumn(10).getString() == "cancelled";
  r.wants_meeting = !query.getColumn(11).isNull();
  if (r.wants_meeting) {
    r.available_from = detail::optional_int(query.getColumn(12));
    r.available_until = detail::optional_int(query.getColumn(13));
    r.unavailable = detail::json_to_ints(query.getColumn(14).getString());
    r.preferred = detail::json_to_ints(query.getColumn(15).getString());
    r.digital = query.getColumn(16).getInt() != 0;
  }
  SQLite::Statement attendees(db.sql(),
                              "SELECT name, role FROM attendee WHERE registration_id = ? "
                              "ORDER BY position");
  attendees.bind(1, r.id);
  while (attendees.executeStep())
    r.attendees.push_back({attendees.getColumn(0).getString(), attendees.getColumn(1).getString()});
  SQLite::Statement panels(db.sql(),
                           "SELECT p.key FROM request_panel q JOIN panel p ON p.id = q.panel_id "
                           "WHERE q.registration_id = ? ORDER BY p.id");
  panels.bind(1, r.id);
  while (panels.executeStep()) r.panels.push_back(panels.getColumn(0).getString());
  return r;
}

using PanelRefs = std::vector<std::pair<std::int64_t, std::string>>;  // id, key

// The rules that need the event: open, attendee count, the panels exist. REQUIRES: the Db lock.
StoreResult<PanelRefs> check_against_event(Db& db, std::int64_t event_id, const EventRow& event,
                                           const RegistrationInput& in) {
  if (auto open = check_open(event, db.now()); !open) return open.failure();
  if (static_cast<int>(in.attendees.size()) > event.max_people)
    return invalid("attendee_name: at most " + std::to_string(event.max_people) +
                   " people per supplier");
  PanelRefs panels;
  if (!in.wants_meeting) return panels;
  for (const std::string& key : in.panels) {
    SQLite::Statement panel(db.sql(), "SELECT id FROM panel WHERE event_id = ? AND key = ?");
    panel.bind(1, event_id);
    panel.bind(2, key);
    if (!panel.executeStep())
      return refusal(Failure::kInvalid, "panel: \"" + key + "\" is not a panel of this event",
                     "panel_unknown");
    const std::int64_t id = panel.getColumn(0).getInt64();
    if (std::none_of(panels.begin(), panels.end(), [&](const auto& p) { return p.first == id; }))
      panels.emplace_back(id, key);
  }
  if (event.mode == "instant" && in.preferred.empty())
    return refusal(Failure::kInvalid, "preferred_slot: choose the slot you want", "slot_missing");
  return panels;
}

// (Re)writes attendees, the meeting request and its panels. REQUIRES: the Db lock, inside a
// write transaction.
void write_details(Db& db, std::int64_t event_id, std::int64_t registration_id,
                   const RegistrationInput& in, const PanelRefs& panels) {
  auto run = [&](const char* sql) {
    SQLite::Statement statement(db.sql(), sql);
    statement.bind(1, registration_id);
    statement.exec();
  };
  run("DELETE FROM attendee WHERE registration_id = ?");
  run("DELETE FROM request_panel WHERE registration_id = ?");
  run("DELETE FROM meeting_request WHERE registration_id = ?");
  for (size_t i = 0; i < in.attendees.size(); ++i) {
    SQLite::Statement attendee(db.sql(),
                               "INSERT INTO attendee (registration_id, position, name, role) "
                               "VALUES (?,?,?,?)");
    attendee.bind(1, registration_id);
    attendee.bind(2, static_cast<int>(i));
    attendee.bind(3, in.attendees[i].name);
    attendee.bind(4, in.attendees[i].role);
    attendee.exec();
  }
  if (!in.wants_meeting) return;
  SQLite::Statement request(db.sql(),
                            "INSERT INTO meeting_request (registration_id, available_from, "
                            "available_until, unavailable, preferred, digital) "
                            "VALUES (?,?,?,?,?,?)");
  request.bind(1, registration_id);
  detail::bind_optional(request, 2, in.available_from);
  detail::bind_optional(request, 3, in.available_until);
  request.bind(4, detail::ints_to_json(in.unavailable));
  request.bind(5, detail::ints_to_json(in.preferred));
  request.bind(6, in.digital ? 1 : 0);
  request.exec();
  for (const auto& [panel_id, key] : panels) {
    SQLite::Statement link(db.sql(),
                           "INSERT INTO request_panel (registration_id, panel_id, event_id) "
                           "VALUES (?,?,?)");
    link.bind(1, registration_id);
    link.bind(2, panel_id);
    link.bind(3, event_id);
    link.exec();
  }
}

// Instant mode: books the first preferred slot with every requested panel. REQUIRES: the Db
// lock, inside an IMMEDIATE transaction; the registration holds no live meeting.
StoreResult<Done> book_all(Db& db, std::int64_t event_id, const EventRow& event,
                           std::int64_t registration_id, const RegistrationInput& in,
                           const PanelRefs& panels) {
  if (event.mode != "instant" || !in.wants_meeting) return Done{};
  auto day = load_day_locked(db, event_id);
  if (!day) return day.failure();
  for (const auto& [panel_id, key] : panels) {
    auto booked = book(db, event_id, event, day.value(), registration_id, panel_id, key,
                       in.preferred.front(), in);
    if (!booked) return booked.failure();  // the caller's transaction rolls back
  }
  return Done{};
}

std::string summary(std::int64_t registration_id, const std::string& reference,
                    const RegistrationInput& in, const PanelRefs& panels, const EventRow& event) {
  std::string keys;
  for (const auto& [id, key] : panels) keys += (keys.empty() ? "" : ",") + key;
  return "registration " + std::to_string(registration_id) + " " + reference + ", " +
         std::to_string(in.attendees.size()) + " attendees, panels [" + keys + "]" +
         (event.mode == "instant" && in.wants_meeting ? ", booked " + clock(in.preferred.front())
                                                      : "");
}

}  // namespace

StoreResult<Booking> RegistrationStore::register_supplier(std::int64_t event_id,
                                                          const RegistrationInput& in) {
  auto orgnr = check_form(in);
  if (!orgnr) return orgnr.failure();
  const std::string token = random_token();

  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  const auto event = event_row(db_, event_id);
  if (!event) return not_found("no event " + std::to_string(event_id));
  auto panels = check_against_event(db_, event_id, *event, in);
  if (!panels) return panels.failure();

  SQLite::Statement duplicate(db_.sql(),
                              "SELECT 1 FROM registration WHERE event_id = ? AND orgnr = ?");
  duplicate.bind(1, event_id);
  duplicate.bind(2, orgnr.value());
  if (duplicate.executeStep())
    return refusal(Failure::kConflict,
                   "orgnr: organisation number " + orgnr.value() +
                       " is already registered for this event; use the private link from the "
                       "first registration's confirmation to change it, or contact the organiser",
                   "orgnr_taken");

  // The reference: random, unique (checked under the write lock, so no retry race).
  std::string reference;
  for (int attempt = 0;; ++attempt) {
    reference = booking_reference();
    SQLite::Statement used(db_.sql(), "SELECT 1 FROM registration WHERE reference = ?");
    used.bind(1, reference);
    if (!used.executeStep()) break;
    if (attempt == 20) throw std::runtime_error("no free booking reference after 20 tries");
  }

  SQLite::Statement insert(
      db_.sql(),
      "INSERT INTO registration (event_id, reference, manage_token_hash, company, orgnr, "
      "contact_name, email, phone, attends_plenary, topics, consent_at, created_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  const Instant now = db_.now();
  const std::string stamp = format_instant(now);
  insert.bind(1, event_id);
  insert.bind(2, reference);
  insert.bind(3, token_digest(token));
  insert.bind(4, in.company);
  insert.bind(5, orgnr.value());
  insert.bind(6, in.contact_name);
  insert.bind(7, in.email);
  insert.bind(8, in.phone);
  insert.bind(9, in.attends_plenary ? 1 : 0);
  insert.bind(10, in.topics);
  insert.bind(11, stamp);
  insert.bind(12, stamp);
  insert.bind(13, stamp);
  try {
    insert.exec();
  } catch (const SQLite::Exception& e) {
    if (!detail::is_unique_violation(e)) throw;
    return refusal(Failure::kConflict,
                   "orgnr: organisation number " + orgnr.value() +
                       " is already registered for this event",
                   "orgnr_taken");
  }
  const std::int64_t registration_id = db_.sql().getLastInsertRowid();
  write_details(db_, event_id, registration_id, in, panels.value());
  if (auto booked = book_all(db_, event_id, *event, registration_id, in, panels.value()); !booked)
    return booked.failure();  // rolls back: the losing supplier keeps nothing, may try again
  append_audit(db_.sql(), now, "supplier:" + reference, event_id, "registration.create",
               summary(registration_id, reference, in, panels.value(), *event));
  transaction.commit();
  return Booking{registration_id, reference, token};
}

StoreResult<Done> RegistrationStore::update(const std::string& token, const RegistrationInput& in) {
  auto orgnr = check_form(in);
  if (!orgnr) return orgnr.failure();
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  const auto row = row_by_token(db_, token);
  if (!row) return not_found("no booking for this link");
  const auto& [id, event_id, reference, stored_orgnr, cancelled] = *row;
  if (stored_orgnr != orgnr.value())
    return invalid(
        "orgnr: the organisation number of a registration cannot change; cancel it "
        "and register again");
  if (cancelled) return refusal(Failure::kConflict, "this registration is cancelled", "cancelled");
  const auto event = event_row(db_, event_id);
  auto panels = check_against_event(db_, event_id, *event, in);
  if (!panels) return panels.failure();

  SQLite::Statement update(db_.sql(),
                           "UPDATE registration SET company = ?, contact_name = ?, email = ?, "
                           "phone = ?, attends_plenary = ?, topics = ?, updated_at = ? "
                           "WHERE id = ?");
  update.bind(1, in.company);
  update.bind(2, in.contact_name);
  update.bind(3, in.email);
  update.bind(4, in.phone);
  update.bind(5, in.attends_plenary ? 1 : 0);
  update.bind(6, in.topics);
  update.bind(7, format_instant(db_.now()));
  update.bind(8, id);
  update.exec();
  write_details(db_, event_id, id, in, panels.value());
  if (event->mode == "instant") {
    // Give up the old slot and take the new one in the same transaction: when the new one is
    // taken, everything rolls back and the old booking stands.
    SQLite::Statement release(db_.sql(),
                              "UPDATE meeting SET status = 'cancelled', locked = 0, updated_at = ? "
                              "WHERE registration_id = ? AND status <> 'cancelled'");
    release.bind(1, format_instant(db_.now()));
    release.bind(2, id);
    release.exec();
    if (auto booked = book_all(db_, event_id, *event, id, in, panels.value()); !booked)
      return booked.failure();
  }
  append_audit(db_.sql(), db_.now(), "supplier:" + reference, event_id, "registration.update",
               summary(id, reference, in, panels.value(), *event));
  transaction.commit();
  return Done{};
}

StoreResult<Registration> RegistrationStore::find_by_token(const std::string& token) {
  auto reading = db_.read();
  auto found = read_registration(db_, "WHERE r.manage_token_hash = ?", token_digest(token), 0);
  if (!found) return not_found("no booking for this link");
  return *found;
}

StoreResult<Registration> RegistrationStore::get(std::int64_t registration_id) {
  auto reading = db_.read();
  auto found = read_registration(db_, "WHERE r.id = ?", "", registration_id);
  if (!found) return not_found("no registration " + std::to_string(registration_id));
  return *found;
}

StoreResult<Done> RegistrationStore::cancel(const std::string& token) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  const auto row = row_by_token(db_, token);
  if (!row) return not_found("no booking for this link");
  const auto& [id, event_id, reference, stored_orgnr, cancelled] = *row;
  if (cancelled) return Done{};
  const auto event = event_row(db_, event_id);
  if (event->closes && db_.now() >= *event->closes)
    return refusal(Failure::kConflict, "the deadline has passed; contact the organiser to cancel",
                   "closed");
  const std::string stamp = format_instant(db_.now());
  SQLite::Statement update(
      db_.sql(), "UPDATE registration SET status = 'cancelled', updated_at = ? WHERE id = ?");
  update.bind(1, stamp);
  update.bind(2, id);
  update.exec();
  SQLite::Statement release(db_.sql(),
                            "UPDATE meeting SET status = 'cancelled', locked = 0, updated_at = ? "
                            "WHERE registration_id = ?");
  release.bind(1, stamp);
  release.bind(2, id);
  release.exec();
  append_audit(db_.sql(), db_.now(), "supplier:" + reference, event_id, "registration.cancel",
               "registration " + std::to_string(id) + " " + reference);
  transaction.commit();
  return Done{};
}

std::vector<core::SupplierRequest> RegistrationStore::load_requests(std::int64_t event_id) {
  auto reading = db_.read();
  return load_requests_locked(db_, event_id);
}

std::vector<core::SupplierRequest> load_requests_locked(Db& db, std::int64_t event_id) {
  SQLite::Statement query(db.sql(),
                          "SELECT r.id FROM registration r JOIN meeting_request q "
                          "ON q.registration_id = r.id WHERE r.event_id = ? "
                          "AND r.status = 'active' ORDER BY r.id");
  query.bind(1, event_id);
  std::vector<core::SupplierRequest> requests;
  while (query.executeStep()) {
    const auto r = read_registration(db, "WHERE r.id = ?", "", query.getColumn(0).getInt64());
    core::SupplierRequest request;
    request.key = r->reference;
    request.company = r->company;
    request.people = std::max<int>(1, static_cast<int>(r->attendees.size()));
    request.panels = r->panels;
    request.available_from = r->available_from;
    request.available_until = r->available_until;
    request.unavailable = r->unavailable;
    request.preferred = r->preferred;
    request.digital = r->digital;
    requests.push_back(std::move(request));
  }
  return requests;
}

std::vector<Registration> RegistrationStore::list(std::int64_t event_id) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(),
                          "SELECT id FROM registration WHERE event_id = ? AND status = 'active' "
                          "ORDER BY id");
  query.bind(1, event_id);
  std::vector<Registration> result;
  while (query.executeStep())
    result.push_back(*read_registration(db_, "WHERE r.id = ?", "", query.getColumn(0).getInt64()));
  return result;
}

}  // namespace dialogdag::data
