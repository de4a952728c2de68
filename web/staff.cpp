#include "web/staff.h"

#include <algorithm>
#include <charconv>

#include "web/i18n_catalog.h"
#include "web/layout.h"

namespace dialogdag::web {

namespace {

constexpr CatalogEntry kCommon[] = {
    {"staff.nav.label", "Saksbehandler", "Staff"},
    {"staff.nav.events", "Konferanser", "Conferences"},
    {"staff.nav.users", "Brukere", "Users"},
    {"staff.nav.organisations", "Organisasjoner", "Organisations"},
    {"staff.nav.account", "Min konto", "My account"},
    {"staff.nav.logged_in_as", "Innlogget som", "Logged in as"},
    {"staff.nav.logout", "Logg ut", "Log out"},
    {"staff.bad_form.title", "Skjemaet kunne ikke leses", "The form could not be read"},
    // Event status in words, the same on every staff page (keys: data::to_string(status)).
    {"staff.status.draft", "Utkast (ikke synlig for leverandører)",
     "Draft (not visible to suppliers)"},
    {"staff.status.open", "Åpen for påmelding", "Open for registration"},
    {"staff.status.closed", "Påmeldingen er stengt", "Registration closed"},
    {"staff.status.scheduled", "Møteplan laget, ikke publisert", "Schedule made, not published"},
    {"staff.status.published", "Møteplan publisert", "Schedule published"},
    {"staff.status.archived", "Arkivert", "Archived"},
};

std::string h(std::string_view text) { return html_escape(text); }

Response page_for_data_401() {
  Response response = make_response(http::status::unauthorized,
                                    "Logg inn først / log in first\n", "text/plain; charset=utf-8");
  response.set(http::field::www_authenticate, "Session realm=\"dialogdag staff\"");
  response.set(http::field::cache_control, "no-store");
  return response;
}

Response to_login(const Request& request) {
  std::string next(request.target());
  return staff_redirect("/staff/login?next=" + url_encode(next));
}

}  // namespace

std::span<const CatalogEntry> staff_common_catalog() { return kCommon; }

std::string_view event_status_words(Lang lang, data::EventStatus status) {
  return tr(lang, "staff.status." + std::string(data::to_string(status)));
}

std::string request_path(const Request& request) {
  const std::string_view target = request.target();
  return std::string(target.substr(0, target.find('?')));
}

Response staff_redirect(const std::string& location) {
  Response response = make_response(http::status::see_other, "");
  response.set(http::field::location, location);
  response.set(http::field::cache_control, "no-store");
  return response;
}

std::string csrf_field(const StaffContext& staff) {
  return "<input type=\"hidden\" name=\"_csrf\" value=\"" + h(staff.csrf_token) + "\">";
}

void add_staff_route(Router& router, StaffSite& site, http::verb method,
                     const std::string& pattern, StaffRoute route, StaffReply reply) {
  router.add(method, pattern,
             [&site, route = std::move(route), reply, method](const Request& request,
                                                               const PathParams& params) {
               StaffContext staff;
               staff.lang = language_of(request);
               const auto token = cookie(request[http::field::cookie], kSessionCookie);
               if (!token) return reply == StaffReply::kPage ? to_login(request) : page_for_data_401();
               auto user = data::UserStore(site.db).session_user(*token);
               if (!user)
                 return reply == StaffReply::kPage ? to_login(request) : page_for_data_401();
               staff.user = std::move(user).value();
               staff.session_token = *token;
               staff.csrf_token = site.csrf.token_for(*token);

               const std::string_view target = request.target();
               if (const auto q = target.find('?'); q != std::string_view::npos) {
                 auto query = parse_form(target.substr(q + 1));
                 if (query) staff.query = std::move(query).value();
               }
               if (method == http::verb::post) {
                 auto form = parse_form(request.body());
                 if (!form)
                   return staff_page(http::status::bad_request, staff,
                                     std::string(tr(staff.lang, "staff.bad_form.title")), request,
                                     "<h1>" + std::string(tr(staff.lang, "staff.bad_form.title")) +
                                         "</h1>\n<p>" + h(form.error()) + "</p>\n");
                 staff.form = std::move(form).value();
                 if (!site.csrf.verify(*token, staff.form.value("_csrf")))
                   return staff_page(http::status::forbidden, staff,
                                     std::string(tr(staff.lang, "csrf.title")), request,
                                     "<h1>" + std::string(tr(staff.lang, "csrf.title")) +
                                         "</h1>\n<p>" + std::string(tr(staff.lang, "csrf.text")) +
                                         "</p>\n");
               }
               Response response = route(request, params, staff);
               if (!response.count(http::field::cache_control))
                 response.set(http::field::cache_control, "no-store");
               return response;
             });
}

bool may_work_on(const data::User& user, const data::EventInfo& event) {
  if (user.admin) return true;
  if (!user.organisation_id) return false;
  const std::int64_t organisation = *user.organisation_id;
  return event.host_organisation_id == organisation ||
         std::find(event.co_organisers.begin(), event.co_organisers.end(), organisation) !=
             event.co_organisers.end();
}

std::optional<data::EventInfo> staff_event(StaffSite& site, const StaffContext& staff,
                                           const std::string& id_text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) return std::nullopt;
  auto event = data::EventStore(site.db).get(id);
  if (!event || !may_work_on(staff.user, event.value())) return std::nullopt;
  return std::move(event).value();
}

Response staff_page(http::status status, const StaffContext& staff, const std::string& title,
                    const Request& request, const std::string& main_html, bool wide) {
  const Lang lang = staff.lang;
  const std::string suffix = "?lang=" + std::string(code(lang));
  std::string nav = "<nav class=\"staff\" aria-label=\"" + h(tr(lang, "staff.nav.label")) +
                    "\">\n<ul>\n<li><a href=\"/staff/events" + suffix + "\">" +
                    h(tr(lang, "staff.nav.events")) + "</a></li>\n";
  if (staff.user.admin)
    nav += "<li><a href=\"/staff/users" + suffix + "\">" + h(tr(lang, "staff.nav.users")) +
           "</a></li>\n<li><a href=\"/staff/organisations" + suffix + "\">" +
           h(tr(lang, "staff.nav.organisations")) + "</a></li>\n";
  nav += "<li><a href=\"/staff/account" + suffix + "\">" + h(tr(lang, "staff.nav.account")) +
         "</a></li>\n</ul>\n<p class=\"who\">" + h(tr(lang, "staff.nav.logged_in_as")) + " " +
         h(staff.user.name) + "</p>\n<form method=\"post\" action=\"/staff/logout\">" +
         csrf_field(staff) + "<button type=\"submit\">" + h(tr(lang, "staff.nav.logout")) +
         "</button></form>\n</nav>\n";
  PageFrame frame{lang, title, request_path(request), wide, nav};
  return html_page(status, frame, main_html);
}

Response staff_not_found(const Request& request, const StaffContext& staff) {
  const Lang lang = staff.lang;
  return staff_page(http::status::not_found, staff, std::string(tr(lang, "not_found.title")),
                    request,
                    "<h1>" + std::string(tr(lang, "not_found.title")) + "</h1>\n<p>" +
                        std::string(tr(lang, "not_found.text")) + "</p>\n");
}

void add_staff_routes(Router& router, StaffSite& site) {
  add_staff_account_routes(router, site);
  add_staff_setup_routes(router, site);
  add_staff_schedule_routes(router, site);
  add_staff_agenda_routes(router, site);
  add_staff_record_routes(router, site);
}

}  // namespace dialogdag::web
