// Small helpers shared by the store implementations (not part of the data/ API).
#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

namespace dialogdag::data::detail {

inline bool is_unique_violation(const SQLite::Exception& e) {
  return e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE ||
         e.getExtendedErrorCode() == SQLITE_CONSTRAINT_PRIMARYKEY;
}
inline bool is_constraint_violation(const SQLite::Exception& e) {
  return e.getErrorCode() == SQLITE_CONSTRAINT;
}

inline std::optional<int> optional_int(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt();
}

inline void bind_optional(SQLite::Statement& statement, int index,
                          const std::optional<int>& value) {
  if (value)
    statement.bind(index, *value);
  else
    statement.bind(index);
}
inline void bind_optional(SQLite::Statement& statement, int index,
                          const std::optional<std::string>& value) {
  if (value)
    statement.bind(index, *value);
  else
    statement.bind(index);
}

// JSON arrays of integers and strings as stored in a few columns.
std::string ints_to_json(const std::vector<int>& values);
std::vector<int> json_to_ints(const std::string& text);
std::string strings_to_json(const std::vector<std::string>& values);
std::vector<std::string> json_to_strings(const std::string& text);

}  // namespace dialogdag::data::detail
