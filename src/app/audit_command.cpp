// `granska audit seal` and `granska audit verify`: the tamper-evident audit trail
// (docs/architecture.md, "Tamper-evident audit trail").
#include <soci/soci.h>

#include <iostream>
#include <stdexcept>

#include "app/commands.hpp"
#include "app/config.hpp"
#include "store/event_chain.hpp"

namespace granska::app {
namespace {

void Connect(soci::session& sql, const Args& args) {
  const Config config = LoadConfig(Option(args, "--config"));
  if (config.db_connection.empty())
    throw std::runtime_error("no database configured: set db.connection in the configuration or GRANSKA_DB");
  try {
    sql.open("postgresql", config.db_connection);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot connect to PostgreSQL (db.connection='") +
                             RedactConnection(config.db_connection) + "'): " + e.what());
  }
}

}  // namespace

int RunAudit(const Args& args) {
  if (args.empty() || (args[0] != "seal" && args[0] != "verify")) {
    std::cerr << "granska audit: expected 'seal' or 'verify'\n"
                 "  audit seal [--config FILE]     chain every event whose transaction has ended\n"
                 "  audit verify [--config FILE]   recompute the chain; exit 1 naming the first broken link\n";
    return 2;
  }
  soci::session sql;
  Connect(sql, args);
  if (args[0] == "seal") {
    const auto sealed = store::SealPendingEvents(sql);
    std::cout << "sealed " << sealed << " event(s)\n";
    return 0;
  }
  const store::ChainVerification v = store::VerifyChain(sql);
  if (!v.ok) {
    std::cout << "audit trail BROKEN at event " << *v.first_broken_event;
    if (!v.broken_case_number.empty())
      std::cout << " (case " << v.broken_case_number << ", id " << *v.broken_case_id << ")";
    else if (v.broken_case_id)
      std::cout << " (case id " << *v.broken_case_id << ")";
    std::cout << ": " << v.reason << "\n" << v.checked << " link(s) before it are intact\n";
    return 1;
  }
  std::cout << "audit trail intact: " << v.checked << " link(s) checked, " << v.pending
            << " event(s) not sealed yet\nhead " << v.head_hash << "\n";
  return 0;
}

}  // namespace granska::app
