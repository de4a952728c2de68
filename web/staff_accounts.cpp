// Login, logout and the event list. (Skeleton: login works; throttling, admin pages and the
// full event list are being built.)
#include <algorithm>
#include <cctype>

#include "web/i18n_catalog.h"
#include "web/layout.h"
#include "web/public_site.h"
#include "web/staff.h"

namespace dialogdag::web {
namespace {

constexpr CatalogEntry kAccounts[] = {
    {"staff.login.title", "Logg inn", "Log in"},
    {"staff.login.email", "E-post", "E-mail"},
    {"staff.login.password", "Passord", "Password"},
    {"staff.login.submit", "Logg inn", "Log in"},
    {"staff.login.failed", "Feil e-post eller passord.", "Wrong e-mail or password."},
    {"staff.events.title", "Konferanser", "Conferences"},
};

std::string h(std::string_view text) { return html_escape(text); }

// Only a path on this site may be a `next` (no "//host", no scheme).
std::string safe_next(const std::string& next) {
  if (next.size() >= 2 && next.rfind("/staff", 0) == 0 && next[1] != '/' &&
      next.find('\\') == std::string::npos)
    return next;
  return "/staff/events";
}

Response login_page(StaffSite& site, const Request& request, http::status status,
                    const std::string& binding, bool fresh, const std::string& next,
                    const std::string& email, const std::string& error) {
  const Lang lang = language_of(request);
  auto t = [&](std::string_view key) { return h(tr(lang, key)); };
  std::string html = "<h1>" + t("staff.login.title") + "</h1>\n";
  if (!error.empty()) html += "<div class=\"error-summary\" role=\"alert\"><p>" + h(error) + "</p></div>\n";
  html += "<form method=\"post\" action=\"/staff/login\">\n<input type=\"hidden\" name=\"_csrf\" value=\"" +
          h(site.csrf.token_for(binding)) + "\">\n<input type=\"hidden\" name=\"next\" value=\"" +
          h(next) + "\">\n<p><label for=\"email\">" + t("staff.login.email") +
          "</label>\n<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required value=\"" +
          h(email) + "\"></p>\n<p><label for=\"password\">" + t("staff.login.password") +
          "</label>\n<input id=\"password\" name=\"password\" type=\"password\" "
          "autocomplete=\"current-password\" required></p>\n<p><button type=\"submit\">" +
          t("staff.login.submit") + "</button></p>\n</form>\n";
  Response response = html_page(status, {lang, std::string(tr(lang, "staff.login.title")), "/staff/login"}, html);
  if (fresh)
    response.insert(http::field::set_cookie, std::string(kFormCookie) + "=" + binding +
                                                 "; Path=/; HttpOnly; SameSite=Strict");
  return response;
}

}  // namespace

std::span<const CatalogEntry> staff_accounts_catalog() { return kAccounts; }

void add_staff_account_routes(Router& router, StaffSite& site) {
  router.add(http::verb::get, "/staff/login", [&site](const Request& request, const PathParams&) {
    auto existing = cookie(request[http::field::cookie], kFormCookie);
    const bool fresh = !existing || existing->size() != 43;
    const std::string binding = fresh ? random_token() : *existing;
    std::string next;
    const std::string_view target = request.target();
    if (const auto q = target.find('?'); q != std::string_view::npos)
      if (auto query = parse_form(target.substr(q + 1))) next = query.value().value("next");
    return login_page(site, request, http::status::ok, binding, fresh, safe_next(next), "", "");
  });

  router.add(http::verb::post, "/staff/login", [&site](const Request& request, const PathParams&) {
    const Lang lang = language_of(request);
    auto binding = cookie(request[http::field::cookie], kFormCookie);
    auto form = parse_form(request.body());
    if (!binding || !form || !site.csrf.verify(*binding, form.value().value("_csrf")))
      return html_page(http::status::forbidden, {lang, std::string(tr(lang, "csrf.title")), "/staff/login"},
                       "<h1>" + h(tr(lang, "csrf.title")) + "</h1>\n<p>" + h(tr(lang, "csrf.text")) + "</p>\n");
    const std::string email = form.value().value("email");
    const std::string next = safe_next(form.value().value("next"));
    data::UserStore users(site.db);
    auto user = users.authenticate(email, form.value().value("password"));
    if (!user)
      return login_page(site, request, http::status::unauthorized, *binding, false, next, email,
                        std::string(tr(lang, "staff.login.failed")));
    auto session = users.create_session(user.value().id, site.options.session_lifetime);
    if (!session)
      return make_response(http::status::internal_server_error, "could not log in\n", "text/plain; charset=utf-8");
    Response response = staff_redirect(next);
    response.insert(http::field::set_cookie,
                    std::string(kSessionCookie) + "=" + session.value().token +
                        "; Path=/staff; HttpOnly; SameSite=Strict" +
                        (site.options.secure_cookies ? "; Secure" : ""));
    return response;
  });

  add_staff_route(router, site, http::verb::post, "/staff/logout",
                  [&site](const Request&, const PathParams&, const StaffContext& staff) {
                    data::UserStore(site.db).end_session(staff.session_token);
                    Response response = staff_redirect("/staff/login");
                    response.insert(http::field::set_cookie,
                                    std::string(kSessionCookie) +
                                        "=; Path=/staff; HttpOnly; SameSite=Strict; Max-Age=0");
                    return response;
                  });

  add_staff_route(router, site, http::verb::get, "/staff/events",
                  [&site](const Request& request, const PathParams&, const StaffContext& staff) {
                    const Lang lang = staff.lang;
                    std::string html = "<h1>" + h(tr(lang, "staff.events.title")) + "</h1>\n<ul>\n";
                    std::vector<data::EventInfo> events;
                    if (staff.user.organisation_id)
                      events = data::EventStore(site.db).list_for_organisation(*staff.user.organisation_id);
                    for (const auto& event : events)
                      html += "<li><a href=\"/staff/events/" + std::to_string(event.id) + "\">" +
                              h(event.title) + "</a> " + h(event.day) + "</li>\n";
                    html += "</ul>\n";
                    return staff_page(http::status::ok, staff, std::string(tr(lang, "staff.events.title")),
                                      request, html);
                  });
}

}  // namespace dialogdag::web
