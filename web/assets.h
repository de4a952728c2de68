// Static files (the stylesheet, the staff console's script) compiled into the binary: nothing
// is read from disk at run time, so no request path can reach the file system.
#pragma once

#include <optional>
#include <string_view>

#include "web/server.h"

namespace dialogdag::web {

// GET /static/{name}: the file with caching headers (ETag; 304 when If-None-Match matches),
// or std::nullopt when there is no such file.
std::optional<Response> static_file(std::string_view name, const Request& request);

}  // namespace dialogdag::web
