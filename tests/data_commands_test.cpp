// The database commands as a user runs them (called directly with string streams; the
// dispatcher in app/cli.cpp forwards to these functions).
#include "app/data_commands.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <sstream>

#include "data/user_store.h"
#include "tests/data_test_support.h"

namespace dialogdag::app {
namespace {

using data::testing::file_bytes;
using data::testing::TempDir;

struct Run {
  int code = 0;
  std::string out, err;
};

using Command = int (*)(const std::vector<std::string>&, std::istream&, std::ostream&,
                        std::ostream&);

Run run(Command command, const std::vector<std::string>& args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  Run result;
  result.code = command(args, in, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

bool one_line(const std::string& text) {
  return !text.empty() && text.find('\n') == text.size() - 1;
}

TEST_CASE("user add creates a staff user with the password from standard input") {
  TempDir dir;
  const std::string db = dir.file("users.db");
  auto added = run(run_user_add,
                   {"user", "add", "--db", db, "--email", "kari@namsos.example", "--name",
                    "Kari Nordmann", "--organisation", "Namsos kommune"},
                   "et-langt-passord-2027\n");
  CHECK(added.code == 0);
  CHECK(added.out.find("kari@namsos.example") != std::string::npos);
  CHECK(added.out.find("et-langt-passord") == std::string::npos);
  {
    auto opened = data::Db::open(db);
    REQUIRE(opened.ok());
    CHECK(data::UserStore(*opened.value())
              .authenticate("kari@namsos.example", "et-langt-passord-2027")
              .ok());
  }
  auto admin = run(run_user_add,
                   {"user", "add", "--db", db, "--email", "root@dialogdag.example", "--name",
                    "Admin", "--admin"},
                   "et-annet-langt-passord\r\n");
  CHECK(admin.code == 0);

  auto again = run(run_user_add,
                   {"user", "add", "--db", db, "--email", "KARI@namsos.example", "--name", "K",
                    "--organisation", "Namsos kommune"},
                   "et-langt-passord-2027\n");
  CHECK(again.code == 2);
  CHECK(one_line(again.err));
  CHECK(run(run_user_add,
            {"user", "add", "--db", db, "--email", "a@b.example", "--name", "A", "--admin"}, "")
            .code == 2);
  CHECK(run(run_user_add,
            {"user", "add", "--db", db, "--email", "a@b.example", "--name", "A", "--admin"},
            "kort\n")
            .code == 2);
  CHECK(run(run_user_add, {"user", "add", "--db", db, "--email", "a@b.example", "--name", "A"},
            "et-langt-passord\n")
            .code == 2);
  CHECK(run(run_user_add, {"user", "add", "--db", db, "--email"}, "x\n").code == 2);
  CHECK(run(run_user_add, {"user", "remove"}, "").code == 2);
  auto unknown = run(run_user_add, {"user", "add", "--db", db, "--colour", "red"}, "");
  CHECK(unknown.code == 2);
  CHECK(unknown.err == "dialogdag: unknown option --colour (see dialogdag --help)\n");
}

TEST_CASE("demo creates the five-municipality event once, then backup and purge work on it") {
  TempDir dir;
  const std::string db = dir.file("demo.db");
  auto demo = run(run_demo, {"demo", "--db", db});
  REQUIRE_MESSAGE(demo.code == 0, demo.err);
  CHECK(demo.out.find("/e/trygghetsalarm-namdalen") != std::string::npos);
  CHECK(demo.out.find("anskaffelse@namsos.kommune.example") != std::string::npos);
  auto twice = run(run_demo, {"demo", "--db", db});
  CHECK(twice.code == 2);
  CHECK(one_line(twice.err));

  auto backup = run(run_backup, {"backup", "--db", db, "--to", dir.file("copy.db")});
  CHECK(backup.code == 0);
  {
    SQLite::Database copy(dir.file("copy.db"), SQLite::OPEN_READONLY);
    CHECK(copy.execAndGet("SELECT count(*) FROM registration").getInt() == 20);
  }
  CHECK(run(run_backup, {"backup", "--db", db, "--to", dir.file("copy.db")}).code == 2);
  CHECK(run(run_backup, {"backup", "--db", db, "--to", db}).code == 2);
  CHECK(run(run_backup, {"backup", "--db", db}).code == 2);

  CHECK(file_bytes(db).find("Kari Nordhus") != std::string::npos);
  auto purge = run(run_purge, {"purge", "--db", db, "--event", "trygghetsalarm-namdalen"});
  CHECK_MESSAGE(purge.code == 0, purge.err);
  CHECK(purge.out.find("20 registrations") != std::string::npos);
  CHECK(file_bytes(db).find("Kari Nordhus") == std::string::npos);
  CHECK(run(run_purge, {"purge", "--db", db, "--event", "nope"}).code == 2);
  CHECK(run(run_purge, {"purge", "--db", dir.file("missing.db"), "--event", "x"}).code == 2);
  CHECK_FALSE(std::filesystem::exists(dir.file("missing.db")));
}

TEST_CASE("a newer database is refused by every command with one line") {
  TempDir dir;
  const std::string db = dir.file("future.db");
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA application_id = 1145323847; PRAGMA user_version = 999; CREATE TABLE x (y)");
  }
  auto demo = run(run_demo, {"demo", "--db", db});
  CHECK(demo.code == 2);
  CHECK(one_line(demo.err));
  CHECK(demo.err.find("newer") != std::string::npos);
}

}  // namespace
}  // namespace dialogdag::app
