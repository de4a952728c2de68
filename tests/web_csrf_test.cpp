// CSRF tokens: a form token works only with the browser (cookie) it was made for.
#include <doctest/doctest.h>

#include <set>

#include "web/csrf.h"

using namespace dialogdag::web;

TEST_CASE("a form token verifies with its own cookie and with no other") {
  const CsrfGuard guard(random_key());
  const std::string mine = random_token(), theirs = random_token();
  const std::string token = guard.token_for(mine);
  CHECK(guard.verify(mine, token));
  CHECK_FALSE(guard.verify(theirs, token));                       // another browser's cookie
  CHECK_FALSE(guard.verify(mine, guard.token_for(theirs)));       // another session's token
  CHECK_FALSE(guard.verify(mine, ""));                            // missing
  CHECK_FALSE(guard.verify("", token));                           // no cookie
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  CHECK_FALSE(guard.verify(mine, tampered));
  CHECK_FALSE(CsrfGuard(random_key()).verify(mine, token));      // another server key
}

TEST_CASE("random tokens are long, URL-safe and do not repeat") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = random_token();
    CHECK(token.size() == 43);
    CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    seen.insert(token);
  }
  CHECK(seen.size() == 1000);
}
