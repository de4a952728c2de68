#include "web/server.h"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <algorithm>
#include <array>
#include <csignal>
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
using IoExecutor = net::io_context::executor_type;
// A connection's socket, bound to the io_context of the one thread that serves it.
using Stream = beast::basic_stream<tcp, IoExecutor, beast::unlimited_rate_policy>;

// How often buffered access-log lines are written out (see AccessLog).
constexpr auto kLogFlushInterval = std::chrono::milliseconds(100);
constexpr std::size_t kLogFlushBytes = 64 * 1024;

// "2026-11-26T05:04:01Z", formatted once per second per thread.
std::string_view utc_now() {
  thread_local std::time_t shown = -1;
  thread_local char text[32];
  const std::time_t now = std::time(nullptr);
  if (now != shown) {
    std::tm parts{};
    gmtime_r(&now, &parts);
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    shown = now;
  }
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

// GET and HEAD are answered on the connection's I/O thread; everything else (the writes: they
// wait for the writer lock and an fsync, or compute, like the scheduler run or a password hash)
// on the blocking pool, so that it never holds up the reads of the connections sharing the
// thread.
bool answered_on_io_thread(http::verb method) {
  return method == http::verb::get || method == http::verb::head;
}

// The status line and header fields of `response` as they go on the wire (what Beast's
// serializer writes for a body of known length), so that the whole response is one write of
// two buffers: this and the body.
void serialize_header(const Response& response, std::string& out) {
  out.clear();
  const unsigned version = response.version();
  const unsigned status = response.result_int();
  const char status_line[] = {'H', 'T', 'T', 'P', '/', static_cast<char>('0' + version / 10), '.',
                              static_cast<char>('0' + version % 10), ' ',
                              static_cast<char>('0' + status / 100 % 10),
                              static_cast<char>('0' + status / 10 % 10),
                              static_cast<char>('0' + status % 10), ' '};
  out.append(status_line, sizeof status_line);
  out.append(response.reason());
  out += "\r\n";
  for (const auto& field : response) {
    out.append(field.name_string());
    out += ": ";
    out.append(field.value());
    out += "\r\n";
  }
  out += "\r\n";
}

// "12.3ms": the duration rounded to a tenth of a millisecond, without printf.
void append_duration(std::string& out, Clock::duration duration) {
  const auto tenths =
      (std::chrono::duration_cast<std::chrono::microseconds>(duration).count() + 50) / 100;
  out += std::to_string(tenths / 10);
  out += '.';
  out += static_cast<char>('0' + tenths % 10);
  out += "ms";
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

// The access log, buffered: a line per request is collected in memory and written out by
// flush(), which the server calls every kLogFlushInterval (100 ms), when kLogFlushBytes have
// piled up, at once for a failure (a handler that threw, storage unavailable), and when run()
// ends. A crash or kill -9 therefore loses at most the request lines of the last 100 ms (never
// a failure line); a graceful stop loses none. Thread-safe.
class AccessLog {
 public:
  explicit AccessLog(std::ostream* out) : out_(out) {}

  bool enabled() const { return out_ != nullptr; }

  // `line` without its newline.
  void add(std::string_view line, bool flush_now = false) {
    if (!out_) return;
    bool full;
    {
      std::lock_guard lock(buffer_mutex_);
      buffer_.append(line);
      buffer_ += '\n';
      full = buffer_.size() >= kLogFlushBytes;
    }
    if (flush_now || full) flush();
  }

  void flush() {
    if (!out_) return;
    std::lock_guard writing(write_mutex_);  // lines leave in the order they were added
    {
      std::lock_guard lock(buffer_mutex_);
      writing_.swap(buffer_);  // both keep their capacity: no allocation once warmed up
    }
    if (writing_.empty()) return;
    out_->write(writing_.data(), static_cast<std::streamsize>(writing_.size()));
    out_->flush();
    writing_.clear();
  }

 private:
  std::ostream* out_;
  std::mutex buffer_mutex_;
  std::string buffer_;
  std::mutex write_mutex_;
  std::string writing_;  // under write_mutex_
};

class Session;

// What sessions share with the server. Sessions hold it by shared_ptr: they may outlive the
// acceptor while they finish.
struct Shared {
  Shared(Handler h, ServerLimits l, std::ostream* log)
      : handler(std::move(h)), limits(l), access_log(log) {}

  // The handler's response, or the response to its exception (logged at once).
  Response answer(const Request& request) {
    try {
      return handler(request);
    } catch (const std::exception& e) {
      if (data::is_storage_unavailable(e)) {
        access_log.add(std::string(utc_now()) + " storage unavailable: " + e.what(), true);
        return storage_unavailable_response(request);
      }
      access_log.add(std::string(utc_now()) + " handler failed: " + e.what(), true);
      return plain_response(http::status::internal_server_error, "Internal server error");
    }
  }

  Handler handler;
  ServerLimits limits;
  AccessLog access_log;
  net::thread_pool* blocking = nullptr;  // set by run() before any session starts
  std::atomic<int> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

// One connection: reads a request, answers it, and again while keep-alive holds. Its socket and
// every handler of it belong to one io_context, run by one thread, so it needs no strand and no
// lock; only a request answered on the blocking pool leaves that thread, and its response is
// posted back to it.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Stream::socket_type&& socket, std::shared_ptr<Shared> server)
      : stream_(std::move(socket)), server_(std::move(server)) {}

  ~Session() {
    --server_->connections;
    std::lock_guard lock(server_->sessions_mutex);
    server_->sessions.erase(this);
  }

  // On the session's own thread.
  void start() {
    {
      std::lock_guard lock(server_->sessions_mutex);
      server_->sessions[this] = weak_from_this();
    }
    read();
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

    started_ = Clock::now();
    request_ = parser_->release();
    if (answered_on_io_thread(request_.method())) return respond(server_->answer(request_));
    // The work guard keeps this thread's io_context running (even after stop()) until the
    // response has been posted back to it.
    net::post(*server_->blocking, [self = shared_from_this(),
                                   work = net::make_work_guard(stream_.get_executor())]() mutable {
      Response response = self->server_->answer(self->request_);
      net::post(work.get_executor(), [self, response = std::move(response)]() mutable {
        self->respond(std::move(response));
      });
    });
  }

  void respond(Response response) {
    ++served_;
    const bool keep_alive = request_.keep_alive() && response.keep_alive() &&
                            served_ < server_->limits.requests_per_connection &&
                            !server_->stopping;
    response.version(request_.version());
    response.keep_alive(keep_alive);
    add_security_headers(response);
    response.prepare_payload();
    if (request_.method() == http::verb::head) response.body().clear();  // length stays
    if (server_->access_log.enabled()) {
      std::string& line = log_line_;
      line.assign(utc_now());
      line += ' ';
      line.append(request_.method_string());
      line += ' ';
      line += loggable_target(request_.target());
      line += ' ';
      line += std::to_string(response.result_int());
      line += ' ';
      append_duration(line, Clock::now() - started_);
      server_->access_log.add(line);
    }
    request_ = {};
    write(std::move(response));
  }

  void answer_error(http::status status, const std::string& text) {
    Response response = plain_response(status, text);
    add_security_headers(response);
    response.prepare_payload();
    server_->access_log.add(std::string(utc_now()) + " - - " +
                            std::to_string(response.result_int()) + " " + text);
    write(std::move(response));
  }

  void write(Response response) {
    response_ = std::move(response);
    serialize_header(*response_, header_);
    const std::array<net::const_buffer, 2> buffers{net::buffer(header_),
                                                   net::buffer(response_->body())};
    stream_.expires_after(server_->limits.write_timeout);
    net::async_write(stream_, buffers,
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

  Stream stream_;
  std::shared_ptr<Shared> server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;  // the request being answered
  Clock::time_point started_;
  std::optional<Response> response_;
  std::string header_;    // response_'s header on the wire
  std::string log_line_;  // reused: no allocation per request once warmed up
  int served_ = 0;
  bool idle_ = false;
};

// The I/O objects. One io_context per serving thread: `main_context` also runs the acceptor,
// the signals and the timers, and exists from the start (listen() needs it); run() adds the
// others. Member order matters: the io_contexts are destroyed after the objects bound to them
// and before `shared`, and destroying one destroys the sessions still queued in it.
struct Server::Impl {
  Impl(Handler handler, ServerLimits limits, std::ostream* log)
      : shared(std::make_shared<Shared>(std::move(handler), limits, log)) {}

  net::io_context& context(std::size_t i) { return i == 0 ? main_context : *other_contexts[i - 1]; }
  std::size_t context_count() const { return 1 + other_contexts.size(); }

  // Hands the accepted connections to the threads in turn.
  void accept() {
    net::io_context& target = context(next_context++ % context_count());
    acceptor.async_accept(target, [this, &target](beast::error_code ec, Stream::socket_type socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        if (shared->connections.load() >= shared->limits.max_connections) {
          beast::error_code ignored;
          socket.close(ignored);  // over the limit: refuse before reading anything
        } else {
          ++shared->connections;
          auto session = std::make_shared<Session>(std::move(socket), shared);
          net::post(target, [session] { session->start(); });
        }
      }
      accept();
    });
  }

  // Flushes the access log every kLogFlushInterval until the server has stopped.
  void flush_log_regularly() {
    log_timer.expires_after(kLogFlushInterval);
    log_timer.async_wait([this](beast::error_code ec) {
      if (ec) return;
      shared->access_log.flush();
      if (!shared->stopping || shared->connections.load() > 0) flush_log_regularly();
    });
  }

  // Runs on main_context. See Server::stop().
  void begin_stop() {
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    keep_running.clear();  // each io_context now ends when its connections are done
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
    if (shared->connections.load() == 0) {
      log_timer.cancel();
      return;  // nothing left: every io_context runs out of work
    }
    if (Clock::now() >= deadline) {
      for (std::size_t i = 0; i < context_count(); ++i) context(i).stop();  // the safety net
      return;
    }
    poll.expires_after(std::chrono::milliseconds(20));
    poll.async_wait([this](beast::error_code ec) {
      if (!ec) wait_for_connections();
    });
  }

  std::shared_ptr<Shared> shared;
  net::io_context main_context{1};  // 1: run by one thread
  std::vector<std::unique_ptr<net::io_context>> other_contexts;  // set up by run()
  std::vector<net::executor_work_guard<IoExecutor>> keep_running;  // until stop()
  std::size_t next_context = 0;
  tcp::acceptor acceptor{main_context};
  net::signal_set signals{main_context};
  net::steady_timer poll{main_context};
  net::steady_timer log_timer{main_context};
  Clock::time_point deadline;
};

Server::Server(Handler handler, ServerLimits limits, std::ostream* access_log)
    : impl_(std::make_unique<Impl>(std::move(handler), limits, access_log)) {}

Server::~Server() {
  stop();
  for (std::size_t i = 0; i < impl_->context_count(); ++i) impl_->context(i).stop();
  impl_->shared->access_log.flush();
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
  auto& impl = *impl_;
  while (static_cast<int>(impl.context_count()) < threads)
    impl.other_contexts.push_back(std::make_unique<net::io_context>(1));
  for (std::size_t i = 0; i < impl.context_count(); ++i)
    impl.keep_running.push_back(net::make_work_guard(impl.context(i)));
  net::thread_pool blocking(static_cast<std::size_t>(std::max(1, threads)));
  impl_->shared->blocking = &blocking;
  impl_->accept();
  if (impl_->shared->access_log.enabled()) impl_->flush_log_regularly();
  std::vector<std::thread> io_threads;
  for (auto& context : impl.other_contexts)
    io_threads.emplace_back([context = context.get()] { context->run(); });
  impl.main_context.run();
  for (auto& thread : io_threads) thread.join();
  blocking.join();  // a handler still running after the grace period ends before the pool
  impl_->shared->blocking = nullptr;
  impl_->shared->access_log.flush();
}

void Server::stop() {
  if (impl_->shared->stopping.exchange(true)) return;
  net::post(impl_->main_context, [impl = impl_.get()] { impl->begin_stop(); });
}

}  // namespace dialogdag::web
