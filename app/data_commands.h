// The commands that work on the database (shared/spec/interfaces.md): user add, demo, backup,
// purge. Each takes the whole argument list (args[0] is the command name) and returns the exit
// code: 0 done, 2 bad arguments, an unusable file or a refused operation (one line on `err`).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace dialogdag::app {

// dialogdag user add --db FILE --email E --name N [--organisation NAME] [--admin]
// The password is the first line of `in` (never an argument: it would show in `ps`).
int run_user_add(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                 std::ostream& err);
// dialogdag demo --db FILE
int run_demo(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
             std::ostream& err);
// dialogdag backup --db FILE --to FILE
int run_backup(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
               std::ostream& err);
// dialogdag purge --db FILE --event SLUG
int run_purge(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
              std::ostream& err);

}  // namespace dialogdag::app
