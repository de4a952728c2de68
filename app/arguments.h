// Command-line arguments of the dialogdag commands: positionals and --options, each option at
// most once, "--name value" or "--name=value". Shared by every command so that they all refuse
// bad arguments the same way: one line naming the problem, exit code 2.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "scheduler/result.h"

namespace dialogdag::app {

struct Arguments {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--name" -> value ("" for flags)

  bool has(const std::string& name) const { return options.count(name) != 0; }
  // The option's value, or `fallback` when it was not given.
  std::string value(const std::string& name, const std::string& fallback = "") const;
};

// Parses args[first..]. `valued` options take a value (never empty), `flags` take none; any
// other --option is an error, as is a positional when `positionals_allowed` is false.
Result<Arguments> parse_arguments(const std::vector<std::string>& args, std::size_t first,
                                  const std::vector<std::string>& valued,
                                  const std::vector<std::string>& flags,
                                  bool positionals_allowed = true);

// Writes "dialogdag: MESSAGE" and returns 2, the exit code of bad arguments and unusable input.
int fail(std::ostream& err, const std::string& message);

}  // namespace dialogdag::app
