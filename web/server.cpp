#include "web/server.h"

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <exception>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>
#include <unordered_map>
#include <vector>

#include "data/database.h"
#include "web/i18n.h"
#include "web/layout.h"

namespace dialogdag::web {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

Response plain_response(http::status status, const std::string& text) {
  Response response{status, 11};
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = text + "\n";
  response.keep_alive(false);
  return response;
}

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == make_error_code(http::error::bad_target).category();
}

}  // namespace

void add_security_headers(Response& response) {
  response.set("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Frame-Options", "DENY");
  response.set(http::field::server, "dialogdag");
}

Response storage_unavailable_response(const Request& request) {
  const Lang lang = language_of(request);
  const std::string_view target = request.target();
  const std::string path(target.substr(0, target.find('?')));
  Response response;
  if (path.rfind("/api/", 0) == 0) {
    response = Response{http::status::service_unavailable, 11};
    response.set(http::field::content_type, "application/json");
    response.body() = "{\"error\": \"the service cannot save right now; nothing was saved; try "
                      "again later\"}\n";
  } else {
    const std::string title(tr(lang, "unavailable.title"));
    response = html_page(http::status::service_unavailable, {lang, title, path},
                         "<h1>" + title + "</h1>\n<p>" + std::string(tr(lang, "unavailable.text")) +
                             "</p>\n");
  }
  response.set(http::field::retry_after, std::to_string(kRetryAfterSeconds));
  response.set(http::field::cache_control, "no-store");
  return response;
}

std::string loggable_target(std::string_view target) {
  std::string path(target.substr(0, target.find('?')));
  // /b/{token} and everything below it: the token is a password.
  if (path.rfind("/b/", 0) == 0) {
    const auto end = path.find('/', 3);
    path = "/b/***" + (end == std::string::npos ? std::string() : path.substr(end));
  }
  for (char& c : path)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';  // no log injection
  if (target.find('?') != std::string_view::npos) path += "?...";
  return path;
}

class Session;

// What sessions share with the server. Sessions hold it by shared_ptr: they may outlive the
// acceptor while they finish.
struct Shared {
  Shared(Handler h, ServerLimits l, std::ostream* log)
      : handler(std::move(h)), limits(l), access_log(log) {}

  // One write per line (an unbuffered stream such as std::cerr makes each write a system call),
  // flushed at once: the log is complete up to the last request even after kill -9.
  void log_line(std::string line) {
    if (!access_log) return;
    line += '\n';
    std::lock_guard lock(log_mutex);
    access_log->write(line.data(), static_cast<std::streamsize>(line.size()));
    access_log->flush();
  }

  Handler handler;
  ServerLimits limits;
  std::ostream* access_log;
  std::mutex log_mutex;
  std::atomic<int> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

// One connection: reads a request, answers it, and again while keep-alive holds. All its
// handlers run on its own strand, so it needs no lock of its own.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<Shared> server)
      : stream_(std::move(socket)), server_(std::move(server)) {}

  ~Session() {
    --server_->connections;
    std::lock_guard lock(server_->sessions_mutex);
    server_->sessions.erase(this);
  }

  void start() {
    {
      std::lock_guard lock(server_->sessions_mutex);
      server_->sessions[this] = weak_from_this();
    }
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  // From stop(): closes the connection if it is waiting for a request; a request in flight
  // finishes first (its response says Connection: close).
  void close_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->stream_.cancel();
    });
  }

 private:
  void read() {
    if (server_->stopping) return close();
    parser_.emplace();
    parser_->body_limit(server_->limits.body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(server_->limits.header_bytes));
    stream_.expires_after(served_ == 0 ? server_->limits.read_timeout
                                       : server_->limits.idle_timeout);
    idle_ = true;
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    idle_ = false;
    if (ec == http::error::body_limit)
      return answer_error(http::status::payload_too_large, "Request body too large");
    if (ec == http::error::header_limit)
      return answer_error(http::status::request_header_fields_too_large, "Request header too large");
    if (ec && is_http_error(ec) && ec != http::error::end_of_stream &&
        ec != http::error::partial_message)
      return answer_error(http::status::bad_request, "Bad request");
    if (ec) return close();  // end of stream, timeout, reset, cancelled by stop()

    const auto started = Clock::now();
    const Request request = parser_->release();
    Response response;
    try {
      response = server_->handler(request);
    } catch (const std::exception& e) {
      if (data::is_storage_unavailable(e)) {
        server_->log_line(utc_now() + " storage unavailable: " + e.what());
        response = storage_unavailable_response(request);
      } else {
        server_->log_line(utc_now() + " handler failed: " + e.what());
        response = plain_response(http::status::internal_server_error, "Internal server error");
      }
    }
    ++served_;
    const bool keep_alive = request.keep_alive() && response.keep_alive() &&
                            served_ < server_->limits.requests_per_connection &&
                            !server_->stopping;
    response.version(request.version());
    response.keep_alive(keep_alive);
    add_security_headers(response);
    response.prepare_payload();
    if (request.method() == http::verb::head) response.body().clear();  // length stays
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1fms", static_cast<double>(micros) / 1000.0);
    server_->log_line(utc_now() + " " + std::string(request.method_string()) + " " +
                      loggable_target(request.target()) + " " +
                      std::to_string(response.result_int()) + " " + duration);
    write(std::move(response));
  }

  void answer_error(http::status status, const std::string& text) {
    Response response = plain_response(status, text);
    add_security_headers(response);
    response.prepare_payload();
    server_->log_line(utc_now() + " - - " + std::to_string(response.result_int()) + " " + text);
    write(std::move(response));
  }

  void write(Response response) {
    response_ = std::move(response);
    stream_.expires_after(server_->limits.write_timeout);
    http::async_write(stream_, *response_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    const bool keep_alive = response_->keep_alive();
    response_.reset();
    if (ec || !keep_alive) return close();
    read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  std::shared_ptr<Shared> server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<Response> response_;
  int served_ = 0;
  bool idle_ = false;
};

// The I/O objects. Member order matters: the io_context is destroyed after the objects bound
// to it and before `shared`, and destroying it destroys the sessions still queued in it.
struct Server::Impl {
  Impl(Handler handler, ServerLimits limits, std::ostream* log)
      : shared(std::make_shared<Shared>(std::move(handler), limits, log)) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        if (shared->connections.load() >= shared->limits.max_connections) {
          beast::error_code ignored;
          socket.close(ignored);  // over the limit: refuse before reading anything
        } else {
          ++shared->connections;
          std::make_shared<Session>(std::move(socket), shared)->start();
        }
      }
      accept();
    });
  }

  // Runs on the io_context. See Server::stop().
  void begin_stop() {
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    std::vector<std::shared_ptr<Session>> open;
    {
      std::lock_guard lock(shared->sessions_mutex);
      for (auto& [raw, weak] : shared->sessions)
        if (auto session = weak.lock()) open.push_back(std::move(session));
    }
    for (auto& session : open) session->close_if_idle();
    deadline = Clock::now() + shared->limits.shutdown_grace;
    wait_for_connections();
  }

  // Polls until the last connection is gone or the grace period is over, then lets run() end.
  void wait_for_connections() {
    if (shared->connections.load() == 0) return;  // nothing left: run() runs out of work
    if (Clock::now() >= deadline) {
      ioc.stop();  // the safety net: cut off what is still running
      return;
    }
    poll.expires_after(std::chrono::milliseconds(20));
    poll.async_wait([this](beast::error_code ec) {
      if (!ec) wait_for_connections();
    });
  }

  std::shared_ptr<Shared> shared;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  net::signal_set signals{ioc};
  net::steady_timer poll{ioc};
  Clock::time_point deadline;
};

Server::Server(Handler handler, ServerLimits limits, std::ostream* access_log)
    : impl_(std::make_unique<Impl>(std::move(handler), limits, access_log)) {}

Server::~Server() {
  stop();
  impl_->ioc.stop();
}

Result<unsigned short> Server::listen(const std::string& address, unsigned short port) {
  beast::error_code ec;
  const auto ip = net::ip::make_address(address, ec);
  if (ec) return Error{"\"" + address + "\" is not an IP address"};
  const tcp::endpoint endpoint{ip, port};
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    return Error{"cannot listen on " + address + ":" + std::to_string(port) + ": " + ec.message()};
  }
  return acceptor.local_endpoint().port();
}

void Server::stop_on_signals() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) stop();
  });
}

void Server::run(int threads) {
  impl_->accept();
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& thread : pool) thread.join();
}

void Server::stop() {
  if (impl_->shared->stopping.exchange(true)) return;
  net::post(impl_->ioc, [impl = impl_.get()] { impl->begin_stop(); });
}

}  // namespace dialogdag::web
