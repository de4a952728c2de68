#include "web/router.h"

#include <optional>

#include "web/form.h"

namespace dialogdag::web {
namespace {

// Splits "/a/b/" into {"a", "b", ""}; the leading slash is dropped, query excluded.
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    segments.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

// Percent-decodes one path segment ('+' stays '+'); nullopt when broken or not UTF-8.
std::optional<std::string> decode_segment(const std::string& segment) {
  std::string plus_safe;
  for (char c : segment) plus_safe += c == '+' ? std::string("%2B") : std::string(1, c);
  auto form = parse_form("x=" + plus_safe);
  if (!form.ok() || form.value().pairs().size() != 1) return std::nullopt;
  return form.value().pairs()[0].second;
}

}  // namespace

Response make_response(http::status status, std::string body, const std::string& content_type) {
  Response response{status, 11};
  response.set(http::field::content_type, content_type);
  response.body() = std::move(body);
  return response;
}

void Router::add(http::verb method, const std::string& pattern, Route route) {
  entries_.push_back({method, split_path(pattern), std::move(route)});
}

Response Router::handle(const Request& request) const {
  const std::string_view target = request.target();
  const auto segments = split_path(target.substr(0, target.find('?')));
  const bool head = request.method() == http::verb::head;
  const http::verb method = head ? http::verb::get : request.method();
  std::string allowed;
  for (const Entry& entry : entries_) {
    if (entry.segments.size() != segments.size()) continue;
    PathParams params;
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      const std::string& want = entry.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        const auto decoded = decode_segment(segments[i]);
        match = decoded && !decoded->empty();
        if (match) params[want.substr(1, want.size() - 2)] = *decoded;
      } else {
        match = want == segments[i];
      }
    }
    if (!match) continue;
    if (entry.method != method) {
      if (!allowed.empty()) allowed += ", ";
      allowed += std::string(http::to_string(entry.method));
      continue;
    }
    return entry.route(request, params);  // for HEAD, the server drops the body
  }
  if (!allowed.empty()) {
    Response response = make_response(http::status::method_not_allowed, "Method not allowed\n",
                                      "text/plain; charset=utf-8");
    response.set(http::field::allow, allowed);
    return response;
  }
  return make_response(http::status::not_found, "Not found\n", "text/plain; charset=utf-8");
}

}  // namespace dialogdag::web
