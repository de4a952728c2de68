#include "app/serve.h"

#include <charconv>
#include <ostream>
#include <thread>

#include "app/arguments.h"
#include "data/database.h"
#include "web/public_site.h"
#include "web/router.h"
#include "web/staff.h"
#include "web/server.h"

namespace dialogdag::app {

int run_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto parsed = parse_arguments(args, 1, {"--db", "--listen", "--threads"}, {"--secure-cookies"}, false);
  if (!parsed) return fail(err, parsed.error() + " (see dialogdag --help)");
  const Arguments& a = parsed.value();

  const std::string listen = a.value("--listen", "127.0.0.1:8080");
  const auto colon = listen.rfind(':');
  unsigned short port = 0;
  if (colon == std::string::npos ||
      std::from_chars(listen.data() + colon + 1, listen.data() + listen.size(), port).ec !=
          std::errc())
    return fail(err, "--listen: \"" + listen + "\" is not ADDRESS:PORT (e.g. 127.0.0.1:8080; "
                     "port 0 picks a free one)");
  std::string address = listen.substr(0, colon);
  if (address.size() > 2 && address.front() == '[' && address.back() == ']')
    address = address.substr(1, address.size() - 2);  // [::1]:8080

  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (a.has("--threads")) {
    const std::string text = a.value("--threads");
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), threads);
    if (ec != std::errc() || end != text.data() + text.size() || threads < 1 || threads > 256)
      return fail(err, "--threads: \"" + text + "\" is not a number from 1 to 256");
  }

  auto db = data::Db::open(a.value("--db", "dialogdag.db"));
  if (!db) return fail(err, db.error());

  // The CSRF key lives for the process: a form opened before a restart is refused with a
  // "form expired, send it again" page, never silently accepted.
  web::PublicSite site{*db.value(), web::CsrfGuard(web::random_key())};
  web::StaffOptions staff_options;
  staff_options.secure_cookies = a.has("--secure-cookies");
  web::StaffSite staff(*db.value(), web::CsrfGuard(web::random_key()), staff_options);
  web::Router router;
  web::add_public_routes(router, site);
  web::add_staff_routes(router, staff);

  web::Server server([&router](const web::Request& r) { return router.handle(r); }, {}, &err);
  auto bound = server.listen(address, port);
  if (!bound) return fail(err, bound.error());
  server.stop_on_signals();
  const std::string shown_address = address.find(':') == std::string::npos ? address : "[" + address + "]";
  out << "dialogdag: serving " << db.value()->path() << " on http://" << shown_address << ":"
      << bound.value() << "/ with "
      << threads << (threads == 1 ? " thread" : " threads") << " (Ctrl-C stops)" << std::endl;
  server.run(threads);
  out << "dialogdag: stopped" << std::endl;
  return 0;
}

}  // namespace dialogdag::app
