// The supplier's side: the event page, the booking form, "my booking" behind the private link,
// and the health check (routes in shared/spec/interfaces.md).
#pragma once

#include "data/database.h"
#include "web/csrf.h"
#include "web/response_cache.h"
#include "web/router.h"

namespace dialogdag::web {

struct PublicSite {
  data::Db& db;
  CsrfGuard csrf;
  ResponseCache cache{db};  // the event page and JSON (see response_cache.h)
};

// Adds GET /, /healthz, /static/{file}, /e/{slug}, /e/{slug}/calendar.ics,
// /api/v1/events/{slug}, GET+POST /e/{slug}/book, GET+POST /b/{token}, GET /b/{token}/edit,
// GET /b/{token}/calendar.ics, GET+POST /b/{token}/cancel. `site` must outlive the router.
void add_public_routes(Router& router, PublicSite& site);

// The cookie that binds public forms to the browser (see csrf.h).
inline constexpr const char* kFormCookie = "dd_form";

}  // namespace dialogdag::web
