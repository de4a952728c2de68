// dialogdag serve [--db FILE] [--listen 127.0.0.1:8080] [--threads N]: the web application.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace dialogdag::app {

// Opens (creates, migrates) the database, serves until SIGINT/SIGTERM, then finishes the
// requests in flight and closes the database. Exit 0 after a clean stop; 2 for bad arguments,
// an unusable database or an address it cannot listen on.
int run_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace dialogdag::app
