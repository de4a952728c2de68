// A small synchronous HTTP/1.1 client for tests over real sockets on 127.0.0.1, and a server
// running on a free port for the length of a test.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "web/server.h"

namespace dialogdag::test {

namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// A server on a free port, serving on two threads until the object ends.
class RunningServer {
 public:
  explicit RunningServer(web::Handler handler, web::ServerLimits limits = {})
      : server_(std::move(handler), limits, &log_) {
    auto port = server_.listen("127.0.0.1", 0);
    if (!port.ok()) throw std::runtime_error(port.error());
    port_ = port.value();
    thread_ = std::thread([this] { server_.run(2); });
  }
  ~RunningServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  unsigned short port() const { return port_; }
  web::Server& server() { return server_; }
  // REQUIRES: join() was called (the log is written by the server's threads).
  std::string log() const { return log_.str(); }
  void join() { thread_.join(); }

 private:
  std::ostringstream log_;
  web::Server server_;
  unsigned short port_ = 0;
  std::thread thread_;
};

// One connection. Keeps the cookies the server sets, like a browser.
struct Client {
  explicit Client(unsigned short port) : socket(io) {
    socket.connect({net::ip::make_address("127.0.0.1"), port});
  }

  http::response<http::string_body> send(http::request<http::string_body> request) {
    request.set(http::field::host, "127.0.0.1");
    if (!cookies.empty()) request.set(http::field::cookie, cookies);
    request.prepare_payload();
    http::write(socket, request);
    auto response = read();
    for (const auto& field : response.base()) {
      if (field.name() != http::field::set_cookie) continue;
      const std::string value(field.value());
      const std::string pair = value.substr(0, value.find(';'));
      cookies += (cookies.empty() ? "" : "; ") + pair;
    }
    return response;
  }

  http::response<http::string_body> get(const std::string& target, bool keep_alive = true) {
    http::request<http::string_body> request{http::verb::get, target, 11};
    request.keep_alive(keep_alive);
    return send(std::move(request));
  }

  // POSTs an application/x-www-form-urlencoded body (already encoded).
  http::response<http::string_body> post_form(const std::string& target, const std::string& body) {
    http::request<http::string_body> request{http::verb::post, target, 11};
    request.set(http::field::content_type, "application/x-www-form-urlencoded");
    request.body() = body;
    return send(std::move(request));
  }

  http::response<http::string_body> read() {
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    return response;
  }

  // True when the server has closed the connection (read returns end of stream or reset).
  bool closed_by_server() {
    char byte;
    boost::beast::error_code ec;
    socket.read_some(net::buffer(&byte, 1), ec);
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

  net::io_context io;
  tcp::socket socket;
  boost::beast::flat_buffer buffer;
  std::string cookies;  // "a=1; b=2"
};

}  // namespace dialogdag::test
