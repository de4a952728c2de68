// Secrets: staff passwords (Argon2id through libsodium), session and manage tokens (random,
// stored only as a BLAKE2b digest), booking references. Nothing here logs or keeps a secret.
#pragma once

#include <string>
#include <string_view>

namespace dialogdag::data {

// Argon2id hash in the PHC string format ("$argon2id$v=19$m=...,t=...,p=...$salt$hash") with
// libsodium's interactive limits. Throws std::runtime_error only when memory runs out.
std::string hash_password(std::string_view password);

// True when `password` matches `hash` (a string from hash_password). Constant-time compare.
bool verify_password(std::string_view hash, std::string_view password);

// 256 random bits, base64url without padding (43 characters): session and manage tokens.
std::string random_token();

// The form a token is stored in: BLAKE2b-256 of the token, 64 lowercase hex digits. A stolen
// database does not give working tokens.
std::string token_digest(std::string_view token);

// A short readable booking reference "DK-7F3K-92QX" (no 0/O, 1/I/L). Not a secret; uniqueness
// is the database's job (retry on conflict).
std::string booking_reference();

// Overwrites a string's bytes with zeros (not optimised away), then clears it: for passwords
// read from a terminal or a form once they have been hashed.
void wipe(std::string& secret);

}  // namespace dialogdag::data
