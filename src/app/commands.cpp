#include "app/commands.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <iostream>

#include "app/runtime.hpp"
#include "store/migrations.hpp"

namespace granska::app {

std::string Option(const Args& args, const std::string& name) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == name) return args[i + 1];
  for (const auto& a : args)
    if (a.rfind(name + "=", 0) == 0) return a.substr(name.size() + 1);
  return {};
}

std::optional<std::string> CheckArguments(const std::string& command, const Args& args) {
  struct Form {
    const char* command;
    const char* sub;  // nullptr: the command takes no subcommand
    std::vector<std::string> options;
    std::size_t positionals;
  };
  static const std::vector<Form> kForms = {
      {"serve", nullptr, {"--config"}, 0},
      {"migrate", nullptr, {"--config"}, 0},
      {"demo-data", nullptr, {"--config"}, 0},
      {"user", "add", {"--name", "--role", "--sector", "--config"}, 0},
      {"user", "passwd", {"--name", "--config"}, 0},
      {"user", "revoke-token", {"--name", "--config"}, 0},
      {"user", "new-token", {"--name", "--config"}, 0},
      {"rules", "check", {}, 1},
      {"rules", "test", {}, 1},
      {"jobs", "run-once", {"--config"}, 0},
      {"audit", "seal", {"--config"}, 0},
      {"audit", "verify", {"--config"}, 0},
      {"rescreen", "changes", {"--config"}, 1},
      {"rescreen", nullptr, {"--config", "--workers", "--batch"}, 0},
  };
  const Form* form = nullptr;
  for (const auto& f : kForms) {
    if (command != f.command) continue;
    if (f.sub && (args.empty() || args[0] != f.sub)) continue;
    form = &f;
    break;
  }
  if (!form) return std::nullopt;
  const std::string name = std::string(form->command) + (form->sub ? std::string(" ") + form->sub : "");
  std::size_t positionals = 0;
  for (std::size_t i = form->sub ? 1 : 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) == 0) {
      const auto eq = a.find('=');
      const std::string option = a.substr(0, eq);
      if (std::find(form->options.begin(), form->options.end(), option) == form->options.end()) {
        std::string taken;
        for (const auto& o : form->options) taken += (taken.empty() ? "" : ", ") + o;
        return "'" + name + "' has no option '" + option + "'" +
               (taken.empty() ? std::string(" (it takes none)") : " (it takes " + taken + ")");
      }
      if (eq == std::string::npos && ++i >= args.size()) return "'" + name + "': " + option + " needs a value";
    } else if (++positionals > form->positionals) {
      return "'" + name + "' does not take the argument '" + a + "'";
    }
  }
  return std::nullopt;
}

int Usage(int code) {
  (code == 0 ? std::cout : std::cerr)
      << "usage: granska <command> [options]\n"
         "  serve [--config FILE]                        run the HTTP server\n"
         "  migrate [--config FILE]                      bring the database schema up to date\n"
         "  user add --name NAME --role ROLE [--sector SECTOR]\n"
         "                                               create a user; prints its API token last\n"
         "  user passwd --name NAME                      set a staff password for the web interface\n"
         "                                               (read from stdin; not echoed on a terminal)\n"
         "  user revoke-token --name NAME                revoke the user's API tokens at once\n"
         "  user new-token --name NAME                   revoke them and issue a new one; prints it last\n"
         "  rules check [DIR]                            compile and lint a rule set\n"
         "  rules test [DIR]                             run the rule set's example cases\n"
         "  demo-data [--config FILE]                    load demo associations, premises, incidents, users\n"
         "  jobs run-once                                overdue conditions, reminders, e-mail outbox, once\n"
         "  audit seal|verify [--config FILE]            chain new events; check the audit trail (exit 1 if broken)\n"
         "  rescreen [--config FILE] [--workers N] [--batch N]\n"
         "                                               screen open cases and support under follow-up again\n"
         "                                               (N from 1; workers up to 1024, batch up to 1000000)\n"
         "  rescreen changes RUN                         list the cases whose screening a run changed\n"
         "Configuration: config/granska.properties, overridden by GRANSKA_DB, GRANSKA_HTTP_PORT, ...\n";
  return code;
}

int RunMigrate(const Args& args) {
  Config config = LoadConfig(Option(args, "--config"));
  if (config.db_connection.empty())
    throw std::runtime_error("no database configured: set db.connection in the configuration or GRANSKA_DB");
  soci::session sql;
  try {
    sql.open("postgresql", config.db_connection);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot connect to PostgreSQL (db.connection='") +
                             RedactConnection(config.db_connection) + "'): " + e.what());
  }
  auto report = store::Migrate(sql);
  for (const auto& name : report.applied) std::cout << "applied " << name << "\n";
  std::cout << "schema is at version " << report.current_version << " (" << report.applied.size()
            << " migration(s) applied now)\n";
  return 0;
}

namespace {

// `user revoke-token` and `user new-token`: the user is named as at sign-in.
int RunUserToken(const Args& args, bool issue) {
  const std::string command = issue ? "new-token" : "revoke-token";
  const std::string name = Option(args, "--name");
  if (name.empty()) {
    std::cerr << "granska user " << command << ": --name NAME is required (the user's name, as given to 'user add')\n";
    return 2;
  }
  Config config = LoadConfig(Option(args, "--config"));
  config.db_pool_size = 1;
  config.http_threads = 1;
  Runtime rt(config);
  const std::string token = issue ? NewToken() : std::string();
  auto changed = issue ? rt.Users().NewToken(domain::Actor{}, name, token, HashTokenHex(token))
                       : rt.Users().RevokeTokens(domain::Actor{}, name);
  if (!changed) {
    std::cerr << "granska user " << command << ": " << changed.Err().detail << "\n";
    return 1;
  }
  std::cout << "revoked " << changed->revoked << " token(s) of user " << changed->user.id << " ("
            << changed->user.name << ", " << domain::ToString(changed->user.role) << ")\n";
  if (issue) std::cout << changed->token << "\n";
  return 0;
}

}  // namespace

int RunUser(const Args& args) {
  if (!args.empty() && args[0] == "passwd") return RunUserPasswd(args);
  if (!args.empty() && (args[0] == "revoke-token" || args[0] == "new-token")) return RunUserToken(args, args[0] == "new-token");
  if (args.empty() || args[0] != "add") {
    std::cerr << "granska user: expected add, passwd, revoke-token or new-token\n";
    return Usage(2);
  }
  const std::string name = Option(args, "--name");
  const std::string role_text = Option(args, "--role");
  const std::string sector = Option(args, "--sector");
  auto role = domain::ParseRole(role_text);
  if (name.empty() || !role) {
    std::cerr << "granska user add: --name NAME and --role ROLE are required; ROLE is one of intake, case_officer, "
                 "advisory_member, coordinator, auditor, admin\n";
    return 2;
  }
  Config config = LoadConfig(Option(args, "--config"));
  config.db_pool_size = 1;
  config.http_threads = 1;
  Runtime rt(config);
  const std::string token = NewToken();
  domain::User user{0, name, *role, sector};
  auto created = rt.Users().Add(domain::Actor{}, user, token, HashTokenHex(token));
  if (!created) {
    // "--sector: unknown sector 'x'; ..." names the option the value came from.
    for (const auto& e : created.Err().errors) std::cerr << "granska user add: --" << e.field << ": " << e.message << "\n";
    return 1;
  }
  std::cout << "created user " << created->user.id << " (" << name << ", " << role_text << ")\n" << token << "\n";
  return 0;
}

}  // namespace granska::app
