// The booking-storm load generator of tests/reliability/ (see tests/RELIABILITY.md). Traffic goes
// only to 127.0.0.1, and every run is bounded: a number of simulated suppliers and a time limit
// after which every open connection is cut.
//
//   load_generator setup-instant --db FILE --slug SLUG --slots N
//       adds an open instant-mode event with one panel and exactly N slots (10 min, no
//       changeover, from 09:00; N from 1 to 90) to the database, through the stores
//   load_generator book --port P --slug SLUG --mode request|instant --suppliers N
//                       [--concurrency C] [--burst] [--time-limit-s T] [--first-orgnr K]
//                       [--confirmed FILE] [--tolerate-errors]
//       N simulated suppliers, C at a time: each GETs the booking form (its own dd_form cookie
//       and _csrf), then POSTs it; in instant mode it picks one of the free slots the form
//       offers and, when it loses the race (422 "taken"), reads the form again and tries another
//       until it books or none is offered. --burst: all N fetch their form first and POST at the
//       same moment (C = N). Every 303 is appended to --confirmed as "orgnr<TAB>token<TAB>slot".
//       Exit 1 when a request got no answer or an answer other than 303 / 409 / 422-taken
//       (unless --tolerate-errors, for runs where the server is killed or stopped on purpose).
//   load_generator verify --db FILE --slug SLUG --confirmed FILE (--exact | --subset)
//                         [--expect-booked N]
//       checks the database file against the confirmed bookings: integrity_check and
//       foreign_key_check pass; every confirmed booking is stored, with its token and slot;
//       (--exact) every stored load-test booking was confirmed; none is half-written; no slot,
//       supplier or room is held twice; (--expect-booked) N meetings are booked in the event.
//
// Figures are printed as "RESULT key=value" lines for the scripts.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "data/crypto.h"
#include "data/database.h"
#include "data/demo.h"
#include "data/event_store.h"
#include "data/organisation_store.h"
#include "data/time.h"
#include "scheduler/event.h"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// ---- command line ----

struct Options {
  std::map<std::string, std::string> values;
  std::set<std::string> flags;

  bool has(const std::string& name) const { return values.count(name) || flags.count(name); }
  std::string text(const std::string& name, const std::string& fallback = "") const {
    auto found = values.find(name);
    return found == values.end() ? fallback : found->second;
  }
  long number(const std::string& name, long fallback) const {
    const std::string value = text(name);
    if (value.empty()) return fallback;
    std::size_t used = 0;
    const long parsed = std::stol(value, &used);
    if (used != value.size()) throw std::invalid_argument(name + ": not a number: " + value);
    return parsed;
  }
};

Options parse_options(int argc, char** argv, const std::set<std::string>& flag_names) {
  Options options;
  for (int i = 2; i < argc; ++i) {
    const std::string name = argv[i];
    if (name.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument " + name);
    if (flag_names.count(name)) {
      options.flags.insert(name);
    } else {
      if (i + 1 >= argc) throw std::invalid_argument(name + " needs a value");
      options.values[name] = argv[++i];
    }
  }
  return options;
}

std::string required(const Options& options, const std::string& name) {
  const std::string value = options.text(name);
  if (value.empty()) throw std::invalid_argument(name + " is required");
  return value;
}

// ---- setup-instant ----

// "YYYY-MM-DD" `days` after today (UTC).
std::string day_from_now(int days) {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{today + std::chrono::days{days}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

int setup_instant(const Options& options) {
  const std::string slug = required(options, "--slug");
  const long slots = options.number("--slots", 40);
  if (slots < 1 || slots > 90) throw std::invalid_argument("--slots must be from 1 to 90");
  auto db = dialogdag::data::Db::open(required(options, "--db"));
  if (!db) throw std::runtime_error(db.error());
  namespace data = dialogdag::data;
  namespace core = dialogdag::core;
  const std::string actor = "load_generator";

  auto host = data::OrganisationStore(*db.value()).find_or_create("Lasttest kommune", actor);
  if (!host) throw std::runtime_error(host.error());
  data::EventInfo event;
  event.slug = slug;
  event.title = "Lasttest: " + std::to_string(slots) + " tider, straksbooking";
  event.need = "Et arrangement for lasttesten: leverandørene kappes om tidene.";
  event.venue = "Lasttest rådhus";
  event.day = day_from_now(60);
  event.meeting_length = 10;
  event.changeover = 0;
  event.booking_mode = data::BookingMode::kInstant;
  event.registration_opens = db.value()->now() - std::chrono::hours{24};
  auto closes = data::local_to_instant(data::add_days(event.day, -1), 12 * 60, event.time_zone);
  if (!closes) throw std::runtime_error(closes.error());
  event.registration_closes = closes.value();
  event.retention_until = data::add_days(event.day, 365);
  event.host_organisation_id = host.value();
  data::EventStore events(*db.value());
  auto id = events.create(event, actor);
  if (!id) throw std::runtime_error(id.error());
  const core::Minutes start = 9 * 60;
  const auto end = static_cast<core::Minutes>(start + 10 * slots);
  auto check = [](const data::StoreResult<data::Done>& done) {
    if (!done) throw std::runtime_error(done.error());
  };
  check(events.set_windows(id.value(), {{start, end, "dag"}}, actor));
  check(events.put_room(id.value(), {"sal", "Møtesalen", 10, false, ""}, actor));
  check(events.put_panel(id.value(),
                         {"panel", "Innkjøpspanelet", {"Lasttest"},
                          {{"leder@lasttest.example", "Lise Leder", core::Role::kProcurement}},
                          std::string("sal")},
                         actor));
  check(events.set_status(id.value(), data::EventStatus::kOpen, actor));
  auto day = events.load_day(id.value());
  if (!day) throw std::runtime_error(day.error());
  const auto grid = core::slot_grid(day.value());
  if (static_cast<long>(grid.size()) != slots)
    throw std::runtime_error("the event has " + std::to_string(grid.size()) + " slots, not " +
                             std::to_string(slots));
  std::cout << "load_generator: event /e/" << slug << " (instant mode, " << grid.size()
            << " slots, one panel) in " << db.value()->path() << "\n";
  return 0;
}

// ---- HTTP ----

// Sockets open for requests, so that the watchdog can cut them all when the time limit is
// reached (a blocked read then returns with an error).
class SocketRegistry {
 public:
  void add(int fd) {
    std::lock_guard lock(mutex_);
    if (cut_) ::shutdown(fd, SHUT_RDWR);
    fds_.insert(fd);
  }
  void remove(int fd) {
    std::lock_guard lock(mutex_);
    fds_.erase(fd);
  }
  void cut_all() {
    std::lock_guard lock(mutex_);
    cut_ = true;
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }

 private:
  std::mutex mutex_;
  std::set<int> fds_;
  bool cut_ = false;
};

enum class Transport {
  kAnswered,  // a whole response came back
  kRefused,   // no connection (server not listening): the request was never sent
  kNoAnswer,  // sent, but the connection ended before a whole response
};

struct Exchange {
  Transport transport = Transport::kNoAnswer;
  http::response<http::string_body> response;
  double micros = 0;
};

// One keep-alive connection to 127.0.0.1:port, opened again when the server closes it.
class Connection {
 public:
  Connection(unsigned short port, SocketRegistry& registry) : port_(port), registry_(registry) {}
  ~Connection() { close(); }

  Exchange send(http::request<http::string_body> request) {
    Exchange exchange;
    const auto started = Clock::now();
    if (!socket_.is_open()) {
      beast::error_code ec;
      socket_.connect({net::ip::make_address("127.0.0.1"), port_}, ec);
      if (ec) {
        close();
        exchange.transport = Transport::kRefused;
        return exchange;
      }
      registry_.add(socket_.native_handle());
    }
    request.set(http::field::host, "127.0.0.1");
    request.prepare_payload();
    beast::error_code ec;
    http::write(socket_, request, ec);
    if (!ec) http::read(socket_, buffer_, exchange.response, ec);
    exchange.micros =
        std::chrono::duration<double, std::micro>(Clock::now() - started).count();
    if (ec) {
      close();
      exchange.transport = Transport::kNoAnswer;
      return exchange;
    }
    exchange.transport = Transport::kAnswered;
    if (!exchange.response.keep_alive()) close();
    return exchange;
  }

 private:
  void close() {
    if (!socket_.is_open()) return;
    registry_.remove(socket_.native_handle());
    beast::error_code ignored;
    socket_.close(ignored);
    buffer_.clear();
  }

  unsigned short port_;
  SocketRegistry& registry_;
  net::io_context io_;
  tcp::socket socket_{io_};
  beast::flat_buffer buffer_;
};

std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// The values of every `name="NAME" value="..."` in a page, in order.
std::vector<std::string> field_values(const std::string& html, const std::string& name) {
  std::vector<std::string> values;
  const std::string marker = "name=\"" + name + "\" value=\"";
  for (auto at = html.find(marker); at != std::string::npos; at = html.find(marker, at)) {
    at += marker.size();
    values.push_back(html.substr(at, html.find('"', at) - at));
  }
  return values;
}

// ---- book ----

enum class Outcome { kBooked, kFull, kClosed, kRejected, kNoAnswer, kRefused, kNotRun };

const char* name_of(Outcome outcome) {
  switch (outcome) {
    case Outcome::kBooked: return "booked (303)";
    case Outcome::kFull: return "no free slot left (form offered none)";
    case Outcome::kClosed: return "closed (409)";
    case Outcome::kRejected: return "rejected (unexpected answer)";
    case Outcome::kNoAnswer: return "no answer (connection ended)";
    case Outcome::kRefused: return "not sent (connection refused)";
    case Outcome::kNotRun: return "not run (time limit)";
  }
  return "?";
}

struct Plan {
  unsigned short port = 0;
  std::string slug;
  bool instant = false;
  bool burst = false;
  int max_attempts = 1;
};

// What the threads gather; merged under `mutex`.
struct Tally {
  std::mutex mutex;
  std::vector<double> get_micros, post_micros;
  std::map<int, int> get_status, post_status;
  std::map<Outcome, int> outcomes;
  int slot_conflicts = 0;  // 422 "taken" answers (each followed by another try)
  std::vector<std::string> confirmed;  // "orgnr\ttoken\tslot"
  std::vector<std::string> surprises;  // first few unexpected answers, for the report
};

struct Supplier {
  int index = 0;
  std::string orgnr;
};

std::string form_body(const Supplier& s, const std::string& csrf, const std::string& panel,
                      const std::string& slot) {
  const std::string n = std::to_string(s.index);
  std::string body = "_csrf=" + url_encode(csrf) +
                     "&company=" + url_encode("Lasttest Leverandør " + n + " AS") +
                     "&orgnr=" + s.orgnr + "&contact_name=" + url_encode("Kontakt " + n) +
                     "&email=" + url_encode("kontakt" + n + "@lasttest.example") +
                     "&phone=" + url_encode("+47 900 " + std::to_string(10000 + s.index % 90000)) +
                     "&attendee_name=" + url_encode("Person " + n) + "&attendee_role=Salg" +
                     "&plenary=yes&meeting=yes&panel=" + url_encode(panel) +
                     "&available_from=&available_until=" +
                     "&topics=" + url_encode("Lasttest, leverandør " + n) + "&consent=yes";
  if (!slot.empty()) body += "&preferred_slot=" + url_encode(slot);
  return body;
}

// One supplier from the first look at the form to its last answer.
Outcome run_supplier(const Plan& plan, const Supplier& supplier, Connection& connection,
                     Tally& tally, std::barrier<>* start_line, std::mt19937& random) {
  bool waited = false;  // at the start line (burst)
  struct Leave {        // a supplier that drops out early must not hold the others back
    std::barrier<>* line;
    bool& waited;
    ~Leave() {
      if (line && !waited) line->arrive_and_drop();
    }
  } leave{start_line, waited};

  const std::string form_path = "/e/" + plan.slug + "/book";
  std::string cookie;
  for (int attempt = 0; attempt < plan.max_attempts; ++attempt) {
    http::request<http::string_body> get{http::verb::get, form_path, 11};
    if (!cookie.empty()) get.set(http::field::cookie, cookie);
    Exchange page = connection.send(std::move(get));
    if (page.transport == Transport::kRefused) return Outcome::kRefused;
    if (page.transport == Transport::kNoAnswer) return Outcome::kNoAnswer;
    const int get_status = page.response.result_int();
    {
      std::lock_guard lock(tally.mutex);
      tally.get_micros.push_back(page.micros);
      ++tally.get_status[get_status];
    }
    if (get_status == 409) return Outcome::kClosed;
    if (get_status != 200) {
      std::lock_guard lock(tally.mutex);
      if (tally.surprises.size() < 5)
        tally.surprises.push_back("GET form: " + std::to_string(get_status));
      return Outcome::kRejected;
    }
    const std::string& html = page.response.body();
    for (const auto& field : page.response.base())
      if (field.name() == http::field::set_cookie && field.value().starts_with("dd_form="))
        cookie = std::string(field.value().substr(0, field.value().find(';')));
    const auto csrf = field_values(html, "_csrf");
    const auto panels = field_values(html, "panel");
    if (csrf.empty() || panels.empty() || cookie.empty()) {
      std::lock_guard lock(tally.mutex);
      if (tally.surprises.size() < 5) tally.surprises.push_back("form without _csrf/panel/cookie");
      return Outcome::kRejected;
    }
    std::string slot;
    if (plan.instant) {
      const auto free = field_values(html, "preferred_slot");
      if (free.empty()) return Outcome::kFull;
      slot = free[std::uniform_int_distribution<std::size_t>(0, free.size() - 1)(random)];
    }
    if (start_line && !waited) {
      start_line->arrive_and_wait();
      waited = true;
    }

    http::request<http::string_body> post{http::verb::post, form_path, 11};
    post.set(http::field::cookie, cookie);
    post.set(http::field::content_type, "application/x-www-form-urlencoded");
    post.body() = form_body(supplier, csrf.front(), panels.front(), slot);
    Exchange answer = connection.send(std::move(post));
    if (answer.transport == Transport::kRefused) return Outcome::kRefused;
    if (answer.transport == Transport::kNoAnswer) return Outcome::kNoAnswer;
    const int status = answer.response.result_int();
    const std::string location(answer.response[http::field::location]);
    const bool slot_taken = status == 422 && plan.instant &&
                            answer.response.body().find("id=\"slot-1-error\"") != std::string::npos;
    std::lock_guard lock(tally.mutex);
    tally.post_micros.push_back(answer.micros);
    ++tally.post_status[status];
    if (status == 303 && location.starts_with("/b/")) {
      const std::string token = location.substr(3, location.find('?') - 3);
      tally.confirmed.push_back(supplier.orgnr + "\t" + token + "\t" + (slot.empty() ? "-" : slot));
      return Outcome::kBooked;
    }
    if (status == 409) return Outcome::kClosed;
    if (slot_taken) {
      ++tally.slot_conflicts;
      continue;
    }
    if (tally.surprises.size() < 5)
      tally.surprises.push_back("POST: " + std::to_string(status) + " " +
                                answer.response.body().substr(0, 300));
    return Outcome::kRejected;
  }
  return Outcome::kFull;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

int book(const Options& options) {
  Plan plan;
  plan.port = static_cast<unsigned short>(options.number("--port", 0));
  plan.slug = required(options, "--slug");
  const std::string mode = required(options, "--mode");
  if (mode != "request" && mode != "instant")
    throw std::invalid_argument("--mode is request or instant");
  plan.instant = mode == "instant";
  plan.burst = options.has("--burst");
  const int suppliers = static_cast<int>(options.number("--suppliers", 100));
  const int concurrency =
      plan.burst ? suppliers : static_cast<int>(options.number("--concurrency", 50));
  const long time_limit_s = options.number("--time-limit-s", 60);
  const long first_orgnr = options.number("--first-orgnr", 80000000);
  plan.max_attempts = plan.instant ? 100 : 1;
  const bool tolerate = options.has("--tolerate-errors");
  if (plan.port == 0 || suppliers < 1 || concurrency < 1 || concurrency > 1000 ||
      time_limit_s < 1 || time_limit_s > 600)
    throw std::invalid_argument(
        "--port is required; --suppliers >= 1; --concurrency 1..1000; --time-limit-s 1..600");

  std::vector<Supplier> plan_suppliers;
  for (std::uint32_t candidate = static_cast<std::uint32_t>(first_orgnr);
       static_cast<int>(plan_suppliers.size()) < suppliers; ++candidate)
    if (auto orgnr = dialogdag::data::orgnr_with_check_digit(candidate))
      plan_suppliers.push_back({static_cast<int>(plan_suppliers.size()) + 1, *orgnr});

  Tally tally;
  SocketRegistry registry;
  std::atomic<int> next{0};
  std::atomic<bool> out_of_time{false};
  std::atomic<bool> server_gone{false};
  std::optional<std::barrier<>> start_line;
  if (plan.burst) start_line.emplace(concurrency);

  const auto started = Clock::now();
  std::mutex done_mutex;
  std::condition_variable done_signal;
  int running = concurrency;
  std::vector<std::thread> workers;
  for (int w = 0; w < concurrency; ++w) {
    workers.emplace_back([&, w] {
      Connection connection(plan.port, registry);
      std::mt19937 random(static_cast<unsigned>(first_orgnr + w));
      for (int i = next++; i < suppliers; i = next++) {
        Outcome outcome = Outcome::kNotRun;
        if (!out_of_time && !server_gone)
          outcome = run_supplier(plan, plan_suppliers[i], connection, tally,
                                 start_line ? &*start_line : nullptr, random);
        else if (start_line)
          start_line->arrive_and_drop();
        if (outcome == Outcome::kRefused) server_gone = true;
        if (out_of_time && outcome == Outcome::kNoAnswer) outcome = Outcome::kNotRun;
        std::lock_guard lock(tally.mutex);
        ++tally.outcomes[outcome];
      }
      std::lock_guard lock(done_mutex);
      if (--running == 0) done_signal.notify_all();
    });
  }
  {
    std::unique_lock lock(done_mutex);
    if (!done_signal.wait_for(lock, std::chrono::seconds(time_limit_s), [&] { return running == 0; })) {
      out_of_time = true;
      registry.cut_all();
    }
  }
  for (auto& worker : workers) worker.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  if (options.has("--confirmed")) {
    std::ofstream file(options.text("--confirmed"), std::ios::app);
    for (const auto& line : tally.confirmed) file << line << '\n';
    if (!file) throw std::runtime_error("cannot write " + options.text("--confirmed"));
  }

  const std::size_t requests = tally.get_micros.size() + tally.post_micros.size();
  std::vector<double> all = tally.get_micros;
  all.insert(all.end(), tally.post_micros.begin(), tally.post_micros.end());
  std::printf("load_generator: %d suppliers (%s mode, %d at a time%s) in %.2f s\n", suppliers,
              mode.c_str(), concurrency, plan.burst ? ", all POSTs released at once" : "", seconds);
  for (const auto& [outcome, count] : tally.outcomes)
    std::printf("  %-40s %6d\n", name_of(outcome), count);
  auto statuses = [](const std::map<int, int>& by_status) {
    std::string text;
    for (const auto& [status, count] : by_status)
      text += " " + std::to_string(status) + "x" + std::to_string(count);
    return text;
  };
  std::printf("  GET  form answers:%s\n  POST form answers:%s (422 slot taken, tried again: %d)\n",
              statuses(tally.get_status).c_str(), statuses(tally.post_status).c_str(),
              tally.slot_conflicts);
  std::printf("  latency ms     p50     p99     max\n");
  auto row = [](const char* what, const std::vector<double>& micros) {
    std::printf("  %-10s %7.2f %7.2f %7.2f\n", what, percentile(micros, 0.5) / 1000,
                percentile(micros, 0.99) / 1000,
                micros.empty() ? 0.0 : *std::max_element(micros.begin(), micros.end()) / 1000);
  };
  row("GET form", tally.get_micros);
  row("POST", tally.post_micros);
  row("all", all);
  for (const auto& surprise : tally.surprises) std::printf("  unexpected: %s\n", surprise.c_str());

  const int booked = tally.outcomes[Outcome::kBooked];
  std::printf("RESULT seconds=%.3f requests=%zu requests_per_s=%.1f bookings=%d bookings_per_s=%.1f "
              "post_p50_ms=%.2f post_p99_ms=%.2f get_p50_ms=%.2f get_p99_ms=%.2f "
              "no_answer=%d refused=%d not_run=%d rejected=%d full=%d closed=%d conflicts=%d\n",
              seconds, requests, static_cast<double>(requests) / seconds, booked,
              static_cast<double>(booked) / seconds, percentile(tally.post_micros, 0.5) / 1000,
              percentile(tally.post_micros, 0.99) / 1000, percentile(tally.get_micros, 0.5) / 1000,
              percentile(tally.get_micros, 0.99) / 1000, tally.outcomes[Outcome::kNoAnswer],
              tally.outcomes[Outcome::kRefused], tally.outcomes[Outcome::kNotRun],
              tally.outcomes[Outcome::kRejected], tally.outcomes[Outcome::kFull],
              tally.outcomes[Outcome::kClosed], tally.slot_conflicts);
  if (tolerate) return 0;
  const bool every_request_answered = tally.outcomes[Outcome::kNoAnswer] == 0 &&
                                      tally.outcomes[Outcome::kRefused] == 0 &&
                                      tally.outcomes[Outcome::kNotRun] == 0;
  const bool every_answer_clear = tally.outcomes[Outcome::kRejected] == 0;
  if (!every_request_answered) std::printf("FAIL: not every request got an answer in time\n");
  if (!every_answer_clear) std::printf("FAIL: answers other than 303, 409 or 422 'slot taken'\n");
  return every_request_answered && every_answer_clear ? 0 : 1;
}

// ---- verify ----

struct Confirmed {
  std::string token_digest;
  std::string slot;  // "HH:MM", or "-" in request mode
};

std::string clock_text(int minutes) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
  return text;
}

int verify(const Options& options) {
  const bool exact = options.has("--exact");
  if (exact == options.has("--subset")) throw std::invalid_argument("give --exact or --subset");
  std::map<std::string, Confirmed> confirmed;  // by orgnr
  {
    std::ifstream file(required(options, "--confirmed"));
    std::string orgnr, token, slot;
    while (file >> orgnr >> token >> slot)
      confirmed[orgnr] = {dialogdag::data::token_digest(token), slot};
  }
  SQLite::Database db(required(options, "--db"), SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);
  std::vector<std::string> failures;
  auto fail = [&](const std::string& text) {
    if (failures.size() < 20) failures.push_back(text);
    else if (failures.size() == 20) failures.push_back("... (more)");
  };

  std::string integrity;
  {
    SQLite::Statement check(db, "PRAGMA integrity_check");
    while (check.executeStep()) integrity += check.getColumn(0).getString() + " ";
  }
  if (integrity != "ok ") fail("integrity_check: " + integrity);
  if (SQLite::Statement(db, "PRAGMA foreign_key_check").executeStep())
    fail("foreign_key_check reports a broken reference");

  SQLite::Statement event(db, "SELECT id, booking_mode FROM event WHERE slug = ?");
  event.bind(1, required(options, "--slug"));
  if (!event.executeStep()) throw std::runtime_error("no event " + options.text("--slug"));
  const std::int64_t event_id = event.getColumn(0).getInt64();
  const bool instant = event.getColumn(1).getString() == "instant";

  // The load test's registrations (their companies are "Lasttest Leverandør N AS").
  SQLite::Statement rows(db,
                         "SELECT r.id, r.orgnr, r.manage_token_hash, "
                         " (SELECT count(*) FROM attendee a WHERE a.registration_id = r.id), "
                         " (SELECT count(*) FROM meeting_request q WHERE q.registration_id = r.id), "
                         " (SELECT count(*) FROM request_panel p WHERE p.registration_id = r.id), "
                         " (SELECT count(*) FROM audit_log l WHERE l.event_id = r.event_id AND "
                         "   l.action = 'registration.create' AND "
                         "   l.detail LIKE 'registration ' || r.id || ' %'), "
                         " (SELECT count(*) FROM meeting m WHERE m.registration_id = r.id AND "
                         "   m.status = 'booked'), "
                         " (SELECT min(m.slot_start) FROM meeting m WHERE m.registration_id = r.id "
                         "   AND m.status = 'booked') "
                         "FROM registration r WHERE r.event_id = ? AND r.company LIKE 'Lasttest %'");
  rows.bind(1, event_id);
  int stored = 0, stored_confirmed = 0;
  std::set<std::string> seen;
  while (rows.executeStep()) {
    ++stored;
    const std::string id = rows.getColumn(0).getString();
    const std::string orgnr = rows.getColumn(1).getString();
    seen.insert(orgnr);
    const int attendees = rows.getColumn(3).getInt(), requests = rows.getColumn(4).getInt(),
              panels = rows.getColumn(5).getInt(), audits = rows.getColumn(6).getInt(),
              meetings = rows.getColumn(7).getInt();
    if (attendees < 1 || requests != 1 || panels < 1 || audits != 1 ||
        (instant && meetings != panels))
      fail("registration " + id + " is half-written: attendees " + std::to_string(attendees) +
           ", meeting request " + std::to_string(requests) + ", panels " + std::to_string(panels) +
           ", audit entries " + std::to_string(audits) + ", booked meetings " +
           std::to_string(meetings));
    const auto found = confirmed.find(orgnr);
    if (found == confirmed.end()) {
      if (exact) fail("registration " + id + " (orgnr " + orgnr + ") is stored but got no 303");
      continue;
    }
    ++stored_confirmed;
    if (found->second.token_digest != rows.getColumn(2).getString())
      fail("registration " + id + ": the stored token is not the one its 303 gave");
    if (instant && !rows.getColumn(8).isNull() &&
        clock_text(rows.getColumn(8).getInt()) != found->second.slot)
      fail("registration " + id + ": booked " + clock_text(rows.getColumn(8).getInt()) +
           ", but its 303 was for " + found->second.slot);
  }
  for (const auto& [orgnr, entry] : confirmed)
    if (!seen.count(orgnr)) fail("the booking confirmed to orgnr " + orgnr + " is not stored");

  auto doubles = [&](const char* column) {
    SQLite::Statement query(db, std::string("SELECT count(*) FROM (SELECT 1 FROM meeting WHERE "
                                            "event_id = ? AND status <> 'cancelled' AND ") +
                                    column + " IS NOT NULL GROUP BY " + column +
                                    ", slot_start HAVING count(*) > 1)");
    query.bind(1, event_id);
    query.executeStep();
    if (const int n = query.getColumn(0).getInt(); n > 0)
      fail(std::to_string(n) + " slots are held twice by one " + column);
  };
  doubles("panel_id");
  doubles("registration_id");
  doubles("room_id");

  SQLite::Statement booked_query(
      db, "SELECT count(*) FROM meeting WHERE event_id = ? AND status = 'booked'");
  booked_query.bind(1, event_id);
  booked_query.executeStep();
  const int booked = booked_query.getColumn(0).getInt();
  if (options.has("--expect-booked") && booked != options.number("--expect-booked", 0))
    fail(std::to_string(booked) + " meetings are booked, expected " +
         options.text("--expect-booked"));

  std::printf("verify: integrity %s; %zu confirmed (303), %d load-test registrations stored, "
              "%d of them confirmed; %d meetings booked in the event\n",
              integrity == "ok " ? "ok" : "FAILED", confirmed.size(), stored, stored_confirmed,
              booked);
  std::printf("RESULT confirmed=%zu stored=%d stored_confirmed=%d booked=%d failures=%zu\n",
              confirmed.size(), stored, stored_confirmed, booked, failures.size());
  for (const auto& failure : failures) std::printf("FAIL: %s\n", failure.c_str());
  return failures.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage =
      "usage: load_generator setup-instant|book|verify --option value ... (see "
      "tests/load/load_generator.cpp)";
  if (argc < 2) {
    std::cerr << usage << "\n";
    return 2;
  }
  const std::string command = argv[1];
  try {
    if (command == "setup-instant") return setup_instant(parse_options(argc, argv, {}));
    if (command == "book")
      return book(parse_options(argc, argv, {"--burst", "--tolerate-errors"}));
    if (command == "verify") return verify(parse_options(argc, argv, {"--exact", "--subset"}));
    std::cerr << usage << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "load_generator: " << e.what() << "\n";
    return 2;
  }
}
