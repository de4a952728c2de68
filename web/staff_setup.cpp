// Staff console, setup area: creating an event and editing everything about its day (issue 6).
//
// Pages (every one through staff_event(): another organisation's event is a 404):
//   GET/POST /staff/events/new                       create; the host is the user's organisation
//                                                    (admins choose it) -> 303 /staff/events/{id}
//   GET      /staff/events/{id}/settings             details, organisers, booking rules, status,
//   POST     /staff/events/{id}                      and the slot preview; the form posts here
//   GET/POST /staff/events/{id}/programme            the plenary programme
//   GET/POST /staff/events/{id}/windows              meeting length, changeover, one-to-one
//                                                    windows; action=preview shows the grid of
//                                                    what was typed without saving
//   GET/POST /staff/events/{id}/rooms                rooms, seats, digital links
//   GET/POST /staff/events/{id}/panels               the panels; POST adds one by name
//   GET/POST /staff/events/{id}/panels/{key}         one panel with its members
//   POST     /staff/events/{id}/panels/{key}/delete
//   POST     /staff/events/{id}/status               status=open|closed
//
// Lists are edited without JavaScript: a table row per item with indexed field names
// ("item-3-start"), blank rows for new items, a remove checkbox per row; saving replaces the
// list. A rejected form answers 422 (409 for a refused status step or deletion) with the
// form as typed, an error summary and a message at each field; nothing is saved.
// The day's own rules come from core::setup_problem (scheduler/event.h) as a code with values,
// said in the page's language by rule_text (catalog "staff.rule.*" in web/staff.cpp).
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <set>

#include "data/event_store.h"
#include "data/organisation_store.h"
#include "data/time.h"
#include "scheduler/event.h"
#include "scheduler/validation.h"
#include "web/booking_form.h"
#include "web/i18n_catalog.h"
#include "web/layout.h"
#include "web/staff.h"

namespace dialogdag::web {
namespace {

constexpr CatalogEntry kSetup[] = {
    // Navigation and common parts.
    {"staff.setup.nav", "Innstillinger for konferansen", "Conference settings"},
    {"staff.setup.tab.settings", "Detaljer og regler", "Details and rules"},
    {"staff.setup.tab.programme", "Program", "Programme"},
    {"staff.setup.tab.windows", "En-til-en-møter", "One-to-one meetings"},
    {"staff.setup.tab.rooms", "Rom", "Rooms"},
    {"staff.setup.tab.panels", "Paneler", "Panels"},
    {"staff.setup.dashboard", "Til oversikten", "To the dashboard"},
    {"staff.setup.saved", "Endringene er lagret.", "The changes are saved."},
    {"staff.setup.save", "Lagre", "Save"},
    {"staff.setup.remove", "Fjern", "Remove"},
    {"staff.setup.row", "Rad", "Row"},
    {"staff.setup.none", "Ingen ennå.", "None yet."},
    {"staff.setup.blank_rows", "Tomme rader blir ikke lagret. Kryss av «Fjern» for å ta bort en rad.",
     "Blank rows are not saved. Tick “Remove” to take a row away."},
    {"staff.setup.day_problem", "Dagen kan ikke lagres slik:", "The day cannot be saved like this:"},
    {"staff.setup.store_problem", "Kunne ikke lagre:", "Could not save:"},

    // Details form.
    {"staff.setup.new.title", "Ny konferanse", "New conference"},
    {"staff.setup.new.submit", "Opprett konferansen", "Create the conference"},
    {"staff.setup.settings.title", "Detaljer og regler", "Details and rules"},
    {"staff.setup.about", "Om konferansen", "About the conference"},
    {"staff.setup.title", "Tittel", "Title"},
    {"staff.setup.slug", "Adresse (del av lenken)", "Address (part of the link)"},
    {"staff.setup.slug_hint", "Små bokstaver a–z, sifre og bindestrek, f.eks. trygghetsalarm-2027. Lenken blir /e/adresse.",
     "Lower-case letters a–z, digits and hyphens, e.g. safety-alarms-2027. The link becomes /e/address."},
    {"staff.setup.subject", "Anskaffelsen gjelder", "Procurement subject"},
    {"staff.setup.need", "Behovet (det leverandørene leser først)", "The need (what suppliers read first)"},
    {"staff.setup.doffin", "Doffin-referanse", "Doffin reference"},
    {"staff.setup.venue", "Sted", "Venue"},
    {"staff.setup.address", "Adresse", "Address"},
    {"staff.setup.day", "Dato", "Date"},
    {"staff.setup.date_hint", "ÅÅÅÅ-MM-DD", "YYYY-MM-DD"},
    {"staff.setup.zone", "Tidssone", "Time zone"},
    {"staff.setup.zone_hint", "Vanligvis Europe/Oslo.", "Usually Europe/Oslo."},
    {"staff.setup.language", "Språk på dagen", "Language of the day"},
    {"staff.setup.lang.nb", "Norsk (bokmål)", "Norwegian (Bokmål)"},
    {"staff.setup.lang.en", "Engelsk", "English"},
    {"staff.setup.organisers", "Arrangører", "Organisers"},
    {"staff.setup.host", "Vertskommune", "Host"},
    {"staff.setup.host_choose", "Velg …", "Choose …"},
    {"staff.setup.co_organisers", "Medarrangører", "Co-organisers"},
    {"staff.setup.rules", "Regler for påmelding", "Booking rules"},
    {"staff.setup.mode", "Slik får leverandørene møtetid", "How suppliers get a meeting time"},
    {"staff.setup.mode.request", "Ønske: leverandørene sier når de kan, dere setter opp møtene etter fristen (mest rettferdig)",
     "Request: suppliers say when they can meet, you schedule after the deadline (fairest)"},
    {"staff.setup.mode.instant", "Direkte: leverandørene velger selv et ledig tidspunkt",
     "Instant: suppliers pick a free time themselves"},
    {"staff.setup.opens", "Påmeldingen åpner", "Registration opens"},
    {"staff.setup.closes", "Påmeldingsfrist", "Registration deadline"},
    {"staff.setup.instant_hint", "Lokal tid i konferansens tidssone. La begge stå tomme for ingen grense.",
     "Local time in the conference's time zone. Leave both empty for no limit."},
    {"staff.setup.date", "Dato", "Date"},
    {"staff.setup.time", "Klokkeslett (TT:MM)", "Time (HH:MM)"},
    {"staff.setup.max_people", "Høyst antall personer per leverandør", "Most people per supplier"},
    {"staff.setup.meetings_per_panel", "Møter per leverandør med hvert panel", "Meetings per supplier with each panel"},
    {"staff.setup.max_break_spread", "Rettferdige pauser: største forskjell i antall pauser mellom to deltakere",
     "Fair breaks: the largest difference in number of breaks between two participants"},
    {"staff.setup.max_break_spread_hint",
     "Et helt tall, f.eks. 1. En pause er ledig tid mellom to av ens egne møter. La stå tomt for ingen grense.",
     "A whole number, e.g. 1. A break is idle time between two of one's own meetings. Leave empty for no limit."},
    {"staff.setup.allocation_rule", "Fordelingsregel (vises på konferansesiden før påmeldingen åpner)",
     "Allocation rule (shown on the event page before booking opens)"},
    {"staff.setup.lottery_seed", "Loddtrekningstall (publiseres før trekningen)", "Lottery seed (published before the draw)"},
    {"staff.setup.lottery_hint", "Et helt tall. La stå tomt til det er bestemt.", "A whole number. Leave empty until it is decided."},
    {"staff.setup.retention", "Personopplysninger slettes etter", "Personal data is deleted after"},
    {"staff.setup.retention_hint", "ÅÅÅÅ-MM-DD, vanligvis 12 måneder etter konferansen.",
     "YYYY-MM-DD, usually 12 months after the conference."},

    // Details errors.
    {"staff.setup.err.title", "Skriv en tittel.", "Enter a title."},
    {"staff.setup.err.slug", "Adressen kan bare ha små bokstaver a–z, sifre og bindestrek, ikke begynne med bindestrek, og være høyst 80 tegn.",
     "The address may have only lower-case letters a–z, digits and hyphens, must not start with a hyphen, and has at most 80 characters."},
    {"staff.setup.err.slug_taken", "En annen konferanse bruker allerede adressen", "Another conference already uses the address"},
    {"staff.setup.err.day", "Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. 2027-03-11.", "Write the date as YYYY-MM-DD, e.g. 2027-03-11."},
    {"staff.setup.err.zone", "Ukjent tidssone. Skriv et navn som Europe/Oslo.", "Unknown time zone. Write a name like Europe/Oslo."},
    {"staff.setup.err.language", "Velg bokmål eller engelsk.", "Choose Bokmål or English."},
    {"staff.setup.err.mode", "Velg hvordan leverandørene får møtetid.", "Choose how suppliers get a meeting time."},
    {"staff.setup.err.instant", "Skriv både dato (ÅÅÅÅ-MM-DD) og klokkeslett (TT:MM), eller la begge stå tomme.",
     "Enter both a date (YYYY-MM-DD) and a time (HH:MM), or leave both empty."},
    {"staff.setup.err.closes_before", "Fristen må være etter at påmeldingen åpner.", "The deadline must be after registration opens."},
    {"staff.setup.err.max_people", "Skriv et helt tall fra 1 til 50.", "Enter a whole number from 1 to 50."},
    {"staff.setup.err.meetings_per_panel", "Skriv et helt tall fra 1 til 10.", "Enter a whole number from 1 to 10."},
    {"staff.setup.err.max_break_spread", "Skriv et helt tall fra 0 til 20, eller la feltet stå tomt.",
     "Enter a whole number from 0 to 20, or leave it empty."},
    {"staff.setup.err.seed", "Skriv et helt tall med høyst 20 sifre, eller la feltet stå tomt.",
     "Enter a whole number of at most 20 digits, or leave it empty."},
    {"staff.setup.err.retention", "Skriv slettedatoen som ÅÅÅÅ-MM-DD.", "Write the deletion date as YYYY-MM-DD."},
    {"staff.setup.err.retention_before", "Slettedatoen kan ikke være før konferansedagen.", "The deletion date cannot be before the day of the conference."},
    {"staff.setup.err.host", "Velg vertskommunen.", "Choose the host."},

    // Status.
    {"staff.setup.status", "Status", "Status"},
    {"staff.setup.status.draft", "Utkast – leverandørene ser ikke konferansen ennå.", "Draft – suppliers cannot see the conference yet."},
    {"staff.setup.status.open", "Åpen for påmelding.", "Open for booking."},
    {"staff.setup.status.closed", "Påmeldingen er stengt.", "Booking is closed."},
    {"staff.setup.status.scheduled", "Møtene er satt opp (ikke publisert).", "Meetings are scheduled (not published)."},
    {"staff.setup.status.published", "Møteplanen er publisert.", "The schedule is published."},
    {"staff.setup.status.archived", "Arkivert.", "Archived."},
    {"staff.setup.open", "Åpne for påmelding", "Open for booking"},
    {"staff.setup.close", "Steng påmeldingen", "Close booking"},
    {"staff.setup.reopen", "Åpne påmeldingen igjen", "Reopen booking"},
    {"staff.setup.open_needs", "Før konferansen kan åpnes, trenger den minst ett tidsrom for en-til-en-møter og minst ett panel.",
     "Before the conference can open, it needs at least one window for one-to-one meetings and at least one panel."},
    {"staff.setup.err.status", "Ukjent statusendring.", "Unknown status change."},

    // Slot preview.
    {"staff.setup.preview", "Møtetidene", "Meeting times"},
    {"staff.setup.preview_typed", "Forhåndsvisning av det du har skrevet (ikke lagret)", "Preview of what you typed (not saved)"},
    {"staff.setup.preview_none", "Ingen tidsrom for en-til-en-møter ennå.", "No windows for one-to-one meetings yet."},
    {"staff.setup.meeting_one", "møte", "meeting"},
    {"staff.setup.meeting_many", "møter", "meetings"},
    {"staff.setup.of", "à", "of"},
    {"staff.setup.min", "min", "min"},
    {"staff.setup.with_changeover", "med", "with"},
    {"staff.setup.changeover_word", "min bytte", "min changeover"},
    {"staff.setup.room_count", "rom", "rooms"},
    {"staff.setup.total", "Til sammen", "In total"},
    {"staff.setup.slots_of", "Møtetider i", "Meeting times in"},

    // Programme.
    {"staff.setup.programme.title", "Program", "Programme"},
    {"staff.setup.programme.caption", "Programmet for plenum, pauser og verksted", "The programme: plenary, breaks and workshops"},
    {"staff.setup.start", "Start", "Start"},
    {"staff.setup.end", "Slutt", "End"},
    {"staff.setup.item_title", "Tittel", "Title"},
    {"staff.setup.speaker", "Foredragsholder", "Speaker"},
    {"staff.setup.kind", "Type", "Kind"},
    {"staff.setup.attend", "Leverandørene deltar", "Suppliers attend"},
    {"staff.setup.kind.plenary", "Plenum", "Plenary"},
    {"staff.setup.kind.break", "Pause", "Break"},
    {"staff.setup.kind.lunch", "Lunsj", "Lunch"},
    {"staff.setup.kind.workshop", "Verksted", "Workshop"},
    {"staff.setup.err.start", "skriv starttid som TT:MM (00:00–23:59).", "enter the start as HH:MM (00:00–23:59)."},
    {"staff.setup.err.end", "skriv sluttid som TT:MM (00:00–23:59).", "enter the end as HH:MM (00:00–23:59)."},
    {"staff.setup.err.end_after", "sluttiden må være etter starttiden.", "the end must be after the start."},
    {"staff.setup.err.item_title", "skriv en tittel.", "enter a title."},
    {"staff.setup.err.kind", "velg en type.", "choose a kind."},

    // Windows.
    {"staff.setup.windows.title", "En-til-en-møter", "One-to-one meetings"},
    {"staff.setup.windows.caption", "Tidsrom for en-til-en-møter", "Windows for one-to-one meetings"},
    {"staff.setup.windows.hint", "Møtene legges etter hverandre i hvert tidsrom, aldri oppå et programpunkt leverandørene deltar på.",
     "Meetings follow one another in each window, never over a programme item the suppliers attend."},
    {"staff.setup.meeting_length", "Møtelengde i minutter (lik for alle)", "Meeting length in minutes (the same for all)"},
    {"staff.setup.changeover", "Bytte mellom møter i minutter", "Changeover between meetings in minutes"},
    {"staff.setup.window_name", "Navn", "Name"},
    {"staff.setup.preview_button", "Forhåndsvis", "Preview"},
    {"staff.setup.err.meeting_length", "Skriv et helt tall fra 5 til 240.", "Enter a whole number from 5 to 240."},
    {"staff.setup.err.changeover", "Skriv et helt tall fra 0 til 120.", "Enter a whole number from 0 to 120."},
    {"staff.setup.err.window_name", "gi tidsrommet et navn, f.eks. formiddag.", "give the window a name, e.g. morning."},

    // Rooms.
    {"staff.setup.rooms.title", "Rom", "Rooms"},
    {"staff.setup.rooms.caption", "Rommene på dagen", "The rooms of the day"},
    {"staff.setup.room_name", "Navn", "Name"},
    {"staff.setup.seats", "Plasser", "Seats"},
    {"staff.setup.digital", "Digitalt", "Digital"},
    {"staff.setup.link", "Møtelenke", "Meeting link"},
    {"staff.setup.err.room_name", "skriv et navn.", "enter a name."},
    {"staff.setup.err.seats", "antall plasser må være et helt tall fra 1 og oppover, eller tomt.",
     "the seats must be a whole number from 1 up, or empty."},
    {"staff.setup.err.link", "et digitalt rom trenger en møtelenke som begynner med https://.",
     "a digital room needs a meeting link starting with https://."},
    {"staff.setup.err.link_form", "møtelenken må begynne med https:// eller http://.", "the meeting link must start with https:// or http://."},
    {"staff.setup.err.home_room", "rommet er hjemmerom for panelet", "the room is the home room of the panel"},
    {"staff.setup.err.home_room_end", "Velg et annet hjemmerom for panelet først.", "Choose another home room for the panel first."},

    // Panels.
    {"staff.setup.panels.title", "Paneler", "Panels"},
    {"staff.setup.panels.caption", "Panelene (innkjøpernes side av bordet)", "The panels (the buyers' side of the table)"},
    {"staff.setup.panel_name", "Navn på panelet", "Name of the panel"},
    {"staff.setup.municipalities", "Kommuner panelet taler for", "Municipalities the panel speaks for"},
    {"staff.setup.municipalities_hint", "Skill med komma.", "Separate with commas."},
    {"staff.setup.home_room", "Hjemmerom", "Home room"},
    {"staff.setup.no_home_room", "Ingen fast (et ledig rom)", "None (any free room)"},
    {"staff.setup.members", "Medlemmer", "Members"},
    {"staff.setup.members.caption", "Panelets medlemmer og roller", "The panel's members and their roles"},
    {"staff.setup.member_name", "Navn", "Name"},
    {"staff.setup.member_email", "E-post", "E-mail"},
    {"staff.setup.role", "Rolle", "Role"},
    {"staff.setup.role.need_owner", "Behovseier", "Need owner"},
    {"staff.setup.role.procurement", "Innkjøp", "Procurement"},
    {"staff.setup.role.technical", "Teknisk", "Technical"},
    {"staff.setup.role.observer", "Observatør", "Observer"},
    {"staff.setup.role.minute_taker", "Referent", "Minute-taker"},
    {"staff.setup.minute_taker", "Referent", "Minute-taker"},
    {"staff.setup.yes", "Ja", "Yes"},
    {"staff.setup.no_minute_taker", "Panelet har ingen referent. Møtene skal dokumenteres – legg til en referent, eller kryss av under for å lagre likevel.",
     "The panel has no minute-taker. The meetings must be documented – add a minute-taker, or tick below to save anyway."},
    {"staff.setup.no_minute_taker_short", "Ingen referent", "No minute-taker"},
    {"staff.setup.no_members", "Ingen medlemmer ennå", "No members yet"},
    {"staff.setup.save_without_minute_taker", "Lagre uten referent", "Save without a minute-taker"},
    {"staff.setup.new_panel", "Nytt panel", "New panel"},
    {"staff.setup.add_panel", "Legg til panelet", "Add the panel"},
    {"staff.setup.edit", "Endre", "Edit"},
    {"staff.setup.delete_panel", "Slett panelet", "Delete the panel"},
    {"staff.setup.back_to_panels", "Tilbake til panelene", "Back to the panels"},
    {"staff.setup.err.panel_name", "Skriv et navn på panelet.", "Enter a name for the panel."},
    {"staff.setup.err.member_name", "skriv navnet.", "enter the name."},
    {"staff.setup.err.member_email", "skriv en gyldig e-postadresse (den skiller personene fra hverandre).",
     "enter a valid e-mail address (it tells the people apart)."},
    {"staff.setup.err.member_twice", "denne e-postadressen står på panelet to ganger.", "this e-mail address is on the panel twice."},
    {"staff.setup.err.role", "velg en rolle.", "choose a role."},
};

std::string h(std::string_view text) { return html_escape(text); }
std::string t(Lang lang, std::string_view key) { return h(tr(lang, key)); }

using Errors = std::vector<FieldError>;

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

bool blank(std::string_view text) { return trim(text).empty(); }

// A whole number from `text` (blanks around allowed), or nullopt.
std::optional<long long> whole_number(std::string_view text) {
  const std::string digits = trim(text);
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  long long value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

bool valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 80 || slug.front() == '-') return false;
  return std::all_of(slug.begin(), slug.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// A key for a new room or panel from its name: lower-case a-z, 0-9 and '-', æøå spelt out,
// different from every key in `taken`.
std::string key_from_name(std::string_view name, const std::set<std::string>& taken) {
  std::string key;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    std::string_view rest = name.substr(i);
    if (rest.starts_with("æ") || rest.starts_with("Æ")) key += "ae", ++i;
    else if (rest.starts_with("ø") || rest.starts_with("Ø")) key += "o", ++i;
    else if (rest.starts_with("å") || rest.starts_with("Å")) key += "a", ++i;
    else if (c >= 'A' && c <= 'Z') key += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key += static_cast<char>(c);
    else if (!key.empty() && key.back() != '-' && c < 0x80) key += '-';
  }
  while (!key.empty() && key.back() == '-') key.pop_back();
  if (key.size() > 48) key.resize(48);
  if (key.empty()) key = "x";
  std::string candidate = key;
  for (int n = 2; taken.count(candidate); ++n) candidate = key + "-" + std::to_string(n);
  return candidate;
}

// "The room is ..." -> first letter upper-case (ASCII), for sentences from the core.
std::string sentence(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  if (!text.empty() && text.back() != '.') text += '.';
  return text;
}

// ---- markup shared by the forms ----

struct FieldMarkup {
  std::string error_html;  // the messages at the field
  std::string attributes;  // aria-invalid / aria-describedby, with a leading space, or ""
};

FieldMarkup markup_for(const std::string& id, const Errors& errors, const std::string& hint_id = "") {
  FieldMarkup markup;
  std::string described = hint_id;
  for (const auto& error : errors) {
    if (error.field != id) continue;
    if (markup.error_html.empty())
      described += (described.empty() ? "" : " ") + id + "-error";
    markup.error_html += "<span class=\"field-error\"" +
                         std::string(markup.error_html.empty() ? " id=\"" + id + "-error\"" : "") +
                         ">" + h(error.message) + "</span>\n";
    markup.attributes = " aria-invalid=\"true\"";
  }
  if (!described.empty()) markup.attributes += " aria-describedby=\"" + described + "\"";
  return markup;
}

std::string error_summary(const Errors& errors, Lang lang) {
  if (errors.empty()) return "";
  std::string html =
      "<div class=\"error-summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
      "aria-labelledby=\"error-summary-title\">\n<h2 id=\"error-summary-title\">" +
      t(lang, "form.errors_title") + "</h2>\n<ul>\n";
  for (const auto& error : errors)
    html += "<li><a href=\"#" + h(error.field) + "\">" + h(error.message) + "</a></li>\n";
  return html + "</ul>\n</div>\n";
}

// A labelled input in its own block. `extra`: more attributes, with a leading space.
std::string field(const std::string& id, const std::string& label, const std::string& value,
                  const Errors& errors, const std::string& type = "text", const std::string& hint = "",
                  const std::string& extra = "") {
  const std::string hint_id = hint.empty() ? "" : id + "-hint";
  const FieldMarkup markup = markup_for(id, errors, hint_id);
  std::string html = "<div class=\"field\"><label for=\"" + id + "\">" + label;
  if (!hint.empty()) html += " <span class=\"hint\" id=\"" + hint_id + "\">" + hint + "</span>";
  html += "</label>\n" + markup.error_html;
  if (type == "textarea")
    html += "<textarea id=\"" + id + "\" name=\"" + id + "\"" + markup.attributes + extra + ">" +
            h(value) + "</textarea>";
  else
    html += "<input type=\"" + type + "\" id=\"" + id + "\" name=\"" + id + "\" value=\"" + h(value) +
            "\"" + markup.attributes + extra + ">";
  return html + "</div>\n";
}

// An input in a table cell; the label names the column and the row.
std::string cell(const std::string& id, const std::string& label, const std::string& value,
                 const Errors& errors, const std::string& type = "text", const std::string& extra = "") {
  const FieldMarkup markup = markup_for(id, errors);
  return "<td>" + markup.error_html + "<input type=\"" + type + "\" id=\"" + id + "\" name=\"" + id +
         "\" value=\"" + h(value) + "\" aria-label=\"" + h(label) + "\"" + markup.attributes + extra +
         "></td>";
}

std::string cell_checkbox(const std::string& id, const std::string& label, bool checked,
                          const Errors& errors = {}) {
  const FieldMarkup markup = markup_for(id, errors);
  return "<td class=\"check\">" + markup.error_html + "<input type=\"checkbox\" id=\"" + id + "\" name=\"" +
         id + "\" value=\"yes\" aria-label=\"" + h(label) + "\"" + (checked ? " checked" : "") +
         markup.attributes + "></td>";
}

std::string select(const std::string& id, const std::string& label_attr,
                   const std::vector<std::pair<std::string, std::string>>& options,
                   const std::string& value, const Errors& errors) {
  const FieldMarkup markup = markup_for(id, errors);
  std::string html = markup.error_html + "<select id=\"" + id + "\" name=\"" + id + "\"" + label_attr +
                     markup.attributes + ">";
  for (const auto& [option, text] : options)
    html += "<option value=\"" + h(option) + "\"" + (option == value ? " selected" : "") + ">" +
            h(text) + "</option>";
  return html + "</select>";
}

bool yes(const FormFields& form, const std::string& name) { return form.value(name) == "yes"; }

// The rows a list form sent ("rows"), capped so a crafted body cannot make much work.
int posted_rows(const FormFields& form) {
  return static_cast<int>(std::clamp<long long>(whole_number(form.value("rows")).value_or(0), 0, 200));
}

std::string row_label(Lang lang, int row) { return std::string(tr(lang, "staff.setup.row")) + " " + std::to_string(row + 1); }

std::string lang_query(Lang lang) { return "?lang=" + std::string(code(lang)); }

std::string event_base(const data::EventInfo& event) { return "/staff/events/" + std::to_string(event.id); }

// ---- the frame of the settings pages ----

enum class Tab { kSettings, kProgramme, kWindows, kRooms, kPanels };

std::string setup_nav(const data::EventInfo& event, Tab current, Lang lang) {
  struct Item {
    Tab tab;
    const char* path;
    const char* key;
  };
  static constexpr Item kItems[] = {{Tab::kSettings, "/settings", "staff.setup.tab.settings"},
                                    {Tab::kProgramme, "/programme", "staff.setup.tab.programme"},
                                    {Tab::kWindows, "/windows", "staff.setup.tab.windows"},
                                    {Tab::kRooms, "/rooms", "staff.setup.tab.rooms"},
                                    {Tab::kPanels, "/panels", "staff.setup.tab.panels"}};
  std::string html = "<nav class=\"setup-tabs\" aria-label=\"" + t(lang, "staff.setup.nav") + "\">\n<ul>\n";
  html += "<li><a href=\"" + event_base(event) + lang_query(lang) + "\">" + t(lang, "staff.setup.dashboard") + "</a></li>\n";
  for (const Item& item : kItems)
    html += "<li><a href=\"" + event_base(event) + item.path + lang_query(lang) + "\"" +
            (item.tab == current ? " aria-current=\"page\"" : "") + ">" + t(lang, item.key) + "</a></li>\n";
  return html + "</ul>\n</nav>\n";
}

Response setup_page(http::status status, const StaffContext& staff, const Request& request,
                    const data::EventInfo& event, Tab tab, std::string_view title_key,
                    const std::string& body, const Errors& errors = {}) {
  const Lang lang = staff.lang;
  std::string html = "<p class=\"event-name\">" + h(event.title) + "</p>\n<h1>" + t(lang, title_key) +
                     "</h1>\n" + setup_nav(event, tab, lang) + error_summary(errors, lang);
  if (errors.empty() && staff.query.value("saved") == "1")
    html += "<div class=\"notice ok\" role=\"status\"><p>" + t(lang, "staff.setup.saved") + "</p></div>\n";
  html += body;
  return staff_page(status, staff, std::string(tr(lang, title_key)) + " – " + event.title, request, html, true);
}

// ---- the slot preview ----

std::string plural(Lang lang, std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + std::string(tr(lang, n == 1 ? one : many));
}

// Per window: "afternoon: 8 meetings of 30 min with 5 min changeover, 12:30–17:10, 3 rooms",
// then the slots as a list.
std::string preview_html(const core::DaySetup& day, Lang lang, const std::string& heading_key) {
  std::string html = "<section class=\"slot-preview\" aria-labelledby=\"slot-preview-title\">\n"
                     "<h2 id=\"slot-preview-title\">" + t(lang, heading_key) + "</h2>\n";
  const auto preview = core::preview_grid(day);
  if (preview.empty()) return html + "<p>" + t(lang, "staff.setup.preview_none") + "</p>\n</section>\n";
  std::size_t total = 0;
  for (const auto& window : preview) {
    total += window.slots.size();
    std::string words = h(window.window.session) + ": " +
                        plural(lang, window.slots.size(), "staff.setup.meeting_one", "staff.setup.meeting_many") +
                        " " + t(lang, "staff.setup.of") + " " + std::to_string(day.meeting_length) + " " +
                        t(lang, "staff.setup.min") + " " + t(lang, "staff.setup.with_changeover") + " " +
                        std::to_string(day.changeover) + " " + t(lang, "staff.setup.changeover_word");
    if (!window.slots.empty())
      words += ", " + core::format_clock(window.slots.front().start) + "–" +
               core::format_clock(window.slots.back().end);
    words += ", " + std::to_string(day.rooms.size()) + " " + t(lang, "staff.setup.room_count");
    html += "<p class=\"preview-words\">" + words + "</p>\n";
    if (!window.slots.empty()) {
      html += "<p class=\"sr-only\">" + t(lang, "staff.setup.slots_of") + " " +
              h(window.window.session) + "</p>\n<ol class=\"slots\">\n";
      for (const auto& slot : window.slots)
        html += "<li>" + core::format_clock(slot.start) + "–" + core::format_clock(slot.end) + "</li>\n";
      html += "</ol>\n";
    }
  }
  html += "<p>" + t(lang, "staff.setup.total") + ": " +
          plural(lang, total, "staff.setup.meeting_one", "staff.setup.meeting_many") + ".</p>\n";
  return html + "</section>\n";
}

// ---- details: the event's own fields, organisers and booking rules ----

struct DetailsForm {
  std::string title, slug, subject, need, doffin_ref, venue, address, day, time_zone = "Europe/Oslo",
      language = "nb", booking_mode = "request", opens_date, opens_time, closes_date, closes_time,
      max_people = "3", meetings_per_panel = "1", max_break_spread, allocation_rule, lottery_seed, retention_until,
      host;
  std::vector<std::string> co_organisers;
};

void split_instant(const std::optional<data::Instant>& instant, const std::string& zone, std::string& date,
                   std::string& time) {
  if (!instant) return;
  auto local = data::instant_to_local(*instant, zone);
  if (!local) return;
  date = local.value().day;
  time = core::format_clock(local.value().minutes);
}

DetailsForm details_from(const data::EventInfo& e) {
  DetailsForm f;
  f.title = e.title, f.slug = e.slug, f.subject = e.subject, f.need = e.need, f.doffin_ref = e.doffin_ref;
  f.venue = e.venue, f.address = e.address, f.day = e.day, f.time_zone = e.time_zone, f.language = e.language;
  f.booking_mode = data::to_string(e.booking_mode);
  split_instant(e.registration_opens, e.time_zone, f.opens_date, f.opens_time);
  split_instant(e.registration_closes, e.time_zone, f.closes_date, f.closes_time);
  f.max_people = std::to_string(e.max_people);
  f.meetings_per_panel = std::to_string(e.meetings_per_panel);
  if (e.max_break_spread) f.max_break_spread = std::to_string(*e.max_break_spread);
  f.allocation_rule = e.allocation_rule;
  if (e.lottery_seed) f.lottery_seed = std::to_string(*e.lottery_seed);
  f.retention_until = e.retention_until;
  f.host = std::to_string(e.host_organisation_id);
  for (auto id : e.co_organisers) f.co_organisers.push_back(std::to_string(id));
  return f;
}

DetailsForm read_details(const FormFields& form) {
  DetailsForm f;
  f.title = form.value("title"), f.slug = trim(form.value("slug")), f.subject = form.value("subject");
  f.need = form.value("need"), f.doffin_ref = form.value("doffin_ref"), f.venue = form.value("venue");
  f.address = form.value("address"), f.day = trim(form.value("day")), f.time_zone = trim(form.value("time_zone"));
  f.language = form.value("language"), f.booking_mode = form.value("booking_mode");
  f.opens_date = trim(form.value("opens_date")), f.opens_time = trim(form.value("opens_time"));
  f.closes_date = trim(form.value("closes_date")), f.closes_time = trim(form.value("closes_time"));
  f.max_people = form.value("max_people"), f.meetings_per_panel = form.value("meetings_per_panel");
  f.max_break_spread = trim(form.value("max_break_spread"));
  f.allocation_rule = form.value("allocation_rule"), f.lottery_seed = trim(form.value("lottery_seed"));
  f.retention_until = trim(form.value("retention_until")), f.host = form.value("host");
  f.co_organisers = form.all("co_organiser");
  return f;
}

// One of the registration instants: both parts empty = none; `id` is the date field's id.
std::optional<data::Instant> read_instant(const std::string& date, const std::string& time, const std::string& zone,
                                          const std::string& id, Lang lang, Errors& errors) {
  if (date.empty() && time.empty()) return std::nullopt;
  const auto minutes = core::parse_clock(time);
  if (!data::valid_day(date) || !minutes) {
    errors.push_back({id, std::string(tr(lang, "staff.setup.err.instant"))});
    return std::nullopt;
  }
  if (!data::known_time_zone(zone)) return std::nullopt;  // reported at the zone field
  auto instant = data::local_to_instant(date, *minutes, zone);
  if (!instant) {
    errors.push_back({id, std::string(tr(lang, "staff.setup.err.instant"))});
    return std::nullopt;
  }
  return instant.value();
}

// Checks the form and writes it into `event` (whose id, status, lengths stay). `admin`: the
// host comes from the form.
Errors apply_details(const DetailsForm& f, data::EventInfo& event, bool admin, Lang lang, data::Db& db) {
  Errors errors;
  auto fail = [&](const char* id, std::string_view key) { errors.push_back({id, std::string(tr(lang, key))}); };
  if (blank(f.title)) fail("title", "staff.setup.err.title");
  if (!valid_slug(f.slug)) {
    fail("slug", "staff.setup.err.slug");
  } else if (auto other = data::EventStore(db).find_by_slug(f.slug); other && other.value().id != event.id) {
    errors.push_back({"slug", std::string(tr(lang, "staff.setup.err.slug_taken")) + " /e/" + f.slug + "."});
  }
  if (!data::valid_day(f.day)) fail("day", "staff.setup.err.day");
  if (!data::known_time_zone(f.time_zone)) fail("time_zone", "staff.setup.err.zone");
  if (f.language != "nb" && f.language != "en") fail("language", "staff.setup.err.language");
  if (admin) {
    const auto host = whole_number(f.host);
    if (!host || !data::OrganisationStore(db).get(*host)) fail("host", "staff.setup.err.host");
    else event.host_organisation_id = *host;
  }
  if (f.booking_mode != "request" && f.booking_mode != "instant") fail("booking_mode-request", "staff.setup.err.mode");
  const auto opens = read_instant(f.opens_date, f.opens_time, f.time_zone, "opens_date", lang, errors);
  const auto closes = read_instant(f.closes_date, f.closes_time, f.time_zone, "closes_date", lang, errors);
  if (opens && closes && *opens >= *closes) fail("closes_date", "staff.setup.err.closes_before");
  const auto max_people = whole_number(f.max_people);
  if (!max_people || *max_people < 1 || *max_people > 50) fail("max_people", "staff.setup.err.max_people");
  const auto per_panel = whole_number(f.meetings_per_panel);
  if (!per_panel || *per_panel < 1 || *per_panel > 10) fail("meetings_per_panel", "staff.setup.err.meetings_per_panel");
  std::optional<int> break_spread;  // empty: no fairness rule
  if (!f.max_break_spread.empty()) {
    const auto spread = whole_number(f.max_break_spread);
    if (!spread || *spread < 0 || *spread > 20) fail("max_break_spread", "staff.setup.err.max_break_spread");
    else break_spread = static_cast<int>(*spread);
  }
  std::optional<std::uint64_t> seed;
  if (!f.lottery_seed.empty()) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(f.lottery_seed.data(), f.lottery_seed.data() + f.lottery_seed.size(), value);
    if (ec != std::errc() || end != f.lottery_seed.data() + f.lottery_seed.size()) fail("lottery_seed", "staff.setup.err.seed");
    else seed = value;
  }
  if (!data::valid_day(f.retention_until)) fail("retention_until", "staff.setup.err.retention");
  else if (data::valid_day(f.day) && f.retention_until < f.day) fail("retention_until", "staff.setup.err.retention_before");
  if (!errors.empty()) return errors;

  event.title = trim(f.title), event.slug = f.slug, event.subject = trim(f.subject), event.need = f.need;
  event.doffin_ref = trim(f.doffin_ref), event.venue = trim(f.venue), event.address = trim(f.address);
  event.day = f.day, event.time_zone = f.time_zone, event.language = f.language;
  event.booking_mode = f.booking_mode == "instant" ? data::BookingMode::kInstant : data::BookingMode::kRequest;
  event.registration_opens = opens, event.registration_closes = closes;
  event.max_people = static_cast<int>(*max_people), event.meetings_per_panel = static_cast<int>(*per_panel);
  event.max_break_spread = break_spread;
  event.allocation_rule = f.allocation_rule, event.lottery_seed = seed, event.retention_until = f.retention_until;
  event.co_organisers.clear();
  for (const auto& text : f.co_organisers)
    if (auto id = whole_number(text); id && *id != event.host_organisation_id &&
                                      std::find(event.co_organisers.begin(), event.co_organisers.end(), *id) ==
                                          event.co_organisers.end())
      event.co_organisers.push_back(*id);
  return errors;
}

// A refusal of the store as a form error (its message is one English sentence).
FieldError store_error(const data::StoreError& failure, const std::string& field, Lang lang) {
  if (!failure.code.empty()) return {field, store_failure_text(lang, failure)};
  return {field, std::string(tr(lang, "staff.setup.store_problem")) + " " + sentence(failure.message)};
}

std::string details_form_html(const DetailsForm& f, const Errors& errors, const StaffContext& staff,
                              data::Db& db, const std::string& action, bool choose_host, std::string_view submit_key) {
  const Lang lang = staff.lang;
  std::string html = "<form method=\"post\" action=\"" + h(action) + "\" novalidate>\n" + csrf_field(staff) + "\n";
  html += "<fieldset>\n<legend>" + t(lang, "staff.setup.about") + "</legend>\n";
  html += field("title", t(lang, "staff.setup.title"), f.title, errors, "text", "", " required");
  html += field("slug", t(lang, "staff.setup.slug"), f.slug, errors, "text", t(lang, "staff.setup.slug_hint"),
                " required spellcheck=\"false\" autocapitalize=\"none\"");
  html += field("subject", t(lang, "staff.setup.subject"), f.subject, errors);
  html += field("need", t(lang, "staff.setup.need"), f.need, errors, "textarea");
  html += field("doffin_ref", t(lang, "staff.setup.doffin"), f.doffin_ref, errors);
  html += field("venue", t(lang, "staff.setup.venue"), f.venue, errors);
  html += field("address", t(lang, "staff.setup.address"), f.address, errors);
  html += field("day", t(lang, "staff.setup.day"), f.day, errors, "text", t(lang, "staff.setup.date_hint"),
                " required inputmode=\"numeric\"");
  html += field("time_zone", t(lang, "staff.setup.zone"), f.time_zone, errors, "text", t(lang, "staff.setup.zone_hint"));
  html += "<div class=\"field\"><label for=\"language\">" + t(lang, "staff.setup.language") + "</label>\n" +
          select("language", "",
                 {{"nb", std::string(tr(lang, "staff.setup.lang.nb"))}, {"en", std::string(tr(lang, "staff.setup.lang.en"))}},
                 f.language, errors) +
          "</div>\n</fieldset>\n";

  const auto organisations = data::OrganisationStore(db).all();
  html += "<fieldset>\n<legend>" + t(lang, "staff.setup.organisers") + "</legend>\n";
  if (choose_host) {
    std::vector<std::pair<std::string, std::string>> options = {{"", std::string(tr(lang, "staff.setup.host_choose"))}};
    for (const auto& o : organisations) options.push_back({std::to_string(o.id), o.name});
    html += "<div class=\"field\"><label for=\"host\">" + t(lang, "staff.setup.host") + "</label>\n" +
            select("host", "", options, f.host, errors) + "</div>\n";
  } else {
    std::string host_name;
    if (auto id = whole_number(f.host))
      if (auto o = data::OrganisationStore(db).get(*id)) host_name = o.value().name;
    html += "<p><strong>" + t(lang, "staff.setup.host") + ":</strong> " + h(host_name) + "</p>\n";
  }
  html += "<fieldset>\n<legend>" + t(lang, "staff.setup.co_organisers") + "</legend>\n";
  for (const auto& o : organisations) {
    const std::string id = std::to_string(o.id);
    if (!choose_host && id == f.host) continue;
    const bool checked = std::find(f.co_organisers.begin(), f.co_organisers.end(), id) != f.co_organisers.end();
    html += "<label class=\"choice\"><input type=\"checkbox\" id=\"co-" + id +
            "\" name=\"co_organiser\" value=\"" + id + "\"" + (checked ? " checked" : "") + "> " + h(o.name) +
            "</label>\n";
  }
  html += "</fieldset>\n</fieldset>\n";

  html += "<fieldset>\n<legend>" + t(lang, "staff.setup.rules") + "</legend>\n";
  {
    const FieldMarkup markup = markup_for("booking_mode-request", errors);
    html += "<fieldset>\n<legend>" + t(lang, "staff.setup.mode") + "</legend>\n" + markup.error_html;
    for (const char* mode : {"request", "instant"}) {
      const std::string id = std::string("booking_mode-") + mode;
      html += "<label class=\"choice\"><input type=\"radio\" id=\"" + id +
              "\" name=\"booking_mode\" value=\"" + mode + "\"" + (f.booking_mode == mode ? " checked" : "") +
              (std::string(mode) == "request" ? markup.attributes : "") + "> " +
              t(lang, std::string("staff.setup.mode.") + mode) + "</label>\n";
    }
    html += "</fieldset>\n";
  }
  for (const char* which : {"opens", "closes"}) {
    const std::string w = which;
    const bool opens = w == "opens";
    html += "<fieldset class=\"instant\">\n<legend>" + t(lang, "staff.setup." + w) + "</legend>\n<p class=\"hint\">" +
            t(lang, "staff.setup.instant_hint") + "</p>\n";
    html += field(w + "_date", t(lang, "staff.setup.date"), opens ? f.opens_date : f.closes_date, errors, "text",
                  t(lang, "staff.setup.date_hint"), " inputmode=\"numeric\"");
    html += field(w + "_time", t(lang, "staff.setup.time"), opens ? f.opens_time : f.closes_time, errors, "text", "",
                  " inputmode=\"numeric\"");
    html += "</fieldset>\n";
  }
  html += field("max_people", t(lang, "staff.setup.max_people"), f.max_people, errors, "text", "", " inputmode=\"numeric\"");
  html += field("meetings_per_panel", t(lang, "staff.setup.meetings_per_panel"), f.meetings_per_panel, errors, "text", "",
                " inputmode=\"numeric\"");
  html += field("max_break_spread", t(lang, "staff.setup.max_break_spread"), f.max_break_spread, errors, "text",
                t(lang, "staff.setup.max_break_spread_hint"), " inputmode=\"numeric\"");
  html += field("allocation_rule", t(lang, "staff.setup.allocation_rule"), f.allocation_rule, errors, "textarea");
  html += field("lottery_seed", t(lang, "staff.setup.lottery_seed"), f.lottery_seed, errors, "text",
                t(lang, "staff.setup.lottery_hint"), " inputmode=\"numeric\"");
  html += field("retention_until", t(lang, "staff.setup.retention"), f.retention_until, errors, "text",
                t(lang, "staff.setup.retention_hint"), " required inputmode=\"numeric\"");
  html += "</fieldset>\n<button type=\"submit\">" + t(lang, submit_key) + "</button>\n</form>\n";
  return html;
}

std::string status_html(const data::EventInfo& event, const StaffContext& staff) {
  const Lang lang = staff.lang;
  std::string html = "<section class=\"event-status\" aria-labelledby=\"status-title\">\n<h2 id=\"status-title\">" +
                     t(lang, "staff.setup.status") + "</h2>\n<p class=\"status\">" +
                     t(lang, std::string("staff.setup.status.") + data::to_string(event.status)) + "</p>\n";
  const char* next = nullptr;
  const char* label = nullptr;
  if (event.status == data::EventStatus::kDraft) next = "open", label = "staff.setup.open";
  if (event.status == data::EventStatus::kOpen) next = "closed", label = "staff.setup.close";
  if (event.status == data::EventStatus::kClosed) next = "open", label = "staff.setup.reopen";
  if (event.status == data::EventStatus::kDraft) html += "<p>" + t(lang, "staff.setup.open_needs") + "</p>\n";
  if (next)
    html += "<form method=\"post\" action=\"" + event_base(event) + "/status" + lang_query(lang) + "\">" +
            csrf_field(staff) + "<input type=\"hidden\" name=\"status\" value=\"" + next + "\"><button type=\"submit\"" +
            (std::string(next) == "closed" ? " class=\"secondary\"" : "") + ">" + t(lang, label) + "</button></form>\n";
  return html + "</section>\n";
}

Response settings_page(http::status status, StaffSite& site, const StaffContext& staff, const Request& request,
                       const data::EventInfo& event, const DetailsForm& form, const Errors& errors) {
  const core::DaySetup day = data::EventStore(site.db).load_day(event.id).value();
  std::string body = status_html(event, staff);
  body += preview_html(day, staff.lang, "staff.setup.preview");
  body += "<h2>" + t(staff.lang, "staff.setup.settings.title") + "</h2>\n";
  body += details_form_html(form, errors, staff, site.db, event_base(event) + lang_query(staff.lang), staff.user.admin,
                            "staff.setup.save");
  return setup_page(status, staff, request, event, Tab::kSettings, "staff.setup.settings.title", body, errors);
}

// ---- programme ----

constexpr const char* kKinds[] = {"plenary", "break", "lunch", "workshop"};

struct ProgrammeRow {
  std::string start, end, title, speaker, kind = "plenary";
  bool attend = true, remove = false;
};

std::vector<ProgrammeRow> programme_rows(const core::DaySetup& day) {
  std::vector<ProgrammeRow> rows;
  for (const auto& item : day.programme)
    rows.push_back({core::format_clock(item.start), core::format_clock(item.end), item.title, item.speaker,
                    kKinds[static_cast<int>(item.kind)], item.suppliers_attend, false});
  for (int i = 0; i < 3; ++i) rows.push_back({});
  return rows;
}

std::vector<ProgrammeRow> read_programme_rows(const FormFields& form) {
  std::vector<ProgrammeRow> rows;
  for (int i = 0; i < posted_rows(form); ++i) {
    const std::string p = "item-" + std::to_string(i) + "-";
    rows.push_back({trim(form.value(p + "start")), trim(form.value(p + "end")), form.value(p + "title"),
                    form.value(p + "speaker"), form.value(p + "kind"), yes(form, p + "attend"), yes(form, p + "remove")});
  }
  return rows;
}

std::string programme_form(const data::EventInfo& event, const std::vector<ProgrammeRow>& rows, const Errors& errors,
                           const StaffContext& staff) {
  const Lang lang = staff.lang;
  std::string html = "<form method=\"post\" action=\"" + event_base(event) + "/programme" + lang_query(lang) +
                     "\" novalidate>\n" + csrf_field(staff) + "<input type=\"hidden\" name=\"rows\" value=\"" +
                     std::to_string(rows.size()) + "\">\n<p class=\"hint\">" + t(lang, "staff.setup.blank_rows") +
                     "</p>\n" + scrolling_table_start("class=\"edit\" id=\"programme-table\"", t(lang, "staff.setup.programme.caption")) +
                     "<thead><tr>";
  for (const char* key : {"staff.setup.row", "staff.setup.start", "staff.setup.end", "staff.setup.item_title",
                          "staff.setup.speaker", "staff.setup.kind", "staff.setup.attend", "staff.setup.remove"})
    html += "<th scope=\"col\">" + t(lang, key) + "</th>";
  html += "</tr></thead>\n<tbody>\n";
  std::vector<std::pair<std::string, std::string>> kinds;
  for (const char* kind : kKinds) kinds.push_back({kind, std::string(tr(lang, std::string("staff.setup.kind.") + kind))});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const std::string p = "item-" + std::to_string(i) + "-";
    const std::string n = row_label(lang, static_cast<int>(i));
    html += "<tr><th scope=\"row\">" + std::to_string(i + 1) + "</th>";
    html += cell(p + "start", std::string(tr(lang, "staff.setup.start")) + ", " + n, row.start, errors, "text",
                 " inputmode=\"numeric\" placeholder=\"09:30\" class=\"clock\"");
    html += cell(p + "end", std::string(tr(lang, "staff.setup.end")) + ", " + n, row.end, errors, "text",
                 " inputmode=\"numeric\" placeholder=\"10:00\" class=\"clock\"");
    html += cell(p + "title", std::string(tr(lang, "staff.setup.item_title")) + ", " + n, row.title, errors);
    html += cell(p + "speaker", std::string(tr(lang, "staff.setup.speaker")) + ", " + n, row.speaker, errors);
    html += "<td>" + select(p + "kind", " aria-label=\"" + h(std::string(tr(lang, "staff.setup.kind")) + ", " + n) + "\"",
                            kinds, row.kind, errors) + "</td>";
    html += cell_checkbox(p + "attend", std::string(tr(lang, "staff.setup.attend")) + ", " + n, row.attend);
    html += cell_checkbox(p + "remove", std::string(tr(lang, "staff.setup.remove")) + ", " + n, row.remove);
    html += "</tr>\n";
  }
  html += std::string("</tbody>\n") + kScrollingTableEnd + "<button type=\"submit\">" + t(lang, "staff.setup.save") + "</button>\n</form>\n";
  return html;
}

// ---- windows ----

struct WindowRow {
  std::string name, start, end;
  bool remove = false;
};

struct WindowsForm {
  std::string meeting_length, changeover;
  std::vector<WindowRow> rows;
};

WindowsForm windows_form_from(const core::DaySetup& day) {
  WindowsForm form{std::to_string(day.meeting_length), std::to_string(day.changeover), {}};
  for (const auto& w : day.windows) form.rows.push_back({w.session, core::format_clock(w.start), core::format_clock(w.end)});
  for (int i = 0; i < 2; ++i) form.rows.push_back({});
  return form;
}

WindowsForm read_windows_form(const FormFields& fields) {
  WindowsForm form{fields.value("meeting_length"), fields.value("changeover"), {}};
  for (int i = 0; i < posted_rows(fields); ++i) {
    const std::string p = "window-" + std::to_string(i) + "-";
    form.rows.push_back({trim(fields.value(p + "name")), trim(fields.value(p + "start")), trim(fields.value(p + "end")),
                         yes(fields, p + "remove")});
  }
  return form;
}

std::string windows_form_html(const data::EventInfo& event, const WindowsForm& form, const Errors& errors,
                              const StaffContext& staff) {
  const Lang lang = staff.lang;
  std::string html = "<form method=\"post\" action=\"" + event_base(event) + "/windows" + lang_query(lang) +
                     "\" novalidate>\n" + csrf_field(staff) + "<input type=\"hidden\" name=\"rows\" value=\"" +
                     std::to_string(form.rows.size()) + "\">\n";
  html += field("meeting_length", t(lang, "staff.setup.meeting_length"), form.meeting_length, errors, "text", "",
                " inputmode=\"numeric\"");
  html += field("changeover", t(lang, "staff.setup.changeover"), form.changeover, errors, "text", "", " inputmode=\"numeric\"");
  html += "<p class=\"hint\">" + t(lang, "staff.setup.windows.hint") + " " + t(lang, "staff.setup.blank_rows") +
          "</p>\n" + scrolling_table_start("class=\"edit\" id=\"windows-table\"", t(lang, "staff.setup.windows.caption")) +
                     "<thead><tr>";
  for (const char* key : {"staff.setup.row", "staff.setup.window_name", "staff.setup.start", "staff.setup.end", "staff.setup.remove"})
    html += "<th scope=\"col\">" + t(lang, key) + "</th>";
  html += "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < form.rows.size(); ++i) {
    const auto& row = form.rows[i];
    const std::string p = "window-" + std::to_string(i) + "-";
    const std::string n = row_label(lang, static_cast<int>(i));
    html += "<tr><th scope=\"row\">" + std::to_string(i + 1) + "</th>";
    html += cell(p + "name", std::string(tr(lang, "staff.setup.window_name")) + ", " + n, row.name, errors);
    html += cell(p + "start", std::string(tr(lang, "staff.setup.start")) + ", " + n, row.start, errors, "text",
                 " inputmode=\"numeric\" placeholder=\"12:30\" class=\"clock\"");
    html += cell(p + "end", std::string(tr(lang, "staff.setup.end")) + ", " + n, row.end, errors, "text",
                 " inputmode=\"numeric\" placeholder=\"16:00\" class=\"clock\"");
    html += cell_checkbox(p + "remove", std::string(tr(lang, "staff.setup.remove")) + ", " + n, row.remove);
    html += "</tr>\n";
  }
  html += std::string("</tbody>\n") + kScrollingTableEnd + "<div class=\"buttons\"><button type=\"submit\" name=\"action\" value=\"save\">" +
          t(lang, "staff.setup.save") + "</button> <button type=\"submit\" name=\"action\" value=\"preview\" class=\"secondary\">" +
          t(lang, "staff.setup.preview_button") + "</button></div>\n</form>\n";
  return html;
}

// ---- rooms ----

struct RoomRow {
  std::string key, name, seats, link;
  bool digital = false, remove = false;
};

std::vector<RoomRow> room_rows(const core::DaySetup& day) {
  std::vector<RoomRow> rows;
  for (const auto& room : day.rooms)
    rows.push_back({room.key, room.name, room.seats ? std::to_string(*room.seats) : "", room.link, room.digital, false});
  for (int i = 0; i < 3; ++i) rows.push_back({});
  return rows;
}

std::vector<RoomRow> read_room_rows(const FormFields& form) {
  std::vector<RoomRow> rows;
  for (int i = 0; i < posted_rows(form); ++i) {
    const std::string p = "room-" + std::to_string(i) + "-";
    rows.push_back({form.value(p + "key"), form.value(p + "name"), trim(form.value(p + "seats")),
                    trim(form.value(p + "link")), yes(form, p + "digital"), yes(form, p + "remove")});
  }
  return rows;
}

std::string rooms_form_html(const data::EventInfo& event, const std::vector<RoomRow>& rows, const Errors& errors,
                            const StaffContext& staff) {
  const Lang lang = staff.lang;
  std::string html = "<form method=\"post\" action=\"" + event_base(event) + "/rooms" + lang_query(lang) +
                     "\" novalidate>\n" + csrf_field(staff) + "<input type=\"hidden\" name=\"rows\" value=\"" +
                     std::to_string(rows.size()) + "\">\n<p class=\"hint\">" + t(lang, "staff.setup.blank_rows") +
                     "</p>\n" + scrolling_table_start("class=\"edit\" id=\"rooms-table\"", t(lang, "staff.setup.rooms.caption")) +
                     "<thead><tr>";
  for (const char* key : {"staff.setup.row", "staff.setup.room_name", "staff.setup.seats", "staff.setup.digital",
                          "staff.setup.link", "staff.setup.remove"})
    html += "<th scope=\"col\">" + t(lang, key) + "</th>";
  html += "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const std::string p = "room-" + std::to_string(i) + "-";
    const std::string n = row_label(lang, static_cast<int>(i));
    html += "<tr><th scope=\"row\">" + std::to_string(i + 1) + "<input type=\"hidden\" name=\"" + p + "key\" value=\"" +
            h(row.key) + "\"></th>";
    html += cell(p + "name", std::string(tr(lang, "staff.setup.room_name")) + ", " + n, row.name, errors);
    html += cell(p + "seats", std::string(tr(lang, "staff.setup.seats")) + ", " + n, row.seats, errors, "text",
                 " inputmode=\"numeric\" class=\"number\"");
    html += cell_checkbox(p + "digital", std::string(tr(lang, "staff.setup.digital")) + ", " + n, row.digital);
    html += cell(p + "link", std::string(tr(lang, "staff.setup.link")) + ", " + n, row.link, errors, "url");
    html += cell_checkbox(p + "remove", std::string(tr(lang, "staff.setup.remove")) + ", " + n, row.remove, errors);
    html += "</tr>\n";
  }
  html += std::string("</tbody>\n") + kScrollingTableEnd + "<button type=\"submit\">" + t(lang, "staff.setup.save") + "</button>\n</form>\n";
  return html;
}

// ---- panels ----

constexpr const char* kRoles[] = {"need_owner", "procurement", "technical", "observer", "minute_taker"};

struct MemberRow {
  std::string name, email, role = "procurement";
  bool remove = false;
};

struct PanelForm {
  std::string name, municipalities, room;
  std::vector<MemberRow> members;
  bool without_minute_taker = false;
};

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

PanelForm panel_form_from(const core::Panel& panel) {
  PanelForm form{panel.name, join(panel.municipalities, ", "), panel.room.value_or(""), {}, false};
  for (const auto& m : panel.members) form.members.push_back({m.name, m.person, kRoles[static_cast<int>(m.role)], false});
  for (int i = 0; i < 3; ++i) form.members.push_back({});
  return form;
}

PanelForm read_panel_form(const FormFields& fields) {
  PanelForm form{trim(fields.value("name")), fields.value("municipalities"), fields.value("room"), {},
                 yes(fields, "without_minute_taker")};
  for (int i = 0; i < posted_rows(fields); ++i) {
    const std::string p = "member-" + std::to_string(i) + "-";
    form.members.push_back({trim(fields.value(p + "name")), trim(fields.value(p + "email")), fields.value(p + "role"),
                            yes(fields, p + "remove")});
  }
  return form;
}

bool has_minute_taker(const core::Panel& panel) {
  return std::any_of(panel.members.begin(), panel.members.end(),
                     [](const core::PanelMember& m) { return m.role == core::Role::kMinuteTaker; });
}

const core::Panel* find_panel(const core::DaySetup& day, const std::string& key) {
  for (const auto& panel : day.panels)
    if (panel.key == key) return &panel;
  return nullptr;
}

std::string panel_path(const data::EventInfo& event, const std::string& key) {
  return event_base(event) + "/panels/" + url_encode(key);
}

std::string panel_form_html(const data::EventInfo& event, const core::DaySetup& day, const std::string& key,
                            const PanelForm& form, const Errors& errors, bool warn_minute_taker,
                            const StaffContext& staff) {
  const Lang lang = staff.lang;
  std::string html = "<form method=\"post\" action=\"" + panel_path(event, key) + lang_query(lang) + "\" novalidate>\n" +
                     csrf_field(staff) + "<input type=\"hidden\" name=\"rows\" value=\"" +
                     std::to_string(form.members.size()) + "\">\n";
  html += field("name", t(lang, "staff.setup.panel_name"), form.name, errors, "text", "", " required");
  html += field("municipalities", t(lang, "staff.setup.municipalities"), form.municipalities, errors, "text",
                t(lang, "staff.setup.municipalities_hint"));
  std::vector<std::pair<std::string, std::string>> rooms = {{"", std::string(tr(lang, "staff.setup.no_home_room"))}};
  for (const auto& room : day.rooms)
    if (!room.digital) rooms.push_back({room.key, room.name});
  html += "<div class=\"field\"><label for=\"room\">" + t(lang, "staff.setup.home_room") + "</label>\n" +
          select("room", "", rooms, form.room, errors) + "</div>\n";
  html += "<p class=\"hint\">" + t(lang, "staff.setup.blank_rows") +
          "</p>\n" + scrolling_table_start("class=\"edit\" id=\"members-table\"", t(lang, "staff.setup.members.caption")) +
          "<thead><tr>";
  for (const char* k : {"staff.setup.row", "staff.setup.member_name", "staff.setup.member_email", "staff.setup.role",
                        "staff.setup.remove"})
    html += "<th scope=\"col\">" + t(lang, k) + "</th>";
  html += "</tr></thead>\n<tbody>\n";
  std::vector<std::pair<std::string, std::string>> roles;
  for (const char* role : kRoles) roles.push_back({role, std::string(tr(lang, std::string("staff.setup.role.") + role))});
  for (std::size_t i = 0; i < form.members.size(); ++i) {
    const auto& row = form.members[i];
    const std::string p = "member-" + std::to_string(i) + "-";
    const std::string n = row_label(lang, static_cast<int>(i));
    html += "<tr><th scope=\"row\">" + std::to_string(i + 1) + "</th>";
    html += cell(p + "name", std::string(tr(lang, "staff.setup.member_name")) + ", " + n, row.name, errors);
    html += cell(p + "email", std::string(tr(lang, "staff.setup.member_email")) + ", " + n, row.email, errors, "email");
    html += "<td>" + select(p + "role", " aria-label=\"" + h(std::string(tr(lang, "staff.setup.role")) + ", " + n) + "\"",
                            roles, row.role, errors) + "</td>";
    html += cell_checkbox(p + "remove", std::string(tr(lang, "staff.setup.remove")) + ", " + n, row.remove);
    html += "</tr>\n";
  }
  html += std::string("</tbody>\n") + kScrollingTableEnd;
  if (warn_minute_taker)
    html += "<label class=\"choice\"><input type=\"checkbox\" id=\"without_minute_taker\" "
            "name=\"without_minute_taker\" value=\"yes\"" + std::string(form.without_minute_taker ? " checked" : "") +
            "> " + t(lang, "staff.setup.save_without_minute_taker") + "</label>\n";
  html += "<button type=\"submit\">" + t(lang, "staff.setup.save") + "</button>\n</form>\n";
  return html;
}

Response panel_page(http::status status, const StaffContext& staff, const Request& request,
                    const data::EventInfo& event, const core::DaySetup& day, const std::string& key,
                    const PanelForm& form, const Errors& errors, bool warn_minute_taker) {
  const Lang lang = staff.lang;
  std::string body = "<p><a href=\"" + event_base(event) + "/panels" + lang_query(lang) + "\">" +
                     t(lang, "staff.setup.back_to_panels") + "</a></p>\n<h2>" + h(form.name.empty() ? key : form.name) +
                     "</h2>\n";
  if (warn_minute_taker && errors.empty())
    body += "<div class=\"notice warning\"><p>" + t(lang, "staff.setup.no_minute_taker") + "</p></div>\n";
  body += panel_form_html(event, day, key, form, errors, warn_minute_taker, staff);
  body += "<form method=\"post\" action=\"" + panel_path(event, key) + "/delete" + lang_query(lang) + "\">" +
          csrf_field(staff) + "<button type=\"submit\" class=\"danger\">" + t(lang, "staff.setup.delete_panel") +
          "</button></form>\n";
  return setup_page(status, staff, request, event, Tab::kPanels, "staff.setup.panels.title", body, errors);
}

Response panels_page(http::status status, StaffSite& site, const StaffContext& staff, const Request& request,
                     const data::EventInfo& event, const std::string& new_name, const Errors& errors) {
  const Lang lang = staff.lang;
  const core::DaySetup day = data::EventStore(site.db).load_day(event.id).value();
  std::string body;
  if (day.panels.empty()) {
    body += "<p>" + t(lang, "staff.setup.none") + "</p>\n";
  } else {
    body += "<table>\n<caption>" + t(lang, "staff.setup.panels.caption") + "</caption>\n<thead><tr>";
    for (const char* k : {"staff.setup.panel_name", "staff.setup.municipalities", "staff.setup.home_room",
                          "staff.setup.members", "staff.setup.minute_taker"})
      body += "<th scope=\"col\">" + t(lang, k) + "</th>";
    body += "</tr></thead>\n<tbody>\n";
    for (const auto& panel : day.panels) {
      std::string room_name;
      for (const auto& room : day.rooms)
        if (panel.room && room.key == *panel.room) room_name = room.name;
      std::string members;
      for (const auto& m : panel.members)
        members += (members.empty() ? "" : ", ") + h(m.name) + " (" +
                   t(lang, std::string("staff.setup.role.") + kRoles[static_cast<int>(m.role)]) + ")";
      std::string minute_taker = "<td>" + t(lang, "staff.setup.yes") + "</td>";
      if (panel.members.empty())
        minute_taker = "<td class=\"warning\">" + t(lang, "staff.setup.no_members") + "</td>";
      else if (!has_minute_taker(panel))
        minute_taker = "<td class=\"warning\">" + t(lang, "staff.setup.no_minute_taker_short") + "</td>";
      body += "<tr><th scope=\"row\"><a href=\"" + panel_path(event, panel.key) + lang_query(lang) + "\">" +
              h(panel.name) + "</a></th><td>" + h(join(panel.municipalities, ", ")) + "</td><td>" + h(room_name) +
              "</td><td>" + members + "</td>" + minute_taker + "</tr>\n";
    }
    body += "</tbody>\n</table>\n";
  }
  body += "<h2>" + t(lang, "staff.setup.new_panel") + "</h2>\n<form method=\"post\" action=\"" + event_base(event) +
          "/panels" + lang_query(lang) + "\" novalidate>\n" + csrf_field(staff) + "\n" +
          field("name", t(lang, "staff.setup.panel_name"), new_name, errors, "text", "", " required") +
          "<button type=\"submit\">" + t(lang, "staff.setup.add_panel") + "</button>\n</form>\n";
  return setup_page(status, staff, request, event, Tab::kPanels, "staff.setup.panels.title", body, errors);
}

// ---- the routes ----

Response redirect_saved(const std::string& path, Lang lang) { return staff_redirect(path + lang_query(lang) + "&saved=1"); }

Response new_event_get(StaffSite& site, const Request& request, const StaffContext& staff) {
  DetailsForm form;
  if (staff.user.organisation_id) form.host = std::to_string(*staff.user.organisation_id);
  const Lang lang = staff.lang;
  return staff_page(http::status::ok, staff, std::string(tr(lang, "staff.setup.new.title")), request,
                    "<h1>" + t(lang, "staff.setup.new.title") + "</h1>\n" +
                        details_form_html(form, {}, staff, site.db, "/staff/events/new" + lang_query(lang),
                                          staff.user.admin, "staff.setup.new.submit"));
}

Response new_event_post(StaffSite& site, const Request& request, const StaffContext& staff) {
  const Lang lang = staff.lang;
  DetailsForm form = read_details(staff.form);
  data::EventInfo event;
  if (!staff.user.admin) {
    event.host_organisation_id = staff.user.organisation_id.value_or(0);
    form.host = std::to_string(event.host_organisation_id);
  }
  event.created_by = staff.user.id;
  Errors errors = apply_details(form, event, staff.user.admin, lang, site.db);
  if (errors.empty()) {
    auto created = data::EventStore(site.db).create(event, staff.actor());
    if (created) return staff_redirect("/staff/events/" + std::to_string(created.value()) + lang_query(lang));
    errors.push_back(store_error(created.failure(), created.kind() == data::Failure::kConflict ? "slug" : "title", lang));
  }
  return staff_page(http::status::unprocessable_entity, staff, std::string(tr(lang, "staff.setup.new.title")), request,
                    "<h1>" + t(lang, "staff.setup.new.title") + "</h1>\n" + error_summary(errors, lang) +
                        details_form_html(form, errors, staff, site.db, "/staff/events/new" + lang_query(lang),
                                          staff.user.admin, "staff.setup.new.submit"));
}

Response settings_post(StaffSite& site, const Request& request, const StaffContext& staff, data::EventInfo event) {
  const Lang lang = staff.lang;
  DetailsForm form = read_details(staff.form);
  if (!staff.user.admin) form.host = std::to_string(event.host_organisation_id);
  const data::EventInfo before = event;
  Errors errors = apply_details(form, event, staff.user.admin, lang, site.db);
  if (errors.empty()) {
    auto updated = data::EventStore(site.db).update(event, staff.actor());
    if (updated) return redirect_saved(event_base(event) + "/settings", lang);
    errors.push_back(store_error(updated.failure(), "day", lang));
  }
  return settings_page(http::status::unprocessable_entity, site, staff, request, before, form, errors);
}

Response status_post(StaffSite& site, const Request& request, const StaffContext& staff, const data::EventInfo& event) {
  const Lang lang = staff.lang;
  const std::string wanted = staff.form.value("status");
  Errors errors;
  http::status status = http::status::unprocessable_entity;
  if (wanted != "open" && wanted != "closed") {
    errors.push_back({"status-title", std::string(tr(lang, "staff.setup.err.status"))});
  } else {
    auto done = data::EventStore(site.db).set_status(
        event.id, wanted == "open" ? data::EventStatus::kOpen : data::EventStatus::kClosed, staff.actor());
    if (done) return redirect_saved(event_base(event) + "/settings", lang);
    status = done.kind() == data::Failure::kConflict ? http::status::conflict : http::status::unprocessable_entity;
    errors.push_back({"status-title", done.failure().code.empty() ? sentence(done.error())
                                                                  : store_failure_text(lang, done.failure())});
  }
  return settings_page(status, site, staff, request, event, details_from(event), errors);
}

Response programme_post(StaffSite& site, const Request& request, const StaffContext& staff,
                        const data::EventInfo& event) {
  const Lang lang = staff.lang;
  data::EventStore events(site.db);
  const auto rows = read_programme_rows(staff.form);
  Errors errors;
  std::vector<core::ProgrammeItem> items;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (row.remove || (row.start.empty() && row.end.empty() && blank(row.title) && blank(row.speaker))) continue;
    const std::string p = "item-" + std::to_string(i) + "-";
    const std::string n = row_label(lang, static_cast<int>(i)) + ": ";
    const auto start = core::parse_clock(row.start);
    const auto end = core::parse_clock(row.end);
    if (!start) errors.push_back({p + "start", n + std::string(tr(lang, "staff.setup.err.start"))});
    if (!end) errors.push_back({p + "end", n + std::string(tr(lang, "staff.setup.err.end"))});
    if (start && end && *end <= *start) errors.push_back({p + "end", n + std::string(tr(lang, "staff.setup.err.end_after"))});
    if (blank(row.title)) errors.push_back({p + "title", n + std::string(tr(lang, "staff.setup.err.item_title"))});
    const auto kind = std::find_if(std::begin(kKinds), std::end(kKinds), [&](const char* k) { return row.kind == k; });
    if (kind == std::end(kKinds)) errors.push_back({p + "kind", n + std::string(tr(lang, "staff.setup.err.kind"))});
    if (start && end && *end > *start && !blank(row.title) && kind != std::end(kKinds))
      items.push_back({*start, *end, trim(row.title), trim(row.speaker),
                       static_cast<core::ItemKind>(kind - std::begin(kKinds)), row.attend});
  }
  if (errors.empty()) {
    core::DaySetup day = events.load_day(event.id).value();
    day.programme = items;
    if (auto problem = core::setup_problem(day)) {
      errors.push_back({"programme-table", std::string(tr(lang, "staff.setup.day_problem")) + " " + rule_text(lang, *problem)});
    } else {
      auto saved = events.set_programme(event.id, day.programme, staff.actor());
      if (saved) return redirect_saved(event_base(event) + "/programme", lang);
      errors.push_back(store_error(saved.failure(), "programme-table", lang));
    }
  }
  return setup_page(http::status::unprocessable_entity, staff, request, event, Tab::kProgramme,
                    "staff.setup.programme.title", programme_form(event, rows, errors, staff), errors);
}

Response windows_page(http::status status, StaffSite& site, const StaffContext& staff, const Request& request,
                      const data::EventInfo& event, const WindowsForm& form, const Errors& errors,
                      const core::DaySetup* typed) {
  const core::DaySetup saved = data::EventStore(site.db).load_day(event.id).value();
  std::string body = windows_form_html(event, form, errors, staff);
  if (typed) body = preview_html(*typed, staff.lang, "staff.setup.preview_typed") + body;
  else body += preview_html(saved, staff.lang, "staff.setup.preview");
  return setup_page(status, staff, request, event, Tab::kWindows, "staff.setup.windows.title", body, errors);
}

Response windows_post(StaffSite& site, const Request& request, const StaffContext& staff, data::EventInfo event) {
  const Lang lang = staff.lang;
  data::EventStore events(site.db);
  const WindowsForm form = read_windows_form(staff.form);
  Errors errors;
  const auto length = whole_number(form.meeting_length);
  if (!length || *length < 5 || *length > 240) errors.push_back({"meeting_length", std::string(tr(lang, "staff.setup.err.meeting_length"))});
  const auto changeover = whole_number(form.changeover);
  if (!changeover || *changeover < 0 || *changeover > 120) errors.push_back({"changeover", std::string(tr(lang, "staff.setup.err.changeover"))});
  std::vector<core::Window> windows;
  for (std::size_t i = 0; i < form.rows.size(); ++i) {
    const auto& row = form.rows[i];
    if (row.remove || (row.name.empty() && row.start.empty() && row.end.empty())) continue;
    const std::string p = "window-" + std::to_string(i) + "-";
    const std::string n = row_label(lang, static_cast<int>(i)) + ": ";
    const auto start = core::parse_clock(row.start);
    const auto end = core::parse_clock(row.end);
    if (row.name.empty()) errors.push_back({p + "name", n + std::string(tr(lang, "staff.setup.err.window_name"))});
    if (!start) errors.push_back({p + "start", n + std::string(tr(lang, "staff.setup.err.start"))});
    if (!end) errors.push_back({p + "end", n + std::string(tr(lang, "staff.setup.err.end"))});
    if (start && end && *end <= *start) errors.push_back({p + "end", n + std::string(tr(lang, "staff.setup.err.end_after"))});
    if (!row.name.empty() && start && end && *end > *start) windows.push_back({*start, *end, row.name});
  }
  core::DaySetup day = events.load_day(event.id).value();
  if (errors.empty()) {
    day.meeting_length = static_cast<int>(*length);
    day.changeover = static_cast<int>(*changeover);
    day.windows = windows;
    if (auto problem = core::setup_problem(day))
      errors.push_back({"windows-table", std::string(tr(lang, "staff.setup.day_problem")) + " " + rule_text(lang, *problem)});
  }
  if (errors.empty() && staff.form.value("action") == "preview")
    return windows_page(http::status::ok, site, staff, request, event, form, errors, &day);
  if (errors.empty()) {
    if (event.meeting_length != day.meeting_length || event.changeover != day.changeover) {
      event.meeting_length = day.meeting_length;
      event.changeover = day.changeover;
      if (auto updated = events.update(event, staff.actor()); !updated)
        errors.push_back(store_error(updated.failure(), "meeting_length", lang));
    }
    if (errors.empty()) {
      auto saved = events.set_windows(event.id, day.windows, staff.actor());
      if (saved) return redirect_saved(event_base(event) + "/windows", lang);
      errors.push_back(store_error(saved.failure(), "windows-table", lang));
    }
  }
  return windows_page(http::status::unprocessable_entity, site, staff, request, event, form, errors, nullptr);
}

Response rooms_post(StaffSite& site, const Request& request, const StaffContext& staff, const data::EventInfo& event) {
  const Lang lang = staff.lang;
  data::EventStore events(site.db);
  const core::DaySetup day = events.load_day(event.id).value();
  const auto rows = read_room_rows(staff.form);
  std::set<std::string> taken;
  for (const auto& room : day.rooms) taken.insert(room.key);
  Errors errors;
  std::vector<core::EventRoom> puts;
  std::vector<std::string> deletes;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const std::string p = "room-" + std::to_string(i) + "-";
    const std::string n = row_label(lang, static_cast<int>(i)) + ": ";
    const bool existing = taken.count(row.key) > 0;
    const bool empty_row = blank(row.name) && row.seats.empty() && row.link.empty();
    if (row.remove || (!existing && empty_row)) {
      if (!existing) continue;
      for (const auto& panel : day.panels)
        if (panel.room == row.key)
          errors.push_back({p + "remove", n + std::string(tr(lang, "staff.setup.err.home_room")) + " «" + panel.name +
                                              "». " + std::string(tr(lang, "staff.setup.err.home_room_end"))});
      deletes.push_back(row.key);
      continue;
    }
    core::EventRoom room;
    room.key = existing ? row.key : "";
    room.name = trim(row.name);
    room.digital = row.digital;
    room.link = row.link;
    if (room.name.empty()) errors.push_back({p + "name", n + std::string(tr(lang, "staff.setup.err.room_name"))});
    if (!row.seats.empty()) {
      const auto seats = whole_number(row.seats);
      if (!seats || *seats < 1 || *seats > 100000) errors.push_back({p + "seats", n + std::string(tr(lang, "staff.setup.err.seats"))});
      else room.seats = static_cast<int>(*seats);
    }
    const bool web_link = row.link.starts_with("https://") || row.link.starts_with("http://");
    if (row.digital && !web_link) errors.push_back({p + "link", n + std::string(tr(lang, "staff.setup.err.link"))});
    else if (!row.link.empty() && !web_link) errors.push_back({p + "link", n + std::string(tr(lang, "staff.setup.err.link_form"))});
    puts.push_back(std::move(room));
  }
  if (errors.empty()) {
    for (auto& room : puts) {
      if (room.key.empty()) {
        room.key = key_from_name(room.name, taken);
        taken.insert(room.key);
      }
    }
    auto saved = events.save_rooms(event.id, deletes, puts, staff.actor());
    if (saved) return redirect_saved(event_base(event) + "/rooms", lang);
    // Nothing was saved; the message sits at the row of the room that could not go.
    std::string field = "rooms-table";
    for (const auto& [name, value] : saved.failure().values)
      for (std::size_t i = 0; i < rows.size(); ++i)
        if (name == "key" && rows[i].key == value) field = "room-" + std::to_string(i) + "-remove";
    errors.push_back(store_error(saved.failure(), field, lang));
  }
  return setup_page(http::status::unprocessable_entity, staff, request, event, Tab::kRooms, "staff.setup.rooms.title", rooms_form_html(event, rows, errors, staff), errors);
}

Response panel_post(StaffSite& site, const Request& request, const StaffContext& staff, const data::EventInfo& event,
                    const std::string& key) {
  const Lang lang = staff.lang;
  data::EventStore events(site.db);
  const core::DaySetup day = events.load_day(event.id).value();
  if (!find_panel(day, key)) return staff_not_found(request, staff);
  const PanelForm form = read_panel_form(staff.form);
  Errors errors;
  core::Panel panel;
  panel.key = key;
  panel.name = form.name;
  if (panel.name.empty()) errors.push_back({"name", std::string(tr(lang, "staff.setup.err.panel_name"))});
  std::string municipalities = form.municipalities;
  for (std::size_t start = 0; start <= municipalities.size();) {
    const std::size_t comma = std::min(municipalities.find(',', start), municipalities.size());
    const std::string one = trim(std::string_view(municipalities).substr(start, comma - start));
    if (!one.empty()) panel.municipalities.push_back(one);
    start = comma + 1;
  }
  if (!form.room.empty()) {
    const bool physical = std::any_of(day.rooms.begin(), day.rooms.end(),
                                      [&](const core::EventRoom& r) { return r.key == form.room && !r.digital; });
    if (physical) panel.room = form.room;
    else errors.push_back({"room", std::string(tr(lang, "staff.setup.no_home_room"))});
  }
  for (std::size_t i = 0; i < form.members.size(); ++i) {
    const auto& row = form.members[i];
    if (row.remove || (row.name.empty() && row.email.empty())) continue;
    const std::string p = "member-" + std::to_string(i) + "-";
    const std::string n = row_label(lang, static_cast<int>(i)) + ": ";
    std::string email = row.email;
    std::transform(email.begin(), email.end(), email.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    if (row.name.empty()) errors.push_back({p + "name", n + std::string(tr(lang, "staff.setup.err.member_name"))});
    if (!core::plausible_email(email)) {
      errors.push_back({p + "email", n + std::string(tr(lang, "staff.setup.err.member_email"))});
    } else if (std::any_of(panel.members.begin(), panel.members.end(),
                           [&](const core::PanelMember& m) { return m.person == email; })) {
      errors.push_back({p + "email", n + std::string(tr(lang, "staff.setup.err.member_twice"))});
    }
    const auto role = std::find_if(std::begin(kRoles), std::end(kRoles), [&](const char* r) { return row.role == r; });
    if (role == std::end(kRoles)) errors.push_back({p + "role", n + std::string(tr(lang, "staff.setup.err.role"))});
    else panel.members.push_back({email, row.name, static_cast<core::Role>(role - std::begin(kRoles))});
  }
  const bool missing_minute_taker = !has_minute_taker(panel);
  if (errors.empty() && missing_minute_taker && !form.without_minute_taker)
    errors.push_back({"members-table", std::string(tr(lang, "staff.setup.no_minute_taker"))});
  if (errors.empty()) {
    core::DaySetup changed = day;
    for (auto& p : changed.panels)
      if (p.key == key) p = panel;
    if (auto problem = core::setup_problem(changed))
      errors.push_back({"members-table", std::string(tr(lang, "staff.setup.day_problem")) + " " + rule_text(lang, *problem)});
  }
  if (errors.empty()) {
    auto saved = events.put_panel(event.id, panel, staff.actor());
    if (saved) return redirect_saved(panel_path(event, key), lang);
    errors.push_back(store_error(saved.failure(), "members-table", lang));
  }
  return panel_page(http::status::unprocessable_entity, staff, request, event, day, key, form, errors,
                    missing_minute_taker);
}

}  // namespace

std::span<const CatalogEntry> staff_setup_catalog() { return kSetup; }

void add_staff_setup_routes(Router& router, StaffSite& site) {
  using P = const PathParams&;
  using C = const StaffContext&;
  using R = const Request&;
  using E = const data::EventInfo&;

  add_staff_route(router, site, http::verb::get, "/staff/events/new",
                  [&site](R request, P, C staff) { return new_event_get(site, request, staff); });
  add_staff_route(router, site, http::verb::post, "/staff/events/new",
                  [&site](R request, P, C staff) { return new_event_post(site, request, staff); });

  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/settings", on_staff_event(site, [&site](R request, P, C staff, E event) {
    return settings_page(http::status::ok, site, staff, request, event, details_from(event), {});
  }));
  add_staff_route(router, site, http::verb::post, "/staff/events/{id}", on_staff_event(site, [&site](R request, P, C staff, E event) {
    return settings_post(site, request, staff, event);
  }));
  add_staff_route(router, site, http::verb::post, "/staff/events/{id}/status", on_staff_event(site, [&site](R request, P, C staff, E event) {
    return status_post(site, request, staff, event);
  }));

  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/programme", on_staff_event(site, [&site](R request, P, C staff, E event) {
    const auto day = data::EventStore(site.db).load_day(event.id).value();
    return setup_page(http::status::ok, staff, request, event, Tab::kProgramme, "staff.setup.programme.title",
                      programme_form(event, programme_rows(day), {}, staff));
  }));
  add_staff_route(router, site, http::verb::post, "/staff/events/{id}/programme", on_staff_event(site, [&site](R request, P, C staff, E event) {
    return programme_post(site, request, staff, event);
  }));

  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/windows", on_staff_event(site, [&site](R request, P, C staff, E event) {
    const auto day = data::EventStore(site.db).load_day(event.id).value();
    return windows_page(http::status::ok, site, staff, request, event, windows_form_from(day), {}, nullptr);
  }));
  add_staff_route(router, site, http::verb::post, "/staff/events/{id}/windows", on_staff_event(site, [&site](R request, P, C staff, E event) {
    return windows_post(site, request, staff, event);
  }));

  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/rooms", on_staff_event(site, [&site](R request, P, C staff, E event) {
    const auto day = data::EventStore(site.db).load_day(event.id).value();
    return setup_page(http::status::ok, staff, request, event, Tab::kRooms, "staff.setup.rooms.title",
                      rooms_form_html(event, room_rows(day), {}, staff));
  }));
  add_staff_route(router, site, http::verb::post, "/staff/events/{id}/rooms", on_staff_event(site, [&site](R request, P, C staff, E event) {
    return rooms_post(site, request, staff, event);
  }));

  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/panels", on_staff_event(site, [&site](R request, P, C staff, E event) {
    return panels_page(http::status::ok, site, staff, request, event, "", {});
  }));
  add_staff_route(router, site, http::verb::post, "/staff/events/{id}/panels", on_staff_event(site, [&site](R request, P, C staff, E event) {
    const std::string name = trim(staff.form.value("name"));
    if (name.empty())
      return panels_page(http::status::unprocessable_entity, site, staff, request, event, name,
                         {{"name", std::string(tr(staff.lang, "staff.setup.err.panel_name"))}});
    data::EventStore events(site.db);
    std::set<std::string> taken;
    const core::DaySetup day = events.load_day(event.id).value();
    for (const auto& panel : day.panels) taken.insert(panel.key);
    core::Panel panel;
    panel.key = key_from_name(name, taken);
    panel.name = name;
    if (auto saved = events.put_panel(event.id, panel, staff.actor()); !saved)
      return panels_page(http::status::unprocessable_entity, site, staff, request, event, name,
                         {store_error(saved.failure(), "name", staff.lang)});
    return staff_redirect(panel_path(event, panel.key) + lang_query(staff.lang));
  }));
  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/panels/{key}", on_staff_event(site, [&site](R request, P params, C staff, E event) {
    const auto day = data::EventStore(site.db).load_day(event.id).value();
    const core::Panel* panel = find_panel(day, params.at("key"));
    if (!panel) return staff_not_found(request, staff);
    return panel_page(http::status::ok, staff, request, event, day, panel->key, panel_form_from(*panel), {},
                      !has_minute_taker(*panel));
  }));
  add_staff_route(router, site, http::verb::post, "/staff/events/{id}/panels/{key}", on_staff_event(site, [&site](R request, P params, C staff, E event) {
    return panel_post(site, request, staff, event, params.at("key"));
  }));
  add_staff_route(router, site, http::verb::post, "/staff/events/{id}/panels/{key}/delete",
                  on_staff_event(site, [&site](R request, P params, C staff, E event) {
                    data::EventStore events(site.db);
                    const auto day = events.load_day(event.id).value();
                    const core::Panel* panel = find_panel(day, params.at("key"));
                    if (!panel) return staff_not_found(request, staff);
                    auto deleted = events.delete_panel(event.id, panel->key, staff.actor());
                    if (deleted) return redirect_saved(event_base(event) + "/panels", staff.lang);
                    return panel_page(http::status::conflict, staff, request, event, day, panel->key,
                                      panel_form_from(*panel), {store_error(deleted.failure(), "name", staff.lang)},
                                      !has_minute_taker(*panel));
                  }));
}

}  // namespace dialogdag::web
