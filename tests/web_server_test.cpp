// The HTTP server over real sockets on 127.0.0.1: limits, errors, keep-alive, slow clients and
// a graceful stop, as a browser or a hostile client would meet them.
#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
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

// Routes of the test: /hello, /slow (300 ms), /boom (throws).
Response test_handler(const Request& request) {
  if (request.target() == "/hello") return text(http::status::ok, "hello");
  if (request.target() == "/slow") {
    slow_started = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return text(http::status::ok, "slow");
  }
  if (request.target() == "/boom") throw std::runtime_error("boom");
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
