// `granska rules check [DIR]` and `granska rules test [DIR]`.
#include <iostream>

#include "app/commands.hpp"
#include "app/config.hpp"
#include "rules/rule_tests.hpp"

namespace granska::app {

int RunRules(const Args& args) {
  if (args.empty() || (args[0] != "check" && args[0] != "test")) {
    std::cerr << "granska rules: expected 'check [DIR]' or 'test [DIR]'\n";
    return 2;
  }
  std::string dir = args.size() > 1 ? args[1] : std::string();
  if (dir.empty()) dir = LoadConfig("").rules_dir;
  return args[0] == "check" ? rules::CheckRules(dir, std::cout) : rules::RunRuleTests(dir, std::cout);
}

}  // namespace granska::app
