// (Skeleton: this area is being built.)
#include "web/i18n_catalog.h"
#include "web/staff.h"

namespace dialogdag::web {

std::span<const CatalogEntry> staff_agenda_catalog() { return {}; }

void add_staff_agenda_routes(Router&, StaffSite&) {}

}  // namespace dialogdag::web
