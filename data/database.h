// The database: one SQLite file, opened with the project's pragmas and migrated to the schema
// this program knows. One writer connection behind a mutex (every store locks it for the length
// of its transaction); readers that want to run beside it open their own connection.
//
// Durability: journal_mode=WAL with synchronous=FULL. In WAL mode NORMAL already survives the
// process being killed (a commit is in the OS once write() returns), but can lose the last
// commits on a power cut or kernel crash; FULL fsyncs the WAL at every commit, so a booking the
// server has confirmed survives both. The price is one fsync per write transaction, which is
// nothing at the rate people fill in forms.
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
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
 public:
  // Opens `path` (created when missing), sets the pragmas and applies the pending migrations in
  // one transaction. A database of a newer schema, a SQLite file of another application or a
  // file that is no database is refused (kInvalid, one line) and left untouched. A file this
  // process may only read opens when its schema is current: reads work, and every write throws
  // SQLITE_READONLY (is_storage_unavailable) until the program is restarted with write access.
  static StoreResult<std::unique_ptr<Db>> open(const std::string& path);
  // The same with another list of migrations (tests of the runner).
  static StoreResult<std::unique_ptr<Db>> open(const std::string& path,
                                               const std::vector<Migration>& migrations);

  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Hold this for the whole of a transaction on sql().
  [[nodiscard]] std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }

  // The writer connection. REQUIRES: the caller holds lock().
  SQLite::Database& sql() { return db_; }

  // A new read-only connection to the same file (WAL: reads never wait for the writer).
  SQLite::Database open_reader() const;

  // The clock used for created_at, expiry and the audit log; the system clock unless a test
  // sets another. Thread-safe after setup; set_clock REQUIRES no concurrent use.
  Instant now() const;
  void set_clock(std::function<Instant()> clock) { clock_ = std::move(clock); }

  const std::string& path() const { return path_; }
  int schema_version();

 private:
  Db(std::string path, SQLite::Database db) : path_(std::move(path)), db_(std::move(db)) {}

  std::string path_;
  std::mutex mutex_;
  SQLite::Database db_;
  std::function<Instant()> clock_;
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
