#include "web/assets.h"

#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>

namespace dialogdag::web {

// Generated from web/static/*.css and web/static/staff.js at configure time (see CMakeLists.txt).
extern const std::string_view kStyleCss;
extern const std::string_view kStaffJs;

namespace {

struct Asset {
  std::string_view name;
  std::string_view content_type;
  std::string_view body;
};

std::string etag_of(std::string_view body) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : body) hash = (hash ^ c) * 0x100000001b3ULL;
  char text[24];
  std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace

std::optional<Response> static_file(std::string_view name, const Request& request) {
  static const Asset kAssets[] = {{"style.css", "text/css; charset=utf-8", kStyleCss},
                                  {"staff.js", "text/javascript; charset=utf-8", kStaffJs}};
  static const std::string kEtags[] = {etag_of(kAssets[0].body), etag_of(kAssets[1].body)};
  static_assert(std::size(kAssets) == std::size(kEtags));
  for (std::size_t i = 0; i < std::size(kAssets); ++i) {
    const Asset& asset = kAssets[i];
    if (asset.name != name) continue;
    const std::string& etag = kEtags[i];
    Response response{http::status::ok, 11};
    response.set(http::field::cache_control, "public, max-age=3600");
    response.set(http::field::etag, etag);
    if (request[http::field::if_none_match] == etag) {
      response.result(http::status::not_modified);
      return response;
    }
    response.set(http::field::content_type, asset.content_type);
    response.body() = std::string(asset.body);
    return response;
  }
  return std::nullopt;
}

}  // namespace dialogdag::web
