#pragma once
// Helpers for tests that write rule files: a valid rule with parts swapped out, and a
// temporary rule directory.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

namespace granska::rules::testing {

struct RuleParts {
  std::string id = "T-1";
  std::string category = "eligibility";
  std::string applies_to = "[grant, booking]";
  std::string outcome = "note";
  std::string when = "{fact: organisation.board_size, lt: 3}";
  std::string explanation = "{sv: \"Styrelsen har {organisation.board_size}.\", en: \"The board has {organisation.board_size}.\"}";
  std::string title = "{sv: Titel, en: Title}";
  std::string basis = "Testgrund";
  std::string extra;  // more lines at rule level, indented by 4
};

// One rule as YAML, each key on its own line (line 2 is "- id:", line 3 title, ... line 8 when).
inline std::string RuleYaml(const RuleParts& p) {
  std::string s = "rules:\n";
  s += "  - id: " + p.id + "\n";
  if (!p.title.empty()) s += "    title: " + p.title + "\n";
  if (!p.category.empty()) s += "    category: " + p.category + "\n";
  if (!p.applies_to.empty()) s += "    applies_to: " + p.applies_to + "\n";
  if (!p.basis.empty()) s += "    basis: " + p.basis + "\n";
  if (!p.outcome.empty()) s += "    outcome: " + p.outcome + "\n";
  if (!p.when.empty()) s += "    when: " + p.when + "\n";
  if (!p.explanation.empty()) s += "    explanation: " + p.explanation + "\n";
  s += p.extra;
  return s;
}

// A fresh directory under the system temp dir, removed when it goes out of scope.
class TempRuleDir {
 public:
  TempRuleDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("granska-rules-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempRuleDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempRuleDir(const TempRuleDir&) = delete;
  TempRuleDir& operator=(const TempRuleDir&) = delete;

  void Write(const std::string& name, const std::string& text) const {
    std::filesystem::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name) << text;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace granska::rules::testing
