#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"

int main(int argc, char** argv) {
  using namespace granska::app;
  Args args(argv + 1, argv + argc);
  if (args.empty()) return Usage(2);
  const std::string command = args.front();
  args.erase(args.begin());
  if (auto wrong = CheckArguments(command, args)) {
    std::cerr << "granska: " << *wrong << "\n";
    return Usage(2);
  }
  try {
    if (command == "serve") return RunServe(args);
    if (command == "migrate") return RunMigrate(args);
    if (command == "user") return RunUser(args);
    if (command == "rules") return RunRules(args);
    if (command == "demo-data") return RunDemoData(args);
    if (command == "jobs") return RunJobs(args);
    if (command == "audit") return RunAudit(args);
    if (command == "rescreen") return RunRescreen(args);
    if (command == "help" || command == "--help" || command == "-h") return Usage(0);
    std::cerr << "granska: unknown command '" << command << "'\n";
    return Usage(2);
  } catch (const std::exception& e) {
    std::cerr << "granska " << command << ": " << e.what() << "\n";
    return 1;
  }
}
