// The staff console's accounts over real HTTP: login (throttling, cookies, session fixation,
// safe redirects), logout, who sees which events, the admin pages for users and
// organisations, and the own account page. Also the throttle's rules alone.
#include <doctest/doctest.h>

#include <atomic>

#include "data/organisation_store.h"
#include "data/user_store.h"
#include "staff_test_support.h"
#include "web/form.h"
#include "web/login_throttle.h"
#include "web/public_site.h"

using namespace dialogdag;
using namespace dialogdag::test;

namespace {

// A login attempt from a fresh login page in `client`'s browser.
http::response<http::string_body> attempt_login(Client& client, const std::string& email,
                                                const std::string& password,
                                                const std::string& next = "") {
  const auto page = client.get("/staff/login");
  REQUIRE(page.result() == http::status::ok);
  std::string body = "_csrf=" + web::url_encode(csrf_of(page.body())) +
                     "&email=" + web::url_encode(email) + "&password=" + web::url_encode(password);
  if (!next.empty()) body += "&next=" + web::url_encode(next);
  return client.post_form("/staff/login", body);
}

// The Set-Cookie header of the session cookie in a response, or "".
std::string session_set_cookie(const http::response<http::string_body>& response) {
  for (const auto& field : response.base())
    if (field.name() == http::field::set_cookie &&
        std::string(field.value()).rfind(std::string(web::kSessionCookie) + "=", 0) == 0)
      return std::string(field.value());
  return "";
}

std::string token_of(const std::string& set_cookie) {
  const auto start = set_cookie.find('=') + 1;
  return set_cookie.substr(start, set_cookie.find(';') - start);
}

// A browser that holds only the session cookie `token`.
std::unique_ptr<Client> browser_with_session(unsigned short port, const std::string& token) {
  auto client = std::make_unique<Client>(port);
  client->cookies = std::string(web::kSessionCookie) + "=" + token;
  return client;
}

bool still_logged_in(Client& client) {
  return client.get("/staff/events").result() == http::status::ok;
}

std::string csrf_from(Client& client, const std::string& page = "/staff/events") {
  return csrf_of(client.get(page).body());
}

// A clock for the fixture's Db that stands still until the test moves it forward.
struct MovableClock {
  const data::Instant start =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::atomic<long long> offset_seconds{0};
  // REQUIRES: no request is running (Db::set_clock).
  void attach(data::Db& db) {
    db.set_clock([this] { return start + std::chrono::seconds(offset_seconds.load()); });
  }
  void advance(std::chrono::seconds by) { offset_seconds += by.count(); }
};

// The body of a user form with defaults that pass; `changes` replaces fields ("name=..." etc.
// already encoded) by name.
std::string user_form(const std::string& csrf, const std::map<std::string, std::string>& changes,
                      std::int64_t organisation_id) {
  std::map<std::string, std::string> fields = {{"name", "Ola Nordmann"},
                                               {"email", "ola@namsos.kommune.no"},
                                               {"organisation", std::to_string(organisation_id)},
                                               {"new_organisation", ""},
                                               {"admin", "no"},
                                               {"password", "et langt passord"}};
  for (const auto& [name, value] : changes) fields[name] = value;
  std::string body = "_csrf=" + web::url_encode(csrf);
  for (const auto& [name, value] : fields) body += "&" + name + "=" + web::url_encode(value);
  return body;
}

std::size_t user_count(StaffFixture& app) { return data::UserStore(app.db()).list().size(); }

}  // namespace

// ---- The throttle's rules ----

TEST_CASE("the throttle lets five failures through, then doubles the wait after each failure") {
  web::LoginThrottle throttle;
  const data::Instant t0{std::chrono::seconds{1'800'000'000}};
  for (int i = 0; i < 4; ++i) {
    CHECK_FALSE(throttle.record_failure("kari@namsos.kommune.no", t0));
    CHECK_FALSE(throttle.wait_needed("kari@namsos.kommune.no", t0));
  }
  CHECK(throttle.record_failure("kari@namsos.kommune.no", t0) == web::LoginThrottle::kFirstWait);
  CHECK(throttle.wait_needed("KARI@Namsos.Kommune.no", t0) == web::LoginThrottle::kFirstWait);
  CHECK_FALSE(throttle.wait_needed("someone.else@namsos.kommune.no", t0));

  const data::Instant t1 = t0 + web::LoginThrottle::kFirstWait;
  CHECK_FALSE(throttle.wait_needed("kari@namsos.kommune.no", t1));
  CHECK(throttle.record_failure("kari@namsos.kommune.no", t1) ==
        2 * web::LoginThrottle::kFirstWait);
  const data::Instant t2 = t1 + 2 * web::LoginThrottle::kFirstWait;
  CHECK(throttle.record_failure("kari@namsos.kommune.no", t2) ==
        4 * web::LoginThrottle::kFirstWait);

  throttle.record_success("kari@namsos.kommune.no");
  CHECK_FALSE(throttle.wait_needed("kari@namsos.kommune.no", t2));
}

TEST_CASE("the throttle never asks for more than the longest wait, and forgets old failures") {
  web::LoginThrottle throttle;
  data::Instant now{std::chrono::seconds{1'800'000'000}};
  std::optional<std::chrono::seconds> wait;
  for (int i = 0; i < 30; ++i) {
    wait = throttle.record_failure("x@vikna.kommune.no", now);
    if (wait) now += *wait;
  }
  CHECK(wait == web::LoginThrottle::kMaxWait);

  now += web::LoginThrottle::kForgetAfter;
  CHECK_FALSE(throttle.record_failure("x@vikna.kommune.no", now));
}

// ---- Login ----

TEST_CASE("an organiser logs in and sees their organisation's events") {
  StaffFixture app;
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const auto list = client->get("/staff/events");
  CHECK(list.result() == http::status::ok);
  CHECK(contains(list.body(), "Dialogkonferanse trygghetsalarmer"));
}

TEST_CASE("a staff page without a session sends the browser to the login page") {
  StaffFixture app;
  Client client(app.port());
  const auto response = client.get("/staff/events");
  CHECK(response.result() == http::status::see_other);
  CHECK(std::string(response[http::field::location]).rfind("/staff/login?next=", 0) == 0);
}

TEST_CASE("a wrong password gives a message, keeps the e-mail and starts no session") {
  StaffFixture app;
  Client client(app.port());
  const auto response = attempt_login(client, "organiser@namsos.kommune.no", "feil passord her");
  CHECK(response.result() == http::status::unauthorized);
  CHECK(contains(response.body(), "Feil e-post eller passord"));
  CHECK(contains(response.body(), "id=\"error-summary\""));
  CHECK(contains(response.body(), "href=\"#password\""));
  CHECK(contains(response.body(), "value=\"organiser@namsos.kommune.no\""));
  CHECK(session_set_cookie(response).empty());
  CHECK_FALSE(still_logged_in(client));

  const auto unknown = attempt_login(client, "nobody@namsos.kommune.no", kPassword);
  CHECK(unknown.result() == http::status::unauthorized);
  CHECK(contains(unknown.body(), "Feil e-post eller passord"));
}

TEST_CASE("an empty login form names both missing fields") {
  StaffFixture app;
  Client client(app.port());
  const auto response = attempt_login(client, "  ", "");
  CHECK(response.result() == http::status::unprocessable_entity);
  CHECK(contains(response.body(), "Skriv e-postadressen din"));
  CHECK(contains(response.body(), "Skriv passordet ditt"));
  CHECK(contains(response.body(), "aria-invalid=\"true\""));
}

TEST_CASE("after five wrong passwords even the right one is refused with a wait, until it passes") {
  MovableClock clock;
  StaffFixture app;
  clock.attach(app.db());
  Client client(app.port());
  for (int i = 0; i < 4; ++i)
    CHECK(
        attempt_login(client, "organiser@namsos.kommune.no", "gjetning nummer " + std::to_string(i))
            .result() == http::status::unauthorized);
  const auto fifth = attempt_login(client, "organiser@namsos.kommune.no", "gjetning nummer 5");
  CHECK(fifth.result() == http::status::too_many_requests);

  const auto right = attempt_login(client, "organiser@namsos.kommune.no", kPassword);
  CHECK(right.result() == http::status::too_many_requests);
  CHECK(contains(right.body(), "For mange forsøk"));
  CHECK(contains(right.body(), "Vent og prøv igjen om 30 sekunder"));
  CHECK(std::string(right[http::field::retry_after]) == "30");
  CHECK(session_set_cookie(right).empty());
  CHECK_FALSE(still_logged_in(client));

  // Another user is not held up by someone guessing at Nina's address.
  CHECK(attempt_login(client, "organiser@vikna.kommune.no", kPassword).result() ==
        http::status::see_other);

  clock.advance(web::LoginThrottle::kFirstWait);
  Client later(app.port());
  CHECK(attempt_login(later, "organiser@namsos.kommune.no", kPassword).result() ==
        http::status::see_other);
  // The success cleared the failures: one more wrong password is just wrong, not throttled.
  Client again(app.port());
  CHECK(attempt_login(again, "organiser@namsos.kommune.no", "en feil til").result() ==
        http::status::unauthorized);
}

TEST_CASE("the throttle's wait is shown in English too") {
  MovableClock clock;
  StaffFixture app;
  clock.attach(app.db());
  Client client(app.port());
  for (int i = 0; i < 5; ++i) attempt_login(client, "admin@dialogdag.no", "wrong guess");
  const auto page = client.get("/staff/login?lang=en");
  const auto response =
      client.post_form("/staff/login?lang=en",
                       "_csrf=" + web::url_encode(csrf_of(page.body())) +
                           "&email=admin%40dialogdag.no&password=" + web::url_encode(kPassword));
  CHECK(response.result() == http::status::too_many_requests);
  CHECK(contains(response.body(), "Wait and try again in 30 seconds."));
}

TEST_CASE(
    "the session cookie is HttpOnly, SameSite=Strict, for /staff, and Secure only when asked") {
  StaffFixture app;
  Client client(app.port());
  const std::string plain =
      session_set_cookie(attempt_login(client, "organiser@namsos.kommune.no", kPassword));
  CHECK(contains(plain, "; HttpOnly"));
  CHECK(contains(plain, "; SameSite=Strict"));
  CHECK(contains(plain, "; Path=/staff"));
  CHECK_FALSE(contains(plain, "Secure"));

  web::StaffSite secure_site(app.db(), web::CsrfGuard(web::random_key()), web::StaffOptions{true});
  web::Router router;
  web::add_staff_routes(router, secure_site);
  RunningServer server([&router](const web::Request& r) { return router.handle(r); });
  Client behind_tls(server.port());
  const auto login = attempt_login(behind_tls, "organiser@namsos.kommune.no", kPassword);
  const std::string secure = session_set_cookie(login);
  CHECK(contains(secure, "; Secure"));
  CHECK(contains(secure, "; HttpOnly"));
  CHECK(contains(secure, "; SameSite=Strict"));
  const auto logout =
      behind_tls.post_form("/staff/logout", "_csrf=" + web::url_encode(csrf_from(behind_tls)));
  CHECK(contains(session_set_cookie(logout), "; Secure"));
}

TEST_CASE("logging out ends the session on the server: the old cookie no longer works") {
  StaffFixture app;
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const std::string cookies = client->cookies;
  const auto logout =
      client->post_form("/staff/logout", "_csrf=" + web::url_encode(csrf_from(*client)));
  CHECK(logout.result() == http::status::see_other);
  CHECK(std::string(logout[http::field::location]).rfind("/staff/login?logged_out=1", 0) == 0);
  CHECK(contains(session_set_cookie(logout), "Max-Age=0"));
  CHECK(
      contains(client->get(std::string(logout[http::field::location])).body(), "Du er logget ut."));

  Client replay(app.port());
  replay.cookies = cookies;  // someone who copied the cookie before the logout
  const auto response = replay.get("/staff/events");
  CHECK(response.result() == http::status::see_other);
  CHECK(std::string(response[http::field::location]).rfind("/staff/login", 0) == 0);
}

TEST_CASE("a session cookie set before login is never the session after it") {
  StaffFixture app;
  const std::string planted = web::random_token();
  Client client(app.port());
  client.cookies = std::string(web::kSessionCookie) + "=" + planted;
  const auto login = attempt_login(client, "organiser@namsos.kommune.no", kPassword);
  REQUIRE(login.result() == http::status::see_other);
  const std::string issued = token_of(session_set_cookie(login));
  CHECK(issued.size() == 43);
  CHECK(issued != planted);
  CHECK_FALSE(still_logged_in(*browser_with_session(app.port(), planted)));
  CHECK(still_logged_in(*browser_with_session(app.port(), issued)));
}

TEST_CASE("logging in over a live session ends that session") {
  StaffFixture app;
  Client first(app.port());
  const std::string vikna =
      token_of(session_set_cookie(attempt_login(first, "organiser@vikna.kommune.no", kPassword)));
  REQUIRE(still_logged_in(*browser_with_session(app.port(), vikna)));

  // The login form was opened before (another tab); the browser still sends Vidar's session.
  Client same_browser(app.port());
  const std::string csrf = csrf_of(same_browser.get("/staff/login").body());
  same_browser.cookies += "; " + std::string(web::kSessionCookie) + "=" + vikna;
  const auto login = same_browser.post_form(
      "/staff/login", "_csrf=" + web::url_encode(csrf) +
                          "&email=admin%40dialogdag.no&password=" + web::url_encode(kPassword));
  REQUIRE(login.result() == http::status::see_other);
  const std::string admin = token_of(session_set_cookie(login));
  CHECK(admin != vikna);
  CHECK_FALSE(still_logged_in(*browser_with_session(app.port(), vikna)));
  CHECK(still_logged_in(*browser_with_session(app.port(), admin)));
}

TEST_CASE("after login the browser goes to `next` only when it is a staff page") {
  StaffFixture app;
  auto location_after = [&](const std::string& next) {
    Client client(app.port());
    const auto response = attempt_login(client, "admin@dialogdag.no", kPassword, next);
    REQUIRE(response.result() == http::status::see_other);
    return std::string(response[http::field::location]);
  };
  CHECK(location_after("//evil.example") == "/staff/events");
  CHECK(location_after("//evil.example/staff/") == "/staff/events");
  CHECK(location_after("https://evil.example/staff/users") == "/staff/events");
  CHECK(location_after("/staff\\@evil.example") == "/staff/events");
  CHECK(location_after("/staff/users\r\nSet-Cookie: x=1") == "/staff/events");
  CHECK(location_after("/e/trygghetsalarm") == "/staff/events");
  CHECK(location_after("/staff/login") == "/staff/events");
  CHECK(location_after("/staff/users?lang=en") == "/staff/users?lang=en");
  CHECK(location_after("") == "/staff/events");

  // The next of the login page's own address is carried through the form.
  Client client(app.port());
  const auto guarded = client.get("/staff/account");
  const std::string login_url(guarded[http::field::location]);
  const auto page = client.get(login_url);
  CHECK(contains(page.body(), "name=\"next\" value=\"/staff/account\""));
}

TEST_CASE("a logged-in user who opens the login page goes on to the console") {
  StaffFixture app;
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const auto response = client->get("/staff/login");
  CHECK(response.result() == http::status::see_other);
  CHECK(std::string(response[http::field::location]) == "/staff/events");
  const auto root = client->get("/staff");
  CHECK(root.result() == http::status::see_other);
  CHECK(std::string(root[http::field::location]).rfind("/staff/events", 0) == 0);
}

TEST_CASE("logging out needs the session's own form token") {
  StaffFixture app;
  auto nina = logged_in(app.port(), "organiser@namsos.kommune.no");
  auto vidar = logged_in(app.port(), "organiser@vikna.kommune.no");
  const std::string vidars_token = csrf_from(*vidar);
  for (const std::string& body :
       {std::string(""), std::string("_csrf=forged"), "_csrf=" + web::url_encode(vidars_token)}) {
    CAPTURE(body);
    const auto response = nina->post_form("/staff/logout", body);
    CHECK(response.result() == http::status::forbidden);
    CHECK(contains(response.body(), "Skjemaet er utløpt"));
    CHECK(still_logged_in(*nina));
  }
}

// ---- The event list ----

TEST_CASE("the event list shows an organiser only their organisations' events, an admin all") {
  StaffFixture app;
  app.register_suppliers(3);

  auto nina = logged_in(app.port(), "organiser@namsos.kommune.no");
  const auto mine = nina->get("/staff/events");
  CHECK(contains(mine.body(), "<a href=\"" + app.event_path() +
                                  "?lang=nb\">Dialogkonferanse trygghetsalarmer</a>"));
  CHECK(contains(mine.body(), "torsdag 11. mars 2027"));
  CHECK(contains(mine.body(), "Åpen for påmelding"));
  CHECK(contains(mine.body(), "<td class=\"number\">3</td>"));
  CHECK(contains(mine.body(), "Ønsker – planleggeren fordeler møtene"));
  CHECK(contains(mine.body(), "<caption>"));
  CHECK(contains(mine.body(), "<th scope=\"col\""));
  CHECK(contains(mine.body(), "href=\"/staff/events/new?lang=nb\">Ny konferanse</a>"));

  auto vidar = logged_in(app.port(), "organiser@vikna.kommune.no");
  const auto theirs = vidar->get("/staff/events");
  CHECK(theirs.result() == http::status::ok);
  CHECK_FALSE(contains(theirs.body(), "trygghetsalarmer"));
  CHECK(contains(theirs.body(), "Det er ingen konferanser her ennå"));
  CHECK(contains(theirs.body(), "Ny konferanse"));

  auto ada = logged_in(app.port(), "admin@dialogdag.no");
  const auto all = ada->get("/staff/events?lang=en");
  CHECK(contains(all.body(), "Dialogkonferanse trygghetsalarmer"));
  CHECK(contains(all.body(), "All conferences, newest first"));
  CHECK(contains(all.body(), "Open for registration"));
  CHECK(contains(all.body(), "Namsos kommune"));
}

// ---- Users and organisations (admin) ----

TEST_CASE("an organiser gets the page-not-found answer for the admin pages and sees no link") {
  StaffFixture app;
  auto nina = logged_in(app.port(), "organiser@namsos.kommune.no");
  const auto events = nina->get("/staff/events");
  CHECK_FALSE(contains(events.body(), "href=\"/staff/users"));
  CHECK_FALSE(contains(events.body(), "href=\"/staff/organisations"));
  CHECK(contains(events.body(), "href=\"/staff/account"));
  for (const char* path : {"/staff/users", "/staff/organisations"}) {
    CAPTURE(path);
    const auto page = nina->get(path);
    CHECK(page.result() == http::status::not_found);
    CHECK(contains(page.body(), "Fant ikke siden"));
  }
  const std::size_t before = user_count(app);
  const auto post = nina->post_form(
      "/staff/users", user_form(csrf_from(*nina), {{"admin", "yes"}}, app.namsos_id()));
  CHECK(post.result() == http::status::not_found);
  const auto org =
      nina->post_form("/staff/organisations", "_csrf=" + web::url_encode(csrf_from(*nina)) +
                                                  "&org_name=Ny&orgnr=&municipality=yes");
  CHECK(org.result() == http::status::not_found);
  CHECK(user_count(app) == before);
  CHECK_FALSE(data::OrganisationStore(app.db()).find_by_name("Ny"));
}

TEST_CASE("an admin sees every user with organisation and role") {
  StaffFixture app;
  auto ada = logged_in(app.port(), "admin@dialogdag.no");
  const auto page = ada->get("/staff/users");
  CHECK(page.result() == http::status::ok);
  CHECK(contains(page.body(),
                 "Nina Namsos</a></th><td>organiser@namsos.kommune.no</td><td>Namsos "
                 "kommune</td><td>Arrangør</td>"));
  CHECK(contains(
      page.body(),
      "Ada Admin</a></th><td>admin@dialogdag.no</td><td>Ingen</td><td>Administrator</td>"));
  CHECK(contains(page.body(), "href=\"/staff/users?lang=nb\""));  // the navigation
}

TEST_CASE("an admin creates an organiser who can then log in") {
  StaffFixture app;
  auto ada = logged_in(app.port(), "admin@dialogdag.no");
  const auto created = ada->post_form(
      "/staff/users", user_form(csrf_from(*ada, "/staff/users"), {}, app.vikna_id()));
  REQUIRE(created.result() == http::status::see_other);
  const auto page = ada->get(std::string(created[http::field::location]));
  CHECK(
      contains(page.body(),
               "Brukeren er opprettet og kan logge inn nå: Ola Nordmann (ola@namsos.kommune.no)"));

  Client ola(app.port());
  const auto login = ola.post_form(
      "/staff/login", "_csrf=" + web::url_encode(csrf_of(ola.get("/staff/login").body())) +
                          "&email=ola%40namsos.kommune.no&password=et+langt+passord");
  CHECK(login.result() == http::status::see_other);
  const auto user = data::UserStore(app.db()).find_by_email("ola@namsos.kommune.no");
  REQUIRE(user.ok());
  CHECK(user.value().organisation_id == app.vikna_id());
  CHECK_FALSE(user.value().admin);
}

TEST_CASE("an admin creates a user in a new organisation, and an admin without one") {
  StaffFixture app;
  auto ada = logged_in(app.port(), "admin@dialogdag.no");
  const std::string csrf = csrf_from(*ada, "/staff/users");
  CHECK(ada->post_form(
               "/staff/users",
               user_form(csrf, {{"organisation", "new"}, {"new_organisation", "Nærøysund kommune"}},
                         0))
            .result() == http::status::see_other);
  const auto organisation = data::OrganisationStore(app.db()).find_by_name("Nærøysund kommune");
  REQUIRE(organisation.ok());
  CHECK(data::UserStore(app.db()).find_by_email("ola@namsos.kommune.no").value().organisation_id ==
        organisation.value().id);

  CHECK(ada->post_form(
               "/staff/users",
               user_form(
                   csrf,
                   {{"email", "ny.admin@dialogdag.no"}, {"organisation", ""}, {"admin", "yes"}}, 0))
            .result() == http::status::see_other);
  const auto admin = data::UserStore(app.db()).find_by_email("ny.admin@dialogdag.no");
  REQUIRE(admin.ok());
  CHECK(admin.value().admin);
  CHECK_FALSE(admin.value().organisation_id);
}

TEST_CASE("every mistake in the user form is named at its field and nothing is created") {
  StaffFixture app;
  auto ada = logged_in(app.port(), "admin@dialogdag.no");
  const std::string csrf = csrf_from(*ada, "/staff/users");
  const std::size_t before = user_count(app);
  struct Case {
    std::map<std::string, std::string> changes;
    std::string field, message;
  };
  const std::vector<Case> cases = {
      {{{"name", "  "}}, "name", "Skriv navnet på brukeren"},
      {{{"name", std::string(201, 'x')}}, "name", "Teksten er for lang (høyst 200 tegn)"},
      {{{"email", ""}}, "email", "Skriv e-postadressen"},
      {{{"email", "ola.namsos.kommune.no"}}, "email", "Skriv e-postadressen slik"},
      {{{"email", "Organiser@Namsos.Kommune.no"}},
       "email",
       "Det finnes allerede en bruker med denne e-postadressen"},
      {{{"organisation", ""}}, "organisation", "Velg organisasjonen brukeren arbeider for"},
      {{{"organisation", "9999"}}, "organisation", "Velg en organisasjon fra listen"},
      {{{"organisation", "abc"}}, "organisation", "Velg en organisasjon fra listen"},
      {{{"organisation", "new"}}, "new_organisation", "Skriv navnet på den nye organisasjonen"},
      {{{"organisation", "new"}, {"new_organisation", "Vikna kommune"}},
       "new_organisation",
       "Organisasjonen finnes allerede"},
      {{{"new_organisation", "Leka kommune"}},
       "new_organisation",
       "Velg «Ny organisasjon» i listen over, eller tøm dette feltet"},
      {{{"admin", ""}}, "admin-yes", "Svar på om brukeren skal være administrator"},
      {{{"admin", "kanskje"}}, "admin-yes", "Svar på om brukeren skal være administrator"},
      {{{"password", ""}}, "password", "Skriv et passord"},
      {{{"password", "kort"}}, "password", "Passordet må ha minst 10 tegn"},
      {{{"password", std::string(201, 'p')}}, "password", "Passordet kan ha høyst 200 tegn"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.message);
    const auto response =
        ada->post_form("/staff/users", user_form(csrf, c.changes, app.namsos_id()));
    CHECK(response.result() == http::status::unprocessable_entity);
    CHECK(contains(response.body(), "href=\"#" + c.field + "\">" + c.message));
    CHECK(contains(response.body(), "id=\"" + c.field + "-error\""));
    CHECK(contains(response.body(), "aria-invalid=\"true\""));
    if (!c.changes.count("email"))
      CHECK(contains(response.body(), "value=\"ola@namsos.kommune.no\""));
    CHECK_FALSE(contains(response.body(), "et langt passord"));  // a password is never shown again
  }
  CHECK(user_count(app) == before);
  CHECK_FALSE(data::OrganisationStore(app.db()).find_by_name("Leka kommune"));
}

TEST_CASE("creating a user needs the admin session's own form token") {
  StaffFixture app;
  auto ada = logged_in(app.port(), "admin@dialogdag.no");
  auto nina = logged_in(app.port(), "organiser@namsos.kommune.no");
  const std::size_t before = user_count(app);
  for (const std::string& token : {std::string(""), std::string("forged"), csrf_from(*nina)}) {
    CAPTURE(token);
    std::string body = user_form(token, {}, app.namsos_id());
    if (token.empty()) body = body.substr(body.find('&') + 1);  // no _csrf at all
    const auto response = ada->post_form("/staff/users", body);
    CHECK(response.result() == http::status::forbidden);
  }
  CHECK(user_count(app) == before);
}

TEST_CASE("an admin lists and creates organisations, with the organisation number checked") {
  StaffFixture app;
  auto ada = logged_in(app.port(), "admin@dialogdag.no");
  const auto page = ada->get("/staff/organisations");
  CHECK(page.result() == http::status::ok);
  CHECK(contains(page.body(),
                 "<th scope=\"row\">Namsos kommune</th><td>Ikke registrert</td><td>Ja</td><td "
                 "class=\"number\">1</td>"));
  const std::string csrf = csrf_of(page.body());
  const std::string orgnr = valid_orgnr(7);
  const auto created = ada->post_form(
      "/staff/organisations", "_csrf=" + web::url_encode(csrf) +
                                  "&org_name=Innkj%C3%B8p+Midt+IKS&orgnr=" + orgnr.substr(0, 3) +
                                  "+" + orgnr.substr(3) + "&municipality=no");
  REQUIRE(created.result() == http::status::see_other);
  const auto after = ada->get(std::string(created[http::field::location]));
  CHECK(contains(after.body(), "Organisasjonen er opprettet: Innkjøp Midt IKS"));
  CHECK(contains(after.body(),
                 "<th scope=\"row\">Innkjøp Midt IKS</th><td>" + orgnr + "</td><td>Nei</td>"));

  struct Case {
    std::string body, field, message;
  };
  const std::vector<Case> cases = {
      {"org_name=&orgnr=&municipality=yes", "org_name", "Skriv navnet på organisasjonen"},
      {"org_name=Namsos+kommune&orgnr=&municipality=yes", "org_name",
       "Det finnes allerede en organisasjon med dette navnet"},
      {"org_name=" + std::string(201, 'n') + "&orgnr=&municipality=yes", "org_name",
       "Teksten er for lang"},
      {"org_name=Leka+kommune&orgnr=123456789&municipality=yes", "orgnr",
       "Organisasjonsnummeret er ikke gyldig"},
      {"org_name=Leka+kommune&orgnr=" + orgnr + "&municipality=yes", "orgnr",
       "Det finnes allerede en organisasjon med dette organisasjonsnummeret"},
      {"org_name=Leka+kommune&orgnr=", "municipality-yes",
       "Svar på om organisasjonen er en kommune"},
  };
  const std::size_t count = data::OrganisationStore(app.db()).all().size();
  for (const auto& c : cases) {
    CAPTURE(c.message);
    const auto response =
        ada->post_form("/staff/organisations", "_csrf=" + web::url_encode(csrf) + "&" + c.body);
    CHECK(response.result() == http::status::unprocessable_entity);
    CHECK(contains(response.body(), "href=\"#" + c.field + "\">" + c.message));
    CHECK(contains(response.body(), "id=\"" + c.field + "-error\""));
  }
  CHECK(data::OrganisationStore(app.db()).all().size() == count);
}

TEST_CASE("an admin sets a new password for a user, who is logged out everywhere") {
  StaffFixture app;
  auto nina = logged_in(app.port(), "organiser@namsos.kommune.no");
  auto ada = logged_in(app.port(), "admin@dialogdag.no");
  const auto nina_id =
      data::UserStore(app.db()).find_by_email("organiser@namsos.kommune.no").value().id;
  const std::string path = "/staff/users/" + std::to_string(nina_id);
  CHECK(contains(ada->get("/staff/users").body(),
                 "<a href=\"" + path + "?lang=nb\">Nina Namsos</a>"));
  const auto page = ada->get(path);
  REQUIRE(page.result() == http::status::ok);
  CHECK(contains(page.body(), "<h1>Nina Namsos</h1>"));
  const std::string csrf = csrf_of(page.body());

  struct Case {
    std::string body, field, message;
  };
  const std::vector<Case> cases = {
      {"new_password=&repeat_password=", "new_password", "Skriv et passord"},
      {"new_password=kort&repeat_password=kort", "new_password", "Passordet må ha minst 10 tegn"},
      {"new_password=nytt+passord+her&repeat_password=noe+annet+her", "repeat_password",
       "De to nye passordene er ikke like"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.message);
    const auto response = ada->post_form(path, "_csrf=" + web::url_encode(csrf) + "&" + c.body);
    CHECK(response.result() == http::status::unprocessable_entity);
    CHECK(contains(response.body(), "href=\"#" + c.field + "\">" + c.message));
  }
  CHECK(still_logged_in(*nina));

  const auto set =
      ada->post_form(path, "_csrf=" + web::url_encode(csrf) +
                               "&new_password=satt+av+admin&repeat_password=satt+av+admin");
  REQUIRE(set.result() == http::status::see_other);
  CHECK(contains(ada->get(std::string(set[http::field::location])).body(),
                 "Det nye passordet er satt"));
  CHECK_FALSE(still_logged_in(*nina));
  CHECK(still_logged_in(*ada));
  Client again(app.port());
  CHECK(attempt_login(again, "organiser@namsos.kommune.no", "satt av admin").result() ==
        http::status::see_other);

  CHECK(ada->get("/staff/users/9999").result() == http::status::not_found);
  CHECK(ada->get("/staff/users/abc").result() == http::status::not_found);
  auto vidar = logged_in(app.port(), "organiser@vikna.kommune.no");
  CHECK(vidar->get(path).result() == http::status::not_found);
  CHECK(
      vidar
          ->post_form(path, "_csrf=" + web::url_encode(csrf_from(*vidar)) +
                                "&new_password=vidar+sitt+forsok&repeat_password=vidar+sitt+forsok")
          .result() == http::status::not_found);
  Client check(app.port());
  CHECK(attempt_login(check, "organiser@namsos.kommune.no", "satt av admin").result() ==
        http::status::see_other);
}

// ---- Own account ----

TEST_CASE("a user changes their password: the old one stops working, other sessions end") {
  StaffFixture app;
  auto desk = logged_in(app.port(), "organiser@vikna.kommune.no");
  auto laptop = logged_in(app.port(), "organiser@vikna.kommune.no");
  const auto page = desk->get("/staff/account");
  CHECK(page.result() == http::status::ok);
  CHECK(contains(page.body(), "Vidar Vikna"));
  CHECK(contains(page.body(), "Vikna kommune"));
  const std::string csrf = csrf_of(page.body());
  const auto changed = desk->post_form(
      "/staff/account",
      "_csrf=" + web::url_encode(csrf) + "&current_password=" + web::url_encode(kPassword) +
          "&new_password=nytt+og+langt+passord&repeat_password=nytt+og+langt+passord");
  REQUIRE(changed.result() == http::status::see_other);
  CHECK(contains(desk->get(std::string(changed[http::field::location])).body(),
                 "Passordet er byttet"));
  CHECK(still_logged_in(*desk));
  CHECK_FALSE(still_logged_in(*laptop));

  Client old_password(app.port());
  CHECK(attempt_login(old_password, "organiser@vikna.kommune.no", kPassword).result() ==
        http::status::unauthorized);
  CHECK(
      attempt_login(old_password, "organiser@vikna.kommune.no", "nytt og langt passord").result() ==
      http::status::see_other);
}

TEST_CASE("every mistake in the password change is named and the password stays") {
  StaffFixture app;
  auto client = logged_in(app.port(), "organiser@vikna.kommune.no");
  const std::string csrf = csrf_from(*client, "/staff/account");
  const std::string current = web::url_encode(kPassword);
  struct Case {
    std::string body, field, message;
  };
  const std::vector<Case> cases = {
      {"current_password=&new_password=nytt+passord+her&repeat_password=nytt+passord+her",
       "current_password", "Skriv det nåværende passordet ditt"},
      {"current_password=" + current + "&new_password=&repeat_password=", "new_password",
       "Skriv et passord"},
      {"current_password=" + current + "&new_password=kort&repeat_password=kort", "new_password",
       "Passordet må ha minst 10 tegn"},
      {"current_password=" + current +
           "&new_password=nytt+passord+her&repeat_password=nytt+passord+hr",
       "repeat_password", "De to nye passordene er ikke like"},
      {"current_password=" + current + "&new_password=" + current + "&repeat_password=" + current,
       "new_password", "Det nye passordet må være et annet enn det gamle"},
      {"current_password=feil+passord+her&new_password=nytt+passord+her&repeat_password=nytt+"
       "passord+her",
       "current_password", "Det nåværende passordet er feil"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.message);
    const auto response =
        client->post_form("/staff/account", "_csrf=" + web::url_encode(csrf) + "&" + c.body);
    CHECK(response.result() == http::status::unprocessable_entity);
    CHECK(contains(response.body(), "href=\"#" + c.field + "\">" + c.message));
    CHECK(contains(response.body(), "id=\"" + c.field + "-error\""));
  }
  Client check(app.port());
  CHECK(attempt_login(check, "organiser@vikna.kommune.no", kPassword).result() ==
        http::status::see_other);
}
