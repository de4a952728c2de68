#include "web/csrf.h"

#include <sodium.h>

#include <stdexcept>

namespace dialogdag::web {
namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

std::string base64url(const unsigned char* bytes, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

}  // namespace

SecretKey random_key() {
  ensure_sodium();
  SecretKey key;
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string random_token() {
  ensure_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return base64url(bytes, sizeof bytes);
}

std::string CsrfGuard::token_for(std::string_view binding) const {
  ensure_sodium();
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(binding.data()), binding.size(),
              key_.data());
  return base64url(mac, sizeof mac);
}

bool CsrfGuard::verify(std::string_view binding, std::string_view token) const {
  if (binding.empty() || token.empty()) return false;
  const std::string expected = token_for(binding);
  return expected.size() == token.size() &&
         sodium_memcmp(expected.data(), token.data(), expected.size()) == 0;
}

}  // namespace dialogdag::web
