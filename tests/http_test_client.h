// A small synchronous HTTP/1.1 client for tests over real sockets on 127.0.0.1, and a server
// running on a free port for the length of a test. The member functions live in
// http_test_client.cpp, compiled once: inline here, every test file that includes this header
// compiled Beast's reader and writer again (seconds per file in each build of tests/run).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
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
  explicit RunningServer(web::Handler handler, web::ServerLimits limits = {});
  ~RunningServer();
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
  explicit Client(unsigned short port);

  http::response<http::string_body> send(http::request<http::string_body> request);
  http::response<http::string_body> get(const std::string& target, bool keep_alive = true);
  // POSTs an application/x-www-form-urlencoded body (already encoded).
  http::response<http::string_body> post_form(const std::string& target, const std::string& body);
  http::response<http::string_body> read();
  // True when the server has closed the connection (read returns end of stream or reset).
  bool closed_by_server();

  net::io_context io;
  tcp::socket socket;
  boost::beast::flat_buffer buffer;
  std::string cookies;  // "a=1; b=2"
};

}  // namespace dialogdag::test
