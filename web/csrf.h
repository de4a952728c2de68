// Cross-site request forgery protection: every form carries a token bound to the browser.
//
// Pattern: signed double-submit. The browser holds a random value in a cookie (public pages:
// the "dd_form" cookie; staff: their session); the form's hidden _csrf field holds an HMAC of
// that value under the server's secret key. A POST is accepted only when the field matches the
// cookie it came with. Another site can make a browser send the cookie but cannot read it or
// compute the token; a token from another browser or session does not match.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace dialogdag::web {

using SecretKey = std::array<unsigned char, 32>;

// A fresh key from the operating system's cryptographic random source.
SecretKey random_key();

// A fresh random value for a cookie: 32 bytes, base64url without padding (43 characters).
std::string random_token();

class CsrfGuard {
 public:
  explicit CsrfGuard(const SecretKey& key) : key_(key) {}

  // The token to put in forms for a browser whose binding cookie holds `binding`.
  std::string token_for(std::string_view binding) const;

  // Whether `token` (from the form) belongs to `binding` (from the cookie). Constant time.
  bool verify(std::string_view binding, std::string_view token) const;

 private:
  SecretKey key_;
};

}  // namespace dialogdag::web
