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
  std::string script{};       // a script of our own to load with defer ("/static/…"), or none
};

std::string render_page(const PageFrame& frame, const std::string& main_html);

// The document title: `title` and " – dialogdag", shortened at a word with "…" so that the whole
// stays within 70 characters (long event names would otherwise fill a browser tab and a screen
// reader's window list). Plain text; the caller escapes it.
std::string document_title(const std::string& title);

// The start of a table that may be wider than the screen: a scrolling region a keyboard user can
// reach and scroll (WCAG 2.1.1), named by the caption, then `<table ATTRIBUTES>` and its
// caption. `table_attributes` and `caption_html` are already-escaped HTML.
std::string scrolling_table_start(const std::string& table_attributes, const std::string& caption_html);
// Closes what scrolling_table_start() opened.
inline constexpr const char* kScrollingTableEnd = "</table>\n</section>\n";

// A complete HTML response with the page; status as given.
Response html_page(http::status status, const PageFrame& frame, const std::string& main_html);

}  // namespace dialogdag::web
