// Languages and the page frame.
#include <doctest/doctest.h>

#include <set>

#include "web/i18n.h"
#include "web/layout.h"

using namespace dialogdag::web;

namespace {
Request with(const std::string& target, const std::string& cookie_header = "",
             const std::string& accept = "") {
  Request request{http::verb::get, target, 11};
  if (!cookie_header.empty()) request.set(http::field::cookie, cookie_header);
  if (!accept.empty()) request.set(http::field::accept_language, accept);
  return request;
}
}  // namespace

TEST_CASE("Bokmål is the default; the query, then the cookie, then the browser choose English") {
  CHECK(language_of(with("/")) == Lang::kNb);
  CHECK(language_of(with("/?lang=en")) == Lang::kEn);
  CHECK(language_of(with("/?lang=nb", "lang=en")) == Lang::kNb);
  CHECK(language_of(with("/", "lang=en")) == Lang::kEn);
  CHECK(language_of(with("/", "", "en-GB,en;q=0.9,nb;q=0.8")) == Lang::kEn);
  CHECK(language_of(with("/", "", "nb-NO,nb;q=0.9,en;q=0.8")) == Lang::kNb);
  CHECK(language_of(with("/", "", "de-DE")) == Lang::kNb);
  CHECK(language_of(with("/?lang=%zz")) == Lang::kNb);
}

TEST_CASE("the catalog has each key once and every text in both languages") {
  const auto keys = catalog_keys();
  CHECK(std::set<std::string_view>(keys.begin(), keys.end()).size() == keys.size());
  for (auto key : keys) {
    CAPTURE(key);
    CHECK_FALSE(tr(Lang::kNb, key).empty());
    CHECK_FALSE(tr(Lang::kEn, key).empty());
  }
}

TEST_CASE("a page declares its language, escapes its title and links the other language") {
  const std::string html = render_page({Lang::kEn, "Acme <AS>", "/e/dag", false}, "<p>x</p>");
  CHECK(html.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.find("<title>Acme &lt;AS&gt; – dialogdag</title>") != std::string::npos);
  CHECK(html.find("href=\"/e/dag?lang=nb\" lang=\"nb\"") != std::string::npos);
  CHECK(html.find("href=\"#main\"") != std::string::npos);
  CHECK(html.find("<main id=\"main\">") != std::string::npos);
}

TEST_CASE("a long event name is shortened at a word so that the tab title stays within 70 characters") {
  CHECK(document_title("Påmelding") == "Påmelding – dialogdag");
  const std::string title =
      document_title("Innstillinger – Dialogkonferanse: trygghetsalarmer i Namdalen");
  CHECK(title == "Innstillinger – Dialogkonferanse: trygghetsalarmer i… – dialogdag");
  std::size_t characters = 0;
  for (const char c : title) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  CHECK(characters <= 70);
}

TEST_CASE("a table wider than the screen scrolls in a named region that the keyboard reaches") {
  const std::string start = scrolling_table_start("class=\"timetable\"", "Møteplan");
  CHECK(start.find("<section class=\"table-scroll\" tabindex=\"0\" aria-label=\"Møteplan\">") == 0);
  CHECK(start.find("<table class=\"timetable\">\n<caption>Møteplan</caption>") != std::string::npos);
  CHECK(std::string(kScrollingTableEnd) == "</table>\n</section>\n");
}

TEST_CASE("dates are written out in the page's language") {
  CHECK(long_date("2027-03-11", Lang::kNb) == "torsdag 11. mars 2027");
  CHECK(long_date("2027-03-11", Lang::kEn) == "Thursday 11 March 2027");
  CHECK(long_date("2027-02-30", Lang::kNb) == "2027-02-30");
  CHECK(long_date("garbage", Lang::kEn) == "garbage");
}
