#include "web/i18n.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <span>
#include <unordered_map>

#include "web/form.h"
#include "web/i18n_catalog.h"

namespace dialogdag::web {
namespace {

using Entry = CatalogEntry;

// The public site's texts, grouped by page; keys are unique across all fragments (a test
// checks it).
constexpr Entry kCatalog[] = {
    {"footer", "dialogdag – dialogkonferanser for offentlige anskaffelser",
     "dialogdag – dialogue conferences for public procurement"},
    {"home.title", "Dialogkonferanser", "Dialogue conferences"},
    {"home.intro", "Her finner du dialogkonferanser der offentlige innkjøpere møter leverandører før en anskaffelse. Velg en konferanse for å lese om behovet og melde på firmaet.",
     "Dialogue conferences where public buyers meet suppliers before a procurement. Choose a conference to read about the need and register your company."},
    {"home.none", "Ingen konferanser er publisert nå.", "No conferences are published right now."},
    {"lang.switch", "English", "Norsk (bokmål)"},
    {"lang.switch.label", "Språk", "Language"},
    {"not_found.text", "Vi finner ikke siden du ba om. Sjekk adressen, eller gå til forsiden.",
     "We cannot find the page you asked for. Check the address, or go to the front page."},
    {"not_found.title", "Fant ikke siden", "Page not found"},
    {"skip_to_content", "Hopp til hovedinnholdet", "Skip to main content"},
    {"unavailable.title", "Tjenesten kan ikke lagre akkurat nå", "The service cannot save right now"},
    {"unavailable.text",
     "Ingenting er lagret. Prøv igjen om litt. Det du allerede har sendt inn tidligere, er i behold.",
     "Nothing was saved. Please try again later. What you sent in before is safe."},


    // Event page, booking page, cancel, errors of the public site.
    {"csrf.title", "Skjemaet er utløpt", "The form has expired"},
    {"csrf.text", "Gå tilbake, last inn siden på nytt og send skjemaet igjen. Ingenting er lagret.",
     "Go back, reload the page and send the form again. Nothing was saved."},
    {"event.open", "Påmeldingen er åpen.", "Registration is open."},
    {"event.closed", "Påmeldingen er ikke åpen.", "Registration is not open."},
    {"event.deadline", "Frist:", "Deadline:"},
    {"event.book", "Meld på firmaet", "Register your company"},
    {"event.need", "Behovet", "The need"},
    {"event.practical", "Praktisk", "Practical information"},
    {"event.date", "Dato", "Date"},
    {"event.venue", "Sted", "Venue"},
    {"event.organisers", "Arrangør", "Organisers"},
    {"event.doffin", "Doffin-kunngjøring", "Doffin notice"},
    {"event.programme", "Program", "Programme"},
    {"event.time", "Tid", "Time"},
    {"event.item", "Innhold", "Item"},
    {"event.one_to_ones", "En-til-en-møter", "One-to-one meetings"},
    {"event.how", "Slik fungerer en-til-en-møtene", "How the one-to-one meetings work"},
    {"event.length", "Alle leverandører får like lang tid:", "Every supplier gets the same time:"},
    {"event.minutes", "minutter", "minutes"},
    {"event.mode_request",
     "Dere oppgir når dere kan. Etter fristen setter vi opp møtene slik at alle som ønsker det, får ett møte før noen får to.",
     "You tell us when you can meet. After the deadline we schedule the meetings so that everyone who asks gets one meeting before anyone gets two."},
    {"event.mode_instant", "Dere velger selv et ledig tidspunkt når dere melder dere på.",
     "You choose a free time yourselves when you register."},
    {"event.allocation_default",
     "Er det flere ønsker enn ledige tider, avgjør en trekning som kan etterprøves hvem som får tidene.",
     "If there are more requests than free times, a lottery that anyone can re-run decides who gets them."},
    {"event.lottery_seed", "Trekningstallet for loddtrekningen er {seed}.", "The lottery seed is {seed}."},
    {"event.max_people", "Antall personer per leverandør, høyst:", "People per supplier, at most:"},
    {"event.retention", "Personopplysningene slettes etter", "Personal data is deleted after"},
    {"book.title", "Påmelding", "Registration"},
    {"closed.title", "Påmeldingen er stengt", "Registration is closed"},
    {"closed.text", "Det går ikke an å melde seg på eller endre påmeldingen nå. Ta kontakt med arrangøren.",
     "You cannot register or change a registration now. Please contact the organiser."},
    {"error.orgnr_taken",
     "Dette organisasjonsnummeret er allerede påmeldt. Bruk lenken i bekreftelsen fra første påmelding for å endre den, eller kontakt arrangøren",
     "This organisation number is already registered. Use the link in the first registration's confirmation to change it, or contact the organiser"},
    {"booking.title", "Din påmelding", "Your registration"},
    {"booking.reference", "Referanse", "Reference"},
    {"booking.status", "Status", "Status"},
    {"booking.registered", "Påmeldt", "Registered"},
    {"booking.cancelled", "Avmeldt", "Cancelled"},
    {"booking.keep_link",
     "Ta vare på lenken til denne siden: den er din private lenke for å se, endre og avmelde påmeldingen.",
     "Keep the link to this page: it is your private link to see, change and cancel your registration."},
    {"booking.meetings", "Møtet ditt", "Your meeting"},
    {"booking.not_scheduled", "Møtetidspunktet er ikke satt ennå. Du ser det her når det er publisert.",
     "The meeting time is not set yet. You will see it here once it is published."},
    {"booking.calendar", "Legg til i kalenderen (.ics)", "Add to your calendar (.ics)"},
    {"booking.room_later", "rom kommer", "room to be announced"},
    {"booking.digital", "digitalt", "digital"},
    {"booking.meeting_with", "Møte med", "Meeting with"},
    {"booking.edit_link", "Endre påmeldingen", "Change the registration"},
    {"change.title", "Endre påmeldingen", "Change the registration"},
    {"booking.scheduled", "Møte satt opp", "Meeting scheduled"},
    {"booking.manage", "Din private lenke", "Your private link"},
    {"booking.cancel_link", "Meld av", "Cancel the registration"},
    {"booking.to_event", "Til arrangementet", "To the event"},
    {"cancel.title", "Meld av", "Cancel the registration"},
    {"cancel.text", "Vil du melde av påmeldingen", "Do you want to cancel the registration"},
    {"cancel.confirm", "Ja, meld av", "Yes, cancel"},
    {"cancel.back", "Nei, gå tilbake", "No, go back"},
    {"cancel.too_late", "Fristen er ute", "The deadline has passed"},
    {"cancel.too_late_text", "Ta kontakt med arrangøren for å melde av.", "Please contact the organiser to cancel."},
    // The booking form.
    {"answer.no", "Nei", "No"},
    {"answer.yes", "Ja", "Yes"},
    {"form.errors_title", "Det er noe som må rettes", "There is a problem"},
    {"form.company_legend", "Firma og kontaktperson", "Company and contact person"},
    {"form.company", "Firmanavn", "Company name"},
    {"form.orgnr", "Organisasjonsnummer", "Organisation number"},
    {"form.orgnr_hint", "9 siffer, for eksempel 123 456 785", "9 digits, for example 123 456 785"},
    {"form.contact_name", "Kontaktperson", "Contact person"},
    {"form.email", "E-post", "E-mail"},
    {"form.phone", "Telefon", "Phone"},
    {"form.attendees_legend", "Hvem kommer", "Who is coming"},
    {"form.attendees_hint", "Navn og rolle på dem som deltar. Høyst", "Name and role of those attending. At most"},
    {"form.attendee_name", "Navn, deltaker", "Name, attendee"},
    {"form.attendee_role", "Rolle, deltaker", "Role, attendee"},
    {"form.plenary", "Deltar dere på plenumsdelen?", "Will you attend the plenary?"},
    {"form.meeting", "Ønsker dere et en-til-en-møte?", "Do you want a one-to-one meeting?"},
    {"form.meeting_legend", "En-til-en-møtet", "The one-to-one meeting"},
    {"form.meeting_hint", "Fyll ut dette hvis dere ønsker et møte. Alle får like lang tid.",
     "Fill this in if you want a meeting. Every supplier gets the same length of time."},
    {"form.panels", "Hvilket panel vil dere møte?", "Which panel do you want to meet?"},
    {"form.available_from", "Tidligst ankomst", "Earliest arrival"},
    {"form.available_from_hint", "TT:MM, la stå tom hvis dere kan hele dagen", "HH:MM, leave empty if you can all day"},
    {"form.available_until", "Senest avreise", "Latest departure"},
    {"form.available_until_hint", "TT:MM, for eksempel når fergen går", "HH:MM, for example when your ferry leaves"},
    {"form.slot_instant", "Velg tidspunkt for møtet", "Choose the time of your meeting"},
    {"form.slot_preferred", "Foretrukne tidspunkter (valgfritt)", "Preferred times (optional)"},
    {"form.no_free_slots", "Alle tidspunkter er tatt.", "Every time is taken."},
    {"form.no_slots", "Møtetidene er ikke satt ennå.", "The meeting times are not set yet."},
    {"form.digital", "Vi ønsker et digitalt møte", "We want a digital meeting"},
    {"form.topics", "Tema dere vil ta opp", "Topics you want to raise"},
    {"form.topics_hint", "Valgfritt", "Optional"},
    {"form.privacy",
     "Personvern: oppdragsgiver behandler opplysningene for å planlegge dialogmøtene og dokumentere likebehandling. Personopplysningene slettes etter",
     "Privacy: the contracting authority processes this information to plan the dialogue meetings and document equal treatment. Personal data is deleted after"},
    {"form.consent", "Jeg har lest personvernerklæringen og samtykker", "I have read the privacy notice and consent"},
    {"form.submit_book", "Send påmelding", "Send registration"},
    {"form.submit_change", "Lagre endringene", "Save changes"},
    {"error.company", "Skriv firmanavnet", "Enter the company name"},
    {"error.too_long", "Teksten er for lang (høyst 200 tegn)", "The text is too long (at most 200 characters)"},
    {"error.orgnr_missing", "Skriv organisasjonsnummeret", "Enter the organisation number"},
    {"error.orgnr", "Organisasjonsnummeret er ikke gyldig: sjekk de 9 sifrene", "The organisation number is not valid: check the 9 digits"},
    {"error.contact_name", "Skriv navnet på kontaktpersonen", "Enter the contact person's name"},
    {"error.email_missing", "Skriv e-postadressen", "Enter the e-mail address"},
    {"error.email", "Skriv e-postadressen slik: navn@firma.no", "Enter the e-mail address like this: name@company.com"},
    {"error.phone_missing", "Skriv telefonnummeret", "Enter the phone number"},
    {"error.phone", "Telefonnummeret kan bare ha sifre, mellomrom og +", "The phone number may only have digits, spaces and +"},
    {"error.attendee_name", "Skriv navnet til deltakeren som har en rolle", "Enter the name of the attendee who has a role"},
    {"error.attendees_none", "Skriv navnet på minst én deltaker", "Enter the name of at least one attendee"},
    {"error.attendees_many", "For mange deltakere. Høyst", "Too many attendees. At most"},
    {"error.plenary", "Svar på om dere deltar på plenumsdelen", "Say whether you attend the plenary"},
    {"error.meeting", "Svar på om dere ønsker et en-til-en-møte", "Say whether you want a one-to-one meeting"},
    {"error.panels", "Velg minst ett panel å møte", "Choose at least one panel to meet"},
    {"error.panel_unknown", "Velg et panel fra listen", "Choose a panel from the list"},
    {"error.time", "Skriv klokkeslettet som TT:MM, for eksempel 13:30", "Enter the time as HH:MM, for example 13:30"},
    {"error.time_order", "Avreise må være etter ankomst", "Departure must be after arrival"},
    {"error.slot_unknown", "Velg et tidspunkt fra listen", "Choose a time from the list"},
    {"error.slot_missing", "Velg tidspunkt for møtet", "Choose the time of your meeting"},
    {"error.slot_taken", "Tidspunktet ble nettopp tatt av en annen. Velg et av de ledige tidspunktene", "That time was just taken by someone else. Choose one of the free times"},
    {"error.slot_outside_travel", "Tidspunktet er utenfor tiden dere er til stede", "The time is outside the hours you are there"},
    {"error.slot_not_in_day", "Tidspunktet finnes ikke blant dagens møtetider. Velg et av tidspunktene i listen", "That time is not one of the day's meeting times. Choose one of the times in the list"},
    {"error.slot_no_digital_room", "Alle digitale møterom er opptatt på dette tidspunktet. Velg et annet tidspunkt, eller møt fysisk", "Every digital meeting room is in use at that time. Choose another time, or meet in person"},
    {"error.slot_panel_busy", "Panelet er opptatt på dette tidspunktet (et medlem sitter i et annet møte, eller rommet er i bruk). Velg et annet tidspunkt", "The panel is busy at that time (a member is in another meeting, or the room is in use). Choose another time"},
    {"booking.not_placed", "Du fikk dessverre ikke et en-til-en-møte. Møteplanen er publisert, og det var flere ønsker om møte enn ledige tider; fordelingen fulgte regelen som står på konferansesiden.", "Unfortunately you did not get a one-to-one meeting. The schedule is published, and there were more requests than free times; they were shared out by the rule stated on the event page."},
    {"booking.not_placed_travel", "Du fikk ikke et en-til-en-møte: ingen av møtetidene passer med når du har sagt at du kan være der (ankomst {from}, avreise {until}).", "You did not get a one-to-one meeting: none of the meeting times fits when you said you can be there (arrival {from}, departure {until})."},
    {"booking.not_placed_other", "Du fikk dessverre ikke et en-til-en-møte. Møteplanen er publisert, og reglene for dagen ga ikke plass til møtet ditt; fordelingen fulgte regelen som står på konferansesiden.", "Unfortunately you did not get a one-to-one meeting. The schedule is published, and the rules of the day left no room for your meeting; they were shared out by the rule stated on the event page."},
    {"booking.not_placed_lottery", "Du fikk dessverre ikke et en-til-en-møte. Det var flere ønsker om møte enn ledige tider, og en loddtrekning avgjorde rekkefølgen: du fikk plass {position} av {of}, og tidene du kunne ta, var tatt da det ble din tur. Trekningstallet var {seed}; med det kan trekningen etterprøves.", "Unfortunately you did not get a one-to-one meeting. There were more requests than free times, and a lottery decided the order: you drew position {position} of {of}, and the times you could take were taken when your turn came. The lottery seed was {seed}; with it the draw can be checked."},
    {"booking.not_placed_late", "Du har ikke fått et en-til-en-møte: ønsket ditt om møte, eller endringen av det, kom etter at møteplanen ble satt opp. Arrangøren kan fortsatt finne en tid til deg; da står møtet her.", "You have no one-to-one meeting: your request for one, or your change to it, came after the schedule was made. The organisers may still find a time for you; the meeting will then show here."},
    {"booking.not_placed_room", "Du fikk ikke et en-til-en-møte: møterommet til panelet har {seats} plasser, og panelet ({members}) og dere ({people}) er flere enn det.", "You did not get a one-to-one meeting: the panel's meeting room seats {seats}, and the panel ({members}) and your group ({people}) are more than that."},
    {"booking.unplaced_title", "Møter du ba om, men ikke fikk", "Meetings you asked for but did not get"},
    {"booking.unplaced_late", "ønsket om dette møtet kom etter at møteplanen ble satt opp. Arrangøren kan fortsatt finne en tid; da står møtet på denne siden.", "your request for this meeting came after the schedule was made. The organisers may still find a time; the meeting will then show on this page."},
    {"booking.unplaced_lottery", "tidene der dere begge kunne, var tatt. Alle leverandører får ett møte før noen får to, og en loddtrekning avgjorde rekkefølgen: du fikk plass {position} av {of} (trekningstallet var {seed}).", "the times when you could both meet were taken. Every supplier gets one meeting before anyone gets two, and a lottery decided the order: you drew position {position} of {of} (the lottery seed was {seed})."},
    {"booking.unplaced_own", "på tidene der dere begge kunne, har du dine andre møter. Vil du ha dette møtet også, må du kunne være der lenger: endre påmeldingen før fristen, eller ta kontakt med arrangøren.", "at the times when you could both meet, you have your other meetings. To get this meeting too, you would need to be there longer: change your booking before the deadline, or contact the organisers."},
    {"booking.unplaced_taken", "tidene der dere begge kunne, var tatt av andre møter.", "the times when you could both meet were taken by other meetings."},
    {"booking.unplaced_priority", "møtet ville ha tatt plassen til et møte som reglene for dagen setter først, for eksempel en annen leverandørs første møte.", "the meeting would have taken the place of one the rules of the day put first, such as another supplier's first meeting."},
    {"booking.unplaced_no_time", "panelet og du har ingen ledig tid felles. Se når du har sagt at du kan være der.", "the panel and you have no free time in common. Check when you said you can be there."},
    {"booking.unplaced_room", "møterommet har ikke plass til {people} personer.", "the meeting room does not seat {people} people."},
    {"booking.unplaced_other", "reglene for dagen ga ikke plass til møtet.", "the rules of the day left no room for the meeting."},
    {"booking.not_placed_contact", "Har du spørsmål, ta kontakt med arrangøren: {organisers}.", "If you have questions, contact the organisers: {organisers}."},
    {"error.topics_long", "Teksten er for lang (høyst 4000 tegn)", "The text is too long (at most 4000 characters)"},
    {"error.consent", "Kryss av for at du har lest personvernerklæringen", "Tick the box to confirm you have read the privacy notice"},
};

// Every fragment of the catalog: the public site's and the staff console's areas.
std::vector<std::span<const Entry>> all_fragments() {
  return {kCatalog, staff_common_catalog(), staff_accounts_catalog(), staff_setup_catalog(),
          staff_schedule_catalog(), staff_agenda_catalog(), staff_record_catalog()};
}

std::string_view query_language(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {};
  auto form = parse_form(target.substr(question + 1));
  if (!form.ok()) return {};
  for (const auto& [name, value] : form.value().pairs())
    if (name == "lang") return value == "en" ? "en" : value == "nb" ? "nb" : "";
  return {};
}

}  // namespace

Lang language_of(const Request& request) {
  const std::string_view from_query = query_language(request.target());
  if (!from_query.empty()) return from_query == "en" ? Lang::kEn : Lang::kNb;
  if (const auto chosen = cookie(request[http::field::cookie], "lang"))
    return *chosen == "en" ? Lang::kEn : Lang::kNb;
  // Accept-Language: whichever of English and Norwegian comes first (ignoring q-values,
  // which browsers send in order anyway).
  std::string accept(request[http::field::accept_language]);
  std::transform(accept.begin(), accept.end(), accept.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t english = std::string::npos;
  for (std::size_t at = accept.find("en"); at != std::string::npos; at = accept.find("en", at + 1))
    if (at == 0 || accept[at - 1] == ',' || accept[at - 1] == ' ') {
      english = at;
      break;
    }
  std::size_t norwegian = std::string::npos;
  for (const char* tag : {"nb", "no", "nn"}) norwegian = std::min(norwegian, accept.find(tag));
  return english < norwegian ? Lang::kEn : Lang::kNb;
}

std::string_view code(Lang lang) { return lang == Lang::kEn ? "en" : "nb"; }

std::string_view tr(Lang lang, std::string_view key) {
  static const std::unordered_map<std::string_view, const Entry*> index = [] {
    std::unordered_map<std::string_view, const Entry*> map;
    for (const auto fragment : all_fragments())
      for (const Entry& entry : fragment) map.emplace(entry.key, &entry);
    return map;
  }();
  const auto at = index.find(key);
  if (at == index.end()) return key;
  return lang == Lang::kEn ? at->second->en : at->second->nb;
}

std::string long_date(std::string_view ymd, Lang lang) {
  static constexpr const char* kMonthsNb[] = {"januar", "februar", "mars",     "april",
                                              "mai",    "juni",    "juli",     "august",
                                              "september", "oktober", "november", "desember"};
  static constexpr const char* kMonthsEn[] = {"January", "February", "March",     "April",
                                              "May",     "June",     "July",      "August",
                                              "September", "October", "November", "December"};
  static constexpr const char* kDaysNb[] = {"søndag",  "mandag", "tirsdag", "onsdag",
                                            "torsdag", "fredag", "lørdag"};
  static constexpr const char* kDaysEn[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                            "Thursday", "Friday", "Saturday"};
  int y = 0;
  unsigned m = 0, d = 0;
  if (ymd.size() != 10 || std::sscanf(std::string(ymd).c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3)
    return std::string(ymd);
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                         std::chrono::day{d}};
  if (!date.ok()) return std::string(ymd);
  const unsigned weekday = std::chrono::weekday{std::chrono::sys_days{date}}.c_encoding();
  if (lang == Lang::kEn)
    return std::string(kDaysEn[weekday]) + " " + std::to_string(d) + " " + kMonthsEn[m - 1] + " " +
           std::to_string(y);
  return std::string(kDaysNb[weekday]) + " " + std::to_string(d) + ". " + kMonthsNb[m - 1] + " " +
         std::to_string(y);
}

std::vector<std::string_view> catalog_keys() {
  std::vector<std::string_view> keys;
  for (const auto fragment : all_fragments())
    for (const Entry& entry : fragment) keys.push_back(entry.key);
  return keys;
}

}  // namespace dialogdag::web
