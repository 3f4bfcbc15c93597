// `granska user passwd --name NAME`: sets the password a staff user signs in to the web
// interface with. The password is read from stdin (asked twice without echo on a terminal,
// otherwise the first line), never from the command line, where other users could see it.
#include <iostream>

#include "app/commands.hpp"
#include "app/password_hasher.hpp"
#include "app/runtime.hpp"

namespace granska::app {

int RunUserPasswd(const Args& args) {
  const std::string name = Option(args, "--name");
  if (name.empty()) {
    std::cerr << "granska user passwd: --name NAME is required (the user's name, as given to 'user add')\n";
    return 2;
  }
  Config config = LoadConfig(Option(args, "--config"));
  config.db_pool_size = 1;
  config.http_threads = 1;
  Runtime rt(config);
  const std::string password = ReadPassword("New password for " + name);
  auto set = rt.Sessions().SetPasswordByName(domain::Actor{}, name, password);
  if (!set) {
    const auto& e = set.Err();
    if (e.errors.empty()) std::cerr << "granska user passwd: " << e.detail << "\n";
    for (const auto& fe : e.errors) std::cerr << "granska user passwd: " << fe.field << " " << fe.message << "\n";
    return 1;
  }
  std::cout << "password set for user " << set->id << " (" << set->name << ", " << domain::ToString(set->role)
            << "); their open sessions have ended\n";
  return 0;
}

}  // namespace granska::app
