// Routing without sockets: handlers are plain functions from request to response.
#include <doctest/doctest.h>

#include "web/assets.h"
#include "web/router.h"

using namespace dialogdag::web;

namespace {

Request request(http::verb method, const std::string& target) {
  Request r{method, target, 11};
  return r;
}

Router sample() {
  Router router;
  router.add(http::verb::get, "/e/{slug}", [](const Request&, const PathParams& p) {
    return make_response(http::status::ok, "event " + p.at("slug"));
  });
  router.add(http::verb::get, "/e/{slug}/book", [](const Request&, const PathParams& p) {
    return make_response(http::status::ok, "form " + p.at("slug"));
  });
  router.add(http::verb::post, "/e/{slug}/book", [](const Request&, const PathParams& p) {
    return make_response(http::status::see_other, "booked " + p.at("slug"));
  });
  return router;
}

}  // namespace

TEST_CASE("a path finds its route and its captures, decoded") {
  const Router router = sample();
  CHECK(router.handle(request(http::verb::get, "/e/dialog-2027")).body() == "event dialog-2027");
  CHECK(router.handle(request(http::verb::get, "/e/dialog%202027?lang=en")).body() ==
        "event dialog 2027");
  CHECK(router.handle(request(http::verb::post, "/e/x/book")).result() == http::status::see_other);
  CHECK(router.handle(request(http::verb::head, "/e/x")).body() == "event x");
}

TEST_CASE("unknown paths are 404 and a wrong method is 405 with Allow") {
  const Router router = sample();
  CHECK(router.handle(request(http::verb::get, "/nothing")).result() == http::status::not_found);
  CHECK(router.handle(request(http::verb::get, "/e/")).result() == http::status::not_found);
  CHECK(router.handle(request(http::verb::get, "/e/x/book/")).result() == http::status::not_found);
  CHECK(router.handle(request(http::verb::get, "/e/%zz")).result() == http::status::not_found);
  CHECK(router.handle(request(http::verb::get, "e/x")).result() == http::status::not_found);
  const Response wrong = router.handle(request(http::verb::delete_, "/e/x/book"));
  CHECK(wrong.result() == http::status::method_not_allowed);
  CHECK(wrong[http::field::allow] == "GET, POST");
}

TEST_CASE("the stylesheet is served from the binary with caching, and nothing else is") {
  Request get{http::verb::get, "/static/style.css", 11};
  const auto css = static_file("style.css", get);
  REQUIRE(css);
  CHECK(css->result() == http::status::ok);
  CHECK(css->body().find("@media print") != std::string::npos);
  CHECK((*css)[http::field::cache_control] == "public, max-age=3600");
  Request again = get;
  again.set(http::field::if_none_match, (*css)[http::field::etag]);
  CHECK(static_file("style.css", again)->result() == http::status::not_modified);
  CHECK_FALSE(static_file("../../etc/passwd", get));
  CHECK_FALSE(static_file("style.css/", get));
}

TEST_CASE("the staff script is served beside the stylesheet, each with its own ETag") {
  Request get{http::verb::get, "/static/staff.js", 11};
  const auto js = static_file("staff.js", get);
  const auto css = static_file("style.css", get);
  REQUIRE(js);
  REQUIRE(css);
  CHECK(js->result() == http::status::ok);
  CHECK((*js)[http::field::content_type] == "text/javascript; charset=utf-8");
  CHECK(js->body().find("form[data-running]") != std::string::npos);
  CHECK((*js)[http::field::etag] != (*css)[http::field::etag]);
  // The stylesheet's ETag does not answer for the script.
  Request stale = get;
  stale.set(http::field::if_none_match, (*css)[http::field::etag]);
  CHECK(static_file("staff.js", stale)->result() == http::status::ok);
  stale.set(http::field::if_none_match, (*js)[http::field::etag]);
  CHECK(static_file("staff.js", stale)->result() == http::status::not_modified);
}
