// The catalog behind tr() (web/i18n.h) comes in fragments, one per area of the site, so each
// area keeps its texts beside its pages. Keys are unique across all fragments (a test checks
// it); by convention a fragment's keys start with its area ("staff.setup.", ...).
#pragma once

#include <span>
#include <string_view>

namespace dialogdag::web {

struct CatalogEntry {
  std::string_view key, nb, en;
};

std::span<const CatalogEntry> staff_common_catalog();    // web/staff.cpp
std::span<const CatalogEntry> staff_accounts_catalog();  // web/staff_accounts.cpp
std::span<const CatalogEntry> staff_setup_catalog();     // web/staff_setup.cpp
std::span<const CatalogEntry> staff_schedule_catalog();  // web/staff_schedule.cpp
std::span<const CatalogEntry> staff_agenda_catalog();    // web/staff_agenda.cpp
std::span<const CatalogEntry> staff_record_catalog();    // web/staff_record.cpp

}  // namespace dialogdag::web
