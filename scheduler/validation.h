// Validation of what people type: organisation numbers, e-mail addresses, clock times.
// Pure functions; the web layer turns their verdicts into messages in the user's language.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scheduler/event.h"

namespace dialogdag::core {

// Norwegian organisation number: 9 digits, spaces allowed between them; MOD11 with weights
// 3,2,7,6,5,4,3,2 on the first eight digits, r = sum mod 11, check digit 0 if r = 0, invalid if
// r = 1, else 11 - r. Returns the 9 digits without spaces, or nullopt when invalid.
// Blanks around the number (space, tab, CR, LF, no-break space) are trimmed; between digits only
// spaces and no-break spaces (U+00A0, as pasted from registers) are allowed, any number of them.
// Anything else (letters, "NO ... MVA", dashes, dots, tabs inside) makes it invalid.
// normalise_orgnr("123 456 785") == "123456785"; normalise_orgnr("123456789") == nullopt.
std::optional<std::string> normalise_orgnr(std::string_view text);

// A plausible e-mail address (local@domain.tld, no spaces, at most 254 bytes). Not a proof that
// it exists; good enough to catch typos. Exactly one '@'; the local part at most 64 bytes, no
// control characters, spaces or "(),:;<>[]\, no leading, trailing or double dot; the domain
// at least two dot-separated labels of letters, digits, hyphens (not first or last) and
// non-ASCII letters (e.g. "bærum.kommune.no"), a top-level domain of two or more characters that
// is not all digits. No trimming: the caller trims what the user typed.
bool plausible_email(std::string_view text);

// "HH:MM" (00:00-23:59, two digits each) -> minutes since midnight; anything else -> nullopt
// ("24:00", "7:30", "07:3", " 07:30" included: no trimming).
std::optional<Minutes> parse_clock(std::string_view text);
// Minutes since midnight -> "HH:MM". REQUIRES: 0 <= minutes < 24 * 60.
std::string format_clock(Minutes minutes);

}  // namespace dialogdag::core
