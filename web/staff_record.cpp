// Staff console, the record of an event: exports for the procurement file (CSV, JSON, .ics),
// minutes per meeting with the question-and-answer log, the audit log, and the purge of
// personal data.
//
// Routes (every one answers 404 for another organisation's event, exactly like a missing one):
//   GET      /staff/events/{id}/record       overview: exports, meetings with their minutes,
//                                            audit log, purge
//   GET      /staff/events/{id}/export.csv   registrations and their meetings (see csv_cell)
//   GET      /staff/events/{id}/export.json  the shape below
//   GET      /staff/events/{id}/calendar.ics programme + every meeting; ?panel=KEY: that panel's
//                                            meetings only (for its members' calendars)
//   GET/POST /staff/meetings/{mid}/minutes   minutes (same template for every supplier) and
//                                            the event's question-and-answer log
//   GET      /staff/events/{id}/audit        ?order=newest|oldest, ?format=csv
//   GET/POST /staff/events/{id}/purge        confirmation (type the slug), then the purge
// The exports and ?format=csv answer 401 without a session; the pages redirect to the login.
//
// export.json ("format": "dialogdag-export/1"), an object with:
//   event:         {id, slug, title, subject, day "YYYY-MM-DD", time_zone, venue, address,
//                   status, booking_mode, meeting_length_minutes, changeover_minutes,
//                   retention_until, purged}
//   programme:     [{start "HH:MM", end, title, speaker, kind, suppliers_attend}]
//   rooms:         [{key, name, seats (null = no limit), digital, link}]
//   panels:        [{key, name, municipalities [..], room (key or null),
//                    members [{name, role}]}]; role: need_owner | procurement | technical |
//                   observer | minute_taker
//   registrations: [{id, reference, company, orgnr, contact_name, email, phone,
//                    attendees [{name, role}], attends_plenary, wants_meeting, panels [keys],
//                    available_from ("HH:MM" or null), available_until, digital, topics}]
//   meetings:      [{id, registration_id, reference, panel, n, start "HH:MM", end,
//                    starts_at, ends_at (UTC "YYYY-MM-DDTHH:MM:SSZ"), room (key or null),
//                    status (proposed | booked | published), locked,
//                    minutes ({presented, questions, follow_up} or null)}]
//   questions:     [{id, meeting_id (or null), question, answer, shared_with_all,
//                    created_at, shared_at (or null)}]
// After a purge the personal fields are empty strings (orgnr too); ids, references, times
// and counts stay.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "data/audit_log.h"
#include "data/maintenance.h"
#include "data/minutes_store.h"
#include "data/registration_store.h"
#include "data/schedule_store.h"
#include "data/time.h"
#include "scheduler/validation.h"
#include "web/i18n_catalog.h"
#include "web/ics.h"
#include "web/staff.h"

namespace dialogdag::web {
namespace {

constexpr CatalogEntry kRecord[] = {
    // The overview.
    {"staff.record.title", "Dokumentasjon", "Record"},
    {"staff.record.intro",
     "Alt som trengs til anskaffelsesprotokollen: eksport av påmeldinger og møter, referater, "
     "spørsmål og svar, og loggen over hvem som gjorde hva.",
     "Everything the procurement file needs: exports of registrations and meetings, minutes, "
     "questions and answers, and the log of who did what."},
    {"staff.record.exports", "Eksport", "Exports"},
    {"staff.record.export_csv", "Påmeldinger og møter som regneark (CSV, for Excel og LibreOffice)",
     "Registrations and meetings as a spreadsheet (CSV, for Excel and LibreOffice)"},
    {"staff.record.export_json", "Alt som JSON (påmeldinger, møter, program, paneler)",
     "Everything as JSON (registrations, meetings, programme, panels)"},
    {"staff.record.export_ics", "Kalenderfil for hele dagen (program og alle møter)",
     "Calendar file for the whole day (programme and every meeting)"},
    {"staff.record.export_ics_panel", "Kalenderfil for panelet", "Calendar file for the panel"},
    {"staff.record.meetings", "Møter og referater", "Meetings and minutes"},
    {"staff.record.no_meetings", "Ingen møter er satt opp ennå.", "No meetings are placed yet."},
    {"staff.record.cancelled_meetings", "Avlyste møter med referat", "Cancelled meetings with minutes"},
    {"staff.record.cancelled_meetings_intro",
     "Disse møtene ble avlyst etter at referatet ble skrevet. Referatet er en del av dokumentasjonen og kan leses, men ikke endres.",
     "These meetings were cancelled after their minutes were written. The minutes are part of the record and can be read, not changed."},
    {"staff.record.minutes_written", "Referat skrevet", "Minutes written"},
    {"staff.record.minutes_missing", "Ikke skrevet", "Not written"},
    {"staff.record.open_minutes", "Referat", "Minutes"},
    {"staff.record.open_minutes_for", "Referat for møtet med", "Minutes of the meeting with"},
    {"staff.record.log_and_privacy", "Logg og personvern", "Log and privacy"},
    {"staff.record.audit_link", "Logg over endringer", "Log of changes"},
    {"staff.record.purge_link", "Slett personopplysninger", "Delete personal data"},
    {"staff.record.back", "Tilbake til dokumentasjonen", "Back to the record"},
    {"staff.record.to_event", "Til konferansen", "To the conference"},
    // Column and field names (CSV, tables).
    {"staff.record.col.reference", "Referanse", "Reference"},
    {"staff.record.col.company", "Firma", "Company"},
    {"staff.record.col.orgnr", "Organisasjonsnummer", "Organisation number"},
    {"staff.record.col.contact", "Kontaktperson", "Contact person"},
    {"staff.record.col.email", "E-post", "E-mail"},
    {"staff.record.col.phone", "Telefon", "Phone"},
    {"staff.record.col.attendees", "Deltakere", "Attendees"},
    {"staff.record.col.plenary", "Deltar i plenum", "Attends the plenary"},
    {"staff.record.col.panels", "Ønsket møte med", "Meeting asked for with"},
    {"staff.record.col.digital", "Digitalt møte", "Digital meeting"},
    {"staff.record.col.topics", "Tema", "Topics"},
    {"staff.record.col.panel", "Panel", "Panel"},
    {"staff.record.col.date", "Dato", "Date"},
    {"staff.record.col.start", "Start", "Start"},
    {"staff.record.col.end", "Slutt", "End"},
    {"staff.record.col.time", "Tid", "Time"},
    {"staff.record.col.room", "Rom", "Room"},
    {"staff.record.col.status", "Status", "Status"},
    {"staff.record.col.locked", "Låst", "Locked"},
    {"staff.record.col.supplier", "Leverandør", "Supplier"},
    {"staff.record.col.minutes", "Referat", "Minutes"},
    {"staff.record.status.proposed", "Forslag", "Proposed"},
    {"staff.record.status.booked", "Booket", "Booked"},
    {"staff.record.status.published", "Publisert", "Published"},
    {"staff.record.no_room", "Ikke fordelt", "Not assigned"},
    {"staff.record.role.need_owner", "behovseier", "need owner"},
    {"staff.record.role.procurement", "innkjøp", "procurement"},
    {"staff.record.role.technical", "fag/teknisk", "technical"},
    {"staff.record.role.observer", "observatør", "observer"},
    {"staff.record.role.minute_taker", "referent", "minute-taker"},
    {"staff.record.ics.meeting", "Møte", "Meeting"},
    {"staff.record.ics.attendees", "Deltakere fra leverandøren", "The supplier's attendees"},
    // Minutes.
    {"staff.record.minutes.title", "Referat fra én-til-én-møte", "Minutes of a one-to-one meeting"},
    {"staff.record.minutes.meeting", "Møtet", "The meeting"},
    {"staff.record.minutes.buyers", "Kjøpers panel", "The buyers' panel"},
    {"staff.record.minutes.suppliers_people", "Leverandørens deltakere", "The supplier's attendees"},
    {"staff.record.minutes.topics", "Leverandørens tema", "The supplier's topics"},
    {"staff.record.minutes.none", "Ingen oppgitt.", "None given."},
    {"staff.record.minutes.template_note",
     "Malen er den samme for alle leverandørene på denne konferansen (likebehandling).",
     "The template is the same for every supplier of this conference (equal treatment)."},
    {"staff.record.minutes.form", "Referat", "Minutes"},
    {"staff.record.minutes.presented", "Hva leverandøren presenterte", "What the supplier presented"},
    {"staff.record.minutes.questions", "Spørsmål, og hva kjøper sa", "Questions, and what the buyer said"},
    {"staff.record.minutes.questions_hint",
     "Informasjon fra kjøper som kan påvirke konkurransen, skal også deles med alle nedenfor.",
     "Information from the buyer that could affect the competition must also be shared with all "
     "below."},
    {"staff.record.minutes.follow_up", "Oppfølging", "Follow-up"},
    {"staff.record.minutes.save", "Lagre referatet", "Save the minutes"},
    {"staff.record.minutes.saved", "Referatet er lagret.", "The minutes are saved."},
    {"staff.record.minutes.too_long", "Teksten er for lang (høyst 20 000 tegn)",
     "The text is too long (at most 20,000 characters)"},
    {"staff.record.minutes.cancelled",
     "Møtet er avlyst. Referatet er bevart som en del av dokumentasjonen og kan ikke endres.",
     "The meeting was cancelled. Its minutes are kept as part of the record and cannot change."},
    {"staff.record.minutes.purged",
     "Personopplysningene for denne konferansen er slettet; referatet kan ikke endres.",
     "The personal data of this conference has been deleted; the minutes cannot be changed."},
    // Questions and answers.
    {"staff.record.qa.title", "Spørsmål og svar", "Questions and answers"},
    {"staff.record.qa.intro",
     "Loggen over spørsmål og svar for hele konferansen. Det som deles med alle, vises på "
     "konferansens side for alle leverandører, uten navn på den som spurte.",
     "The log of questions and answers for the whole conference. What is shared with all is "
     "shown on the conference page to every supplier, without the name of who asked."},
    {"staff.record.qa.caption", "Spørsmål og svar i loggen", "Questions and answers in the log"},
    {"staff.record.qa.none", "Ingen spørsmål er ført ennå.", "No questions are logged yet."},
    {"staff.record.qa.question", "Spørsmål", "Question"},
    {"staff.record.qa.answer", "Svar", "Answer"},
    {"staff.record.qa.shared", "Delt med alle", "Shared with all"},
    {"staff.record.qa.not_shared", "Ikke delt", "Not shared"},
    {"staff.record.qa.this_meeting", "(fra dette møtet)", "(from this meeting)"},
    {"staff.record.qa.add", "Før et spørsmål i loggen", "Add a question to the log"},
    {"staff.record.qa.question_hint", "Skriv det slik at det ikke avslører hvilken leverandør som spurte.",
     "Write it so that it does not reveal which supplier asked."},
    {"staff.record.qa.share", "Del med alle leverandører (vises på konferansens side; kan ikke angres)",
     "Share with every supplier (shown on the conference page; cannot be undone)"},
    {"staff.record.qa.share_button", "Del med alle", "Share with all"},
    {"staff.record.qa.submit", "Før inn", "Add"},
    {"staff.record.qa.added", "Spørsmålet er ført i loggen.", "The question is added to the log."},
    {"staff.record.qa.added_shared", "Spørsmålet er ført i loggen og delt med alle.",
     "The question is added to the log and shared with all."},
    {"staff.record.qa.now_shared", "Spørsmålet er delt med alle.", "The question is shared with all."},
    {"staff.record.qa.question_missing", "Skriv spørsmålet", "Enter the question"},
    {"staff.record.qa.answer_missing", "Skriv svaret", "Enter the answer"},
    {"staff.record.qa.too_long", "Teksten er for lang (høyst 20 000 tegn)",
     "The text is too long (at most 20,000 characters)"},
    // The public page's section (web/qa_view.cpp).
    {"staff.record.qa_public.title", "Spørsmål og svar", "Questions and answers"},
    {"staff.record.qa_public.intro",
     "Svar som er gitt til én leverandør, deles her med alle, slik at alle har den samme "
     "informasjonen.",
     "Answers given to one supplier are shared here with everyone, so that all have the same "
     "information."},
    {"staff.record.qa_public.shared", "Delt", "Shared"},
    // Form errors.
    {"staff.record.errors_title", "Det er noe som må rettes", "There is a problem"},
    // The audit log.
    {"staff.record.audit.title", "Logg over endringer", "Log of changes"},
    {"staff.record.audit.intro",
     "Alt som er gjort med konferansen, av hvem og når. Loggen kan ikke endres.",
     "Everything done to the conference, by whom and when. The log cannot be changed."},
    {"staff.record.audit.caption", "Loggføringer", "Log entries"},
    {"staff.record.audit.when", "Når", "When"},
    {"staff.record.audit.when_utc", "Når (UTC)", "When (UTC)"},
    {"staff.record.audit.who", "Hvem", "Who"},
    {"staff.record.audit.what", "Hva", "What"},
    {"staff.record.audit.code", "Kode", "Code"},
    {"staff.record.audit.detail", "Detaljer", "Details"},
    {"staff.record.audit.before", "Før", "Before"},
    {"staff.record.audit.after", "Etter", "After"},
    {"staff.record.audit.order", "Rekkefølge", "Order"},
    {"staff.record.audit.newest", "Nyeste først", "Newest first"},
    {"staff.record.audit.oldest", "Eldste først", "Oldest first"},
    {"staff.record.audit.show", "Vis", "Show"},
    {"staff.record.audit.csv", "Last ned loggen som regneark (CSV)", "Download the log as a spreadsheet (CSV)"},
    {"staff.record.audit.none", "Ingen loggføringer.", "No log entries."},
    {"staff.record.audit.local_time", "Tidene er lokal tid for konferansen", "Times are the conference's local time"},
    {"staff.record.actor.supplier", "Leverandør", "Supplier"},
    {"staff.record.actor.cli", "Kommandolinjen (drift)", "Command line (operations)"},
    {"staff.record.actor.system", "Systemet", "The system"},
    {"staff.record.actor.user", "Bruker", "User"},
    {"staff.record.action.event.create", "Opprettet konferansen", "Created the conference"},
    {"staff.record.action.event.update", "Endret konferansen", "Changed the conference"},
    {"staff.record.action.event.status", "Endret status", "Changed the status"},
    {"staff.record.action.event.programme", "Endret programmet", "Changed the programme"},
    {"staff.record.action.event.windows", "Endret tidsrommene for møter", "Changed the meeting windows"},
    {"staff.record.action.event.purge", "Slettet personopplysninger", "Deleted personal data"},
    {"staff.record.action.room.put", "Lagret et rom", "Saved a room"},
    {"staff.record.action.panel.put", "Lagret et panel", "Saved a panel"},
    {"staff.record.action.registration.create", "Meldte seg på", "Registered"},
    {"staff.record.action.registration.update", "Endret påmeldingen", "Changed the registration"},
    {"staff.record.action.registration.cancel", "Avbestilte påmeldingen", "Cancelled the registration"},
    {"staff.record.action.schedule.run", "Kjørte møteplanleggeren", "Ran the scheduler"},
    {"staff.record.action.schedule.publish", "Publiserte møteplanen", "Published the schedule"},
    {"staff.record.action.meeting.move", "Flyttet et møte", "Moved a meeting"},
    {"staff.record.action.meeting.lock", "Låste et møte", "Locked a meeting"},
    {"staff.record.action.meeting.unlock", "Låste opp et møte", "Unlocked a meeting"},
    {"staff.record.action.minutes.write", "Skrev referat", "Wrote minutes"},
    {"staff.record.action.qa.add", "Førte et spørsmål i loggen", "Logged a question"},
    {"staff.record.action.qa.share", "Delte et svar med alle", "Shared an answer with all"},
    // Purge.
    {"staff.record.purge.title", "Slett personopplysninger", "Delete personal data"},
    {"staff.record.purge.intro",
     "Når oppbevaringstiden er ute, skal personopplysningene om leverandørene og panelene "
     "slettes. Slettingen kan ikke angres.",
     "When the retention period ends, the personal data about suppliers and panels must be "
     "deleted. The deletion cannot be undone."},
    {"staff.record.purge.retention", "Oppbevares til", "Kept until"},
    {"staff.record.purge.retention_passed", "Oppbevaringstiden er ute.", "The retention period has ended."},
    {"staff.record.purge.retention_not_passed",
     "Oppbevaringstiden er ikke ute ennå. Slett bare nå hvis dere har grunn til det.",
     "The retention period has not ended yet. Delete now only if you have a reason to."},
    {"staff.record.purge.deleted", "Dette slettes", "What is deleted"},
    {"staff.record.purge.deleted_items",
     "leverandørenes firmanavn, organisasjonsnumre, kontaktpersoner, e-post og telefon|"
     "navn og roller på deltakerne|tema leverandørene ønsket å ta opp, og når de kunne møte|"
     "referatene og spørsmålene og svarene|navn, e-post og telefon til panelenes medlemmer|"
     "de lagrede kjøringene av møteplanleggeren og de publiserte møteplanene (de inneholder navn)",
     "the suppliers' company names, organisation numbers, contact persons, e-mail and phone|"
     "names and roles of the attendees|the topics suppliers wanted to raise, and when they could "
     "meet|the minutes and the questions and answers|names, e-mail and phone of the panel "
     "members|the stored scheduler runs and the published schedules (they contain names)"},
    {"staff.record.purge.kept", "Dette beholdes", "What is kept"},
    {"staff.record.purge.kept_items",
     "konferansen med program, rom og paneler (uten navn på medlemmene)|antall påmeldinger, "
     "deltakere og møter|møtene med tid, rom og bookingreferanse|loggen over endringer "
     "(den inneholder ingen personopplysninger)",
     "the conference with programme, rooms and panels (without the members' names)|the number of "
     "registrations, attendees and meetings|the meetings with time, room and booking "
     "reference|the log of changes (it holds no personal data)"},
    {"staff.record.purge.confirm_label", "Skriv konferansens kortnavn for å bekrefte:",
     "Type the conference's short name to confirm:"},
    {"staff.record.purge.submit", "Slett personopplysningene", "Delete the personal data"},
    {"staff.record.purge.wrong", "Skriv kortnavnet nøyaktig slik det står:",
     "Type the short name exactly as shown:"},
    {"staff.record.purge.done", "Personopplysningene er slettet.", "The personal data is deleted."},
    {"staff.record.purge.done_counts", "Anonymisert: påmeldinger, deltakere, møter:",
     "Anonymised: registrations, attendees, meetings:"},
    {"staff.record.purge.wal",
     "Databasen var i bruk, så noen gamle kopier kan ligge igjen i loggfilen. Slett på nytt når "
     "ingen bruker systemet.",
     "The database was in use, so some old copies may remain in its log file. Delete again when "
     "nobody is using the system."},
    {"staff.record.purge.already", "Personopplysningene for denne konferansen er allerede slettet.",
     "The personal data of this conference has already been deleted."},
};

std::string h(std::string_view text) { return html_escape(text); }
std::string t(Lang lang, std::string_view key) { return std::string(tr(lang, key)); }

constexpr std::size_t kMaxTextLength = 20'000;

// "HH:MM"; the end of the day (1440) is "24:00".
std::string clock(core::Minutes minutes) {
  return minutes >= 24 * 60 ? "24:00" : core::format_clock(minutes);
}

std::string lang_suffix(Lang lang) { return "lang=" + std::string(code(lang)); }

std::string event_base(const data::EventInfo& event) {
  return "/staff/events/" + std::to_string(event.id);
}

const char* role_code(core::Role role) {
  switch (role) {
    case core::Role::kNeedOwner: return "need_owner";
    case core::Role::kProcurement: return "procurement";
    case core::Role::kTechnical: return "technical";
    case core::Role::kObserver: return "observer";
    case core::Role::kMinuteTaker: return "minute_taker";
  }
  return "observer";
}

const char* kind_code(core::ItemKind kind) {
  switch (kind) {
    case core::ItemKind::kPlenary: return "plenary";
    case core::ItemKind::kBreak: return "break";
    case core::ItemKind::kLunch: return "lunch";
    case core::ItemKind::kWorkshop: return "workshop";
  }
  return "plenary";
}

std::string status_text(Lang lang, const std::string& status) {
  const std::string key = "staff.record.status." + status;
  const std::string text = t(lang, key);
  return text == key ? status : text;
}

// ---- CSV --------------------------------------------------------------------------------
// For Norwegian Excel and LibreOffice: UTF-8 with a byte order mark (without it Excel reads
// the file as Windows-1252), ';' between fields (Excel in Norwegian uses ',' as the decimal
// sign and ';' as the list separator), CRLF line ends, RFC 4180 quoting.

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One field. A value a spreadsheet would read as a formula (starting with = + - @, or tab or
// CR, which some programs strip before looking) gets a leading apostrophe, so it shows as
// text and never runs. Fields with ; " CR or LF are quoted, quotes doubled.
std::string csv_cell(std::string_view value) {
  std::string cell;
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos)
    cell += '\'';
  cell += value;
  if (cell.find_first_of(";\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_row(const std::vector<std::string>& cells) {
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) row += ';';
    row += csv_cell(cells[i]);
  }
  return row + "\r\n";
}

Response download(std::string body, const std::string& content_type, const std::string& file_name) {
  Response response = make_response(http::status::ok, std::move(body), content_type);
  response.set(http::field::content_disposition, "attachment; filename=\"" + file_name + "\"");
  response.set(http::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  return response;
}

// ---- What the record pages read -----------------------------------------------------------

struct EventRecord {
  data::EventInfo event;
  core::DaySetup day;
  std::vector<data::Registration> registrations;  // active ones, in registration order
  std::vector<data::MeetingRow> meetings;         // not cancelled, by start then panel

  const data::Registration* registration(std::int64_t id) const {
    for (const auto& r : registrations)
      if (r.id == id) return &r;
    return nullptr;
  }
  std::string panel_name(const std::string& key) const {
    for (const auto& panel : day.panels)
      if (panel.key == key) return panel.name;
    return key;
  }
  const core::EventRoom* room(const std::optional<std::string>& key) const {
    if (!key) return nullptr;
    for (const auto& room : day.rooms)
      if (room.key == *key) return &room;
    return nullptr;
  }
  std::string room_name(const std::optional<std::string>& key, Lang lang) const {
    if (const auto* found = room(key)) return found->name;
    return key ? *key : t(lang, "staff.record.no_room");
  }
};

std::optional<EventRecord> load_record(StaffSite& site, data::EventInfo event) {
  auto day = data::EventStore(site.db).load_day(event.id);
  if (!day) return std::nullopt;
  EventRecord record{std::move(event), std::move(day).value(), {}, {}};
  record.registrations = data::RegistrationStore(site.db).list(record.event.id);
  record.meetings = data::ScheduleStore(site.db).meetings(record.event.id);
  return record;
}

std::string attendees_text(const data::Registration& r) {
  std::string text;
  for (const auto& a : r.attendees) {
    if (a.name.empty()) continue;
    if (!text.empty()) text += ", ";
    text += a.name + (a.role.empty() ? "" : " (" + a.role + ")");
  }
  return text;
}

std::string yes_no(Lang lang, bool value) { return t(lang, value ? "answer.yes" : "answer.no"); }

// ---- Exports ----------------------------------------------------------------------------

Response export_csv(const EventRecord& record, Lang lang) {
  std::string body(kUtf8Bom);
  auto c = [&](std::string_view key) { return t(lang, std::string("staff.record.col.") + std::string(key)); };
  body += csv_row({c("reference"), c("company"), c("orgnr"), c("contact"), c("email"), c("phone"),
                   c("attendees"), c("plenary"), c("panels"), c("digital"), c("topics"), c("panel"),
                   c("date"), c("start"), c("end"), c("room"), c("status"), c("locked")});
  for (const auto& r : record.registrations) {
    std::string panels;
    for (const auto& key : r.panels) panels += (panels.empty() ? "" : ", ") + record.panel_name(key);
    const std::vector<std::string> about = {
        r.reference, r.company, r.orgnr, r.contact_name, r.email, r.phone, attendees_text(r),
        yes_no(lang, r.attends_plenary), r.wants_meeting ? panels : "", yes_no(lang, r.digital),
        r.topics};
    bool any_meeting = false;
    for (const auto& m : record.meetings) {
      if (m.registration_id != r.id) continue;
      any_meeting = true;
      auto row = about;
      for (std::string cell : {record.panel_name(m.panel), record.event.day, clock(m.start),
                               clock(m.end), record.room_name(m.room, lang),
                               status_text(lang, m.status), yes_no(lang, m.locked)})
        row.push_back(std::move(cell));
      body += csv_row(row);
    }
    if (!any_meeting) {
      auto row = about;
      row.resize(about.size() + 7);
      body += csv_row(row);
    }
  }
  return download(std::move(body), "text/csv; charset=utf-8; header=present",
                  "dialogdag-" + record.event.slug + ".csv");
}

nlohmann::ordered_json nullable_clock(const std::optional<core::Minutes>& minutes) {
  return minutes ? nlohmann::ordered_json(clock(*minutes)) : nlohmann::ordered_json();
}

Response export_json(StaffSite& site, const EventRecord& record) {
  using json = nlohmann::ordered_json;
  const data::EventInfo& e = record.event;
  json out;
  out["format"] = "dialogdag-export/1";
  out["event"] = {{"id", e.id},
                  {"slug", e.slug},
                  {"title", e.title},
                  {"subject", e.subject},
                  {"day", e.day},
                  {"time_zone", e.time_zone},
                  {"venue", e.venue},
                  {"address", e.address},
                  {"status", data::to_string(e.status)},
                  {"booking_mode", data::to_string(e.booking_mode)},
                  {"meeting_length_minutes", record.day.meeting_length},
                  {"changeover_minutes", record.day.changeover},
                  {"retention_until", e.retention_until},
                  {"purged", e.purged}};
  out["programme"] = json::array();
  for (const auto& item : record.day.programme)
    out["programme"].push_back({{"start", clock(item.start)},
                                {"end", clock(item.end)},
                                {"title", item.title},
                                {"speaker", item.speaker},
                                {"kind", kind_code(item.kind)},
                                {"suppliers_attend", item.suppliers_attend}});
  out["rooms"] = json::array();
  for (const auto& room : record.day.rooms)
    out["rooms"].push_back({{"key", room.key},
                            {"name", room.name},
                            {"seats", room.seats ? json(*room.seats) : json()},
                            {"digital", room.digital},
                            {"link", room.link}});
  out["panels"] = json::array();
  for (const auto& panel : record.day.panels) {
    json members = json::array();
    for (const auto& member : panel.members)
      members.push_back({{"name", member.name}, {"role", role_code(member.role)}});
    out["panels"].push_back({{"key", panel.key},
                             {"name", panel.name},
                             {"municipalities", panel.municipalities},
                             {"room", panel.room ? json(*panel.room) : json()},
                             {"members", members}});
  }
  out["registrations"] = json::array();
  for (const auto& r : record.registrations) {
    json attendees = json::array();
    for (const auto& a : r.attendees) attendees.push_back({{"name", a.name}, {"role", a.role}});
    out["registrations"].push_back({{"id", r.id},
                                    {"reference", r.reference},
                                    {"company", r.company},
                                    {"orgnr", r.orgnr},
                                    {"contact_name", r.contact_name},
                                    {"email", r.email},
                                    {"phone", r.phone},
                                    {"attendees", attendees},
                                    {"attends_plenary", r.attends_plenary},
                                    {"wants_meeting", r.wants_meeting},
                                    {"panels", r.panels},
                                    {"available_from", nullable_clock(r.available_from)},
                                    {"available_until", nullable_clock(r.available_until)},
                                    {"digital", r.digital},
                                    {"topics", r.topics}});
  }
  data::MinutesStore minutes(site.db);
  out["meetings"] = json::array();
  for (const auto& m : record.meetings) {
    json written;
    if (auto found = minutes.read_minutes(m.id); found && !found.value().empty())
      written = {{"presented", found.value().presented},
                 {"questions", found.value().questions},
                 {"follow_up", found.value().follow_up}};
    out["meetings"].push_back({{"id", m.id},
                               {"registration_id", m.registration_id},
                               {"reference", m.reference},
                               {"panel", m.panel},
                               {"n", m.n},
                               {"start", clock(m.start)},
                               {"end", clock(m.end)},
                               {"starts_at", m.starts_at},
                               {"ends_at", m.ends_at},
                               {"room", m.room ? json(*m.room) : json()},
                               {"status", m.status},
                               {"locked", m.locked},
                               {"minutes", written}});
  }
  out["questions"] = json::array();
  for (const auto& q : minutes.entries(e.id))
    out["questions"].push_back({{"id", q.id},
                                {"meeting_id", q.meeting_id ? json(*q.meeting_id) : json()},
                                {"question", q.question},
                                {"answer", q.answer},
                                {"shared_with_all", q.shared_with_all},
                                {"created_at", q.created_at},
                                {"shared_at", q.shared_at ? json(*q.shared_at) : json()}});
  return download(out.dump(2) + "\n", "application/json",
                  "dialogdag-" + e.slug + ".json");
}

// A meeting as a calendar entry for the buyers' side: supplier, panel, room, attendees, topics.
CalendarEvent meeting_entry(const EventRecord& record, const data::MeetingRow& m, Lang lang) {
  const data::Registration* r = record.registration(m.registration_id);
  const std::string company = r && !r->company.empty() ? r->company + " (" + m.reference + ")" : m.reference;
  CalendarEvent entry;
  entry.uid = "meeting-" + std::to_string(m.id) + "@dialogdag";
  entry.start = data::parse_instant(m.starts_at).value_or(data::Instant{});
  entry.end = data::parse_instant(m.ends_at).value_or(data::Instant{});
  entry.summary = t(lang, "staff.record.ics.meeting") + ": " + company + " – " + record.panel_name(m.panel);
  const core::EventRoom* room = record.room(m.room);
  entry.location = record.room_name(m.room, lang);
  if ((!room || !room->digital) && !record.event.address.empty())
    entry.location += ", " + record.event.address;
  if (room && room->digital) entry.url = room->link;
  entry.description = t(lang, "staff.record.col.reference") + ": " + m.reference;
  if (r) {
    const std::string people = attendees_text(*r);
    if (!people.empty()) entry.description += "\n" + t(lang, "staff.record.ics.attendees") + ": " + people;
    if (!r->topics.empty()) entry.description += "\n" + t(lang, "staff.record.col.topics") + ": " + r->topics;
  }
  return entry;
}

Response export_calendar(StaffSite& site, const EventRecord& record, const std::string& panel_key,
                         Lang lang) {
  const data::EventInfo& e = record.event;
  std::vector<CalendarEvent> entries;
  std::string name = e.title;
  std::string file = "dialogdag-" + e.slug;
  if (panel_key.empty()) {
    const std::string place = e.venue + (e.address.empty() ? "" : ", " + e.address);
    for (std::size_t i = 0; i < record.day.programme.size(); ++i) {
      const auto& item = record.day.programme[i];
      auto start = data::local_to_instant(e.day, item.start, e.time_zone);
      auto end = data::local_to_instant(e.day, item.end, e.time_zone);
      if (!start || !end) continue;
      entries.push_back({"programme-" + std::to_string(e.id) + "-" + std::to_string(i) + "@dialogdag",
                         start.value(), end.value(), item.title, place, item.speaker, "", 0});
    }
  } else {
    name += " – " + record.panel_name(panel_key);
    file += "-" + panel_key;
  }
  for (const auto& m : record.meetings)
    if (panel_key.empty() || m.panel == panel_key) entries.push_back(meeting_entry(record, m, lang));
  // Panel keys are free text of staff: keep the file name to safe characters.
  for (char& ch : file)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') ch = '-';
  return download(calendar_file(name, entries, site.db.now()), "text/calendar; charset=utf-8",
                  file + ".ics");
}

// ---- Form pieces ------------------------------------------------------------------------

struct FormError {
  std::string field;    // id of the control
  std::string message;  // in the user's language
};

std::string error_summary(const std::vector<FormError>& errors, Lang lang) {
  if (errors.empty()) return "";
  std::string html =
      "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\" "
      "aria-labelledby=\"error-summary-title\">\n<h2 id=\"error-summary-title\">" +
      h(t(lang, "staff.record.errors_title")) + "</h2>\n<ul>\n";
  for (const auto& error : errors)
    html += "<li><a href=\"#" + error.field + "\">" + h(error.message) + "</a></li>\n";
  return html + "</ul>\n</div>\n";
}

// A labelled control's error message and ARIA attributes.
struct FieldMarkup {
  std::string error_html;
  std::string attributes;
};

FieldMarkup markup_for(const std::string& id, const std::vector<FormError>& errors,
                       const std::string& hint_id) {
  FieldMarkup markup;
  std::string described = hint_id;
  for (const auto& error : errors) {
    if (error.field != id) continue;
    markup.error_html = "<span class=\"field-error\" id=\"" + id + "-error\">" + h(error.message) + "</span>\n";
    described += (described.empty() ? "" : " ") + id + "-error";
    markup.attributes = " aria-invalid=\"true\"";
    break;
  }
  if (!described.empty()) markup.attributes += " aria-describedby=\"" + described + "\"";
  return markup;
}

std::string textarea(const std::string& id, const std::string& label, const std::string& hint,
                     const std::string& value, const std::vector<FormError>& errors,
                     bool required = false) {
  const std::string hint_id = hint.empty() ? "" : id + "-hint";
  const FieldMarkup markup = markup_for(id, errors, hint_id);
  std::string html = "<label for=\"" + id + "\">" + h(label);
  if (!hint.empty()) html += " <span class=\"hint\" id=\"" + hint_id + "\">" + h(hint) + "</span>";
  html += "</label>\n" + markup.error_html + "<textarea id=\"" + id + "\" name=\"" + id + "\" rows=\"6\"" +
          markup.attributes + (required ? " required" : "") + ">" +
          h(value) + "</textarea>\n";
  return html;
}

std::string notice(const std::string& text) {
  return "<div class=\"notice ok\" role=\"status\"><p>" + h(text) + "</p></div>\n";
}

// Text with line breaks kept, escaped.
std::string with_breaks(const std::string& text) {
  std::string html;
  for (char c : text) {
    if (c == '\r') continue;
    if (c == '\n') html += "<br>\n";
    else html += h(std::string_view(&c, 1));
  }
  return html;
}

std::optional<std::int64_t> parse_id(const std::string& text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// ---- Minutes ----------------------------------------------------------------------------

// A meeting the user may work on, with its event's record.
struct MeetingContext {
  data::MeetingRow meeting;
  EventRecord record;
};

std::optional<MeetingContext> staff_meeting(StaffSite& site, const StaffContext& staff,
                                            const std::string& mid_text) {
  const auto mid = parse_id(mid_text);
  if (!mid) return std::nullopt;
  auto meeting = data::ScheduleStore(site.db).meeting_for_record(*mid);
  if (!meeting) return std::nullopt;
  auto event = staff_event(site, staff, std::to_string(meeting.value().event_id));
  if (!event) return std::nullopt;
  auto record = load_record(site, std::move(*event));
  if (!record) return std::nullopt;
  return MeetingContext{std::move(meeting).value(), std::move(*record)};
}

struct QaForm {
  std::string question, answer;
  bool share = false;
};

std::string minutes_path(std::int64_t mid) {
  return "/staff/meetings/" + std::to_string(mid) + "/minutes";
}

std::string people_list(const std::vector<std::pair<std::string, std::string>>& people, Lang lang) {
  if (people.empty()) return "<p>" + h(t(lang, "staff.record.minutes.none")) + "</p>\n";
  std::string html = "<ul>\n";
  for (const auto& [name, role] : people)
    html += "<li>" + h(name) + (role.empty() ? "" : " – " + h(role)) + "</li>\n";
  return html + "</ul>\n";
}

Response minutes_page(StaffSite& site, const Request& request, const StaffContext& staff,
                      const MeetingContext& context, const data::MeetingMinutes& minutes,
                      const QaForm& qa, const std::vector<FormError>& errors, http::status status,
                      const std::string& saved) {
  const Lang lang = staff.lang;
  const data::MeetingRow& m = context.meeting;
  const EventRecord& record = context.record;
  const data::Registration* r = record.registration(m.registration_id);
  const std::string company = r && !r->company.empty() ? r->company : m.reference;
  const std::string action = minutes_path(m.id) + "?" + lang_suffix(lang);
  const bool purged = record.event.purged;

  std::string html = "<p><a href=\"" + event_base(record.event) + "/record?" + lang_suffix(lang) + "\">" +
                     h(t(lang, "staff.record.back")) + "</a></p>\n";
  html += "<h1>" + h(t(lang, "staff.record.minutes.title")) + "</h1>\n<p class=\"muted\">" +
          h(record.event.title) + "</p>\n";
  html += error_summary(errors, lang);
  if (!saved.empty()) html += notice(saved);

  html += "<h2>" + h(t(lang, "staff.record.minutes.meeting")) + "</h2>\n<dl class=\"facts\">\n";
  html += "<dt>" + h(t(lang, "staff.record.col.date")) + "</dt><dd>" + h(long_date(record.event.day, lang)) + "</dd>\n";
  html += "<dt>" + h(t(lang, "staff.record.col.time")) + "</dt><dd>" + clock(m.start) + "–" + clock(m.end) + "</dd>\n";
  html += "<dt>" + h(t(lang, "staff.record.col.room")) + "</dt><dd>" + h(record.room_name(m.room, lang)) + "</dd>\n";
  html += "<dt>" + h(t(lang, "staff.record.col.supplier")) + "</dt><dd>" + h(company) +
          (company == m.reference ? "" : " (" + h(m.reference) + ")") + "</dd>\n";
  html += "<dt>" + h(t(lang, "staff.record.col.panel")) + "</dt><dd>" + h(record.panel_name(m.panel)) + "</dd>\n";
  html += "</dl>\n";

  std::vector<std::pair<std::string, std::string>> buyers, suppliers;
  for (const auto& panel : record.day.panels)
    if (panel.key == m.panel)
      for (const auto& member : panel.members)
        if (!member.name.empty())
          buyers.emplace_back(member.name, t(lang, std::string("staff.record.role.") + role_code(member.role)));
  if (r)
    for (const auto& a : r->attendees)
      if (!a.name.empty()) suppliers.emplace_back(a.name, a.role);
  html += "<h3>" + h(t(lang, "staff.record.minutes.buyers")) + "</h3>\n" + people_list(buyers, lang);
  html += "<h3>" + h(t(lang, "staff.record.minutes.suppliers_people")) + "</h3>\n" + people_list(suppliers, lang);
  html += "<h3>" + h(t(lang, "staff.record.minutes.topics")) + "</h3>\n<p>" +
          (r && !r->topics.empty() ? with_breaks(r->topics) : h(t(lang, "staff.record.minutes.none"))) + "</p>\n";

  html += "<h2>" + h(t(lang, "staff.record.minutes.form")) + "</h2>\n";
  const bool cancelled = m.status == "cancelled";
  if (purged) html += "<p>" + h(t(lang, "staff.record.minutes.purged")) + "</p>\n";
  else if (cancelled) html += "<p>" + h(t(lang, "staff.record.minutes.cancelled")) + "</p>\n";
  html += "<p class=\"hint\">" + h(t(lang, "staff.record.minutes.template_note")) + "</p>\n";
  if (purged || cancelled) {
    html += "<dl class=\"facts\">\n";
    for (const auto& [key, text] : {std::pair{"staff.record.minutes.presented", &minutes.presented},
                                    std::pair{"staff.record.minutes.questions", &minutes.questions},
                                    std::pair{"staff.record.minutes.follow_up", &minutes.follow_up}})
      html += "<dt>" + h(t(lang, key)) + "</dt><dd>" + with_breaks(*text) + "</dd>\n";
    html += "</dl>\n";
  } else {
    html += "<form method=\"post\" action=\"" + h(action) + "\" novalidate>\n" + csrf_field(staff) +
            "<input type=\"hidden\" name=\"part\" value=\"minutes\">\n";
    html += textarea("presented", t(lang, "staff.record.minutes.presented"), "", minutes.presented, errors);
    html += textarea("questions", t(lang, "staff.record.minutes.questions"),
                     t(lang, "staff.record.minutes.questions_hint"), minutes.questions, errors);
    html += textarea("follow_up", t(lang, "staff.record.minutes.follow_up"), "", minutes.follow_up, errors);
    html += "<p><button type=\"submit\">" + h(t(lang, "staff.record.minutes.save")) + "</button></p>\n</form>\n";
  }

  // The event's question-and-answer log.
  html += "<h2 id=\"qa\">" + h(t(lang, "staff.record.qa.title")) + "</h2>\n<p>" +
          h(t(lang, "staff.record.qa.intro")) + "</p>\n";
  const auto entries = data::MinutesStore(site.db).entries(record.event.id);
  if (entries.empty()) {
    html += "<p>" + h(t(lang, "staff.record.qa.none")) + "</p>\n";
  } else {
    html += "<table class=\"qa-log\">\n<caption>" + h(t(lang, "staff.record.qa.caption")) +
            "</caption>\n<thead><tr><th scope=\"col\">" + h(t(lang, "staff.record.qa.question")) +
            "</th><th scope=\"col\">" + h(t(lang, "staff.record.qa.answer")) + "</th><th scope=\"col\">" +
            h(t(lang, "staff.record.qa.shared")) + "</th></tr></thead>\n<tbody>\n";
    for (const auto& entry : entries) {
      const std::string question_id = "qa-entry-" + std::to_string(entry.id);
      html += "<tr><td><span id=\"" + question_id + "\">" + with_breaks(entry.question) + "</span>";
      if (entry.meeting_id == m.id) html += " <span class=\"muted\">" + h(t(lang, "staff.record.qa.this_meeting")) + "</span>";
      html += "</td><td>" + with_breaks(entry.answer) + "</td><td>";
      if (entry.shared_with_all) {
        html += "<span class=\"status\">" + h(t(lang, "staff.record.qa.shared")) + "</span>";
      } else {
        html += h(t(lang, "staff.record.qa.not_shared"));
        if (!purged)
          html += "<form method=\"post\" action=\"" + h(action) + "\">" + csrf_field(staff) +
                  "<input type=\"hidden\" name=\"part\" value=\"share\"><input type=\"hidden\" "
                  "name=\"entry\" value=\"" + std::to_string(entry.id) + "\"><button type=\"submit\" "
                  "class=\"secondary\" aria-describedby=\"" + question_id + "\">" + h(t(lang, "staff.record.qa.share_button")) +
                  "</button></form>";
      }
      html += "</td></tr>\n";
    }
    html += "</tbody>\n</table>\n";
  }
  if (!purged) {
    html += "<h3>" + h(t(lang, "staff.record.qa.add")) + "</h3>\n<form method=\"post\" action=\"" + h(action) +
            "\" novalidate>\n" + csrf_field(staff) + "<input type=\"hidden\" name=\"part\" value=\"qa\">\n";
    html += textarea("qa-question", t(lang, "staff.record.qa.question"), t(lang, "staff.record.qa.question_hint"),
                     qa.question, errors, true);
    html += textarea("qa-answer", t(lang, "staff.record.qa.answer"), "", qa.answer, errors, true);
    html += "<label class=\"choice\"><input type=\"checkbox\" id=\"qa-share\" name=\"qa-share\" "
            "value=\"yes\"" + std::string(qa.share ? " checked" : "") + "> " + h(t(lang, "staff.record.qa.share")) +
            "</label>\n<p><button type=\"submit\">" + h(t(lang, "staff.record.qa.submit")) + "</button></p>\n</form>\n";
  }
  return staff_page(status, staff, t(lang, "staff.record.minutes.title") + " – " + company, request, html);
}

Response minutes_get(StaffSite& site, const Request& request, const StaffContext& staff,
                     const MeetingContext& context) {
  const Lang lang = staff.lang;
  auto stored = data::MinutesStore(site.db).read_minutes(context.meeting.id);
  const std::string saved_key = staff.query.value("saved");
  std::string saved;
  if (saved_key == "minutes") saved = t(lang, "staff.record.minutes.saved");
  else if (saved_key == "qa") saved = t(lang, "staff.record.qa.added");
  else if (saved_key == "qa-shared") saved = t(lang, "staff.record.qa.added_shared");
  else if (saved_key == "shared") saved = t(lang, "staff.record.qa.now_shared");
  return minutes_page(site, request, staff, context, stored ? stored.value() : data::MeetingMinutes{}, {}, {},
                      http::status::ok, saved);
}

Response minutes_post(StaffSite& site, const Request& request, const StaffContext& staff,
                      const MeetingContext& context) {
  const Lang lang = staff.lang;
  const std::int64_t mid = context.meeting.id;
  const std::string back = minutes_path(mid) + "?" + lang_suffix(lang) + "&saved=";
  data::MinutesStore store(site.db);
  auto stored_minutes = [&] {
    auto stored = store.read_minutes(mid);
    return stored ? stored.value() : data::MeetingMinutes{};
  };
  if (context.record.event.purged || context.meeting.status == "cancelled")
    return minutes_page(site, request, staff, context, stored_minutes(), {}, {}, http::status::conflict, "");
  const std::string part = staff.form.value("part");

  if (part == "minutes") {
    const data::MeetingMinutes minutes{staff.form.value("presented"), staff.form.value("questions"),
                                       staff.form.value("follow_up")};
    std::vector<FormError> errors;
    for (const auto& [id, text] : {std::pair{"presented", &minutes.presented},
                                   std::pair{"questions", &minutes.questions},
                                   std::pair{"follow_up", &minutes.follow_up}})
      if (text->size() > kMaxTextLength) errors.push_back({id, t(lang, "staff.record.minutes.too_long")});
    if (!errors.empty())
      return minutes_page(site, request, staff, context, minutes, {}, errors,
                          http::status::unprocessable_entity, "");
    auto written = store.write_minutes(mid, minutes, staff.user.id, staff.actor());
    if (!written) return staff_not_found(request, staff);
    return staff_redirect(back + "minutes");
  }

  if (part == "qa") {
    const QaForm qa{staff.form.value("qa-question"), staff.form.value("qa-answer"),
                    staff.form.value("qa-share") == "yes"};
    auto blank = [](const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; };
    std::vector<FormError> errors;
    if (blank(qa.question)) errors.push_back({"qa-question", t(lang, "staff.record.qa.question_missing")});
    else if (qa.question.size() > kMaxTextLength) errors.push_back({"qa-question", t(lang, "staff.record.qa.too_long")});
    if (blank(qa.answer)) errors.push_back({"qa-answer", t(lang, "staff.record.qa.answer_missing")});
    else if (qa.answer.size() > kMaxTextLength) errors.push_back({"qa-answer", t(lang, "staff.record.qa.too_long")});
    if (!errors.empty())
      return minutes_page(site, request, staff, context, stored_minutes(), qa, errors,
                          http::status::unprocessable_entity, "");
    auto added = store.add_question(context.record.event.id, mid, qa.question, qa.answer, staff.user.id,
                                    staff.actor());
    if (!added) return staff_not_found(request, staff);
    if (qa.share && !store.share_with_all(added.value(), staff.actor())) return staff_not_found(request, staff);
    return staff_redirect(back + (qa.share ? "qa-shared" : "qa"));
  }

  if (part == "share") {
    const auto entry = parse_id(staff.form.value("entry"));
    const auto entries = store.entries(context.record.event.id);
    const bool of_this_event = entry && std::any_of(entries.begin(), entries.end(),
                                                    [&](const data::QaEntry& e) { return e.id == *entry; });
    if (!of_this_event) return staff_not_found(request, staff);
    if (!store.share_with_all(*entry, staff.actor())) return staff_not_found(request, staff);
    return staff_redirect(back + "shared");
  }

  return staff_page(http::status::bad_request, staff, t(lang, "staff.bad_form.title"), request,
                    "<h1>" + h(t(lang, "staff.bad_form.title")) + "</h1>\n");
}

// ---- The audit log ------------------------------------------------------------------------

// "YYYY-MM-DD HH:MM:SS" in the event's zone; the stored text when it cannot be read.
std::string local_stamp(const std::string& at, const std::string& zone) {
  const auto instant = data::parse_instant(at);
  if (!instant) return at;
  auto local = data::instant_to_local(*instant, zone);
  if (!local) return at;
  const auto seconds = ((instant->time_since_epoch().count() % 60) + 60) % 60;
  std::string text = local.value().day + " " + core::format_clock(local.value().minutes) + ":";
  if (seconds < 10) text += '0';
  return text + std::to_string(seconds);
}

// The actor of an entry in words: a staff user's name, a supplier's reference (and company,
// while the event's personal data is kept), the command line, the system.
class ActorNames {
 public:
  ActorNames(StaffSite& site, const EventRecord& record, Lang lang) : site_(site), record_(record), lang_(lang) {}

  std::string operator()(const std::string& actor) {
    if (const auto found = cache_.find(actor); found != cache_.end()) return found->second;
    return cache_[actor] = resolve(actor);
  }

 private:
  std::string resolve(const std::string& actor) {
    const auto colon = actor.find(':');
    const std::string kind = actor.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : actor.substr(colon + 1);
    if (kind == "user") {
      if (const auto id = parse_id(rest))
        if (auto user = data::UserStore(site_.db).get(*id)) return user.value().name;
      return t(lang_, "staff.record.actor.user") + " " + rest;
    }
    if (kind == "supplier") {
      std::string text = t(lang_, "staff.record.actor.supplier") + " " + rest;
      for (const auto& r : record_.registrations)
        if (r.reference == rest && !r.company.empty()) text += " (" + r.company + ")";
      return text;
    }
    if (actor == "cli") return t(lang_, "staff.record.actor.cli");
    if (actor == "system") return t(lang_, "staff.record.actor.system");
    return actor;
  }

  StaffSite& site_;
  const EventRecord& record_;
  Lang lang_;
  std::map<std::string, std::string> cache_;
};

std::string action_text(Lang lang, const std::string& action) {
  const std::string key = "staff.record.action." + action;
  const std::string text = t(lang, key);
  return text == key ? action : text;
}

Response audit_log(StaffSite& site, const Request& request, const StaffContext& staff,
                   const EventRecord& record) {
  const Lang lang = staff.lang;
  auto entries = data::AuditLog(site.db).entries(record.event.id);
  const bool newest_first = staff.query.value("order") != "oldest";
  if (newest_first) std::reverse(entries.begin(), entries.end());
  ActorNames who(site, record, lang);
  const std::string& zone = record.event.time_zone;

  if (staff.query.value("format") == "csv") {
    std::string body(kUtf8Bom);
    body += csv_row({t(lang, "staff.record.audit.when"), t(lang, "staff.record.audit.when_utc"),
                     t(lang, "staff.record.audit.who"), t(lang, "staff.record.audit.what"),
                     t(lang, "staff.record.audit.code"), t(lang, "staff.record.audit.detail"),
                     t(lang, "staff.record.audit.before"), t(lang, "staff.record.audit.after")});
    for (const auto& entry : entries)
      body += csv_row({local_stamp(entry.at, zone), entry.at, who(entry.actor), action_text(lang, entry.action),
                       entry.action, entry.detail, entry.before, entry.after});
    return download(std::move(body), "text/csv; charset=utf-8; header=present",
                    "dialogdag-" + record.event.slug + "-logg.csv");
  }

  const std::string base = event_base(record.event);
  std::string html = "<p><a href=\"" + base + "/record?" + lang_suffix(lang) + "\">" +
                     h(t(lang, "staff.record.back")) + "</a></p>\n<h1>" + h(t(lang, "staff.record.audit.title")) +
                     "</h1>\n<p class=\"muted\">" + h(record.event.title) + "</p>\n<p>" +
                     h(t(lang, "staff.record.audit.intro")) + "</p>\n";
  html += "<form method=\"get\" action=\"" + base + "/audit\" class=\"inline\">\n<input type=\"hidden\" "
          "name=\"lang\" value=\"" + std::string(code(lang)) + "\">\n<label for=\"order\">" +
          h(t(lang, "staff.record.audit.order")) + "</label>\n<select id=\"order\" name=\"order\">\n"
          "<option value=\"newest\"" + std::string(newest_first ? " selected" : "") + ">" +
          h(t(lang, "staff.record.audit.newest")) + "</option>\n<option value=\"oldest\"" +
          std::string(newest_first ? "" : " selected") + ">" + h(t(lang, "staff.record.audit.oldest")) +
          "</option>\n</select>\n<button type=\"submit\" class=\"secondary\">" + h(t(lang, "staff.record.audit.show")) +
          "</button>\n</form>\n";
  html += "<p><a href=\"" + base + "/audit?format=csv&amp;order=" + (newest_first ? "newest" : "oldest") + "&amp;" +
          lang_suffix(lang) + "\">" + h(t(lang, "staff.record.audit.csv")) + "</a></p>\n";
  if (entries.empty()) {
    html += "<p>" + h(t(lang, "staff.record.audit.none")) + "</p>\n";
  } else {
    html += "<table class=\"audit\">\n<caption>" + h(t(lang, "staff.record.audit.caption")) + " (" +
            h(t(lang, newest_first ? "staff.record.audit.newest" : "staff.record.audit.oldest")) + "; " +
            h(t(lang, "staff.record.audit.local_time")) + ", " + h(zone) + ")</caption>\n<thead><tr><th scope=\"col\">" +
            h(t(lang, "staff.record.audit.when")) + "</th><th scope=\"col\">" + h(t(lang, "staff.record.audit.who")) +
            "</th><th scope=\"col\">" + h(t(lang, "staff.record.audit.what")) + "</th><th scope=\"col\">" +
            h(t(lang, "staff.record.audit.detail")) + "</th><th scope=\"col\">" +
            h(t(lang, "staff.record.audit.before")) + "</th><th scope=\"col\">" +
            h(t(lang, "staff.record.audit.after")) + "</th></tr></thead>\n<tbody>\n";
    for (const auto& entry : entries)
      html += "<tr><td class=\"when\"><time datetime=\"" + h(entry.at) + "\">" + h(local_stamp(entry.at, zone)) +
              "</time></td><td>" + h(who(entry.actor)) + "</td><td>" + h(action_text(lang, entry.action)) +
              "</td><td>" + h(entry.detail) + "</td><td>" + h(entry.before) + "</td><td>" + h(entry.after) +
              "</td></tr>\n";
    html += "</tbody>\n</table>\n";
  }
  return staff_page(http::status::ok, staff, t(lang, "staff.record.audit.title"), request, html, true);
}

// ---- Purge --------------------------------------------------------------------------------

std::string bullet_list(const std::string& items) {
  std::string html = "<ul>\n";
  std::size_t start = 0;
  while (true) {
    const std::size_t bar = items.find('|', start);
    html += "<li>" + h(items.substr(start, bar == std::string::npos ? std::string::npos : bar - start)) + "</li>\n";
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return html + "</ul>\n";
}

Response purge_page(StaffSite& site, const Request& request, const StaffContext& staff,
                    const data::EventInfo& event, const std::string& typed, bool wrong, http::status status) {
  const Lang lang = staff.lang;
  const std::string base = event_base(event);
  std::vector<FormError> errors;
  if (wrong) errors.push_back({"confirm", t(lang, "staff.record.purge.wrong") + " " + event.slug});
  std::string html = "<p><a href=\"" + base + "/record?" + lang_suffix(lang) + "\">" + h(t(lang, "staff.record.back")) +
                     "</a></p>\n<h1>" + h(t(lang, "staff.record.purge.title")) + "</h1>\n<p class=\"muted\">" +
                     h(event.title) + "</p>\n";
  html += error_summary(errors, lang);
  if (event.purged) html += notice(t(lang, "staff.record.purge.already"));
  html += "<p>" + h(t(lang, "staff.record.purge.intro")) + "</p>\n<dl class=\"facts\">\n<dt>" +
          h(t(lang, "staff.record.purge.retention")) + "</dt><dd>" + h(long_date(event.retention_until, lang)) +
          "</dd>\n</dl>\n";
  const bool retention_passed = data::day_of(site.db.now()) > event.retention_until;
  html += "<p>" + h(t(lang, retention_passed ? "staff.record.purge.retention_passed"
                                            : "staff.record.purge.retention_not_passed")) + "</p>\n";
  html += "<h2>" + h(t(lang, "staff.record.purge.deleted")) + "</h2>\n" + bullet_list(t(lang, "staff.record.purge.deleted_items"));
  html += "<h2>" + h(t(lang, "staff.record.purge.kept")) + "</h2>\n" + bullet_list(t(lang, "staff.record.purge.kept_items"));
  const FieldMarkup markup = markup_for("confirm", errors, "");
  html += "<form method=\"post\" action=\"" + base + "/purge?" + lang_suffix(lang) + "\" novalidate>\n" + csrf_field(staff) +
          "<label for=\"confirm\">" + h(t(lang, "staff.record.purge.confirm_label")) + " <strong>" + h(event.slug) +
          "</strong></label>\n" + markup.error_html + "<input type=\"text\" id=\"confirm\" name=\"confirm\" "
          "autocomplete=\"off\" spellcheck=\"false\" required value=\"" + h(typed) + "\"" + markup.attributes + ">\n" +
          "<p><button type=\"submit\" class=\"danger\">" + h(t(lang, "staff.record.purge.submit")) + "</button></p>\n</form>\n";
  return staff_page(status, staff, t(lang, "staff.record.purge.title"), request, html);
}

Response purge_post(StaffSite& site, const Request& request, const StaffContext& staff,
                    const data::EventInfo& event) {
  const Lang lang = staff.lang;
  const std::string typed = staff.form.value("confirm");
  if (typed != event.slug)
    return purge_page(site, request, staff, event, typed, true, http::status::unprocessable_entity);
  auto report = data::purge_event(site.db, event.slug, staff.actor());
  if (!report) return staff_not_found(request, staff);
  const auto& counts = report.value();
  std::string html = "<h1>" + h(t(lang, "staff.record.purge.title")) + "</h1>\n<p class=\"muted\">" + h(event.title) +
                     "</p>\n" + notice(t(lang, "staff.record.purge.done")) + "<p>" +
                     h(t(lang, "staff.record.purge.done_counts")) + " " + std::to_string(counts.registrations) + ", " +
                     std::to_string(counts.attendees) + ", " + std::to_string(counts.meetings) + ".</p>\n";
  if (!counts.wal_truncated) html += "<p>" + h(t(lang, "staff.record.purge.wal")) + "</p>\n";
  html += "<p><a href=\"" + event_base(event) + "/record?" + lang_suffix(lang) + "\">" + h(t(lang, "staff.record.back")) +
          "</a></p>\n";
  return staff_page(http::status::ok, staff, t(lang, "staff.record.purge.title"), request, html);
}

// ---- The overview -------------------------------------------------------------------------

// A table of meetings with a link to each one's minutes and whether they are written.
// A cancelled supplier's meeting shows its company too (the record keeps it until the purge).
std::string meetings_table(StaffSite& site, const EventRecord& record,
                           const std::vector<data::MeetingRow>& meetings, const std::string& caption,
                           Lang lang) {
  data::MinutesStore minutes(site.db);
  data::RegistrationStore registrations(site.db);
  std::string html = "<table>\n<caption>" + h(caption) + "</caption>\n<thead><tr><th scope=\"col\">" +
                     h(t(lang, "staff.record.col.time")) + "</th><th scope=\"col\">" +
                     h(t(lang, "staff.record.col.supplier")) + "</th><th scope=\"col\">" +
                     h(t(lang, "staff.record.col.panel")) + "</th><th scope=\"col\">" +
                     h(t(lang, "staff.record.col.room")) + "</th><th scope=\"col\">" +
                     h(t(lang, "staff.record.col.minutes")) + "</th></tr></thead>\n<tbody>\n";
  for (const auto& m : meetings) {
    std::string supplier = m.reference;
    if (const data::Registration* active = record.registration(m.registration_id)) {
      if (!active->company.empty()) supplier = active->company;
    } else if (auto any = registrations.get(m.registration_id); any && !any.value().company.empty()) {
      supplier = any.value().company;
    }
    auto written = minutes.read_minutes(m.id);
    const bool has_minutes = written && !written.value().empty();
    html += "<tr><td>" + clock(m.start) + "–" + clock(m.end) + "</td><th scope=\"row\">" + h(supplier) +
            "</th><td>" + h(record.panel_name(m.panel)) + "</td><td>" + h(record.room_name(m.room, lang)) +
            "</td><td><a href=\"" + minutes_path(m.id) + "?" + lang_suffix(lang) + "\" aria-label=\"" +
            h(t(lang, "staff.record.open_minutes_for")) + " " + h(supplier) + "\">" +
            h(t(lang, "staff.record.open_minutes")) + "</a> (" +
            h(t(lang, has_minutes ? "staff.record.minutes_written" : "staff.record.minutes_missing")) +
            ")</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

Response record_overview(StaffSite& site, const Request& request, const StaffContext& staff,
                         const EventRecord& record) {
  const Lang lang = staff.lang;
  const std::string base = event_base(record.event);
  std::string html = "<p><a href=\"" + base + "?" + lang_suffix(lang) + "\">" + h(t(lang, "staff.record.to_event")) +
                     "</a></p>\n<h1>" + h(t(lang, "staff.record.title")) + "</h1>\n<p class=\"muted\">" +
                     h(record.event.title) + "</p>\n<p>" + h(t(lang, "staff.record.intro")) + "</p>\n";
  html += "<h2>" + h(t(lang, "staff.record.exports")) + "</h2>\n<ul class=\"record-links\">\n";
  html += "<li><a href=\"" + base + "/export.csv?" + lang_suffix(lang) + "\" download>" + h(t(lang, "staff.record.export_csv")) + "</a></li>\n";
  html += "<li><a href=\"" + base + "/export.json\" download>" + h(t(lang, "staff.record.export_json")) + "</a></li>\n";
  html += "<li><a href=\"" + base + "/calendar.ics?" + lang_suffix(lang) + "\" download>" + h(t(lang, "staff.record.export_ics")) + "</a></li>\n";
  for (const auto& panel : record.day.panels)
    html += "<li><a href=\"" + base + "/calendar.ics?panel=" + h(url_encode(panel.key)) + "&amp;" + lang_suffix(lang) +
            "\" download>" + h(t(lang, "staff.record.export_ics_panel")) + " «" + h(panel.name) + "»</a></li>\n";
  html += "</ul>\n<h2>" + h(t(lang, "staff.record.log_and_privacy")) + "</h2>\n<ul class=\"record-links\">\n";
  html += "<li><a href=\"" + base + "/audit?" + lang_suffix(lang) + "\">" + h(t(lang, "staff.record.audit_link")) + "</a></li>\n";
  html += "<li><a href=\"" + base + "/purge?" + lang_suffix(lang) + "\">" + h(t(lang, "staff.record.purge_link")) + "</a></li>\n";
  html += "</ul>\n";

  html += "<h2>" + h(t(lang, "staff.record.meetings")) + "</h2>\n";
  if (record.meetings.empty())
    html += "<p>" + h(t(lang, "staff.record.no_meetings")) + "</p>\n";
  else
    html += meetings_table(site, record, record.meetings, t(lang, "staff.record.meetings"), lang);
  const auto cancelled = data::ScheduleStore(site.db).cancelled_with_minutes(record.event.id);
  if (!cancelled.empty()) {
    html += "<h2>" + h(t(lang, "staff.record.cancelled_meetings")) + "</h2>\n<p>" +
            h(t(lang, "staff.record.cancelled_meetings_intro")) + "</p>\n";
    html += meetings_table(site, record, cancelled, t(lang, "staff.record.cancelled_meetings"), lang);
  }
  return staff_page(http::status::ok, staff, t(lang, "staff.record.title"), request, html, true);
}

// A route on an event of the user's organisation with its record loaded; 404 otherwise.
using RecordRoute = std::function<Response(const Request&, const StaffContext&, const EventRecord&)>;

StaffRoute on_record(StaffSite& site, RecordRoute route) {
  return on_staff_event(site, [&site, route = std::move(route)](const Request& request, const PathParams&,
                                                               const StaffContext& staff,
                                                               const data::EventInfo& event) {
    auto record = load_record(site, event);
    if (!record) return staff_not_found(request, staff);
    return route(request, staff, *record);
  });
}

}  // namespace

std::span<const CatalogEntry> staff_record_catalog() { return kRecord; }

void add_staff_record_routes(Router& router, StaffSite& site) {
  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/record",
                  on_record(site, [&site](const Request& request, const StaffContext& staff, const EventRecord& record) {
                    return record_overview(site, request, staff, record);
                  }));

  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/export.csv",
                  on_record(site, [](const Request&, const StaffContext& staff, const EventRecord& record) {
                    return export_csv(record, staff.lang);
                  }),
                  StaffReply::kData);

  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/export.json",
                  on_record(site, [&site](const Request&, const StaffContext&, const EventRecord& record) {
                    return export_json(site, record);
                  }),
                  StaffReply::kData);

  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/calendar.ics",
                  on_record(site, [&site](const Request& request, const StaffContext& staff, const EventRecord& record) {
                    const std::string panel = staff.query.value("panel");
                    const bool known = panel.empty() ||
                                       std::any_of(record.day.panels.begin(), record.day.panels.end(),
                                                   [&](const core::Panel& p) { return p.key == panel; });
                    if (!known) return staff_not_found(request, staff);
                    return export_calendar(site, record, panel, staff.lang);
                  }),
                  StaffReply::kData);

  // The audit log is a page, and with ?format=csv a download (401 without a session): one
  // guarded route of each kind behind the same path.
  auto audit_route = on_record(site, [&site](const Request& request, const StaffContext& staff, const EventRecord& record) {
    return audit_log(site, request, staff, record);
  });
  auto audit_page = std::make_shared<Router>();
  auto audit_csv = std::make_shared<Router>();
  add_staff_route(*audit_page, site, http::verb::get, "/staff/events/{id}/audit", audit_route);
  add_staff_route(*audit_csv, site, http::verb::get, "/staff/events/{id}/audit", audit_route, StaffReply::kData);
  router.add(http::verb::get, "/staff/events/{id}/audit", [audit_page, audit_csv](const Request& request, const PathParams&) {
    const std::string_view target = request.target();
    const auto q = target.find('?');
    auto query = parse_form(q == std::string_view::npos ? std::string_view() : target.substr(q + 1));
    const bool csv = query && query.value().value("format") == "csv";
    return (csv ? audit_csv : audit_page)->handle(request);
  });

  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/purge",
                  on_record(site, [&site](const Request& request, const StaffContext& staff, const EventRecord& record) {
                    return purge_page(site, request, staff, record.event, "", false, http::status::ok);
                  }));
  add_staff_route(router, site, http::verb::post, "/staff/events/{id}/purge",
                  on_staff_event(site, [&site](const Request& request, const PathParams&,
                                               const StaffContext& staff, const data::EventInfo& event) {
                    return purge_post(site, request, staff, event);
                  }));

  add_staff_route(router, site, http::verb::get, "/staff/meetings/{mid}/minutes",
                  [&site](const Request& request, const PathParams& params, const StaffContext& staff) {
                    auto context = staff_meeting(site, staff, params.at("mid"));
                    if (!context) return staff_not_found(request, staff);
                    return minutes_get(site, request, staff, *context);
                  });
  add_staff_route(router, site, http::verb::post, "/staff/meetings/{mid}/minutes",
                  [&site](const Request& request, const PathParams& params, const StaffContext& staff) {
                    auto context = staff_meeting(site, staff, params.at("mid"));
                    if (!context) return staff_not_found(request, staff);
                    return minutes_post(site, request, staff, *context);
                  });
}

}  // namespace dialogdag::web
