// Staff console, scheduling: the event's dashboard (registrations, demand against capacity,
// warnings, the latest run), running the scheduler, the proposal as a timetable grid with
// lock/unlock/move per meeting, unplaced requests, changes since the published schedule,
// fairness figures, publishing, and the event as instance.json / schedule.json.
//
// Re-runs and instant bookings: a booking a supplier made in instant mode (status 'booked') is
// their own choice, so a re-run keeps it where it is exactly like a locked meeting (see
// data/schedule_store.h); staff may still move it by hand, and the supplier sees that at once.
// A re-run starts from the current meetings (`previous`), so it moves as little as it can.
#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "data/registration_store.h"
#include "data/schedule_store.h"
#include "scheduler/json_io.h"
#include "scheduler/solver.h"
#include "scheduler/validation.h"
#include "web/i18n_catalog.h"
#include "web/layout.h"
#include "web/staff.h"

namespace dialogdag::web {
namespace {

constexpr CatalogEntry kSchedule[] = {
    {"staff.schedule.dashboard", "Oversikt", "Overview"},
    {"staff.schedule.status", "Status", "Status"},
    {"staff.schedule.settings", "Innstillinger", "Settings"},
    {"staff.schedule.settings.event", "Konferansen", "The conference"},
    {"staff.schedule.settings.programme", "Program", "Programme"},
    {"staff.schedule.settings.windows", "Tidsrom for én-til-én-møter", "One-to-one windows"},
    {"staff.schedule.settings.panels", "Paneler", "Panels"},
    {"staff.schedule.settings.rooms", "Rom", "Rooms"},
    {"staff.schedule.facts", "Nøkkeltall", "Key facts"},
    {"staff.schedule.day", "Dato", "Date"},
    {"staff.schedule.venue", "Sted", "Venue"},
    {"staff.schedule.booking_mode", "Påmeldingsform", "Booking mode"},
    {"staff.schedule.mode.request", "Ønsker, fordelt av planleggeren",
     "Requests, placed by the scheduler"},
    {"staff.schedule.mode.instant", "Leverandøren velger tid selv",
     "Suppliers book a time themselves"},
    {"staff.schedule.meeting_length", "Møtelengde", "Meeting length"},
    {"staff.schedule.minutes_changeover", "min, med {n} min skifte",
     "min, with {n} min changeover"},
    {"staff.schedule.slots", "Møtetider", "Meeting times"},
    {"staff.schedule.rooms_panels", "Rom og paneler", "Rooms and panels"},
    {"staff.schedule.n_rooms_panels", "{rooms} rom, {panels} paneler",
     "{rooms} rooms, {panels} panels"},
    {"staff.schedule.registrations", "Påmeldinger", "Registrations"},
    {"staff.schedule.n_registrations", "{n} aktive påmeldinger", "{n} active registrations"},
    {"staff.schedule.no_registrations", "Ingen påmeldinger ennå.", "No registrations yet."},
    {"staff.schedule.company", "Firma", "Company"},
    {"staff.schedule.reference", "Referanse", "Reference"},
    {"staff.schedule.people", "Personer", "People"},
    {"staff.schedule.panels_asked", "Ønsket panel", "Panels asked for"},
    {"staff.schedule.availability", "Tilgjengelig", "Available"},
    {"staff.schedule.all_day", "Hele dagen", "All day"},
    {"staff.schedule.not_at", "ikke", "not"},
    {"staff.schedule.preferred", "Foretrukne tider", "Preferred times"},
    {"staff.schedule.digital", "Digitalt", "Digital"},
    {"staff.schedule.topics", "Tema", "Topics"},
    {"staff.schedule.yes", "Ja", "Yes"},
    {"staff.schedule.no", "Nei", "No"},
    {"staff.schedule.no_meeting", "Ønsker ikke møte", "No meeting wanted"},
    {"staff.schedule.demand", "Etterspørsel og kapasitet", "Demand and capacity"},
    {"staff.schedule.demand_caption", "Møter ønsket og møtetider per panel",
     "Meetings asked for and meeting times per panel"},
    {"staff.schedule.panel", "Panel", "Panel"},
    {"staff.schedule.asked", "Ønskede møter", "Meetings asked for"},
    {"staff.schedule.capacity", "Møtetider", "Meeting times"},
    {"staff.schedule.placed_now", "Plassert nå", "Placed now"},
    {"staff.schedule.fits", "Plass til alle", "Room for everyone"},
    {"staff.schedule.overbooked", "For mange ønsker: {n} får ikke møte",
     "Too many requests: {n} cannot meet"},
    {"staff.schedule.warnings", "Advarsler", "Warnings"},
    {"staff.schedule.no_warnings", "Ingen advarsler.", "No warnings."},
    {"staff.schedule.day_problem",
     "Dagen kan ikke planlegges ennå:", "The day cannot be scheduled yet:"},
    {"staff.schedule.latest_run", "Siste kjøring", "Latest run"},
    {"staff.schedule.no_run", "Planleggeren er ikke kjørt ennå.", "The scheduler has not run yet."},
    {"staff.schedule.run_summary",
     "Kjøring {n}, {at}: {status}, {placed} plassert, {unplaced} ikke plassert (frø {seed}).",
     "Run {n}, {at}: {status}, {placed} placed, {unplaced} not placed (seed {seed})."},
    {"staff.schedule.run.optimal", "beste mulige plan", "best possible schedule"},
    {"staff.schedule.run.feasible", "gyldig plan, men ikke bevist best mulig innen tidsgrensen",
     "valid schedule, but not proven the best possible within the time limit"},
    {"staff.schedule.run.infeasible", "ingen plan mulig", "no schedule possible"},
    {"staff.schedule.run.unknown", "ingen plan funnet i tide", "no schedule found in time"},
    {"staff.schedule.verdict.fairness_out_of_reach",
     "{who} får minst {breaks} pause(r) uansett: de låste møtene gir et hull som ingen av de "
     "andre møtene kan fylle, mens andre ikke har noen pause. Regelen om rettferdige pauser "
     "(høyst {spread} i forskjell) kan derfor ikke holdes. Lås opp eller flytt møtene, eller øk "
     "grensen i innstillingene. Møtene er som før.",
     "{who} has at least {breaks} break(s) whatever happens: the locked meetings leave a gap none "
     "of the other meetings can fill, while others have no break. So the fair-breaks rule (a "
     "difference of at most {spread}) cannot hold. Unlock or move the meetings, or raise the "
     "limit in the settings. The meetings are as they were."},
    {"staff.schedule.verdict.fairness_impossible",
     "Ingen plan med alle låste møter holder regelen om rettferdige pauser (høyst {spread} i "
     "forskjell). Øk grensen i innstillingene, eller lås opp møter. Møtene er som før.",
     "No schedule with every locked meeting keeps the fair-breaks rule (a difference of at most "
     "{spread}). Raise the limit in the settings, or unlock meetings. The meetings are as they "
     "were."},
    {"staff.schedule.verdict.fairness_not_found",
     "Planleggeren fant ingen plan som holder regelen om rettferdige pauser (høyst {spread} i "
     "forskjell) innen tidsgrensen. Øk grensen i innstillingene, eller lås opp møter. Møtene er "
     "som før.",
     "The scheduler found no schedule that keeps the fair-breaks rule (a difference of at most "
     "{spread}) within the time limit. Raise the limit in the settings, or unlock meetings. The "
     "meetings are as they were."},
    {"staff.schedule.verdict.no_schedule",
     "De låste møtene kan ikke holdes alle sammen: ingen plan har plass til dem samtidig (for "
     "eksempel to låste møter med et felles panelmedlem på samme tid). Flytt eller lås opp et av "
     "dem. Møtene er som før.",
     "The locked meetings cannot all be held: no schedule has room for all of them (for example "
     "two locked meetings with a shared panel member at the same time). Move or unlock one of "
     "them. The meetings are as they were."},
    {"staff.schedule.verdict.other",
     "Planleggeren fant ingen plan; forklaringen står under. Møtene er som før.",
     "The scheduler found no schedule; the explanation is below. The meetings are as they were."},
    {"staff.schedule.run_button", "Kjør planleggeren", "Run the scheduler"},
    {"staff.schedule.run_hint",
     "Låste møter og møter leverandørene har booket selv, blir stående. Andre møter flyttes så "
     "lite som mulig. Planleggeren stopper når planen er bevist best mulig, og senest etter 10 "
     "sekunder.",
     "Locked meetings and meetings suppliers booked themselves stay. Other meetings move as little "
     "as possible. The scheduler stops when the schedule is proven the best possible, at the "
     "latest after 10 seconds."},
    {"staff.schedule.running",
     "Planleggeren arbeider. Det tar opptil 10 sekunder; siden oppdateres når den er ferdig.",
     "The scheduler is working. It takes up to 10 seconds; the page updates when it is done."},
    {"staff.schedule.run_failed", "Planleggeren kunne ikke kjøres", "The scheduler could not run"},
    {"staff.schedule.proposal_link", "Se planforslaget", "See the proposed schedule"},
    {"staff.schedule.more", "Utskrift, eksport og logg", "Print, export and log"},
    {"staff.schedule.agenda", "Utskrift av dagen og agendaer", "Print the day and agendas"},
    {"staff.schedule.export_csv", "Eksport til regneark (CSV)", "Export for spreadsheets (CSV)"},
    {"staff.schedule.export_json", "Eksport (JSON)", "Export (JSON)"},
    {"staff.schedule.export_ics", "Kalender (.ics)", "Calendar (.ics)"},
    {"staff.schedule.audit", "Logg over endringer", "Log of changes"},
    {"staff.schedule.instance_json", "Planleggingsoppgaven (instance.json)",
     "The scheduling instance (instance.json)"},
    {"staff.schedule.schedule_json", "Gjeldende plan (schedule.json)",
     "The current schedule (schedule.json)"},
    {"staff.schedule.proposal", "Planforslag", "Proposed schedule"},
    {"staff.schedule.back", "Tilbake til oversikten", "Back to the overview"},
    {"staff.schedule.grid", "Timeplan", "Timetable"},
    {"staff.schedule.grid_caption", "Møter per rom og tid. Plenum og pauser er skyggelagt.",
     "Meetings by room and time. Plenary and breaks are shaded."},
    {"staff.schedule.time", "Tid", "Time"},
    {"staff.schedule.no_room", "Uten rom", "No room"},
    {"staff.schedule.free", "Ledig", "Free"},
    {"staff.schedule.clash", "Kollisjon: flere møter i samme rom",
     "Clash: several meetings in one room"},
    {"staff.schedule.kind.plenary", "Plenum", "Plenary"},
    {"staff.schedule.kind.break", "Pause", "Break"},
    {"staff.schedule.kind.lunch", "Lunsj", "Lunch"},
    {"staff.schedule.kind.workshop", "Verksted", "Workshop"},
    {"staff.schedule.suppliers_away", "uten leverandører", "without suppliers"},
    {"staff.schedule.locked", "Låst", "Locked"},
    {"staff.schedule.state.proposed", "Forslag, ikke publisert", "Proposed, not published"},
    {"staff.schedule.state.published", "Publisert", "Published"},
    {"staff.schedule.state.booked", "Booket av leverandøren", "Booked by the supplier"},
    {"staff.schedule.lock", "Lås", "Lock"},
    {"staff.schedule.unlock", "Lås opp", "Unlock"},
    {"staff.schedule.move", "Flytt", "Move"},
    {"staff.schedule.move_time", "Tid", "Time"},
    {"staff.schedule.move_room", "Rom", "Room"},
    {"staff.schedule.move_no_room", "Uten rom (digitalt, lenke sendes av panelet)",
     "No room (digital, the panel sends the link)"},
    {"staff.schedule.room_needed",
     "Leverandøren møter fysisk; velg et rom for møtet.",
     "The supplier meets in person; choose a room for the meeting."},
    {"staff.schedule.no_meetings",
     "Ingen møter er plassert ennå. Kjør planleggeren fra oversikten.",
     "No meetings are placed yet. Run the scheduler from the overview."},
    {"staff.schedule.unplaced", "Ikke plassert", "Not placed"},
    {"staff.schedule.unplaced_caption", "Ønskede møter som ikke har fått tid, med grunnen",
     "Requested meetings without a time, with the reason"},
    {"staff.schedule.reason", "Grunn", "Reason"},
    {"staff.schedule.unplaced_overbooked",
     "{panel} har {requests} ønsker om møte og {slots} tider.",
     "{panel} has {requests} requests for {slots} slots."},
    {"staff.schedule.unplaced_taken",
     "Alle tidene der både panelet og leverandøren kan ({slots}), er tatt av andre møter (også "
     "møter i andre paneler med felles medlem).",
     "Every time both the panel and the supplier can take ({slots}) is taken by other meetings "
     "(also meetings of other panels that share a member)."},
    {"staff.schedule.unplaced_own",
     "Leverandøren har sine andre møter på alle tidene der både panelet og leverandøren kan "
     "({slots}).",
     "The supplier has its other meetings at every time both the panel and the supplier can "
     "take ({slots})."},
    {"staff.schedule.unplaced_lottery",
     "Loddtrekningen (frø {seed}) avgjorde hvem som fikk tid: {supplier} fikk plass {position} av "
     "{of}.",
     "The lottery (seed {seed}) decided who got a time: {supplier} drew position {position} of "
     "{of}."},
    {"staff.schedule.unplaced_fairness",
     "Det finnes ledig tid, men møtet ville gitt noen flere pauser enn regelen om rettferdige pauser "
     "tillater (høyst {spread} i forskjell). Øk grensen i innstillingene, eller fjern den, for å få "
     "møtet med.",
     "There is a free time, but the meeting would give someone more breaks than the fair-breaks "
     "rule allows (a difference of at most {spread}). Raise the limit in the settings, or remove "
     "it, to place the meeting."},
    {"staff.schedule.unplaced_unavailable", "{who} kan ikke på noen av tidene.",
     "{who} cannot take any of the times."},
    {"staff.schedule.unplaced_unavailable_at",
     "{who} kan ikke kl. {time}, der møtet er låst. Lås det opp eller flytt det.",
     "{who} cannot take {time}, where the meeting is locked. Unlock or move it."},
    {"staff.schedule.unplaced_no_common",
     "{a} og {b} har ingen ledig tid felles: {a} kan ikke når {b} kan.",
     "{a} and {b} have no free time in common: {a} is unavailable whenever {b} is free."},
    {"staff.schedule.unplaced_room_small",
     "{room} har {seats} plasser, men møtet trenger {people} (panelet og leverandørens "
     "deltakere). Gi panelet et større rom, eller be leverandøren komme med færre.",
     "{room} seats {seats}, but the meeting needs {people} (the panel and the supplier's "
     "people). Give the panel a bigger room, or ask the supplier to come with fewer."},
    {"staff.schedule.unplaced_no_room", "Ingen rom har plass til de {people} i møtet.",
     "No room seats the {people} people of the meeting."},
    {"staff.schedule.unplaced_locked_room",
     "Møtet er låst til {room}, men {who} har bare møter i {home}.",
     "The meeting is locked to {room}, but {who} meets only in {home}."},
    {"staff.schedule.unplaced_max",
     "{who} har allerede så mange møter som grensen tillater ({max}).",
     "{who} already has as many meetings as the limit allows ({max})."},
    {"staff.schedule.unplaced_priority",
     "Møtet ville gått ut over noe planen prioriterer høyere: flere leverandører med møte, mer "
     "vekt på ønskene eller færre flyttede møter.",
     "Placing it would cost something the schedule puts first: more suppliers with a meeting, "
     "more weight of wishes, or fewer moved meetings."},
    {"staff.schedule.unplaced_not_run",
     "Møtet kom til eller ble frigjort etter siste kjøring. Kjør planleggeren igjen for å "
     "plassere det.",
     "The meeting was added or freed after the latest run. Run the scheduler again to place it."},
    {"staff.schedule.unplaced_other",
     "Planleggeren fant ingen plass til møtet; forklaringen står under.",
     "The scheduler found no place for the meeting; the explanation is below."},
    {"staff.schedule.stale",
     "Påmeldingene, de låste møtene eller oppsettet av dagen ble endret mens planleggeren "
     "arbeidet, flere ganger på rad. Ingenting er lagret. Kjør planleggeren igjen.",
     "The registrations, the locked meetings or the day changed while the scheduler worked, "
     "several times in a row. Nothing is stored. Run the scheduler again."},
    {"staff.schedule.unplaced_details", "Planleggerens forklaring (på engelsk)",
     "The scheduler's own explanation"},
    {"staff.schedule.all_placed", "Alle ønskede møter er plassert.",
     "Every requested meeting is placed."},
    {"staff.schedule.changes", "Endringer siden publisering", "Changes since publishing"},
    {"staff.schedule.changes_caption", "Forskjeller mellom gjeldende plan og publisert versjon {n}",
     "Differences between the current schedule and published version {n}"},
    {"staff.schedule.never_published",
     "Planen er ikke publisert ennå. Leverandørene ser ingen tider.",
     "The schedule is not published yet. Suppliers see no times."},
    {"staff.schedule.no_changes", "Ingen endringer siden versjon {n} ble publisert {at}.",
     "No changes since version {n} was published {at}."},
    {"staff.schedule.change", "Endring", "Change"},
    {"staff.schedule.before", "Publisert", "Published"},
    {"staff.schedule.now", "Nå", "Now"},
    {"staff.schedule.change.moved", "Flyttet", "Moved"},
    {"staff.schedule.change.new", "Ny", "New"},
    {"staff.schedule.change.removed", "Fjernet", "Removed"},
    {"staff.schedule.fairness", "Rettferdighet", "Fairness"},
    {"staff.schedule.fairness_caption", "Møter, ventetid og foretrukne tider per leverandør",
     "Meetings, waiting time and preferred times per supplier"},
    {"staff.schedule.meetings", "Møter", "Meetings"},
    {"staff.schedule.wait", "Ventetid før og mellom møtene", "Waiting before and between meetings"},
    {"staff.schedule.preferred_met", "Foretrukket tid", "Preferred time"},
    {"staff.schedule.no_preference", "Ingen ønsker", "No preference"},
    {"staff.schedule.minutes", "min", "min"},
    {"staff.schedule.fair_meetings", "Møter per leverandør: {min}–{max}.",
     "Meetings per supplier: {min}–{max}."},
    {"staff.schedule.fair_wait", "Lengste ventetid: {max} min, gjennomsnitt {avg} min.",
     "Longest wait: {max} min, average {avg} min."},
    {"staff.schedule.fair_preferred",
     "Foretrukket tid oppfylt for {met} av {of} leverandører med ønsker.",
     "Preferred time met for {met} of {of} suppliers with preferences."},
    {"staff.schedule.wait_hint",
     "Ventetid regnes fra slutten av siste programpost leverandøren er med på, eller fra "
     "ankomsttiden deres, til første møte, pluss tiden mellom møtene deres (byttetiden "
     "medregnet) som ikke går med til programposter de er med på.",
     "Waiting time counts from the end of the last programme item the supplier attends, or from "
     "their arrival, to their first meeting, plus the time between their meetings (changeover "
     "included) not spent in programme items they attend."},
    {"staff.schedule.publish", "Publiser", "Publish"},
    {"staff.schedule.publish_button", "Publiser planen for leverandørene",
     "Publish the schedule to suppliers"},
    {"staff.schedule.publish_hint",
     "Leverandørene ser tid og rom på sin private side når planen er publisert. Endringer etterpå "
     "vises først ved neste publisering, og da får de beskjed om at tiden er endret.",
     "Suppliers see their time and room on their private page once the schedule is published. "
     "Later changes show at the next publish, and they are told their time has changed."},
    {"staff.schedule.published_version", "Versjon {n} publisert {at}.",
     "Version {n} published {at}."},
    {"staff.schedule.published_now", "Versjon {n} er publisert. Leverandørene ser nå sine tider.",
     "Version {n} is published. Suppliers now see their times."},
    {"staff.schedule.error_title", "Det er et problem", "There is a problem"},
    {"staff.schedule.bad_time", "Velg en av dagens møtetider.",
     "Choose one of the day's meeting times."},
    {"staff.schedule.bad_action", "Ukjent handling.", "Unknown action."},
    {"staff.schedule.refusal.not_a_slot", "{time} er ikke en møtetid denne dagen.",
     "{time} is not a meeting time of this day."},
    {"staff.schedule.refusal.unknown_room", "Rommet finnes ikke i denne konferansen.",
     "The room is not part of this conference."},
    {"staff.schedule.refusal.no_meeting", "Møtet finnes ikke lenger.",
     "The meeting no longer exists."},
    {"staff.schedule.refusal.supplier_away",
     "Leverandøren kan ikke være der kl. {time} (reisetid eller tider de ikke kan).",
     "The supplier cannot be there at {time} (travel or times they cannot make)."},
    {"staff.schedule.refusal.room_digital",
     "{room} er et digitalt rom, og leverandøren møter fysisk.",
     "{room} is a digital room, and the supplier meets in person."},
    {"staff.schedule.refusal.room_physical",
     "Leverandøren har bedt om digitalt møte, og {room} er ikke et digitalt rom.",
     "The supplier asked for a digital meeting, and {room} is not a digital room."},
    {"staff.schedule.refusal.room_seats",
     "{room} har ikke nok plasser til panelet og leverandøren.",
     "{room} does not seat the panel and the supplier."},
    {"staff.schedule.refusal.panel_busy", "Panelet har et annet møte kl. {time}.",
     "The panel has another meeting at {time}."},
    {"staff.schedule.refusal.member_busy",
     "Et medlem av panelet sitter i et annet panels møte kl. {time}.",
     "A member of the panel is in another panel's meeting at {time}."},
    {"staff.schedule.refusal.supplier_busy", "Leverandøren har et annet møte kl. {time}.",
     "The supplier has another meeting at {time}."},
    {"staff.schedule.refusal.room_busy", "{room} er opptatt kl. {time}.",
     "{room} is taken at {time}."},
    {"staff.schedule.public.changed", "Møtetiden din er endret", "Your meeting time has changed"},
    {"staff.schedule.public.changed_from", "Før: {old}. Nå: {new}. Endret {at}.",
     "Before: {old}. Now: {new}. Changed {at}."},
};

std::string h(std::string_view text) { return html_escape(text); }

// `text` with each "{name}" replaced by its value (values already escaped).
std::string fill(std::string_view text,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out(text);
  for (const auto& [name, value] : values) {
    const std::string token = "{" + std::string(name) + "}";
    for (auto at = out.find(token); at != std::string::npos;
         at = out.find(token, at + value.size()))
      out.replace(at, token.size(), value);
  }
  return out;
}

// Everything the scheduling pages show about one event, read once per request.
struct EventView {
  data::EventInfo event;
  std::optional<core::DaySetup> day;
  std::string day_error;  // why the day could not be read
  std::vector<data::Registration> registrations;
  std::vector<core::SupplierRequest> requests;
  std::vector<data::MeetingRow> meetings;
  std::optional<data::RunInfo> run;
  std::vector<data::PublishedVersion> versions;
  std::map<std::string, std::string> company;  // by booking reference

  std::string company_of(const std::string& reference) const {
    const auto found = company.find(reference);
    return found == company.end() ? reference : found->second;
  }
  std::string panel_name(const std::string& key) const {
    if (day)
      for (const auto& panel : day->panels)
        if (panel.key == key) return panel.name;
    return key;
  }
  // The catalog key of a meeting's state: booked by the supplier, or published when the latest
  // published version has it at this time and room, else proposed.
  std::string state_key(const data::MeetingRow& m) const {
    if (m.status == "booked") return "staff.schedule.state.booked";
    if (!versions.empty())
      for (const auto& p : versions.back().meetings)
        if (p.id == m.id && p.start == m.start && p.room == m.room)
          return "staff.schedule.state.published";
    return "staff.schedule.state.proposed";
  }
  // Whether staff may hold meeting `m` without a room: the supplier asked for a digital meeting
  // (the panel can send its own link), or the meeting has no room already.
  bool may_have_no_room(const data::MeetingRow& m) const {
    if (!m.room) return true;
    return std::any_of(requests.begin(), requests.end(), [&](const core::SupplierRequest& r) {
      return r.key == m.reference && r.digital;
    });
  }
  std::string room_name(const std::optional<std::string>& key) const {
    if (!key) return "";
    if (day)
      for (const auto& room : day->rooms)
        if (room.key == *key) return room.name;
    return *key;
  }
};

EventView load_view(StaffSite& site, data::EventInfo event) {
  EventView view;
  view.event = std::move(event);
  const std::int64_t id = view.event.id;
  auto day = data::EventStore(site.db).load_day(id);
  if (day)
    view.day = std::move(day).value();
  else
    view.day_error = day.error();
  data::RegistrationStore registrations(site.db);
  view.registrations = registrations.list(id);
  view.requests = registrations.load_requests(id);
  data::ScheduleStore schedules(site.db);
  view.meetings = schedules.meetings(id);
  view.run = schedules.latest_run(id);
  view.versions = schedules.versions(id);
  for (const auto& r : view.registrations) view.company[r.reference] = r.company;
  return view;
}

class Texts {
 public:
  explicit Texts(Lang lang) : lang_(lang) {}
  // The text for `key`, escaped.
  std::string operator()(std::string_view key) const { return h(tr(lang_, key)); }
  Lang lang() const { return lang_; }
  std::string query() const { return "?lang=" + std::string(code(lang_)); }

 private:
  Lang lang_;
};

std::string base_path(const data::EventInfo& event) {
  return "/staff/events/" + std::to_string(event.id);
}

// "torsdag 11. mars 2027 kl. 10:15" in the event's zone for a stored UTC instant.
std::string local_stamp(const std::string& instant_text, const data::EventInfo& event, Lang lang) {
  const auto instant = data::parse_instant(instant_text);
  if (!instant) return instant_text;
  auto local = data::instant_to_local(*instant, event.time_zone);
  if (!local) return instant_text;
  return long_date(local.value().day, lang) + " " + core::format_clock(local.value().minutes);
}

std::string clock_range(core::Minutes from, core::Minutes to) {
  return core::format_clock(from) + "–" + core::format_clock(to);
}

std::string run_summary(const data::RunInfo& run, const EventView& view, const Texts& t) {
  return fill(t("staff.schedule.run_summary"),
              {{"n", std::to_string(run.run_number)},
               {"at", h(local_stamp(run.run_at, view.event, t.lang()))},
               {"status", t("staff.schedule.run." + run.status)},
               {"placed", std::to_string(run.placed)},
               {"unplaced", std::to_string(run.unplaced)},
               {"seed", std::to_string(run.seed)}});
}

// The name of a participant of the instance: a panel (by key) or a supplier (by booking
// reference), escaped; "–" without an id.
std::string participant_name(const EventView& view, const std::optional<std::string>& id) {
  if (!id) return "–";
  return h(view.company.count(*id) ? view.company_of(*id) : view.panel_name(*id));
}

// A number of a cause as text; "–" when the cause does not have it.
std::string cause_number(const sched::Cause& cause, const char* key) {
  const auto n = cause.number(key);
  return n ? std::to_string(*n) : "–";
}

// Why the latest run found no schedule, in the page's language: the solver's cause in words
// where the page knows the code, its own sentence (English, with ids) below in every case.
// Empty when the run gave no reason (it found a schedule). In the application the forced
// meetings are the locked ones, and the run route refuses a lock its supplier cannot take
// before solving; so no_schedule is the lock conflict that remains, e.g. a person who joined a
// second panel after both panels' meetings were locked at one time.
std::string run_verdict(const data::RunInfo& run, const EventView& view, const Texts& t) {
  if (run.reason.empty()) return "";
  const sched::Cause& c = run.cause;
  std::string words;
  if (c.code == "fairness_out_of_reach") {
    words = fill(t("staff.schedule.verdict.fairness_out_of_reach"),
                 {{"who", participant_name(view, c.id("participant"))},
                  {"breaks", cause_number(c, "breaks")},
                  {"spread", cause_number(c, "spread")}});
  } else if (c.code == "fairness_impossible" || c.code == "fairness_not_found") {
    words = fill(t("staff.schedule.verdict." + c.code), {{"spread", cause_number(c, "spread")}});
  } else if (c.code == "no_schedule") {
    words = t("staff.schedule.verdict.no_schedule");
  } else {
    words = t("staff.schedule.verdict.other");
  }
  return "<p>" + words + "</p>\n<details><summary>" + t("staff.schedule.unplaced_details") +
         "</summary><p lang=\"en\">" + h(run.reason) + "</p></details>\n";
}

std::string error_summary(const Texts& t, const std::string& message, const std::string& field_id) {
  return "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\">\n<h2>" +
         t("staff.schedule.error_title") + "</h2>\n<ul>\n<li>" +
         (field_id.empty() ? h(message)
                           : "<a href=\"#" + h(field_id) + "\">" + h(message) + "</a>") +
         "</li>\n</ul>\n</div>\n";
}

// ---- dashboard ----

std::string availability_text(const data::Registration& r, const Texts& t) {
  std::string text;
  if (!r.available_from && !r.available_until)
    text = t("staff.schedule.all_day");
  else
    text = (r.available_from ? core::format_clock(*r.available_from) : "") + "–" +
           (r.available_until ? core::format_clock(*r.available_until) : "");
  if (!r.unavailable.empty()) {
    text += "; " + t("staff.schedule.not_at");
    for (std::size_t i = 0; i < r.unavailable.size(); ++i)
      text += (i ? ", " : " ") + core::format_clock(r.unavailable[i]);
  }
  return text;
}

std::string registrations_section(const EventView& view, const Texts& t) {
  std::string html = "<h2 id=\"registrations\">" + t("staff.schedule.registrations") + "</h2>\n";
  if (view.registrations.empty())
    return html + "<p>" + t("staff.schedule.no_registrations") + "</p>\n";
  html += "<p>" +
          fill(t("staff.schedule.n_registrations"),
               {{"n", std::to_string(view.registrations.size())}}) +
          "</p>\n" + scrolling_table_start("class=\"registrations\"", t("staff.schedule.registrations")) +
          "<thead><tr>";
  for (const char* key : {"company", "reference", "people", "panels_asked", "availability",
                          "preferred", "digital", "topics"})
    html += "<th scope=\"col\">" + t(std::string("staff.schedule.") + key) + "</th>";
  html += "</tr></thead>\n<tbody>\n";
  for (const auto& r : view.registrations) {
    std::string people;
    for (const auto& a : r.attendees)
      people += (people.empty() ? "" : "<br>") + h(a.name) +
                (a.role.empty() ? "" : " (" + h(a.role) + ")");
    std::string panels;
    for (const auto& p : r.panels) panels += (panels.empty() ? "" : "<br>") + h(view.panel_name(p));
    std::string preferred;
    for (const auto m : r.preferred)
      preferred += (preferred.empty() ? "" : ", ") + core::format_clock(m);
    html += "<tr><th scope=\"row\">" + h(r.company) + "</th><td>" + h(r.reference) + "</td><td>" +
            people + "</td>";
    if (r.wants_meeting)
      html += "<td>" + panels + "</td><td>" + availability_text(r, t) + "</td><td>" +
              (preferred.empty() ? "–" : preferred) + "</td><td>" +
              t(r.digital ? "staff.schedule.yes" : "staff.schedule.no") + "</td>";
    else
      html += "<td colspan=\"4\">" + t("staff.schedule.no_meeting") + "</td>";
    html += "<td>" + h(r.topics) + "</td></tr>\n";
  }
  return html + "</tbody>\n" + kScrollingTableEnd;
}

std::string demand_section(const EventView& view, const Texts& t) {
  std::string html = "<h2 id=\"demand\">" + t("staff.schedule.demand") + "</h2>\n";
  if (!view.day || view.day->panels.empty()) return html;
  const int slots = static_cast<int>(core::slot_grid(*view.day).size());
  html += "<table>\n<caption>" + t("staff.schedule.demand_caption") +
          "</caption>\n<thead><tr><th scope=\"col\">" + t("staff.schedule.panel") +
          "</th><th scope=\"col\">" + t("staff.schedule.asked") + "</th><th scope=\"col\">" +
          t("staff.schedule.capacity") + "</th><th scope=\"col\">" +
          t("staff.schedule.placed_now") + "</th><th scope=\"col\">" + t("staff.schedule.status") +
          "</th></tr></thead>\n<tbody>\n";
  for (const auto& panel : view.day->panels) {
    const auto asked = static_cast<int>(core::panel_demand(*view.day, view.requests, panel.key));
    const auto placed =
        std::count_if(view.meetings.begin(), view.meetings.end(),
                      [&](const data::MeetingRow& m) { return m.panel == panel.key; });
    html +=
        "<tr><th scope=\"row\">" + h(panel.name) + "</th><td>" + std::to_string(asked) +
        "</td><td>" + std::to_string(slots) + "</td><td>" + std::to_string(placed) + "</td><td>" +
        (asked <= slots
             ? t("staff.schedule.fits")
             : "<strong>" +
                   fill(t("staff.schedule.overbooked"), {{"n", std::to_string(asked - slots)}}) +
                   "</strong>") +
        "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

std::string warnings_section(const EventView& view, const Texts& t) {
  std::string html = "<h2 id=\"warnings\">" + t("staff.schedule.warnings") + "</h2>\n";
  if (!view.day)
    return html + "<p>" + t("staff.schedule.day_problem") + " " + h(view.day_error) + "</p>\n";
  std::vector<std::string> warnings;
  core::DaySetup day = *view.day;
  if (auto problem = core::setup_problem(day))
    warnings.push_back(std::string(tr(t.lang(), "staff.schedule.day_problem")) + " " +
                       rule_text(t.lang(), *problem));
  for (const auto& w : core::warning_messages(*view.day, view.requests))
    warnings.push_back(rule_text(t.lang(), w));
  if (warnings.empty()) return html + "<p>" + t("staff.schedule.no_warnings") + "</p>\n";
  html += "<ul class=\"warnings\">\n";
  for (const auto& w : warnings) html += "<li>" + h(w) + "</li>\n";
  return html + "</ul>\n";
}

Response dashboard(const Request& request, const StaffContext& staff, const EventView& view,
                   http::status status = http::status::ok, const std::string& run_error = "") {
  const Texts t(staff.lang);
  const std::string base = base_path(view.event);
  const std::string q = t.query();
  const data::EventInfo& event = view.event;
  std::string html;
  if (!run_error.empty())
    html += error_summary(
        t, std::string(tr(staff.lang, "staff.schedule.run_failed")) + ": " + run_error, "run");
  html += "<h1>" + h(event.title) + "</h1>\n<p class=\"status\">" + t("staff.schedule.status") +
          ": " + h(event_status_words(t.lang(), event.status)) + "</p>\n";
  html += "<nav aria-label=\"" + t("staff.schedule.settings") + "\" class=\"event-links\">\n<h2>" +
          t("staff.schedule.settings") + "</h2>\n<ul>\n";
  for (const auto& [path, key] :
       std::initializer_list<std::pair<const char*, const char*>>{{"/settings", "event"},
                                                                  {"/programme", "programme"},
                                                                  {"/windows", "windows"},
                                                                  {"/panels", "panels"},
                                                                  {"/rooms", "rooms"}})
    html += "<li><a href=\"" + base + path + q + "\">" +
            t(std::string("staff.schedule.settings.") + key) + "</a></li>\n";
  html += "</ul>\n</nav>\n";

  html += "<h2>" + t("staff.schedule.facts") + "</h2>\n<dl class=\"facts\">\n<dt>" +
          t("staff.schedule.day") + "</dt><dd>" + h(long_date(event.day, staff.lang)) +
          "</dd>\n<dt>" + t("staff.schedule.venue") + "</dt><dd>" + h(event.venue) +
          (event.address.empty() ? "" : ", " + h(event.address)) + "</dd>\n<dt>" +
          t("staff.schedule.booking_mode") + "</dt><dd>" +
          t(event.booking_mode == data::BookingMode::kInstant ? "staff.schedule.mode.instant"
                                                              : "staff.schedule.mode.request") +
          "</dd>\n<dt>" + t("staff.schedule.meeting_length") + "</dt><dd>" +
          std::to_string(event.meeting_length) + " " +
          fill(t("staff.schedule.minutes_changeover"), {{"n", std::to_string(event.changeover)}}) +
          "</dd>\n";
  if (view.day) {
    std::string slots;
    for (const auto& slot : core::slot_grid(*view.day))
      slots += (slots.empty() ? "" : ", ") + core::format_clock(slot.start);
    html += "<dt>" + t("staff.schedule.slots") + "</dt><dd>" + (slots.empty() ? "–" : slots) +
            "</dd>\n<dt>" + t("staff.schedule.rooms_panels") + "</dt><dd>" +
            fill(t("staff.schedule.n_rooms_panels"),
                 {{"rooms", std::to_string(view.day->rooms.size())},
                  {"panels", std::to_string(view.day->panels.size())}}) +
            "</dd>\n";
  }
  html += "<dt>" + t("staff.schedule.registrations") + "</dt><dd><a href=\"#registrations\">" +
          fill(t("staff.schedule.n_registrations"),
               {{"n", std::to_string(view.registrations.size())}}) +
          "</a></dd>\n</dl>\n";

  html += warnings_section(view, t);
  html += demand_section(view, t);

  html += "<h2 id=\"run\">" + t("staff.schedule.latest_run") + "</h2>\n<p>" +
          (view.run ? run_summary(*view.run, view, t) : t("staff.schedule.no_run")) + "</p>\n";
  if (view.run) html += run_verdict(*view.run, view, t);
  // data-running and the status region: web/static/staff.js says the run is under way.
  html += "<form method=\"post\" action=\"" + base + "/schedule" + q + "\" data-running=\"" +
          t("staff.schedule.running") + "\">" + csrf_field(staff) +
          "<p class=\"hint\" id=\"run-hint\">" + t("staff.schedule.run_hint") +
          "</p><button type=\"submit\" aria-describedby=\"run-hint\">" +
          t("staff.schedule.run_button") +
          "</button><p class=\"run-status\" role=\"status\"></p></form>\n";
  html += "<p><a href=\"" + base + "/schedule" + q + "\">" + t("staff.schedule.proposal_link") +
          "</a></p>\n";

  html += registrations_section(view, t);

  html += "<h2>" + t("staff.schedule.more") + "</h2>\n<ul>\n";
  for (const auto& [path, key] : std::initializer_list<std::pair<const char*, const char*>>{
           {"/agenda", "agenda"},
           {"/export.csv", "export_csv"},
           {"/export.json", "export_json"},
           {"/calendar.ics", "export_ics"},
           {"/audit", "audit"},
           {"/instance.json", "instance_json"},
           {"/schedule.json", "schedule_json"}})
    html += "<li><a href=\"" + base + path +
            (std::string(path).find('.') == std::string::npos ? q : "") + "\">" +
            t(std::string("staff.schedule.") + key) + "</a></li>\n";
  html += "</ul>\n";
  return staff_page(status, staff, event.title, request, html);
}

// ---- the proposal ----

// A failed move, shown at its meeting's form with what was chosen.
struct MoveError {
  std::int64_t meeting_id = 0;
  std::string message;
  std::string slot, room;  // as chosen
};

std::string meeting_cell(const data::MeetingRow& m, const EventView& view,
                         const StaffContext& staff, const Texts& t,
                         const std::vector<core::GridSlot>& grid,
                         const std::optional<MoveError>& error) {
  const std::string id = std::to_string(m.id);
  const std::string company = view.company_of(m.reference);
  const bool failed = error && error->meeting_id == m.id;
  const std::string chosen_slot = failed ? error->slot : core::format_clock(m.start);
  const std::string chosen_room = failed ? error->room : m.room.value_or("");
  const std::string action = base_path(view.event) + "/meetings/" + id + t.query();
  std::string html = "<div class=\"meeting" + std::string(m.locked ? " locked" : "") +
                     "\" id=\"meeting-" + id + "\">\n<p><strong>" + h(company) + "</strong><br>" +
                     h(view.panel_name(m.panel)) + "<br><span class=\"muted\">" + h(m.reference) +
                     "</span></p>\n";
  html += "<p class=\"state\">" +
          (m.locked ? "<span class=\"lock-mark\">" + t("staff.schedule.locked") + "</span> " : "") +
          t(view.state_key(m)) + "</p>\n";
  html += "<form method=\"post\" action=\"" + action + "\">" + csrf_field(staff) +
          "<input type=\"hidden\" name=\"action\" value=\"" + (m.locked ? "unlock" : "lock") +
          "\"><button type=\"submit\" class=\"secondary\">" +
          t(m.locked ? "staff.schedule.unlock" : "staff.schedule.lock") +
          "<span class=\"sr-only\"> " + h(company) + "</span></button></form>\n";
  const std::string slot_id = "slot-" + id, room_id = "room-" + id, error_id = "move-error-" + id;
  html += "<form method=\"post\" action=\"" + action + "\" class=\"move\">" + csrf_field(staff) +
          "<input type=\"hidden\" name=\"action\" value=\"move\">";
  if (failed)
    html += "<span class=\"field-error\" id=\"" + error_id + "\">" + h(error->message) + "</span>";
  const std::string invalid =
      failed ? " aria-invalid=\"true\" aria-describedby=\"" + error_id + "\"" : "";
  html += "<label for=\"" + slot_id + "\">" + t("staff.schedule.move_time") +
          "</label><select id=\"" + slot_id + "\" name=\"slot\"" + invalid + ">";
  bool slot_listed = false;
  for (const auto& slot : grid) {
    const std::string value = core::format_clock(slot.start);
    slot_listed = slot_listed || value == chosen_slot;
    html += "<option value=\"" + value + "\"" + (value == chosen_slot ? " selected" : "") + ">" +
            clock_range(slot.start, slot.end) + "</option>";
  }
  if (!slot_listed && !chosen_slot.empty())
    html += "<option value=\"" + h(chosen_slot) + "\" selected>" + h(chosen_slot) + "</option>";
  html += "</select><label for=\"" + room_id + "\">" + t("staff.schedule.move_room") +
          "</label><select id=\"" + room_id + "\" name=\"room\">";
  if (view.may_have_no_room(m))
    html += "<option value=\"\"" + std::string(chosen_room.empty() ? " selected" : "") + ">" +
            t("staff.schedule.move_no_room") + "</option>";
  if (view.day)
    for (const auto& room : view.day->rooms)
      html += "<option value=\"" + h(room.key) + "\"" +
              (room.key == chosen_room ? " selected" : "") + ">" + h(room.name) +
              (room.digital ? " (" + t("staff.schedule.digital") + ")" : "") + "</option>";
  html += "</select><button type=\"submit\">" + t("staff.schedule.move") +
          "<span class=\"sr-only\"> " + h(company) + "</span></button></form>\n</div>\n";
  return html;
}

std::string item_kind_key(core::ItemKind kind) {
  switch (kind) {
    case core::ItemKind::kPlenary:
      return "staff.schedule.kind.plenary";
    case core::ItemKind::kBreak:
      return "staff.schedule.kind.break";
    case core::ItemKind::kLunch:
      return "staff.schedule.kind.lunch";
    case core::ItemKind::kWorkshop:
      return "staff.schedule.kind.workshop";
  }
  return "staff.schedule.kind.plenary";
}

std::string grid_section(const EventView& view, const StaffContext& staff, const Texts& t,
                         const std::optional<MoveError>& error) {
  std::string html = "<h2 id=\"grid\">" + t("staff.schedule.grid") + "</h2>\n";
  if (!view.day)
    return html + "<p>" + t("staff.schedule.day_problem") + " " + h(view.day_error) + "</p>\n";
  if (view.meetings.empty()) html += "<p>" + t("staff.schedule.no_meetings") + "</p>\n";
  const auto grid = core::slot_grid(*view.day);
  struct Column {
    std::optional<std::string> key;
    std::string heading;
  };
  std::vector<Column> columns;
  for (const auto& room : view.day->rooms)
    columns.push_back(
        {room.key, h(room.name) + (room.digital ? "<br><span class=\"muted\">" +
                                                      t("staff.schedule.digital") + "</span>"
                                                : "")});
  if (std::any_of(view.meetings.begin(), view.meetings.end(),
                  [](const data::MeetingRow& m) { return !m.room; }))
    columns.push_back({std::nullopt, t("staff.schedule.no_room")});
  const std::string span = std::to_string(columns.size());

  html += scrolling_table_start("class=\"timetable\"", t("staff.schedule.grid_caption")) +
          "<thead><tr><th scope=\"col\">" +
          t("staff.schedule.time") + "</th>";
  for (const auto& column : columns) html += "<th scope=\"col\">" + column.heading + "</th>";
  html += "</tr></thead>\n<tbody>\n";

  // Programme items and slots, by start (an item first when both start at once).
  struct Row {
    core::Minutes start, end;
    const core::ProgrammeItem* item;
  };
  std::vector<Row> rows;
  for (const auto& item : view.day->programme) rows.push_back({item.start, item.end, &item});
  for (const auto& slot : grid) rows.push_back({slot.start, slot.end, nullptr});
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.start != b.start ? a.start < b.start : (a.item != nullptr) > (b.item != nullptr);
  });
  for (const auto& row : rows) {
    const std::string when = clock_range(row.start, row.end);
    if (row.item) {
      html += "<tr class=\"programme\"><th scope=\"row\">" + when + "</th><td colspan=\"" + span +
              "\"><span class=\"kind\">" + t(item_kind_key(row.item->kind)) + ":</span> " +
              h(row.item->title) + (row.item->speaker.empty() ? "" : " – " + h(row.item->speaker)) +
              (row.item->suppliers_attend ? "" : " (" + t("staff.schedule.suppliers_away") + ")") +
              "</td></tr>\n";
      continue;
    }
    html += "<tr><th scope=\"row\">" + when + "</th>";
    for (const auto& column : columns) {
      std::vector<const data::MeetingRow*> here;
      for (const auto& m : view.meetings)
        if (m.start == row.start && m.room == column.key) here.push_back(&m);
      if (here.empty()) {
        html +=
            "<td class=\"free\"><span class=\"muted\">" + t("staff.schedule.free") + "</span></td>";
        continue;
      }
      html += std::string("<td") + (here.size() > 1 ? " class=\"clash\"" : "") + ">";
      if (here.size() > 1)
        html += "<p class=\"clash-mark\"><strong>" + t("staff.schedule.clash") + "</strong></p>";
      for (const auto* m : here) html += meeting_cell(*m, view, staff, t, grid, error);
      html += "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</tbody>\n" + kScrollingTableEnd;
}

// The panel and supplier of an instance meeting made by to_instance.
std::pair<std::string, std::string> meeting_parties(const sched::Instance& instance,
                                                    const sched::Meeting& m) {
  const auto& a = instance.participants[m.between[0]];
  const auto& b = instance.participants[m.between[1]];
  return a.kind == sched::ParticipantKind::kBuyer ? std::pair{a.id, b.id} : std::pair{b.id, a.id};
}

// Why a meeting is not placed, in the page's language: the scheduler's cause in the page's
// words (names, times and rooms as staff know them), the solver's own English sentence below.
// A cause without words here (rules the application does not use, or a run stored before
// causes) gets a general line.
std::string unplaced_reason(const EventView& view, const Texts& t, const sched::Instance& in,
                            const std::string& panel, const std::string& supplier,
                            const sched::Unscheduled& u) {
  if (!view.day) return h(u.reason);
  const sched::Cause& c = u.cause;
  auto name = [&](const std::optional<std::string>& id) { return participant_name(view, id); };
  auto number = [&](const char* key) { return cause_number(c, key); };
  std::string cause;
  if (c.code == "fairness") {
    cause = fill(t("staff.schedule.unplaced_fairness"), {{"spread", number("spread")}});
  } else if (c.code == "unavailable") {
    const auto slot = c.number("slot");
    if (slot && *slot >= 0 && *slot < static_cast<int>(in.slots.size()))
      cause = fill(t("staff.schedule.unplaced_unavailable_at"),
                   {{"who", name(c.id("participant"))}, {"time", h(in.slots[*slot].start)}});
    const auto request =
        std::find_if(view.requests.begin(), view.requests.end(),
                     [&](const core::SupplierRequest& r) { return r.key == supplier; });
    // A supplier's own times say more than "unavailable": when they arrive and leave.
    if (cause.empty() && c.id("participant") == supplier && request != view.requests.end())
      for (const auto& w : core::warning_messages(*view.day, {*request}))
        if (w.code == "supplier_no_slot") cause = h(rule_text(t.lang(), w));
    if (cause.empty())
      cause = fill(t("staff.schedule.unplaced_unavailable"), {{"who", name(c.id("participant"))}});
  } else if (c.code == "no_common_slot") {
    cause = fill(t("staff.schedule.unplaced_no_common"),
                 {{"a", name(c.id("participant"))}, {"b", name(c.id("other"))}});
  } else if (c.code == "room_too_small") {
    cause = fill(t("staff.schedule.unplaced_room_small"),
                 {{"room", h(view.room_name(c.id("room")))},
                  {"seats", number("seats")},
                  {"people", number("people")}});
  } else if (c.code == "no_room_fits") {
    cause = fill(t("staff.schedule.unplaced_no_room"), {{"people", number("people")}});
  } else if (c.code == "locked_room") {
    cause = fill(t("staff.schedule.unplaced_locked_room"),
                 {{"room", h(view.room_name(c.id("room")))},
                  {"who", name(c.id("participant"))},
                  {"home", h(view.room_name(c.id("home")))}});
  } else if (c.code == "max_meetings") {
    cause = fill(t("staff.schedule.unplaced_max"),
                 {{"who", name(c.id("participant"))}, {"max", number("max")}});
  } else if (c.code == "higher_priority") {
    cause = t("staff.schedule.unplaced_priority");
  } else if (c.code == "not_run") {
    cause = t("staff.schedule.unplaced_not_run");
  } else if (sched::taken_by_own_meetings(c)) {
    cause = fill(t("staff.schedule.unplaced_own"), {{"slots", number("slots")}});
  } else if (c.code == "slots_taken") {
    const auto slots = core::slot_grid(*view.day).size();
    const long long wanted = core::panel_demand(*view.day, view.requests, panel);
    cause = wanted > static_cast<long long>(slots)
                ? fill(t("staff.schedule.unplaced_overbooked"),
                       {{"panel", h(view.panel_name(panel))},
                        {"requests", std::to_string(wanted)},
                        {"slots", std::to_string(slots)}})
                : fill(t("staff.schedule.unplaced_taken"), {{"slots", number("slots")}});
    if (c.number("position"))
      cause += " " + fill(t("staff.schedule.unplaced_lottery"),
                          {{"seed", view.run ? std::to_string(view.run->seed) : "–"},
                           {"supplier", name(c.id("supplier"))},
                           {"position", number("position")},
                           {"of", number("of")}});
  } else {
    cause = t("staff.schedule.unplaced_other");
  }
  return cause + "<details><summary>" + t("staff.schedule.unplaced_details") +
         "</summary><p lang=\"en\">" + h(u.reason) + "</p></details>";
}

std::string unplaced_section(StaffSite& site, const EventView& view, const Texts& t) {
  std::string html = "<h2 id=\"unplaced\">" + t("staff.schedule.unplaced") + "</h2>\n";
  data::ScheduleStore schedules(site.db);
  auto instance = schedules.load_instance(view.event.id);
  if (!instance)
    return html + "<p>" + t("staff.schedule.day_problem") + " " +
           h(store_failure_text(t.lang(), instance.failure())) + "</p>\n";
  const auto current = schedules.current_schedule(view.event.id, instance.value());
  if (current.unscheduled.empty()) return html + "<p>" + t("staff.schedule.all_placed") + "</p>\n";
  html += "<table>\n<caption>" + t("staff.schedule.unplaced_caption") +
          "</caption>\n<thead><tr><th scope=\"col\">" + t("staff.schedule.company") +
          "</th><th scope=\"col\">" + t("staff.schedule.reference") + "</th><th scope=\"col\">" +
          t("staff.schedule.panel") + "</th><th scope=\"col\">" + t("staff.schedule.reason") +
          "</th></tr></thead>\n<tbody>\n";
  for (const auto& u : current.unscheduled) {
    const auto [panel, supplier] =
        meeting_parties(instance.value(), instance.value().meetings[u.meeting]);
    html += "<tr><th scope=\"row\">" + h(view.company_of(supplier)) + "</th><td>" + h(supplier) +
            "</td><td>" + h(view.panel_name(panel)) + "</td><td>" +
            unplaced_reason(view, t, instance.value(), panel, supplier, u) + "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

std::string placement_text(const data::MeetingRow& m, const EventView& view) {
  return core::format_clock(m.start) + (m.room ? ", " + h(view.room_name(m.room)) : "");
}

std::string changes_section(const EventView& view, const Texts& t) {
  std::string html = "<h2 id=\"changes\">" + t("staff.schedule.changes") + "</h2>\n";
  if (view.versions.empty()) return html + "<p>" + t("staff.schedule.never_published") + "</p>\n";
  const auto& published = view.versions.back();
  struct Change {
    std::string kind_key, company, panel, before, now;
  };
  std::vector<Change> changes;
  for (const auto& m : view.meetings) {
    const auto was = std::find_if(published.meetings.begin(), published.meetings.end(),
                                  [&](const data::MeetingRow& p) { return p.id == m.id; });
    if (was == published.meetings.end())
      changes.push_back({"staff.schedule.change.new", view.company_of(m.reference),
                         view.panel_name(m.panel), "–", placement_text(m, view)});
    else if (was->start != m.start || was->room != m.room)
      changes.push_back({"staff.schedule.change.moved", view.company_of(m.reference),
                         view.panel_name(m.panel), placement_text(*was, view),
                         placement_text(m, view)});
  }
  for (const auto& p : published.meetings)
    if (std::none_of(view.meetings.begin(), view.meetings.end(),
                     [&](const data::MeetingRow& m) { return m.id == p.id; }))
      changes.push_back({"staff.schedule.change.removed", view.company_of(p.reference),
                         view.panel_name(p.panel), placement_text(p, view), "–"});
  const std::string at = h(local_stamp(published.published_at, view.event, t.lang()));
  if (changes.empty())
    return html + "<p>" +
           fill(t("staff.schedule.no_changes"),
                {{"n", std::to_string(published.version)}, {"at", at}}) +
           "</p>\n";
  html += "<table>\n<caption>" +
          fill(t("staff.schedule.changes_caption"), {{"n", std::to_string(published.version)}}) +
          "</caption>\n<thead><tr><th scope=\"col\">" + t("staff.schedule.company") +
          "</th><th scope=\"col\">" + t("staff.schedule.panel") + "</th><th scope=\"col\">" +
          t("staff.schedule.change") + "</th><th scope=\"col\">" + t("staff.schedule.before") +
          "</th><th scope=\"col\">" + t("staff.schedule.now") + "</th></tr></thead>\n<tbody>\n";
  for (const auto& c : changes)
    html += "<tr><th scope=\"row\">" + h(c.company) + "</th><td>" + h(c.panel) + "</td><td>" +
            t(c.kind_key) + "</td><td>" + c.before + "</td><td>" + c.now + "</td></tr>\n";
  return html + "</tbody>\n</table>\n";
}

// Minutes a supplier waits on the day, given their meetings as (start, end) in time order:
// before the first meeting, from the end of the last programme item they attend that ends by
// then, or their arrival, whichever is later (without either, from the start of the window of
// the meeting); then each gap between one meeting's end and the next one's start, less the
// minutes of programme items they attend within that gap.
int waiting_minutes(const data::Registration& r,
                    const std::vector<std::pair<core::Minutes, core::Minutes>>& meetings,
                    const core::DaySetup& day) {
  if (meetings.empty()) return 0;
  const core::Minutes first = meetings.front().first;
  std::optional<core::Minutes> from = r.available_from;
  if (r.attends_plenary)
    for (const auto& item : day.programme)
      if (item.suppliers_attend && item.end <= first && (!from || item.end > *from))
        from = item.end;
  if (!from)
    for (const auto& window : day.windows)
      if (window.start <= first && first < window.end) from = window.start;
  int wait = from ? std::max(0, first - *from) : 0;
  for (std::size_t i = 1; i < meetings.size(); ++i) {
    const core::Minutes gap_start = meetings[i - 1].second, gap_end = meetings[i].first;
    int gap = std::max(0, gap_end - gap_start);
    if (r.attends_plenary)
      for (const auto& item : day.programme)
        if (item.suppliers_attend)
          gap -= std::max(0, std::min(gap_end, item.end) - std::max(gap_start, item.start));
    wait += std::max(0, gap);
  }
  return wait;
}

std::string fairness_section(const EventView& view, const Texts& t) {
  std::string html = "<h2 id=\"fairness\">" + t("staff.schedule.fairness") + "</h2>\n";
  if (!view.day) return html;
  struct Line {
    std::string company;
    int meetings = 0;
    std::optional<int> wait;
    std::optional<bool> preferred_met;
  };
  std::vector<Line> lines;
  for (const auto& r : view.registrations) {
    if (!r.wants_meeting) continue;
    Line line;
    line.company = r.company;
    std::vector<std::pair<core::Minutes, core::Minutes>> times;
    for (const auto& m : view.meetings)
      if (m.reference == r.reference) {
        ++line.meetings;
        times.emplace_back(m.start, m.end);
        if (!r.preferred.empty() &&
            std::find(r.preferred.begin(), r.preferred.end(), m.start) != r.preferred.end())
          line.preferred_met = true;
      }
    std::sort(times.begin(), times.end());
    if (!times.empty()) line.wait = waiting_minutes(r, times, *view.day);
    if (!r.preferred.empty() && !line.preferred_met) line.preferred_met = false;
    lines.push_back(std::move(line));
  }
  if (lines.empty()) return html + "<p>" + t("staff.schedule.no_registrations") + "</p>\n";
  int min_meetings = lines.front().meetings, max_meetings = 0, max_wait = 0, total_wait = 0,
      waited = 0, met = 0, with_preference = 0;
  for (const auto& line : lines) {
    min_meetings = std::min(min_meetings, line.meetings);
    max_meetings = std::max(max_meetings, line.meetings);
    if (line.wait) {
      max_wait = std::max(max_wait, *line.wait);
      total_wait += *line.wait;
      ++waited;
    }
    if (line.preferred_met) {
      ++with_preference;
      met += *line.preferred_met ? 1 : 0;
    }
  }
  html += "<ul>\n<li>" +
          fill(t("staff.schedule.fair_meetings"),
               {{"min", std::to_string(min_meetings)}, {"max", std::to_string(max_meetings)}}) +
          "</li>\n<li>" +
          fill(t("staff.schedule.fair_wait"),
               {{"max", std::to_string(max_wait)},
                {"avg", std::to_string(waited ? total_wait / waited : 0)}}) +
          "</li>\n<li>" +
          fill(t("staff.schedule.fair_preferred"),
               {{"met", std::to_string(met)}, {"of", std::to_string(with_preference)}}) +
          "</li>\n</ul>\n<p class=\"hint\">" + t("staff.schedule.wait_hint") + "</p>\n";
  html += "<table>\n<caption>" + t("staff.schedule.fairness_caption") +
          "</caption>\n<thead><tr><th scope=\"col\">" + t("staff.schedule.company") +
          "</th><th scope=\"col\">" + t("staff.schedule.meetings") + "</th><th scope=\"col\">" +
          t("staff.schedule.wait") + "</th><th scope=\"col\">" + t("staff.schedule.preferred_met") +
          "</th></tr></thead>\n<tbody>\n";
  for (const auto& line : lines)
    html += "<tr><th scope=\"row\">" + h(line.company) + "</th><td>" +
            std::to_string(line.meetings) + "</td><td>" +
            (line.wait ? std::to_string(*line.wait) + " " + t("staff.schedule.minutes") : "–") +
            "</td><td>" +
            (!line.preferred_met
                 ? t("staff.schedule.no_preference")
                 : t(*line.preferred_met ? "staff.schedule.yes" : "staff.schedule.no")) +
            "</td></tr>\n";
  return html + "</tbody>\n</table>\n";
}

Response schedule_page(StaffSite& site, const Request& request, const StaffContext& staff,
                       const EventView& view, http::status status = http::status::ok,
                       const std::optional<MoveError>& error = {}) {
  const Texts t(staff.lang);
  const std::string base = base_path(view.event);
  const std::string q = t.query();
  std::string html;
  if (error) html += error_summary(t, error->message, "slot-" + std::to_string(error->meeting_id));
  const std::string title =
      std::string(tr(staff.lang, "staff.schedule.proposal")) + ": " + view.event.title;
  html += "<h1>" + h(title) + "</h1>\n<p><a href=\"" + base + q + "\">" + t("staff.schedule.back") +
          "</a></p>\n";
  if (const auto published = staff.query.first("published"); published && !view.versions.empty())
    html += "<div class=\"notice ok\" role=\"status\"><p>" +
            fill(t("staff.schedule.published_now"),
                 {{"n", std::to_string(view.versions.back().version)}}) +
            "</p></div>\n";
  html +=
      "<p>" + (view.run ? run_summary(*view.run, view, t) : t("staff.schedule.no_run")) + "</p>\n";
  if (view.run) html += run_verdict(*view.run, view, t);

  html += grid_section(view, staff, t, error);
  html += unplaced_section(site, view, t);
  html += changes_section(view, t);
  html += fairness_section(view, t);

  html += "<h2 id=\"publish\">" + t("staff.schedule.publish") + "</h2>\n";
  if (!view.versions.empty())
    html +=
        "<p>" +
        fill(t("staff.schedule.published_version"),
             {{"n", std::to_string(view.versions.back().version)},
              {"at", h(local_stamp(view.versions.back().published_at, view.event, staff.lang))}}) +
        "</p>\n";
  html += "<form method=\"post\" action=\"" + base + "/publish" + q + "\">" + csrf_field(staff) +
          "<p class=\"hint\" id=\"publish-hint\">" + t("staff.schedule.publish_hint") +
          "</p><button type=\"submit\" aria-describedby=\"publish-hint\">" +
          t("staff.schedule.publish_button") + "</button></form>\n";
  return staff_page(status, staff, title, request, html, true);
}

// The text of a move() refusal, from the code its message starts with.
std::string refusal_text(const data::StoreError& failure, Lang lang, const std::string& slot,
                         const std::string& room_name) {
  const std::string code = failure.message.substr(0, failure.message.find(':'));
  const std::string key = "staff.schedule.refusal." + code;
  const std::string_view text = tr(lang, key);
  if (text == key) return failure.message;
  return fill(text, {{"time", slot}, {"room", room_name}});
}

std::int64_t parse_id(const std::string& text) {
  std::int64_t id = 0;
  for (const char c : text) {
    if (c < '0' || c > '9' || id > 1'000'000'000'000) return 0;
    id = id * 10 + (c - '0');
  }
  return id;
}

Response json_reply(http::status status, std::string body) {
  return make_response(status, std::move(body), "application/json; charset=utf-8");
}

std::int64_t monotonic_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The run stops as soon as every level is proven (most days: well under a second); the limit
// is for the days where a proof takes longer (up to 4 s on the generated days of
// tests/bench/RESULTS.md). The request runs on the server's blocking pool, not an I/O thread.
constexpr std::int64_t kSolveTimeLimitMs = 10'000;
// Runs tried when the event keeps changing under the scheduler (see the run's route).
constexpr int kRunAttempts = 3;

}  // namespace

std::span<const CatalogEntry> staff_schedule_catalog() { return kSchedule; }

void add_staff_schedule_routes(Router& router, StaffSite& site) {
  add_staff_route(
      router, site, http::verb::get, "/staff/events/{id}",
      on_staff_event(site, [&site](const Request& request, const PathParams&,
                                   const StaffContext& staff, const data::EventInfo& event) {
        return dashboard(request, staff, load_view(site, event));
      }));

  add_staff_route(
      router, site, http::verb::post, "/staff/events/{id}/schedule",
      on_staff_event(site, [&site](const Request& request, const PathParams&,
                                   const StaffContext& staff, const data::EventInfo& event) {
        data::ScheduleStore schedules(site.db);
        // Registrations, bookings and other staff may change the event while the scheduler
        // works; store_run then stores nothing, and the run starts again from the event as it
        // is now (a few times, then staff are told).
        for (int attempt = 1;; ++attempt) {
          auto instance = schedules.load_instance(event.id);
          if (!instance) {
            const EventView view = load_view(site, event);
            return dashboard(request, staff, view, http::status::unprocessable_entity,
                             store_failure_text(staff.lang, instance.failure()));
          }
          const sched::Schedule previous = schedules.current_schedule(event.id, instance.value());
          sched::SolveOptions options;
          options.seed = event.lottery_seed.value_or(1);
          options.time_limit_ms = kSolveTimeLimitMs;
          options.previous = &previous;
          const sched::Schedule result = sched::solve(instance.value(), options, monotonic_ms);
          auto stored =
              schedules.store_run(event.id, instance.value(), result, staff.user.id, staff.actor());
          if (stored)
            return staff_redirect(base_path(event) + "/schedule?lang=" +
                                  std::string(code(staff.lang)));
          const bool stale = stored.failure().code == "schedule.stale";
          if (!stale || attempt == kRunAttempts)
            return dashboard(request, staff, load_view(site, event),
                             stale ? http::status::conflict : http::status::unprocessable_entity,
                             store_failure_text(staff.lang, stored.failure()));
        }
      }));

  add_staff_route(
      router, site, http::verb::get, "/staff/events/{id}/schedule",
      on_staff_event(site, [&site](const Request& request, const PathParams&,
                                   const StaffContext& staff, const data::EventInfo& event) {
        return schedule_page(site, request, staff, load_view(site, event));
      }));

  add_staff_route(
      router, site, http::verb::post, "/staff/events/{id}/meetings/{mid}",
      on_staff_event(site, [&site](const Request& request, const PathParams& params,
                                   const StaffContext& staff, const data::EventInfo& event) {
        data::ScheduleStore schedules(site.db);
        const std::int64_t meeting_id = parse_id(params.at("mid"));
        auto meeting = schedules.meeting(meeting_id);
        if (meeting_id == 0 || !meeting || meeting.value().event_id != event.id)
          return staff_not_found(request, staff);
        const std::string back = base_path(event) +
                                 "/schedule?lang=" + std::string(code(staff.lang)) + "#meeting-" +
                                 std::to_string(meeting_id);
        const std::string action = staff.form.value("action");
        auto refuse = [&](const std::string& message) {
          return schedule_page(
              site, request, staff, load_view(site, event), http::status::unprocessable_entity,
              MoveError{meeting_id, message, staff.form.value("slot"), staff.form.value("room")});
        };
        if (action == "lock" || action == "unlock") {
          auto done = schedules.set_locked(meeting_id, action == "lock", staff.actor());
          if (!done) return staff_not_found(request, staff);
          return staff_redirect(back);
        }
        if (action != "move")
          return refuse(std::string(tr(staff.lang, "staff.schedule.bad_action")));
        const std::string slot_text = staff.form.value("slot");
        const auto start = core::parse_clock(slot_text);
        if (!start) return refuse(std::string(tr(staff.lang, "staff.schedule.bad_time")));
        const std::string room_key = staff.form.value("room");
        const std::optional<std::string> room =
            room_key.empty() ? std::nullopt : std::optional(room_key);
        if (!room && !load_view(site, event).may_have_no_room(meeting.value()))
          return refuse(std::string(tr(staff.lang, "staff.schedule.room_needed")));
        auto moved = schedules.move(meeting_id, *start, room, staff.actor());
        if (!moved) {
          std::string room_name = room_key;
          if (auto day = data::EventStore(site.db).load_day(event.id))
            for (const auto& r : day.value().rooms)
              if (r.key == room_key) room_name = r.name;
          return refuse(refusal_text(moved.failure(), staff.lang, slot_text, room_name));
        }
        return staff_redirect(back);
      }));

  add_staff_route(
      router, site, http::verb::post, "/staff/events/{id}/publish",
      on_staff_event(site, [&site](const Request& request, const PathParams&,
                                   const StaffContext& staff, const data::EventInfo& event) {
        auto version = data::ScheduleStore(site.db).publish(event.id, staff.user.id, staff.actor());
        if (!version) return staff_not_found(request, staff);
        return staff_redirect(base_path(event) + "/schedule?lang=" + std::string(code(staff.lang)) +
                              "&published=" + std::to_string(version.value()) + "#publish");
      }));

  add_staff_route(
      router, site, http::verb::get, "/staff/events/{id}/instance.json",
      on_staff_event(site,
                     [&site](const Request&, const PathParams&, const StaffContext&,
                             const data::EventInfo& event) {
                       auto instance = data::ScheduleStore(site.db).load_instance(event.id);
                       if (!instance)
                         return json_reply(
                             http::status::unprocessable_entity,
                             nlohmann::json{{"error", instance.error()}}.dump() + "\n");
                       return json_reply(http::status::ok, sched::write_instance(instance.value()));
                     }),
      StaffReply::kData);

  add_staff_route(router, site, http::verb::get, "/staff/events/{id}/schedule.json",
                  on_staff_event(site,
                                 [&site](const Request&, const PathParams&, const StaffContext&,
                                         const data::EventInfo& event) {
                                   data::ScheduleStore schedules(site.db);
                                   auto instance = schedules.load_instance(event.id);
                                   if (!instance)
                                     return json_reply(
                                         http::status::unprocessable_entity,
                                         nlohmann::json{{"error", instance.error()}}.dump() + "\n");
                                   return json_reply(
                                       http::status::ok,
                                       sched::write_schedule(
                                           schedules.current_schedule(event.id, instance.value()),
                                           instance.value()));
                                 }),
                  StaffReply::kData);
}

}  // namespace dialogdag::web
