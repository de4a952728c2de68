// Whole-file operations: online backup and the purge of an event's personal data.
#pragma once

#include <string>

#include "data/database.h"

namespace dialogdag::data {

// Copies the database at `source` to a new file `destination` with SQLite's online backup, on
// a connection of its own: in WAL mode it reads one consistent snapshot and does not block the
// server's writes. The copy is written beside the destination under a temporary name, set to
// journal_mode=DELETE (one self-contained file), checked with PRAGMA integrity_check, and only
// then renamed into place. kConflict: the destination exists (never overwritten); kInvalid:
// the source cannot be read or the copy fails its check.
StoreResult<Done> backup_database(const std::string& source, const std::string& destination);

struct PurgeReport {
  int registrations = 0;  // anonymised counts kept in purge_record
  int attendees = 0;
  int meetings = 0;
  bool wal_truncated = true;  // false: a reader held the WAL; run the purge again when idle
};

// Removes the personal data of the event `slug`: supplier names, contacts, attendees, free
// text, minutes, questions and answers, panel members' names and addresses, and the JSON of
// its schedule runs (which name companies and people). Rows, counts and the audit log stay.
// Then VACUUMs and truncates the WAL, so the deleted values are nowhere in the database files
// (secure_delete is on for every connection of Db). Idempotent. kNotFound: no such event.
StoreResult<PurgeReport> purge_event(Db& db, const std::string& slug, const std::string& actor);

}  // namespace dialogdag::data
