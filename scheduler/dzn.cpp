// Reading the B2B benchmark's MiniZinc data: a tokenizer, a parser for the few value forms the
// files use, and a builder that checks the parameters against each other and makes an Instance.
//
// Indexing in the files (verified on all 140 benchmark files):
//   - participants are 1-based, both in `requested` and as positions in the per-participant arrays;
//   - slots in `forbidden` and `fixed` are 1-based, 0 meaning "none";
//   - `meetingsxBusiness` lists 1 (a dummy) and then meeting number + 1 (1-based meeting m is
//     written m + 1);
//   - `precedences` uses plain 1-based meeting numbers, NOT the +1 of meetingsxBusiness.
//     Evidence: of the 2248 precedence entries in the benchmark, none is 0 and none exceeds
//     nMeetings, while 8 equal nMeetings and 2 equal 1; read as 1-based, every single entry names
//     a meeting that shares a participant with the meeting it constrains (the generator relates
//     meetings of one participant, it seems) and none names the meeting itself. Read as "number +
//     1", 155 entries would make a meeting precede itself and only 1052 of 2248 would share a
//     participant. The reader therefore rejects a precedence on the meeting itself and numbers out
//     of 1..nMeetings.
//
// The reader checks form, not feasibility: a meeting fixed outside its session or in a forbidden
// slot, or a cycle of precedences, gives an instance that the solver reports infeasible. (Three
// meetings of forum-13crafb.fixed040-Forb and ticf-13crafb.fixed040-Forb are session-2 meetings
// fixed to slot nMorningSlots, the last morning slot.)

#include "scheduler/dzn.h"

#include "scheduler/json_io.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dialogdag::sched {

namespace {

// Counts that size what is allocated before any array in the file can vouch for them. Far above
// any real event, far below what would exhaust memory.
constexpr int kMaxParticipants = 100000;
constexpr int kMaxSlots = 10000;

// ---------------------------------------------------------------------------------------------
// Tokens

enum class Tok {
  kName,
  kInt,
  kEquals,
  kSemicolon,
  kComma,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kBar,
  kEnd
};

struct Token {
  Tok kind = Tok::kEnd;
  int line = 1;
  std::string_view text;
  int value = 0;  // kInt only
};

std::string line_prefix(int line) { return "line " + std::to_string(line) + ": "; }

// Keeps messages one short line whatever the input holds.
std::string shorten(std::string_view text) {
  constexpr std::size_t kMax = 32;
  if (text.size() <= kMax) return std::string(text);
  return std::string(text.substr(0, kMax)) + "...";
}

std::string describe(const Token& token) {
  if (token.kind == Tok::kEnd) return "end of input";
  return "'" + shorten(token.text) + "'";
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string describe_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0xf];
}

// The token a punctuation character makes, or kEnd when it makes none.
Tok punctuation(char c) {
  constexpr std::string_view kChars = "=;,[]{}|";
  constexpr Tok kKinds[] = {Tok::kEquals,   Tok::kSemicolon, Tok::kComma,  Tok::kLBracket,
                            Tok::kRBracket, Tok::kLBrace,    Tok::kRBrace, Tok::kBar};
  const std::size_t at = kChars.find(c);
  return at == std::string_view::npos ? Tok::kEnd : kKinds[at];
}

// Splits `text` into tokens ending with one kEnd. `%` starts a comment to the end of the line.
// Returns false with *error set on a character that starts no token or an integer that does not
// fit in an int.
bool tokenize(std::string_view text, std::vector<Token>* tokens, std::string* error) {
  int line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    if (c == '%') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    const std::size_t start = i;
    if (is_digit(c) || (c == '-' && i + 1 < text.size() && is_digit(text[i + 1]))) {
      const bool negative = c == '-';
      if (negative) ++i;
      // Stops accumulating once past the limit, so the int64 never overflows.
      constexpr std::int64_t kLimit = std::int64_t{std::numeric_limits<int>::max()} + 1;
      std::int64_t magnitude = 0;
      while (i < text.size() && is_digit(text[i])) {
        if (magnitude <= kLimit) magnitude = magnitude * 10 + (text[i] - '0');
        ++i;
      }
      const std::size_t digits_end = i;
      while (i < text.size() && is_name_char(text[i])) ++i;
      const std::string_view number = text.substr(start, i - start);
      if (i != digits_end) {
        *error = line_prefix(line) + "malformed number '" + shorten(number) + "'";
        return false;
      }
      if (magnitude > (negative ? kLimit : kLimit - 1)) {
        *error = line_prefix(line) + "integer " + shorten(number) + " is out of range";
        return false;
      }
      Token token{Tok::kInt, line, number, 0};
      token.value = static_cast<int>(negative ? -magnitude : magnitude);
      tokens->push_back(token);
      continue;
    }
    if (is_name_char(c)) {
      while (i < text.size() && is_name_char(text[i])) ++i;
      tokens->push_back({Tok::kName, line, text.substr(start, i - start), 0});
      continue;
    }
    const Tok kind = punctuation(c);
    if (kind == Tok::kEnd) {
      *error = line_prefix(line) + "unexpected character " + describe_char(c);
      return false;
    }
    tokens->push_back({kind, line, text.substr(start, 1), 0});
    ++i;
  }
  tokens->push_back({Tok::kEnd, line, {}, 0});
  return true;
}

// ---------------------------------------------------------------------------------------------
// Values and parameters

struct Value {
  enum class Kind { kInt, kSet, kIntArray, kSetArray, kEmptyArray, kTable };
  Kind kind = Kind::kInt;
  int line = 0;
  int number = 0;                      // kInt
  std::vector<int> ints;               // kSet, kIntArray
  std::vector<std::vector<int>> rows;  // kSetArray (one set each), kTable (one row each)
};

const char* describe(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kInt:
      return "an integer";
    case Value::Kind::kSet:
      return "a set";
    case Value::Kind::kIntArray:
      return "an array of integers";
    case Value::Kind::kSetArray:
      return "an array of sets";
    case Value::Kind::kEmptyArray:
      return "an empty array";
    case Value::Kind::kTable:
      return "a 2-D array";
  }
  return "a value";
}

enum Param {
  kBusiness,
  kMeetings,
  kTables,
  kTotalSlots,
  kMorningSlots,
  kRequested,
  kMeetingsxBusiness,
  kMeetingsBusiness,
  kForbidden,
  kFixed,
  kPrecedences,
  kParamCount
};

constexpr std::array<std::string_view, kParamCount> kParamNames = {
    "nBusiness",     "nMeetings", "nTables",           "nTotalSlots",
    "nMorningSlots", "requested", "meetingsxBusiness", "nMeetingsBusiness",
    "forbidden",     "fixed",     "precedences"};

using Params = std::array<std::optional<Value>, kParamCount>;

// ---------------------------------------------------------------------------------------------
// Parser: `name = value;` statements over the token list.

class Parser {
 public:
  explicit Parser(const std::vector<Token>& tokens) : tokens_(tokens) {}

  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Fills *params with every statement. Returns false with error() set on the first problem.
  bool parse(Params* params) {
    while (peek().kind != Tok::kEnd) {
      const Token& name = next();
      if (name.kind != Tok::kName) {
        return fail(name, "expected a parameter name, found " + describe(name));
      }
      const auto found = std::find(kParamNames.begin(), kParamNames.end(), name.text);
      if (found == kParamNames.end()) {
        return fail(name, "unknown parameter \"" + shorten(name.text) + "\"");
      }
      auto& slot = (*params)[static_cast<std::size_t>(found - kParamNames.begin())];
      if (slot) {
        return fail(name, std::string(name.text) + " is assigned twice (first on line " +
                              std::to_string(slot->line) + ")");
      }
      name_ = name.text;
      if (next().kind != Tok::kEquals) return fail(last(), "expected '=' after " + name_);
      Value value;
      if (!parse_value(&value)) return false;
      if (next().kind != Tok::kSemicolon) return fail(last(), "expected ';' after " + name_);
      slot = std::move(value);
    }
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& next() {
    const Token& token = peek();
    last_ = pos_;
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  const Token& last() const { return tokens_[last_]; }

  bool fail(const Token& at, const std::string& message) {
    error_ = line_prefix(at.line) + message;
    return false;
  }
  bool unexpected(const Token& at, const std::string& what) {
    return fail(at, "expected " + what + " in " + name_ + ", found " + describe(at));
  }

  bool parse_value(Value* value) {
    const Token& first = peek();
    value->line = first.line;
    switch (first.kind) {
      case Tok::kInt:
        next();
        value->kind = Value::Kind::kInt;
        value->number = first.value;
        return true;
      case Tok::kLBrace:
        value->kind = Value::Kind::kSet;
        return parse_set(&value->ints);
      case Tok::kLBracket:
        if (peek(1).kind == Tok::kBar) return parse_table(value);
        return parse_array(value);
      default:
        return fail(first, "expected a value for " + name_ + ", found " + describe(first));
    }
  }

  // '{' '}' | '{' int (',' int)* ','? '}'
  bool parse_set(std::vector<int>* items) {
    next();  // '{'
    while (true) {
      const Token& token = next();
      if (token.kind == Tok::kRBrace) return true;
      if (token.kind != Tok::kInt) return unexpected(token, "an integer or '}'");
      items->push_back(token.value);
      const Token& after = next();
      if (after.kind == Tok::kRBrace) return true;
      if (after.kind != Tok::kComma) return unexpected(after, "',' or '}'");
    }
  }

  // '[' ']' | '[' elem (',' elem)* ','? ']' with every elem an integer, or every elem a set.
  bool parse_array(Value* value) {
    next();  // '['
    value->kind = Value::Kind::kEmptyArray;
    while (true) {
      const Token& token = peek();
      if (token.kind == Tok::kRBracket) {
        next();
        return true;
      }
      if (token.kind == Tok::kInt) {
        if (value->kind == Value::Kind::kSetArray) {
          return fail(token, name_ + " mixes sets and integers");
        }
        value->kind = Value::Kind::kIntArray;
        value->ints.push_back(next().value);
      } else if (token.kind == Tok::kLBrace) {
        if (value->kind == Value::Kind::kIntArray) {
          return fail(token, name_ + " mixes integers and sets");
        }
        value->kind = Value::Kind::kSetArray;
        value->rows.emplace_back();
        if (!parse_set(&value->rows.back())) return false;
      } else {
        return unexpected(token, "an integer, a set or ']'");
      }
      const Token& after = next();
      if (after.kind == Tok::kRBracket) return true;
      if (after.kind != Tok::kComma) return unexpected(after, "',' or ']'");
    }
  }

  // '[' '|' '|' ']' (no rows) | '[' '|' (row '|')+ ']' with row = int (',' int)* ','?
  bool parse_table(Value* value) {
    next();  // '['
    next();  // '|'
    value->kind = Value::Kind::kTable;
    if (peek().kind == Tok::kBar && peek(1).kind == Tok::kRBracket) {
      next();
      next();
      return true;
    }
    while (true) {
      std::vector<int> row;
      while (true) {
        const Token& token = next();
        if (token.kind != Tok::kInt) return unexpected(token, "an integer");
        row.push_back(token.value);
        const Token& after = next();
        if (after.kind == Tok::kBar) break;
        if (after.kind != Tok::kComma) return unexpected(after, "',' or '|'");
        if (peek().kind == Tok::kBar) {
          next();
          break;
        }
      }
      value->rows.push_back(std::move(row));
      if (peek().kind == Tok::kRBracket) {
        next();
        return true;
      }
    }
  }

  const std::vector<Token>& tokens_;
  std::size_t pos_ = 0;
  std::size_t last_ = 0;
  std::string name_;  // the parameter being parsed, for messages
  std::string error_;
};

// ---------------------------------------------------------------------------------------------
// Builder: checks the parameters and makes the Instance.

std::string str(int n) { return std::to_string(n); }

class Builder {
 public:
  explicit Builder(const Params& params) : params_(params) {}

  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;

  // Returns false with error() set on the first problem; *instance is then unspecified.
  bool build(Instance* instance) {
    int n_business = 0, n_meetings = 0, n_tables = 0, n_slots = 0, n_morning = 0;
    if (!integer(kBusiness, 0, kMaxParticipants, "", &n_business) ||
        !integer(kMeetings, 0, std::numeric_limits<int>::max(), "", &n_meetings) ||
        !integer(kTables, 0, std::numeric_limits<int>::max(), "", &n_tables) ||
        !integer(kTotalSlots, 1, kMaxSlots, "", &n_slots) ||
        !integer(kMorningSlots, 0, n_slots, ", nTotalSlots", &n_morning)) {
      return false;
    }
    n_business_ = n_business;
    n_meetings_ = n_meetings;
    n_slots_ = n_slots;

    instance->rooms.kind = Rooms::Kind::kTables;
    instance->rooms.tables = n_tables;
    instance->slots.resize(static_cast<std::size_t>(n_slots));
    for (int s = 0; s < n_slots; ++s) {
      instance->slots[static_cast<std::size_t>(s)].session =
          s < n_morning ? "morning" : "afternoon";
    }
    instance->participants.resize(static_cast<std::size_t>(n_business));
    for (int p = 0; p < n_business; ++p) {
      Participant& participant = instance->participants[static_cast<std::size_t>(p)];
      participant.id = "p" + str(p + 1);
      participant.name = participant.id;
    }

    return requested(instance) && forbidden(instance) && fixed(instance) && precedences(instance) &&
           meetings_by_business(*instance);
  }

  const std::string& error() const { return error_; }

 private:
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }
  static std::string name(Param param) { return std::string(kParamNames[param]); }

  bool wrong_kind(Param param, const Value& value, const char* expected) {
    return fail(line_prefix(value.line) + name(param) + " must be " + expected + ", found " +
                describe(value.kind));
  }

  bool integer(Param param, int min, int max, const char* max_name, int* out) {
    const auto& value = params_[param];
    if (!value) return fail("missing parameter " + name(param));
    if (value->kind != Value::Kind::kInt) return wrong_kind(param, *value, "an integer");
    if (value->number < min || value->number > max) {
      return fail(name(param) + ": " + str(value->number) + " is out of range (" + str(min) + ".." +
                  str(max) + max_name + ")");
    }
    *out = value->number;
    return true;
  }

  // An absent optional array gives nullptr and true.
  bool array(Param param, Value::Kind kind, int expected, const char* expected_name,
             const Value** out) {
    *out = nullptr;
    const auto& value = params_[param];
    if (!value) return true;
    if (value->kind != kind && value->kind != Value::Kind::kEmptyArray) {
      return wrong_kind(param, *value, describe(kind));
    }
    const std::size_t size =
        kind == Value::Kind::kIntArray ? value->ints.size() : value->rows.size();
    if (size != static_cast<std::size_t>(expected)) {
      return fail(name(param) + ": " + str(expected) + " entries expected (" + expected_name +
                  "), found " + std::to_string(size));
    }
    *out = &*value;
    return true;
  }

  bool requested(Instance* instance) {
    const auto& value = params_[kRequested];
    if (!value) return fail("missing parameter requested");
    if (value->kind != Value::Kind::kTable && value->kind != Value::Kind::kEmptyArray) {
      return wrong_kind(kRequested, *value, "a 2-D array [| p1, p2, session | ... |]");
    }
    if (value->rows.size() != static_cast<std::size_t>(n_meetings_)) {
      return fail("requested: " + str(n_meetings_) + " rows expected (nMeetings), found " +
                  std::to_string(value->rows.size()));
    }
    instance->meetings.resize(value->rows.size());
    for (std::size_t m = 0; m < value->rows.size(); ++m) {
      const std::vector<int>& row = value->rows[m];
      const auto where = [m] { return "requested row " + std::to_string(m + 1) + ": "; };
      if (row.size() != 3) {
        return fail(where() + std::to_string(row.size()) +
                    " values, expected 3 (participant, participant, session)");
      }
      for (int k = 0; k < 2; ++k) {
        if (row[k] < 1 || row[k] > n_business_) {
          return fail(where() + "participant " + str(row[k]) + " is out of range (" +
                      str(n_business_) + " participants)");
        }
      }
      if (row[0] == row[1]) return fail(where() + "participant " + str(row[0]) + " meets itself");
      Meeting& meeting = instance->meetings[m];
      meeting.id = "m" + std::to_string(m + 1);
      meeting.between[0] = row[0] - 1;
      meeting.between[1] = row[1] - 1;
      switch (row[2]) {
        case 1:
          meeting.session = "morning";
          break;
        case 2:
          meeting.session = "afternoon";
          break;
        case 3:
          break;
        default:
          return fail(where() + "session " + str(row[2]) +
                      " is not 1 (morning), 2 (afternoon) or 3 (either)");
      }
    }
    return true;
  }

  bool forbidden(Instance* instance) {
    const Value* value = nullptr;
    if (!array(kForbidden, Value::Kind::kSetArray, n_business_, "nBusiness", &value)) return false;
    if (!value) return true;
    for (std::size_t p = 0; p < value->rows.size(); ++p) {
      std::vector<int>& unavailable = instance->participants[p].unavailable;
      for (const int slot : value->rows[p]) {
        if (slot == 0) continue;
        if (slot < 1 || slot > n_slots_) {
          return fail("forbidden[" + std::to_string(p + 1) + "]: slot " + str(slot) +
                      " is out of range (" + str(n_slots_) + " slots)");
        }
        unavailable.push_back(slot - 1);
      }
      std::sort(unavailable.begin(), unavailable.end());
      unavailable.erase(std::unique(unavailable.begin(), unavailable.end()), unavailable.end());
    }
    return true;
  }

  bool fixed(Instance* instance) {
    const Value* value = nullptr;
    if (!array(kFixed, Value::Kind::kIntArray, n_meetings_, "nMeetings", &value)) return false;
    if (!value) return true;
    for (std::size_t m = 0; m < value->ints.size(); ++m) {
      const int slot = value->ints[m];
      if (slot == 0) continue;
      if (slot < 1 || slot > n_slots_) {
        return fail("fixed[" + std::to_string(m + 1) + "]: slot " + str(slot) +
                    " is out of range (" + str(n_slots_) + " slots)");
      }
      instance->meetings[m].fixed_slot = slot - 1;
    }
    return true;
  }

  bool precedences(Instance* instance) {
    const Value* value = nullptr;
    if (!array(kPrecedences, Value::Kind::kSetArray, n_meetings_, "nMeetings", &value)) {
      return false;
    }
    if (!value) return true;
    for (std::size_t m = 0; m < value->rows.size(); ++m) {
      const auto where = [m] { return "precedences[" + std::to_string(m + 1) + "]: "; };
      std::vector<int>& after = instance->meetings[m].after;
      for (const int earlier : value->rows[m]) {
        if (earlier < 1 || earlier > n_meetings_) {
          return fail(where() + "meeting " + str(earlier) + " is out of range (" +
                      str(n_meetings_) + " meetings)");
        }
        if (static_cast<std::size_t>(earlier) == m + 1) {
          return fail(where() + "meeting " + str(earlier) + " cannot be held before itself");
        }
        after.push_back(earlier - 1);
      }
      std::sort(after.begin(), after.end());
      after.erase(std::unique(after.begin(), after.end()), after.end());
    }
    return true;
  }

  // meetingsxBusiness and nMeetingsBusiness repeat what `requested` says; a file where they
  // disagree is corrupt, and which one is right cannot be told.
  bool meetings_by_business(const Instance& instance) {
    std::vector<std::vector<int>> own(static_cast<std::size_t>(n_business_));  // 0-based meetings
    for (std::size_t m = 0; m < instance.meetings.size(); ++m) {
      for (const int p : instance.meetings[m].between) {
        own[static_cast<std::size_t>(p)].push_back(static_cast<int>(m));
      }
    }

    const Value* sets = nullptr;
    if (!array(kMeetingsxBusiness, Value::Kind::kSetArray, n_business_, "nBusiness", &sets)) {
      return false;
    }
    if (sets) {
      for (std::size_t p = 0; p < sets->rows.size(); ++p) {
        const auto where = [p] { return "meetingsxBusiness[" + std::to_string(p + 1) + "]: "; };
        const auto who = [p] { return "participant " + std::to_string(p + 1); };
        std::vector<int> listed;  // 0-based meetings
        for (const int entry : sets->rows[p]) {
          if (entry == 1) continue;  // the dummy
          if (entry < 1 || entry > n_meetings_ + 1) {
            return fail(where() + "entry " + str(entry) + " is out of range (1.." +
                        str(n_meetings_ + 1) + ")");
          }
          const int meeting = entry - 2;
          if (!std::binary_search(own[p].begin(), own[p].end(), meeting)) {
            return fail(where() + "entry " + str(entry) + " names meeting " + str(meeting + 1) +
                        ", which is not a meeting of " + who() + " in requested");
          }
          listed.push_back(meeting);
        }
        std::sort(listed.begin(), listed.end());
        for (const int meeting : own[p]) {
          if (!std::binary_search(listed.begin(), listed.end(), meeting)) {
            return fail(where() + "meeting " + str(meeting + 1) + " of " + who() +
                        " in requested is missing (entry " + str(meeting + 2) + ")");
          }
        }
      }
    }

    const Value* counts = nullptr;
    if (!array(kMeetingsBusiness, Value::Kind::kIntArray, n_business_, "nBusiness", &counts)) {
      return false;
    }
    if (counts) {
      for (std::size_t p = 0; p < counts->ints.size(); ++p) {
        if (counts->ints[p] != static_cast<int>(own[p].size())) {
          return fail("nMeetingsBusiness[" + std::to_string(p + 1) + "]: " + str(counts->ints[p]) +
                      ", but participant " + std::to_string(p + 1) + " has " +
                      std::to_string(own[p].size()) + " meetings in requested");
        }
      }
    }
    return true;
  }

  const Params& params_;
  int n_business_ = 0;
  int n_meetings_ = 0;
  int n_slots_ = 0;
  std::string error_;
};

}  // namespace

Result<Instance> read_dzn(std::string_view dzn_text, std::string name,
                          std::optional<int> max_break_spread) {
  if (max_break_spread && *max_break_spread < 0) {
    return Error{"fairness: max_break_spread " + str(*max_break_spread) + " is negative"};
  }
  std::vector<Token> tokens;
  std::string error;
  if (!tokenize(dzn_text, &tokens, &error)) return Error{std::move(error)};

  Params params;
  Parser parser(tokens);
  if (!parser.parse(&params)) return Error{parser.error()};

  Instance instance;
  Builder builder(params);
  if (!builder.build(&instance)) return Error{builder.error()};
  instance.name = std::move(name);
  instance.fairness.max_break_spread = max_break_spread;
  // The file's numbers can agree with each other and still describe an instance no schedule
  // format allows (a meeting asking for the afternoon when every slot is in the morning: found
  // by fuzz_dzn); the same rules as for instance JSON decide.
  return validate_instance(std::move(instance));
}

}  // namespace dialogdag::sched
