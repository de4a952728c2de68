// The HTTP/1.1 server: a listener handing connections in turn to a few I/O threads (each with its
// own io_context, so a connection lives on one thread: no strands, no wake-ups across threads),
// and a pool for the requests that may block. It knows nothing of pages: a Handler turns each
// request into a response, so routes are tested without sockets. Limits on everything a client
// controls, so that a slow or hostile client cannot starve the others.
#pragma once

#include <boost/beast/http.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "scheduler/result.h"

namespace dialogdag::web {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Turns a request into a response. May be called from several threads at once. GET and HEAD are
// answered on the connection's I/O thread, between the other connections of that thread: they
// must not wait long (reads: Db::read() never waits for the writer). Every other method (the
// writes, which wait for the writer lock and an fsync, and the long ones such as the scheduler
// run or a password check) runs on the blocking pool and holds up no connection but its own.
// An exception becomes a response and a log line, never the end of the server: a storage failure
// (data::is_storage_unavailable: disk full, read-only, I/O error, locked too long) a 503 from
// storage_unavailable_response(), anything else a 500.
using Handler = std::function<Response(const Request&)>;

struct ServerLimits {
  std::size_t body_bytes = 64 * 1024;    // larger bodies: 413
  std::size_t header_bytes = 16 * 1024;  // larger header blocks: 431
  // Time to read one whole request on a new connection (a slowloris client is cut off here),
  // to write one response, and to wait on a kept-alive connection for (and read) the next one.
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds idle_timeout{15'000};
  int requests_per_connection = 1'000;  // then the connection is closed after the response
  int max_connections = 2'000;          // more are closed at once, before reading anything
  // On stop(): how long requests in flight may take to finish before the I/O is cut.
  std::chrono::milliseconds shutdown_grace{10'000};
};

class Server {
 public:
  // `access_log` receives one line per request; nullptr for none. It must outlive the server.
  // The lines are buffered and written every 100 ms (a failure line at once, all when run()
  // ends): a crash loses at most the request lines of its last 100 ms.
  Server(Handler handler, ServerLimits limits, std::ostream* access_log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on address:port (port 0 = any free port). Returns the bound port.
  Result<unsigned short> listen(const std::string& address, unsigned short port);

  // SIGINT and SIGTERM will call stop(). Call before run().
  void stop_on_signals();

  // Serves on `threads` I/O threads (this one included), with a pool of `threads` more for the
  // requests that may block (see Handler), until stop() has taken effect and every connection
  // is closed. REQUIRES: listen() succeeded; called once.
  void run(int threads);

  // Thread-safe, idempotent. Stops accepting; idle connections are closed; a request in
  // flight gets its response (with Connection: close); run() returns when all are done, or
  // after shutdown_grace.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The headers every response carries: a strict Content-Security-Policy (no inline script, no
// framing), nosniff, no referrer (booking links carry tokens).
void add_security_headers(Response& response);

// The answer to a request whose write the storage could not take: 503 with Retry-After, and a
// page in the request's language saying that the service cannot save right now, that nothing
// was saved and to try again later (JSON for /api/). Reads do not depend on it: they go on.
Response storage_unavailable_response(const Request& request);

// Seconds a client is asked to wait after a 503 (Retry-After).
inline constexpr int kRetryAfterSeconds = 30;

// The request target as it may be logged: booking tokens masked, query strings dropped.
std::string loggable_target(std::string_view target);

}  // namespace dialogdag::web
