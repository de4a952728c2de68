// The dialogdag command line (shared/spec/interfaces.md). main() only forwards to run_cli, so
// the commands can be driven with any streams.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace dialogdag::app {

// Runs one command. Returns the process exit code: 0 success, 1 `check` found violations,
// 2 bad arguments or unreadable input (one line on `err`, never a stack trace).
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace dialogdag::app
