#include "data/sql_util.h"

#include <nlohmann/json.hpp>

namespace dialogdag::data::detail {

std::string ints_to_json(const std::vector<int>& values) { return nlohmann::json(values).dump(); }

std::vector<int> json_to_ints(const std::string& text) {
  return nlohmann::json::parse(text).get<std::vector<int>>();
}

std::string strings_to_json(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump();
}

std::vector<std::string> json_to_strings(const std::string& text) {
  return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

}  // namespace dialogdag::data::detail
