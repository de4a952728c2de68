// (Skeleton: this area is being built.)
#include "web/i18n_catalog.h"
#include "web/staff.h"

namespace dialogdag::web {

std::span<const CatalogEntry> staff_setup_catalog() { return {}; }

void add_staff_setup_routes(Router&, StaffSite&) {}

}  // namespace dialogdag::web
