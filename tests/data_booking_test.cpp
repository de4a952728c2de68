// Instant booking: two suppliers who pick the same slot at the same moment get one booking
// between them, decided by the database — across threads and across connections.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <random>
#include <thread>

#include "data/registration_store.h"
#include "data/schedule_store.h"
#include "tests/data_test_support.h"

namespace dialogdag::data {
namespace {

using testing::open_db;
using testing::supplier;
using testing::TempDir;

int count(Db& db, const std::string& sql) {
  auto guard = db.lock();
  return db.sql().execAndGet(sql).getInt();
}

TEST_CASE(
    "many suppliers pick the same slot at once, each on its own connection: exactly one wins") {
  TempDir dir;
  const std::string path = dir.file("race.db");
  std::int64_t event_id = 0;
  {
    auto db = open_db(path);
    event_id = testing::make_event(*db, "race");
  }
  constexpr int kThreads = 12;
  std::vector<std::unique_ptr<Db>> connections;
  for (int i = 0; i < kThreads; ++i) connections.push_back(open_db(path));
  std::atomic<int> ready{0}, won{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      RegistrationStore store(*connections[i]);
      ++ready;
      while (ready < kThreads) std::this_thread::yield();  // start together
      auto booking = store.register_supplier(event_id, supplier(i, {"a"}, {13 * 60 + 35}));
      if (booking.ok())
        ++won;
      else if (booking.kind() == Failure::kConflict &&
               booking.error().find("13:35") != std::string::npos)
        ++conflicts;
      else
        ++other;
    });
  for (auto& thread : threads) thread.join();
  CHECK(won == 1);
  CHECK(conflicts == kThreads - 1);
  CHECK(other == 0);
  CHECK(count(*connections[0], "SELECT count(*) FROM meeting WHERE status <> 'cancelled'") == 1);
  // The losers' registrations rolled back with their booking: they can try another slot.
  CHECK(count(*connections[0], "SELECT count(*) FROM registration") == 1);
}

TEST_CASE("a stream of instant bookings from many threads on one Db never double-books") {
  TempDir dir;
  auto db = open_db(dir.file("stream.db"));
  const std::int64_t event_id = testing::make_event(*db, "stream");
  constexpr int kThreads = 8, kPerThread = 6;
  const std::vector<core::Minutes> slots = {13 * 60, 13 * 60 + 35, 14 * 60 + 10};
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t));
      RegistrationStore store(*db);
      for (int k = 0; k < kPerThread; ++k) {
        const int n = 100 + t * kPerThread + k;
        const std::vector<std::string> panel = {random() % 2 ? "a" : "b"};
        auto in = supplier(n, panel, {slots[random() % slots.size()]});
        in.digital = random() % 4 == 0;
        if (store.register_supplier(event_id, in).ok()) ++won;
      }
    });
  for (auto& thread : threads) thread.join();
  // Panels a and b share their procurement lead: at most one meeting per slot in all.
  CHECK(won >= 1);
  CHECK(won <= static_cast<int>(slots.size()));
  CHECK(count(*db, "SELECT count(*) FROM meeting WHERE status <> 'cancelled'") == won);
  CHECK(count(*db,
              "SELECT count(*) FROM (SELECT slot_start FROM meeting WHERE status <> "
              "'cancelled' GROUP BY slot_start HAVING count(*) > 1)") == 0);
  CHECK(count(*db, "SELECT count(*) FROM registration") == won);
}

TEST_CASE("a panel member shared by two panels is never booked into two meetings at once") {
  TempDir dir;
  auto db = open_db(dir.file("shared.db"));
  const std::int64_t event_id = testing::make_event(*db, "shared");
  RegistrationStore store(*db);
  REQUIRE(store.register_supplier(event_id, supplier(1, {"a"}, {13 * 60})).ok());
  auto clash = store.register_supplier(event_id, supplier(2, {"b"}, {13 * 60}));
  REQUIRE_FALSE(clash.ok());
  CHECK(clash.kind() == Failure::kConflict);
  CHECK(clash.failure().code == "slot_panel_busy");  // the page says a member is busy then
  CHECK(store.register_supplier(event_id, supplier(2, {"b"}, {13 * 60 + 35})).ok());
}

TEST_CASE(
    "instant booking refuses a time that is no slot or outside the supplier's travel window") {
  TempDir dir;
  auto db = open_db(dir.file("slots.db"));
  const std::int64_t event_id = testing::make_event(*db, "slots");
  RegistrationStore store(*db);
  auto off_grid = store.register_supplier(event_id, supplier(1, {"a"}, {13 * 60 + 5}));
  CHECK(off_grid.kind() == Failure::kInvalid);
  CHECK(off_grid.error().find("not a slot") != std::string::npos);
  CHECK(off_grid.failure().code == "slot_not_in_day");
  auto late = supplier(2, {"a"}, {14 * 60 + 10});
  late.available_until = 14 * 60;
  auto outside = store.register_supplier(event_id, late);
  CHECK(outside.kind() == Failure::kInvalid);
  CHECK(outside.failure().code == "slot_outside_travel");
  auto no_slot = store.register_supplier(event_id, supplier(3, {"a"}, {}));
  CHECK(no_slot.kind() == Failure::kInvalid);
  CHECK(no_slot.failure().code == "slot_missing");

  auto digital = supplier(4, {"a"}, {14 * 60 + 10});
  digital.digital = true;
  REQUIRE(store.register_supplier(event_id, digital).ok());
  const auto meetings = ScheduleStore(*db).meetings(event_id);
  REQUIRE(meetings.size() == 1);
  CHECK(meetings[0].room == "web");
  CHECK(meetings[0].status == "booked");
  CHECK(meetings[0].starts_at == "2027-03-11T13:10:00Z");  // 14:10 CET
}

TEST_CASE("changing an instant booking moves it, or keeps the old slot when the new one is taken") {
  TempDir dir;
  auto db = open_db(dir.file("change.db"));
  const std::int64_t event_id = testing::make_event(*db, "change");
  RegistrationStore store(*db);
  ScheduleStore schedules(*db);
  auto mine = store.register_supplier(event_id, supplier(1, {"a"}, {13 * 60}));
  REQUIRE(mine.ok());
  REQUIRE(store.register_supplier(event_id, supplier(2, {"a"}, {13 * 60 + 35})).ok());

  auto to_taken = supplier(1, {"a"}, {13 * 60 + 35});
  auto refused = store.update(mine.value().manage_token, to_taken);
  CHECK(refused.kind() == Failure::kConflict);
  CHECK(refused.failure().code == "slot_taken");
  auto kept = schedules.meetings_of(mine.value().registration_id);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].start == 13 * 60);

  auto to_free = supplier(1, {"a"}, {14 * 60 + 10});
  to_free.contact_name = "Ny Kontakt";
  REQUIRE(store.update(mine.value().manage_token, to_free).ok());
  auto moved = schedules.meetings_of(mine.value().registration_id);
  REQUIRE(moved.size() == 1);
  CHECK(moved[0].start == 14 * 60 + 10);
  CHECK(moved[0].id == kept[0].id);  // the same meeting row (and its minutes) moved
  CHECK(store.find_by_token(mine.value().manage_token).value().contact_name == "Ny Kontakt");
  // The freed 13:00 is bookable again by someone else.
  CHECK(store.register_supplier(event_id, supplier(3, {"a"}, {13 * 60})).ok());

  auto other_orgnr = supplier(9, {"a"}, {14 * 60 + 10});
  CHECK(store.update(mine.value().manage_token, other_orgnr).kind() == Failure::kInvalid);
  CHECK(store.update("no-such-token", to_free).kind() == Failure::kNotFound);
}

TEST_CASE("a confirmed booking survives the process being killed right after it was confirmed") {
  TempDir dir;
  const std::string path = dir.file("killed.db");
  std::int64_t event_id = 0;
  {
    auto db = open_db(path);
    event_id = testing::make_event(*db, "killed");
  }
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The "server": confirms bookings, then dies without closing anything.
    close(pipe_fds[0]);
    auto db = Db::open(path);
    if (!db) _exit(3);
    RegistrationStore store(*db.value());
    for (int n = 0; n < 3; ++n) {
      auto booking = store.register_supplier(event_id, supplier(n, {"a"}, {13 * 60 + 35 * n}));
      if (!booking) _exit(4);
      const std::string line = booking.value().reference + "\n";
      if (write(pipe_fds[1], line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        _exit(5);
    }
    raise(SIGKILL);
    _exit(6);
  }
  close(pipe_fds[1]);
  std::string confirmed;
  char buffer[256];
  for (ssize_t got; (got = read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
    confirmed.append(buffer, static_cast<size_t>(got));
  close(pipe_fds[0]);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK(std::filesystem::exists(path + "-wal"));  // left behind: recovery is SQLite's job

  auto db = open_db(path);
  int found = 0;
  for (size_t at = 0; at + 12 <= confirmed.size(); at += 13) {
    auto guard = db->lock();
    SQLite::Statement query(db->sql(),
                            "SELECT count(*) FROM registration r JOIN meeting m ON "
                            "m.registration_id = r.id WHERE r.reference = ?");
    query.bind(1, confirmed.substr(at, 12));
    query.executeStep();
    found += query.getColumn(0).getInt();
  }
  CHECK(found == 3);
  auto guard = db->lock();
  CHECK(db->sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
}

TEST_CASE("a reader connection sees committed bookings and cannot write") {
  TempDir dir;
  auto db = open_db(dir.file("reader.db"));
  const std::int64_t event_id = testing::make_event(*db, "reader");
  SQLite::Database reader = db->open_reader();
  REQUIRE(RegistrationStore(*db).register_supplier(event_id, supplier(1, {"a"}, {13 * 60})).ok());
  CHECK(reader.execAndGet("SELECT count(*) FROM meeting").getInt() == 1);
  CHECK_THROWS_AS(reader.exec("DELETE FROM meeting"), SQLite::Exception);
}

}  // namespace
}  // namespace dialogdag::data
