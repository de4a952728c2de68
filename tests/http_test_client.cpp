#include "http_test_client.h"

#include <boost/asio/read.hpp>
#include <stdexcept>

namespace dialogdag::test {

RunningServer::RunningServer(web::Handler handler, web::ServerLimits limits)
    : server_(std::move(handler), limits, &log_) {
  auto port = server_.listen("127.0.0.1", 0);
  if (!port.ok()) throw std::runtime_error(port.error());
  port_ = port.value();
  thread_ = std::thread([this] { server_.run(2); });
}

RunningServer::~RunningServer() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

Client::Client(unsigned short port) : socket(io) {
  socket.connect({net::ip::make_address("127.0.0.1"), port});
}

http::response<http::string_body> Client::send(http::request<http::string_body> request) {
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

http::response<http::string_body> Client::get(const std::string& target, bool keep_alive) {
  http::request<http::string_body> request{http::verb::get, target, 11};
  request.keep_alive(keep_alive);
  return send(std::move(request));
}

http::response<http::string_body> Client::post_form(const std::string& target,
                                                    const std::string& body) {
  http::request<http::string_body> request{http::verb::post, target, 11};
  request.set(http::field::content_type, "application/x-www-form-urlencoded");
  request.body() = body;
  return send(std::move(request));
}

http::response<http::string_body> Client::read() {
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  return response;
}

bool Client::closed_by_server() {
  char byte;
  boost::beast::error_code ec;
  socket.read_some(net::buffer(&byte, 1), ec);
  return ec == net::error::eof || ec == net::error::connection_reset;
}

}  // namespace dialogdag::test
