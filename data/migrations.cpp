// The schema, as numbered migrations. Conventions:
// - instants are UTC text "YYYY-MM-DDTHH:MM:SSZ"; an event's day is its local date "YYYY-MM-DD"
//   and times of that day are local minutes since midnight (*_min columns); meetings also carry
//   their UTC instants (starts_at, ends_at) computed with the event's time zone;
// - rows of an event that refer to each other carry event_id and use composite foreign keys
//   (x_id, event_id) -> x(id, event_id), so nothing can point into another event;
// - secrets are stored as digests only (token_hash), passwords as Argon2id PHC strings;
// - the audit log holds ids and codes, never personal data (purge cannot touch it).
#include "data/database.h"

namespace dialogdag::data {
namespace {

constexpr const char* kSchemaV1 = R"SQL(
PRAGMA application_id = 1145323847;  -- "DDAG", kApplicationId

CREATE TABLE organisation (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 200),
  orgnr       TEXT UNIQUE CHECK (orgnr IS NULL OR (length(orgnr) = 9 AND orgnr NOT GLOB '*[^0-9]*')),
  kind        TEXT NOT NULL DEFAULT 'municipality' CHECK (kind IN ('municipality', 'other')),
  created_at  TEXT NOT NULL
);

CREATE TABLE staff_user (
  id               INTEGER PRIMARY KEY,
  email            TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (email LIKE '_%@_%'),
  name             TEXT NOT NULL CHECK (length(trim(name)) >= 1),
  password_hash    TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  organisation_id  INTEGER REFERENCES organisation(id),
  is_admin         INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at       TEXT NOT NULL,
  CHECK (is_admin = 1 OR organisation_id IS NOT NULL)
);

CREATE TABLE staff_session (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  user_id     INTEGER NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL CHECK (expires_at > created_at)
);
CREATE INDEX staff_session_user ON staff_session(user_id);

CREATE TABLE event (
  id                   INTEGER PRIMARY KEY,
  slug                 TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80
                         AND slug NOT GLOB '*[^a-z0-9-]*' AND slug NOT GLOB '-*'),
  title                TEXT NOT NULL CHECK (length(trim(title)) >= 1),
  subject              TEXT NOT NULL DEFAULT '',
  need                 TEXT NOT NULL DEFAULT '',
  doffin_ref           TEXT NOT NULL DEFAULT '',
  venue                TEXT NOT NULL DEFAULT '',
  address              TEXT NOT NULL DEFAULT '',
  day                  TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  time_zone            TEXT NOT NULL DEFAULT 'Europe/Oslo',
  language             TEXT NOT NULL DEFAULT 'nb' CHECK (language IN ('nb', 'en')),
  meeting_length       INTEGER NOT NULL DEFAULT 30 CHECK (meeting_length BETWEEN 5 AND 240),
  changeover           INTEGER NOT NULL DEFAULT 5 CHECK (changeover BETWEEN 0 AND 120),
  booking_mode         TEXT NOT NULL DEFAULT 'request' CHECK (booking_mode IN ('request', 'instant')),
  registration_opens   TEXT,
  registration_closes  TEXT,
  max_people           INTEGER NOT NULL DEFAULT 3 CHECK (max_people BETWEEN 1 AND 50),
  meetings_per_panel   INTEGER NOT NULL DEFAULT 1 CHECK (meetings_per_panel BETWEEN 1 AND 10),
  max_break_spread     INTEGER CHECK (max_break_spread IS NULL OR max_break_spread >= 0),
  allocation_rule      TEXT NOT NULL DEFAULT '',
  retention_until      TEXT NOT NULL CHECK (retention_until GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  status               TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
                         ('draft', 'open', 'closed', 'scheduled', 'published', 'archived')),
  lottery_seed         TEXT CHECK (lottery_seed IS NULL OR (lottery_seed NOT GLOB '*[^0-9]*' AND length(lottery_seed) BETWEEN 1 AND 20)),
  purged_at            TEXT,
  created_by           INTEGER REFERENCES staff_user(id),
  created_at           TEXT NOT NULL,
  CHECK (registration_opens IS NULL OR registration_closes IS NULL
         OR registration_opens < registration_closes)
);

-- One host and any number of co-organisers per event.
CREATE TABLE event_organiser (
  event_id         INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  organisation_id  INTEGER NOT NULL REFERENCES organisation(id),
  role             TEXT NOT NULL CHECK (role IN ('host', 'co')),
  PRIMARY KEY (event_id, organisation_id)
);
CREATE UNIQUE INDEX event_one_host ON event_organiser(event_id) WHERE role = 'host';
CREATE INDEX event_organiser_org ON event_organiser(organisation_id);

CREATE TABLE programme_item (
  id                INTEGER PRIMARY KEY,
  event_id          INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  position          INTEGER NOT NULL CHECK (position >= 0),
  start_min         INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
  end_min           INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),
  title             TEXT NOT NULL CHECK (length(trim(title)) >= 1),
  speaker           TEXT NOT NULL DEFAULT '',
  kind              TEXT NOT NULL CHECK (kind IN ('plenary', 'break', 'lunch', 'workshop')),
  suppliers_attend  INTEGER NOT NULL DEFAULT 1 CHECK (suppliers_attend IN (0, 1)),
  UNIQUE (event_id, position)
);

CREATE TABLE one_to_one_window (
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  start_min  INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
  end_min    INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),
  session    TEXT NOT NULL CHECK (length(session) >= 1),
  UNIQUE (event_id, session),
  UNIQUE (event_id, start_min)
);

CREATE TABLE room (
  id        INTEGER PRIMARY KEY,
  event_id  INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  key       TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
  name      TEXT NOT NULL CHECK (length(trim(name)) >= 1),
  seats     INTEGER CHECK (seats IS NULL OR seats >= 1),
  digital   INTEGER NOT NULL DEFAULT 0 CHECK (digital IN (0, 1)),
  link      TEXT NOT NULL DEFAULT '',
  UNIQUE (event_id, key),
  UNIQUE (id, event_id)
);

CREATE TABLE panel (
  id              INTEGER PRIMARY KEY,
  event_id        INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  key             TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
  name            TEXT NOT NULL CHECK (length(trim(name)) >= 1),
  municipalities  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(municipalities)
                    AND json_type(municipalities) = 'array'),
  room_id         INTEGER,
  UNIQUE (event_id, key),
  UNIQUE (id, event_id),
  FOREIGN KEY (room_id, event_id) REFERENCES room(id, event_id)
);

-- The people on the buyers' side of an event; one person may sit on several panels.
CREATE TABLE person (
  id          INTEGER PRIMARY KEY,
  event_id    INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  person_key  TEXT NOT NULL CHECK (length(person_key) >= 1),
  name        TEXT NOT NULL,
  email       TEXT NOT NULL DEFAULT '',
  phone       TEXT NOT NULL DEFAULT '',
  UNIQUE (event_id, person_key),
  UNIQUE (id, event_id)
);

CREATE TABLE panel_member (
  panel_id   INTEGER NOT NULL,
  person_id  INTEGER NOT NULL,
  event_id   INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('need_owner', 'procurement', 'technical', 'observer', 'minute_taker')),
  PRIMARY KEY (panel_id, person_id),
  FOREIGN KEY (panel_id, event_id) REFERENCES panel(id, event_id) ON DELETE CASCADE,
  FOREIGN KEY (person_id, event_id) REFERENCES person(id, event_id) ON DELETE CASCADE
);
CREATE INDEX panel_member_person ON panel_member(person_id);

-- A supplier's registration. orgnr is NULL only after the event's personal data was purged.
CREATE TABLE registration (
  id                 INTEGER PRIMARY KEY,
  event_id           INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  reference          TEXT NOT NULL UNIQUE CHECK (reference GLOB 'DK-[0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]-[0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]'),
  manage_token_hash  TEXT NOT NULL UNIQUE CHECK (length(manage_token_hash) = 64),
  company            TEXT NOT NULL,
  orgnr              TEXT CHECK (orgnr IS NULL OR (length(orgnr) = 9 AND orgnr NOT GLOB '*[^0-9]*')),
  contact_name       TEXT NOT NULL,
  email              TEXT NOT NULL,
  phone              TEXT NOT NULL,
  attends_plenary    INTEGER NOT NULL CHECK (attends_plenary IN (0, 1)),
  topics             TEXT NOT NULL DEFAULT '',
  consent_at         TEXT NOT NULL,
  status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  purged             INTEGER NOT NULL DEFAULT 0 CHECK (purged IN (0, 1)),
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  CHECK (orgnr IS NOT NULL OR purged = 1),
  UNIQUE (event_id, orgnr),
  UNIQUE (id, event_id)
);

CREATE TABLE attendee (
  id               INTEGER PRIMARY KEY,
  registration_id  INTEGER NOT NULL REFERENCES registration(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL CHECK (position >= 0),
  name             TEXT NOT NULL,
  role             TEXT NOT NULL DEFAULT '',
  UNIQUE (registration_id, position)
);

-- The one-to-one a registration asks for (at most one row per registration).
CREATE TABLE meeting_request (
  registration_id  INTEGER PRIMARY KEY REFERENCES registration(id) ON DELETE CASCADE,
  available_from   INTEGER CHECK (available_from IS NULL OR available_from BETWEEN 0 AND 1440),
  available_until  INTEGER CHECK (available_until IS NULL OR available_until BETWEEN 0 AND 1440),
  unavailable      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(unavailable) AND json_type(unavailable) = 'array'),
  preferred        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(preferred) AND json_type(preferred) = 'array'),
  digital          INTEGER NOT NULL DEFAULT 0 CHECK (digital IN (0, 1)),
  CHECK (available_from IS NULL OR available_until IS NULL OR available_from < available_until)
);

CREATE TABLE request_panel (
  registration_id  INTEGER NOT NULL,
  panel_id         INTEGER NOT NULL,
  event_id         INTEGER NOT NULL,
  PRIMARY KEY (registration_id, panel_id),
  FOREIGN KEY (registration_id, event_id) REFERENCES registration(id, event_id) ON DELETE CASCADE,
  FOREIGN KEY (panel_id, event_id) REFERENCES panel(id, event_id)
);

-- The event's meetings: one row per (registration, panel, n) ever; status 'cancelled' frees the
-- slot. While not cancelled: a panel, a supplier and a room are in one meeting per slot (the
-- grid's slots never overlap, so one start = one slot). The instant-booking race is decided by
-- meeting_panel_slot.
CREATE TABLE meeting (
  id               INTEGER PRIMARY KEY,
  event_id         INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  registration_id  INTEGER NOT NULL,
  panel_id         INTEGER NOT NULL,
  n                INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0),
  slot_start       INTEGER NOT NULL CHECK (slot_start BETWEEN 0 AND 1439),
  slot_end         INTEGER NOT NULL CHECK (slot_end > slot_start AND slot_end <= 1440),
  starts_at        TEXT NOT NULL,
  ends_at          TEXT NOT NULL CHECK (ends_at > starts_at),
  room_id          INTEGER,
  status           TEXT NOT NULL CHECK (status IN ('proposed', 'booked', 'published', 'cancelled')),
  locked           INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  updated_at       TEXT NOT NULL,
  CHECK (locked = 0 OR status <> 'cancelled'),
  UNIQUE (registration_id, panel_id, n),
  UNIQUE (id, event_id),
  FOREIGN KEY (registration_id, event_id) REFERENCES registration(id, event_id),
  FOREIGN KEY (panel_id, event_id) REFERENCES panel(id, event_id),
  FOREIGN KEY (room_id, event_id) REFERENCES room(id, event_id)
);
CREATE UNIQUE INDEX meeting_panel_slot ON meeting(panel_id, slot_start) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX meeting_supplier_slot ON meeting(registration_id, slot_start) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX meeting_room_slot ON meeting(room_id, slot_start)
  WHERE status <> 'cancelled' AND room_id IS NOT NULL;
CREATE INDEX meeting_event ON meeting(event_id, slot_start);

-- A person on two panels is never in two meetings at once: the database refuses it too.
CREATE TRIGGER meeting_person_free_insert BEFORE INSERT ON meeting
WHEN NEW.status <> 'cancelled' AND EXISTS (
  SELECT 1 FROM meeting m
  JOIN panel_member a ON a.panel_id = m.panel_id
  JOIN panel_member b ON b.person_id = a.person_id AND b.panel_id = NEW.panel_id
  WHERE m.event_id = NEW.event_id AND m.slot_start = NEW.slot_start
    AND m.status <> 'cancelled' AND m.panel_id <> NEW.panel_id)
BEGIN
  SELECT RAISE(ABORT, 'panel member busy: a member of this panel is in another meeting in this slot');
END;
CREATE TRIGGER meeting_person_free_update BEFORE UPDATE OF slot_start, panel_id, status ON meeting
WHEN NEW.status <> 'cancelled' AND EXISTS (
  SELECT 1 FROM meeting m
  JOIN panel_member a ON a.panel_id = m.panel_id
  JOIN panel_member b ON b.person_id = a.person_id AND b.panel_id = NEW.panel_id
  WHERE m.event_id = NEW.event_id AND m.slot_start = NEW.slot_start
    AND m.status <> 'cancelled' AND m.panel_id <> NEW.panel_id AND m.id <> NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'panel member busy: a member of this panel is in another meeting in this slot');
END;

CREATE TABLE schedule_run (
  id             INTEGER PRIMARY KEY,
  event_id       INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  run_number     INTEGER NOT NULL CHECK (run_number >= 1),
  seed           TEXT NOT NULL CHECK (seed NOT GLOB '*[^0-9]*' AND length(seed) BETWEEN 1 AND 20),
  status         TEXT NOT NULL CHECK (status IN ('optimal', 'feasible', 'infeasible', 'unknown')),
  instance_json  TEXT CHECK (instance_json IS NULL OR json_valid(instance_json)),
  result_json    TEXT CHECK (result_json IS NULL OR json_valid(result_json)),
  placed         INTEGER NOT NULL CHECK (placed >= 0),
  unplaced       INTEGER NOT NULL CHECK (unplaced >= 0),
  solve_ms       INTEGER NOT NULL DEFAULT 0,
  run_by         INTEGER REFERENCES staff_user(id),
  run_at         TEXT NOT NULL,
  UNIQUE (event_id, run_number),
  UNIQUE (id, event_id)
);

CREATE TABLE schedule_version (
  id             INTEGER PRIMARY KEY,
  event_id       INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  version        INTEGER NOT NULL CHECK (version >= 1),
  run_id         INTEGER,
  meetings_json  TEXT CHECK (meetings_json IS NULL OR json_valid(meetings_json)),
  meetings       INTEGER NOT NULL CHECK (meetings >= 0),
  published_by   INTEGER REFERENCES staff_user(id),
  published_at   TEXT NOT NULL,
  UNIQUE (event_id, version),
  FOREIGN KEY (run_id, event_id) REFERENCES schedule_run(id, event_id)
);

CREATE TABLE minutes (
  meeting_id  INTEGER PRIMARY KEY REFERENCES meeting(id) ON DELETE RESTRICT,
  text        TEXT NOT NULL DEFAULT '',
  written_by  INTEGER REFERENCES staff_user(id),
  updated_at  TEXT NOT NULL
);

-- Questions and answers; shared_with_all = published to every registered supplier.
CREATE TABLE qa_entry (
  id               INTEGER PRIMARY KEY,
  event_id         INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  meeting_id       INTEGER,
  question         TEXT NOT NULL,
  answer           TEXT NOT NULL DEFAULT '',
  shared_with_all  INTEGER NOT NULL DEFAULT 0 CHECK (shared_with_all IN (0, 1)),
  written_by       INTEGER REFERENCES staff_user(id),
  created_at       TEXT NOT NULL,
  shared_at        TEXT,
  CHECK (shared_with_all = 0 OR shared_at IS NOT NULL),
  FOREIGN KEY (meeting_id, event_id) REFERENCES meeting(id, event_id)
);

-- What is left of an event after its personal data is purged.
CREATE TABLE purge_record (
  event_id       INTEGER PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,
  registrations  INTEGER NOT NULL,
  attendees      INTEGER NOT NULL,
  meetings       INTEGER NOT NULL,
  purged_at      TEXT NOT NULL
);

-- Append-only: who did what, when. No foreign keys (deleting an event must not touch it) and
-- no personal data (ids, references and codes only), so it can outlive every purge.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL CHECK (length(actor) >= 1),
  event_id  INTEGER,
  action    TEXT NOT NULL CHECK (length(action) >= 1),
  detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_event ON audit_log(event_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)SQL";

// The audit log records the changed value before and after a change (issue 6: "who, when,
// what, before/after"). Older entries have both empty.
constexpr const char* kAuditBeforeAfterV2 = R"SQL(
ALTER TABLE audit_log ADD COLUMN value_before TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN value_after TEXT NOT NULL DEFAULT '';
)SQL";

}  // namespace

const std::vector<Migration>& schema_migrations() {
  static const std::vector<Migration> migrations = {
      {1, kSchemaV1},
      {2, kAuditBeforeAfterV2},
  };
  return migrations;
}

}  // namespace dialogdag::data
