// What was said: minutes per meeting, and the question-and-answer log of an event (an entry
// flagged "shared with all" is published to every registered supplier — equal treatment).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/database.h"

namespace dialogdag::data {

struct QaEntry {
  std::int64_t id = 0;
  std::optional<std::int64_t> meeting_id;
  std::string question, answer;
  bool shared_with_all = false;
  std::string created_at;
  std::optional<std::string> shared_at;
};

class MinutesStore {
 public:
  explicit MinutesStore(Db& db) : db_(db) {}

  // Writes (replaces) the minutes of a meeting. kNotFound: no such meeting.
  StoreResult<Done> write(std::int64_t meeting_id, const std::string& text,
                          std::optional<std::int64_t> by, const std::string& actor);
  StoreResult<std::string> read(std::int64_t meeting_id);

  // Question-and-answer log. `meeting_id`, when given, must be a meeting of the event.
  StoreResult<std::int64_t> add_question(std::int64_t event_id,
                                         std::optional<std::int64_t> meeting_id,
                                         const std::string& question, const std::string& answer,
                                         std::optional<std::int64_t> by, const std::string& actor);
  // Flags an entry "shared with all" (cannot be undone: it has been published).
  StoreResult<Done> share_with_all(std::int64_t entry_id, const std::string& actor);
  // The entries every supplier of the event sees, oldest first.
  std::vector<QaEntry> shared(std::int64_t event_id);

 private:
  Db& db_;
};

}  // namespace dialogdag::data
