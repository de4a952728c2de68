#include "web/layout.h"

#include <algorithm>
#include <string_view>

#include "web/form.h"
#include "web/router.h"

namespace dialogdag::web {

std::string document_title(const std::string& title) {
  constexpr std::size_t kMaxCharacters = 70;
  const std::string suffix = " – dialogdag";
  const auto characters = [](std::string_view text) {  // UTF-8 code points
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
  };
  if (characters(title) + characters(suffix) <= kMaxCharacters) return title + suffix;
  const std::string ellipsis = "…";
  const std::size_t budget = kMaxCharacters - characters(suffix) - 1;  // one for the ellipsis
  std::size_t cut = 0, counted = 0;
  while (cut < title.size() && counted < budget) {
    ++cut;
    while (cut < title.size() && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) ++cut;
    ++counted;
  }
  const std::size_t space = title.rfind(' ', cut);
  if (space != std::string::npos && space > cut / 2) cut = space;
  std::string shortened = title.substr(0, cut);
  while (!shortened.empty() && (shortened.back() == ' ' || shortened.back() == ':' || shortened.back() == ','))
    shortened.pop_back();
  return shortened + ellipsis + suffix;
}

std::string scrolling_table_start(const std::string& table_attributes, const std::string& caption_html) {
  // aria-label takes text: the caption's markup without tags (captions are plain text today).
  return "<section class=\"table-scroll\" tabindex=\"0\" aria-label=\"" + caption_html +
         "\">\n<table " + table_attributes + ">\n<caption>" + caption_html + "</caption>\n";
}

std::string render_page(const PageFrame& frame, const std::string& main_html) {
  const Lang other = frame.lang == Lang::kEn ? Lang::kNb : Lang::kEn;
  std::string html;
  html.reserve(main_html.size() + 2048);
  html += "<!DOCTYPE html>\n<html lang=\"";
  html += code(frame.lang);
  html += "\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  html += html_escape(document_title(frame.title));
  html += "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n";
  if (!frame.script.empty())
    html += "<script src=\"" + html_escape(frame.script) + "\" defer></script>\n";
  html += "</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">";
  html += tr(frame.lang, "skip_to_content");
  html += "</a>\n<header class=\"site\">\n<a class=\"brand\" href=\"/?lang=";
  html += code(frame.lang);
  html += "\">dialogdag</a>\n";
  html += frame.header_html;
  html += "<nav aria-label=\"";
  html += tr(frame.lang, "lang.switch.label");
  html += "\"><a href=\"";
  html += html_escape(frame.path.empty() ? "/" : frame.path);
  html += "?lang=";
  html += code(other);
  html += "\" lang=\"";
  html += code(other);
  html += "\" hreflang=\"";
  html += code(other);
  html += "\">";
  html += tr(frame.lang, "lang.switch");
  html += "</a></nav>\n</header>\n<main id=\"main\"";
  if (frame.wide) html += " class=\"wide\"";
  html += ">\n";
  html += main_html;
  html += "\n</main>\n<footer class=\"site\">";
  html += tr(frame.lang, "footer");
  html += "</footer>\n</body>\n</html>\n";
  return html;
}

Response html_page(http::status status, const PageFrame& frame, const std::string& main_html) {
  Response response = make_response(status, render_page(frame, main_html));
  response.set(http::field::content_language, code(frame.lang));
  response.set(http::field::cache_control, "no-store");
  return response;
}

}  // namespace dialogdag::web
