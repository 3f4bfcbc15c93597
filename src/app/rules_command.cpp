#include <iostream>

#include "app/commands.hpp"

namespace granska::app {

int RunRules(const Args& args) {
  std::cerr << "granska rules: the rules engine is not wired in yet\n";
  return 2;
}

}  // namespace granska::app
