#include "app/data_commands.h"

#include <SQLiteCpp/Exception.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <istream>
#include <map>
#include <ostream>

#include "app/arguments.h"
#include "data/crypto.h"
#include "data/database.h"
#include "data/demo.h"
#include "data/maintenance.h"
#include "data/organisation_store.h"
#include "data/user_store.h"
#include "scheduler/result.h"

namespace dialogdag::app {
namespace {

using Options = std::map<std::string, std::string>;  // "--name" -> value ("" for flags)

Result<Options> parse_required(const std::vector<std::string>& args, size_t first,
                               const std::vector<std::string>& required,
                               const std::vector<std::string>& optional,
                               const std::vector<std::string>& flags, const std::string& command) {
  std::vector<std::string> valued = required;
  valued.insert(valued.end(), optional.begin(), optional.end());
  auto parsed = parse_arguments(args, first, valued, flags, /*positionals_allowed=*/false);
  if (!parsed) return Error{parsed.error() + " (see dialogdag --help)"};
  for (const auto& name : required)
    if (!parsed.value().has(name))
      return Error{command + " needs " + name + " (see dialogdag --help)"};
  return parsed.value().options;
}

// Runs `body`; a database error that is no bug (locked, disk full, ...) becomes one line.
int guarded(std::ostream& err, const std::function<int()>& body) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    return fail(err, std::string("database error: ") + e.what());
  }
}

// Turns off the echo of the terminal on standard input for its lifetime (nothing happens when
// standard input is no terminal), so that a typed password does not appear on the screen.
class HiddenInput {
 public:
  HiddenInput() : active_(tcgetattr(STDIN_FILENO, &saved_) == 0) {
    if (!active_) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~HiddenInput() {
    if (active_) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  HiddenInput(const HiddenInput&) = delete;
  HiddenInput& operator=(const HiddenInput&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

bool from_terminal(const std::istream& in) {
  return &in == &std::cin && isatty(STDIN_FILENO) == 1;
}

// One line from `in` without its line end. When from_terminal(in), asks for it on `err` with
// `prompt` and does not echo what is typed.
bool read_secret_line(std::istream& in, std::ostream& err, const std::string& prompt,
                      std::string& line) {
  if (!from_terminal(in)) {
    if (!std::getline(in, line)) return false;
  } else {
    err << prompt << std::flush;
    HiddenInput hidden;
    if (!std::getline(in, line)) return false;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

}  // namespace

int run_user_add(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                 std::ostream& err) {
  if (args.size() < 2 || args[1] != "add")
    return fail(err, "user needs a subcommand: user add --db FILE --email E --name N ...");
  auto parsed = parse_required(args, 2, {"--db", "--email", "--name"}, {"--organisation"},
                               {"--admin"}, "user add");
  if (!parsed) return fail(err, parsed.error());
  const Options& o = parsed.value();
  const bool admin = o.count("--admin") > 0;
  if (!admin && !o.count("--organisation"))
    return fail(err, "user add needs --organisation NAME (or --admin for an administrator)");

  std::string password;
  if (!read_secret_line(in, err, "Password for " + o.at("--email") + ": ", password) ||
      password.empty())
    return fail(err, "user add reads the password from standard input (one line); none given");
  if (from_terminal(in)) {
    std::string again;
    const bool same =
        read_secret_line(in, err, "Repeat the password: ", again) && again == password;
    data::wipe(again);
    if (!same) {
      data::wipe(password);
      return fail(err, "the two passwords are not the same; nothing was created");
    }
  }
  if (password.size() < data::kMinPasswordLength) {
    data::wipe(password);
    return fail(err, "the password must have at least " + std::to_string(data::kMinPasswordLength) +
                         " characters");
  }
  const int code = guarded(err, [&] {
    auto db = data::Db::open(o.at("--db"));
    if (!db) return fail(err, db.error());
    std::optional<std::int64_t> organisation;
    if (o.count("--organisation")) {
      auto id = data::OrganisationStore(*db.value()).find_or_create(o.at("--organisation"), "cli");
      if (!id) return fail(err, id.error());
      organisation = id.value();
    }
    data::NewUser user{o.at("--email"), o.at("--name"), password, organisation, admin};
    auto id = data::UserStore(*db.value()).create(user, "cli");
    data::wipe(user.password);
    if (!id) return fail(err, id.error());
    out << "created " << (admin ? "admin " : "staff user ") << o.at("--email") << " (id "
        << id.value() << ")\n";
    return 0;
  });
  data::wipe(password);
  return code;
}

int run_demo(const std::vector<std::string>& args, std::istream&, std::ostream& out,
             std::ostream& err) {
  auto parsed = parse_required(args, 1, {"--db"}, {}, {}, "demo");
  if (!parsed) return fail(err, parsed.error());
  return guarded(err, [&] {
    auto db = data::Db::open(parsed.value().at("--db"));
    if (!db) return fail(err, db.error());
    auto demo = data::create_demo(*db.value(), "cli");
    if (!demo) return fail(err, demo.error());
    const data::DemoInfo& d = demo.value();
    out << "demo event: /e/" << d.slug << " (" << d.day << ", " << d.suppliers
        << " registered suppliers)\n"
        << "staff login: " << d.staff_email << "\n"
        << "password:    " << d.staff_password << "\n"
        << "(the password is shown only now)\n";
    return 0;
  });
}

int run_backup(const std::vector<std::string>& args, std::istream&, std::ostream& out,
               std::ostream& err) {
  auto parsed = parse_required(args, 1, {"--db", "--to"}, {}, {}, "backup");
  if (!parsed) return fail(err, parsed.error());
  const std::string& from = parsed.value().at("--db");
  const std::string& to = parsed.value().at("--to");
  std::error_code ec;
  if (std::filesystem::equivalent(from, to, ec)) return fail(err, "--to names the database itself");
  return guarded(err, [&] {
    auto done = data::backup_database(from, to);
    if (!done) return fail(err, done.error());
    out << "backup of " << from << " written to " << to << " (integrity check ok)\n";
    return 0;
  });
}

int run_purge(const std::vector<std::string>& args, std::istream&, std::ostream& out,
              std::ostream& err) {
  auto parsed = parse_required(args, 1, {"--db", "--event"}, {}, {}, "purge");
  if (!parsed) return fail(err, parsed.error());
  const std::string& path = parsed.value().at("--db");
  if (!std::filesystem::exists(path)) return fail(err, path + ": no such database");
  return guarded(err, [&] {
    auto db = data::Db::open(path);
    if (!db) return fail(err, db.error());
    auto report = data::purge_event(*db.value(), parsed.value().at("--event"), "cli");
    if (!report) return fail(err, report.error());
    const data::PurgeReport& r = report.value();
    out << "purged the personal data of " << parsed.value().at("--event") << ": " << r.registrations
        << " registrations, " << r.attendees << " attendees, " << r.meetings
        << " meetings kept as anonymised counts\n";
    if (!r.wal_truncated)
      return fail(err,
                  "another connection kept old pages in the write-ahead log; run purge "
                  "again when the server is idle to remove every trace");
    return 0;
  });
}

}  // namespace dialogdag::app
