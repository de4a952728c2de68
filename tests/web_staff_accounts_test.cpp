// The staff console's accounts over real HTTP: login, logout, who sees which events.
#include <doctest/doctest.h>

#include "staff_test_support.h"

using namespace dialogdag;
using namespace dialogdag::test;

TEST_CASE("an organiser logs in and sees their organisation's events") {
  StaffFixture app;
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const auto list = client->get("/staff/events");
  CHECK(list.result() == http::status::ok);
  CHECK(list.body().find("Dialogkonferanse trygghetsalarmer") != std::string::npos);
}

TEST_CASE("a staff page without a session sends the browser to the login page") {
  StaffFixture app;
  Client client(app.port());
  const auto response = client.get("/staff/events");
  CHECK(response.result() == http::status::see_other);
  CHECK(std::string(response[http::field::location]).rfind("/staff/login?next=", 0) == 0);
}
