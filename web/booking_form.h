// The supplier's booking form (shared/spec/interfaces.md, field names there): what was typed,
// its validation in the user's language, and its HTML. Every field is checked on the server;
// a rejected form comes back with an error summary, a message at each field and everything the
// user typed still there.
#pragma once

#include <string>
#include <vector>

#include "data/event_store.h"
#include "data/registration_store.h"
#include "scheduler/event.h"
#include "web/form.h"
#include "web/i18n.h"

namespace dialogdag::web {

// The form exactly as typed (strings), so that it can be shown again unchanged.
struct BookingForm {
  std::string company, orgnr, contact_name, email, phone;
  std::vector<std::string> attendee_names, attendee_roles;  // same length
  std::string plenary;  // "yes" | "no" | ""
  std::string meeting;  // "yes" | "no" | ""
  std::vector<std::string> panels;
  std::string available_from, available_until;  // "HH:MM" or ""
  std::vector<std::string> preferred_slots;     // "HH:MM"; instant mode: the first is booked
  std::string digital;                          // "yes" or ""
  std::string topics;
  std::string consent;  // "yes" or ""
};

struct FieldError {
  std::string field;    // the id of the input it belongs to (the summary links to it)
  std::string message;  // in the user's language
};

// What the form needs to know about the event.
struct BookingContext {
  const data::EventInfo* event = nullptr;
  const core::DaySetup* day = nullptr;
  std::vector<core::Minutes> free_slots;  // instant mode: the slot starts still free
  Lang lang = Lang::kNb;
  bool orgnr_locked = false;  // changing a registration: the organisation number is shown only
};

BookingForm read_booking_form(const FormFields& fields);

// A form filled from a stored registration (for changing it).
BookingForm booking_form_from(const data::Registration& registration);

// Every problem with the form, in field order; empty = acceptable.
std::vector<FieldError> validate_booking(const BookingForm& form, const BookingContext& context);

// REQUIRES: validate_booking(form, context) is empty.
data::RegistrationInput to_registration_input(const BookingForm& form);

// The <form> with its error summary (when `errors` is not empty; it takes the focus), posting
// to `action` with the hidden CSRF token. `submit_label_key` is the catalog key of the button.
std::string render_booking_form(const BookingForm& form, const std::vector<FieldError>& errors,
                                const BookingContext& context, const std::string& action,
                                const std::string& csrf_token,
                                const std::string& submit_label_key);

}  // namespace dialogdag::web
