#include "web/qa_view.h"

#include "data/minutes_store.h"
#include "data/time.h"
#include "web/form.h"

namespace dialogdag::web {
namespace {

// Text with line breaks kept, escaped.
std::string with_breaks(const std::string& text) {
  std::string html;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!html.empty()) html += "<br>\n";
    html += html_escape(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return html;
}

}  // namespace

std::string shared_answers_html(data::Db& db, std::int64_t event_id, const std::string& time_zone,
                                Lang lang) {
  std::string items;
  for (const auto& entry : data::MinutesStore(db).shared(event_id)) {
    if (entry.question.empty()) continue;
    items += "<div class=\"qa-entry\">\n<dt>" + with_breaks(entry.question) + "</dt>\n<dd>" +
             with_breaks(entry.answer);
    const auto shared = entry.shared_at ? data::parse_instant(*entry.shared_at) : std::nullopt;
    if (shared)
      if (auto local = data::instant_to_local(*shared, time_zone))
        items += "<br>\n<span class=\"muted\">" + html_escape(tr(lang, "staff.record.qa_public.shared")) +
                 " " + html_escape(long_date(local.value().day, lang)) + "</span>";
    items += "</dd>\n</div>\n";
  }
  if (items.empty()) return "";
  return "<section class=\"qa\" aria-labelledby=\"qa-title\">\n<h2 id=\"qa-title\">" +
         html_escape(tr(lang, "staff.record.qa_public.title")) + "</h2>\n<p>" +
         html_escape(tr(lang, "staff.record.qa_public.intro")) + "</p>\n<dl class=\"qa\">\n" +
         items + "</dl>\n</section>\n";
}

}  // namespace dialogdag::web
