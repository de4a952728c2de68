#include "data/demo.h"

#include <date/date.h>

#include <array>
#include <cstdio>

#include "data/crypto.h"
#include "data/event_store.h"
#include "data/organisation_store.h"
#include "data/registration_store.h"
#include "data/user_store.h"
#include "scheduler/validation.h"

namespace dialogdag::data {
namespace {

constexpr const char* kSlug = "trygghetsalarm-namdalen";

struct DemoSupplier {
  const char* company;
  std::uint32_t orgnr_base;  // first eight digits; the check digit is computed
  const char* contact;
  const char* mailbox;  // local part of the contact's e-mail
  const char* domain;
  const char* second;  // a second attendee, or ""
  const char* panels;  // one letter per panel asked for: f = felles, t = teknisk, r = responssenter
  int from;            // earliest arrival, minutes (0 = none)
  int until;           // latest departure (0 = none)
  bool digital;
  const char* topics;
};

// Fictitious companies with believable names; contacts at .example domains.
constexpr std::array<DemoSupplier, 20> kSuppliers = {{
    {"Namdal Trygghet AS", 91234567, "Kari Nordhus", "kari.nordhus", "namdaltrygghet.example",
     "Jon Olav Lyngstad", "r", 0, 0, false, "Erfaring fra drift av responssenter i Trøndelag."},
    {"Nordlys Velferdsteknologi AS", 91876543, "Ole Martin Berg", "omb", "nordlysvelferd.example",
     "", "f", 0, 0, false, "Mobile trygghetsalarmer med GPS for hjemmeboende."},
    {"Fjordvakt Alarm AS", 92011223, "Silje Johansen", "silje", "fjordvakt.example",
     "Arne Fjellheim", "t", 13 * 60, 0, false, "Kommer med ferga fra Rørvik."},
    {"Trøndelag Omsorgsteknologi AS", 92233445, "Anders Lund", "anders.lund", "tomsorg.example", "",
     "t", 0, 15 * 60, false, "Integrasjon mot Gerica og CosDoc."},
    {"Kystlink Helse AS", 92345671, "Hanne Kristiansen", "hanne", "kystlink.example", "", "f", 0, 0,
     true, "Ønsker digitalt møte."},
    {"Senior Sikring Norge AS", 92456781, "Thomas Nilsen", "thomas.nilsen", "seniorsikring.example",
     "Line Bergstrøm", "f", 0, 0, false, "Fallsensorer og døralarmer på sykehjem."},
    {"Helgeland Sensor AS", 92567892, "Ingvild Haugen", "ingvild", "helgelandsensor.example", "",
     "t", 12 * 60 + 45, 0, false, "Sensorer for nattilsyn."},
    {"Varde Responssenter AS", 92678903, "Jonas Eriksen", "jonas.eriksen", "varde.example", "", "r",
     0, 0, false, "Responssenter med sykepleiere døgnet rundt."},
    {"Midtnorsk Alarmtjeneste AS", 92789014, "Marte Bakken", "marte", "midtnorskalarm.example",
     "Øyvind Strøm", "r", 0, 0, false, "Overgang fra analoge til digitale alarmer."},
    {"Tryggheim Digital AS", 92890125, "Eirik Dahl", "eirik.dahl", "tryggheim.example", "", "t", 0,
     14 * 60 + 30, false, "Rekker flyet fra Namsos lufthavn kl. 15.10."},
    {"Innherred Helseteknologi AS", 93011236, "Camilla Strand", "camilla", "innherredhelse.example",
     "", "f", 0, 0, false, "Brukermedvirkning og opplæring."},
    {"Polarlys Omsorg AS", 93122347, "Lars Fredriksen", "lars", "polarlysomsorg.example", "", "r",
     13 * 60 + 30, 0, false, "Kjører fra Mosjøen samme morgen."},
    {"Nærvakt AS", 93233458, "Tone Sandvik", "tone.sandvik", "naervakt.example", "Geir Henriksen",
     "r", 0, 0, false, "Trygghetsalarm med toveis tale."},
    {"Norsk Pasientvarsling AS", 93344569, "Magnus Holm", "magnus.holm", "pasientvarsling.example",
     "", "t", 0, 0, false, "Pasientvarsling på sykehjem."},
    {"Bjørkly Teknologi AS", 93455670, "Ragnhild Fosse", "ragnhild", "bjorkly.example", "", "f", 0,
     0, false, "Lokal leverandør i Namsos."},
    {"Vestfjord Velferd AS", 93566781, "Sindre Aasen", "sindre", "vestfjordvelferd.example", "",
     "r", 0, 0, true, "Sitter i Bodø; digitalt møte passer best."},
    {"Omsorgsnett Trondheim AS", 93677892, "Vilde Moe", "vilde.moe", "omsorgsnett.example",
     "Kristoffer Ness", "ft", 12 * 60 + 30, 15 * 60 + 30, false, "Tog og leiebil fra Trondheim."},
    {"Sikker Hverdag AS", 93788903, "Håkon Rønning", "hakon", "sikkerhverdag.example", "", "f", 0,
     0, false, "Velferdsteknologi for personer med demens."},
    {"Lysglimt Sensorikk AS", 93899014, "Guro Sæther", "guro", "lysglimt.example", "", "t", 0, 0,
     false, "Bevegelsessensorer uten kamera."},
    {"Agder Trygghetsløsninger AS", 94011225, "Bjørnar Vik", "bjornar.vik", "agdertrygghet.example",
     "", "r", 0, 0, true, "Langt å reise; ønsker digitalt møte."},
}};

// The next valid organisation number at or after `base` (skipping remainders of 1).
std::string orgnr_near(std::uint32_t base) {
  for (std::uint32_t candidate = base;; ++candidate)
    if (auto orgnr = orgnr_with_check_digit(candidate)) return *orgnr;
}

std::string phone(int i) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "+47 9%02d %02d %03d", 10 + 3 * i, 40 + i, 101 + 17 * i);
  return buffer;
}

// A Thursday about six weeks after `now`.
std::string demo_day(Instant now) {
  date::sys_days day = std::chrono::floor<date::days>(now) + date::days{42};
  while (date::weekday{day} != date::Thursday) day += date::days{1};
  const date::year_month_day ymd{day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

core::PanelMember member(const char* email, const char* name, core::Role role) {
  return {email, name, role};
}

}  // namespace

std::optional<std::string> orgnr_with_check_digit(std::uint32_t first_eight) {
  if (first_eight > 99999999u) return std::nullopt;
  char digits[10];
  std::snprintf(digits, sizeof digits, "%08u", first_eight);
  static constexpr int kWeights[8] = {3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (digits[i] - '0') * kWeights[i];
  const int r = sum % 11;
  if (r == 1) return std::nullopt;
  const int check = r == 0 ? 0 : 11 - r;
  return std::string(digits, 8) + static_cast<char>('0' + check);
}

StoreResult<DemoInfo> create_demo(Db& db, const std::string& actor) {
  EventStore events(db);
  if (auto existing = events.find_by_slug(kSlug))
    return conflict("the demo event /e/" + std::string(kSlug) + " exists already in " + db.path());

  OrganisationStore organisations(db);
  const std::array<std::pair<const char*, std::uint32_t>, 5> municipalities = {{
      {"Namsos kommune", 94487011},
      {"Vikna kommune", 94501722},
      {"Høylandet kommune", 94487333},
      {"Osen kommune", 94453544},
      {"Namsskogan kommune", 94487755},
  }};
  std::vector<std::int64_t> organisation_ids;
  for (const auto& [name, base] : municipalities) {
    if (auto found = organisations.find_by_name(name)) {
      organisation_ids.push_back(found.value().id);
      continue;
    }
    Organisation organisation{0, name, orgnr_near(base), true};
    auto id = organisations.create(organisation, actor);
    if (!id) return id.failure();
    organisation_ids.push_back(id.value());
  }

  DemoInfo info;
  info.slug = kSlug;
  info.staff_email = "anskaffelse@namsos.kommune.example";
  info.staff_password = random_token().substr(0, 20);
  UserStore users(db);
  NewUser staff{info.staff_email, "Per Arne Hansen", info.staff_password, organisation_ids[0],
                false};
  auto user = users.create(staff, actor);
  if (!user) return user.failure();

  const Instant now = db.now();
  info.day = demo_day(now);
  EventInfo event;
  event.slug = kSlug;
  event.title = "Dialogkonferanse: trygghetsalarmer i Namdalen";
  event.subject = "Trygghetsalarmer og responssentertjeneste for fem kommuner i Namdalen";
  event.need =
      "Namsos, Vikna, Høylandet, Osen og Namsskogan skal sammen anskaffe digitale "
      "trygghetsalarmer med responssenter for om lag 900 brukere. Vi vil høre hvordan markedet "
      "løser mobil alarm utendørs, integrasjon mot journalsystemene, drift i områder med svak "
      "dekning og overgangen fra dagens løsning — før vi skriver konkurransegrunnlaget.";
  event.doffin_ref = "2027-100482";
  event.venue = "Namsos rådhus, kommunestyresalen";
  event.address = "7800 Namsos";
  event.day = info.day;
  event.language = "nb";
  event.meeting_length = 30;
  event.changeover = 5;
  event.booking_mode = BookingMode::kRequest;
  event.registration_opens = now - std::chrono::hours{24 * 7};
  auto closes = local_to_instant(add_days(info.day, -7), 12 * 60, event.time_zone);
  if (!closes) return closes.failure();
  event.registration_closes = closes.value();
  event.max_people = 3;
  event.meetings_per_panel = 1;
  event.allocation_rule =
      "Alle som ber om det får ett møte før noen får to. Er det flere ønsker enn plasser, "
      "avgjør en loddtrekning med publisert frø.";
  event.retention_until = add_days(info.day, 365);
  event.status = EventStatus::kOpen;
  event.host_organisation_id = organisation_ids[0];
  event.co_organisers.assign(organisation_ids.begin() + 1, organisation_ids.end());
  event.created_by = user.value();
  auto event_id = events.create(event, actor);
  if (!event_id) return event_id.failure();
  info.event_id = event_id.value();

  using core::ItemKind;
  const std::vector<core::ProgrammeItem> programme = {
      {9 * 60, 9 * 60 + 15, "Velkommen og praktisk informasjon", "Kommunedirektør, Namsos kommune",
       ItemKind::kPlenary, true},
      {9 * 60 + 15, 10 * 60, "Behovet: trygghet hjemme i fem kommuner", "Ingrid Solberg",
       ItemKind::kPlenary, true},
      {10 * 60, 10 * 60 + 15, "Pause", "", ItemKind::kBreak, true},
      {10 * 60 + 15, 11 * 60, "Dagens løsning, integrasjoner og dekning", "Kjetil Moen",
       ItemKind::kPlenary, true},
      {11 * 60, 11 * 60 + 45, "Spørsmål fra leverandørene og veien videre", "Per Arne Hansen",
       ItemKind::kPlenary, true},
      {11 * 60 + 45, 12 * 60 + 30, "Lunsj", "", ItemKind::kLunch, true},
  };
  if (auto done = events.set_programme(info.event_id, programme, actor); !done)
    return done.failure();
  if (auto done =
          events.set_windows(info.event_id, {{12 * 60 + 30, 17 * 60 + 5, "ettermiddag"}}, actor);
      !done)
    return done.failure();
  const std::vector<core::EventRoom> rooms = {
      {"namsen", "Møterom Namsen", 8, false, ""},
      {"lauvsnes", "Møterom Lauvsnes", 6, false, ""},
      {"formannskapssalen", "Formannskapssalen", 12, false, ""},
      {"digitalt", "Digitalt møterom (Teams)", std::nullopt, true,
       "https://teams.example/l/meetup-join/trygghetsalarm-namdalen"},
  };
  for (const auto& room : rooms)
    if (auto done = events.put_room(info.event_id, room, actor); !done) return done.failure();

  // Three panels meet side by side, each with its own people (none sits on two panels) and
  // room, so the eight slots of the afternoon (24 places) seat the 21 requests.
  using core::Role;
  const std::vector<std::string> all_five = {"Namsos", "Vikna", "Høylandet", "Osen",
                                             "Namsskogan"};
  core::Panel felles{
      "felles",
      "Felles panel: helse og omsorg",
      all_five,
      {member("ingrid.solberg@namsos.kommune.example", "Ingrid Solberg", Role::kNeedOwner),
       member("per.arne.hansen@namsos.kommune.example", "Per Arne Hansen", Role::kProcurement),
       member("marit.lie@hoylandet.kommune.example", "Marit Lie", Role::kMinuteTaker)},
      "namsen"};
  core::Panel teknisk{
      "teknisk",
      "Teknisk panel: IKT og integrasjon",
      all_five,
      {member("kjetil.moen@namsos.kommune.example", "Kjetil Moen", Role::kTechnical),
       member("eva.ronningen@vikna.kommune.example", "Eva Rønningen", Role::kProcurement),
       member("siri.aune@osen.kommune.example", "Siri Aune", Role::kMinuteTaker)},
      "lauvsnes"};
  core::Panel responssenter{
      "responssenter",
      "Panel for responssenter og drift",
      all_five,
      {member("bente.gronli@vikna.kommune.example", "Bente Grønli", Role::kNeedOwner),
       member("arvid.kvam@namsskogan.kommune.example", "Arvid Kvam", Role::kProcurement),
       member("lise.fuglem@namsskogan.kommune.example", "Lise Fuglem", Role::kMinuteTaker)},
      "formannskapssalen"};
  for (const auto& panel : {felles, teknisk, responssenter})
    if (auto done = events.put_panel(info.event_id, panel, actor); !done) return done.failure();

  RegistrationStore registrations(db);
  for (size_t i = 0; i < kSuppliers.size(); ++i) {
    const DemoSupplier& s = kSuppliers[i];
    RegistrationInput in;
    in.company = s.company;
    in.orgnr = orgnr_near(s.orgnr_base);
    in.contact_name = s.contact;
    in.email = std::string(s.mailbox) + "@" + s.domain;
    in.phone = phone(static_cast<int>(i));
    in.attendees.push_back({s.contact, "Salgsansvarlig"});
    if (*s.second) in.attendees.push_back({s.second, "Fagansvarlig"});
    in.attends_plenary = !s.digital;
    in.wants_meeting = true;
    for (const char* p = s.panels; *p; ++p)
      in.panels.push_back(*p == 'f' ? "felles" : *p == 't' ? "teknisk" : "responssenter");
    if (s.from) in.available_from = s.from;
    if (s.until) in.available_until = s.until;
    in.digital = s.digital;
    in.topics = s.topics;
    in.consent = true;
    auto booking = registrations.register_supplier(info.event_id, in);
    if (!booking)
      return StoreError{booking.kind(), std::string(s.company) + ": " + booking.error()};
    ++info.suppliers;
  }
  return info;
}

}  // namespace dialogdag::data
