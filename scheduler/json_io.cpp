// Reading and writing "dialogdag-instance/1" and "dialogdag-schedule/1" (json_io.h).
//
// Reading goes in three steps:
//   1. parse_document(): text -> nlohmann::json through our own SAX handler, which rejects
//      nesting deeper than kMaxDepth (the parser itself is iterative; this keeps everything
//      after it, including destruction, shallow) and notes the first duplicate key with its path.
//   2. The readers below walk that tree: types, unknown fields, ids resolved to indexes. They use
//      a sticky error (Reader): the first failure is kept, later ones are ignored, and every
//      reader returns early once something failed.
//   3. check_instance() checks the invariants expressible on the model (index ranges, unique ids,
//      slot times, ...). validate_instance() runs the same code, so both speak the same words.
//
// Messages are one line: "<where>: <field> <problem>", where <where> is e.g.
// `participants[2] "acme"` and is left out (with the field followed by ':') at the top level:
// `slots: must not be empty`. Strings from the input are quoted and escaped as JSON strings, so
// a message never contains a raw newline.

#include "scheduler/json_io.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace dialogdag::sched {

namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

constexpr const char* kInstanceFormat = "dialogdag-instance/1";
constexpr const char* kScheduleFormat = "dialogdag-schedule/1";

// Our documents nest four levels deep; anything far deeper is garbage, and refusing it keeps the
// recursive parts of nlohmann::json (destruction, comparison) away from deep trees.
constexpr std::size_t kMaxDepth = 64;

// Strings from the input are cut to this many bytes in messages.
constexpr std::size_t kMaxShownBytes = 80;

// ---------------------------------------------------------------------------------------------
// Message helpers

// `text` as a JSON string literal: quoted, escaped, one line. Long strings are cut (at a UTF-8
// character boundary) and end in "...".
std::string json_quoted(std::string_view text) {
  std::string cut(text);
  bool cut_short = false;
  if (cut.size() > kMaxShownBytes) {
    std::size_t end = kMaxShownBytes;
    while (end > 0 && (static_cast<unsigned char>(cut[end]) & 0xC0) == 0x80) --end;
    cut.resize(end);
    cut_short = true;
  }
  std::string out = json(cut).dump(-1, ' ', false, json::error_handler_t::replace);
  if (cut_short) out.insert(out.size() - 1, "...");
  return out;
}

// A JSON value as shown after "not": strings quoted, scalars as written, containers by kind.
std::string shown(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return json_quoted(value.get_ref<const std::string&>());
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return value.dump(-1, ' ', false, json::error_handler_t::replace);
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  return "an unreadable value";
}

// "<where>: <what>", or just <what> at the top level.
std::string at(const std::string& where, const std::string& what) {
  return where.empty() ? what : where + ": " + what;
}

// The subject of a message about `field`: `<where>: field`, or `field:` at the top level.
std::string subject(const std::string& where, const std::string& field) {
  return where.empty() ? field + ":" : where + ": " + field;
}

std::string indexed(const std::string& name, std::size_t index) {
  return name + "[" + std::to_string(index) + "]";
}

// `section[index] "id"`, or `section[index]` while the id is unknown or empty.
std::string element(const std::string& section, std::size_t index, std::string_view id) {
  std::string where = indexed(section, index);
  if (!id.empty()) where += " " + json_quoted(id);
  return where;
}

std::string count_of(std::size_t count, const char* singular, const char* plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

std::string out_of_range(const std::string& subj, long long value, std::size_t count,
                         const char* singular, const char* plural) {
  return subj + " = " + std::to_string(value) + " is out of range (" +
         count_of(count, singular, plural) + ")";
}

std::string too_small(const std::string& subj, long long minimum, long long value) {
  return subj + " must be >= " + std::to_string(minimum) + ", not " + std::to_string(value);
}

std::string already_used(const std::string& where, const std::string& section, int first) {
  return at(where, "id is already used by " + indexed(section, static_cast<std::size_t>(first)));
}

bool fits_int(std::size_t count) {
  return count <= static_cast<std::size_t>(std::numeric_limits<int>::max());
}

// ---------------------------------------------------------------------------------------------
// Model-level checks, shared by read_instance and validate_instance.

// "HH:MM" -> minutes after midnight, or -1.
int minutes_of(const std::string& clock) {
  auto digit = [&](std::size_t i) { return clock[i] >= '0' && clock[i] <= '9'; };
  if (clock.size() != 5 || !digit(0) || !digit(1) || clock[2] != ':' || !digit(3) || !digit(4)) {
    return -1;
  }
  const int hours = (clock[0] - '0') * 10 + (clock[1] - '0');
  const int mins = (clock[3] - '0') * 10 + (clock[4] - '0');
  if (hours > 23 || mins > 59) return -1;
  return hours * 60 + mins;
}

std::optional<std::string> check_slots(const std::vector<Slot>& slots) {
  if (slots.empty()) return "slots: must not be empty";
  if (!fits_int(slots.size())) return "slots: too many slots";
  const bool timed = !slots[0].start.empty() || !slots[0].end.empty();
  int first_length = 0;
  int previous_end = 0;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const Slot& slot = slots[i];
    const std::string where = indexed("slots", i);
    const bool has_start = !slot.start.empty();
    if (has_start != !slot.end.empty()) return at(where, "start and end must be given together");
    if (has_start != timed) {
      return at(where, "start and end must be given for every slot or for none");
    }
    if (!has_start) continue;
    const int start = minutes_of(slot.start);
    const int end = minutes_of(slot.end);
    if (start < 0) {
      return subject(where, "start") + " must be \"HH:MM\" from 00:00 to 23:59, not " +
             json_quoted(slot.start);
    }
    if (end < 0) {
      return subject(where, "end") + " must be \"HH:MM\" from 00:00 to 23:59, not " +
             json_quoted(slot.end);
    }
    if (end <= start) return at(where, "end " + slot.end + " must be after start " + slot.start);
    if (i == 0) {
      first_length = end - start;
    } else {
      if (start < previous_end) {
        return at(where, "starts at " + slot.start + ", before " + indexed("slots", i - 1) +
                             " ends at " + slots[i - 1].end +
                             " (slots must be in time order without overlap)");
      }
      if (end - start != first_length) {
        return at(where, "lasts " + std::to_string(end - start) + " minutes, but slots[0] lasts " +
                             std::to_string(first_length) + " (slots must be equally long)");
      }
    }
    previous_end = end;
  }
  return std::nullopt;
}

// Each entry of `indexes` must be in [0, count). With `canonical`, also sorted and unique.
std::optional<std::string> check_indexes(const std::string& where, const std::string& field,
                                         const std::vector<int>& indexes, std::size_t count,
                                         const char* singular, const char* plural, bool canonical) {
  for (std::size_t k = 0; k < indexes.size(); ++k) {
    const int value = indexes[k];
    if (value < 0 || static_cast<std::size_t>(value) >= count) {
      return out_of_range(subject(where, indexed(field, k)), value, count, singular, plural);
    }
    if (canonical && k > 0 && indexes[k - 1] >= value) {
      return subject(where, field) + " must be sorted and without repeats";
    }
  }
  return std::nullopt;
}

ParticipantKind kind_of_label(std::string_view label) {
  if (label == "buyer") return ParticipantKind::kBuyer;
  if (label == "supplier") return ParticipantKind::kSupplier;
  return ParticipantKind::kOther;
}

const char* label_of_kind(ParticipantKind kind) {
  switch (kind) {
    case ParticipantKind::kBuyer:
      return "buyer";
    case ParticipantKind::kSupplier:
      return "supplier";
    case ParticipantKind::kOther:
      break;
  }
  return "";
}

std::optional<std::string> check_rooms(const Rooms& rooms) {
  if (rooms.kind == Rooms::Kind::kTables && rooms.tables < 0) {
    return too_small("rooms:", 0, rooms.tables);
  }
  if (rooms.kind != Rooms::Kind::kList) return std::nullopt;
  if (!fits_int(rooms.list.size())) return "rooms: too many rooms";
  std::unordered_map<std::string, int> seen;
  for (std::size_t i = 0; i < rooms.list.size(); ++i) {
    const Room& room = rooms.list[i];
    const std::string where = element("rooms", i, room.id);
    if (room.id.empty()) return at(where, "id must not be empty");
    if (auto [it, fresh] = seen.emplace(room.id, static_cast<int>(i)); !fresh) {
      return already_used(where, "rooms", it->second);
    }
    if (room.capacity && *room.capacity < 0) {
      return too_small(subject(where, "capacity"), 0, *room.capacity);
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_participant(const Instance& instance, std::size_t i,
                                             bool canonical) {
  const Participant& p = instance.participants[i];
  const std::string where = element("participants", i, p.id);
  if (p.id.empty()) return at(where, "id must not be empty");
  if (!p.kind_label.empty() && kind_of_label(p.kind_label) != p.kind) {
    return subject(where, "kind") + " " + json_quoted(p.kind_label) +
           " does not match its ParticipantKind";
  }
  std::unordered_set<std::string_view> members;
  for (std::size_t k = 0; k < p.members.size(); ++k) {
    if (p.members[k].empty()) return subject(where, indexed("members", k)) + " must not be empty";
    if (!members.insert(p.members[k]).second) {
      return subject(where, "members") + " names " + json_quoted(p.members[k]) + " twice";
    }
  }
  if (p.room) {
    if (instance.rooms.kind != Rooms::Kind::kList) {
      return subject(where, "room") + " is set, but rooms is not a list of rooms";
    }
    if (*p.room < 0 || static_cast<std::size_t>(*p.room) >= instance.rooms.list.size()) {
      return out_of_range(subject(where, "room"), *p.room, instance.rooms.list.size(), "room",
                          "rooms");
    }
  }
  if (p.people < 0) return too_small(subject(where, "people"), 0, p.people);
  if (auto error = check_indexes(where, "unavailable", p.unavailable, instance.slots.size(), "slot",
                                 "slots", canonical)) {
    return error;
  }
  if (p.max_meetings && *p.max_meetings < 0) {
    return too_small(subject(where, "max_meetings"), 0, *p.max_meetings);
  }
  return std::nullopt;
}

std::optional<std::string> check_meeting(const Instance& instance, std::size_t i,
                                         const std::unordered_set<std::string_view>& sessions,
                                         bool canonical) {
  const Meeting& m = instance.meetings[i];
  const std::string where = element("meetings", i, m.id);
  if (m.id.empty()) return at(where, "id must not be empty");
  const std::size_t participant_count = instance.participants.size();
  for (std::size_t k = 0; k < 2; ++k) {
    if (m.between[k] < 0 || static_cast<std::size_t>(m.between[k]) >= participant_count) {
      return out_of_range(subject(where, indexed("between", k)), m.between[k], participant_count,
                          "participant", "participants");
    }
  }
  if (m.between[0] == m.between[1]) {
    return subject(where, "between") + " names participant " +
           json_quoted(instance.participants[static_cast<std::size_t>(m.between[0])].id) + " twice";
  }
  if (m.session) {
    if (!sessions.contains(*m.session)) {
      return subject(where, "session") + " " + json_quoted(*m.session) +
             " matches no slot's session";
    }
  }
  if (m.fixed_slot &&
      (*m.fixed_slot < 0 || static_cast<std::size_t>(*m.fixed_slot) >= instance.slots.size())) {
    return out_of_range(subject(where, "fixed_slot"), *m.fixed_slot, instance.slots.size(), "slot",
                        "slots");
  }
  if (m.fixed_room) {
    if (instance.rooms.kind != Rooms::Kind::kList) {
      return subject(where, "fixed_room") + " is set, but rooms is not a list of rooms";
    }
    if (*m.fixed_room < 0 ||
        static_cast<std::size_t>(*m.fixed_room) >= instance.rooms.list.size()) {
      return out_of_range(subject(where, "fixed_room"), *m.fixed_room, instance.rooms.list.size(),
                          "room", "rooms");
    }
  }
  std::unordered_set<int> after;
  for (std::size_t k = 0; k < m.after.size(); ++k) {
    const int other = m.after[k];
    if (other < 0 || static_cast<std::size_t>(other) >= instance.meetings.size()) {
      return out_of_range(subject(where, indexed("after", k)), other, instance.meetings.size(),
                          "meeting", "meetings");
    }
    if (static_cast<std::size_t>(other) == i) {
      return subject(where, "after") + " names the meeting itself";
    }
    if (!after.insert(other).second) {
      return subject(where, "after") + " names meeting " +
             json_quoted(instance.meetings[static_cast<std::size_t>(other)].id) + " twice";
    }
  }
  if (auto error = check_indexes(where, "preferred", m.preferred, instance.slots.size(), "slot",
                                 "slots", canonical)) {
    return error;
  }
  if (m.weight < 1) return too_small(subject(where, "weight"), 1, m.weight);
  return std::nullopt;
}

// The invariants of model.h. With `canonical` false (while reading), slot index lists may be
// unsorted and repeat entries (they are normalised afterwards), so that a message's index
// `unavailable[2]` is the position in the input.
std::optional<std::string> check_instance(const Instance& instance, bool canonical) {
  if (auto error = check_slots(instance.slots)) return error;
  if (auto error = check_rooms(instance.rooms)) return error;
  if (!fits_int(instance.participants.size())) return "participants: too many participants";
  if (!fits_int(instance.meetings.size())) return "meetings: too many meetings";

  std::unordered_map<std::string, int> seen;
  for (std::size_t i = 0; i < instance.participants.size(); ++i) {
    if (auto error = check_participant(instance, i, canonical)) return error;
    const std::string& id = instance.participants[i].id;
    if (auto [it, fresh] = seen.emplace(id, static_cast<int>(i)); !fresh) {
      return already_used(element("participants", i, id), "participants", it->second);
    }
  }
  seen.clear();
  std::unordered_set<std::string_view> sessions;
  for (const Slot& slot : instance.slots) sessions.insert(slot.session);
  for (std::size_t i = 0; i < instance.meetings.size(); ++i) {
    if (auto error = check_meeting(instance, i, sessions, canonical)) return error;
    const std::string& id = instance.meetings[i].id;
    if (auto [it, fresh] = seen.emplace(id, static_cast<int>(i)); !fresh) {
      return already_used(element("meetings", i, id), "meetings", it->second);
    }
  }
  if (instance.fairness.max_break_spread && *instance.fairness.max_break_spread < 0) {
    return too_small("fairness: max_break_spread", 0, *instance.fairness.max_break_spread);
  }
  return std::nullopt;
}

void normalise(std::vector<int>& indexes) {
  std::sort(indexes.begin(), indexes.end());
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
}

// ---------------------------------------------------------------------------------------------
// Parsing: text -> json, with a depth limit and duplicate-key detection.

struct PathStep {
  bool is_index = false;
  std::size_t index = 0;
  std::string key;
};

// Builds the json tree like nlohmann's own DOM parser, but refuses deep nesting and remembers
// the first duplicate key (nlohmann would silently keep the last value).
class TreeBuilder final : public json::json_sax_t {
 public:
  explicit TreeBuilder(json& root) : root_(root) {}

  bool null() override { return add(json(nullptr)); }
  bool boolean(bool value) override { return add(json(value)); }
  bool number_integer(number_integer_t value) override { return add(json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return add(json(value)); }
  bool number_float(number_float_t value, const string_t&) override { return add(json(value)); }
  bool string(string_t& value) override { return add(json(std::move(value))); }
  bool binary(binary_t&) override { return false; }  // the JSON text parser never reports one
  bool start_object(std::size_t) override { return open(json::object()); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_array() override { return close(); }

  bool key(string_t& key) override {
    if (!duplicate_key_ && stack_.back()->contains(key)) {
      duplicate_key_ = key;
      duplicate_path_ = path_;
    }
    key_ = std::move(key);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::json::exception& error) override {
    error_position_ = position;
    error_what_ = error.what();
    return false;
  }

  bool too_deep() const { return too_deep_; }
  std::size_t error_position() const { return error_position_; }
  const std::string& error_what() const { return error_what_; }
  const std::optional<std::string>& duplicate_key() const { return duplicate_key_; }
  const std::vector<PathStep>& duplicate_path() const { return duplicate_path_; }

 private:
  // Puts `value` where the parser is: the root, the next array element or the member key_.
  json* place(json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& member = parent[key_];
    member = std::move(value);
    return &member;
  }

  bool add(json value) {
    place(std::move(value));
    return true;
  }

  bool open(json container) {
    if (stack_.size() >= kMaxDepth) {
      too_deep_ = true;
      return false;
    }
    if (!stack_.empty()) {
      const json& parent = *stack_.back();
      PathStep step;
      if (parent.is_array()) {
        step.is_index = true;
        step.index = parent.size();
      } else {
        step.key = key_;
      }
      path_.push_back(std::move(step));
    }
    stack_.push_back(place(std::move(container)));
    return true;
  }

  bool close() {
    stack_.pop_back();
    if (!path_.empty()) path_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> stack_;    // the open containers, outermost first
  std::vector<PathStep> path_;  // how to reach stack_[1..] from the root
  std::string key_;             // the key of the next member of the innermost object
  bool too_deep_ = false;
  std::size_t error_position_ = 0;
  std::string error_what_;
  std::optional<std::string> duplicate_key_;
  std::vector<PathStep> duplicate_path_;
};

// Byte offset (1-based, as nlohmann counts) where nesting first exceeds kMaxDepth, or 0.
std::size_t too_deep_at(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i + 1;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return 0;
}

// `text` made safe to print as one line: control characters become spaces and bytes that are not
// part of well-formed UTF-8 become '?'.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      out += byte < 0x20 || byte == 0x7F ? ' ' : static_cast<char>(byte);
      ++i;
      continue;
    }
    // A lead byte and its continuation bytes; overlong forms and surrogates count as broken.
    std::size_t length = byte >= 0xC2 && byte <= 0xDF   ? 2
                         : byte >= 0xE0 && byte <= 0xEF ? 3
                         : byte >= 0xF0 && byte <= 0xF4 ? 4
                                                        : 0;
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        length = 0;
        break;
      }
    }
    if (length >= 3) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      if ((byte == 0xE0 && second < 0xA0) || (byte == 0xED && second > 0x9F) ||
          (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second > 0x8F)) {
        length = 0;
      }
    }
    if (length == 0) {
      out += '?';
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

// A key in a path: as it is when it looks like a field name, else quoted.
std::string path_key(const std::string& key) {
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  return plain ? key : json_quoted(key);
}

// Where a duplicate key sits: `participants[2] "acme"` (plus ": in foo[0]" for deeper
// objects), `fairness`, or "" at the top level.
std::string duplicate_where(const json& root, const std::vector<PathStep>& path) {
  static const std::pair<const char*, const char*> kIdentified[] = {{"participants", "id"},
                                                                    {"meetings", "id"},
                                                                    {"rooms", "id"},
                                                                    {"assignments", "meeting"},
                                                                    {"unscheduled", "meeting"}};
  std::string head;
  std::size_t rest_from = 0;
  if (path.size() >= 2 && !path[0].is_index && path[1].is_index) {
    for (const auto& [section, id_key] : kIdentified) {
      if (path[0].key != section) continue;
      std::string id;
      if (const auto list = root.find(path[0].key);
          list != root.end() && list->is_array() && path[1].index < list->size()) {
        const json& item = (*list)[path[1].index];
        if (item.is_object()) {
          if (const auto it = item.find(id_key); it != item.end() && it->is_string()) {
            id = it->get<std::string>();
          }
        }
      }
      head = element(path[0].key, path[1].index, id);
      rest_from = 2;
    }
  }
  std::string rest;
  for (std::size_t i = rest_from; i < path.size(); ++i) {
    // Appended piece by piece: g++ 12 -O3 warns (-Wrestrict, a false positive) on the sums.
    if (path[i].is_index) {
      rest += '[';
      rest += std::to_string(path[i].index);
      rest += ']';
    } else {
      if (!rest.empty()) rest += '.';
      rest += path_key(path[i].key);
    }
  }
  if (head.empty()) return rest;
  return rest.empty() ? head : head + ": in " + rest;
}

// Parses `text` into `root`. Returns the error message, if any.
std::optional<std::string> parse_document(std::string_view text, json& root) {
  if (const std::size_t deep = too_deep_at(text); deep != 0) {
    return "invalid JSON at byte " + std::to_string(deep) +
           ": arrays and objects nest deeper than " + std::to_string(kMaxDepth) + " levels";
  }
  TreeBuilder builder(root);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const json::exception& error) {  // not expected: the SAX interface reports instead
    return one_line(std::string("invalid JSON: ") + error.what());
  }
  if (!ok) {
    if (builder.too_deep()) {
      return "invalid JSON: arrays and objects nest deeper than " + std::to_string(kMaxDepth) +
             " levels";
    }
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 5: <detail>" or
    // "[json.exception.out_of_range.406] number overflow parsing '1e400'"; keep the detail.
    std::string detail = builder.error_what();
    if (const auto end = detail.find("] "); end != std::string::npos) detail.erase(0, end + 2);
    if (detail.rfind("parse error", 0) == 0) {
      if (const auto colon = detail.find(": "); colon != std::string::npos) {
        detail.erase(0, colon + 2);
      }
    }
    // nlohmann counts bytes from 1 and points at the last byte it read (one past the end at the
    // end of the input).
    const std::size_t byte = builder.error_position();
    const std::size_t offset = std::min(byte == 0 ? 0 : byte - 1, text.size());
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    const std::size_t column = offset - line_start + 1;
    return one_line("invalid JSON at byte " + std::to_string(byte) + " (line " +
                    std::to_string(line) + ", column " + std::to_string(column) + "): " + detail);
  }
  if (builder.duplicate_key()) {
    return at(duplicate_where(root, builder.duplicate_path()),
              "duplicate key " + json_quoted(*builder.duplicate_key()));
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Reading fields. The first failure sticks; later calls are harmless no-ops in effect.

class Reader {
 public:
  bool failed() const { return error_.has_value(); }
  void fail(std::string message) {
    if (!error_) error_ = std::move(message);
  }
  const std::string& error() const { return *error_; }  // REQUIRES: failed()

 private:
  std::optional<std::string> error_;
};

// REQUIRES: object.is_object()
const json* member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

void check_fields(Reader& r, const std::string& where, const json& object,
                  std::initializer_list<std::string_view> allowed) {
  for (const auto& item : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      r.fail(at(where, "unknown field " + json_quoted(item.key())));
      return;
    }
  }
}

bool expect_object(Reader& r, const std::string& where, const json& value) {
  if (value.is_object()) return true;
  r.fail(at(where, "must be an object, not " + shown(value)));
  return false;
}

bool expect_array(Reader& r, const std::string& subj, const json& value) {
  if (value.is_array()) return true;
  r.fail(subj + " must be an array, not " + shown(value));
  return false;
}

std::optional<std::string> read_string(Reader& r, const std::string& subj, const json& value) {
  if (value.is_string()) return value.get<std::string>();
  r.fail(subj + " must be a string, not " + shown(value));
  return std::nullopt;
}

std::optional<bool> read_bool(Reader& r, const std::string& subj, const json& value) {
  if (value.is_boolean()) return value.get<bool>();
  r.fail(subj + " must be true or false, not " + shown(value));
  return std::nullopt;
}

// An integer in [lowest, highest].
std::optional<std::int64_t> read_integer(Reader& r, const std::string& subj, const json& value,
                                         std::int64_t lowest, std::int64_t highest) {
  if (value.is_number_unsigned()) {
    const std::uint64_t u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(highest)) {
      r.fail(subj + " is too large (" + std::to_string(u) + ")");
      return std::nullopt;
    }
    return static_cast<std::int64_t>(u);
  }
  if (value.is_number_integer()) {
    const std::int64_t i = value.get<std::int64_t>();
    if (i < lowest) {
      if (lowest == std::numeric_limits<int>::min()) {
        r.fail(subj + " is too small (" + std::to_string(i) + ")");
      } else {
        r.fail(too_small(subj, lowest, i));
      }
      return std::nullopt;
    }
    if (i > highest) {
      r.fail(subj + " is too large (" + std::to_string(i) + ")");
      return std::nullopt;
    }
    return i;
  }
  r.fail(subj + " must be an integer, not " + shown(value));
  return std::nullopt;
}

std::optional<int> read_int(Reader& r, const std::string& subj, const json& value) {
  const auto i = read_integer(r, subj, value, std::numeric_limits<int>::min(),
                              std::numeric_limits<int>::max());
  if (!i) return std::nullopt;
  return static_cast<int>(*i);
}

// The field `key` of `object` as a string; nullopt if absent or wrong.
std::optional<std::string> string_field(Reader& r, const std::string& where, const json& object,
                                        const char* key) {
  const json* value = member(object, key);
  if (!value) return std::nullopt;
  return read_string(r, subject(where, key), *value);
}

std::optional<int> int_field(Reader& r, const std::string& where, const json& object,
                             const char* key) {
  const json* value = member(object, key);
  if (!value) return std::nullopt;
  return read_int(r, subject(where, key), *value);
}

std::optional<bool> bool_field(Reader& r, const std::string& where, const json& object,
                               const char* key) {
  const json* value = member(object, key);
  if (!value) return std::nullopt;
  return read_bool(r, subject(where, key), *value);
}

std::vector<int> int_list_field(Reader& r, const std::string& where, const json& object,
                                const char* key) {
  std::vector<int> out;
  const json* list = member(object, key);
  if (!list || !expect_array(r, subject(where, key), *list)) return out;
  for (std::size_t k = 0; k < list->size() && !r.failed(); ++k) {
    if (auto value = read_int(r, subject(where, indexed(key, k)), (*list)[k])) {
      out.push_back(*value);
    }
  }
  return out;
}

std::vector<std::string> string_list_field(Reader& r, const std::string& where, const json& object,
                                           const char* key) {
  std::vector<std::string> out;
  const json* list = member(object, key);
  if (!list || !expect_array(r, subject(where, key), *list)) return out;
  for (std::size_t k = 0; k < list->size() && !r.failed(); ++k) {
    if (auto value = read_string(r, subject(where, indexed(key, k)), (*list)[k])) {
      out.push_back(std::move(*value));
    }
  }
  return out;
}

// Reads the required, non-empty, unique id of list element `where` (e.g. "participants[2]") and
// appends ` "id"` to `where`. `seen` maps ids read so far to their index.
std::optional<std::string> read_id(Reader& r, std::string& where, const json& object,
                                   const char* section, std::size_t index,
                                   std::unordered_map<std::string, int>& seen) {
  const json* value = member(object, "id");
  if (!value) {
    r.fail(at(where, "id is required"));
    return std::nullopt;
  }
  auto id = read_string(r, subject(where, "id"), *value);
  if (!id) return std::nullopt;
  if (id->empty()) {
    r.fail(at(where, "id must not be empty"));
    return std::nullopt;
  }
  where = element(section, index, *id);
  if (auto [it, fresh] = seen.emplace(*id, static_cast<int>(index)); !fresh) {
    r.fail(already_used(where, section, it->second));
    return std::nullopt;
  }
  return id;
}

// The document must be an object with the right "format"; then only `allowed` keys.
bool read_header(Reader& r, const json& root, const char* format,
                 std::initializer_list<std::string_view> allowed) {
  if (!root.is_object()) {
    r.fail(std::string("the document must be a JSON object with \"format\": \"") + format +
           "\", not " + shown(root));
    return false;
  }
  const json* value = member(root, "format");
  if (!value) {
    r.fail(std::string("format: is required (\"") + format + "\")");
    return false;
  }
  if (!value->is_string() || value->get_ref<const std::string&>() != format) {
    r.fail(std::string("format: must be \"") + format + "\", not " + shown(*value));
    return false;
  }
  check_fields(r, "", root, allowed);
  return !r.failed();
}

using IdIndex = std::unordered_map<std::string, int>;

// id -> index of the first element with that id.
template <class T>
IdIndex index_by_id(const std::vector<T>& items) {
  IdIndex index;
  for (std::size_t i = 0; i < items.size(); ++i) index.emplace(items[i].id, static_cast<int>(i));
  return index;
}

void read_slots(Reader& r, const json& root, Instance& instance) {
  const json* list = member(root, "slots");
  if (!list) return r.fail("slots: is required");
  if (!expect_array(r, "slots:", *list)) return;
  if (list->empty()) return r.fail("slots: must not be empty");
  for (std::size_t i = 0; i < list->size() && !r.failed(); ++i) {
    const std::string where = indexed("slots", i);
    const json& item = (*list)[i];
    if (!expect_object(r, where, item)) return;
    check_fields(r, where, item, {"start", "end", "session"});
    Slot slot;
    slot.start = string_field(r, where, item, "start").value_or("");
    slot.end = string_field(r, where, item, "end").value_or("");
    slot.session = string_field(r, where, item, "session").value_or("");
    if (!r.failed() && member(item, "start") && slot.start.empty()) {
      r.fail(subject(where, "start") + " must be \"HH:MM\" from 00:00 to 23:59, not \"\"");
    }
    if (!r.failed() && member(item, "end") && slot.end.empty()) {
      r.fail(subject(where, "end") + " must be \"HH:MM\" from 00:00 to 23:59, not \"\"");
    }
    instance.slots.push_back(std::move(slot));
  }
}

void read_rooms(Reader& r, const json& root, Instance& instance) {
  const json* value = member(root, "rooms");
  if (!value) return;
  if (value->is_number()) {
    if (auto tables = read_integer(r, "rooms:", *value, 0, std::numeric_limits<int>::max())) {
      instance.rooms.kind = Rooms::Kind::kTables;
      instance.rooms.tables = static_cast<int>(*tables);
    }
    return;
  }
  if (!value->is_array()) {
    return r.fail("rooms: must be an integer or a list of rooms, not " + shown(*value));
  }
  instance.rooms.kind = Rooms::Kind::kList;
  IdIndex seen;
  for (std::size_t i = 0; i < value->size() && !r.failed(); ++i) {
    std::string where = indexed("rooms", i);
    const json& item = (*value)[i];
    if (!expect_object(r, where, item)) return;
    Room room;
    auto id = read_id(r, where, item, "rooms", i, seen);
    if (!id) return;
    room.id = std::move(*id);
    check_fields(r, where, item, {"id", "name", "capacity", "digital"});
    room.name = string_field(r, where, item, "name").value_or("");
    room.capacity = int_field(r, where, item, "capacity");
    room.digital = bool_field(r, where, item, "digital").value_or(false);
    instance.rooms.list.push_back(std::move(room));
  }
}

// A room id given in `field` -> its index; rooms must be a list.
std::optional<int> room_reference(Reader& r, const std::string& where, const char* field,
                                  const json& value, const Rooms& rooms, const IdIndex& room_index,
                                  const char* rooms_name) {
  auto id = read_string(r, subject(where, field), value);
  if (!id) return std::nullopt;
  if (rooms.kind != Rooms::Kind::kList) {
    r.fail(subject(where, field) + " names " + json_quoted(*id) + ", but " + rooms_name +
           " is not a list of rooms");
    return std::nullopt;
  }
  const auto it = room_index.find(*id);
  if (it == room_index.end()) {
    r.fail(subject(where, field) + " names unknown room " + json_quoted(*id));
    return std::nullopt;
  }
  return it->second;
}

void read_participants(Reader& r, const json& root, Instance& instance) {
  const json* list = member(root, "participants");
  if (!list || !expect_array(r, "participants:", *list)) return;
  const IdIndex room_index = index_by_id(instance.rooms.list);
  IdIndex seen;
  for (std::size_t i = 0; i < list->size() && !r.failed(); ++i) {
    std::string where = indexed("participants", i);
    const json& item = (*list)[i];
    if (!expect_object(r, where, item)) return;
    Participant p;
    auto id = read_id(r, where, item, "participants", i, seen);
    if (!id) return;
    p.id = std::move(*id);
    check_fields(
        r, where, item,
        {"id", "name", "kind", "members", "room", "people", "unavailable", "max_meetings"});
    p.name = string_field(r, where, item, "name").value_or("");
    p.kind_label = string_field(r, where, item, "kind").value_or("");
    p.kind = kind_of_label(p.kind_label);
    p.members = string_list_field(r, where, item, "members");
    if (const json* room = member(item, "room")) {
      p.room = room_reference(r, where, "room", *room, instance.rooms, room_index, "rooms");
    }
    p.people = int_field(r, where, item, "people").value_or(1);
    p.unavailable = int_list_field(r, where, item, "unavailable");
    p.max_meetings = int_field(r, where, item, "max_meetings");
    instance.participants.push_back(std::move(p));
  }
}

void read_meetings(Reader& r, const json& root, Instance& instance) {
  const json* list = member(root, "meetings");
  if (!list || !expect_array(r, "meetings:", *list)) return;
  const IdIndex room_index = index_by_id(instance.rooms.list);
  const IdIndex participant_index = index_by_id(instance.participants);
  IdIndex seen;
  std::vector<std::vector<std::string>> after_ids;  // resolved once every meeting is known
  for (std::size_t i = 0; i < list->size() && !r.failed(); ++i) {
    std::string where = indexed("meetings", i);
    const json& item = (*list)[i];
    if (!expect_object(r, where, item)) return;
    Meeting m;
    auto id = read_id(r, where, item, "meetings", i, seen);
    if (!id) return;
    m.id = std::move(*id);
    check_fields(r, where, item,
                 {"id", "between", "required", "session", "fixed_slot", "fixed_room", "after",
                  "preferred", "weight"});
    if (r.failed()) return;

    const json* between = member(item, "between");
    if (!between) return r.fail(at(where, "between is required"));
    if (!between->is_array() || between->size() != 2) {
      return r.fail(subject(where, "between") + " must be an array of two participant ids, not " +
                    (between->is_array() ? "an array of " + std::to_string(between->size())
                                         : shown(*between)));
    }
    for (std::size_t k = 0; k < 2; ++k) {
      auto other = read_string(r, subject(where, indexed("between", k)), (*between)[k]);
      if (!other) return;
      const auto it = participant_index.find(*other);
      if (it == participant_index.end()) {
        return r.fail(subject(where, "between") + " names unknown participant " +
                      json_quoted(*other));
      }
      m.between[k] = it->second;
    }
    m.required = bool_field(r, where, item, "required").value_or(true);
    m.session = string_field(r, where, item, "session");
    m.fixed_slot = int_field(r, where, item, "fixed_slot");
    if (const json* room = member(item, "fixed_room")) {
      m.fixed_room =
          room_reference(r, where, "fixed_room", *room, instance.rooms, room_index, "rooms");
    }
    after_ids.push_back(string_list_field(r, where, item, "after"));
    m.preferred = int_list_field(r, where, item, "preferred");
    m.weight = int_field(r, where, item, "weight").value_or(1);
    instance.meetings.push_back(std::move(m));
  }
  if (r.failed()) return;

  const IdIndex meeting_index = index_by_id(instance.meetings);
  for (std::size_t i = 0; i < instance.meetings.size(); ++i) {
    Meeting& m = instance.meetings[i];
    for (const std::string& other : after_ids[i]) {
      const auto it = meeting_index.find(other);
      if (it == meeting_index.end()) {
        return r.fail(subject(element("meetings", i, m.id), "after") + " names unknown meeting " +
                      json_quoted(other));
      }
      m.after.push_back(it->second);
    }
  }
}

void read_fairness(Reader& r, const json& root, Instance& instance) {
  const json* value = member(root, "fairness");
  if (!value || !expect_object(r, "fairness", *value)) return;
  check_fields(r, "fairness", *value, {"max_break_spread"});
  instance.fairness.max_break_spread = int_field(r, "fairness", *value, "max_break_spread");
}

// ---------------------------------------------------------------------------------------------
// Writing

void dump_into(std::string& out, const ordered_json& document) {
  out = document.dump(2, ' ', false, json::error_handler_t::replace);
  out += '\n';
}

// The id of items[index], or the bare index when it is out of range (only a hand-built, invalid
// model has one), so that the problem stays visible in the output instead of crashing.
template <class T>
ordered_json reference(const std::vector<T>& items, int index) {
  if (index >= 0 && static_cast<std::size_t>(index) < items.size()) {
    return items[static_cast<std::size_t>(index)].id;
  }
  return index;
}

// Reads the optional "cause" of `object` (a schedule, or one of its unscheduled meetings) at
// `where`: "code", then named ids (strings) and numbers (integers), in any order.
Cause read_cause(Reader& r, const std::string& where, const json& object) {
  Cause cause;
  const json* value = member(object, "cause");
  if (!value) return cause;
  if (!value->is_object()) {
    r.fail(at(where, "cause must be an object, not " + shown(*value)));
    return cause;
  }
  for (const auto& field : value->items()) {
    const std::string subj = subject(where, "cause." + field.key());
    if (field.key() == "code") {
      cause.code = read_string(r, subj, field.value()).value_or("");
    } else if (field.value().is_string()) {
      cause.ids.push_back({field.key(), field.value().get<std::string>()});
    } else if (field.value().is_number_integer()) {
      if (const auto number = read_int(r, subj, field.value()))
        cause.numbers.push_back({field.key(), *number});
    } else {
      r.fail(subj + " must be a string or an integer, not " + shown(field.value()));
    }
  }
  if (!r.failed() && cause.code.empty()) r.fail(at(where, "cause needs a \"code\""));
  return cause;
}

// The cause as JSON, its fields by name (so that a schedule read back writes the same text).
ordered_json cause_json(const Cause& cause) {
  ordered_json out;
  out["code"] = cause.code;
  std::map<std::string, ordered_json> fields;
  for (const auto& [key, id] : cause.ids) fields[key] = id;
  for (const auto& [key, number] : cause.numbers) fields[key] = number;
  for (auto& [key, value] : fields) out[key] = std::move(value);
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Result<Instance> read_instance(std::string_view json_text) {
  json root;
  if (auto error = parse_document(json_text, root)) return Error{*error};
  Reader r;
  Instance instance;
  if (read_header(r, root, kInstanceFormat,
                  {"format", "name", "slots", "rooms", "participants", "meetings", "fairness"})) {
    instance.name = string_field(r, "", root, "name").value_or("");
    if (!r.failed()) read_slots(r, root, instance);
    if (!r.failed()) read_rooms(r, root, instance);
    if (!r.failed()) read_participants(r, root, instance);
    if (!r.failed()) read_meetings(r, root, instance);
    if (!r.failed()) read_fairness(r, root, instance);
  }
  if (r.failed()) return Error{r.error()};
  if (auto error = check_instance(instance, /*canonical=*/false)) return Error{*error};
  for (Participant& p : instance.participants) normalise(p.unavailable);
  for (Meeting& m : instance.meetings) normalise(m.preferred);
  return instance;
}

Result<Instance> validate_instance(Instance instance) {
  if (auto error = check_instance(instance, /*canonical=*/true)) return Error{*error};
  return instance;
}

Verdict read_verdict(std::string_view json_text) {
  json root;
  Verdict out;
  if (parse_document(json_text, root) || !root.is_object()) return out;
  Reader r;
  out.reason = string_field(r, "", root, "reason").value_or("");
  out.cause = read_cause(r, "", root);
  if (r.failed()) return {};
  return out;
}

Result<Schedule> read_schedule(std::string_view json_text, const Instance& instance) {
  json root;
  if (auto error = parse_document(json_text, root)) return Error{*error};
  Reader r;
  Schedule schedule;
  if (!read_header(r, root, kScheduleFormat,
                   {"format", "status", "reason", "cause", "assignments", "unscheduled",
                    "objective", "bound", "solve_ms", "seed"})) {
    return Error{r.error()};
  }

  const json* status = member(root, "status");
  if (!status) return Error{"status: is required"};
  static const std::pair<const char*, Status> kStatuses[] = {{"optimal", Status::kOptimal},
                                                             {"feasible", Status::kFeasible},
                                                             {"infeasible", Status::kInfeasible},
                                                             {"unknown", Status::kUnknown}};
  bool known = false;
  for (const auto& [name, value] : kStatuses) {
    if (status->is_string() && status->get_ref<const std::string&>() == name) {
      schedule.status = value;
      known = true;
    }
  }
  if (!known) {
    return Error{"status: must be \"optimal\", \"feasible\", \"infeasible\" or \"unknown\", not " +
                 shown(*status)};
  }
  schedule.reason = string_field(r, "", root, "reason").value_or("");
  schedule.cause = read_cause(r, "", root);
  if (r.failed()) return Error{r.error()};

  const IdIndex meeting_index = index_by_id(instance.meetings);
  const IdIndex room_index = index_by_id(instance.rooms.list);
  // Reads the required "meeting" of list element `where` and appends ` "id"` to `where`.
  auto meeting_of = [&](std::string& where, const json& item) -> std::optional<int> {
    const json* value = member(item, "meeting");
    if (!value) {
      r.fail(at(where, "meeting is required"));
      return std::nullopt;
    }
    auto id = read_string(r, subject(where, "meeting"), *value);
    if (!id) return std::nullopt;
    const auto it = meeting_index.find(*id);
    if (it == meeting_index.end()) {
      r.fail(subject(where, "meeting") + " names unknown meeting " + json_quoted(*id));
      return std::nullopt;
    }
    where += " " + json_quoted(*id);
    return it->second;
  };

  if (const json* list = member(root, "assignments");
      !r.failed() && list && expect_array(r, "assignments:", *list)) {
    for (std::size_t i = 0; i < list->size() && !r.failed(); ++i) {
      std::string where = indexed("assignments", i);
      const json& item = (*list)[i];
      if (!expect_object(r, where, item)) break;
      Assignment assignment;
      const auto meeting = meeting_of(where, item);
      if (!meeting) break;
      assignment.meeting = *meeting;
      check_fields(r, where, item, {"meeting", "slot", "room"});
      const json* slot = member(item, "slot");
      if (!r.failed() && !slot) r.fail(at(where, "slot is required"));
      if (r.failed()) break;
      assignment.slot = read_int(r, subject(where, "slot"), *slot).value_or(0);
      if (const json* room = member(item, "room")) {
        assignment.room = room_reference(r, where, "room", *room, instance.rooms, room_index,
                                         "the instance's rooms");
      }
      schedule.assignments.push_back(assignment);
    }
  }

  if (const json* list = member(root, "unscheduled");
      !r.failed() && list && expect_array(r, "unscheduled:", *list)) {
    for (std::size_t i = 0; i < list->size() && !r.failed(); ++i) {
      std::string where = indexed("unscheduled", i);
      const json& item = (*list)[i];
      if (!expect_object(r, where, item)) break;
      Unscheduled unscheduled;
      const auto meeting = meeting_of(where, item);
      if (!meeting) break;
      unscheduled.meeting = *meeting;
      check_fields(r, where, item, {"meeting", "reason", "cause"});
      unscheduled.reason = string_field(r, where, item, "reason").value_or("");
      unscheduled.cause = read_cause(r, where, item);
      schedule.unscheduled.push_back(std::move(unscheduled));
    }
  }

  if (const json* objective = member(root, "objective");
      !r.failed() && objective && expect_object(r, "objective", *objective)) {
    check_fields(r, "objective", *objective,
                 {"coverage", "weight", "moved", "breaks", "preferred"});
    Objective& o = schedule.objective;
    o.coverage = int_field(r, "objective", *objective, "coverage").value_or(0);
    o.weight = int_field(r, "objective", *objective, "weight").value_or(0);
    o.moved = int_field(r, "objective", *objective, "moved").value_or(0);
    o.breaks = int_field(r, "objective", *objective, "breaks").value_or(0);
    o.preferred = int_field(r, "objective", *objective, "preferred").value_or(0);
  }

  if (const json* bound = member(root, "bound");
      !r.failed() && bound && expect_object(r, "bound", *bound)) {
    check_fields(r, "bound", *bound, {"breaks"});
    schedule.bound_breaks = int_field(r, "bound", *bound, "breaks");
  }

  if (const json* solve_ms = member(root, "solve_ms"); !r.failed() && solve_ms) {
    schedule.solve_ms =
        read_integer(r, "solve_ms:", *solve_ms, 0, std::numeric_limits<std::int64_t>::max())
            .value_or(0);
  }

  if (const json* seed = member(root, "seed"); !r.failed() && seed) {
    if (seed->is_number_unsigned()) {
      schedule.seed = seed->get<std::uint64_t>();
    } else if (seed->is_number_integer() && seed->get<std::int64_t>() >= 0) {
      schedule.seed = static_cast<std::uint64_t>(seed->get<std::int64_t>());  // "-0"
    } else {
      r.fail("seed: must be an integer from 0 to 18446744073709551615, not " + shown(*seed));
    }
  }

  if (r.failed()) return Error{r.error()};
  return schedule;
}

std::string write_instance(const Instance& instance) {
  ordered_json document;
  document["format"] = kInstanceFormat;
  if (!instance.name.empty()) document["name"] = instance.name;

  ordered_json slots = ordered_json::array();
  for (const Slot& slot : instance.slots) {
    ordered_json s = ordered_json::object();
    if (!slot.start.empty()) s["start"] = slot.start;
    if (!slot.end.empty()) s["end"] = slot.end;
    if (!slot.session.empty()) s["session"] = slot.session;
    slots.push_back(std::move(s));
  }
  document["slots"] = std::move(slots);

  const Rooms& rooms = instance.rooms;
  if (rooms.kind == Rooms::Kind::kTables) {
    document["rooms"] = rooms.tables;
  } else if (rooms.kind == Rooms::Kind::kList) {
    ordered_json list = ordered_json::array();
    for (const Room& room : rooms.list) {
      ordered_json r;
      r["id"] = room.id;
      if (!room.name.empty()) r["name"] = room.name;
      if (room.capacity) r["capacity"] = *room.capacity;
      if (room.digital) r["digital"] = true;
      list.push_back(std::move(r));
    }
    document["rooms"] = std::move(list);
  }

  ordered_json participants = ordered_json::array();
  for (const Participant& p : instance.participants) {
    ordered_json o;
    o["id"] = p.id;
    if (!p.name.empty()) o["name"] = p.name;
    const std::string kind = p.kind_label.empty() ? label_of_kind(p.kind) : p.kind_label;
    if (!kind.empty()) o["kind"] = kind;
    if (!p.members.empty()) o["members"] = p.members;
    if (p.room) o["room"] = reference(rooms.list, *p.room);
    if (p.people != 1) o["people"] = p.people;
    if (!p.unavailable.empty()) o["unavailable"] = p.unavailable;
    if (p.max_meetings) o["max_meetings"] = *p.max_meetings;
    participants.push_back(std::move(o));
  }
  document["participants"] = std::move(participants);

  ordered_json meetings = ordered_json::array();
  for (const Meeting& m : instance.meetings) {
    ordered_json o;
    o["id"] = m.id;
    o["between"] = {reference(instance.participants, m.between[0]),
                    reference(instance.participants, m.between[1])};
    if (!m.required) o["required"] = false;
    if (m.session) o["session"] = *m.session;
    if (m.fixed_slot) o["fixed_slot"] = *m.fixed_slot;
    if (m.fixed_room) o["fixed_room"] = reference(rooms.list, *m.fixed_room);
    if (!m.after.empty()) {
      ordered_json after = ordered_json::array();
      for (int other : m.after) after.push_back(reference(instance.meetings, other));
      o["after"] = std::move(after);
    }
    if (!m.preferred.empty()) o["preferred"] = m.preferred;
    if (m.weight != 1) o["weight"] = m.weight;
    meetings.push_back(std::move(o));
  }
  document["meetings"] = std::move(meetings);

  if (instance.fairness.max_break_spread) {
    document["fairness"] = {{"max_break_spread", *instance.fairness.max_break_spread}};
  }

  std::string out;
  dump_into(out, document);
  return out;
}

std::string write_schedule(const Schedule& schedule, const Instance& instance) {
  ordered_json document;
  document["format"] = kScheduleFormat;
  document["status"] = to_string(schedule.status);
  if (!schedule.reason.empty()) document["reason"] = schedule.reason;
  if (!schedule.cause.code.empty()) document["cause"] = cause_json(schedule.cause);

  ordered_json assignments = ordered_json::array();
  for (const Assignment& a : schedule.assignments) {
    ordered_json o;
    o["meeting"] = reference(instance.meetings, a.meeting);
    o["slot"] = a.slot;
    if (a.room) o["room"] = reference(instance.rooms.list, *a.room);
    assignments.push_back(std::move(o));
  }
  document["assignments"] = std::move(assignments);

  ordered_json unscheduled = ordered_json::array();
  for (const Unscheduled& u : schedule.unscheduled) {
    ordered_json o;
    o["meeting"] = reference(instance.meetings, u.meeting);
    o["reason"] = u.reason;
    if (!u.cause.code.empty()) o["cause"] = cause_json(u.cause);
    unscheduled.push_back(std::move(o));
  }
  document["unscheduled"] = std::move(unscheduled);

  ordered_json objective;
  objective["coverage"] = schedule.objective.coverage;
  objective["weight"] = schedule.objective.weight;
  objective["moved"] = schedule.objective.moved;
  objective["breaks"] = schedule.objective.breaks;
  objective["preferred"] = schedule.objective.preferred;
  document["objective"] = std::move(objective);

  if (schedule.bound_breaks) document["bound"] = {{"breaks", *schedule.bound_breaks}};
  document["solve_ms"] = schedule.solve_ms;
  document["seed"] = schedule.seed;

  std::string out;
  dump_into(out, document);
  return out;
}

}  // namespace dialogdag::sched
