// The command line as a user runs it: the real binary, real files, exit codes and messages.
#include <doctest/doctest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <regex>
#include <string>
#include <thread>

#include "http_test_client.h"

namespace {

namespace fs = std::filesystem;

struct Run {
  int exit_code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

class Sandbox {
 public:
  Sandbox() {
    char pattern[] = "/tmp/dialogdag-cli-XXXXXX";
    dir_ = mkdtemp(pattern);
  }
  ~Sandbox() { fs::remove_all(dir_); }
  fs::path path(const std::string& name) const { return dir_ / name; }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  // Runs `dialogdag ARGS` (ARGS already shell-quoted where needed).
  Run dialogdag(const std::string& args) const {
    const std::string command = std::string("'") + DIALOGDAG_BINARY + "' " + args + " >'" +
                                path("out").string() + "' 2>'" + path("err").string() + "'";
    const int status = std::system(command.c_str());
    Run run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.out = slurp(path("out"));
    run.err = slurp(path("err"));
    return run;
  }

 private:
  fs::path dir_;
};

int lines(const std::string& text) {
  int count = 0;
  for (char c : text) count += c == '\n';
  return count;
}

const std::string kExample = std::string("'") + DIALOGDAG_EXAMPLES + "/dialogkonferanse.json'";

}  // namespace

TEST_CASE("solve writes a schedule of the example day that check accepts") {
  Sandbox box;
  const Run solved = box.dialogdag("solve " + kExample + " --seed 3");
  REQUIRE(solved.exit_code == 0);
  CHECK(solved.out.find("\"format\": \"dialogdag-schedule/1\"") != std::string::npos);
  CHECK(solved.out.find("\"seed\": 3") != std::string::npos);
  // The example has a fairness rule (spread 2) and every participant there could have a break;
  // its best schedule has none, and that is proven.
  CHECK(solved.out.find("\"status\": \"optimal\"") != std::string::npos);
  CHECK(solved.out.find("\"breaks\": 0") != std::string::npos);
  CHECK(solved.err.empty());
  box.write("schedule.json", solved.out);
  const Run checked = box.dialogdag("check " + kExample + " '" + box.path("schedule.json").string() + "'");
  CHECK(checked.exit_code == 0);
  CHECK(checked.out.rfind("valid (", 0) == 0);
}

TEST_CASE("solve reads the B2B benchmark's .dzn files with a fairness bound") {
  Sandbox box;
  const std::string dzn = std::string("'") + DIALOGDAG_TEST_DATA + "/b2b/tic-12.original.dzn'";
  const Run solved = box.dialogdag("solve " + dzn + " --fairness 2 --time-limit-ms 20000");
  REQUIRE(solved.exit_code == 0);
  CHECK(solved.out.find("\"status\": \"infeasible\"") == std::string::npos);
  box.write("schedule.json", solved.out);
  const Run checked =
      box.dialogdag("check " + dzn + " '" + box.path("schedule.json").string() + "' --fairness 2");
  CHECK_MESSAGE(checked.exit_code == 0, checked.out);
}

TEST_CASE("check lists the violations of a tampered schedule and exits 1") {
  Sandbox box;
  const Run solved = box.dialogdag("solve " + kExample);
  REQUIRE(solved.exit_code == 0);
  std::string tampered = solved.out;
  // Move the first assignment into slot 0, where acme (unavailable 0 and 1) or others clash.
  const auto at = tampered.find("\"slot\": ");
  REQUIRE(at != std::string::npos);
  tampered.replace(at, tampered.find(',', at) - at, "\"slot\": 99");
  box.write("bad.json", tampered);
  const Run checked = box.dialogdag("check " + kExample + " '" + box.path("bad.json").string() + "'");
  CHECK(checked.exit_code == 1);
  CHECK(checked.out.find("violation") != std::string::npos);
  CHECK(checked.out.find("99") != std::string::npos);
}

TEST_CASE("bad arguments and bad files give one line and a non-zero exit, never a crash") {
  Sandbox box;
  const auto broken = box.write("broken.json", "{\"format\": \"dialogdag-instance/1\", \"slots\": [");
  const auto typo = box.write("typo.json",
                              "{\"format\": \"dialogdag-instance/1\", \"slots\": [{}], \"slotz\": 1}");
  const std::string cases[] = {
      "",
      "frobnicate",
      "solve",
      "solve '" + box.path("missing.json").string() + "'",
      "solve '" + broken.string() + "'",
      "solve '" + typo.string() + "'",
      "solve " + kExample + " --seed minus-one",
      "solve " + kExample + " --time-limit-ms",
      "solve " + kExample + " --fairness 2",
      "solve " + kExample + " --bogus",
      "check " + kExample,
      "check " + kExample + " '" + broken.string() + "'",
      "serve --listen nonsense",
      "serve --threads 0",
      "serve --db '" + broken.string() + "'",
      "demo",
      "user add --db x.db",
      "purge --db '" + box.path("missing.db").string() + "' --event x",
  };
  for (const auto& args : cases) {
    CAPTURE(args);
    const Run run = box.dialogdag(args);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    if (!args.empty()) CHECK(lines(run.err) == 1);
    CHECK(run.err.find("dialogdag") != std::string::npos);
    CHECK(run.err.find("terminate") == std::string::npos);
  }
  CHECK(box.dialogdag("solve '" + typo.string() + "'").err.find("slotz") != std::string::npos);
}

TEST_CASE("demo creates an event that serve shows, and serve stops cleanly on SIGTERM") {
  Sandbox box;
  const std::string db = box.path("demo.db").string();
  const Run demo = box.dialogdag("demo --db '" + db + "'");
  REQUIRE(demo.exit_code == 0);
  std::smatch path;
  REQUIRE(std::regex_search(demo.out, path, std::regex("/e/[a-z0-9-]+")));

  // Start the server as a user would, on a free port, with its output in a file.
  const std::string log = box.path("serve.log").string();
  const std::string command = std::string("exec '") + DIALOGDAG_BINARY + "' serve --db '" + db +
                              "' --listen 127.0.0.1:0 --threads 2 >'" + log + "' 2>&1";
  pid_t pid = 0;
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  REQUIRE(posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) == 0);
  std::smatch port;
  std::string output;
  for (int i = 0; i < 500 && !std::regex_search(output, port, std::regex("127\\.0\\.0\\.1:([0-9]+)/"));
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    output = slurp(log);
  }
  REQUIRE_MESSAGE(port.size() == 2, output);
  const auto number = static_cast<unsigned short>(std::stoi(port[1]));
  dialogdag::test::Client browser(number);
  CHECK(browser.get("/healthz").body() == "ok\n");
  const auto event = browser.get(path.str());
  CHECK(event.result() == dialogdag::test::http::status::ok);
  CHECK(event.body().find("Namdalen") != std::string::npos);

  REQUIRE(kill(pid, SIGTERM) == 0);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const std::string final_log = slurp(log);
  CHECK(final_log.find("dialogdag: stopped") != std::string::npos);
  CHECK(final_log.find("GET /healthz 200") != std::string::npos);  // the access log
}
