// Maps method + path to a route function. Patterns are literal segments and {name} captures:
// "/e/{slug}/book". A path that matches no pattern: 404; one that matches with another method:
// 405 with an Allow header. HEAD runs the GET route (the server sends no body).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "web/server.h"

namespace dialogdag::web {

// The captured segments of a matched pattern, by name, percent-decoded.
using PathParams = std::map<std::string, std::string>;
using Route = std::function<Response(const Request&, const PathParams&)>;

class Router {
 public:
  // REQUIRES: pattern starts with '/'.
  void add(http::verb method, const std::string& pattern, Route route);

  // Finds and runs the route. Safe on any request target.
  Response handle(const Request& request) const;

 private:
  struct Entry {
    http::verb method;
    std::vector<std::string> segments;  // "{name}" for captures
    Route route;
  };
  std::vector<Entry> entries_;
};

// A small plain-text or HTML response; the common shapes of the handlers.
Response make_response(http::status status, std::string body,
                       const std::string& content_type = "text/html; charset=utf-8");

}  // namespace dialogdag::web
