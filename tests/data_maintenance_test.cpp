// Backup while the server writes, and purge that leaves no trace of a person in the files.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "data/audit_log.h"
#include "data/maintenance.h"
#include "data/minutes_store.h"
#include "data/registration_store.h"
#include "data/schedule_store.h"
#include "scheduler/solver.h"
#include "tests/data_test_support.h"

namespace dialogdag::data {
namespace {

using testing::file_bytes;
using testing::open_db;
using testing::supplier;
using testing::TempDir;

TEST_CASE("a backup taken during a stream of writes opens and passes integrity_check") {
  TempDir dir;
  const std::string path = dir.file("live.db");
  auto db = open_db(path);
  const std::int64_t event_id = testing::make_event(*db, "live", BookingMode::kRequest);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    RegistrationStore store(*db);
    for (int n = 0; !stop && n < 2000; ++n) {
      auto in = supplier(n, {"a"});
      in.topics = std::string(2000, 'x');  // grow the file: many pages change while copying
      if (store.register_supplier(event_id, in).ok()) ++written;
    }
  });
  while (written < 20) std::this_thread::yield();
  std::vector<std::string> backups;
  for (int i = 0; i < 3; ++i) {
    backups.push_back(dir.file("backup-" + std::to_string(i) + ".db"));
    auto done = backup_database(path, backups.back());
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error()));
  }
  stop = true;
  writer.join();
  int previous = 0;
  for (const auto& backup : backups) {
    CAPTURE(backup);
    SQLite::Database copy(backup, SQLite::OPEN_READONLY);
    CHECK(copy.execAndGet("PRAGMA integrity_check").getString() == "ok");
    CHECK(copy.execAndGet("PRAGMA journal_mode").getString() == "delete");
    const int registrations = copy.execAndGet("SELECT count(*) FROM registration").getInt();
    CHECK(registrations >= previous);
    previous = registrations;
    // A consistent snapshot: every registration has its audit entry, none is half-written.
    CHECK(copy.execAndGet("SELECT count(*) FROM audit_log WHERE action = 'registration.create'")
              .getInt() == registrations);
    CHECK(copy.execAndGet("SELECT count(*) FROM attendee").getInt() == registrations);
  }
  CHECK(previous >= 20);
  // The backup opens as a dialogdag database.
  CHECK(Db::open(backups.back()).ok());
}

TEST_CASE("a backup never overwrites a file") {
  TempDir dir;
  { auto db = open_db(dir.file("a.db")); }
  std::ofstream(dir.file("taken.db")) << "keep me";
  CHECK(backup_database(dir.file("a.db"), dir.file("taken.db")).kind() == Failure::kConflict);
  CHECK(file_bytes(dir.file("taken.db")) == "keep me");
  CHECK(backup_database(dir.file("missing.db"), dir.file("b.db")).kind() == Failure::kNotFound);
}

TEST_CASE("purge removes every trace of a planted name from the database files and keeps counts") {
  TempDir dir;
  const std::string path = dir.file("purge.db");
  auto db = open_db(path);
  const std::int64_t event_id = testing::make_event(*db, "purge-me", BookingMode::kRequest);
  const std::int64_t other_id = testing::make_event(*db, "keep-me", BookingMode::kRequest);
  const std::string planted = "Zyxandra Quolmstad";
  const std::string planted_mail = "zyxandra.quolmstad@plantet.example";
  RegistrationStore registrations(*db);
  auto in = supplier(1, {"a", "b"});
  in.company = planted + " Enkeltpersonforetak";
  in.contact_name = planted;
  in.email = planted_mail;
  in.phone = "+47 987 65 432";
  in.attendees = {{planted, "Daglig leder"}};
  in.topics = "Spør om " + planted + " sin løsning";
  auto booking = registrations.register_supplier(event_id, in);
  REQUIRE(booking.ok());
  for (int n = 2; n < 8; ++n)
    REQUIRE(registrations.register_supplier(event_id, supplier(n, {"a"})).ok());
  REQUIRE(registrations.register_supplier(other_id, supplier(50, {"a"})).ok());
  // Planted also among the buyers, in a schedule run (its JSON names companies and people),
  // in minutes and in the question log.
  EventStore(*db).put_panel(
      event_id,
      {"a", "Panel A", {}, {{"zq@plantet.example", planted, core::Role::kObserver}}, "r1"}, "test");
  ScheduleStore schedules(*db);
  auto instance = schedules.load_instance(event_id);
  REQUIRE_MESSAGE(instance.ok(), (instance.ok() ? "" : instance.error()));
  sched::SolveOptions options;
  options.time_limit_ms = 2000;
  const auto schedule = sched::solve(instance.value(), options, [] { return std::int64_t{0}; });
  REQUIRE(schedules.store_run(event_id, instance.value(), schedule, std::nullopt, "test").ok());
  const auto meetings = schedules.meetings(event_id);
  REQUIRE_FALSE(meetings.empty());
  MinutesStore minutes(*db);
  REQUIRE(minutes.write(meetings[0].id, planted + " viste en demo", std::nullopt, "test"));
  REQUIRE(minutes.add_question(event_id, meetings[0].id, "Hva sa " + planted + "?",
                               "Svar til " + planted, std::nullopt, "test"));
  {
    auto guard = db->lock();
    db->sql().exec(
        "PRAGMA wal_checkpoint(PASSIVE)");  // some copies in the main file, some in the WAL
  }
  REQUIRE(schedules.publish(event_id, std::nullopt, "test"));
  const bool planted_before = file_bytes(path).find(planted) != std::string::npos ||
                              file_bytes(path + "-wal").find(planted) != std::string::npos;
  REQUIRE(planted_before);
  const auto audit_before = AuditLog(*db).entries(std::nullopt).size();

  auto report = purge_event(*db, "purge-me", "test");
  REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error()));
  CHECK(report.value().registrations == 7);
  CHECK(report.value().attendees == 7);
  CHECK(report.value().wal_truncated);

  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string file = path + suffix;
    const std::string bytes = file_bytes(file);
    CAPTURE(file);
    CHECK(bytes.find(planted) == std::string::npos);
    CHECK(bytes.find("Quolmstad") == std::string::npos);
    CHECK(bytes.find(planted_mail) == std::string::npos);
    CHECK(bytes.find("987 65 432") == std::string::npos);
  }
  // Counts, the other event and the audit log are kept.
  {
    auto guard = db->lock();
    CHECK(db->sql()
              .execAndGet("SELECT registrations FROM purge_record WHERE event_id = " +
                          std::to_string(event_id))
              .getInt() == 7);
    CHECK(db->sql()
              .execAndGet("SELECT count(*) FROM registration WHERE event_id = " +
                          std::to_string(event_id))
              .getInt() == 7);
    CHECK(db->sql()
              .execAndGet("SELECT count(*) FROM meeting WHERE event_id = " +
                          std::to_string(event_id) + " AND status <> 'cancelled'")
              .getInt() == static_cast<int>(meetings.size()));
    CHECK(db->sql()
              .execAndGet("SELECT contact_name FROM registration WHERE event_id = " +
                          std::to_string(other_id))
              .getString() == "Kontakt 50");
    CHECK(db->sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
  }
  CHECK(AuditLog(*db).entries(std::nullopt).size() == audit_before + 1);
  CHECK(EventStore(*db).get(event_id).value().purged);
  CHECK(purge_event(*db, "purge-me", "test").ok());  // idempotent
  CHECK(purge_event(*db, "no-such-event", "test").kind() == Failure::kNotFound);
  db.reset();
  CHECK(file_bytes(path).find(planted) == std::string::npos);
}

TEST_CASE("minutes keep the template's fields and read back blank after a purge") {
  TempDir dir;
  auto db = open_db(dir.file("minutes.db"));
  const std::int64_t event_id = testing::make_event(*db, "minutes", BookingMode::kRequest);
  REQUIRE(RegistrationStore(*db).register_supplier(event_id, supplier(1, {"a"})).ok());
  ScheduleStore schedules(*db);
  auto instance = schedules.load_instance(event_id);
  REQUIRE(instance.ok());
  sched::SolveOptions options;
  options.time_limit_ms = 2000;
  const auto schedule = sched::solve(instance.value(), options, [] { return std::int64_t{0}; });
  REQUIRE(schedules.store_run(event_id, instance.value(), schedule, std::nullopt, "test").ok());
  const std::int64_t meeting = schedules.meetings(event_id).at(0).id;
  MinutesStore minutes(*db);
  CHECK(minutes.read_minutes(meeting).kind() == Failure::kNotFound);
  REQUIRE(minutes.write_minutes(meeting, {"Demo \"A\"", "Spørsmål\nSvar", "Ingen"}, std::nullopt, "test"));
  const auto read = minutes.read_minutes(meeting);
  REQUIRE(read.ok());
  CHECK(read.value().presented == "Demo \"A\"");
  CHECK(read.value().questions == "Spørsmål\nSvar");
  CHECK(read.value().follow_up == "Ingen");
  CHECK(minutes_from_text("skrevet for hånd").presented == "skrevet for hånd");
  REQUIRE(purge_event(*db, "minutes", "test").ok());
  CHECK(minutes.read_minutes(meeting).value().empty());
}

}  // namespace
}  // namespace dialogdag::data
