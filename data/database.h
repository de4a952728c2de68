// The database: one SQLite file, opened with the project's pragmas and migrated to the schema
// this program knows. One writer connection behind a mutex (every store locks it for the length
// of its transaction), and a pool of read-only connections for reads (WAL: a reader sees the
// last committed state and never waits for the writer, nor the writer for it).
//
// Durability: journal_mode=WAL with synchronous=FULL. In WAL mode NORMAL already survives the
// process being killed (a commit is in the OS once write() returns), but can lose the last
// commits on a power cut or kernel crash; FULL fsyncs the WAL at every commit, so a booking the
// server has confirmed survives both. The price is one fsync per write transaction, which is
// nothing at the rate people fill in forms.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "data/status.h"
#include "data/time.h"

namespace dialogdag::data {

// One step of the schema. `version` counts from 1 without gaps; `sql` runs inside the upgrade
// transaction (so it must not change foreign_keys or journal_mode).
struct Migration {
  int version = 0;
  const char* sql = "";
};

// The project's migrations, oldest first. Never edit a released one: add the next.
const std::vector<Migration>& schema_migrations();

// "PRAGMA application_id" of a dialogdag database ("DDAG").
inline constexpr int kApplicationId = 0x44444147;

inline constexpr int kBusyTimeoutMs = 5000;

class Db {
  struct Connection;

 public:
  class Reading;
  class Prepared;

  // Opens `path` (created when missing), sets the pragmas and applies the pending migrations in
  // one transaction. A database of a newer schema, a SQLite file of another application or a
  // file that is no database is refused (kInvalid, one line) and left untouched. A file this
  // process may only read opens when its schema is current: reads work, and every write throws
  // SQLITE_READONLY (is_storage_unavailable) until the program is restarted with write access.
  static StoreResult<std::unique_ptr<Db>> open(const std::string& path);
  // The same with another list of migrations (tests of the runner).
  static StoreResult<std::unique_ptr<Db>> open(const std::string& path,
                                               const std::vector<Migration>& migrations);

  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Hold this for the whole of a transaction on sql().
  [[nodiscard]] std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }

  // One read transaction on a pooled read-only connection: while the returned object lives,
  // sql() and prepare() on this thread use that connection, and every statement sees the one
  // snapshot taken at its first read (the last commit before it, never a half-written one).
  // Nested read() on the same thread joins the outer transaction. For reads only: a write
  // inside throws SQLITE_READONLY. REQUIRES: this thread does not hold lock() (a write
  // transaction reads its own connection).
  [[nodiscard]] Reading read();

  // The connection of this thread's current read(), else the writer connection.
  // REQUIRES: the caller holds read() or lock().
  SQLite::Database& sql();

  // A prepared statement for `sql` on the connection sql() returns, taken from that
  // connection's cache (parsed once per connection), reset and without bindings; it is reset
  // again when the returned handle goes. A statement still in use (nested) is prepared anew.
  // REQUIRES: as sql(); the handle does not outlive the read() or lock() it was taken under.
  [[nodiscard]] Prepared prepare(const std::string& sql);

  // A number that changes whenever a write was committed to the file since the last call that
  // returned it (by this process or any other); equal numbers mean no commit in between.
  // Take it before reading what is to be cached under it. Thread-safe.
  std::uint64_t data_generation();

  // A new read-only connection to the same file (WAL: reads never wait for the writer).
  SQLite::Database open_reader() const;

  // The clock used for created_at, expiry and the audit log; the system clock unless a test
  // sets another. Thread-safe after setup; set_clock REQUIRES no concurrent use.
  Instant now() const;
  void set_clock(std::function<Instant()> clock) { clock_ = std::move(clock); }

  const std::string& path() const { return path_; }
  int schema_version();

 private:
  Db(std::string path, SQLite::Database db);

  // This thread's current read(): which Db, on which connection.
  struct CurrentRead {
    const Db* db = nullptr;
    Connection* connection = nullptr;
  };
  static CurrentRead& current_read();

  std::unique_ptr<Connection> take_reader();
  void give_back(std::unique_ptr<Connection> reader);

  std::string path_;
  bool has_file_;  // false for ":memory:": no second connection can see it
  std::mutex mutex_;
  std::unique_ptr<Connection> writer_;
  // Readers not in use; more are opened when all are busy (at most one per concurrent reader).
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  std::atomic<std::uint64_t> generation_{1};
  std::function<Instant()> clock_;
};

// See Db::read(). Neither copied nor moved: it lives in the scope that reads.
class Db::Reading {
 public:
  ~Reading();
  Reading(const Reading&) = delete;
  Reading& operator=(const Reading&) = delete;

 private:
  friend class Db;
  explicit Reading(Db& db);

  Db& db_;
  bool outermost_ = false;             // false: joined an outer read(), which ends it
  CurrentRead outer_;                  // restored at the end
  std::unique_ptr<Connection> reader_;  // empty for a database without a file, which reads
  std::unique_lock<std::mutex> writer_lock_;  // the writer under its lock instead
};

// See Db::prepare().
class Db::Prepared {
 public:
  ~Prepared();
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  SQLite::Statement& operator*() { return *statement_; }
  SQLite::Statement* operator->() { return statement_; }

 private:
  friend class Db;
  Prepared(SQLite::Statement* cached, bool* in_use) : statement_(cached), in_use_(in_use) {}
  explicit Prepared(std::unique_ptr<SQLite::Statement> own)
      : statement_(own.get()), own_(std::move(own)) {}

  SQLite::Statement* statement_;
  bool* in_use_ = nullptr;  // the cache's mark, cleared when done
  std::unique_ptr<SQLite::Statement> own_;
};

// True when `error` is a failure of the storage itself, not of the request: the disk or the
// file system is full (SQLITE_FULL), the file cannot be written (SQLITE_READONLY, SQLITE_PERM,
// SQLITE_CANTOPEN), an I/O error (SQLITE_IOERR), or the database stayed locked past the busy
// timeout (SQLITE_BUSY, SQLITE_LOCKED). The transaction that met it was rolled back, so nothing
// of it was saved, and the same request may succeed later: the web answers 503 (web/server.h).
bool is_storage_unavailable(const std::exception& error);

// The migration runner alone, on an open connection: brings the schema from PRAGMA user_version
// to the last of `migrations` inside one IMMEDIATE transaction (all or nothing). Returns the
// version reached. Refuses (kInvalid) a database newer than the last migration.
StoreResult<int> migrate(SQLite::Database& db, const std::vector<Migration>& migrations);

}  // namespace dialogdag::data
