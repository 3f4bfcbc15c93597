// `granska jobs run-once`: the background work (overdue conditions, closing cases whose
// follow-up is over, reminders, outbox, retention under the records plan, sealing), once. Safe beside running servers that do
// the same on their schedule.
#include <iostream>

#include "app/commands.hpp"
#include "app/runtime.hpp"

namespace granska::app {

int RunJobs(const Args& args) {
  if (args.empty() || args[0] != "run-once") {
    std::cerr << "granska jobs: expected 'run-once'\n";
    return 2;
  }
  Config config = LoadConfig(Option(args, "--config"));
  ApplyTimeZone(config.time_zone);
  config.db_pool_size = 1;
  config.http_threads = 1;
  Runtime rt(config);
  std::cout << rt.RunBackgroundJobs() << "\n";
  if (config.smtp_host.empty()) std::cout << "no smtp.host configured: e-mail stays in the outbox\n";
  return 0;
}

}  // namespace granska::app
