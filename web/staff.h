// The staff console's shared parts: who is logged in, which events they may work on, the
// guard every staff route goes through, and the page frame with the staff navigation.
//
// Areas (each adds its routes and keeps its texts beside its pages):
//   web/staff_accounts.cpp  login, logout, throttling, the event list, users and organisations
//   web/staff_setup.cpp     creating and editing an event (programme, windows, panels, rooms, rules)
//   web/staff_schedule.cpp  dashboard, scheduler runs, the timetable grid, move/lock, publish
//   web/staff_agenda.cpp    print views (whole day, door signs, per supplier, per panel member)
//   web/staff_record.cpp    exports (CSV, JSON, .ics), minutes, Q&A, audit log, purge
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "data/database.h"
#include "data/event_store.h"
#include "data/user_store.h"
#include "web/csrf.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/login_throttle.h"
#include "web/router.h"

namespace dialogdag::web {

struct StaffOptions {
  // Adds `Secure` to the session cookie: set when the server runs behind a TLS proxy.
  bool secure_cookies = false;
  std::chrono::seconds session_lifetime = std::chrono::hours(10);
};

struct StaffSite {
  StaffSite(data::Db& db_in, CsrfGuard csrf_in, StaffOptions options_in = {})
      : db(db_in), csrf(csrf_in), options(options_in) {}

  data::Db& db;
  CsrfGuard csrf;
  StaffOptions options;
  LoginThrottle throttle;
};

// The session cookie of a logged-in staff user (HttpOnly, SameSite=Strict, Path=/staff).
inline constexpr const char* kSessionCookie = "dd_session";

// What a guarded route knows about its request.
struct StaffContext {
  data::User user;
  Lang lang = Lang::kNb;
  std::string session_token;  // the cookie's value; never printed
  std::string csrf_token;     // put in every form as the hidden field _csrf
  FormFields form;            // the parsed body of a POST (empty for GET)
  FormFields query;           // the parsed query string

  // The actor of the audit log: "user:ID".
  std::string actor() const { return "user:" + std::to_string(user.id); }
};

using StaffRoute =
    std::function<Response(const Request&, const PathParams&, const StaffContext&)>;

// What a request without a live session gets: pages redirect (303) to the login page with a
// `next` back to where the user was going; data (JSON, CSV, .ics) gets 401.
enum class StaffReply { kPage, kData };

// Adds a route that only a logged-in staff user reaches. A POST must carry a form body whose
// _csrf belongs to the session (otherwise 403 with the "form expired" page) and a body that
// parses (otherwise 400). `site` must outlive the router.
void add_staff_route(Router& router, StaffSite& site, http::verb method,
                     const std::string& pattern, StaffRoute route,
                     StaffReply reply = StaffReply::kPage);

// Whether `user` may work on `event`: admins on every event, organisers on the events their
// organisation hosts or co-organises.
bool may_work_on(const data::User& user, const data::EventInfo& event);

// The event named by `id_text` (a path parameter) when the user may work on it. A missing
// event, a malformed id and another organisation's event all give nullopt: the caller answers
// staff_not_found(), so nobody learns which events exist elsewhere.
std::optional<data::EventInfo> staff_event(StaffSite& site, const StaffContext& staff,
                                           const std::string& id_text);

// A route on the event of the {id} path parameter, called only when the user may work on it
// (staff_event); any other id answers staff_not_found().
using StaffEventRoute = std::function<Response(const Request&, const PathParams&, const StaffContext&,
                                               const data::EventInfo&)>;
StaffRoute on_staff_event(StaffSite& site, StaffEventRoute route);

// A staff HTML page: the page frame with the staff navigation (events, users for admins, who
// is logged in, log out). `main_html` is already escaped.
Response staff_page(http::status status, const StaffContext& staff, const std::string& title,
                    const Request& request, const std::string& main_html, bool wide = false);

// An event's status in words ("Åpen for påmelding"), the same on every staff page.
std::string_view event_status_words(Lang lang, data::EventStatus status);

// A rule message of the core (scheduler/event.h) in `lang`: the catalog's "staff.rule.<code>"
// with its values filled in. Not escaped.
std::string rule_text(Lang lang, const core::RuleMessage& message);

// A store's failure in `lang`: the catalog's "staff.<code>" ("staff.store.*" or "staff.rule.*")
// with its values filled in, or the store's own message when it carries no code. Not escaped.
std::string store_failure_text(Lang lang, const data::StoreError& failure);

// 404 as a staff page (HTML), the same for missing and forbidden things.
Response staff_not_found(const Request& request, const StaffContext& staff);

// 303 See Other to `location` (a path on this site).
Response staff_redirect(const std::string& location);

// <input type="hidden" name="_csrf" value="..."> for the forms of a staff page.
std::string csrf_field(const StaffContext& staff);

// The path of a request without its query.
std::string request_path(const Request& request);

// Adds every staff route: the five areas above. `site` must outlive the router.
void add_staff_routes(Router& router, StaffSite& site);

// Each area's routes (called by add_staff_routes).
void add_staff_account_routes(Router& router, StaffSite& site);
void add_staff_setup_routes(Router& router, StaffSite& site);
void add_staff_schedule_routes(Router& router, StaffSite& site);
void add_staff_agenda_routes(Router& router, StaffSite& site);
void add_staff_record_routes(Router& router, StaffSite& site);

}  // namespace dialogdag::web
