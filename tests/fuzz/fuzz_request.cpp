// libFuzzer target: the whole request handler, bytes -> response. The input is parsed as an
// HTTP/1.1 request by Beast's parser with the server's limits (web/server.h ServerLimits); a
// complete request goes to the app's router with the public and staff routes, on a SQLite file
// holding the demo (data/demo.h) in a temporary directory (on /dev/shm when there is one).
//
// So that the fuzzer reaches past the session guard and the CSRF checks, these placeholders in
// the input are replaced before parsing (the seed corpus uses them):
//   {S} a live staff session token (the demo's organiser)   {C} the staff CSRF token for {S}
//   {F} a dd_form cookie value                              {P} the public CSRF token for {F}
//   {B} a supplier's booking (manage) token                 {E} the demo event's id
// The database changes as inputs run (bookings, setup edits, a logout ends {S}), so a crash may
// depend on earlier inputs; libFuzzer's crash file alone is then not enough to reproduce it.
//
// Fails (abort) when the handler throws, or a response carries CR or LF in a header value or
// has a status outside 100..599.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdlib.h>
#include <string>
#include <utility>
#include <vector>

#include "data/demo.h"
#include "data/registration_store.h"
#include "data/user_store.h"
#include "web/public_site.h"
#include "web/router.h"
#include "web/staff.h"

namespace {

namespace data = dialogdag::data;
namespace web = dialogdag::web;
namespace http = boost::beast::http;

struct App {
  std::unique_ptr<data::Db> db;
  std::unique_ptr<web::PublicSite> public_site;
  std::unique_ptr<web::StaffSite> staff_site;
  web::Router router;
  std::vector<std::pair<std::string, std::string>> placeholders;
};

[[noreturn]] void setup_failed(const std::string& what) {
  fprintf(stderr, "fuzz_request: setup failed: %s\n", what.c_str());
  std::abort();
}

App& app() {
  static App* instance = [] {
    auto* a = new App;
    const char* base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string pattern = std::string(base) + "/dialogdag-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) setup_failed("mkdtemp");
    auto db = data::Db::open(pattern + "/fuzz.db");
    if (!db.ok()) setup_failed(db.error());
    a->db = std::move(db).value();
    auto demo = data::create_demo(*a->db, "fuzz");
    if (!demo.ok()) setup_failed(demo.error());

    data::UserStore users(*a->db);
    auto user = users.find_by_email(demo.value().staff_email);
    if (!user.ok()) setup_failed(user.error());
    auto session = users.create_session(user.value().id, std::chrono::hours(24 * 365));
    if (!session.ok()) setup_failed(session.error());

    data::RegistrationInput supplier;
    supplier.company = "Fuzz Leverandør AS";
    supplier.orgnr = data::orgnr_with_check_digit(91234567).value_or("912345670");
    supplier.contact_name = "Kari Fuzz";
    supplier.email = "kari@fuzz.example";
    supplier.phone = "+47 900 00 000";
    supplier.attendees = {{"Kari Fuzz", "Salg"}};
    supplier.consent = true;
    auto booking = data::RegistrationStore(*a->db).register_supplier(demo.value().event_id, supplier);

    a->public_site = std::make_unique<web::PublicSite>(web::PublicSite{*a->db, web::CsrfGuard(web::random_key())});
    a->staff_site = std::make_unique<web::StaffSite>(*a->db, web::CsrfGuard(web::random_key()));
    web::add_public_routes(a->router, *a->public_site);
    web::add_staff_routes(a->router, *a->staff_site);

    const std::string form_binding = web::random_token();
    a->placeholders = {
        {"{S}", session.value().token},
        {"{C}", a->staff_site->csrf.token_for(session.value().token)},
        {"{F}", form_binding},
        {"{P}", a->public_site->csrf.token_for(form_binding)},
        {"{B}", booking.ok() ? booking.value().manage_token : std::string("no-booking")},
        {"{E}", std::to_string(demo.value().event_id)},
    };
    return a;
  }();
  return *instance;
}

std::string with_placeholders(std::string text, const App& a) {
  for (const auto& [placeholder, value] : a.placeholders) {
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size()))
      text.replace(at, placeholder.size(), value);
  }
  return text;
}

bool has_line_break(boost::beast::string_view value) {
  return value.find('\r') != boost::beast::string_view::npos ||
         value.find('\n') != boost::beast::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  app();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  App& a = app();
  const std::string bytes =
      with_placeholders(std::string(reinterpret_cast<const char*>(data), size), a);

  const web::ServerLimits limits;
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes));
  parser.body_limit(limits.body_bytes);
  parser.eager(true);
  boost::beast::error_code ec;
  boost::asio::const_buffer input(bytes.data(), bytes.size());
  while (input.size() > 0 && !parser.is_done()) {
    const std::size_t used = parser.put(input, ec);
    if (ec || used == 0) break;
    input += used;
  }
  // End of input: only a parser that has seen bytes may be told (Beast asserts got_some()).
  if (parser.got_some() && (ec == http::error::need_more || (!ec && !parser.is_done()))) {
    ec = {};
    parser.put_eof(ec);
  }
  if (ec || !parser.is_done()) return 0;
  const web::Request request = parser.release();

  web::Response response = a.router.handle(request);
  const unsigned status = response.result_int();
  if (status < 100 || status > 599) std::abort();
  for (const auto& field : response.base())
    if (has_line_break(field.value()) || has_line_break(field.name_string())) std::abort();
  response.prepare_payload();
  return 0;
}
