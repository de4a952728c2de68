#include "web/public_site.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <variant>

#include "data/event_store.h"
#include "data/organisation_store.h"
#include "data/registration_store.h"
#include "data/schedule_store.h"
#include "data/time.h"
#include "scheduler/validation.h"
#include "web/assets.h"
#include "web/booking_form.h"
#include "web/form.h"
#include "web/ics.h"
#include "web/layout.h"
#include "web/qa_view.h"

namespace dialogdag::web {
namespace {

std::string h(std::string_view text) { return html_escape(text); }

// The path of a request without its query.
std::string path_of(const Request& request) {
  const std::string_view target = request.target();
  return std::string(target.substr(0, target.find('?')));
}

// Text with blank lines as paragraph breaks, escaped.
std::string paragraphs(const std::string& text) {
  std::string html = "<p>";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] == '\n') {
      html += "</p>\n<p>";
      while (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      html += "<br>\n";
    } else {
      html += h(std::string_view(&text[i], 1));
    }
  }
  return html + "</p>\n";
}

Response not_found_page(const Request& request) {
  const Lang lang = language_of(request);
  return html_page(http::status::not_found,
                   {lang, std::string(tr(lang, "not_found.title")), path_of(request)},
                   "<h1>" + std::string(tr(lang, "not_found.title")) + "</h1>\n<p>" +
                       std::string(tr(lang, "not_found.text")) + "</p>\n");
}

// A public event: visible once it is no longer a draft and until it is archived.
std::optional<data::EventInfo> public_event(PublicSite& site, const std::string& slug) {
  data::EventStore events(site.db);
  auto found = events.find_by_slug(slug);
  if (!found || found.value().status == data::EventStatus::kDraft ||
      found.value().status == data::EventStatus::kArchived)
    return std::nullopt;
  return std::move(found).value();
}

bool registration_open(const data::EventInfo& event, data::Instant now) {
  return event.status == data::EventStatus::kOpen &&
         (!event.registration_opens || now >= *event.registration_opens) &&
         (!event.registration_closes || now < *event.registration_closes);
}

// The next moment after `now` when registration_open() changes for `event` without a write.
std::optional<data::Instant> next_change(const data::EventInfo& event, data::Instant now) {
  std::optional<data::Instant> next;
  for (const auto& at : {event.registration_opens, event.registration_closes})
    if (at && *at > now && (!next || *at < *next)) next = at;
  return next;
}

// An instant as people at the event read it: "torsdag 11. mars 2027 kl. 12:00".
std::string local_clock(const data::EventInfo& event, data::Instant instant, Lang lang) {
  auto local = data::instant_to_local(instant, event.time_zone);
  if (!local) return data::format_instant(instant);
  return long_date(local.value().day, lang) + (lang == Lang::kEn ? " at " : " kl. ") +
         core::format_clock(local.value().minutes);
}

// The browser's form cookie (see csrf.h): the one it sent, or a fresh one that the response
// must set (remember_binding).
struct FormBinding {
  std::string value;
  bool fresh = false;
};

FormBinding form_binding(const Request& request) {
  if (auto existing = cookie(request[http::field::cookie], kFormCookie);
      existing && existing->size() == 43)
    return {*existing, false};
  return {random_token(), true};
}

void remember_binding(Response& response, const FormBinding& binding) {
  if (binding.fresh)
    response.insert(http::field::set_cookie, std::string(kFormCookie) + "=" + binding.value +
                                                 "; Path=/; HttpOnly; SameSite=Strict");
}

bool csrf_ok(PublicSite& site, const Request& request, const FormFields& fields) {
  const auto binding = cookie(request[http::field::cookie], kFormCookie);
  return binding && site.csrf.verify(*binding, fields.value("_csrf"));
}

Response forbidden_page(const Request& request) {
  const Lang lang = language_of(request);
  return html_page(http::status::forbidden, {lang, std::string(tr(lang, "csrf.title")), path_of(request)},
                   "<h1>" + std::string(tr(lang, "csrf.title")) + "</h1>\n<p>" +
                       std::string(tr(lang, "csrf.text")) + "</p>\n");
}

Response see_other(const std::string& location) {
  Response response = make_response(http::status::see_other, "");
  response.set(http::field::location, location);
  return response;
}

std::string event_page_html(PublicSite& site, const data::EventInfo& event,
                            const core::DaySetup& day, Lang lang) {
  auto t = [&](std::string_view key) { return std::string(tr(lang, key)); };
  std::string html = "<h1>" + h(event.title) + "</h1>\n";
  if (!event.subject.empty()) html += "<p class=\"muted\">" + h(event.subject) + "</p>\n";

  const bool open = registration_open(event, site.db.now());
  html += "<div class=\"notice" + std::string(open ? " ok" : "") + "\"><p class=\"status\">" +
          t(open ? "event.open" : "event.closed") + "</p>";
  if (event.registration_closes)
    html += "<p>" + t("event.deadline") + " " + h(local_clock(event, *event.registration_closes, lang)) + "</p>";
  if (open)
    html += "<p><a class=\"button\" href=\"/e/" + url_encode(event.slug) + "/book?lang=" +
            std::string(code(lang)) + "\">" + t("event.book") + "</a></p>";
  html += "</div>\n";

  html += "<h2>" + t("event.need") + "</h2>\n" + paragraphs(event.need);

  html += "<h2>" + t("event.practical") + "</h2>\n<dl class=\"facts\">\n";
  html += "<dt>" + t("event.date") + "</dt><dd>" + h(long_date(event.day, lang)) + "</dd>\n";
  html += "<dt>" + t("event.venue") + "</dt><dd>" + h(event.venue) +
          (event.address.empty() ? "" : ", " + h(event.address)) + "</dd>\n";
  data::OrganisationStore organisations(site.db);
  std::string organisers;
  if (auto host = organisations.get(event.host_organisation_id)) organisers = h(host.value().name);
  for (auto id : event.co_organisers)
    if (auto co = organisations.get(id)) organisers += ", " + h(co.value().name);
  html += "<dt>" + t("event.organisers") + "</dt><dd>" + organisers + "</dd>\n";
  if (!event.doffin_ref.empty())
    html += "<dt>" + t("event.doffin") + "</dt><dd>" + h(event.doffin_ref) + "</dd>\n";
  html += "</dl>\n";

  html += "<h2>" + t("event.programme") + "</h2>\n<table>\n<thead><tr><th scope=\"col\">" +
          t("event.time") + "</th><th scope=\"col\">" + t("event.item") + "</th></tr></thead>\n<tbody>\n";
  for (const auto& item : day.programme) {
    html += "<tr><td>" + core::format_clock(item.start) + "–" + core::format_clock(item.end) +
            "</td><td>" + h(item.title);
    if (!item.speaker.empty()) html += " <span class=\"muted\">(" + h(item.speaker) + ")</span>";
    html += "</td></tr>\n";
  }
  for (const auto& window : day.windows)
    html += "<tr class=\"shaded\"><td>" + core::format_clock(window.start) + "–" +
            core::format_clock(window.end) + "</td><td>" + t("event.one_to_ones") + "</td></tr>\n";
  html += "</tbody>\n</table>\n";

  html += "<h2>" + t("event.how") + "</h2>\n<ul>\n";
  html += "<li>" + t("event.length") + " " + std::to_string(day.meeting_length) + " " +
          t("event.minutes") + ".</li>\n";
  html += "<li>" + t(event.booking_mode == data::BookingMode::kInstant ? "event.mode_instant"
                                                                        : "event.mode_request") +
          "</li>\n";
  if (!event.allocation_rule.empty()) html += "<li>" + h(event.allocation_rule) + "</li>\n";
  else html += "<li>" + t("event.allocation_default") + "</li>\n";
  // The seed staff publish before the draw: with it, anyone can check the lottery.
  if (event.booking_mode == data::BookingMode::kRequest && event.lottery_seed) {
    std::string seed = t("event.lottery_seed");
    seed.replace(seed.find("{seed}"), 6, std::to_string(*event.lottery_seed));
    html += "<li>" + seed + "</li>\n";
  }
  html += "<li>" + t("event.max_people") + " " + std::to_string(event.max_people) + ".</li>\n";
  html += "<li>" + t("event.retention") + " " + h(long_date(event.retention_until, lang)) + ".</li>\n</ul>\n";
  html += shared_answers_html(site.db, event.id, event.time_zone, lang);
  return html;
}

// Instant mode offers the slots where at least one panel is still free (with one panel:
// exactly the free slots). The database decides the race for the last one.
BookingContext booking_context(PublicSite& site, const data::EventInfo& event,
                               const core::DaySetup& day, Lang lang) {
  BookingContext context{&event, &day, {}, lang};
  const auto taken = data::ScheduleStore(site.db).meetings(event.id);
  // A panel is busy in a slot when it, or a panel sharing one of its members, has a meeting.
  auto shares_member = [&](const core::Panel& a, const std::string& other_key) {
    if (a.key == other_key) return true;
    for (const auto& b : day.panels)
      if (b.key == other_key)
        for (const auto& x : a.members)
          for (const auto& y : b.members)
            if (x.person == y.person) return true;
    return false;
  };
  for (const auto& slot : core::slot_grid(day)) {
    const bool some_panel_free = std::any_of(day.panels.begin(), day.panels.end(), [&](const auto& panel) {
      return std::none_of(taken.begin(), taken.end(), [&](const data::MeetingRow& m) {
        return m.start == slot.start && shares_member(panel, m.panel);
      });
    });
    if (some_panel_free) context.free_slots.push_back(slot.start);
  }
  return context;
}

// Where a booking form posts to: a new registration, or changing the one behind a token.
struct FormTarget {
  std::string action;      // path without query
  std::string title_key;   // catalog key of the page title
  std::string submit_key;  // catalog key of the button
  bool changing = false;   // an existing registration: its organisation number stays
};

FormTarget new_booking(const data::EventInfo& event) {
  return {"/e/" + url_encode(event.slug) + "/book", "book.title", "form.submit_book"};
}

FormTarget change_booking(const std::string& token) {
  return {"/b/" + url_encode(token), "change.title", "form.submit_change", true};
}

Response booking_form_page(PublicSite& site, const Request& request, const data::EventInfo& event,
                           const core::DaySetup& day, const BookingForm& form,
                           const std::vector<FieldError>& errors, http::status status,
                           const FormTarget& target) {
  const Lang lang = language_of(request);
  const FormBinding binding = form_binding(request);
  BookingContext context = booking_context(site, event, day, lang);
  context.orgnr_locked = target.changing;
  const std::string title(tr(lang, target.title_key));
  std::string html = "<h1>" + title + "</h1>\n<p class=\"muted\">" + h(event.title) + "</p>\n";
  html += render_booking_form(form, errors, context, target.action + "?lang=" + std::string(code(lang)),
                              site.csrf.token_for(binding.value), target.submit_key);
  Response response = html_page(status, {lang, title, path_of(request)}, html);
  remember_binding(response, binding);
  return response;
}

Response closed_page(const Request& request, const data::EventInfo& event) {
  const Lang lang = language_of(request);
  return html_page(http::status::conflict, {lang, std::string(tr(lang, "closed.title")), path_of(request)},
                   "<h1>" + std::string(tr(lang, "closed.title")) + "</h1>\n<p>" +
                       std::string(tr(lang, "closed.text")) + "</p>\n<p><a href=\"/e/" +
                       url_encode(event.slug) + "\">" + h(event.title) + "</a></p>\n");
}

// A refusal of the registration store as a form error at the field it concerns: a coded one
// (data/registration_store.h) in the page's language; otherwise the store's "field: text".
FieldError store_error(const data::StoreError& error, Lang lang) {
  struct Coded {
    std::string_view code, field, text_key;
  };
  static constexpr Coded kCoded[] = {
      {"orgnr_taken", "orgnr", "error.orgnr_taken"},
      {"panel_unknown", "panel-1", "error.panel_unknown"},
      {"slot_missing", "slot-1", "error.slot_missing"},
      {"slot_not_in_day", "slot-1", "error.slot_not_in_day"},
      {"slot_outside_travel", "slot-1", "error.slot_outside_travel"},
      {"slot_taken", "slot-1", "error.slot_taken"},
      {"slot_panel_busy", "slot-1", "error.slot_panel_busy"},
      {"slot_no_digital_room", "slot-1", "error.slot_no_digital_room"},
  };
  for (const Coded& coded : kCoded)
    if (error.code == coded.code) return {std::string(coded.field), std::string(tr(lang, coded.text_key))};
  const std::string& message = error.message;
  const auto colon = message.find(':');
  const std::string field = colon == std::string::npos ? "" : message.substr(0, colon);
  const std::string id = field == "attendee_name" ? "attendee-1-name" : field.empty() ? "company" : field;
  return {id, colon == std::string::npos ? message : message.substr(colon + 2)};
}

// Whether the store refused because the booking can no longer be made or changed (the
// registration closed or was cancelled): the answer is the closed page, not the form.
bool refused_as_closed(const data::StoreError& error) {
  return error.code == "closed" || error.code == "cancelled";
}

// "http://host:port" as the browser addressed us, for links people copy; empty when the Host
// header is not a plain host name (it is client input).
std::string origin_of(const Request& request) {
  const std::string host(request[http::field::host]);
  if (host.empty() || host.size() > 255 ||
      host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
          std::string::npos)
    return "";
  return "http://" + host;
}

// The meetings a supplier may see: as the latest published version has them, and instant
// bookings (which are theirs at once). Proposals and changes after publishing stay with staff
// until they publish (ScheduleStore::supplier_meetings).
std::vector<data::MeetingRow> visible_meetings(PublicSite& site, std::int64_t registration_id) {
  std::vector<data::MeetingRow> shown;
  for (auto& m : data::ScheduleStore(site.db).supplier_meetings(registration_id))
    shown.push_back(std::move(m.meeting));
  return shown;
}

std::string panel_name(const core::DaySetup& day, const std::string& key) {
  for (const auto& panel : day.panels)
    if (panel.key == key) return panel.name;
  return key;
}

std::string room_text(const core::DaySetup& day, const std::optional<std::string>& key, Lang lang) {
  if (!key) return std::string(tr(lang, "booking.room_later"));
  for (const auto& room : day.rooms)
    if (room.key == *key) return room.digital ? room.name + " (" + std::string(tr(lang, "booking.digital")) + ")" : room.name;
  return *key;
}

// A registration its owner may still change, with its event and day.
struct Changeable {
  data::Registration registration;
  data::EventInfo event;
  core::DaySetup day;
};

// The registration behind `token` if it can be changed now; otherwise the page to answer with
// (404 for an unknown or cancelled one, 409 after the deadline).
std::variant<Changeable, Response> changeable(PublicSite& site, const Request& request,
                                              const std::string& token) {
  auto found = data::RegistrationStore(site.db).find_by_token(token);
  if (!found || found.value().cancelled) return not_found_page(request);
  data::EventStore events(site.db);
  auto event = events.get(found.value().event_id);
  if (!event) return not_found_page(request);
  if (!registration_open(event.value(), site.db.now())) return closed_page(request, event.value());
  auto day = events.load_day(event.value().id);
  if (!day) return not_found_page(request);
  return Changeable{std::move(found).value(), std::move(event).value(), std::move(day).value()};
}

// The supplier's calendar: their meetings, and the plenary when they attend it.
Response booking_calendar(PublicSite& site, const Request& request, const std::string& token) {
  data::RegistrationStore registrations(site.db);
  auto found = registrations.find_by_token(token);
  if (!found) return not_found_page(request);
  const data::Registration& r = found.value();
  auto event = data::EventStore(site.db).get(r.event_id);
  auto day = data::EventStore(site.db).load_day(r.event_id);
  if (!event || !day) return not_found_page(request);
  const Lang lang = event.value().language == "en" ? Lang::kEn : Lang::kNb;
  std::vector<CalendarEvent> entries;
  if (!r.cancelled) {
    for (const auto& m : visible_meetings(site, r.id)) {
      const auto start = data::parse_instant(m.starts_at), end = data::parse_instant(m.ends_at);
      if (!start || !end) continue;
      CalendarEvent entry;
      entry.uid = "meeting-" + std::to_string(m.id) + "@dialogdag";
      entry.start = *start;
      entry.end = *end;
      entry.summary = std::string(tr(lang, "booking.meeting_with")) + " " + panel_name(day.value(), m.panel) +
                      " – " + event.value().title;
      entry.location = room_text(day.value(), m.room, lang) +
                       (event.value().address.empty() ? "" : ", " + event.value().address);
      entry.description = std::string(tr(lang, "booking.reference")) + ": " + r.reference + "\n" +
                          std::string(tr(lang, "booking.manage")) + ": " + origin_of(request) +
                          "/b/" + url_encode(token);
      for (const auto& room : day.value().rooms)
        if (m.room && room.key == *m.room && room.digital) entry.url = room.link;
      entries.push_back(std::move(entry));
    }
    if (r.attends_plenary)
      for (std::size_t i = 0; i < day.value().programme.size(); ++i) {
        const auto& item = day.value().programme[i];
        auto start = data::local_to_instant(event.value().day, item.start, event.value().time_zone);
        auto end = data::local_to_instant(event.value().day, item.end, event.value().time_zone);
        if (!start || !end || !item.suppliers_attend) continue;
        entries.push_back({"programme-" + std::to_string(r.event_id) + "-" + std::to_string(i) + "@dialogdag",
                           start.value(), end.value(), item.title, event.value().venue + (event.value().address.empty() ? "" : ", " + event.value().address),
                           item.speaker, "", 0});
      }
  }
  Response response = make_response(
      http::status::ok, calendar_file(event.value().title, entries, site.db.now()),
      "text/calendar; charset=utf-8");
  response.set(http::field::content_disposition, "attachment; filename=\"dialogdag-" + r.reference + ".ics\"");
  response.set(http::field::cache_control, "no-store");
  return response;
}

// `text` with each "{name}" replaced by its value.
std::string filled(std::string_view text,
                   const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out(text);
  for (const auto& [name, value] : values)
    if (const auto at = out.find("{" + name + "}"); at != std::string::npos)
      out.replace(at, name.size() + 2, value);
  return out;
}

// What a supplier without a meeting reads once the schedule is published: that they got no
// meeting, why in plain words, and whom to ask. The why, the first that applies: their request
// (or a panel they asked for) came after the run the published schedule is from; that run's
// lottery left them without a free time (their position and the seed, so that it can be
// checked); their travel window fits no meeting time; the home room of every panel they asked
// for cannot seat the panel and their group; there were more requests than times; else the
// day's rules left no room. `outcome`: ScheduleStore::supplier_outcome for the supplier; `day`:
// the event's day as the scheduler sees it (nullptr when it could not be loaded: then only the
// first two causes are told apart).
std::string not_placed_notice(PublicSite& site, const data::Registration& r,
                              const data::EventInfo& event, const core::DaySetup* day,
                              const std::optional<data::SupplierOutcome>& outcome, Lang lang) {
  std::string key = "booking.not_placed_other";
  std::vector<std::pair<std::string, std::string>> values;  // what fills the sentence
  const sched::Unscheduled* lottery = nullptr;  // a meeting the lottery's order left out
  if (outcome)
    for (const auto& entry : outcome->unplaced) {
      const sched::Unscheduled& u = entry.why;
      if (sched::decided_by_lottery(u.cause)) lottery = lottery ? lottery : &u;
    }
  const auto requests = data::RegistrationStore(site.db).load_requests(event.id);
  const auto request = std::find_if(requests.begin(), requests.end(),
                                    [&](const auto& q) { return q.key == r.reference; });
  // A panel asked for now that the run did not have: the request came, or changed, after it.
  const bool late =
      outcome && (outcome->panels.empty() ||
                  (request != requests.end() &&
                   std::any_of(request->panels.begin(), request->panels.end(),
                               [&](const std::string& panel) {
                                 return outcome->panels.count(panel) == 0;
                               })));
  if (late) {
    key = "booking.not_placed_late";
  } else if (lottery) {
    key = "booking.not_placed_lottery";
    values = {{"position", std::to_string(*lottery->cause.number("position"))},
              {"of", std::to_string(*lottery->cause.number("of"))},
              {"seed", std::to_string(outcome->seed)}};
  } else if (day && request != requests.end()) {
    std::size_t rooms_too_small = 0;
    std::optional<core::RuleMessage> travel, room;
    for (const auto& warning : core::warning_messages(*day, {*request})) {
      // The sentence names arrival and departure: only for a supplier who gave them.
      if (warning.code == "supplier_no_slot" && (r.available_from || r.available_until))
        travel = warning;
      if (warning.code == "room_too_small") ++rooms_too_small, room = warning;
    }
    const std::set<std::string> asked(request->panels.begin(), request->panels.end());
    const auto slots = static_cast<long long>(core::slot_grid(*day).size());
    if (travel) {
      key = "booking.not_placed_travel", values = travel->values;
    } else if (room && rooms_too_small == asked.size()) {
      key = "booking.not_placed_room", values = room->values;
    } else if (std::any_of(asked.begin(), asked.end(), [&](const std::string& panel) {
                 return core::panel_demand(*day, requests, panel) > slots;
               })) {
      key = "booking.not_placed";
    }
  }
  const std::string text = filled(tr(lang, key), values);
  data::OrganisationStore organisations(site.db);
  std::string organisers;
  if (auto host = organisations.get(event.host_organisation_id)) organisers = host.value().name;
  for (auto id : event.co_organisers)
    if (auto co = organisations.get(id)) organisers += ", " + co.value().name;
  std::string contact(tr(lang, "booking.not_placed_contact"));
  contact.replace(contact.find("{organisers}"), 12, organisers);
  return "<div class=\"notice\"><p><strong>" + h(text) + "</strong></p><p>" + h(contact) +
         "</p></div>\n";
}

// The panels a supplier asked for and has no meeting with, in the order asked.
std::vector<std::string> panels_without_meeting(
    const data::Registration& r, const std::vector<data::SupplierMeeting>& meetings) {
  std::vector<std::string> missing;
  for (const auto& panel : r.panels)
    if (std::none_of(meetings.begin(), meetings.end(),
                     [&](const auto& m) { return m.meeting.panel == panel; }))
      missing.push_back(panel);
  return missing;
}

// What a supplier reads, once the schedule is published, about the panels it asked for and
// has no meeting with (`missing`): one line per panel, with the cause the run behind the
// published schedule gave (scheduler/FORMAT.md, "cause") in the supplier's words. Empty when
// no run is behind the schedule (`outcome`: ScheduleStore::supplier_outcome). Shown under the
// meetings a supplier got, and under the "no meeting" notice of one that asked for several.
std::string unplaced_panels_notice(const core::DaySetup& day,
                                   const std::vector<std::string>& missing,
                                   const std::optional<data::SupplierOutcome>& outcome,
                                   Lang lang) {
  if (missing.empty() || !outcome) return "";
  std::string items;
  for (const auto& panel : missing) {
    std::vector<std::pair<std::string, std::string>> values;
    const auto entry = std::find_if(outcome->unplaced.begin(), outcome->unplaced.end(),
                                    [&](const auto& u) { return u.panel == panel; });
    const sched::Cause* cause = entry == outcome->unplaced.end() ? nullptr : &entry->why.cause;
    auto number = [&](std::string_view name) {
      return std::to_string(cause->number(name).value_or(0));
    };
    // Without a cause the run placed the meeting and staff took it out before publishing.
    std::string key = "booking.unplaced_other";
    if (outcome->panels.count(panel) == 0) {
      key = "booking.unplaced_late";
    } else if (cause && sched::taken_by_own_meetings(*cause)) {
      key = "booking.unplaced_own";  // its other meetings hold every time both could meet
    } else if (cause && sched::decided_by_lottery(*cause)) {
      key = "booking.unplaced_lottery";
      values.insert(values.end(), {{"position", number("position")},
                                   {"of", number("of")},
                                   {"seed", std::to_string(outcome->seed)}});
    } else if (cause && cause->code == "slots_taken") {
      key = "booking.unplaced_taken";
    } else if (cause && (cause->code == "higher_priority" || cause->code == "fairness")) {
      key = "booking.unplaced_priority";
    } else if (cause && (cause->code == "unavailable" || cause->code == "no_common_slot")) {
      key = "booking.unplaced_no_time";
    } else if (cause && (cause->code == "room_too_small" || cause->code == "no_room_fits")) {
      key = "booking.unplaced_room";
      values.push_back({"people", number("people")});
    }
    items += "<li><strong>" + h(panel_name(day, panel)) + "</strong>: " +
             h(filled(tr(lang, key), values)) + "</li>\n";
  }
  return "<div class=\"notice\" id=\"unplaced-panels\"><p><strong>" +
         std::string(tr(lang, "booking.unplaced_title")) + "</strong></p>\n<ul>\n" + items +
         "</ul></div>\n";
}

Response booking_page(PublicSite& site, const Request& request, const std::string& token) {
  data::RegistrationStore registrations(site.db);
  auto found = registrations.find_by_token(token);
  if (!found) return not_found_page(request);
  const data::Registration& r = found.value();
  const Lang lang = language_of(request);
  auto t = [&](std::string_view key) { return std::string(tr(lang, key)); };
  data::EventStore events(site.db);
  auto event = events.get(r.event_id);
  if (!event) return not_found_page(request);
  std::string html = "<h1>" + t("booking.title") + "</h1>\n";
  html += "<p class=\"muted\">" + h(event.value().title) + "</p>\n";
  html += "<dl class=\"facts\">\n<dt>" + t("booking.reference") + "</dt><dd><strong>" +
          h(r.reference) + "</strong></dd>\n<dt>" + t("form.company") + "</dt><dd>" + h(r.company) +
          "</dd>\n<dt>" + t("booking.status") + "</dt><dd class=\"status\">" +
          t(r.cancelled ? "booking.cancelled"
                        : visible_meetings(site, r.id).empty() ? "booking.registered" : "booking.scheduled") +
          "</dd>\n</dl>\n";
  if (!r.cancelled) {
    auto day = events.load_day(r.event_id);
    const auto meetings = data::ScheduleStore(site.db).supplier_meetings(r.id);
    if (!meetings.empty() && day) {
      html += "<h2>" + t("booking.meetings") + "</h2>\n<ul>\n";
      for (const auto& [m, was, changed_at] : meetings) {
        html += "<li><strong>" + h(long_date(event.value().day, lang)) + " " +
                core::format_clock(m.start) + "–" + core::format_clock(m.end) + "</strong>: " +
                h(panel_name(day.value(), m.panel)) + ", " + h(room_text(day.value(), m.room, lang));
        if (was) {
          std::string when = changed_at;
          if (const auto at = data::parse_instant(changed_at))
            if (const auto local = data::instant_to_local(*at, event.value().time_zone))
              when = long_date(local.value().day, lang) + " " + core::format_clock(local.value().minutes);
          std::string text = t("staff.schedule.public.changed_from");
          auto put = [&](const std::string& token, const std::string& value) {
            if (const auto place = text.find(token); place != std::string::npos) text.replace(place, token.size(), value);
          };
          put("{old}", core::format_clock(was->start) + ", " + room_text(day.value(), was->room, lang));
          put("{new}", core::format_clock(m.start) + ", " + room_text(day.value(), m.room, lang));
          put("{at}", when);
          html += "<div class=\"notice changed\"><p><strong>" + t("staff.schedule.public.changed") +
                  "</strong></p><p>" + h(text) + "</p></div>";
        }
        html += "</li>\n";
      }
      html += "</ul>\n";
      // Panels it asked for and did not get; the stored run is read only where there are any.
      if (const auto missing = panels_without_meeting(r, meetings); !missing.empty())
        html += unplaced_panels_notice(
            day.value(), missing,
            data::ScheduleStore(site.db).supplier_outcome(r.event_id, r.reference), lang);
    } else if (r.wants_meeting && data::ScheduleStore(site.db).versions(r.event_id).empty()) {
      html += "<p>" + t("booking.not_scheduled") + "</p>\n";
    } else if (r.wants_meeting) {
      const auto outcome = data::ScheduleStore(site.db).supplier_outcome(r.event_id, r.reference);
      html += not_placed_notice(site, r, event.value(), day ? &day.value() : nullptr, outcome, lang);
      // Where it asked for several panels, each one's own cause (the notice gives one).
      if (r.panels.size() > 1 && day)
        html += unplaced_panels_notice(day.value(), r.panels, outcome, lang);
    }
    html += "<p><a href=\"/b/" + url_encode(token) + "/calendar.ics\">" + t("booking.calendar") +
            "</a></p>\n";
    html += "<div class=\"notice\"><p>" + t("booking.keep_link") + "</p><p><code>" +
            h(origin_of(request) + "/b/" + url_encode(token)) + "</code></p></div>\n";
    html += "<p><a href=\"/b/" + url_encode(token) + "/edit?lang=" + std::string(code(lang)) +
            "\">" + t("booking.edit_link") + "</a></p>\n";
    html += "<p><a href=\"/b/" + url_encode(token) + "/cancel?lang=" + std::string(code(lang)) +
            "\">" + t("booking.cancel_link") + "</a></p>\n";
  }
  html += "<p><a href=\"/e/" + url_encode(event.value().slug) + "?lang=" + std::string(code(lang)) +
          "\">" + t("booking.to_event") + "</a></p>\n";
  return html_page(http::status::ok, {lang, t("booking.title"), path_of(request)}, html);
}

// The public programme as a calendar: every programme item and one-to-one window.
Response programme_calendar(PublicSite& site, const data::EventInfo& event, const core::DaySetup& day) {
  std::vector<CalendarEvent> entries;
  const std::string place = event.venue + (event.address.empty() ? "" : ", " + event.address);
  auto add = [&](const std::string& uid, core::Minutes from, core::Minutes to, const std::string& title,
                 const std::string& description) {
    auto start = data::local_to_instant(event.day, from, event.time_zone);
    auto end = data::local_to_instant(event.day, to, event.time_zone);
    if (start && end) entries.push_back({uid, start.value(), end.value(), title, place, description, "", 0});
  };
  for (std::size_t i = 0; i < day.programme.size(); ++i)
    add("programme-" + std::to_string(event.id) + "-" + std::to_string(i) + "@dialogdag",
        day.programme[i].start, day.programme[i].end, day.programme[i].title, day.programme[i].speaker);
  const Lang lang = event.language == "en" ? Lang::kEn : Lang::kNb;
  for (std::size_t i = 0; i < day.windows.size(); ++i)
    add("window-" + std::to_string(event.id) + "-" + std::to_string(i) + "@dialogdag",
        day.windows[i].start, day.windows[i].end, std::string(tr(lang, "event.one_to_ones")), "");
  Response response = make_response(http::status::ok, calendar_file(event.title, entries, site.db.now()),
                                    "text/calendar; charset=utf-8");
  response.set(http::field::content_disposition,
               "attachment; filename=\"" + event.slug + ".ics\"");
  return response;
}

// The public event as JSON: programme, panels and slots with free/taken per panel. Never a
// supplier's name, reference or anything else about who booked what.
Response event_json(PublicSite& site, const data::EventInfo& event, const core::DaySetup& day) {
  nlohmann::ordered_json out;
  out["slug"] = event.slug;
  out["title"] = event.title;
  out["subject"] = event.subject;
  out["day"] = event.day;
  out["time_zone"] = event.time_zone;
  out["venue"] = event.venue;
  out["address"] = event.address;
  out["status"] = data::to_string(event.status);
  out["booking_mode"] = data::to_string(event.booking_mode);
  out["registration_open"] = registration_open(event, site.db.now());
  if (event.registration_opens) out["registration_opens"] = data::format_instant(*event.registration_opens);
  if (event.registration_closes) out["registration_closes"] = data::format_instant(*event.registration_closes);
  out["meeting_length_minutes"] = day.meeting_length;
  out["programme"] = nlohmann::ordered_json::array();
  for (const auto& item : day.programme)
    out["programme"].push_back({{"start", core::format_clock(item.start)},
                                {"end", core::format_clock(item.end)},
                                {"title", item.title},
                                {"speaker", item.speaker}});
  out["panels"] = nlohmann::ordered_json::array();
  for (const auto& panel : day.panels)
    out["panels"].push_back({{"key", panel.key}, {"name", panel.name}, {"municipalities", panel.municipalities}});
  const auto taken = data::ScheduleStore(site.db).meetings(event.id);
  out["slots"] = nlohmann::ordered_json::array();
  for (const auto& slot : core::slot_grid(day)) {
    nlohmann::ordered_json free = nlohmann::ordered_json::object();
    for (const auto& panel : day.panels)
      free[panel.key] = std::none_of(taken.begin(), taken.end(), [&](const data::MeetingRow& m) {
        return m.panel == panel.key && m.start == slot.start;
      });
    out["slots"].push_back({{"start", core::format_clock(slot.start)},
                            {"end", core::format_clock(slot.end)},
                            {"session", slot.session},
                            {"free", free}});
  }
  Response response = make_response(http::status::ok, out.dump(2) + "\n", "application/json");
  response.set(http::field::access_control_allow_origin, "*");
  return response;
}

}  // namespace

void add_public_routes(Router& router, PublicSite& site) {
  router.add(http::verb::get, "/healthz", [&site](const Request&, const PathParams&) {
    const bool healthy = site.db.schema_version() > 0;
    return make_response(healthy ? http::status::ok : http::status::service_unavailable,
                         healthy ? "ok\n" : "database unavailable\n", "text/plain; charset=utf-8");
  });

  router.add(http::verb::get, "/static/{file}", [](const Request& request, const PathParams& p) {
    if (auto file = static_file(p.at("file"), request)) return *file;
    return not_found_page(request);
  });

  router.add(http::verb::get, "/", [&site](const Request& request, const PathParams&) {
    const Lang lang = language_of(request);
    auto t = [&](std::string_view key) { return std::string(tr(lang, key)); };
    const auto events = data::EventStore(site.db).list_public();
    std::string html = "<h1>" + t("home.title") + "</h1>\n<p>" + t("home.intro") + "</p>\n";
    if (events.empty()) html += "<p>" + t("home.none") + "</p>\n";
    else html += "<ul>\n";
    for (const auto& event : events) {
      const bool open = registration_open(event, site.db.now());
      html += "<li><a href=\"/e/" + url_encode(event.slug) + "?lang=" + std::string(code(lang)) +
              "\">" + h(event.title) + "</a> – " + h(long_date(event.day, lang)) + ", " +
              h(event.venue) + " <span class=\"status\">(" +
              t(open ? "event.open" : "event.closed") + ")</span></li>\n";
    }
    if (!events.empty()) html += "</ul>\n";
    return html_page(http::status::ok, {lang, t("home.title"), "/"}, html);
  });

  router.add(http::verb::get, "/e/{slug}", [&site](const Request& request, const PathParams& p) {
    const std::string& slug = p.at("slug");
    const Lang lang = language_of(request);
    return site.cache.serve("page " + std::string(code(lang)) + " " + slug, [&]() -> Rendered {
      const auto reading = site.db.read();  // the whole page from one snapshot
      const auto event = public_event(site, slug);
      if (!event) return {not_found_page(request), {}};
      auto day = data::EventStore(site.db).load_day(event->id);
      if (!day) return {not_found_page(request), {}};
      return {html_page(http::status::ok, {lang, event->title, "/e/" + url_encode(slug)},
                        event_page_html(site, *event, day.value(), lang)),
              next_change(*event, site.db.now())};
    });
  });

  router.add(http::verb::get, "/e/{slug}/calendar.ics", [&site](const Request& request, const PathParams& p) {
    const auto event = public_event(site, p.at("slug"));
    if (!event) return not_found_page(request);
    auto day = data::EventStore(site.db).load_day(event->id);
    if (!day) return not_found_page(request);
    return programme_calendar(site, *event, day.value());
  });

  router.add(http::verb::get, "/api/v1/events/{slug}", [&site](const Request&, const PathParams& p) {
    const std::string& slug = p.at("slug");
    return site.cache.serve("json " + slug, [&]() -> Rendered {
      const auto reading = site.db.read();  // the whole answer from one snapshot
      const auto event = public_event(site, slug);
      auto day = event ? data::EventStore(site.db).load_day(event->id) : data::StoreResult<core::DaySetup>(data::not_found(""));
      if (!event || !day)
        return {make_response(http::status::not_found, "{\"error\": \"no such event\"}\n", "application/json"), {}};
      return {event_json(site, *event, day.value()), next_change(*event, site.db.now())};
    });
  });

  router.add(http::verb::get, "/e/{slug}/book", [&site](const Request& request, const PathParams& p) {
    const auto event = public_event(site, p.at("slug"));
    if (!event) return not_found_page(request);
    if (!registration_open(*event, site.db.now())) return closed_page(request, *event);
    auto day = data::EventStore(site.db).load_day(event->id);
    if (!day) return not_found_page(request);
    BookingForm blank;
    blank.attendee_names.assign(1, "");
    blank.attendee_roles.assign(1, "");
    return booking_form_page(site, request, *event, day.value(), blank, {}, http::status::ok,
                             new_booking(*event));
  });

  router.add(http::verb::post, "/e/{slug}/book", [&site](const Request& request, const PathParams& p) {
    const auto event = public_event(site, p.at("slug"));
    if (!event) return not_found_page(request);
    auto fields = parse_form(request.body());
    if (!fields) return make_response(http::status::bad_request, fields.error() + "\n",
                                      "text/plain; charset=utf-8");
    if (!csrf_ok(site, request, fields.value())) return forbidden_page(request);
    if (!registration_open(*event, site.db.now())) return closed_page(request, *event);
    auto day = data::EventStore(site.db).load_day(event->id);
    if (!day) return not_found_page(request);
    const Lang lang = language_of(request);
    const BookingForm form = read_booking_form(fields.value());
    const BookingContext context = booking_context(site, *event, day.value(), lang);
    auto errors = validate_booking(form, context);
    if (!errors.empty())
      return booking_form_page(site, request, *event, day.value(), form, errors,
                               http::status::unprocessable_entity, new_booking(*event));
    data::RegistrationStore registrations(site.db);
    auto booked = registrations.register_supplier(event->id, to_registration_input(form));
    if (booked) return see_other("/b/" + url_encode(booked.value().manage_token) + "?lang=" +
                                 std::string(code(lang)));
    if (refused_as_closed(booked.failure())) return closed_page(request, *event);
    return booking_form_page(site, request, *event, day.value(), form,
                             {store_error(booked.failure(), lang)}, http::status::unprocessable_entity,
                             new_booking(*event));
  });

  router.add(http::verb::get, "/b/{token}", [&site](const Request& request, const PathParams& p) {
    return booking_page(site, request, p.at("token"));
  });

  router.add(http::verb::get, "/b/{token}/edit", [&site](const Request& request, const PathParams& p) {
    auto open = changeable(site, request, p.at("token"));
    if (auto* answer = std::get_if<Response>(&open)) return std::move(*answer);
    const auto& [registration, event, day] = std::get<Changeable>(open);
    return booking_form_page(site, request, event, day, booking_form_from(registration), {},
                             http::status::ok, change_booking(p.at("token")));
  });

  router.add(http::verb::post, "/b/{token}", [&site](const Request& request, const PathParams& p) {
    auto fields = parse_form(request.body());
    if (!fields) return make_response(http::status::bad_request, fields.error() + "\n",
                                      "text/plain; charset=utf-8");
    auto open = changeable(site, request, p.at("token"));
    if (auto* answer = std::get_if<Response>(&open)) return std::move(*answer);
    const auto& [registration, event, day] = std::get<Changeable>(open);
    if (!csrf_ok(site, request, fields.value())) return forbidden_page(request);
    const Lang lang = language_of(request);
    BookingForm form = read_booking_form(fields.value());
    form.orgnr = registration.orgnr;  // not changeable: the form shows it, the store keeps it
    BookingContext context = booking_context(site, event, day, lang);
    for (const auto& m : visible_meetings(site, registration.id))  // one's own slot stays free
      context.free_slots.push_back(m.start);
    auto errors = validate_booking(form, context);
    const FormTarget target = change_booking(p.at("token"));
    if (!errors.empty())
      return booking_form_page(site, request, event, day, form, errors,
                               http::status::unprocessable_entity, target);
    auto updated = data::RegistrationStore(site.db).update(p.at("token"), to_registration_input(form));
    if (updated) return see_other("/b/" + url_encode(p.at("token")) + "?lang=" + std::string(code(lang)));
    if (refused_as_closed(updated.failure())) return closed_page(request, event);
    return booking_form_page(site, request, event, day, form, {store_error(updated.failure(), lang)},
                             http::status::unprocessable_entity, target);
  });

  router.add(http::verb::get, "/b/{token}/calendar.ics", [&site](const Request& request, const PathParams& p) {
    return booking_calendar(site, request, p.at("token"));
  });

  router.add(http::verb::get, "/b/{token}/cancel", [&site](const Request& request, const PathParams& p) {
    data::RegistrationStore registrations(site.db);
    auto found = registrations.find_by_token(p.at("token"));
    if (!found || found.value().cancelled) return not_found_page(request);
    const Lang lang = language_of(request);
    auto t = [&](std::string_view key) { return std::string(tr(lang, key)); };
    const FormBinding binding = form_binding(request);
    std::string html = "<h1>" + t("cancel.title") + "</h1>\n<p>" + t("cancel.text") + " <strong>" +
                       h(found.value().reference) + "</strong>?</p>\n<form method=\"post\" action=\"/b/" +
                       url_encode(p.at("token")) + "/cancel?lang=" + std::string(code(lang)) +
                       "\">\n<input type=\"hidden\" name=\"_csrf\" value=\"" +
                       h(site.csrf.token_for(binding.value)) + "\">\n<button type=\"submit\" class=\"danger\">" +
                       t("cancel.confirm") + "</button>\n</form>\n<p><a href=\"/b/" +
                       url_encode(p.at("token")) + "?lang=" + std::string(code(lang)) + "\">" + t("cancel.back") +
                       "</a></p>\n";
    Response response = html_page(http::status::ok, {lang, t("cancel.title"), path_of(request)}, html);
    remember_binding(response, binding);
    return response;
  });

  router.add(http::verb::post, "/b/{token}/cancel", [&site](const Request& request, const PathParams& p) {
    auto fields = parse_form(request.body());
    if (!fields || !csrf_ok(site, request, fields.value())) return forbidden_page(request);
    data::RegistrationStore registrations(site.db);
    auto cancelled = registrations.cancel(p.at("token"));
    const Lang lang = language_of(request);
    if (!cancelled && cancelled.kind() == data::Failure::kNotFound) return not_found_page(request);
    if (!cancelled)
      return html_page(http::status::conflict,
                       {lang, std::string(tr(lang, "cancel.too_late")), path_of(request)},
                       "<h1>" + std::string(tr(lang, "cancel.too_late")) + "</h1>\n<p>" +
                           std::string(tr(lang, "cancel.too_late_text")) + "</p>\n");
    return see_other("/b/" + url_encode(p.at("token")) + "?lang=" + std::string(code(lang)));
  });
}

}  // namespace dialogdag::web
