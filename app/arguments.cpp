#include "app/arguments.h"

#include <algorithm>
#include <ostream>

namespace dialogdag::app {

std::string Arguments::value(const std::string& name, const std::string& fallback) const {
  const auto it = options.find(name);
  return it == options.end() ? fallback : it->second;
}

Result<Arguments> parse_arguments(const std::vector<std::string>& args, std::size_t first,
                                  const std::vector<std::string>& valued,
                                  const std::vector<std::string>& flags, bool positionals_allowed) {
  Arguments parsed;
  for (std::size_t i = first; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      if (!positionals_allowed) return Error{"unexpected argument \"" + arg + "\""};
      parsed.positional.push_back(arg);
      continue;
    }
    std::string name = arg, value;
    bool has_value = false;
    if (const auto eq = arg.find('='); eq != std::string::npos)
      name = arg.substr(0, eq), value = arg.substr(eq + 1), has_value = true;
    const bool is_valued = std::find(valued.begin(), valued.end(), name) != valued.end();
    const bool is_flag = std::find(flags.begin(), flags.end(), name) != flags.end();
    if (!is_valued && !is_flag) return Error{"unknown option " + name};
    if (parsed.options.count(name)) return Error{"option " + name + " given twice"};
    if (is_valued && !has_value) {
      if (i + 1 >= args.size()) return Error{"option " + name + " needs a value"};
      value = args[++i];
    }
    if (is_flag && has_value) return Error{"option " + name + " takes no value"};
    if (is_valued && value.empty()) return Error{"option " + name + " needs a value"};
    parsed.options[name] = value;
  }
  return parsed;
}

int fail(std::ostream& err, const std::string& message) {
  err << "dialogdag: " << message << "\n";
  return 2;
}

}  // namespace dialogdag::app
