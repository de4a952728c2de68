// What people type: organisation numbers, e-mail addresses and clock times are accepted when
// they are right and refused when they are not, without surprises at the edges.
#include "scheduler/validation.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace dialogdag::core;

TEST_CASE("a valid organisation number is accepted and comes back as nine digits") {
  CHECK(normalise_orgnr("123456785") == std::optional<std::string>("123456785"));
  CHECK(normalise_orgnr("974760673") == std::optional<std::string>("974760673"));  // Brreg itself
}

TEST_CASE("an organisation number with a wrong check digit is refused") {
  CHECK_FALSE(normalise_orgnr("123456789"));
  CHECK_FALSE(normalise_orgnr("974760674"));
}

TEST_CASE("spaces between the digits of an organisation number are allowed and removed") {
  CHECK(normalise_orgnr("123 456 785") == std::optional<std::string>("123456785"));
  CHECK(normalise_orgnr("974  760 673") == std::optional<std::string>("974760673"));
  CHECK(normalise_orgnr("974\xC2\xA0"
                        "760\xC2\xA0"
                        "673") ==  // no-break spaces, as pasted
        std::optional<std::string>("974760673"));
}

TEST_CASE("blanks around an organisation number are trimmed") {
  CHECK(normalise_orgnr(" 123456785") == std::optional<std::string>("123456785"));
  CHECK(normalise_orgnr("123 456 785 \t\n") == std::optional<std::string>("123456785"));
}

TEST_CASE("an organisation number whose remainder is 1 has no valid check digit") {
  // 4*3 = 12, and 12 mod 11 = 1: no ninth digit makes 40000000x valid.
  for (char last = '0'; last <= '9'; ++last) {
    CAPTURE(last);
    CHECK_FALSE(normalise_orgnr(std::string("40000000") + last));
  }
}

TEST_CASE("an organisation number whose remainder is 0 has check digit 0") {
  // 1*3 + 1*2 + 1*6 = 11: remainder 0, so the check digit is 0.
  CHECK(normalise_orgnr("110100000") == std::optional<std::string>("110100000"));
  CHECK_FALSE(normalise_orgnr("110100001"));
}

TEST_CASE("an organisation number with letters, other separators or the wrong length is refused") {
  CHECK_FALSE(normalise_orgnr(""));
  CHECK_FALSE(normalise_orgnr("   "));
  CHECK_FALSE(normalise_orgnr("12345678"));     // 8 digits
  CHECK_FALSE(normalise_orgnr("1234567850"));   // 10 digits
  CHECK_FALSE(normalise_orgnr("12345678O"));    // letter O for zero
  CHECK_FALSE(normalise_orgnr("NO123456785"));  // VAT-style prefix
  CHECK_FALSE(normalise_orgnr("123456785MVA"));
  CHECK_FALSE(normalise_orgnr("123-456-785"));
  CHECK_FALSE(normalise_orgnr("123.456.785"));
  CHECK_FALSE(normalise_orgnr("123\t456785"));  // a tab is not a space between digits
  CHECK_FALSE(normalise_orgnr(std::string("123456785\0", 10)));
}

TEST_CASE("ordinary e-mail addresses are plausible") {
  CHECK(plausible_email("kari.nordmann@namsos.kommune.no"));
  CHECK(plausible_email("post@acme.no"));
  CHECK(plausible_email("ola+dialog@example.com"));
  CHECK(plausible_email("post@bærum.kommune.no"));  // non-ASCII domain, as typed
  CHECK(plausible_email("o'brien@example.co.uk"));
}

TEST_CASE("e-mail addresses with typos are not plausible") {
  CHECK_FALSE(plausible_email(""));
  CHECK_FALSE(plausible_email("kari"));
  CHECK_FALSE(plausible_email("kari@namsos"));  // no top-level domain
  CHECK_FALSE(plausible_email("@namsos.no"));
  CHECK_FALSE(plausible_email("kari@"));
  CHECK_FALSE(plausible_email("kari@@namsos.no"));
  CHECK_FALSE(plausible_email("kari@nav@namsos.no"));
  CHECK_FALSE(plausible_email("kari nordmann@namsos.no"));
  CHECK_FALSE(plausible_email(" kari@namsos.no"));
  CHECK_FALSE(plausible_email("kari@namsos.no "));
  CHECK_FALSE(plausible_email("kari@namsos..no"));
  CHECK_FALSE(plausible_email("kari@.namsos.no"));
  CHECK_FALSE(plausible_email("kari@namsos.no."));
  CHECK_FALSE(plausible_email(".kari@namsos.no"));
  CHECK_FALSE(plausible_email("kari.@namsos.no"));
  CHECK_FALSE(plausible_email("kari@namsos.n"));  // one-letter top-level domain
  CHECK_FALSE(plausible_email("kari@10.0.0.1"));
  CHECK_FALSE(plausible_email("kari@-namsos.no"));
  CHECK_FALSE(plausible_email("kari@namsos_kommune.no"));
  CHECK_FALSE(plausible_email("kari,ola@namsos.no"));
  CHECK_FALSE(plausible_email("kari@namsos.no\n"));
}

TEST_CASE("an e-mail address longer than 254 bytes is not plausible") {
  const std::string domain = "@" + std::string(60, 'a') + "." + std::string(60, 'b') + "." +
                             std::string(60, 'c') + "." + std::string(60, 'd') + ".no";
  const std::string local(254 - domain.size(), 'k');
  CHECK(plausible_email(local + domain));  // exactly 254
  CHECK_FALSE(plausible_email("k" + local + domain));
}

TEST_CASE("clock times are read as two-digit hours and minutes from 00:00 to 23:59") {
  CHECK(parse_clock("00:00") == std::optional<Minutes>(0));
  CHECK(parse_clock("07:30") == std::optional<Minutes>(450));
  CHECK(parse_clock("12:30") == std::optional<Minutes>(750));
  CHECK(parse_clock("23:59") == std::optional<Minutes>(1439));
}

TEST_CASE("clock times out of range or in another shape are refused") {
  CHECK_FALSE(parse_clock("24:00"));
  CHECK_FALSE(parse_clock("12:60"));
  CHECK_FALSE(parse_clock("7:30"));
  CHECK_FALSE(parse_clock("07:3"));
  CHECK_FALSE(parse_clock(" 07:30"));
  CHECK_FALSE(parse_clock("07:30 "));
  CHECK_FALSE(parse_clock("07.30"));
  CHECK_FALSE(parse_clock("0730"));
  CHECK_FALSE(parse_clock("-1:00"));
  CHECK_FALSE(parse_clock(""));
}

TEST_CASE("clock times are written as HH:MM and read back unchanged") {
  CHECK(format_clock(0) == "00:00");
  CHECK(format_clock(450) == "07:30");
  CHECK(format_clock(1439) == "23:59");
  for (Minutes m = 0; m < 24 * 60; ++m) {
    CAPTURE(m);
    REQUIRE(parse_clock(format_clock(m)) == std::optional<Minutes>(m));
  }
}
