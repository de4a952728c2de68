// The frame of every HTML page: language, title, skip link, header with the language switch,
// main, footer. Callers pass already-escaped HTML for the main content.
#pragma once

#include <string>

#include "web/i18n.h"

namespace dialogdag::web {

struct PageFrame {
  Lang lang = Lang::kNb;
  std::string title;         // plain text; escaped here
  std::string path;          // the page's path without query, for the language switch
  bool wide = false;         // staff grids use the full width
  std::string header_html{};  // extra, already-escaped header content (the staff navigation)
};

std::string render_page(const PageFrame& frame, const std::string& main_html);

// A complete HTML response with the page; status as given.
Response html_page(http::status status, const PageFrame& frame, const std::string& main_html);

}  // namespace dialogdag::web
