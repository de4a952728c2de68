// The staff console's accounts: login and logout (with throttling and a new session at every
// login), the event list, the admin pages for users and organisations, and each user's own
// account page (password change).
#include <algorithm>
#include <charconv>
#include <map>

#include "data/crypto.h"
#include "data/organisation_store.h"
#include "data/registration_store.h"
#include "scheduler/validation.h"
#include "web/booking_form.h"
#include "web/i18n_catalog.h"
#include "web/layout.h"
#include "web/public_site.h"
#include "web/staff.h"

namespace dialogdag::web {
namespace {

constexpr CatalogEntry kAccounts[] = {
    // Login and logout
    {"staff.accounts.login.title", "Logg inn", "Log in"},
    {"staff.accounts.login.intro", "For saksbehandlere og arrangører av dialogkonferanser.",
     "For procurement staff who organise dialogue conferences."},
    {"staff.accounts.login.email", "E-post", "E-mail"},
    {"staff.accounts.login.password", "Passord", "Password"},
    {"staff.accounts.login.submit", "Logg inn", "Log in"},
    {"staff.accounts.login.failed", "Feil e-post eller passord", "Wrong e-mail or password"},
    {"staff.accounts.login.email_missing", "Skriv e-postadressen din", "Enter your e-mail address"},
    {"staff.accounts.login.password_missing", "Skriv passordet ditt", "Enter your password"},
    {"staff.accounts.login.logged_out", "Du er logget ut.", "You are logged out."},
    {"staff.accounts.login.help", "Har du glemt passordet? Be en administrator om å lage et nytt.",
     "Forgotten your password? Ask an administrator to set a new one."},
    {"staff.accounts.throttled.title", "For mange forsøk", "Too many attempts"},
    {"staff.accounts.throttled.text",
     "Det har vært for mange mislykkede forsøk på å logge inn med denne e-postadressen. "
     "Vent og prøv igjen om",
     "There have been too many failed attempts to log in with this e-mail address. "
     "Wait and try again in"},
    {"staff.accounts.wait.second", "sekund", "second"},
    {"staff.accounts.wait.seconds", "sekunder", "seconds"},
    {"staff.accounts.wait.minute", "minutt", "minute"},
    {"staff.accounts.wait.minutes", "minutter", "minutes"},

    // Event list
    {"staff.accounts.events.title", "Konferanser", "Conferences"},
    {"staff.accounts.events.new", "Ny konferanse", "New conference"},
    {"staff.accounts.events.caption_all", "Alle konferanser, nyeste først",
     "All conferences, newest first"},
    {"staff.accounts.events.caption_mine", "Konferanser du kan arbeide med, nyeste først",
     "Conferences you can work on, newest first"},
    {"staff.accounts.events.empty",
     "Det er ingen konferanser her ennå. Lag den første med «Ny konferanse».",
     "There are no conferences here yet. Create the first one with “New conference”."},
    {"staff.accounts.events.col_title", "Konferanse", "Conference"},
    {"staff.accounts.events.col_day", "Dato", "Date"},
    {"staff.accounts.events.col_host", "Vert", "Host"},
    {"staff.accounts.events.col_status", "Status", "Status"},
    {"staff.accounts.events.col_registrations", "Påmeldte", "Registrations"},
    {"staff.accounts.events.col_mode", "Påmelding", "Booking"},
    {"staff.accounts.events.purged", "personopplysningene er slettet", "personal data deleted"},
    {"staff.accounts.mode.request", "Ønsker – planleggeren fordeler møtene",
     "Requests – the scheduler places the meetings"},
    {"staff.accounts.mode.instant", "Direkte – leverandøren velger tidspunkt",
     "Instant – the supplier picks a time"},

    // Users
    {"staff.accounts.users.title", "Brukere", "Users"},
    {"staff.accounts.users.caption", "Alle brukere", "All users"},
    {"staff.accounts.users.col_name", "Navn", "Name"},
    {"staff.accounts.users.col_email", "E-post", "E-mail"},
    {"staff.accounts.users.col_organisation", "Organisasjon", "Organisation"},
    {"staff.accounts.users.col_role", "Rolle", "Role"},
    {"staff.accounts.users.role_admin", "Administrator", "Administrator"},
    {"staff.accounts.users.role_organiser", "Arrangør", "Organiser"},
    {"staff.accounts.users.no_organisation", "Ingen", "None"},
    {"staff.accounts.users.new", "Ny bruker", "New user"},
    {"staff.accounts.users.name", "Fullt navn", "Full name"},
    {"staff.accounts.users.email", "E-post", "E-mail"},
    {"staff.accounts.users.email_hint", "Brukeren logger inn med denne adressen.",
     "The user logs in with this address."},
    {"staff.accounts.users.organisation", "Organisasjon", "Organisation"},
    {"staff.accounts.users.organisation_hint",
     "Brukeren arbeider med konferansene til denne organisasjonen.",
     "The user works on the conferences of this organisation."},
    {"staff.accounts.users.organisation_choose", "Velg organisasjon", "Choose an organisation"},
    {"staff.accounts.users.organisation_new", "Ny organisasjon (skriv navnet under)",
     "New organisation (enter its name below)"},
    {"staff.accounts.users.new_organisation", "Navn på ny organisasjon",
     "Name of the new organisation"},
    {"staff.accounts.users.new_organisation_hint",
     "Bare når du har valgt «Ny organisasjon» over. Den blir registrert som en kommune.",
     "Only when you chose “New organisation” above. It is registered as a municipality."},
    {"staff.accounts.users.admin", "Skal brukeren være administrator?",
     "Should the user be an administrator?"},
    {"staff.accounts.users.admin_hint",
     "En administrator styrer brukere og organisasjoner og ser alle konferanser.",
     "An administrator manages users and organisations and sees every conference."},
    {"staff.accounts.users.password", "Første passord", "Initial password"},
    {"staff.accounts.users.password_hint",
     "Minst 10 tegn. Gi det til brukeren på en trygg måte; de kan bytte det under «Min konto».",
     "At least 10 characters. Give it to the user safely; they can change it under “My account”."},
    {"staff.accounts.users.password_again", "Av sikkerhetshensyn må passordet skrives inn på nytt.",
     "For your security, enter the password again."},
    {"staff.accounts.users.submit", "Opprett bruker", "Create user"},
    {"staff.accounts.users.created",
     "Brukeren er opprettet og kan logge inn nå:", "The user has been created and can log in now:"},
    {"staff.accounts.users.error.name", "Skriv navnet på brukeren", "Enter the user's name"},
    {"staff.accounts.users.error.email_taken",
     "Det finnes allerede en bruker med denne e-postadressen",
     "There is already a user with this e-mail address"},
    {"staff.accounts.users.error.organisation", "Velg organisasjonen brukeren arbeider for",
     "Choose the organisation the user works for"},
    {"staff.accounts.users.error.organisation_unknown", "Velg en organisasjon fra listen",
     "Choose an organisation from the list"},
    {"staff.accounts.users.error.new_organisation", "Skriv navnet på den nye organisasjonen",
     "Enter the name of the new organisation"},
    {"staff.accounts.users.error.new_organisation_exists",
     "Organisasjonen finnes allerede. Velg den i listen over",
     "The organisation exists already. Choose it in the list above"},
    {"staff.accounts.users.error.new_organisation_unused",
     "Velg «Ny organisasjon» i listen over, eller tøm dette feltet",
     "Choose “New organisation” in the list above, or empty this field"},
    {"staff.accounts.users.error.admin", "Svar på om brukeren skal være administrator",
     "Say whether the user should be an administrator"},
    {"staff.accounts.error.password_missing", "Skriv et passord", "Enter a password"},
    {"staff.accounts.error.password_short", "Passordet må ha minst 10 tegn",
     "The password must have at least 10 characters"},
    {"staff.accounts.error.password_long", "Passordet kan ha høyst 200 tegn",
     "The password can have at most 200 characters"},
    {"staff.accounts.error.text_long", "Teksten er for lang (høyst 200 tegn)",
     "The text is too long (at most 200 characters)"},
    {"staff.accounts.error.conflict",
     "Noen andre lagret det samme akkurat nå. Sjekk listen og prøv igjen",
     "Someone else saved the same thing just now. Check the list and try again"},

    {"staff.accounts.user.reset", "Sett nytt passord", "Set a new password"},
    {"staff.accounts.user.reset_intro",
     "Brukeren blir logget ut overalt og må logge inn med det nye passordet. Gi det til brukeren "
     "på en trygg måte.",
     "The user is logged out everywhere and must log in with the new password. Give it to the user "
     "safely."},
    {"staff.accounts.user.reset_done",
     "Det nye passordet er satt, og brukeren er logget ut overalt.",
     "The new password is set, and the user has been logged out everywhere."},
    {"staff.accounts.users.open_hint", "Velg et navn for å sette nytt passord.",
     "Choose a name to set a new password."},

    // Organisations
    {"staff.accounts.orgs.title", "Organisasjoner", "Organisations"},
    {"staff.accounts.orgs.caption", "Alle organisasjoner", "All organisations"},
    {"staff.accounts.orgs.col_name", "Navn", "Name"},
    {"staff.accounts.orgs.col_orgnr", "Organisasjonsnummer", "Organisation number"},
    {"staff.accounts.orgs.col_municipality", "Kommune", "Municipality"},
    {"staff.accounts.orgs.col_users", "Brukere", "Users"},
    {"staff.accounts.orgs.no_orgnr", "Ikke registrert", "Not registered"},
    {"staff.accounts.orgs.empty", "Det er ingen organisasjoner ennå.",
     "There are no organisations yet."},
    {"staff.accounts.orgs.new", "Ny organisasjon", "New organisation"},
    {"staff.accounts.orgs.name", "Navn", "Name"},
    {"staff.accounts.orgs.name_hint", "For eksempel «Namsos kommune».",
     "For example “Namsos kommune”."},
    {"staff.accounts.orgs.orgnr", "Organisasjonsnummer", "Organisation number"},
    {"staff.accounts.orgs.orgnr_hint", "9 siffer fra Enhetsregisteret. Valgfritt.",
     "9 digits from the Central Coordinating Register. Optional."},
    {"staff.accounts.orgs.municipality", "Er organisasjonen en kommune?",
     "Is the organisation a municipality?"},
    {"staff.accounts.orgs.submit", "Opprett organisasjon", "Create organisation"},
    {"staff.accounts.orgs.created",
     "Organisasjonen er opprettet:", "The organisation has been created:"},
    {"staff.accounts.orgs.error.name", "Skriv navnet på organisasjonen",
     "Enter the name of the organisation"},
    {"staff.accounts.orgs.error.name_exists",
     "Det finnes allerede en organisasjon med dette navnet",
     "There is already an organisation with this name"},
    {"staff.accounts.orgs.error.orgnr", "Organisasjonsnummeret er ikke gyldig: sjekk de 9 sifrene",
     "The organisation number is not valid: check the 9 digits"},
    {"staff.accounts.orgs.error.orgnr_exists",
     "Det finnes allerede en organisasjon med dette organisasjonsnummeret",
     "There is already an organisation with this organisation number"},
    {"staff.accounts.orgs.error.municipality", "Svar på om organisasjonen er en kommune",
     "Say whether the organisation is a municipality"},

    // Own account
    {"staff.accounts.account.title", "Min konto", "My account"},
    {"staff.accounts.account.name", "Navn", "Name"},
    {"staff.accounts.account.email", "E-post", "E-mail"},
    {"staff.accounts.account.organisation", "Organisasjon", "Organisation"},
    {"staff.accounts.account.role", "Rolle", "Role"},
    {"staff.accounts.account.change_password", "Bytt passord", "Change password"},
    {"staff.accounts.account.current", "Nåværende passord", "Current password"},
    {"staff.accounts.account.new", "Nytt passord", "New password"},
    {"staff.accounts.account.new_hint", "Minst 10 tegn. En setning med flere ord er lett å huske.",
     "At least 10 characters. A sentence of several words is easy to remember."},
    {"staff.accounts.account.repeat", "Gjenta det nye passordet", "Repeat the new password"},
    {"staff.accounts.account.submit", "Bytt passord", "Change password"},
    {"staff.accounts.account.changed",
     "Passordet er byttet. Andre steder du var logget inn, er du nå logget ut.",
     "Your password has been changed. Wherever else you were logged in, you are now logged out."},
    {"staff.accounts.account.error.current_missing", "Skriv det nåværende passordet ditt",
     "Enter your current password"},
    {"staff.accounts.account.error.current_wrong", "Det nåværende passordet er feil",
     "The current password is wrong"},
    {"staff.accounts.account.error.repeat", "De to nye passordene er ikke like",
     "The two new passwords are not the same"},
    {"staff.accounts.account.error.same", "Det nye passordet må være et annet enn det gamle",
     "The new password must differ from the old one"},
};

static_assert(data::kMinPasswordLength == 10, "the password texts above say 10 characters");

constexpr std::size_t kMaxText = 200;      // names, in characters
constexpr std::size_t kMaxPassword = 200;  // characters; Argon2id hashes any length, people don't

std::string h(std::string_view text) { return html_escape(text); }

// A catalog text, escaped for HTML.
std::string t(Lang lang, std::string_view key) { return h(tr(lang, key)); }

std::string lang_query(Lang lang) { return "lang=" + std::string(code(lang)); }

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::size_t characters(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

std::optional<std::int64_t> positive_id(const std::string& text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

FormFields query_of(const Request& request) {
  const std::string_view target = request.target();
  if (const auto q = target.find('?'); q != std::string_view::npos)
    if (auto query = parse_form(target.substr(q + 1))) return std::move(query).value();
  return {};
}

// ---- Form markup shared by the pages of this file ----

std::string error_summary(Lang lang, const std::vector<FieldError>& errors) {
  if (errors.empty()) return "";
  std::string html =
      "<div class=\"error-summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
      "autofocus aria-labelledby=\"error-summary-title\">\n<h2 id=\"error-summary-title\">" +
      t(lang, "form.errors_title") + "</h2>\n<ul>\n";
  for (const auto& error : errors)
    html += "<li><a href=\"#" + h(error.field) + "\">" + h(error.message) + "</a></li>\n";
  return html + "</ul>\n</div>\n";
}

// A success message after a redirect (Post/Redirect/Get).
std::string notice(const std::string& text_html) {
  return "<div class=\"notice ok\" role=\"status\"><p>" + text_html + "</p></div>\n";
}

struct FieldMarkup {
  std::string error_html;  // the message element, or ""
  std::string attributes;  // aria-invalid / aria-describedby with a leading space, or ""
};

FieldMarkup markup_for(const std::string& id, const std::vector<FieldError>& errors,
                       const std::string& hint_id) {
  FieldMarkup markup;
  std::string described = hint_id;
  for (const auto& error : errors) {
    if (error.field != id) continue;
    markup.error_html +=
        "<span class=\"field-error\" id=\"" + id + "-error\">" + h(error.message) + "</span>\n";
    if (described.find(id + "-error") == std::string::npos)
      described += (described.empty() ? "" : " ") + id + "-error";
    markup.attributes = " aria-invalid=\"true\"";
  }
  if (!described.empty()) markup.attributes += " aria-describedby=\"" + described + "\"";
  return markup;
}

struct InputSpec {
  std::string id;  // also the field's name
  std::string type;
  std::string label_html;
  std::string hint_html;  // "" for none
  std::string value;      // as typed; never a password
  std::string autocomplete;
  bool required = true;
};

std::string input_field(const InputSpec& spec, const std::vector<FieldError>& errors) {
  const std::string hint_id = spec.hint_html.empty() ? "" : spec.id + "-hint";
  const FieldMarkup markup = markup_for(spec.id, errors, hint_id);
  std::string html = "<div class=\"field\">\n<label for=\"" + spec.id + "\">" + spec.label_html;
  if (!spec.hint_html.empty())
    html += " <span class=\"hint\" id=\"" + hint_id + "\">" + spec.hint_html + "</span>";
  html += "</label>\n" + markup.error_html + "<input type=\"" + spec.type + "\" id=\"" + spec.id +
          "\" name=\"" + spec.id + "\"";
  if (spec.type != "password") html += " value=\"" + h(spec.value) + "\"";
  html += markup.attributes;
  if (!spec.autocomplete.empty()) html += " autocomplete=\"" + spec.autocomplete + "\"";
  if (spec.required) html += " required";
  return html + ">\n</div>\n";
}

// Two radio buttons "yes"/"no" named `name`; the error field id is name + "-yes".
std::string yes_no_field(Lang lang, const std::string& name, const std::string& legend_html,
                         const std::string& hint_html, const std::string& value,
                         const std::vector<FieldError>& errors) {
  const std::string hint_id = hint_html.empty() ? "" : name + "-hint";
  const FieldMarkup markup = markup_for(name + "-yes", errors, hint_id);
  std::string html = "<fieldset>\n<legend>" + legend_html + "</legend>\n";
  if (!hint_html.empty())
    html += "<p class=\"hint\" id=\"" + hint_id + "\">" + hint_html + "</p>\n";
  html += markup.error_html;
  for (const char* option : {"yes", "no"}) {
    const std::string id = name + "-" + option;
    html += "<label class=\"choice\"><input type=\"radio\" id=\"" + id +
            "\" name=\"" + name + "\" value=\"" + option + "\"" +
            (value == option ? " checked" : "") + markup.attributes + "> " +
            t(lang, std::string("answer.") + option) + "</label>\n";
  }
  return html + "</fieldset>\n";
}

class Errors {
 public:
  explicit Errors(Lang lang) : lang_(lang) {}
  void add(const std::string& field, std::string_view key) {
    list_.push_back({field, std::string(tr(lang_, key))});
  }
  bool empty() const { return list_.empty(); }
  const std::vector<FieldError>& list() const { return list_; }

 private:
  Lang lang_;
  std::vector<FieldError> list_;
};

// "30 sekunder" / "2 minutes": how long to wait, rounded up to whole minutes past a minute.
std::string wait_in_words(std::chrono::seconds wait, Lang lang) {
  const long long seconds = std::max<long long>(wait.count(), 1);
  if (seconds < 60)
    return std::to_string(seconds) + " " +
           std::string(tr(
               lang, seconds == 1 ? "staff.accounts.wait.second" : "staff.accounts.wait.seconds"));
  const long long minutes = (seconds + 59) / 60;
  return std::to_string(minutes) + " " +
         std::string(
             tr(lang, minutes == 1 ? "staff.accounts.wait.minute" : "staff.accounts.wait.minutes"));
}

// A 429 answer: the page, with Retry-After.
Response too_many_attempts(Response page, std::chrono::seconds wait) {
  page.set(http::field::retry_after, std::to_string(std::max<long long>(wait.count(), 1)));
  return page;
}

std::string session_cookie(const StaffSite& site, const std::string& value, bool expire) {
  return std::string(kSessionCookie) + "=" + value + "; Path=/staff; HttpOnly; SameSite=Strict" +
         (site.options.secure_cookies ? "; Secure" : "") + (expire ? "; Max-Age=0" : "");
}

// ---- Login ----

// Only a path of the staff console may be a `next`: "/staff" or below, printable ASCII without
// backslashes (no "//host", no scheme, nothing that could split a header). Anything else, and
// the login and logout pages themselves, give the event list.
std::string safe_next(const std::string& next) {
  const bool staff_path =
      next == "/staff" || next.rfind("/staff/", 0) == 0 || next.rfind("/staff?", 0) == 0;
  const bool plain = std::all_of(next.begin(), next.end(),
                                 [](unsigned char c) { return c > 0x20 && c < 0x7f && c != '\\'; });
  const std::string path = next.substr(0, next.find('?'));
  if (!staff_path || !plain || path == "/staff/login" || path == "/staff/logout")
    return "/staff/events";
  return next;
}

struct LoginForm {
  std::string email;
  std::string next;
};

Response login_page(StaffSite& site, const Request& request, http::status status,
                    const std::string& binding, bool fresh_binding, const LoginForm& form,
                    const std::vector<FieldError>& errors, const std::string& message_html) {
  const Lang lang = language_of(request);
  std::string html = "<h1>" + t(lang, "staff.accounts.login.title") + "</h1>\n";
  html += message_html;
  html += error_summary(lang, errors);
  html += "<p>" + t(lang, "staff.accounts.login.intro") + "</p>\n";
  html += "<form method=\"post\" action=\"/staff/login?" + lang_query(lang) +
          "\" novalidate>\n<input type=\"hidden\" name=\"_csrf\" value=\"" +
          h(site.csrf.token_for(binding)) + "\">\n<input type=\"hidden\" name=\"next\" value=\"" +
          h(form.next) + "\">\n";
  html += input_field(
      {"email", "email", t(lang, "staff.accounts.login.email"), "", form.email, "username"},
      errors);
  html += input_field({"password", "password", t(lang, "staff.accounts.login.password"), "", "",
                       "current-password"},
                      errors);
  html += "<button type=\"submit\">" + t(lang, "staff.accounts.login.submit") +
          "</button>\n</form>\n<p class=\"muted\">" + t(lang, "staff.accounts.login.help") +
          "</p>\n";
  Response response = html_page(
      status, {lang, std::string(tr(lang, "staff.accounts.login.title")), "/staff/login"}, html);
  if (fresh_binding)
    response.insert(http::field::set_cookie, std::string(kFormCookie) + "=" + binding +
                                                 "; Path=/; HttpOnly; SameSite=Strict" +
                                                 (site.options.secure_cookies ? "; Secure" : ""));
  return response;
}

std::string throttled_message(Lang lang, std::chrono::seconds wait) {
  return "<div class=\"error-summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
         "autofocus aria-labelledby=\"error-summary-title\">\n<h2 id=\"error-summary-title\">" +
         t(lang, "staff.accounts.throttled.title") + "</h2>\n<p>" +
         t(lang, "staff.accounts.throttled.text") + " " + h(wait_in_words(wait, lang)) +
         ".</p>\n</div>\n";
}

Response get_login(StaffSite& site, const Request& request) {
  const FormFields query = query_of(request);
  const std::string next = safe_next(query.value("next"));
  if (const auto token = cookie(request[http::field::cookie], kSessionCookie))
    if (data::UserStore(site.db).session_user(*token)) return staff_redirect(next);
  const auto existing = cookie(request[http::field::cookie], kFormCookie);
  const bool fresh = !existing || existing->size() != 43;
  const std::string binding = fresh ? random_token() : *existing;
  const Lang lang = language_of(request);
  const std::string message =
      query.value("logged_out") == "1" ? notice(t(lang, "staff.accounts.login.logged_out")) : "";
  return login_page(site, request, http::status::ok, binding, fresh, {"", next}, {}, message);
}

Response post_login(StaffSite& site, const Request& request) {
  const Lang lang = language_of(request);
  const auto binding = cookie(request[http::field::cookie], kFormCookie);
  auto parsed = parse_form(request.body());
  if (!binding || !parsed || !site.csrf.verify(*binding, parsed.value().value("_csrf")))
    return html_page(
        http::status::forbidden, {lang, std::string(tr(lang, "csrf.title")), "/staff/login"},
        "<h1>" + t(lang, "csrf.title") + "</h1>\n<p>" + t(lang, "csrf.text") + "</p>\n");
  const FormFields& fields = parsed.value();
  const LoginForm form{trimmed(fields.value("email")), safe_next(fields.value("next"))};
  std::string password = fields.value("password");

  Errors errors(lang);
  if (form.email.empty()) errors.add("email", "staff.accounts.login.email_missing");
  if (password.empty()) errors.add("password", "staff.accounts.login.password_missing");
  if (!errors.empty())
    return login_page(site, request, http::status::unprocessable_entity, *binding, false, form,
                      errors.list(), "");

  if (const auto wait = site.throttle.wait_needed(form.email, site.db.now()))
    return too_many_attempts(login_page(site, request, http::status::too_many_requests, *binding,
                                        false, form, {}, throttled_message(lang, *wait)),
                             *wait);

  data::UserStore users(site.db);
  auto user = users.authenticate(form.email, password);
  data::wipe(password);
  if (!user) {
    if (const auto wait = site.throttle.record_failure(form.email, site.db.now()))
      return too_many_attempts(login_page(site, request, http::status::too_many_requests, *binding,
                                          false, form, {}, throttled_message(lang, *wait)),
                               *wait);
    errors.add("password", "staff.accounts.login.failed");
    Response response = login_page(site, request, http::status::unauthorized, *binding, false, form,
                                   errors.list(), "");
    response.set(http::field::www_authenticate, "Session realm=\"dialogdag staff\"");
    return response;
  }
  site.throttle.record_success(form.email);

  // A session the browser brought along is never reused: it ends, and a new one begins.
  if (const auto previous = cookie(request[http::field::cookie], kSessionCookie))
    users.end_session(*previous);
  auto session = users.create_session(user.value().id, site.options.session_lifetime);
  if (!session)
    return make_response(http::status::internal_server_error, "could not log in\n",
                         "text/plain; charset=utf-8");
  Response response = staff_redirect(form.next);
  response.insert(http::field::set_cookie, session_cookie(site, session.value().token, false));
  return response;
}

// ---- Event list ----

std::map<std::int64_t, std::string> organisation_names(data::Db& db) {
  std::map<std::int64_t, std::string> names;
  for (const auto& organisation : data::OrganisationStore(db).all())
    names[organisation.id] = organisation.name;
  return names;
}

Response event_list(StaffSite& site, const Request& request, const StaffContext& staff) {
  const Lang lang = staff.lang;
  std::vector<data::EventInfo> events;
  data::EventStore store(site.db);
  if (staff.user.admin)
    events = store.list_all();
  else if (staff.user.organisation_id)
    events = store.list_for_organisation(*staff.user.organisation_id);

  std::string html = "<h1>" + t(lang, "staff.accounts.events.title") + "</h1>\n";
  html += "<p><a class=\"button\" href=\"/staff/events/new?" + lang_query(lang) + "\">" +
          t(lang, "staff.accounts.events.new") + "</a></p>\n";
  if (events.empty()) {
    html += "<p class=\"empty\">" + t(lang, "staff.accounts.events.empty") + "</p>\n";
  } else {
    const auto hosts = organisation_names(site.db);
    data::RegistrationStore registrations(site.db);
    html += scrolling_table_start("class=\"staff-list\"",
                                  t(lang, staff.user.admin ? "staff.accounts.events.caption_all"
                                                           : "staff.accounts.events.caption_mine")) +
            "<thead>\n<tr>";
    for (const char* column : {"title", "day", "host", "status", "registrations", "mode"})
      html += "<th scope=\"col\"" +
              std::string(std::string_view(column) == "registrations" ? " class=\"number\"" : "") +
              ">" + t(lang, std::string("staff.accounts.events.col_") + column) + "</th>";
    html += "</tr>\n</thead>\n<tbody>\n";
    for (const auto& event : events) {
      const auto host = hosts.find(event.host_organisation_id);
      html += "<tr><th scope=\"row\"><a href=\"/staff/events/" + std::to_string(event.id) + "?" +
              lang_query(lang) + "\">" + h(event.title) + "</a></th><td>" +
              h(long_date(event.day, lang)) + "</td><td>" +
              (host == hosts.end() ? "" : h(host->second)) + "</td><td>" +
              h(event_status_words(lang, event.status));
      if (event.purged) html += " (" + t(lang, "staff.accounts.events.purged") + ")";
      html += "</td><td class=\"number\">" + std::to_string(registrations.list(event.id).size()) +
              "</td><td>" +
              t(lang, event.booking_mode == data::BookingMode::kInstant
                          ? "staff.accounts.mode.instant"
                          : "staff.accounts.mode.request") +
              "</td></tr>\n";
    }
    html += std::string("</tbody>\n") + kScrollingTableEnd;
  }
  return staff_page(http::status::ok, staff, std::string(tr(lang, "staff.accounts.events.title")),
                    request, html, true);
}

// ---- Users (admin) ----

struct UserForm {
  std::string name, email, organisation, new_organisation, admin;
  std::string password;  // never printed back
};

UserForm read_user_form(const FormFields& fields) {
  return {trimmed(fields.value("name")), trimmed(fields.value("email")),
          fields.value("organisation"),  trimmed(fields.value("new_organisation")),
          fields.value("admin"),         fields.value("password")};
}

// Password rules shared by the user form and the account page.
void check_new_password(Errors& errors, const std::string& field, const std::string& password) {
  if (password.empty())
    errors.add(field, "staff.accounts.error.password_missing");
  else if (password.size() < data::kMinPasswordLength)
    errors.add(field, "staff.accounts.error.password_short");
  else if (characters(password) > kMaxPassword)
    errors.add(field, "staff.accounts.error.password_long");
}

std::vector<FieldError> validate_user_form(StaffSite& site, const UserForm& form, Lang lang) {
  Errors errors(lang);
  if (form.name.empty())
    errors.add("name", "staff.accounts.users.error.name");
  else if (characters(form.name) > kMaxText)
    errors.add("name", "staff.accounts.error.text_long");
  if (form.email.empty())
    errors.add("email", "error.email_missing");
  else if (!core::plausible_email(form.email))
    errors.add("email", "error.email");
  else if (data::UserStore(site.db).find_by_email(form.email))
    errors.add("email", "staff.accounts.users.error.email_taken");

  data::OrganisationStore organisations(site.db);
  if (form.organisation == "new") {
    if (form.new_organisation.empty())
      errors.add("new_organisation", "staff.accounts.users.error.new_organisation");
    else if (characters(form.new_organisation) > data::kMaxOrganisationName)
      errors.add("new_organisation", "staff.accounts.error.text_long");
    else if (organisations.find_by_name(form.new_organisation))
      errors.add("new_organisation", "staff.accounts.users.error.new_organisation_exists");
  } else {
    if (form.organisation.empty()) {
      if (form.admin != "yes")
        errors.add("organisation", "staff.accounts.users.error.organisation");
    } else if (const auto id = positive_id(form.organisation); !id || !organisations.get(*id)) {
      errors.add("organisation", "staff.accounts.users.error.organisation_unknown");
    }
    if (!form.new_organisation.empty())
      errors.add("new_organisation", "staff.accounts.users.error.new_organisation_unused");
  }
  if (form.admin != "yes" && form.admin != "no")
    errors.add("admin-yes", "staff.accounts.users.error.admin");
  check_new_password(errors, "password", form.password);
  return errors.list();
}

std::string role_text(Lang lang, const data::User& user) {
  return t(lang,
           user.admin ? "staff.accounts.users.role_admin" : "staff.accounts.users.role_organiser");
}

Response users_page(StaffSite& site, const Request& request, const StaffContext& staff,
                    http::status status, const UserForm& form,
                    const std::vector<FieldError>& errors) {
  const Lang lang = staff.lang;
  const auto organisations = data::OrganisationStore(site.db).all();
  std::map<std::int64_t, std::string> names;
  for (const auto& organisation : organisations) names[organisation.id] = organisation.name;
  data::UserStore users(site.db);

  std::string html = "<h1>" + t(lang, "staff.accounts.users.title") + "</h1>\n";
  html += error_summary(lang, errors);
  if (const auto created = positive_id(staff.query.value("created")); created && errors.empty())
    if (auto user = users.get(*created))
      html += notice(t(lang, "staff.accounts.users.created") + " " + h(user.value().name) + " (" +
                     h(user.value().email) + ")");

  html += "<p><a href=\"/staff/organisations?" + lang_query(lang) + "\">" +
          t(lang, "staff.accounts.orgs.title") + "</a></p>\n";
  html += "<p class=\"hint\">" + t(lang, "staff.accounts.users.open_hint") + "</p>\n";
  html += "<table class=\"staff-list\">\n<caption>" + t(lang, "staff.accounts.users.caption") +
          "</caption>\n<thead>\n<tr>";
  for (const char* column : {"name", "email", "organisation", "role"})
    html +=
        "<th scope=\"col\">" + t(lang, std::string("staff.accounts.users.col_") + column) + "</th>";
  html += "</tr>\n</thead>\n<tbody>\n";
  for (const auto& user : users.list()) {
    const auto organisation =
        user.organisation_id ? names.find(*user.organisation_id) : names.end();
    html += "<tr><th scope=\"row\"><a href=\"/staff/users/" + std::to_string(user.id) + "?" +
            lang_query(lang) + "\">" + h(user.name) + "</a></th><td>" + h(user.email) +
            "</td><td>" +
            (organisation == names.end() ? t(lang, "staff.accounts.users.no_organisation")
                                         : h(organisation->second)) +
            "</td><td>" + role_text(lang, user) + "</td></tr>\n";
  }
  html += "</tbody>\n</table>\n";

  html += "<h2 id=\"new-user\">" + t(lang, "staff.accounts.users.new") + "</h2>\n";
  html += "<form method=\"post\" action=\"/staff/users?" + lang_query(lang) +
          "\" novalidate aria-labelledby=\"new-user\">\n" + csrf_field(staff) + "\n";
  html += input_field({"name", "text", t(lang, "staff.accounts.users.name"), "", form.name, "off"},
                      errors);
  html += input_field({"email", "email", t(lang, "staff.accounts.users.email"),
                       t(lang, "staff.accounts.users.email_hint"), form.email, "off"},
                      errors);

  const FieldMarkup select = markup_for("organisation", errors, "organisation-hint");
  html += "<div class=\"field\">\n<label for=\"organisation\">" +
          t(lang, "staff.accounts.users.organisation") +
          " <span class=\"hint\" id=\"organisation-hint\">" +
          t(lang, "staff.accounts.users.organisation_hint") + "</span></label>\n" +
          select.error_html + "<select id=\"organisation\" name=\"organisation\"" +
          select.attributes + ">\n<option value=\"\">" +
          t(lang, "staff.accounts.users.organisation_choose") + "</option>\n";
  for (const auto& organisation : organisations) {
    const std::string id = std::to_string(organisation.id);
    html += "<option value=\"" + id + "\"" + (form.organisation == id ? " selected" : "") + ">" +
            h(organisation.name) + "</option>\n";
  }
  html += "<option value=\"new\"" + std::string(form.organisation == "new" ? " selected" : "") +
          ">" + t(lang, "staff.accounts.users.organisation_new") + "</option>\n</select>\n</div>\n";
  html += input_field(
      {"new_organisation", "text", t(lang, "staff.accounts.users.new_organisation"),
       t(lang, "staff.accounts.users.new_organisation_hint"), form.new_organisation, "off", false},
      errors);
  html += yes_no_field(lang, "admin", t(lang, "staff.accounts.users.admin"),
                       t(lang, "staff.accounts.users.admin_hint"),
                       form.admin.empty() && errors.empty() ? "no" : form.admin, errors);
  const std::string password_hint =
      t(lang, "staff.accounts.users.password_hint") +
      (errors.empty() ? "" : " " + t(lang, "staff.accounts.users.password_again"));
  html += input_field({"password", "password", t(lang, "staff.accounts.users.password"),
                       password_hint, "", "new-password"},
                      errors);
  html +=
      "<button type=\"submit\">" + t(lang, "staff.accounts.users.submit") + "</button>\n</form>\n";
  return staff_page(status, staff, std::string(tr(lang, "staff.accounts.users.title")), request,
                    html, true);
}

Response post_user(StaffSite& site, const Request& request, const StaffContext& staff) {
  UserForm form = read_user_form(staff.form);
  const std::vector<FieldError> errors = validate_user_form(site, form, staff.lang);
  if (!errors.empty()) {
    data::wipe(form.password);
    return users_page(site, request, staff, http::status::unprocessable_entity, form, errors);
  }
  data::NewUser user{form.email, form.name, form.password, std::nullopt, form.admin == "yes"};
  data::UserStore users(site.db);
  data::StoreResult<std::int64_t> id = data::invalid("not created");
  if (form.organisation == "new") {
    data::Organisation organisation;
    organisation.name = form.new_organisation;
    id = users.create_in_new_organisation(user, organisation, staff.actor());
  } else {
    if (!form.organisation.empty()) user.organisation_id = positive_id(form.organisation);
    id = users.create(user, staff.actor());
  }
  data::wipe(user.password);
  data::wipe(form.password);
  if (!id) {
    // Checked above; only a concurrent change (the same e-mail or organisation saved a moment
    // ago) gets here.
    Errors conflict(staff.lang);
    conflict.add("email", "staff.accounts.error.conflict");
    return users_page(site, request, staff, http::status::conflict, form, conflict.list());
  }
  return staff_redirect("/staff/users?created=" + std::to_string(id.value()) + "&" +
                        lang_query(staff.lang));
}

// One user's page: who they are, and a new password set by an admin.
Response user_page(StaffSite& site, const Request& request, const StaffContext& staff,
                   const data::User& user, http::status status,
                   const std::vector<FieldError>& errors) {
  const Lang lang = staff.lang;
  std::string organisation = t(lang, "staff.accounts.users.no_organisation");
  if (user.organisation_id)
    if (auto found = data::OrganisationStore(site.db).get(*user.organisation_id))
      organisation = h(found.value().name);
  const std::string path = "/staff/users/" + std::to_string(user.id);

  std::string html = "<h1>" + h(user.name) + "</h1>\n";
  html += error_summary(lang, errors);
  if (staff.query.value("changed") == "1" && errors.empty())
    html += notice(t(lang, "staff.accounts.user.reset_done"));
  html += "<p><a href=\"/staff/users?" + lang_query(lang) + "\">" +
          t(lang, "staff.accounts.users.title") + "</a></p>\n";
  html += "<dl class=\"facts\">\n<dt>" + t(lang, "staff.accounts.account.email") + "</dt><dd>" +
          h(user.email) + "</dd>\n<dt>" + t(lang, "staff.accounts.account.organisation") +
          "</dt><dd>" + organisation + "</dd>\n<dt>" + t(lang, "staff.accounts.account.role") +
          "</dt><dd>" + role_text(lang, user) + "</dd>\n</dl>\n";
  html += "<h2 id=\"reset-password\">" + t(lang, "staff.accounts.user.reset") + "</h2>\n<p>" +
          t(lang, "staff.accounts.user.reset_intro") + "</p>\n<form method=\"post\" action=\"" +
          path + "?" + lang_query(lang) + "\" novalidate aria-labelledby=\"reset-password\">\n" +
          csrf_field(staff) + "\n";
  html += input_field({"new_password", "password", t(lang, "staff.accounts.account.new"),
                       t(lang, "staff.accounts.users.password_hint"), "", "new-password"},
                      errors);
  html += input_field({"repeat_password", "password", t(lang, "staff.accounts.account.repeat"), "",
                       "", "new-password"},
                      errors);
  html +=
      "<button type=\"submit\">" + t(lang, "staff.accounts.user.reset") + "</button>\n</form>\n";
  return staff_page(status, staff, user.name, request, html);
}

std::optional<data::User> user_of_path(StaffSite& site, const PathParams& params) {
  const auto id = positive_id(params.at("id"));
  if (!id) return std::nullopt;
  auto user = data::UserStore(site.db).get(*id);
  if (!user) return std::nullopt;
  return std::move(user).value();
}

Response post_user_password(StaffSite& site, const Request& request, const StaffContext& staff,
                            const data::User& user) {
  std::string fresh = staff.form.value("new_password");
  std::string repeat = staff.form.value("repeat_password");
  Errors errors(staff.lang);
  check_new_password(errors, "new_password", fresh);
  if (!fresh.empty() && fresh != repeat)
    errors.add("repeat_password", "staff.accounts.account.error.repeat");
  data::wipe(repeat);
  if (!errors.empty()) {
    data::wipe(fresh);
    return user_page(site, request, staff, user, http::status::unprocessable_entity, errors.list());
  }
  // An admin who sets their own password here stays logged in, as on the account page.
  const std::optional<std::string> keep =
      user.id == staff.user.id ? std::optional(staff.session_token) : std::nullopt;
  auto changed = data::UserStore(site.db).set_password(user.id, fresh, staff.actor(), keep);
  data::wipe(fresh);
  if (!changed)
    return make_response(http::status::internal_server_error, "could not set the password\n",
                         "text/plain; charset=utf-8");
  site.throttle.record_success(user.email);
  return staff_redirect("/staff/users/" + std::to_string(user.id) + "?changed=1&" +
                        lang_query(staff.lang));
}

// ---- Organisations (admin) ----

struct OrganisationForm {
  std::string name, orgnr, municipality;
};

std::vector<FieldError> validate_organisation_form(StaffSite& site, const OrganisationForm& form,
                                                   Lang lang) {
  Errors errors(lang);
  data::OrganisationStore organisations(site.db);
  if (form.name.empty())
    errors.add("org_name", "staff.accounts.orgs.error.name");
  else if (characters(form.name) > data::kMaxOrganisationName)
    errors.add("org_name", "staff.accounts.error.text_long");
  else if (organisations.find_by_name(form.name))
    errors.add("org_name", "staff.accounts.orgs.error.name_exists");
  if (!form.orgnr.empty()) {
    const auto normal = core::normalise_orgnr(form.orgnr);
    if (!normal) {
      errors.add("orgnr", "staff.accounts.orgs.error.orgnr");
    } else {
      const auto all = organisations.all();
      if (std::any_of(all.begin(), all.end(),
                      [&](const data::Organisation& o) { return o.orgnr == *normal; }))
        errors.add("orgnr", "staff.accounts.orgs.error.orgnr_exists");
    }
  }
  if (form.municipality != "yes" && form.municipality != "no")
    errors.add("municipality-yes", "staff.accounts.orgs.error.municipality");
  return errors.list();
}

Response organisations_page(StaffSite& site, const Request& request, const StaffContext& staff,
                            http::status status, const OrganisationForm& form,
                            const std::vector<FieldError>& errors) {
  const Lang lang = staff.lang;
  const auto organisations = data::OrganisationStore(site.db).all();
  std::map<std::int64_t, int> users_of;
  for (const auto& user : data::UserStore(site.db).list())
    if (user.organisation_id) ++users_of[*user.organisation_id];

  std::string html = "<h1>" + t(lang, "staff.accounts.orgs.title") + "</h1>\n";
  html += error_summary(lang, errors);
  if (const auto created = positive_id(staff.query.value("created")); created && errors.empty())
    if (auto organisation = data::OrganisationStore(site.db).get(*created))
      html += notice(t(lang, "staff.accounts.orgs.created") + " " + h(organisation.value().name));
  html += "<p><a href=\"/staff/users?" + lang_query(lang) + "\">" +
          t(lang, "staff.accounts.users.title") + "</a></p>\n";

  if (organisations.empty()) {
    html += "<p class=\"empty\">" + t(lang, "staff.accounts.orgs.empty") + "</p>\n";
  } else {
    html += "<table class=\"staff-list\">\n<caption>" + t(lang, "staff.accounts.orgs.caption") +
            "</caption>\n<thead>\n<tr><th scope=\"col\">" +
            t(lang, "staff.accounts.orgs.col_name") + "</th><th scope=\"col\">" +
            t(lang, "staff.accounts.orgs.col_orgnr") + "</th><th scope=\"col\">" +
            t(lang, "staff.accounts.orgs.col_municipality") +
            "</th><th scope=\"col\" class=\"number\">" + t(lang, "staff.accounts.orgs.col_users") +
            "</th></tr>\n</thead>\n<tbody>\n";
    for (const auto& organisation : organisations)
      html +=
          "<tr><th scope=\"row\">" + h(organisation.name) + "</th><td>" +
          (organisation.orgnr ? h(*organisation.orgnr) : t(lang, "staff.accounts.orgs.no_orgnr")) +
          "</td><td>" + t(lang, organisation.municipality ? "answer.yes" : "answer.no") +
          "</td><td class=\"number\">" + std::to_string(users_of[organisation.id]) + "</td></tr>\n";
    html += "</tbody>\n</table>\n";
  }

  html += "<h2 id=\"new-organisation\">" + t(lang, "staff.accounts.orgs.new") + "</h2>\n";
  html += "<form method=\"post\" action=\"/staff/organisations?" + lang_query(lang) +
          "\" novalidate aria-labelledby=\"new-organisation\">\n" + csrf_field(staff) + "\n";
  html += input_field({"org_name", "text", t(lang, "staff.accounts.orgs.name"),
                       t(lang, "staff.accounts.orgs.name_hint"), form.name, "organization"},
                      errors);
  html += input_field({"orgnr", "text", t(lang, "staff.accounts.orgs.orgnr"),
                       t(lang, "staff.accounts.orgs.orgnr_hint"), form.orgnr, "off", false},
                      errors);
  html +=
      yes_no_field(lang, "municipality", t(lang, "staff.accounts.orgs.municipality"), "",
                   form.municipality.empty() && errors.empty() ? "yes" : form.municipality, errors);
  html +=
      "<button type=\"submit\">" + t(lang, "staff.accounts.orgs.submit") + "</button>\n</form>\n";
  return staff_page(status, staff, std::string(tr(lang, "staff.accounts.orgs.title")), request,
                    html, true);
}

Response post_organisation(StaffSite& site, const Request& request, const StaffContext& staff) {
  const OrganisationForm form{trimmed(staff.form.value("org_name")),
                              trimmed(staff.form.value("orgnr")), staff.form.value("municipality")};
  const auto errors = validate_organisation_form(site, form, staff.lang);
  if (!errors.empty())
    return organisations_page(site, request, staff, http::status::unprocessable_entity, form,
                              errors);
  data::Organisation organisation;
  organisation.name = form.name;
  if (!form.orgnr.empty()) organisation.orgnr = form.orgnr;
  organisation.municipality = form.municipality == "yes";
  auto id = data::OrganisationStore(site.db).create(organisation, staff.actor());
  if (!id) {
    Errors conflict(staff.lang);
    conflict.add("org_name", "staff.accounts.error.conflict");
    return organisations_page(site, request, staff, http::status::conflict, form, conflict.list());
  }
  return staff_redirect("/staff/organisations?created=" + std::to_string(id.value()) + "&" +
                        lang_query(staff.lang));
}

// ---- Own account ----

Response account_page(StaffSite& site, const Request& request, const StaffContext& staff,
                      http::status status, const std::vector<FieldError>& errors,
                      const std::string& message_html) {
  const Lang lang = staff.lang;
  const data::User& user = staff.user;
  std::string organisation = t(lang, "staff.accounts.users.no_organisation");
  if (user.organisation_id)
    if (auto found = data::OrganisationStore(site.db).get(*user.organisation_id))
      organisation = h(found.value().name);

  std::string html = "<h1>" + t(lang, "staff.accounts.account.title") + "</h1>\n";
  html += message_html;
  html += error_summary(lang, errors);
  if (staff.query.value("changed") == "1" && errors.empty() && message_html.empty())
    html += notice(t(lang, "staff.accounts.account.changed"));
  html += "<dl class=\"facts\">\n<dt>" + t(lang, "staff.accounts.account.name") + "</dt><dd>" +
          h(user.name) + "</dd>\n<dt>" + t(lang, "staff.accounts.account.email") + "</dt><dd>" +
          h(user.email) + "</dd>\n<dt>" + t(lang, "staff.accounts.account.organisation") +
          "</dt><dd>" + organisation + "</dd>\n<dt>" + t(lang, "staff.accounts.account.role") +
          "</dt><dd>" + role_text(lang, user) + "</dd>\n</dl>\n";
  html += "<h2 id=\"change-password\">" + t(lang, "staff.accounts.account.change_password") +
          "</h2>\n<form method=\"post\" action=\"/staff/account?" + lang_query(lang) +
          "\" novalidate aria-labelledby=\"change-password\">\n" + csrf_field(staff) + "\n";
  html += input_field({"current_password", "password", t(lang, "staff.accounts.account.current"),
                       "", "", "current-password"},
                      errors);
  html += input_field({"new_password", "password", t(lang, "staff.accounts.account.new"),
                       t(lang, "staff.accounts.account.new_hint"), "", "new-password"},
                      errors);
  html += input_field({"repeat_password", "password", t(lang, "staff.accounts.account.repeat"), "",
                       "", "new-password"},
                      errors);
  html += "<button type=\"submit\">" + t(lang, "staff.accounts.account.submit") +
          "</button>\n</form>\n";
  return staff_page(status, staff, std::string(tr(lang, "staff.accounts.account.title")), request,
                    html);
}

Response post_account(StaffSite& site, const Request& request, const StaffContext& staff) {
  const Lang lang = staff.lang;
  std::string current = staff.form.value("current_password");
  std::string fresh = staff.form.value("new_password");
  std::string repeat = staff.form.value("repeat_password");
  auto forget = [&] {
    data::wipe(current);
    data::wipe(fresh);
    data::wipe(repeat);
  };

  Errors errors(lang);
  if (current.empty())
    errors.add("current_password", "staff.accounts.account.error.current_missing");
  check_new_password(errors, "new_password", fresh);
  if (!fresh.empty() && fresh != repeat)
    errors.add("repeat_password", "staff.accounts.account.error.repeat");
  else if (!fresh.empty() && fresh == current)
    errors.add("new_password", "staff.accounts.account.error.same");
  if (!errors.empty()) {
    forget();
    return account_page(site, request, staff, http::status::unprocessable_entity, errors.list(),
                        "");
  }

  if (const auto wait = site.throttle.wait_needed(staff.user.email, site.db.now())) {
    forget();
    return too_many_attempts(account_page(site, request, staff, http::status::too_many_requests, {},
                                          throttled_message(lang, *wait)),
                             *wait);
  }
  data::UserStore users(site.db);
  if (!users.authenticate(staff.user.email, current)) {
    forget();
    if (const auto wait = site.throttle.record_failure(staff.user.email, site.db.now()))
      return too_many_attempts(account_page(site, request, staff, http::status::too_many_requests,
                                            {}, throttled_message(lang, *wait)),
                               *wait);
    errors.add("current_password", "staff.accounts.account.error.current_wrong");
    return account_page(site, request, staff, http::status::unprocessable_entity, errors.list(),
                        "");
  }
  site.throttle.record_success(staff.user.email);
  auto changed = users.set_password(staff.user.id, fresh, staff.actor(), staff.session_token);
  forget();
  if (!changed)
    return make_response(http::status::internal_server_error, "could not change the password\n",
                         "text/plain; charset=utf-8");
  return staff_redirect("/staff/account?changed=1&" + lang_query(lang));
}

// Admin pages: everyone else gets the 404 of a missing page.
StaffRoute admin_only(
    std::function<Response(const Request&, const PathParams&, const StaffContext&)> page) {
  return [page = std::move(page)](const Request& request, const PathParams& params,
                                  const StaffContext& staff) {
    if (!staff.user.admin) return staff_not_found(request, staff);
    return page(request, params, staff);
  };
}

}  // namespace

std::span<const CatalogEntry> staff_accounts_catalog() { return kAccounts; }

void add_staff_account_routes(Router& router, StaffSite& site) {
  router.add(http::verb::get, "/staff/login", [&site](const Request& request, const PathParams&) {
    return get_login(site, request);
  });
  router.add(http::verb::post, "/staff/login", [&site](const Request& request, const PathParams&) {
    return post_login(site, request);
  });

  add_staff_route(router, site, http::verb::post, "/staff/logout",
                  [&site](const Request&, const PathParams&, const StaffContext& staff) {
                    data::UserStore(site.db).end_session(staff.session_token);
                    Response response =
                        staff_redirect("/staff/login?logged_out=1&" + lang_query(staff.lang));
                    response.insert(http::field::set_cookie, session_cookie(site, "", true));
                    return response;
                  });

  add_staff_route(router, site, http::verb::get, "/staff",
                  [](const Request&, const PathParams&, const StaffContext& staff) {
                    return staff_redirect("/staff/events?" + lang_query(staff.lang));
                  });
  add_staff_route(router, site, http::verb::get, "/staff/events",
                  [&site](const Request& request, const PathParams&, const StaffContext& staff) {
                    return event_list(site, request, staff);
                  });

  add_staff_route(
      router, site, http::verb::get, "/staff/users",
      admin_only([&site](const Request& request, const PathParams&, const StaffContext& staff) {
        return users_page(site, request, staff, http::status::ok, {}, {});
      }));
  add_staff_route(
      router, site, http::verb::post, "/staff/users",
      admin_only([&site](const Request& request, const PathParams&, const StaffContext& staff) {
        return post_user(site, request, staff);
      }));
  add_staff_route(router, site, http::verb::get, "/staff/users/{id}",
                  admin_only([&site](const Request& request, const PathParams& params,
                                     const StaffContext& staff) {
                    const auto user = user_of_path(site, params);
                    if (!user) return staff_not_found(request, staff);
                    return user_page(site, request, staff, *user, http::status::ok, {});
                  }));
  add_staff_route(router, site, http::verb::post, "/staff/users/{id}",
                  admin_only([&site](const Request& request, const PathParams& params,
                                     const StaffContext& staff) {
                    const auto user = user_of_path(site, params);
                    if (!user) return staff_not_found(request, staff);
                    return post_user_password(site, request, staff, *user);
                  }));
  add_staff_route(
      router, site, http::verb::get, "/staff/organisations",
      admin_only([&site](const Request& request, const PathParams&, const StaffContext& staff) {
        return organisations_page(site, request, staff, http::status::ok, {}, {});
      }));
  add_staff_route(
      router, site, http::verb::post, "/staff/organisations",
      admin_only([&site](const Request& request, const PathParams&, const StaffContext& staff) {
        return post_organisation(site, request, staff);
      }));

  add_staff_route(router, site, http::verb::get, "/staff/account",
                  [&site](const Request& request, const PathParams&, const StaffContext& staff) {
                    return account_page(site, request, staff, http::status::ok, {}, "");
                  });
  add_staff_route(router, site, http::verb::post, "/staff/account",
                  [&site](const Request& request, const PathParams&, const StaffContext& staff) {
                    return post_account(site, request, staff);
                  });
}

}  // namespace dialogdag::web
