// The supplier's side over real HTTP against a real SQLite file: the event page, the booking
// form with its errors, the private booking page, cancelling.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "data/event_store.h"
#include "data/registration_store.h"
#include "http_test_client.h"
#include "public_test_support.h"
#include "web/form.h"
#include "web/public_site.h"

using namespace dialogdag;
using dialogdag::test::Client;
namespace http = boost::beast::http;

namespace {

// A temporary database with one open event: a plenary morning, one-to-ones after lunch, two
// panels sharing the procurement lead, three rooms (one digital): test::add_afternoon_day.
class OpenEvent : public test::PublicEventServer {
 public:
  explicit OpenEvent(data::BookingMode mode = data::BookingMode::kRequest,
                     const std::string& day = "2027-03-11")
      : PublicEventServer([&](data::Db& db, std::int64_t host) {
          data::EventInfo info;
          info.slug = "trygghetsalarm";
          info.title = "Dialogkonferanse <trygghetsalarmer>";
          info.subject = "Trygghetsalarmer";
          info.need = "Vi trenger trygghetsalarmer.\n\nFor fem kommuner.";
          info.venue = "Namsos rådhus";
          info.address = "Sverres gate 1";
          info.day = day;
          info.retention_until = "2027-12-31";
          info.host_organisation_id = host;
          info.max_people = 2;
          info.booking_mode = mode;
          data::EventStore events(db);
          auto id = events.create(info, "test");
          REQUIRE_MESSAGE(id.ok(), id.error());
          test::add_afternoon_day(events, id.value());
          REQUIRE(events.set_status(id.value(), data::EventStatus::kOpen, "test").ok());
          return id.value();
        }) {}
};

std::string csrf_of(const std::string& html) {
  std::smatch match;
  REQUIRE(std::regex_search(html, match, std::regex("name=\"_csrf\" value=\"([^\"]+)\"")));
  return match[1];
}

std::string valid_form(const std::string& csrf, const std::string& orgnr = "123456785") {
  return "_csrf=" + web::url_encode(csrf) + "&company=Acme+Trygghet+AS&orgnr=" + orgnr +
         "&contact_name=Ola+Nordmann&email=ola%40acme.no&phone=%2B47+900+00+000"
         "&attendee_name=Ola+Nordmann&attendee_role=Daglig+leder&attendee_name=&attendee_role="
         "&plenary=yes&meeting=yes&panel=felles&available_from=12%3A30&available_until=14%3A00"
         "&preferred_slot=13%3A05&topics=Integrasjon&consent=yes";
}

}  // namespace

TEST_CASE("the event page shows the need, the programme and how to book, escaped") {
  OpenEvent event;
  Client browser(event.port());
  const auto page = browser.get("/e/trygghetsalarm");
  CHECK(page.result() == http::status::ok);
  CHECK(page.body().find("<h1>Dialogkonferanse &lt;trygghetsalarmer&gt;</h1>") != std::string::npos);
  CHECK(page.body().find("Velkommen") != std::string::npos);
  CHECK(page.body().find("Namsos kommune") != std::string::npos);
  CHECK(page.body().find("/e/trygghetsalarm/book") != std::string::npos);
  CHECK(browser.get("/e/trygghetsalarm?lang=en").body().find("Register your company") != std::string::npos);
  CHECK(browser.get("/e/no-such-event").result() == http::status::not_found);
  CHECK(browser.get("/healthz").body() == "ok\n");
  const auto home = browser.get("/");
  CHECK(home.body().find("href=\"/e/trygghetsalarm?lang=nb\"") != std::string::npos);
  CHECK(home.body().find("torsdag 11. mars 2027") != std::string::npos);
}

TEST_CASE("a supplier books, gets a private link, and sees the booking there") {
  OpenEvent event;
  Client browser(event.port());
  const auto form = browser.get("/e/trygghetsalarm/book");
  REQUIRE(form.result() == http::status::ok);
  CHECK(browser.cookies.find(std::string(web::kFormCookie) + "=") != std::string::npos);
  const auto booked = browser.post_form("/e/trygghetsalarm/book", valid_form(csrf_of(form.body())));
  REQUIRE(booked.result() == http::status::see_other);
  const std::string link(booked[http::field::location]);
  CHECK(link.rfind("/b/", 0) == 0);
  const auto mine = browser.get(link);
  CHECK(mine.result() == http::status::ok);
  CHECK(std::regex_search(mine.body(), std::regex("DK-[0-9A-Z]{4}-[0-9A-Z]{4}")));
  CHECK(mine.body().find("Acme Trygghet AS") != std::string::npos);
  CHECK(data::RegistrationStore(event.db()).list(event.event_id()).size() == 1);
}

TEST_CASE("a form with mistakes comes back 422 with a summary, messages and what was typed") {
  OpenEvent event;
  Client browser(event.port());
  const std::string csrf = csrf_of(browser.get("/e/trygghetsalarm/book").body());
  std::string body = valid_form(csrf, "123456789");  // MOD11 fails
  body = std::regex_replace(body, std::regex("email=[^&]*"), "email=not-an-address");
  body = std::regex_replace(body, std::regex("&consent=yes"), "");
  const auto page = browser.post_form("/e/trygghetsalarm/book", body);
  CHECK(page.result() == http::status::unprocessable_entity);
  const std::string& html = page.body();
  CHECK(html.find("id=\"error-summary\"") != std::string::npos);
  CHECK(html.find("href=\"#orgnr\"") != std::string::npos);
  CHECK(html.find("href=\"#email\"") != std::string::npos);
  CHECK(html.find("href=\"#consent\"") != std::string::npos);
  CHECK(html.find("value=\"123456789\"") != std::string::npos);  // typed value kept
  CHECK(html.find("value=\"Acme Trygghet AS\"") != std::string::npos);
  CHECK(html.find("aria-invalid=\"true\"") != std::string::npos);
  CHECK(data::RegistrationStore(event.db()).list(event.event_id()).empty());  // nothing stored
}

TEST_CASE("the same organisation number twice gets a clear message, not a second booking") {
  OpenEvent event;
  Client browser(event.port());
  const std::string csrf = csrf_of(browser.get("/e/trygghetsalarm/book").body());
  REQUIRE(browser.post_form("/e/trygghetsalarm/book", valid_form(csrf)).result() == http::status::see_other);
  const auto again = browser.post_form("/e/trygghetsalarm/book", valid_form(csrf));
  CHECK(again.result() == http::status::unprocessable_entity);
  CHECK(again.body().find("allerede påmeldt") != std::string::npos);
  CHECK(data::RegistrationStore(event.db()).list(event.event_id()).size() == 1);
}

TEST_CASE("a post without the form's token is refused and stores nothing") {
  OpenEvent event;
  Client browser(event.port());
  browser.get("/e/trygghetsalarm/book");  // has the cookie, but sends a forged token
  CHECK(browser.post_form("/e/trygghetsalarm/book", valid_form("forged")).result() ==
        http::status::forbidden);
  Client stranger(event.port());  // another site's page: no cookie at all
  const std::string csrf = csrf_of(browser.get("/e/trygghetsalarm/book").body());
  CHECK(stranger.post_form("/e/trygghetsalarm/book", valid_form(csrf)).result() ==
        http::status::forbidden);
  CHECK(data::RegistrationStore(event.db()).list(event.event_id()).empty());
}

TEST_CASE("after the deadline the form answers 409 with a clear page") {
  OpenEvent event;
  REQUIRE(data::EventStore(event.db()).set_status(event.event_id(), data::EventStatus::kClosed, "test").ok());
  Client browser(event.port());
  const auto page = browser.get("/e/trygghetsalarm/book");
  CHECK(page.result() == http::status::conflict);
  CHECK(page.body().find("Påmeldingen er stengt") != std::string::npos);
}

TEST_CASE("a supplier cancels after confirming, and the booking page says so") {
  OpenEvent event;
  Client browser(event.port());
  const std::string csrf = csrf_of(browser.get("/e/trygghetsalarm/book").body());
  const std::string link(browser.post_form("/e/trygghetsalarm/book", valid_form(csrf))[http::field::location]);
  const std::string token = link.substr(3, link.find('?') - 3);
  const auto confirm = browser.get("/b/" + token + "/cancel");
  REQUIRE(confirm.result() == http::status::ok);
  const auto done = browser.post_form("/b/" + token + "/cancel", "_csrf=" + web::url_encode(csrf_of(confirm.body())));
  REQUIRE(done.result() == http::status::see_other);
  CHECK(browser.get("/b/" + token).body().find("Avmeldt") != std::string::npos);
  CHECK(browser.get("/b/not-a-token").result() == http::status::not_found);
}

TEST_CASE("instant mode: the slot is the supplier's at once, on the page and in the calendar") {
  OpenEvent event(data::BookingMode::kInstant);
  Client first(event.port());
  const auto form = first.get("/e/trygghetsalarm/book");
  CHECK(form.body().find("type=\"radio\" id=\"slot-1\" name=\"preferred_slot\" value=\"12:30\"") !=
        std::string::npos);
  const std::string link(first.post_form("/e/trygghetsalarm/book", valid_form(csrf_of(form.body())))[http::field::location]);
  REQUIRE(link.rfind("/b/", 0) == 0);
  const auto page = first.get(link);
  CHECK(page.body().find("13:05–13:35") != std::string::npos);
  CHECK(page.body().find("Møte satt opp") != std::string::npos);
  CHECK(page.body().find("<code>http://127.0.0.1/b/") != std::string::npos);  // the link to keep
  CHECK(page.body().find("Møterom Namsos") != std::string::npos);
  const std::string token = link.substr(3, link.find('?') - 3);
  const auto ics = first.get("/b/" + token + "/calendar.ics");
  CHECK(ics.result() == http::status::ok);
  CHECK(std::string(ics[http::field::content_type]).rfind("text/calendar", 0) == 0);
  CHECK(ics.body().find("DTSTART:20270311T120500Z") != std::string::npos);  // 13:05 in Oslo (CET)
  CHECK(ics.body().find("DTSTART:20270311T083000Z") != std::string::npos);  // the plenary 09:30
  CHECK(ics.body().find("DK-") != std::string::npos);                       // the reference

  // Another supplier who still had the old form picks the same slot: a clear message, the
  // other free slot offered, nothing stored.
  Client second(event.port());
  const std::string csrf = csrf_of(second.get("/e/trygghetsalarm/book").body());
  const auto late = second.post_form("/e/trygghetsalarm/book", valid_form(csrf, "974760673"));
  CHECK(late.result() == http::status::unprocessable_entity);
  CHECK(late.body().find("nettopp tatt") != std::string::npos);
  CHECK(late.body().find("value=\"12:30\"") != std::string::npos);
  CHECK(late.body().find("value=\"13:05\"") == std::string::npos);
  CHECK(data::RegistrationStore(event.db()).list(event.event_id()).size() == 1);
}

TEST_CASE("a supplier changes the registration through the private link") {
  OpenEvent event;
  Client browser(event.port());
  const std::string csrf = csrf_of(browser.get("/e/trygghetsalarm/book").body());
  const std::string link(browser.post_form("/e/trygghetsalarm/book", valid_form(csrf))[http::field::location]);
  const std::string token = link.substr(3, link.find('?') - 3);
  const auto edit = browser.get("/b/" + token + "/edit");
  REQUIRE(edit.result() == http::status::ok);
  CHECK(edit.body().find("value=\"Acme Trygghet AS\"") != std::string::npos);  // prefilled
  CHECK(edit.body().find("value=\"123456785\" readonly") != std::string::npos);
  std::string changed = valid_form(csrf_of(edit.body()));
  changed = std::regex_replace(changed, std::regex("company=[^&]*"), "company=Acme+Omsorg+AS");
  const auto saved = browser.post_form("/b/" + token, changed);
  REQUIRE(saved.result() == http::status::see_other);
  CHECK(browser.get("/b/" + token).body().find("Acme Omsorg AS") != std::string::npos);
  // A mistake while changing: 422 with the summary, nothing changed.
  const std::string broken = std::regex_replace(changed, std::regex("email=[^&]*"), "email=x");
  const auto refused = browser.post_form("/b/" + token, broken);
  CHECK(refused.result() == http::status::unprocessable_entity);
  CHECK(refused.body().find("href=\"#email\"") != std::string::npos);
  CHECK(data::RegistrationStore(event.db()).list(event.event_id()).at(0).email == "ola@acme.no");
}

TEST_CASE("the public calendar has the programme at the right instants on the day clocks change") {
  OpenEvent event(data::BookingMode::kRequest, "2027-03-28");  // summer time starts at 02:00
  Client browser(event.port());
  const auto ics = browser.get("/e/trygghetsalarm/calendar.ics");
  CHECK(ics.result() == http::status::ok);
  CHECK(ics.body().find("SUMMARY:Velkommen\r\n") != std::string::npos);
  CHECK(ics.body().find("DTSTART:20270328T073000Z") != std::string::npos);  // 09:30 CEST
  CHECK(ics.body().find("DTSTART:20270328T103000Z") != std::string::npos);  // one-to-ones 12:30
}

TEST_CASE("the event JSON shows free and taken slots but never who booked them") {
  OpenEvent event(data::BookingMode::kInstant);
  Client browser(event.port());
  const std::string csrf = csrf_of(browser.get("/e/trygghetsalarm/book").body());
  REQUIRE(browser.post_form("/e/trygghetsalarm/book", valid_form(csrf)).result() == http::status::see_other);
  const auto api = browser.get("/api/v1/events/trygghetsalarm");
  CHECK(api.result() == http::status::ok);
  CHECK(std::string(api[http::field::content_type]) == "application/json");
  const auto json = nlohmann::json::parse(api.body());
  CHECK(json["slots"][0]["start"] == "12:30");
  CHECK(json["slots"][0]["free"]["felles"] == true);
  CHECK(json["slots"][1]["free"]["felles"] == false);  // 13:05 was booked
  CHECK(api.body().find("Acme") == std::string::npos);
  CHECK(api.body().find("DK-") == std::string::npos);
  CHECK(api.body().find("Ola") == std::string::npos);
  CHECK(browser.get("/api/v1/events/nothing").result() == http::status::not_found);
}

TEST_CASE("line breaks sent in a one-line field are stored as one line") {
  OpenEvent event;
  Client browser(event.port());
  std::string form = valid_form(csrf_of(browser.get("/e/trygghetsalarm/book").body()));
  form = std::regex_replace(form, std::regex("company=[^&]*"), "company=Acme%0D%0A%09Trygghet++AS%0D%0A");
  form = std::regex_replace(form, std::regex("attendee_name=[^&]*"), "attendee_name=Kari%0ANordmann",
                            std::regex_constants::format_first_only);
  REQUIRE(browser.post_form("/e/trygghetsalarm/book", form).result() == http::status::see_other);
  const auto stored = data::RegistrationStore(event.db()).list(event.event_id());
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].company == "Acme Trygghet AS");
  REQUIRE_FALSE(stored[0].attendees.empty());
  CHECK(stored[0].attendees[0].name == "Kari Nordmann");
}

TEST_CASE("a company name with markup is shown escaped, and one booking's link shows only it") {
  OpenEvent event;
  Client a(event.port()), b(event.port());
  const std::string evil = web::url_encode("<script>alert(1)</script>");
  std::string form_a = valid_form(csrf_of(a.get("/e/trygghetsalarm/book").body()));
  form_a = std::regex_replace(form_a, std::regex("company=[^&]*"), "company=" + evil);
  const std::string link_a(a.post_form("/e/trygghetsalarm/book", form_a)[http::field::location]);
  const std::string link_b(
      b.post_form("/e/trygghetsalarm/book", valid_form(csrf_of(b.get("/e/trygghetsalarm/book").body()), "974760673"))
          [http::field::location]);
  const std::string token_a = link_a.substr(3, link_a.find('?') - 3);
  for (const std::string& path : {link_a, "/b/" + token_a + "/edit"}) {
    CAPTURE(path);
    const auto page = a.get(path);
    CHECK(page.body().find("<script>") == std::string::npos);
    CHECK(page.body().find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  }
  CHECK(a.get("/b/" + token_a + "/cancel").body().find("<script>") == std::string::npos);
  const auto page_b = b.get(link_b);
  CHECK(page_b.body().find("Acme Trygghet AS") != std::string::npos);
  CHECK(page_b.body().find("script") == std::string::npos);  // nothing of A's booking
  CHECK(a.get(link_a).body().find("Acme Trygghet AS") == std::string::npos);
}
