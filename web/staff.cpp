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
    // Refusals of the stores (data::StoreError::code "store.*", data/event_store.h).
    {"staff.store.slug_taken", "En annen konferanse bruker allerede adressen /e/{slug}. Ingenting er lagret.",
     "Another conference already uses the address /e/{slug}. Nothing was saved."},
    {"staff.store.event_purged",
     "Personopplysningene i konferansen er slettet, så den kan ikke endres lenger.",
     "The conference's personal data was purged, so it can no longer change."},
    {"staff.store.grid_in_use",
     "Dato, tidssone, møtelengde og byttetid kan ikke endres mens møter er plassert. Ingenting er "
     "lagret.",
     "The date, time zone, meeting length and changeover cannot change while meetings are "
     "placed. Nothing was saved."},
    {"staff.store.status_step", "Konferansen kan ikke gå fra «{from}» til «{to}».",
     "The event cannot go from \"{from}\" to \"{to}\"."},
    {"staff.store.open_bad_day", "Konferansen kan ikke åpne for påmelding: datoen «{day}» er ikke en dato.",
     "The event cannot open for registration: \"{day}\" is not a date."},
    {"staff.store.open_no_window",
     "Konferansen kan ikke åpne for påmelding: den har ikke noe vindu for en-til-en-møter.",
     "The event cannot open for registration: it has no window for one-to-one meetings."},
    {"staff.store.open_no_panel",
     "Konferansen kan ikke åpne for påmelding: den har ikke noe panel leverandørene kan møte.",
     "The event cannot open for registration: it has no panel for suppliers to meet."},
    {"staff.store.room_is_home",
     "Rommet «{room}» er hjemmerom for panelet «{panel}»; velg et annet hjemmerom først. Ingenting "
     "er lagret.",
     "The room \"{room}\" is the home room of the panel \"{panel}\"; choose another home room "
     "first. Nothing was saved."},
    {"staff.store.room_has_meetings",
     "Rommet «{room}» har møter i møteplanen ({count}); flytt dem først. Ingenting er lagret.",
     "The room \"{room}\" holds meetings of the schedule ({count}); move them first. Nothing was "
     "saved."},
    {"staff.store.room_in_history",
     "Rommet «{room}» er brukt i konferansens møtehistorikk og blir stående. Ingenting er lagret.",
     "The room \"{room}\" is named in the event's meeting history and stays. Nothing was saved."},
    {"staff.store.panel_has_meetings",
     "Panelet «{panel}» har møter i møteplanen ({count}) og blir stående.",
     "The panel \"{panel}\" has meetings in the schedule ({count}) and stays."},
    {"staff.store.panel_requested",
     "Leverandører har bedt om møte med panelet «{panel}» ({count}), så det blir stående.",
     "Suppliers have asked to meet the panel \"{panel}\" ({count}), so it stays."},
    // The day's rules and warnings (core::RuleMessage codes, scheduler/event.h).
    {"staff.rule.meeting_length", "Møtelengden må være fra {min} til {max} minutter, ikke {value}.",
     "The meeting length must be from {min} to {max} minutes, not {value}."},
    {"staff.rule.changeover", "Byttetiden mellom møtene må være fra 0 til {max} minutter, ikke {value}.",
     "The changeover between meetings must be from 0 to {max} minutes, not {value}."},
    {"staff.rule.break_spread", "Grensen for pauser kan ikke være negativ (den er {value}).",
     "The fairness limit on breaks cannot be negative (it is {value})."},
    {"staff.rule.item_outside_day", "Programpunktet {item} må ligge innenfor døgnet (00:00–23:59).",
     "The programme item {item} must lie within the day (00:00–23:59)."},
    {"staff.rule.item_ends_first", "Programpunktet {item} må slutte etter at det begynner.",
     "The programme item {item} must end after it starts."},
    {"staff.rule.items_overlap", "Programpunktene {first} og {second} overlapper.",
     "The programme items {first} and {second} overlap."},
    {"staff.rule.window_unnamed", "Møtevinduet {window} trenger et navn, for eksempel «ettermiddag».",
     "The window {window} needs a name, e.g. \"afternoon\"."},
    {"staff.rule.window_outside_day", "Møtevinduet {window} må ligge innenfor døgnet (00:00–23:59).",
     "The window {window} must lie within the day (00:00–23:59)."},
    {"staff.rule.window_ends_first", "Møtevinduet {window} må slutte etter at det begynner.",
     "The window {window} must end after it starts."},
    {"staff.rule.window_too_short", "Møtevinduet {window} er kortere enn ett møte ({length} min).",
     "The window {window} is shorter than one meeting ({length} min)."},
    {"staff.rule.window_name_twice",
     "To møtevinduer heter «{name}» ({first} og {second}); hvert vindu trenger sitt eget navn.",
     "Two windows have the name \"{name}\" ({first} and {second}); each window needs its own name."},
    {"staff.rule.windows_overlap", "Møtevinduene {first} og {second} overlapper.",
     "The windows {first} and {second} overlap."},
    {"staff.rule.window_no_slot",
     "Møtevinduet {window} har ikke plass til et møte på {length} min utenom programpunktene "
     "leverandørene deltar på.",
     "The window {window} has no time for a {length} min meeting outside the programme items the "
     "suppliers attend."},
    {"staff.rule.meetings_per_panel_low",
     "Hver leverandør må kunne møte et panel minst én gang (møter per panel er {value}).",
     "Each supplier must be able to meet a panel at least once (meetings per panel is {value})."},
    {"staff.rule.meetings_per_panel_high",
     "Dagen har {slots} tider, så en leverandør kan ikke møte et panel {value} ganger.",
     "The day has {slots} slots, so a supplier cannot meet a panel {value} times."},
    {"staff.rule.room_no_key", "Rommet {room} mangler nøkkel.", "The room {room} has no key."},
    {"staff.rule.room_key_twice", "To rom har nøkkelen «{key}»; hvert rom trenger sin egen.",
     "Two rooms have the key \"{key}\"; each room needs its own."},
    {"staff.rule.room_no_seats", "Rommet {room} må ha minst én plass (det står {value}).",
     "The room {room} must seat at least one person (it says {value})."},
    {"staff.rule.panel_no_key", "Panelet {panel} mangler nøkkel.", "The panel {panel} has no key."},
    {"staff.rule.panel_key_separator", "Nøkkelen til panelet {panel} kan ikke inneholde «/» eller «#».",
     "The key of the panel {panel} must not contain \"/\" or \"#\"."},
    {"staff.rule.panel_key_twice", "To paneler har nøkkelen «{key}»; hvert panel trenger sin egen.",
     "Two panels have the key \"{key}\"; each panel needs its own."},
    {"staff.rule.home_room_unknown", "Hjemmerommet «{room}» til panelet {panel} finnes ikke i konferansen.",
     "The home room \"{room}\" of the panel {panel} is not a room of the event."},
    {"staff.rule.home_room_digital",
     "Hjemmerommet til panelet {panel} er det digitale rommet {room}; et hjemmerom må være et fysisk rom.",
     "The home room of the panel {panel} is the digital room {room}; a home room must be a "
     "physical room."},
    {"staff.rule.member_no_person",
     "Medlemmet «{member}» i panelet {panel} mangler personnøkkel (for eksempel e-postadressen).",
     "The member \"{member}\" of the panel {panel} has no person key (e.g. their e-mail address)."},
    {"staff.rule.member_twice", "{member} sitter to ganger i panelet {panel}.",
     "{member} sits on the panel {panel} twice."},
    {"staff.rule.window_over_plenary",
     "Møtevinduet {window} overlapper plenumspunktet {item}, som leverandørene deltar på.",
     "The window {window} overlaps the plenary item {item}, which the suppliers attend."},
    {"staff.rule.no_window", "Dagen har ikke noe vindu for en-til-en-møter ennå; legg til et før du planlegger.",
     "The day has no window for one-to-one meetings yet; add one before scheduling."},
    {"staff.rule.no_rooms", "Konferansen har ingen rom ennå; legg dem til før du planlegger.",
     "The event has no rooms yet; add them before scheduling."},
    {"staff.rule.no_digital_room", "{supplier} ønsker digitalt møte, men konferansen har ikke noe digitalt rom.",
     "{supplier} wants a digital meeting, but the event has no digital room."},
    {"staff.rule.no_physical_room", "{supplier} vil møte fysisk, men konferansen har ikke noe fysisk rom.",
     "{supplier} wants to meet in person, but the event has no physical room."},
    {"staff.rule.lock_unknown_supplier", "Et møte er låst for leverandøren {supplier}, som ikke har noen påmelding.",
     "A meeting is locked for the supplier {supplier}, who has no registration."},
    {"staff.rule.lock_panel_not_asked",
     "{supplier} har et låst møte med panelet {panel}, men ber ikke lenger om å møte det panelet. Lås opp møtet.",
     "{supplier} has a meeting locked with the panel {panel}, but no longer asks to meet that panel. Unlock the meeting."},
    {"staff.rule.lock_not_a_slot",
     "Det låste møtet mellom {supplier} og panelet {panel} starter {time}, som ikke lenger er starten på et "
     "møtetidspunkt i dagens plan. Lås opp møtet, eller flytt det til et tidspunkt som finnes.",
     "The locked meeting of {supplier} with the panel {panel} starts at {time}, which is no longer the start of a "
     "slot of the day. Unlock the meeting, or move it to a slot that exists."},
    {"staff.rule.lock_unknown_room",
     "Det låste møtet mellom {supplier} og panelet {panel} kl. {time} er i rommet «{room}», som ikke finnes i "
     "konferansen. Lås opp møtet.",
     "The locked meeting of {supplier} with the panel {panel} at {time} is in the room \"{room}\", which is not a "
     "room of the event. Unlock the meeting."},
    {"staff.rule.lock_unavailable",
     "Det låste møtet mellom {supplier} og panelet {panel} kl. {time} er på et tidspunkt leverandøren ikke kan "
     "(se ankomst, avreise og tider de ikke kan). Lås opp møtet, eller flytt det.",
     "The locked meeting of {supplier} with the panel {panel} at {time} is at a time the supplier cannot attend "
     "(see their arrival, departure and unavailable times). Unlock the meeting, or move it."},
    {"staff.rule.lock_too_many",
     "{supplier} har {count} låste møter med panelet {panel}, men møter et panel høyst {max} gang(er). Lås opp "
     "et av dem.",
     "{supplier} has {count} meetings locked with the panel {panel}, but meets a panel at most {max} time(s). "
     "Unlock one of them."},
    {"staff.rule.panel_no_members", "Panelet {panel} har ingen medlemmer ennå.",
     "The panel {panel} has no members yet."},
    {"staff.rule.panel_no_minute_taker", "Panelet {panel} har ingen referent.",
     "The panel {panel} has no minute-taker."},
    {"staff.rule.panel_overbooked", "Panelet {panel}: {requests} ønsker om møte, {slots} tider.",
     "The panel {panel}: {requests} requests for {slots} slots."},
    {"staff.rule.supplier_no_panel", "{supplier} har ikke bedt om møte med noe panel.",
     "{supplier} has not asked to meet any panel."},
    {"staff.rule.supplier_no_slot",
     "{supplier} kan ikke ta noen av de {slots} tidene (kommer {from}, drar {until}, kan ikke: "
     "{unavailable}).",
     "{supplier} cannot take any of the {slots} slots (arrives {from}, leaves {until}, cannot "
     "at: {unavailable})."},
    {"staff.rule.room_too_small",
     "{supplier} kommer med {people} personer, men rommet {room} til panelet {panel} har {seats} "
     "plasser, og panelet har {members} medlemmer.",
     "{supplier} comes with {people} people, but the room {room} of the panel {panel} seats "
     "{seats} and the panel has {members} members."},
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

namespace {

// `text` with each "{name}" replaced by its value.
std::string filled(std::string_view text,
                   const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out(text);
  for (const auto& [name, value] : values) {
    const std::string token = "{" + name + "}";
    for (auto at = out.find(token); at != std::string::npos; at = out.find(token, at + value.size()))
      out.replace(at, token.size(), value);
  }
  return out;
}

}  // namespace

std::string rule_text(Lang lang, const core::RuleMessage& message) {
  return filled(tr(lang, "staff.rule." + message.code), message.values);
}

std::string store_failure_text(Lang lang, const data::StoreError& failure) {
  if (failure.code.empty()) return failure.message;
  return filled(tr(lang, "staff." + failure.code), failure.values);
}

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

StaffRoute on_staff_event(StaffSite& site, StaffEventRoute route) {
  return [&site, route = std::move(route)](const Request& request, const PathParams& params,
                                           const StaffContext& staff) {
    const auto event = staff_event(site, staff, params.at("id"));
    if (!event) return staff_not_found(request, staff);
    return route(request, params, staff, *event);
  };
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
  PageFrame frame{lang, title, request_path(request), wide, nav, "/static/staff.js"};
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
