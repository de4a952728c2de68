// (Skeleton: this area is being built.)
#include "web/i18n_catalog.h"
#include "web/staff.h"

namespace dialogdag::web {

std::span<const CatalogEntry> staff_record_catalog() { return {}; }

void add_staff_record_routes(Router&, StaffSite&) {}

}  // namespace dialogdag::web
