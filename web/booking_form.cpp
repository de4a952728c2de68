#include "web/booking_form.h"

#include <algorithm>

#include "scheduler/validation.h"

namespace dialogdag::web {
namespace {

constexpr std::size_t kMaxText = 200;      // names, company, phone
constexpr std::size_t kMaxTopics = 4'000;  // free text

std::string h(std::string_view text) { return html_escape(text); }

bool is_yes(const std::string& value) { return value == "yes"; }

bool valid_phone(const std::string& phone) {
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')') return false;
  }
  return digits >= 5 && digits <= 15;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A one-line field as stored: trimmed, and every run of line breaks, tabs and other control
// characters inside it one space. A browser's text input cannot hold a line break; a crafted
// request can, and a company name on two lines would break every list, agenda and export line.
std::string one_line(const std::string& text) {
  std::string line;
  bool pending_space = false;
  for (const char c : trimmed(text)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || c == ' ') {
      pending_space = true;
      continue;
    }
    if (pending_space && !line.empty()) line += ' ';
    pending_space = false;
    line += c;
  }
  return line;
}

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// The slots suppliers can choose from, as "HH:MM - HH:MM" labels keyed by start.
std::vector<core::GridSlot> slots_of(const BookingContext& context) {
  return context.day ? core::slot_grid(*context.day) : std::vector<core::GridSlot>{};
}

class ErrorList {
 public:
  explicit ErrorList(Lang lang) : lang_(lang) {}
  void add(const std::string& field, std::string_view key) {
    errors_.push_back({field, std::string(tr(lang_, key))});
  }
  void add_text(const std::string& field, std::string message) {
    errors_.push_back({field, std::move(message)});
  }
  std::vector<FieldError> take() { return std::move(errors_); }

 private:
  Lang lang_;
  std::vector<FieldError> errors_;
};

}  // namespace

BookingForm read_booking_form(const FormFields& fields) {
  BookingForm form;
  form.company = fields.value("company");
  form.orgnr = fields.value("orgnr");
  form.contact_name = fields.value("contact_name");
  form.email = fields.value("email");
  form.phone = fields.value("phone");
  form.attendee_names = fields.all("attendee_name");
  form.attendee_roles = fields.all("attendee_role");
  form.attendee_roles.resize(form.attendee_names.size());
  form.plenary = fields.value("plenary");
  form.meeting = fields.value("meeting");
  form.panels = fields.all("panel");
  form.available_from = fields.value("available_from");
  form.available_until = fields.value("available_until");
  form.preferred_slots = fields.all("preferred_slot");
  form.digital = fields.value("digital");
  form.topics = fields.value("topics");
  form.consent = fields.value("consent");
  return form;
}

BookingForm booking_form_from(const data::Registration& r) {
  BookingForm form;
  form.company = r.company;
  form.orgnr = r.orgnr;
  form.contact_name = r.contact_name;
  form.email = r.email;
  form.phone = r.phone;
  for (const auto& attendee : r.attendees) {
    form.attendee_names.push_back(attendee.name);
    form.attendee_roles.push_back(attendee.role);
  }
  form.plenary = r.attends_plenary ? "yes" : "no";
  form.meeting = r.wants_meeting ? "yes" : "no";
  form.panels = r.panels;
  if (r.available_from) form.available_from = core::format_clock(*r.available_from);
  if (r.available_until) form.available_until = core::format_clock(*r.available_until);
  for (auto start : r.preferred) form.preferred_slots.push_back(core::format_clock(start));
  form.digital = r.digital ? "yes" : "";
  form.topics = r.topics;
  form.consent = "yes";
  return form;
}

std::vector<FieldError> validate_booking(const BookingForm& form, const BookingContext& context) {
  ErrorList errors(context.lang);
  const data::EventInfo& event = *context.event;
  auto required_text = [&](const std::string& value, const std::string& field,
                           std::string_view missing_key) {
    if (trimmed(value).empty()) errors.add(field, missing_key);
    else if (value.size() > kMaxText) errors.add(field, "error.too_long");
  };
  required_text(form.company, "company", "error.company");
  if (trimmed(form.orgnr).empty()) errors.add("orgnr", "error.orgnr_missing");
  else if (!core::normalise_orgnr(form.orgnr)) errors.add("orgnr", "error.orgnr");
  required_text(form.contact_name, "contact_name", "error.contact_name");
  if (trimmed(form.email).empty()) errors.add("email", "error.email_missing");
  else if (!core::plausible_email(trimmed(form.email))) errors.add("email", "error.email");
  if (trimmed(form.phone).empty()) errors.add("phone", "error.phone_missing");
  else if (!valid_phone(trimmed(form.phone))) errors.add("phone", "error.phone");

  int named = 0;
  for (std::size_t i = 0; i < form.attendee_names.size(); ++i) {
    const std::string field = "attendee-" + std::to_string(i + 1) + "-name";
    const bool has_name = !trimmed(form.attendee_names[i]).empty();
    named += has_name;
    if (!has_name && !trimmed(form.attendee_roles[i]).empty()) errors.add(field, "error.attendee_name");
    if (form.attendee_names[i].size() > kMaxText || form.attendee_roles[i].size() > kMaxText)
      errors.add(field, "error.too_long");
  }
  if (named == 0) errors.add("attendee-1-name", "error.attendees_none");
  if (named > event.max_people)
    errors.add_text("attendee-1-name", std::string(tr(context.lang, "error.attendees_many")) + " " +
                                           std::to_string(event.max_people) + ".");

  if (form.plenary != "yes" && form.plenary != "no") errors.add("plenary-yes", "error.plenary");
  if (form.meeting != "yes" && form.meeting != "no") errors.add("meeting-yes", "error.meeting");

  if (is_yes(form.meeting)) {
    const auto& panels = context.day->panels;
    if (form.panels.empty() && panels.size() > 1) errors.add("panel-1", "error.panels");
    for (const auto& key : form.panels)
      if (std::none_of(panels.begin(), panels.end(), [&](const auto& p) { return p.key == key; }))
        errors.add("panel-1", "error.panel_unknown");
    const auto from = form.available_from.empty() ? std::optional<core::Minutes>(0)
                                                  : core::parse_clock(form.available_from);
    const auto until = form.available_until.empty() ? std::optional<core::Minutes>(24 * 60)
                                                    : core::parse_clock(form.available_until);
    if (!from) errors.add("available_from", "error.time");
    if (!until) errors.add("available_until", "error.time");
    if (from && until && *from >= *until) errors.add("available_until", "error.time_order");
    const auto grid = slots_of(context);
    auto is_slot = [&](const std::string& text) {
      const auto start = core::parse_clock(text);
      return start && std::any_of(grid.begin(), grid.end(),
                                  [&](const auto& slot) { return slot.start == *start; });
    };
    for (const auto& slot : form.preferred_slots)
      if (!is_slot(slot)) errors.add("slot-1", "error.slot_unknown");
    if (event.booking_mode == data::BookingMode::kInstant) {
      if (form.preferred_slots.empty()) {
        errors.add("slot-1", "error.slot_missing");
      } else if (const auto chosen = core::parse_clock(form.preferred_slots.front()); chosen) {
        if (std::find(context.free_slots.begin(), context.free_slots.end(), *chosen) ==
            context.free_slots.end())
          errors.add("slot-1", "error.slot_taken");
        else if (from && until)
          for (const auto& slot : grid)
            if (slot.start == *chosen && (slot.start < *from || slot.end > *until))
              errors.add("slot-1", "error.slot_outside_travel");
      }
    }
  }
  if (form.topics.size() > kMaxTopics) errors.add("topics", "error.topics_long");
  if (!is_yes(form.consent)) errors.add("consent", "error.consent");
  return errors.take();
}

data::RegistrationInput to_registration_input(const BookingForm& form) {
  data::RegistrationInput input;
  input.company = one_line(form.company);
  input.orgnr = core::normalise_orgnr(form.orgnr).value_or(form.orgnr);
  input.contact_name = one_line(form.contact_name);
  input.email = one_line(form.email);
  input.phone = one_line(form.phone);
  for (std::size_t i = 0; i < form.attendee_names.size(); ++i)
    if (!trimmed(form.attendee_names[i]).empty())
      input.attendees.push_back({one_line(form.attendee_names[i]), one_line(form.attendee_roles[i])});
  input.attends_plenary = is_yes(form.plenary);
  input.wants_meeting = is_yes(form.meeting);
  if (input.wants_meeting) {
    input.panels = form.panels;
    if (!form.available_from.empty()) input.available_from = core::parse_clock(form.available_from);
    if (!form.available_until.empty())
      input.available_until = core::parse_clock(form.available_until);
    for (const auto& slot : form.preferred_slots)
      if (const auto start = core::parse_clock(slot)) input.preferred.push_back(*start);
    input.digital = is_yes(form.digital);
  }
  input.topics = form.topics;
  input.consent = is_yes(form.consent);
  return input;
}

namespace {

// The pieces of markup every field shares: its error message and the ARIA attributes.
struct FieldMarkup {
  std::string error_html;  // the message element, or ""
  std::string attributes;  // aria-invalid / aria-describedby, with a leading space, or ""
};

FieldMarkup markup_for(const std::string& id, const std::vector<FieldError>& errors,
                       const std::string& hint_id = "") {
  FieldMarkup markup;
  std::string described = hint_id;
  for (const auto& error : errors) {
    if (error.field != id) continue;
    markup.error_html += "<span class=\"field-error\" id=\"" + id + "-error\">" + h(error.message) +
                         "</span>\n";
    if (described.find(id + "-error") == std::string::npos)
      described += (described.empty() ? "" : " ") + id + "-error";
    markup.attributes = " aria-invalid=\"true\"";
  }
  if (!described.empty()) markup.attributes += " aria-describedby=\"" + described + "\"";
  return markup;
}

std::string text_input(const std::string& id, const std::string& name, const std::string& type,
                       const std::string& label, const std::string& hint, const std::string& value,
                       const std::vector<FieldError>& errors, const std::string& autocomplete,
                       bool required) {
  const std::string hint_id = hint.empty() ? "" : id + "-hint";
  const FieldMarkup markup = markup_for(id, errors, hint_id);
  std::string html = "<label for=\"" + id + "\">" + h(label);
  if (!hint.empty()) html += " <span class=\"hint\" id=\"" + hint_id + "\">" + h(hint) + "</span>";
  html += "</label>\n" + markup.error_html;
  html += "<input type=\"" + type + "\" id=\"" + id + "\" name=\"" + name + "\" value=\"" + h(value) +
          "\"" + markup.attributes;
  if (!autocomplete.empty()) html += " autocomplete=\"" + autocomplete + "\"";
  if (required) html += " required";
  html += ">\n";
  return html;
}

std::string yes_no(const std::string& name, const std::string& legend, const std::string& value,
                   const std::vector<FieldError>& errors, Lang lang) {
  const FieldMarkup markup = markup_for(name + "-yes", errors);
  std::string html = "<fieldset" + std::string(markup.error_html.empty() ? "" : " aria-describedby=\"" + name + "-yes-error\"") +
                     ">\n<legend>" + h(legend) + "</legend>\n" + markup.error_html;
  for (const char* option : {"yes", "no"}) {
    const std::string id = name + "-" + option;
    html += "<label class=\"choice\"><input type=\"radio\" id=\"" + id +
            "\" name=\"" + name + "\" value=\"" + option + "\"" +
            (value == option ? " checked" : "") + "> " +
            h(tr(lang, std::string("answer.") + option)) + "</label>\n";
  }
  return html + "</fieldset>\n";
}

}  // namespace

std::string render_booking_form(const BookingForm& form, const std::vector<FieldError>& errors,
                                const BookingContext& context, const std::string& action,
                                const std::string& csrf_token, const std::string& submit_label_key) {
  const Lang lang = context.lang;
  const data::EventInfo& event = *context.event;
  const core::DaySetup& day = *context.day;
  auto t = [&](std::string_view key) { return std::string(tr(lang, key)); };
  std::string html;

  if (!errors.empty()) {
    html += "<div class=\"error-summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
            "autofocus aria-labelledby=\"error-summary-title\">\n<h2 id=\"error-summary-title\">" +
            t("form.errors_title") + "</h2>\n<ul>\n";
    for (const auto& error : errors)
      html += "<li><a href=\"#" + error.field + "\">" + h(error.message) + "</a></li>\n";
    html += "</ul>\n</div>\n";
  }

  html += "<form method=\"post\" action=\"" + h(action) + "\" novalidate>\n";
  html += "<input type=\"hidden\" name=\"_csrf\" value=\"" + h(csrf_token) + "\">\n";

  html += "<fieldset>\n<legend>" + t("form.company_legend") + "</legend>\n";
  html += text_input("company", "company", "text", t("form.company"), "", form.company, errors,
                     "organization", true);
  if (context.orgnr_locked)
    html += "<label for=\"orgnr\">" + t("form.orgnr") + "</label>\n<input type=\"text\" id=\"orgnr\" "
            "name=\"orgnr\" value=\"" + h(form.orgnr) + "\" readonly>\n";
  else
    html += text_input("orgnr", "orgnr", "text", t("form.orgnr"), t("form.orgnr_hint"), form.orgnr,
                       errors, "", true);
  html += text_input("contact_name", "contact_name", "text", t("form.contact_name"), "",
                     form.contact_name, errors, "name", true);
  html += text_input("email", "email", "email", t("form.email"), "", form.email, errors, "email",
                     true);
  html += text_input("phone", "phone", "tel", t("form.phone"), "", form.phone, errors, "tel", true);
  html += "</fieldset>\n";

  html += "<fieldset>\n<legend>" + t("form.attendees_legend") + "</legend>\n<p class=\"hint\">" +
          t("form.attendees_hint") + " " + std::to_string(event.max_people) + ".</p>\n";
  for (int i = 0; i < event.max_people; ++i) {
    const std::string n = std::to_string(i + 1);
    const std::string name =
        i < static_cast<int>(form.attendee_names.size()) ? form.attendee_names[i] : "";
    const std::string role =
        i < static_cast<int>(form.attendee_roles.size()) ? form.attendee_roles[i] : "";
    html += text_input("attendee-" + n + "-name", "attendee_name", "text",
                       t("form.attendee_name") + " " + n, "", name, errors, "", false);
    html += text_input("attendee-" + n + "-role", "attendee_role", "text",
                       t("form.attendee_role") + " " + n, "", role, errors, "", false);
  }
  html += "</fieldset>\n";

  html += yes_no("plenary", t("form.plenary"), form.plenary, errors, lang);
  html += yes_no("meeting", t("form.meeting"), form.meeting, errors, lang);

  html += "<fieldset>\n<legend>" + t("form.meeting_legend") + "</legend>\n<p class=\"hint\">" +
          t("form.meeting_hint") + "</p>\n";
  if (day.panels.size() > 1) {
    const FieldMarkup panel_markup = markup_for("panel-1", errors);
    html += "<fieldset>\n<legend>" + t("form.panels") + "</legend>\n" + panel_markup.error_html;
    for (std::size_t i = 0; i < day.panels.size(); ++i) {
      const auto& panel = day.panels[i];
      const std::string id = "panel-" + std::to_string(i + 1);
      html += "<label class=\"choice\"><input type=\"checkbox\" id=\"" + id +
              "\" name=\"panel\" value=\"" + h(panel.key) + "\"" +
              (contains(form.panels, panel.key) ? " checked" : "") +
              (i == 0 ? panel_markup.attributes : "") + "> " + h(panel.name) + "</label>\n";
    }
    html += "</fieldset>\n";
  } else if (day.panels.size() == 1) {
    html += "<input type=\"hidden\" name=\"panel\" value=\"" + h(day.panels[0].key) + "\">\n";
  }
  html += text_input("available_from", "available_from", "time", t("form.available_from"),
                     t("form.available_from_hint"), form.available_from, errors, "", false);
  html += text_input("available_until", "available_until", "time", t("form.available_until"),
                     t("form.available_until_hint"), form.available_until, errors, "", false);

  const auto grid = slots_of(context);
  const bool instant = event.booking_mode == data::BookingMode::kInstant;
  const FieldMarkup slot_markup = markup_for("slot-1", errors);
  html += "<fieldset>\n<legend>" + t(instant ? "form.slot_instant" : "form.slot_preferred") +
          "</legend>\n" + slot_markup.error_html;
  int shown = 0;
  for (const auto& slot : grid) {
    const bool free = std::find(context.free_slots.begin(), context.free_slots.end(), slot.start) !=
                      context.free_slots.end();
    if (instant && !free) continue;
    const std::string start = core::format_clock(slot.start);
    const std::string id = "slot-" + std::to_string(++shown);
    const bool checked = instant ? (!form.preferred_slots.empty() && form.preferred_slots[0] == start)
                                 : contains(form.preferred_slots, start);
    html += "<label class=\"choice\"><input type=\"" +
            std::string(instant ? "radio" : "checkbox") + "\" id=\"" + id +
            "\" name=\"preferred_slot\" value=\"" + start + "\"" + (checked ? " checked" : "") +
            (shown == 1 ? slot_markup.attributes : "") + "> " + start + "–" +
            core::format_clock(slot.end) + "</label>\n";
  }
  if (shown == 0)
    html += "<p id=\"slot-1\" tabindex=\"-1\">" + t(instant ? "form.no_free_slots" : "form.no_slots") + "</p>\n";
  html += "</fieldset>\n";
  html += "<label class=\"choice\"><input type=\"checkbox\" id=\"digital\" "
          "name=\"digital\" value=\"yes\"" +
          std::string(is_yes(form.digital) ? " checked" : "") + "> " + t("form.digital") +
          "</label>\n</fieldset>\n";

  {
    const FieldMarkup markup = markup_for("topics", errors, "topics-hint");
    html += "<label for=\"topics\">" + t("form.topics") + " <span class=\"hint\" id=\"topics-hint\">" +
            t("form.topics_hint") + "</span></label>\n" + markup.error_html +
            "<textarea id=\"topics\" name=\"topics\"" + markup.attributes + ">" + h(form.topics) +
            "</textarea>\n";
  }

  {
    const FieldMarkup markup = markup_for("consent", errors, "privacy");
    html += "<div class=\"notice\" id=\"privacy\"><p>" + t("form.privacy") + " " +
            h(long_date(event.retention_until, lang)) + ".</p></div>\n" + markup.error_html +
            "<label class=\"choice\"><input type=\"checkbox\" id=\"consent\" "
            "name=\"consent\" value=\"yes\"" +
            std::string(is_yes(form.consent) ? " checked" : "") + markup.attributes + "> " +
            t("form.consent") + "</label>\n";
  }
  html += "<button type=\"submit\">" + t(submit_label_key) + "</button>\n</form>\n";
  return html;
}

}  // namespace dialogdag::web
