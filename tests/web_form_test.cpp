// Form bodies, query strings and cookies as browsers (and attackers) send them.
#include <doctest/doctest.h>

#include <random>

#include "web/form.h"

using namespace dialogdag::web;

TEST_CASE("a booking form with repeated names and Norwegian letters parses in order") {
  auto form = parse_form(
      "company=Fjord+%C3%86rlig+AS&attendee_name=Kari&attendee_name=Ola+Nordmann&panel=felles"
      "&panel=teknisk&topics=Linje+1%0D%0ALinje+2&empty=");
  REQUIRE(form.ok());
  CHECK(form.value().value("company") == "Fjord \xC3\x86rlig AS");
  CHECK(form.value().all("attendee_name") == std::vector<std::string>{"Kari", "Ola Nordmann"});
  CHECK(form.value().all("panel") == std::vector<std::string>{"felles", "teknisk"});
  CHECK(form.value().value("topics") == "Linje 1\r\nLinje 2");
  CHECK(form.value().first("empty") == std::string());
  CHECK_FALSE(form.value().first("missing"));
}

TEST_CASE("broken forms are refused with a message, never a crash") {
  CHECK_FALSE(parse_form("a=%zz").ok());
  CHECK_FALSE(parse_form("a=%4").ok());
  CHECK_FALSE(parse_form("a=%").ok());
  CHECK_FALSE(parse_form("a=%C3").ok());          // truncated UTF-8
  CHECK_FALSE(parse_form("a=%C0%AF").ok());       // overlong
  CHECK_FALSE(parse_form("a=%ED%A0%80").ok());    // surrogate
  CHECK_FALSE(parse_form("a=x%00y").ok());        // NUL
  CHECK_FALSE(parse_form("na%0Ame=x").ok());      // line break in a name
  std::string many;
  for (int i = 0; i <= static_cast<int>(kMaxFormFields); ++i) many += "a=1&";
  CHECK(parse_form(many).error().find("more than") != std::string::npos);
  CHECK(parse_form("").value().pairs().empty());
  CHECK(parse_form("&&=&").value().pairs().size() == 1);
}

TEST_CASE("random bytes never crash the form parser") {
  std::mt19937 rng(1);
  for (int round = 0; round < 20'000; ++round) {
    std::string text(rng() % 40, '\0');
    for (char& c : text) c = "a=&%+1F\xC3\x86\x00 "[rng() % 12];
    const auto form = parse_form(text);
    if (form.ok())
      for (const auto& [name, value] : form.value().pairs()) CHECK(valid_utf8(name + value));
  }
}

TEST_CASE("cookies: the first of a name wins, junk is skipped") {
  CHECK(cookie("sid=abc; lang=en", "lang") == std::string("en"));
  CHECK(cookie("sid=abc; sid=evil", "sid") == std::string("abc"));
  CHECK(cookie(" ; =x; noequals; a=\"quoted\"", "a") == std::string("quoted"));
  CHECK_FALSE(cookie("", "sid"));
}

TEST_CASE("html_escape makes text safe in elements and attributes") {
  CHECK(html_escape("<script>alert('x')</script> & \"y\"") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;");
  CHECK(html_escape("Møterom Namsos") == "Møterom Namsos");
}

TEST_CASE("url_encode keeps unreserved characters and encodes the rest") {
  CHECK(url_encode("a b/æ?&") == "a%20b%2F%C3%A6%3F%26");
  CHECK(url_encode("Az09-._~") == "Az09-._~");
}
