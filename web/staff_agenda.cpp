// Staff console, agendas: the print views of a conference day (HTML with the print stylesheet
// web/static/print.css, A4).
//
//   GET /staff/events/{id}/agenda                 every print view linked, and the whole day
//                                                 (programme + one-to-ones per room)
//   GET /staff/events/{id}/agenda?room=KEY        the door sign of a room
//   GET /staff/events/{id}/agenda?supplier=ID     the personal agenda of a supplier
//                                                 (registration id)
//   GET /staff/events/{id}/agenda?panel=KEY       a panel's meetings with the people coming
//   GET /staff/events/{id}/agenda?member=PERSON   a panel member's meetings across panels
//   GET /staff/events/{id}/agenda?all=rooms|suppliers|panels|members
//                                                 every sheet of that kind, one after another,
//                                                 each starting on a new page
//   GET /staff/events/{id}/agenda.css             the footer of every printed page (event,
//                                                 date, draft mark), linked by the views
//
// Which meetings: once a schedule has been published, what the suppliers see on their own pages
// (the latest published version and instant bookings; a screen-only notice says when the
// proposal has changed since); before that, every current meeting of the proposal, and every
// sheet says "UTKAST – ikke publisert". A supplier's agenda holds only
// that supplier's meetings and people: it is handed to them.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "data/event_store.h"
#include "data/registration_store.h"
#include "data/schedule_store.h"
#include "scheduler/validation.h"
#include "web/form.h"
#include "web/i18n_catalog.h"
#include "web/staff.h"

namespace dialogdag::web {
namespace {

constexpr CatalogEntry kAgenda[] = {
    {"staff.agenda.title", "Agenda og utskrifter", "Agendas and print views"},
    {"staff.agenda.draft", "UTKAST – ikke publisert", "DRAFT – not published"},
    {"staff.agenda.draft_text",
     "Timeplanen er ikke publisert. Utskriftene viser forslaget slik det er nå, og leverandørene "
     "ser det ikke ennå.",
     "The schedule is not published. The printouts show the current proposal, which the "
     "suppliers cannot see yet."},
    {"staff.agenda.unpublished_changes",
     "Noen møter er endret etter publisering. Utskriftene viser det leverandørene ser nå; "
     "publiser på nytt for å ta med endringene.",
     "Some meetings have changed since publishing. The printouts show what the suppliers see "
     "now; publish again to include the changes."},
    {"staff.agenda.print_hint",
     "Skriv ut med nettleserens utskrift (Ctrl+P, på Mac Cmd+P) og velg A4. Hvert dørskilt og "
     "hver leverandøragenda kommer på egen side.",
     "Print with the browser's print command (Ctrl+P, on a Mac Cmd+P) and choose A4. Each door "
     "sign and each supplier agenda starts on a page of its own."},
    {"staff.agenda.back_to_index", "Alle utskrifter", "All print views"},
    {"staff.agenda.back_to_event", "Tilbake til konferansen", "Back to the conference"},
    {"staff.agenda.tools", "Utskrift", "Printing"},
    {"staff.agenda.views", "Utskrifter", "Print views"},
    {"staff.agenda.whole_day", "Hele dagen", "The whole day"},
    {"staff.agenda.whole_day_link", "Hele dagen (denne siden)", "The whole day (this page)"},
    {"staff.agenda.door_signs", "Dørskilt", "Door signs"},
    {"staff.agenda.all_door_signs", "Alle dørskilt", "All door signs"},
    {"staff.agenda.suppliers", "Leverandøragendaer", "Supplier agendas"},
    {"staff.agenda.all_suppliers", "Alle leverandøragendaer", "All supplier agendas"},
    {"staff.agenda.panels", "Paneler", "Panels"},
    {"staff.agenda.all_panels", "Alle paneler", "All panels"},
    {"staff.agenda.members", "Panelmedlemmer", "Panel members"},
    {"staff.agenda.all_members", "Alle panelmedlemmer", "All panel members"},
    {"staff.agenda.none", "Ingen ennå.", "None yet."},
    {"staff.agenda.programme", "Program", "Programme"},
    {"staff.agenda.no_programme", "Programmet er ikke lagt inn.", "No programme has been entered."},
    {"staff.agenda.one_to_ones", "Én-til-én-møter per rom", "One-to-one meetings per room"},
    {"staff.agenda.no_room", "Uten rom", "Without a room"},
    {"staff.agenda.room_later", "rom kommer", "room to be announced"},
    {"staff.agenda.digital", "digitalt", "digital"},
    {"staff.agenda.no_meetings", "Ingen møter.", "No meetings."},
    {"staff.agenda.col.time", "Tid", "Time"},
    {"staff.agenda.col.item", "Punkt", "Item"},
    {"staff.agenda.col.speaker", "Innleder", "Speaker"},
    {"staff.agenda.col.kind", "Type", "Kind"},
    {"staff.agenda.col.supplier", "Leverandør", "Supplier"},
    {"staff.agenda.col.panel", "Panel", "Panel"},
    {"staff.agenda.col.room", "Rom", "Room"},
    {"staff.agenda.col.people", "Deltakere", "People"},
    {"staff.agenda.col.topics", "Temaer", "Topics"},
    {"staff.agenda.col.what", "Hva", "What"},
    {"staff.agenda.col.where", "Hvor", "Where"},
    {"staff.agenda.kind.plenary", "Plenum", "Plenary"},
    {"staff.agenda.kind.break", "Pause", "Break"},
    {"staff.agenda.kind.lunch", "Lunsj", "Lunch"},
    {"staff.agenda.kind.workshop", "Verksted", "Workshop"},
    {"staff.agenda.role.need_owner", "behovseier", "need owner"},
    {"staff.agenda.role.procurement", "innkjøp", "procurement"},
    {"staff.agenda.role.technical", "teknisk", "technical"},
    {"staff.agenda.role.observer", "observatør", "observer"},
    {"staff.agenda.role.minute_taker", "referent", "minute-taker"},
    {"staff.agenda.door.caption", "Møter i rommet", "Meetings in this room"},
    {"staff.agenda.door.seats", "plasser", "seats"},
    {"staff.agenda.door.link", "Møtelenke", "Meeting link"},
    {"staff.agenda.supplier.heading", "Agenda for", "Agenda for"},
    {"staff.agenda.supplier.reference", "Bookingreferanse", "Booking reference"},
    {"staff.agenda.supplier.people", "Dere som kommer", "Attending"},
    {"staff.agenda.supplier.your_day", "Dagen deres", "Your day"},
    {"staff.agenda.supplier.meeting", "Én-til-én-møte med", "One-to-one meeting with"},
    {"staff.agenda.supplier.no_plenary",
     "Dere har meldt at dere ikke deltar i plenum; programmet står derfor ikke her.",
     "You told us you will not attend the plenary, so the programme is not listed here."},
    {"staff.agenda.supplier.no_meeting_wanted", "Dere har ikke bedt om et én-til-én-møte.",
     "You did not ask for a one-to-one meeting."},
    {"staff.agenda.supplier.no_meeting_yet",
     "Tidspunktet for én-til-én-møtet er ikke fastsatt ennå.",
     "The time of your one-to-one meeting has not been set yet."},
    {"staff.agenda.supplier.you_meet", "Dere møter", "You will meet"},
    {"staff.agenda.supplier.topics", "Temaer dere har meldt inn", "Topics you asked to raise"},
    {"staff.agenda.supplier.bring", "Husk", "Remember"},
    {"staff.agenda.supplier.bring_reference", "Ha bookingreferansen klar:",
     "Have your booking reference ready:"},
    {"staff.agenda.supplier.bring_early", "Kom til rommet 5 minutter før møtet starter.",
     "Come to the room 5 minutes before your meeting starts."},
    {"staff.agenda.supplier.bring_early_digital", "Logg på 5 minutter før møtet starter.",
     "Join 5 minutes before your meeting starts."},
    {"staff.agenda.supplier.bring_length_1", "Møtet varer", "The meeting lasts"},
    {"staff.agenda.supplier.bring_length_2",
     "minutter, like lenge for alle leverandører. Vi avslutter presist.",
     "minutes, the same for every supplier. We end on time."},
    {"staff.agenda.supplier.bring_material",
     "Ta med presentasjon eller produktmateriell på egen PC eller minnepenn, og utskrifter hvis "
     "dere vil dele noe på papir.",
     "Bring any presentation or product material on your own laptop or a memory stick, and "
     "printouts if you want to hand something out."},
    {"staff.agenda.supplier.bring_digital",
     "Møtet er digitalt. Test lenken og lyd og bilde i god tid:",
     "The meeting is digital. Test the link, sound and camera in good time:"},
    {"staff.agenda.supplier.equal",
     "Alle leverandører får like lange møter og den samme informasjonen. Informasjon som gis i "
     "ett møte og er viktig for alle, publiseres til alle leverandører.",
     "Every supplier gets meetings of the same length and the same information. Information "
     "given in one meeting that matters to everyone is published to every supplier."},
    {"staff.agenda.panel.heading", "Panel:", "Panel:"},
    {"staff.agenda.panel.members", "Medlemmer", "Members"},
    {"staff.agenda.panel.for", "På vegne av", "On behalf of"},
    {"staff.agenda.panel.home_room", "Rom", "Room"},
    {"staff.agenda.panel.caption", "Møter med leverandører", "Meetings with suppliers"},
    {"staff.agenda.member.heading", "Møter for", "Meetings for"},
    {"staff.agenda.member.panels", "Sitter i", "Sits on"},
    {"staff.agenda.member.caption", "Møtene i tidsrekkefølge", "The meetings in time order"},
    {"staff.agenda.digital_wanted", "ønsker digitalt møte", "wants a digital meeting"},
};

std::string h(std::string_view text) { return html_escape(text); }

// What every sheet of one event is made from, read once per request.
struct Agenda {
  data::EventInfo event;
  core::DaySetup day;
  std::vector<data::Registration> registrations;  // active ones, in registration order
  std::vector<data::MeetingRow> meetings;         // the ones printed, by start then panel
  bool draft = true;                              // the schedule is not published
  bool unpublished_changes = false;               // published, but the proposal differs
  Lang lang = Lang::kNb;

  std::string t(std::string_view key) const { return std::string(tr(lang, key)); }

  // The active registration behind a meeting's booking reference (none when cancelled).
  const data::Registration* registration(const std::string& reference) const {
    for (const auto& r : registrations)
      if (r.reference == reference) return &r;
    return nullptr;
  }
  const core::Panel* panel(const std::string& key) const {
    for (const auto& p : day.panels)
      if (p.key == key) return &p;
    return nullptr;
  }
  const core::EventRoom* room(const std::string& key) const {
    for (const auto& r : day.rooms)
      if (r.key == key) return &r;
    return nullptr;
  }
};

// The meetings suppliers see once a version is published: the latest published version, with
// instant bookings as they stand (ScheduleStore::supplier_meetings does the same per supplier).
// Meetings of registrations cancelled since are left out: nobody comes to them.
Agenda load_agenda(StaffSite& site, data::EventInfo event, Lang lang) {
  Agenda agenda;
  agenda.lang = lang;
  auto day = data::EventStore(site.db).load_day(event.id);
  if (day) agenda.day = std::move(day).value();
  agenda.registrations = data::RegistrationStore(site.db).list(event.id);
  data::ScheduleStore schedules(site.db);
  auto live = schedules.meetings(event.id);
  const auto versions = schedules.versions(event.id);
  agenda.draft = versions.empty();
  if (agenda.draft) {
    agenda.meetings = std::move(live);
  } else {
    using Place = std::tuple<std::int64_t, core::Minutes, std::optional<std::string>>;
    std::set<Place> published, proposed;
    std::set<std::int64_t> booked;
    for (auto& m : live) {
      if (m.status == "booked") {
        booked.insert(m.id);
        agenda.meetings.push_back(m);
      } else {
        proposed.insert({m.id, m.start, m.room});
      }
    }
    for (const auto& m : versions.back().meetings) {
      if (booked.count(m.id)) continue;
      published.insert({m.id, m.start, m.room});
      agenda.meetings.push_back(m);
    }
    agenda.unpublished_changes = published != proposed;
    std::erase_if(agenda.meetings,
                  [&](const data::MeetingRow& m) { return !agenda.registration(m.reference); });
    std::stable_sort(agenda.meetings.begin(), agenda.meetings.end(),
                     [](const data::MeetingRow& x, const data::MeetingRow& y) {
                       return x.start < y.start;
                     });
  }
  agenda.event = std::move(event);
  return agenda;
}

std::string clock_span(core::Minutes start, core::Minutes end) {
  return core::format_clock(start) + "–" + core::format_clock(end);
}

std::string kind_text(const Agenda& a, core::ItemKind kind) {
  switch (kind) {
    case core::ItemKind::kPlenary: return a.t("staff.agenda.kind.plenary");
    case core::ItemKind::kBreak: return a.t("staff.agenda.kind.break");
    case core::ItemKind::kLunch: return a.t("staff.agenda.kind.lunch");
    case core::ItemKind::kWorkshop: return a.t("staff.agenda.kind.workshop");
  }
  return "";
}

std::string role_text(const Agenda& a, core::Role role) {
  switch (role) {
    case core::Role::kNeedOwner: return a.t("staff.agenda.role.need_owner");
    case core::Role::kProcurement: return a.t("staff.agenda.role.procurement");
    case core::Role::kTechnical: return a.t("staff.agenda.role.technical");
    case core::Role::kObserver: return a.t("staff.agenda.role.observer");
    case core::Role::kMinuteTaker: return a.t("staff.agenda.role.minute_taker");
  }
  return "";
}

std::string panel_name(const Agenda& a, const std::string& key) {
  const core::Panel* panel = a.panel(key);
  return panel ? panel->name : key;
}

// The room of a meeting as printed: its name, "(digitalt)" for a digital room. Escaped.
std::string room_html(const Agenda& a, const std::optional<std::string>& key) {
  if (!key) return h(a.t("staff.agenda.room_later"));
  const core::EventRoom* room = a.room(*key);
  if (!room) return h(*key);
  if (!room->digital) return h(room->name);
  return h(room->name) + " (" + h(a.t("staff.agenda.digital")) + ")";
}

// "Kari Lead (innkjøp), Tor (referent)". Escaped.
std::string members_html(const Agenda& a, const core::Panel& panel) {
  std::string html;
  for (const auto& member : panel.members) {
    if (!html.empty()) html += ", ";
    html += h(member.name) + " (" + h(role_text(a, member.role)) + ")";
  }
  return html;
}

// The people a supplier brings, one per line: "Name, role". Escaped.
std::string people_html(const data::Registration& r) {
  std::string html;
  for (const auto& person : r.attendees) {
    if (!html.empty()) html += "<br>";
    html += h(person.name);
    if (!person.role.empty()) html += ", " + h(person.role);
  }
  return html;
}

// Free text with its line breaks kept. Escaped.
std::string text_html(const std::string& text) {
  std::string html;
  for (char c : text) {
    if (c == '\r') continue;
    html += c == '\n' ? std::string("<br>") : h(std::string_view(&c, 1));
  }
  return html;
}

std::string supplier_html(const data::Registration* r) {
  if (!r) return "";
  return "<strong>" + h(r->company) + "</strong><br><span class=\"reference\">" +
         h(r->reference) + "</span>";
}

std::string topics_html(const Agenda& a, const data::Registration* r) {
  if (!r) return "";
  std::string html = text_html(r->topics);
  if (r->digital) {
    if (!html.empty()) html += "<br>";
    html += "<em>" + h(a.t("staff.agenda.digital_wanted")) + "</em>";
  }
  return html;
}

// The event line and the draft mark at the top of every sheet.
std::string sheet_top(const Agenda& a) {
  const auto& e = a.event;
  std::string where = e.venue;
  if (!e.address.empty()) where += (where.empty() ? "" : ", ") + e.address;
  std::string html = "<p class=\"sheet-event\"><strong>" + h(e.title) + "</strong><br>" +
                     h(long_date(e.day, a.lang));
  if (!where.empty()) html += " · " + h(where);
  html += "</p>\n";
  if (a.draft) html += "<p class=\"draft-mark\">" + h(a.t("staff.agenda.draft")) + "</p>\n";
  return html;
}

// The footer every printed page carries: the event, its date, and the draft mark.
std::string running_text(const data::EventInfo& event, bool draft, Lang lang) {
  std::string text = event.title + " · " + long_date(event.day, lang);
  if (draft) text += " · " + std::string(tr(lang, "staff.agenda.draft"));
  return text;
}

// `text` as a CSS string literal: every character but letters, digits and spaces as a
// hexadecimal escape, so no text can end the string or the rule.
std::string css_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string css = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const int length = byte < 0x80 ? 1 : byte >> 5 == 0x6 ? 2 : byte >> 4 == 0xe ? 3 : 4;
    if (length == 1 && (std::isalnum(byte) || byte == ' ')) {
      css += static_cast<char>(byte);
      ++i;
      continue;
    }
    char32_t code_point = length == 1 ? byte : byte & (0x3f >> (length - 1));
    for (int k = 1; k < length && i + k < text.size(); ++k)
      code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    i += length;
    std::string hex;
    do {
      hex.insert(hex.begin(), kHex[code_point & 0xf]);
      code_point >>= 4;
    } while (code_point != 0);
    css += "\\" + hex + " ";
  }
  return css + "\"";
}

// The link to the event's page stylesheet (the footer of printed pages). A stylesheet, since
// the Content-Security-Policy allows no inline style.
std::string page_style_link(const Agenda& a) {
  return "<link rel=\"stylesheet\" href=\"/staff/events/" + std::to_string(a.event.id) +
         "/agenda.css?lang=" + std::string(code(a.lang)) + "\">\n";
}

std::string heading(int level, const std::string& text_html, const std::string& css_class = "") {
  const std::string tag = "h" + std::to_string(level);
  return "<" + tag + (css_class.empty() ? "" : " class=\"" + css_class + "\"") + ">" + text_html +
         "</" + tag + ">\n";
}

// A table head; the print stylesheet repeats it on every page the table runs over.
// A caption that repeats the heading above the table is `hidden_caption` (read, not shown).
std::string table_start(const Agenda& a, const std::string& css_class, const std::string& caption,
                        const std::vector<std::pair<std::string, std::string>>& columns,
                        bool hidden_caption = false) {
  std::string html = "<table class=\"" + css_class + "\">\n<caption" +
                     (hidden_caption ? " class=\"visually-hidden\"" : "") + ">" + h(caption) +
                     "</caption>\n<thead><tr>";
  for (const auto& [key, col_class] : columns)
    html += "<th scope=\"col\" class=\"" + col_class + "\">" + h(a.t(key)) + "</th>";
  return html + "</tr></thead>\n<tbody>\n";
}

std::vector<const data::MeetingRow*> meetings_where(
    const Agenda& a, const std::function<bool(const data::MeetingRow&)>& keep) {
  std::vector<const data::MeetingRow*> rows;
  for (const auto& m : a.meetings)
    if (keep(m)) rows.push_back(&m);
  return rows;
}

// ---- the whole day ----

std::string programme_table(const Agenda& a) {
  if (a.day.programme.empty()) return "<p>" + h(a.t("staff.agenda.no_programme")) + "</p>\n";
  std::string html = table_start(a, "agenda-table programme", a.t("staff.agenda.programme"),
                                 {{"staff.agenda.col.time", "col-time"},
                                  {"staff.agenda.col.item", ""},
                                  {"staff.agenda.col.speaker", "col-who"},
                                  {"staff.agenda.col.kind", "col-kind"}},
                                 true);
  for (const auto& item : a.day.programme) {
    const bool pause =
        item.kind == core::ItemKind::kBreak || item.kind == core::ItemKind::kLunch;
    html += std::string("<tr") + (pause ? " class=\"shaded\"" : "") + "><td>" +
            clock_span(item.start, item.end) + "</td><td>" + h(item.title) + "</td><td>" +
            h(item.speaker) + "</td><td>" + h(kind_text(a, item.kind)) + "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

// One room's meetings (time, supplier, panel), or the meetings without a room.
std::string room_meetings_table(const Agenda& a, const std::string& caption,
                                const std::vector<const data::MeetingRow*>& rows,
                                const std::string& css_class) {
  if (rows.empty()) return "<p>" + h(caption) + ": " + h(a.t("staff.agenda.no_meetings")) + "</p>\n";
  std::string html = table_start(a, css_class, caption,
                                 {{"staff.agenda.col.time", "col-time"},
                                  {"staff.agenda.col.supplier", ""},
                                  {"staff.agenda.col.panel", "col-panel"}});
  for (const auto* m : rows)
    html += "<tr><td>" + clock_span(m->start, m->end) + "</td><td>" +
            supplier_html(a.registration(m->reference)) + "</td><td>" +
            h(panel_name(a, m->panel)) + "</td></tr>\n";
  return html + "</tbody>\n</table>\n";
}

std::string whole_day_sheet(const Agenda& a) {
  std::string html = "<section class=\"sheet whole-day\" aria-labelledby=\"whole-day\">\n" +
                     sheet_top(a) + "<h2 id=\"whole-day\">" + h(a.t("staff.agenda.whole_day")) +
                     "</h2>\n" + heading(3, h(a.t("staff.agenda.programme"))) +
                     programme_table(a) + heading(3, h(a.t("staff.agenda.one_to_ones")));
  for (const auto& room : a.day.rooms) {
    const auto rows =
        meetings_where(a, [&](const data::MeetingRow& m) { return m.room == room.key; });
    html += "<div class=\"keep-together\">\n" +
            room_meetings_table(a, room.digital ? room.name + " (" + a.t("staff.agenda.digital") + ")"
                                                : room.name,
                                rows, "agenda-table") +
            "</div>\n";
  }
  const auto roomless = meetings_where(a, [](const data::MeetingRow& m) { return !m.room; });
  if (!roomless.empty())
    html += room_meetings_table(a, a.t("staff.agenda.no_room"), roomless, "agenda-table");
  return html + "</section>\n";
}

// ---- door signs ----

std::string door_sign(const Agenda& a, const core::EventRoom& room, int level) {
  std::string details;
  if (room.seats) details = std::to_string(*room.seats) + " " + a.t("staff.agenda.door.seats");
  if (room.digital) details += (details.empty() ? "" : " · ") + a.t("staff.agenda.digital");
  std::string html = "<section class=\"sheet door-sign\">\n" + sheet_top(a) +
                     heading(level, h(room.name), "door-room");
  if (!details.empty()) html += "<p class=\"door-details\">" + h(details) + "</p>\n";
  if (room.digital && !room.link.empty())
    html += "<p class=\"door-details\">" + h(a.t("staff.agenda.door.link")) + ": " +
            h(room.link) + "</p>\n";
  const auto rows =
      meetings_where(a, [&](const data::MeetingRow& m) { return m.room == room.key; });
  if (rows.empty()) {
    html += "<p>" + h(a.t("staff.agenda.no_meetings")) + "</p>\n";
  } else {
    html += table_start(a, "agenda-table door-table", a.t("staff.agenda.door.caption"),
                        {{"staff.agenda.col.time", "col-time"},
                         {"staff.agenda.col.supplier", ""},
                         {"staff.agenda.col.panel", "col-panel"}});
    for (const auto* m : rows) {
      const data::Registration* r = a.registration(m->reference);
      html += "<tr><td>" + clock_span(m->start, m->end) + "</td><td>" +
              (r ? h(r->company) : std::string()) + "</td><td>" + h(panel_name(a, m->panel)) +
              "</td></tr>\n";
    }
    html += "</tbody>\n</table>\n";
  }
  return html + "</section>\n";
}

// ---- a supplier's agenda: only what is theirs ----

std::string supplier_sheet(const Agenda& a, const data::Registration& r, int level) {
  const auto own = meetings_where(
      a, [&](const data::MeetingRow& m) { return m.reference == r.reference; });
  std::string html = "<section class=\"sheet supplier-agenda\">\n" + sheet_top(a) +
                     heading(level, h(a.t("staff.agenda.supplier.heading")) + " " + h(r.company));
  html += "<dl class=\"facts\">\n<dt>" + h(a.t("staff.agenda.supplier.reference")) + "</dt><dd>" +
          h(r.reference) + "</dd>\n";
  if (!r.attendees.empty())
    html += "<dt>" + h(a.t("staff.agenda.supplier.people")) + "</dt><dd>" + people_html(r) +
            "</dd>\n";
  html += "</dl>\n";

  // Their day: the programme they attend and their own meetings, in time order.
  struct Row {
    core::Minutes start, end;
    std::string what_html, where_html;
    bool meeting;
  };
  std::vector<Row> rows;
  if (r.attends_plenary)
    for (const auto& item : a.day.programme)
      if (item.suppliers_attend)
        rows.push_back({item.start, item.end,
                        h(item.title) + (item.speaker.empty() ? "" : " <span class=\"muted\">(" +
                                                                         h(item.speaker) + ")</span>"),
                        h(kind_text(a, item.kind)), false});
  for (const auto* m : own)
    rows.push_back({m->start, m->end,
                    "<strong>" + h(a.t("staff.agenda.supplier.meeting")) + " " +
                        h(panel_name(a, m->panel)) + "</strong>",
                    room_html(a, m->room), true});
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& x, const Row& y) { return x.start < y.start; });
  html += heading(level + 1, h(a.t("staff.agenda.supplier.your_day")));
  if (!r.attends_plenary) html += "<p>" + h(a.t("staff.agenda.supplier.no_plenary")) + "</p>\n";
  if (!r.wants_meeting)
    html += "<p>" + h(a.t("staff.agenda.supplier.no_meeting_wanted")) + "</p>\n";
  else if (own.empty())
    html += "<p class=\"notice\">" + h(a.t("staff.agenda.supplier.no_meeting_yet")) + "</p>\n";
  if (!rows.empty()) {
    html += table_start(a, "agenda-table your-day", a.t("staff.agenda.supplier.your_day"),
                        {{"staff.agenda.col.time", "col-time"},
                         {"staff.agenda.col.what", ""},
                         {"staff.agenda.col.where", "col-where"}},
                        true);
    for (const auto& row : rows)
      html += std::string("<tr") + (row.meeting ? " class=\"own-meeting\"" : "") + "><td>" +
              clock_span(row.start, row.end) + "</td><td>" + row.what_html + "</td><td>" +
              row.where_html + "</td></tr>\n";
    html += "</tbody>\n</table>\n";
  }

  std::set<std::string> panels_met;
  for (const auto* m : own) panels_met.insert(m->panel);
  if (!panels_met.empty()) {
    html += heading(level + 1, h(a.t("staff.agenda.supplier.you_meet"))) + "<ul class=\"panels\">\n";
    for (const auto& key : panels_met) {
      const core::Panel* panel = a.panel(key);
      if (!panel) continue;
      html += "<li><strong>" + h(panel->name) + "</strong>";
      if (!panel->municipalities.empty()) {
        std::string for_whom;
        for (const auto& m : panel->municipalities) for_whom += (for_whom.empty() ? "" : ", ") + m;
        html += " (" + h(a.t("staff.agenda.panel.for")) + " " + h(for_whom) + ")";
      }
      if (!panel->members.empty()) html += ": " + members_html(a, *panel);
      html += "</li>\n";
    }
    html += "</ul>\n";
  }

  if (!r.topics.empty())
    html += heading(level + 1, h(a.t("staff.agenda.supplier.topics"))) + "<p class=\"topics\">" +
            text_html(r.topics) + "</p>\n";

  html += "<div class=\"keep-together\">\n" + heading(level + 1, h(a.t("staff.agenda.supplier.bring"))) +
          "<ul class=\"bring\">\n";
  html += "<li>" + h(a.t("staff.agenda.supplier.bring_reference")) + " <strong>" +
          h(r.reference) + "</strong></li>\n";
  const bool digital_only =
      !own.empty() && std::all_of(own.begin(), own.end(), [&](const data::MeetingRow* m) {
        const core::EventRoom* room = m->room ? a.room(*m->room) : nullptr;
        return room && room->digital;
      });
  if (!own.empty()) {
    html += "<li>" + h(a.t(digital_only ? "staff.agenda.supplier.bring_early_digital"
                                        : "staff.agenda.supplier.bring_early")) +
            "</li>\n";
    html += "<li>" + h(a.t("staff.agenda.supplier.bring_length_1")) + " " +
            std::to_string(a.event.meeting_length) + " " +
            h(a.t("staff.agenda.supplier.bring_length_2")) + "</li>\n";
    html += "<li>" + h(a.t("staff.agenda.supplier.bring_material")) + "</li>\n";
    for (const auto* m : own) {
      const core::EventRoom* room = m->room ? a.room(*m->room) : nullptr;
      if (room && room->digital && !room->link.empty())
        html += "<li>" + h(a.t("staff.agenda.supplier.bring_digital")) + " " + h(room->link) +
                "</li>\n";
    }
  }
  html += "</ul>\n<p class=\"small\">" + h(a.t("staff.agenda.supplier.equal")) + "</p>\n</div>\n";
  return html + "</section>\n";
}

// ---- panels and panel members (staff sheets: the suppliers' people and topics) ----

std::string panel_sheet(const Agenda& a, const core::Panel& panel, int level) {
  std::string html = "<section class=\"sheet panel-sheet\">\n" + sheet_top(a) +
                     heading(level, h(a.t("staff.agenda.panel.heading")) + " " + h(panel.name)) +
                     "<dl class=\"facts\">\n";
  if (!panel.municipalities.empty()) {
    std::string for_whom;
    for (const auto& m : panel.municipalities) for_whom += (for_whom.empty() ? "" : ", ") + m;
    html += "<dt>" + h(a.t("staff.agenda.panel.for")) + "</dt><dd>" + h(for_whom) + "</dd>\n";
  }
  if (!panel.members.empty())
    html += "<dt>" + h(a.t("staff.agenda.panel.members")) + "</dt><dd>" + members_html(a, panel) +
            "</dd>\n";
  if (panel.room)
    html += "<dt>" + h(a.t("staff.agenda.panel.home_room")) + "</dt><dd>" + room_html(a, panel.room) +
            "</dd>\n";
  html += "</dl>\n";
  const auto rows =
      meetings_where(a, [&](const data::MeetingRow& m) { return m.panel == panel.key; });
  if (rows.empty()) return html + "<p>" + h(a.t("staff.agenda.no_meetings")) + "</p>\n</section>\n";
  html += table_start(a, "agenda-table panel-table", a.t("staff.agenda.panel.caption"),
                      {{"staff.agenda.col.time", "col-time"},
                       {"staff.agenda.col.room", "col-room"},
                       {"staff.agenda.col.supplier", "col-supplier"},
                       {"staff.agenda.col.people", "col-people"},
                       {"staff.agenda.col.topics", ""}});
  for (const auto* m : rows) {
    const data::Registration* r = a.registration(m->reference);
    html += "<tr><td>" + clock_span(m->start, m->end) + "</td><td>" + room_html(a, m->room) +
            "</td><td>" + supplier_html(r) + "</td><td>" + (r ? people_html(*r) : "") +
            "</td><td>" + topics_html(a, r) + "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n</section>\n";
}

struct Member {
  std::string person, name;
  std::vector<std::pair<const core::Panel*, core::Role>> panels;
};

// Every person on a panel of the day, in the order they first appear.
std::vector<Member> members_of(const Agenda& a) {
  std::vector<Member> members;
  for (const auto& panel : a.day.panels)
    for (const auto& pm : panel.members) {
      auto found = std::find_if(members.begin(), members.end(),
                                [&](const Member& m) { return m.person == pm.person; });
      if (found == members.end()) found = members.insert(members.end(), {pm.person, pm.name, {}});
      found->panels.push_back({&panel, pm.role});
    }
  return members;
}

std::string member_sheet(const Agenda& a, const Member& member, int level) {
  std::string sits_on;
  for (const auto& [panel, role] : member.panels)
    sits_on += (sits_on.empty() ? "" : ", ") + h(panel->name) + " (" + h(role_text(a, role)) + ")";
  std::string html = "<section class=\"sheet member-sheet\">\n" + sheet_top(a) +
                     heading(level, h(a.t("staff.agenda.member.heading")) + " " + h(member.name)) +
                     "<dl class=\"facts\">\n<dt>" + h(a.t("staff.agenda.member.panels")) +
                     "</dt><dd>" + sits_on + "</dd>\n</dl>\n";
  const auto rows = meetings_where(a, [&](const data::MeetingRow& m) {
    return std::any_of(member.panels.begin(), member.panels.end(),
                       [&](const auto& p) { return p.first->key == m.panel; });
  });
  if (rows.empty()) return html + "<p>" + h(a.t("staff.agenda.no_meetings")) + "</p>\n</section>\n";
  html += table_start(a, "agenda-table member-table", a.t("staff.agenda.member.caption"),
                      {{"staff.agenda.col.time", "col-time"},
                       {"staff.agenda.col.where", "col-room"},
                       {"staff.agenda.col.supplier", "col-supplier"},
                       {"staff.agenda.col.people", "col-people"},
                       {"staff.agenda.col.topics", ""}});
  for (const auto* m : rows) {
    const data::Registration* r = a.registration(m->reference);
    html += "<tr><td>" + clock_span(m->start, m->end) + "</td><td><strong>" +
            room_html(a, m->room) + "</strong><br>" + h(panel_name(a, m->panel)) + "</td><td>" + supplier_html(r) + "</td><td>" +
            (r ? people_html(*r) : "") + "</td><td>" + topics_html(a, r) + "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n</section>\n";
}

// ---- pages ----

std::string agenda_base(const Agenda& a) {
  return "/staff/events/" + std::to_string(a.event.id) + "/agenda";
}

std::string view_link(const Agenda& a, const std::string& query, const std::string& text) {
  return "<a href=\"" + h(agenda_base(a) + "?" + query + "&lang=" + std::string(code(a.lang))) +
         "\">" + h(text) + "</a>";
}

// The screen-only bar above a print view: where to go back, the other language, how to print.
std::string tools(const Agenda& a, const std::string& query, bool index) {
  const Lang other = a.lang == Lang::kEn ? Lang::kNb : Lang::kEn;
  std::string html = "<nav class=\"agenda-tools no-print\" aria-label=\"" +
                     h(a.t("staff.agenda.tools")) + "\">\n<ul>\n";
  if (!index)
    html += "<li><a href=\"" + h(agenda_base(a) + "?lang=" + std::string(code(a.lang))) + "\">" +
            h(a.t("staff.agenda.back_to_index")) + "</a></li>\n";
  html += "<li><a href=\"" +
          h("/staff/events/" + std::to_string(a.event.id) + "?lang=" + std::string(code(a.lang))) +
          "\">" + h(a.t("staff.agenda.back_to_event")) + "</a></li>\n";
  html += "<li><a href=\"" + h(agenda_base(a) + "?" + (query.empty() ? "" : query + "&") +
                               "lang=" + std::string(code(other))) +
          "\" lang=\"" + std::string(code(other)) + "\" hreflang=\"" + std::string(code(other)) +
          "\">" + std::string(tr(a.lang, "lang.switch")) + "</a></li>\n</ul>\n<p>" +
          h(a.t("staff.agenda.print_hint")) + "</p>\n";
  if (a.draft)
    html += "<p class=\"notice\">" + h(a.t("staff.agenda.draft_text")) + "</p>\n";
  else if (a.unpublished_changes)
    html += "<p class=\"notice\">" + h(a.t("staff.agenda.unpublished_changes")) + "</p>\n";
  return html + "</nav>\n";
}

std::string link_list(const std::vector<std::string>& links, const Agenda& a) {
  if (links.empty()) return "<p>" + h(a.t("staff.agenda.none")) + "</p>\n";
  std::string html = "<ul>\n";
  for (const auto& link : links) html += "<li>" + link + "</li>\n";
  return html + "</ul>\n";
}

std::string index_html(const Agenda& a) {
  std::string html = "<div class=\"agenda\">\n" + page_style_link(a) + "<div class=\"no-print\">\n<h1>" +
                     h(a.t("staff.agenda.title")) + ": " + h(a.event.title) + "</h1>\n" +
                     tools(a, "", true) + "<h2>" + h(a.t("staff.agenda.views")) +
                     "</h2>\n<div class=\"agenda-views\">\n";
  std::vector<std::string> links;
  html += "<div>\n<h3>" + h(a.t("staff.agenda.door_signs")) + "</h3>\n";
  for (const auto& room : a.day.rooms) links.push_back(view_link(a, "room=" + url_encode(room.key), room.name));
  if (!links.empty())
    links.insert(links.begin(), "<strong>" + view_link(a, "all=rooms", a.t("staff.agenda.all_door_signs")) + "</strong>");
  html += link_list(links, a) + "</div>\n<div>\n<h3>" + h(a.t("staff.agenda.suppliers")) + "</h3>\n";
  links.clear();
  for (const auto& r : a.registrations)
    links.push_back(view_link(a, "supplier=" + std::to_string(r.id), r.company + " (" + r.reference + ")"));
  if (!links.empty())
    links.insert(links.begin(), "<strong>" + view_link(a, "all=suppliers", a.t("staff.agenda.all_suppliers")) + "</strong>");
  html += link_list(links, a) + "</div>\n<div>\n<h3>" + h(a.t("staff.agenda.panels")) + "</h3>\n";
  links.clear();
  for (const auto& panel : a.day.panels)
    links.push_back(view_link(a, "panel=" + url_encode(panel.key), panel.name));
  if (!links.empty())
    links.insert(links.begin(), "<strong>" + view_link(a, "all=panels", a.t("staff.agenda.all_panels")) + "</strong>");
  html += link_list(links, a) + "</div>\n<div>\n<h3>" + h(a.t("staff.agenda.members")) + "</h3>\n";
  links.clear();
  for (const auto& member : members_of(a))
    links.push_back(view_link(a, "member=" + url_encode(member.person), member.name));
  if (!links.empty())
    links.insert(links.begin(), "<strong>" + view_link(a, "all=members", a.t("staff.agenda.all_members")) + "</strong>");
  html += link_list(links, a) + "</div>\n</div>\n</div>\n";
  return html + whole_day_sheet(a) + "</div>\n";
}

// A page of one sheet (`single`) or of many (each starting on a new page when printed). A
// page of many sheets has a screen-only h1 and its sheets' headings are h2.
std::string sheets_page(const Agenda& a, const std::string& query, const std::string& title,
                        const std::vector<std::string>& sheets, bool single) {
  std::string html = "<div class=\"agenda\">\n" + page_style_link(a) + tools(a, query, false);
  if (!single) html += "<h1 class=\"no-print\">" + h(title) + "</h1>\n";
  for (const auto& sheet : sheets) html += sheet;
  if (sheets.empty()) html += "<p>" + h(a.t("staff.agenda.none")) + "</p>\n";
  return html + "</div>\n";
}

// The page title is short (the event is on the page): names longer than fit are cut with "…".
Response agenda_page(const Request& request, const StaffContext& staff, const std::string& title,
                     const std::string& html) {
  constexpr std::size_t kMaxTitle = 50;  // characters; the frame adds " – dialogdag"
  std::string shown;
  std::size_t characters = 0;
  for (std::size_t i = 0; i < title.size(); ++i) {
    const bool starts_character = (static_cast<unsigned char>(title[i]) & 0xc0) != 0x80;
    if (starts_character && ++characters > kMaxTitle) {
      shown += "…";
      break;
    }
    shown += title[i];
  }
  return staff_page(http::status::ok, staff, shown, request, html, true);
}

Response agenda(StaffSite& site, const Request& request, const StaffContext& staff,
                const data::EventInfo& event) {
  const Agenda a = load_agenda(site, event, staff.lang);
  const auto& q = staff.query;

  if (const auto key = q.first("room")) {
    const core::EventRoom* room = a.room(*key);
    if (!room) return staff_not_found(request, staff);
    return agenda_page(request, staff, a.t("staff.agenda.door_signs") + ": " + room->name,
                       sheets_page(a, "room=" + url_encode(*key), room->name, {door_sign(a, *room, 1)}, true));
  }
  if (const auto id_text = q.first("supplier")) {
    const data::Registration* r = nullptr;
    for (const auto& candidate : a.registrations)
      if (std::to_string(candidate.id) == *id_text) r = &candidate;
    if (!r) return staff_not_found(request, staff);
    return agenda_page(request, staff, a.t("staff.agenda.supplier.heading") + " " + r->company,
                       sheets_page(a, "supplier=" + *id_text, r->company, {supplier_sheet(a, *r, 1)}, true));
  }
  if (const auto key = q.first("panel")) {
    const core::Panel* panel = a.panel(*key);
    if (!panel) return staff_not_found(request, staff);
    return agenda_page(request, staff, a.t("staff.agenda.panel.heading") + " " + panel->name,
                       sheets_page(a, "panel=" + url_encode(*key), panel->name, {panel_sheet(a, *panel, 1)}, true));
  }
  if (const auto person = q.first("member")) {
    for (const auto& member : members_of(a))
      if (member.person == *person)
        return agenda_page(request, staff, a.t("staff.agenda.member.heading") + " " + member.name,
                           sheets_page(a, "member=" + url_encode(*person), member.name,
                                       {member_sheet(a, member, 1)}, true));
    return staff_not_found(request, staff);
  }
  if (const auto kind = q.first("all")) {
    std::vector<std::string> sheets;
    std::string title_key;
    if (*kind == "rooms") {
      title_key = "staff.agenda.all_door_signs";
      for (const auto& room : a.day.rooms) sheets.push_back(door_sign(a, room, 2));
    } else if (*kind == "suppliers") {
      title_key = "staff.agenda.all_suppliers";
      for (const auto& r : a.registrations) sheets.push_back(supplier_sheet(a, r, 2));
    } else if (*kind == "panels") {
      title_key = "staff.agenda.all_panels";
      for (const auto& panel : a.day.panels) sheets.push_back(panel_sheet(a, panel, 2));
    } else if (*kind == "members") {
      title_key = "staff.agenda.all_members";
      for (const auto& member : members_of(a)) sheets.push_back(member_sheet(a, member, 2));
    } else {
      return staff_not_found(request, staff);
    }
    return agenda_page(request, staff, a.t(title_key),
                       sheets_page(a, "all=" + *kind, a.t(title_key) + ": " + a.event.title, sheets,
                                   false));
  }
  return agenda_page(request, staff, a.t("staff.agenda.title"),
                     index_html(a));
}

}  // namespace

std::span<const CatalogEntry> staff_agenda_catalog() { return kAgenda; }

void add_staff_agenda_routes(Router& router, StaffSite& site) {
  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/agenda",
                  on_staff_event(site, [&site](const Request& request, const PathParams&,
                                               const StaffContext& staff, const data::EventInfo& event) {
                    return agenda(site, request, staff, event);
                  }));
  add_staff_route(
      router, site, http::verb::get, "/staff/events/{id}/agenda.css",
      [&site](const Request&, const PathParams& params, const StaffContext& staff) {
        auto event = staff_event(site, staff, params.at("id"));
        if (!event) return make_response(http::status::not_found, "", "text/css; charset=utf-8");
        const bool draft = data::ScheduleStore(site.db).versions(event->id).empty();
        return make_response(http::status::ok,
                             "@media print { @page { @bottom-left { content: " +
                                 css_string(running_text(*event, draft, staff.lang)) +
                                 "; } } }\n",
                             "text/css; charset=utf-8");
      },
      StaffReply::kData);
}

}  // namespace dialogdag::web
