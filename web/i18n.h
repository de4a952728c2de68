// Languages: Norwegian Bokmål first, English on every page. Texts live in one catalog
// (web/i18n.cpp), each key with both languages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "web/server.h"

namespace dialogdag::web {

enum class Lang { kNb, kEn };

// The page language: ?lang=nb|en in the query, then the "lang" cookie, then Accept-Language
// (English when it prefers English over Norwegian), else Bokmål.
Lang language_of(const Request& request);

// "nb" / "en", for lang attributes and links.
std::string_view code(Lang lang);

// The text for `key` in `lang`. REQUIRES: key is in the catalog (a test checks every key used
// by the pages); an unknown key comes back as itself, visibly wrong but harmless.
std::string_view tr(Lang lang, std::string_view key);

// "torsdag 11. mars 2027" / "Thursday 11 March 2027" for "2027-03-11"; the text unchanged when
// it is not such a date.
std::string long_date(std::string_view ymd, Lang lang);

// Every key of the catalog, for tests.
std::vector<std::string_view> catalog_keys();

}  // namespace dialogdag::web
