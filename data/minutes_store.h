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

// The minutes of one meeting, from the template that is the same for every supplier of an
// event: what the supplier presented, the questions and what the buyer said, the follow-up.
// (Date, time, room, people and topics come from the meeting and the registration.) Stored as
// the JSON text {"template": "dialogdag-minutes/1", "presented": ..., "questions": ...,
// "follow_up": ...} in minutes.text; a text that is not such JSON (written by hand, or blanked
// by a purge) reads as `presented` alone.
struct MeetingMinutes {
  std::string presented;
  std::string questions;
  std::string follow_up;
  bool empty() const { return presented.empty() && questions.empty() && follow_up.empty(); }
};

std::string minutes_to_text(const MeetingMinutes& minutes);
MeetingMinutes minutes_from_text(const std::string& text);

class MinutesStore {
 public:
  explicit MinutesStore(Db& db) : db_(db) {}

  // Writes (replaces) the minutes of a meeting. kNotFound: no such meeting.
  StoreResult<Done> write(std::int64_t meeting_id, const std::string& text,
                          std::optional<std::int64_t> by, const std::string& actor);
  StoreResult<std::string> read(std::int64_t meeting_id);

  // The template's fields through write() / read(). read_minutes: kNotFound when none written.
  StoreResult<Done> write_minutes(std::int64_t meeting_id, const MeetingMinutes& minutes,
                                  std::optional<std::int64_t> by, const std::string& actor);
  StoreResult<MeetingMinutes> read_minutes(std::int64_t meeting_id);

  // Question-and-answer log. `meeting_id`, when given, must be a meeting of the event.
  StoreResult<std::int64_t> add_question(std::int64_t event_id,
                                         std::optional<std::int64_t> meeting_id,
                                         const std::string& question, const std::string& answer,
                                         std::optional<std::int64_t> by, const std::string& actor);
  // Flags an entry "shared with all" (cannot be undone: it has been published).
  StoreResult<Done> share_with_all(std::int64_t entry_id, const std::string& actor);
  // The entries every supplier of the event sees, oldest first.
  std::vector<QaEntry> shared(std::int64_t event_id);
  // Every entry of the event, shared or not (the staff's view), oldest first.
  std::vector<QaEntry> entries(std::int64_t event_id);

 private:
  Db& db_;
};

}  // namespace dialogdag::data
