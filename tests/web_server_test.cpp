// The HTTP server over real sockets on 127.0.0.1: limits, errors, keep-alive, slow clients, long
// writes beside reads and a graceful stop, as a browser or a hostile client would meet them.
#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "http_test_client.h"
#include "web/server.h"

using namespace dialogdag::web;
namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using dialogdag::test::Client;

namespace {

Response text(http::status status, std::string body) {
  Response response{status, 11};
  response.set(http::field::content_type, "text/plain");
  response.body() = std::move(body);
  return response;
}

std::atomic<bool> slow_started{false};

// POST /write: a write that takes long, until the test releases it (at most 5 s).
std::atomic<int> writes_started{0};
std::atomic<int> writes_finished{0};
std::atomic<bool> writes_released{false};

void reset_writes() {
  writes_started = 0;
  writes_finished = 0;
  writes_released = false;
}

// Waits at most 5 s for `condition`.
template <class Condition>
bool eventually(Condition condition) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!condition() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return condition();
}

// Routes of the test: /hello, /slow (300 ms), POST /write (until released), /boom (throws),
// /full, /readonly and /locked (storage failures as SQLite reports them), /api/full.
Response test_handler(const Request& request) {
  if (request.target() == "/hello") return text(http::status::ok, "hello");
  if (request.method() == http::verb::post && request.target() == "/write") {
    ++writes_started;
    eventually([] { return writes_released.load(); });
    ++writes_finished;
    return text(http::status::ok, "written");
  }
  if (request.target() == "/slow") {
    slow_started = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return text(http::status::ok, "slow");
  }
  if (request.target() == "/boom") throw std::runtime_error("boom");
  if (request.target() == "/full" || request.target() == "/api/full" ||
      request.target() == "/full?lang=en")
    throw SQLite::Exception("database or disk is full", SQLITE_FULL);
  if (request.target() == "/readonly")
    throw SQLite::Exception("attempt to write a readonly database", SQLITE_READONLY);
  if (request.target() == "/locked") throw SQLite::Exception("database is locked", SQLITE_BUSY);
  if (request.target() == "/constraint")
    throw SQLite::Exception("CHECK constraint failed", SQLITE_CONSTRAINT);
  return text(http::status::not_found, "no such page");
}

// The test server with the routes above.
struct RunningServer : dialogdag::test::RunningServer {
  explicit RunningServer(ServerLimits limits = {})
      : dialogdag::test::RunningServer(test_handler, limits) {}
};

}  // namespace

TEST_CASE("a request gets its response with the security headers, twice on one connection") {
  RunningServer running;
  Client client(running.port());
  for (int i = 0; i < 2; ++i) {
    const auto response = client.get("/hello");
    CHECK(response.result() == http::status::ok);
    CHECK(response.body() == "hello");
    CHECK(response.keep_alive());
    CHECK(std::string(response["Content-Security-Policy"]).find("frame-ancestors 'none'") !=
          std::string::npos);
    CHECK(response["X-Content-Type-Options"] == "nosniff");
    CHECK(response["Referrer-Policy"] == "no-referrer");
  }
}

TEST_CASE("a body over the limit gets 413 and the server goes on serving") {
  ServerLimits limits;
  limits.body_bytes = 1024;
  RunningServer running(limits);
  Client client(running.port());
  http::request<http::string_body> request{http::verb::post, "/hello", 11};
  request.set(http::field::host, "127.0.0.1");
  request.body() = std::string(4096, 'x');
  request.prepare_payload();
  http::write(client.socket, request);
  CHECK(client.read().result() == http::status::payload_too_large);
  CHECK(Client(running.port()).get("/hello").result() == http::status::ok);
}

TEST_CASE("a header block over the limit gets 431") {
  ServerLimits limits;
  limits.header_bytes = 2048;
  RunningServer running(limits);
  Client client(running.port());
  http::request<http::string_body> request{http::verb::get, "/hello", 11};
  request.set(http::field::host, "127.0.0.1");
  request.set("X-Padding", std::string(4096, 'p'));
  http::write(client.socket, request);
  CHECK(client.read().result() == http::status::request_header_fields_too_large);
  CHECK(Client(running.port()).get("/hello").body() == "hello");
}

TEST_CASE("a handler that throws gives 500, not a dead server") {
  RunningServer running;
  CHECK(Client(running.port()).get("/boom").result() == http::status::internal_server_error);
  CHECK(Client(running.port()).get("/hello").body() == "hello");
}

TEST_CASE("garbage instead of HTTP gets 400 and a closed connection") {
  RunningServer running;
  Client client(running.port());
  net::write(client.socket, net::buffer(std::string("HELLO THERE\r\n\r\n")));
  CHECK(client.read().result() == http::status::bad_request);
  CHECK(client.closed_by_server());
}

TEST_CASE("a slow client is cut off and does not hold up the others") {
  ServerLimits limits;
  limits.read_timeout = std::chrono::milliseconds(300);
  RunningServer running(limits);
  // Half a request, then silence (slowloris).
  Client slow(running.port());
  net::write(slow.socket, net::buffer(std::string("GET /hello HTTP/1.1\r\nHost: x\r\n")));
  CHECK(Client(running.port()).get("/hello").body() == "hello");  // others are served meanwhile
  CHECK(slow.closed_by_server());                                  // within the read timeout
}

TEST_CASE("connections over the limit are refused while the others work") {
  ServerLimits limits;
  limits.max_connections = 2;
  RunningServer running(limits);
  Client first(running.port()), second(running.port());
  CHECK(first.get("/hello").result() == http::status::ok);
  CHECK(second.get("/hello").result() == http::status::ok);
  Client third(running.port());
  CHECK(third.closed_by_server());
}

TEST_CASE("stop lets the request in flight finish, then run returns") {
  RunningServer running;
  Client idle(running.port());
  CHECK(idle.get("/hello").keep_alive());
  Client busy(running.port());
  http::request<http::string_body> request{http::verb::get, "/slow", 11};
  request.set(http::field::host, "127.0.0.1");
  slow_started = false;
  http::write(busy.socket, request);
  while (!slow_started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  running.server().stop();
  const auto response = busy.read();
  CHECK(response.result() == http::status::ok);
  CHECK(response.body() == "slow");
  CHECK_FALSE(response.keep_alive());
  CHECK(idle.closed_by_server());
  CHECK_THROWS(Client(running.port()));  // no longer accepting
}

// Sends POST /write on `client` without waiting for the answer.
void start_write(Client& client) {
  http::request<http::string_body> request{http::verb::post, "/write", 11};
  request.set(http::field::host, "127.0.0.1");
  request.prepare_payload();
  http::write(client.socket, request);
}

TEST_CASE("long writes in flight keep no reader waiting, on any connection") {
  RunningServer running;  // two I/O threads
  reset_writes();
  Client first_writer(running.port()), second_writer(running.port());
  start_write(first_writer);
  start_write(second_writer);
  REQUIRE(eventually([] { return writes_started == 2; }));
  // New connections land on both I/O threads; each is answered while both writes still run.
  for (int i = 0; i < 4; ++i) {
    CHECK(Client(running.port()).get("/hello").body() == "hello");
    CHECK(writes_finished == 0);
  }
  writes_released = true;
  CHECK(first_writer.read().body() == "written");
  CHECK(second_writer.read().body() == "written");
  CHECK(first_writer.get("/hello").body() == "hello");  // the writer's connection goes on
}

TEST_CASE("stop lets a write in flight finish, then run returns") {
  RunningServer running;
  reset_writes();
  Client idle(running.port());
  CHECK(idle.get("/hello").keep_alive());
  Client writer(running.port());
  start_write(writer);
  REQUIRE(eventually([] { return writes_started == 1; }));
  running.server().stop();
  CHECK(idle.closed_by_server());  // the stop has begun, the write still runs
  CHECK(writes_finished == 0);
  writes_released = true;
  const auto response = writer.read();
  CHECK(response.result() == http::status::ok);
  CHECK(response.body() == "written");
  CHECK_FALSE(response.keep_alive());
  running.join();
}

TEST_CASE("the access log has one line per request, with booking tokens masked") {
  std::string log;
  {
    RunningServer running;
    Client(running.port()).get("/b/SECRETTOKEN123/calendar.ics?x=secret");
    Client(running.port()).get("/hello");
    running.server().stop();
    running.join();
    log = running.log();
  }
  CHECK(log.find("GET /b/***/calendar.ics?... 404") != std::string::npos);
  CHECK(log.find("GET /hello 200") != std::string::npos);
  CHECK(log.find("SECRETTOKEN123") == std::string::npos);
  CHECK(log.find("secret") == std::string::npos);
}

TEST_CASE("loggable targets mask tokens and control characters") {
  CHECK(loggable_target("/b/abc") == "/b/***");
  CHECK(loggable_target("/b/abc/cancel") == "/b/***/cancel");
  CHECK(loggable_target("/e/x?lang=en") == "/e/x?...");
  CHECK(loggable_target("/e/\r\nfake") == "/e/??fake");
}

TEST_CASE("HEAD gets the headers of GET, with its length, and no body") {
  RunningServer running;
  Client client(running.port());
  http::request<http::string_body> request{http::verb::head, "/hello", 11};
  request.set(http::field::host, "127.0.0.1");
  http::write(client.socket, request);
  http::response_parser<http::string_body> parser;
  parser.skip(true);  // a HEAD response has no body, whatever its Content-Length says
  http::read(client.socket, client.buffer, parser);
  CHECK(parser.get().result() == http::status::ok);
  CHECK(parser.get()[http::field::content_length] == "5");
  CHECK(client.get("/hello").body() == "hello");  // the connection is still in step
}

TEST_CASE("a full disk, a read-only file or a database locked too long is a 503 that says nothing was saved") {
  RunningServer running;
  Client client(running.port());
  for (const char* target : {"/full", "/readonly", "/locked"}) {
    const auto response = client.get(target);
    CHECK(response.result() == http::status::service_unavailable);
    CHECK(response[http::field::retry_after] == std::to_string(kRetryAfterSeconds));
    CHECK(response[http::field::content_type].starts_with("text/html"));
    CHECK(response.body().find("Tjenesten kan ikke lagre akkurat nå") != std::string::npos);
    CHECK(response.body().find("Ingenting er lagret") != std::string::npos);
  }
  const auto english = client.get("/full?lang=en");
  CHECK(english.body().find("The service cannot save right now") != std::string::npos);
  CHECK(english.body().find("Nothing was saved") != std::string::npos);
  const auto api = client.get("/api/full");
  CHECK(api.result() == http::status::service_unavailable);
  CHECK(api[http::field::content_type] == "application/json");
  CHECK(api.body().find("nothing was saved") != std::string::npos);
  // The server goes on serving on the same connection.
  CHECK(client.get("/hello").result() == http::status::ok);
}

TEST_CASE("a database error that is not about storage stays a 500") {
  RunningServer running;
  CHECK(Client(running.port()).get("/constraint").result() ==
        http::status::internal_server_error);
}
