// The database file: pragmas, migrations (from empty and from every earlier version, newer
// refused and untouched), the schema's uniqueness and foreign-key rules, the append-only audit log.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <optional>
#include <stdexcept>

#include "data/audit_log.h"
#include "data/database.h"
#include "data/demo.h"
#include "tests/data_test_support.h"

namespace dialogdag::data {
namespace {

using testing::file_bytes;
using testing::open_db;
using testing::TempDir;

int latest_version() { return schema_migrations().back().version; }

// Runs `sql` on the writer connection and returns the SQLite result code (0 = SQLITE_OK).
int try_sql(Db& db, const std::string& sql) {
  auto guard = db.lock();
  try {
    db.sql().exec(sql);
    return SQLITE_OK;
  } catch (const SQLite::Exception& e) {
    return e.getErrorCode();
  }
}

TEST_CASE("a new database file gets the whole schema, WAL, foreign keys and synchronous FULL") {
  TempDir dir;
  auto db = open_db(dir.file("new.db"));
  CHECK(db->schema_version() == latest_version());
  auto guard = db->lock();
  CHECK(db->sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(db->sql().execAndGet("PRAGMA foreign_keys").getInt() == 1);
  CHECK(db->sql().execAndGet("PRAGMA synchronous").getInt() == 2);  // FULL
  CHECK(db->sql().execAndGet("PRAGMA secure_delete").getInt() == 1);
  CHECK(db->sql().execAndGet("PRAGMA application_id").getInt() == kApplicationId);
  for (const char* table :
       {"organisation",    "staff_user",       "staff_session",     "event",
        "event_organiser", "programme_item",   "one_to_one_window", "room",
        "panel",           "person",           "panel_member",      "registration",
        "attendee",        "meeting_request",  "request_panel",     "meeting",
        "schedule_run",    "schedule_version", "minutes",           "qa_entry",
        "purge_record",    "audit_log"})
    CHECK_MESSAGE(db->sql().tableExists(table), table);
  CHECK(db->sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
}

TEST_CASE("reopening an up-to-date database keeps its data and version") {
  TempDir dir;
  {
    auto db = open_db(dir.file("a.db"));
    CHECK(OrganisationStore(*db).find_or_create("Osen kommune", "test").ok());
  }
  auto db = open_db(dir.file("a.db"));
  CHECK(db->schema_version() == latest_version());
  CHECK(OrganisationStore(*db).find_by_name("Osen kommune").ok());
}

TEST_CASE("a database of every earlier schema version opens and is upgraded") {
  const auto& all = schema_migrations();
  for (int version = 0; version < latest_version(); ++version) {
    CAPTURE(version);
    TempDir dir;
    const std::string path = dir.file("old.db");
    {
      // The file as that version of the project left it (version 0: an empty SQLite file).
      SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      raw.exec("PRAGMA user_version = 0");
      std::vector<Migration> prefix(all.begin(), all.begin() + version);
      REQUIRE(migrate(raw, prefix).ok());
    }
    auto db = Db::open(path);
    REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error()));
    CHECK(db.value()->schema_version() == latest_version());
  }
}

TEST_CASE("migrations run in order inside one transaction: a failing step leaves nothing behind") {
  TempDir dir;
  const std::string path = dir.file("m.db");
  std::vector<Migration> migrations = {
      {1, "PRAGMA application_id = 1145323847; CREATE TABLE t (x INTEGER);"},
      {2, "CREATE TABLE u (y INTEGER); INSERT INTO t VALUES (1);"}};
  {
    auto db = Db::open(path, {migrations[0]});
    REQUIRE(db.ok());
    CHECK(db.value()->schema_version() == 1);
  }
  std::vector<Migration> broken = migrations;
  broken.push_back({3, "CREATE TABLE v (z INTEGER); THIS IS NOT SQL;"});
  CHECK_FALSE(Db::open(path, broken).ok());
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 1);
    CHECK_FALSE(raw.tableExists("u"));  // step 2 rolled back with step 3
    CHECK_FALSE(raw.tableExists("v"));
  }
  auto db = Db::open(path, migrations);
  REQUIRE(db.ok());
  CHECK(db.value()->schema_version() == 2);
}

TEST_CASE("a database from a newer version is refused with a clear message and not touched") {
  TempDir dir;
  const std::string path = dir.file("newer.db");
  {
    auto db = open_db(path);
    auto guard = db->lock();
    db->sql().exec("PRAGMA user_version = " + std::to_string(latest_version() + 1));
    db->sql().exec("PRAGMA journal_mode = DELETE");  // as a future version might leave it
  }
  const std::string before = file_bytes(path);
  auto db = Db::open(path);
  REQUIRE_FALSE(db.ok());
  CHECK(db.kind() == Failure::kInvalid);
  CHECK(db.error().find("newer") != std::string::npos);
  CHECK(db.error().find("not changed") != std::string::npos);
  CHECK(file_bytes(path) == before);
  CHECK_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST_CASE("another application's SQLite file and a file that is no database are refused") {
  TempDir dir;
  {
    SQLite::Database other(dir.file("other.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE notes (text TEXT)");
  }
  auto other = Db::open(dir.file("other.db"));
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().find("not a dialogdag database") != std::string::npos);

  std::ofstream(dir.file("text.db")) << "this is a text file, not a database, no no no no no no\n";
  auto text = Db::open(dir.file("text.db"));
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().find("text.db") != std::string::npos);
}

TEST_CASE("the audit log accepts appends and the database refuses UPDATE and DELETE on it") {
  TempDir dir;
  auto db = open_db(dir.file("audit.db"));
  AuditLog log(*db);
  log.append("cli", std::nullopt, "test.entry", "one");
  log.append("cli", 7, "test.entry", "two");
  REQUIRE(log.entries(std::nullopt).size() == 2);
  CHECK(log.entries(7).size() == 1);
  CHECK(try_sql(*db, "UPDATE audit_log SET detail = 'changed'") == SQLITE_CONSTRAINT);
  CHECK(try_sql(*db, "DELETE FROM audit_log") == SQLITE_CONSTRAINT);
  CHECK(try_sql(*db, "DELETE FROM audit_log WHERE id = 1") == SQLITE_CONSTRAINT);
  CHECK(log.entries(std::nullopt).size() == 2);
  CHECK(log.entries(std::nullopt)[0].detail == "one");
}

// Every uniqueness and foreign-key rule, straight at the database (the stores check most of them
// first for a kind message; these are the guarantee underneath).
TEST_CASE("the schema refuses what would break a uniqueness or foreign-key rule") {
  TempDir dir;
  auto db = open_db(dir.file("rules.db"));
  const std::int64_t e1 = testing::make_event(*db, "one");
  const std::int64_t e2 = testing::make_event(*db, "two");
  RegistrationStore registrations(*db);
  auto first = registrations.register_supplier(e1, testing::supplier(1, {"a"}, {13 * 60}));
  REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error()));
  REQUIRE(registrations.register_supplier(e2, testing::supplier(2, {"a"}, {13 * 60})).ok());
  const std::string e1s = std::to_string(e1), e2s = std::to_string(e2);
  const std::string reg1 = std::to_string(first.value().registration_id);
  auto id_of = [&](const std::string& sql) {
    auto guard = db->lock();
    return std::to_string(db->sql().execAndGet(sql).getInt64());
  };
  const std::string panel_a1 = id_of("SELECT id FROM panel WHERE key = 'a' AND event_id = " + e1s);
  const std::string panel_b1 = id_of("SELECT id FROM panel WHERE key = 'b' AND event_id = " + e1s);
  const std::string panel_a2 = id_of("SELECT id FROM panel WHERE key = 'a' AND event_id = " + e2s);
  const std::string room_r2_1 = id_of("SELECT id FROM room WHERE key = 'r2' AND event_id = " + e1s);
  const std::string room_r1_2 = id_of("SELECT id FROM room WHERE key = 'r1' AND event_id = " + e2s);
  const std::string now = "'2027-01-01T00:00:00Z'";
  auto meeting = [&](const std::string& reg, const std::string& panel, int n, int start,
                     const std::string& room) {
    return "INSERT INTO meeting (event_id, registration_id, panel_id, n, slot_start, slot_end, "
           "starts_at, ends_at, room_id, status, updated_at) VALUES (" +
           e1s + "," + reg + "," + panel + "," + std::to_string(n) + "," + std::to_string(start) +
           "," + std::to_string(start + 30) + ",'2027-03-11T12:00:00Z','2027-03-11T12:30:00Z'," +
           room + ",'proposed'," + now + ")";
  };

  SUBCASE("uniqueness") {
    CHECK(try_sql(*db, "INSERT INTO organisation (name, created_at) VALUES ('Namsos kommune', " +
                           now + ")") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db,
                  "INSERT INTO staff_user (email, name, password_hash, is_admin, created_at) "
                  "VALUES ('A@x.example', 'A', '$argon2id$x', 1, " +
                      now + ")") == SQLITE_OK);
    CHECK(try_sql(*db,
                  "INSERT INTO staff_user (email, name, password_hash, is_admin, created_at) "
                  "VALUES ('a@X.example', 'B', '$argon2id$y', 1, " +
                      now + ")") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "UPDATE event SET slug = 'one' WHERE id = " + e2s) == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db,
                  "INSERT INTO organisation (name, created_at) VALUES ('Osen kommune', " + now +
                      "); INSERT INTO event_organiser (event_id, organisation_id, role) SELECT " +
                      e1s + ", id, 'host' FROM organisation WHERE name = 'Osen kommune'") ==
          SQLITE_CONSTRAINT);  // one host
    CHECK(try_sql(*db,
                  "INSERT INTO registration (event_id, reference, manage_token_hash, company, "
                  "orgnr, contact_name, email, phone, attends_plenary, consent_at, created_at, "
                  "updated_at) SELECT event_id, 'DK-AAAA-AAAA', printf('%064d', 1), 'X', orgnr, "
                  "'X', 'x@x.example', '1', 1, " +
                      now + ", " + now + ", " + now + " FROM registration WHERE id = " + reg1) ==
          SQLITE_CONSTRAINT);  // orgnr per event
    CHECK(
        try_sql(
            *db,
            "UPDATE registration SET reference = (SELECT reference FROM registration WHERE id = " +
                reg1 + ") WHERE id <> " + reg1) == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db,
                  "UPDATE registration SET manage_token_hash = (SELECT manage_token_hash FROM "
                  "registration WHERE id = " +
                      reg1 + ") WHERE id <> " + reg1) == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "INSERT INTO room (event_id, key, name) VALUES (" + e1s +
                           ", 'r1', 'Again')") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "INSERT INTO panel (event_id, key, name) VALUES (" + e1s +
                           ", 'a', 'Again')") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db,
                  "INSERT INTO one_to_one_window (event_id, start_min, end_min, session) VALUES (" +
                      e1s + ", 900, 960, 'ettermiddag')") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db,
                  "INSERT INTO schedule_run (event_id, run_number, seed, status, placed, unplaced, "
                  "run_at) VALUES (" +
                      e1s + ", 1, '1', 'optimal', 0, 0, " + now + ")") == SQLITE_OK);
    CHECK(try_sql(*db,
                  "INSERT INTO schedule_run (event_id, run_number, seed, status, placed, unplaced, "
                  "run_at) VALUES (" +
                      e1s + ", 1, '2', 'optimal', 0, 0, " + now + ")") == SQLITE_CONSTRAINT);
    CHECK(try_sql(
              *db,
              "INSERT INTO schedule_version (event_id, version, meetings, published_at) VALUES (" +
                  e1s + ", 1, 0, " + now + ")") == SQLITE_OK);
    CHECK(try_sql(
              *db,
              "INSERT INTO schedule_version (event_id, version, meetings, published_at) VALUES (" +
                  e1s + ", 1, 0, " + now + ")") == SQLITE_CONSTRAINT);
  }
  SUBCASE("meetings: one per panel, supplier and room per slot; a shared member in one place") {
    // Supplier 1 holds panel a at 13:00 in r1 (instant booking).
    auto second = registrations.register_supplier(e1, testing::supplier(3, {"a"}, {13 * 60 + 35}));
    REQUIRE(second.ok());
    const std::string reg2 = std::to_string(second.value().registration_id);
    CHECK(try_sql(*db, meeting(reg2, panel_a1, 1, 13 * 60, "NULL")) ==
          SQLITE_CONSTRAINT);  // panel busy
    CHECK(try_sql(*db, meeting(reg1, panel_b1, 0, 13 * 60, "NULL")) ==
          SQLITE_CONSTRAINT);  // supplier busy (and the shared lead)
    CHECK(try_sql(*db, meeting(reg2, panel_b1, 0, 13 * 60, room_r2_1)) ==
          SQLITE_CONSTRAINT);  // the shared lead is in panel a
    {
      auto guard = db->lock();  // without the shared member panel b is free at 13:00
      db->sql().exec("DELETE FROM panel_member WHERE panel_id = " + panel_b1 +
                     " AND person_id = (SELECT id FROM person WHERE person_key = 'lead@x.example' "
                     "AND event_id = " +
                     e1s + ")");
    }
    CHECK(try_sql(*db, meeting(reg2, panel_b1, 0, 13 * 60,
                               "(SELECT id FROM room WHERE key = 'r1' AND event_id = " + e1s +
                                   ")")) == SQLITE_CONSTRAINT);  // room busy
    CHECK(try_sql(*db, meeting(reg2, panel_b1, 0, 13 * 60, room_r2_1)) == SQLITE_OK);
    CHECK(try_sql(*db, meeting(reg2, panel_b1, 0, 14 * 60 + 10, room_r2_1)) ==
          SQLITE_CONSTRAINT);  // (registration, panel, n) once
    CHECK(try_sql(*db, "UPDATE meeting SET status = 'cancelled', locked = 1 WHERE panel_id = " +
                           panel_b1) == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "UPDATE meeting SET status = 'cancelled' WHERE panel_id = " + panel_b1) ==
          SQLITE_OK);
    CHECK(try_sql(*db, meeting(reg2, panel_a1, 1, 13 * 60, "NULL")) ==
          SQLITE_CONSTRAINT);  // cancelled frees b, not a
  }
  SUBCASE("foreign keys: nothing points to a missing row or into another event") {
    CHECK(try_sql(*db, "UPDATE panel SET room_id = " + room_r1_2 + " WHERE id = " + panel_a1) ==
          SQLITE_CONSTRAINT);  // room of event 2
    CHECK(try_sql(*db, meeting(reg1, panel_a2, 0, 14 * 60 + 10, "NULL")) ==
          SQLITE_CONSTRAINT);  // panel of event 2
    CHECK(try_sql(*db, meeting(reg1, panel_b1, 0, 14 * 60 + 10, room_r1_2)) ==
          SQLITE_CONSTRAINT);  // room of event 2
    CHECK(try_sql(*db, "INSERT INTO request_panel (registration_id, panel_id, event_id) VALUES (" +
                           reg1 + ", " + panel_a2 + ", " + e1s + ")") == SQLITE_CONSTRAINT);
    CHECK(
        try_sql(*db,
                "INSERT INTO attendee (registration_id, position, name) VALUES (999999, 0, 'X')") ==
        SQLITE_CONSTRAINT);
    CHECK(try_sql(*db,
                  "INSERT INTO staff_session (token_hash, user_id, created_at, expires_at) VALUES "
                  "(printf('%064d', 5), 999999, " +
                      now + ", '2028-01-01T00:00:00Z')") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "INSERT INTO event_organiser (event_id, organisation_id, role) VALUES (" +
                           e1s + ", 999999, 'co')") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "INSERT INTO minutes (meeting_id, updated_at) VALUES (999999, " + now +
                           ")") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "DELETE FROM organisation") == SQLITE_CONSTRAINT);  // hosts events
    CHECK(try_sql(*db, "DELETE FROM registration WHERE id = " + reg1) ==
          SQLITE_CONSTRAINT);  // has a meeting
  }
  SUBCASE("checks: values outside the domain") {
    CHECK(try_sql(*db, "UPDATE event SET slug = 'Has Space' WHERE id = " + e1s) ==
          SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "UPDATE event SET booking_mode = 'first-come' WHERE id = " + e1s) ==
          SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "UPDATE event SET status = 'deleted' WHERE id = " + e1s) ==
          SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "UPDATE registration SET orgnr = '12345678X' WHERE id = " + reg1) ==
          SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "UPDATE registration SET orgnr = NULL WHERE id = " + reg1) ==
          SQLITE_CONSTRAINT);  // only when purged
    CHECK(try_sql(*db,
                  "INSERT INTO staff_user (email, name, password_hash, created_at) VALUES "
                  "('b@x.example', 'B', '$argon2id$z', " +
                      now + ")") == SQLITE_CONSTRAINT);  // no org, no admin
    CHECK(try_sql(*db,
                  "INSERT INTO staff_user (email, name, password_hash, is_admin, created_at) "
                  "VALUES ('c@x.example', 'C', 'plain text', 1, " +
                      now + ")") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*db, "UPDATE panel SET municipalities = 'not json' WHERE id = " + panel_a1) ==
          SQLITE_CONSTRAINT);
  }
}

TEST_CASE("the demo database is consistent: foreign keys and integrity check pass") {
  TempDir dir;
  auto db = open_db(dir.file("demo.db"));
  auto demo = create_demo(*db, "test");
  REQUIRE_MESSAGE(demo.ok(), (demo.ok() ? "" : demo.error()));
  CHECK(demo.value().suppliers == 20);
  CHECK(create_demo(*db, "test").kind() == Failure::kConflict);
  auto guard = db->lock();
  SQLite::Statement fk(db->sql(), "PRAGMA foreign_key_check");
  CHECK_FALSE(fk.executeStep());
  CHECK(db->sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
  CHECK(db->sql().execAndGet("SELECT count(*) FROM event_organiser").getInt() == 5);
  CHECK(db->sql().execAndGet("SELECT count(*) FROM registration").getInt() == 20);
}

}  // namespace
}  // namespace dialogdag::data

namespace dialogdag::data {
namespace {

// The exception a statement throws on the writer connection, or nothing.
std::optional<SQLite::Exception> failure_of(Db& db, const std::string& sql) {
  auto guard = db.lock();
  try {
    db.sql().exec(sql);
  } catch (const SQLite::Exception& e) {
    return e;
  }
  return std::nullopt;
}

TEST_CASE("a full database is a storage failure, a broken rule is not, and nothing of the write stays") {
  TempDir dir;
  auto db = open_db(dir.file("full.db"));
  REQUIRE_FALSE(failure_of(*db, "CREATE TABLE filler (b BLOB)"));
  {
    auto guard = db->lock();
    const int pages = db->sql().execAndGet("PRAGMA page_count").getInt();
    db->sql().exec("PRAGMA max_page_count = " + std::to_string(pages));  // the disk is "full"
  }
  const auto full = failure_of(*db, "INSERT INTO filler VALUES (zeroblob(1000000))");
  REQUIRE(full);
  CHECK(is_storage_unavailable(*full));
  {
    auto guard = db->lock();
    CHECK(db->sql().execAndGet("SELECT count(*) FROM filler").getInt() == 0);
  }

  const auto broken_rule = failure_of(*db, "INSERT INTO organisation (name, created_at) VALUES ('', 'x')");
  REQUIRE(broken_rule);
  CHECK_FALSE(is_storage_unavailable(*broken_rule));
  CHECK_FALSE(is_storage_unavailable(std::runtime_error("a bug")));
}

TEST_CASE("a database file that may only be read opens, reads work and writes are storage failures") {
  TempDir dir;
  const std::string path = dir.file("ro.db");
  open_db(path).reset();
  // Opened read-only the way SQLite opens a file it may not write (the test may run as root).
  SQLite::Database reader(path, SQLite::OPEN_READONLY);
  CHECK(reader.execAndGet("SELECT count(*) FROM event").getInt() == 0);
  try {
    reader.exec("INSERT INTO audit_log (at, actor, action) VALUES ('x', 'test', 'x')");
    FAIL("a write on a read-only connection succeeded");
  } catch (const SQLite::Exception& e) {
    CHECK(is_storage_unavailable(e));
  }
}

}  // namespace
}  // namespace dialogdag::data
