#pragma once
// The `granska` subcommands (shared/api.md, "Command line"). Each returns the exit code.
#include <optional>
#include <string>
#include <vector>

namespace granska::app {

using Args = std::vector<std::string>;

int RunServe(const Args& args);
int RunMigrate(const Args& args);
int RunUser(const Args& args);
int RunRules(const Args& args);
int RunDemoData(const Args& args);
int RunJobs(const Args& args);
int RunAudit(const Args& args);
int RunRescreen(const Args& args);
int RunUserPasswd(const Args& args);  // `user passwd --name NAME` (app/user_passwd.cpp)
int Usage(int code);

// What is wrong with a command's arguments (an option it does not take, an option without its
// value, an argument too many), or nullopt. Unknown commands and subcommands are left to the
// command, which names them.
std::optional<std::string> CheckArguments(const std::string& command, const Args& args);

// Finds "--name value" in args; empty when absent.
std::string Option(const Args& args, const std::string& name);

}  // namespace granska::app
