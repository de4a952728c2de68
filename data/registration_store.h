// Supplier registrations: the company, the people coming and the one-to-one they ask for.
// Every registration gets a short booking reference and an unguessable manage token (handed
// out once, stored as a digest). In instant booking mode the registration also books its slot:
// two suppliers who pick the same slot at the same moment get exactly one booking between them
// (BEGIN IMMEDIATE serialises the writers, the unique index meeting_panel_slot decides).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/database.h"
#include "scheduler/event.h"

namespace dialogdag::data {

struct AttendeeInput {
  std::string name;
  std::string role;
};

struct RegistrationInput {
  std::string company;
  std::string orgnr;  // spaces allowed; MOD11-checked
  std::string contact_name;
  std::string email;
  std::string phone;
  std::vector<AttendeeInput> attendees;  // at most the event's max_people
  bool attends_plenary = true;
  bool wants_meeting = true;
  std::vector<std::string> panels;  // panel keys
  std::optional<core::Minutes> available_from;
  std::optional<core::Minutes> available_until;
  std::vector<core::Minutes> unavailable;  // slot starts
  std::vector<core::Minutes> preferred;    // slot starts; instant mode: the first is booked
  bool digital = false;
  std::string topics;
  bool consent = false;
};

struct Booking {
  std::int64_t registration_id = 0;
  std::string reference;     // "DK-7F3K-92QX"
  std::string manage_token;  // the private link's secret; not stored in clear
};

struct Registration {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::string reference;
  std::string company;
  std::string orgnr;  // empty after a purge
  std::string contact_name, email, phone;
  std::vector<AttendeeInput> attendees;
  bool attends_plenary = true;
  bool wants_meeting = false;
  std::vector<std::string> panels;
  std::optional<core::Minutes> available_from, available_until;
  std::vector<core::Minutes> unavailable, preferred;
  bool digital = false;
  std::string topics;
  bool cancelled = false;
};

class RegistrationStore {
 public:
  explicit RegistrationStore(Db& db) : db_(db) {}

  // Registers a supplier for an event.
  // kInvalid: a field breaks a rule (message "field: ..." names the field); kNotFound: no such
  // event; kConflict: registration is not open (draft, closed, before opening, after the
  // deadline), the organisation number is registered already for this event, or (instant mode)
  // the chosen slot was taken by someone else first.
  // The refusals a supplier can meet after the form's own checks carry a StoreError::code:
  // "closed" (registration not open, or the deadline passed), "cancelled" (the registration
  // was cancelled), "orgnr_taken", "panel_unknown", and for the chosen slot "slot_missing",
  // "slot_not_in_day", "slot_outside_travel", "slot_taken" (the panel has a meeting then),
  // "slot_panel_busy" (a panel member or the room is busy), "slot_no_digital_room".
  StoreResult<Booking> register_supplier(std::int64_t event_id, const RegistrationInput& input);

  // The registration behind a manage token (kNotFound for an unknown token).
  StoreResult<Registration> find_by_token(const std::string& token);
  StoreResult<Registration> get(std::int64_t registration_id);

  // Replaces what the supplier can change (everything but the organisation number) before the
  // deadline, with the rules of register_supplier. Instant mode: the booked slot moves to the
  // first preferred slot in one transaction; if that is taken (kConflict) the old booking stands.
  StoreResult<Done> update(const std::string& token, const RegistrationInput& input);

  // Cancels a registration and frees its meetings, before the deadline only (kConflict after).
  StoreResult<Done> cancel(const std::string& token);

  // The active registrations that want a one-to-one, as the scheduler's core sees them
  // (key = booking reference, people = attendees, at least 1). In registration order.
  std::vector<core::SupplierRequest> load_requests(std::int64_t event_id);

  // Active registrations of the event (staff views, exports). In registration order.
  std::vector<Registration> list(std::int64_t event_id);

 private:
  Db& db_;
};

// load_requests for code that already holds the Db lock.
std::vector<core::SupplierRequest> load_requests_locked(Db& db, std::int64_t event_id);

}  // namespace dialogdag::data
