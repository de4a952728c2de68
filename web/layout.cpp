#include "web/layout.h"

#include "web/form.h"
#include "web/router.h"

namespace dialogdag::web {

std::string render_page(const PageFrame& frame, const std::string& main_html) {
  const Lang other = frame.lang == Lang::kEn ? Lang::kNb : Lang::kEn;
  std::string html;
  html.reserve(main_html.size() + 2048);
  html += "<!DOCTYPE html>\n<html lang=\"";
  html += code(frame.lang);
  html += "\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  html += html_escape(frame.title);
  html += " – dialogdag</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n"
          "<body>\n<a class=\"skip-link\" href=\"#main\">";
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
