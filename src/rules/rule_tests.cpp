#include "rules/rule_tests.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "rules/facts_yaml.hpp"
#include "rules/rule_set.hpp"

namespace granska::rules {
namespace {

struct Case {
  std::string file;
  int line = 0;
  std::string name;
  YAML::Node node;
};

std::string Where(const std::string& file, int line) { return file + ":" + std::to_string(line); }

}  // namespace

int CheckRules(const std::filesystem::path& dir, std::ostream& out) {
  auto loaded = RuleSet::LoadDirectory(dir);
  if (!loaded) {
    for (auto p : loaded.problems) {
      if (!p.file.empty() && p.code != ProblemCode::kIo) p.file = (dir / p.file).string();
      out << Format(p) << '\n';
    }
    out << loaded.problems.size() << " problem(s)\n";
    return 1;
  }
  out << "ok: " << loaded.rule_set->RuleCount() << " rules, " << loaded.rule_set->Version() << '\n';
  return 0;
}

int RunRuleTests(const std::filesystem::path& dir, std::ostream& out) {
  auto loaded = RuleSet::LoadDirectory(dir);
  if (!loaded) {
    for (const auto& p : loaded.problems) out << Format(p) << '\n';
    out << "the rule set does not compile\n0 passed, 1 failed\n";
    return 1;
  }
  const RuleSet& rules = *loaded.rule_set;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < rules.Rules().size(); ++i) index[rules.Rules()[i].id] = i;

  int passed = 0, failed = 0;
  auto fail = [&](const std::string& where, const std::string& msg) {
    out << "FAIL " << where << ": " << msg << '\n';
    ++failed;
  };

  // Read every test file: bases first (they are shared), then cases.
  const auto tests_dir = dir / "tests";
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (std::filesystem::is_directory(tests_dir, ec))
    for (const auto& e : std::filesystem::directory_iterator(tests_dir, ec))
      if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml"))
        files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::map<std::string, YAML::Node> bases;
  std::vector<Case> cases;
  for (const auto& path : files) {
    const auto name = path.filename().string();
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(path.string());
    } catch (const YAML::Exception& e) {
      fail(Where(name, e.mark.line + 1), e.msg);
      continue;
    }
    if (!doc.IsMap()) {
      fail(name, "a test file is a map with bases: and/or cases:");
      continue;
    }
    for (const auto& kv : doc) {
      const auto key = kv.first.as<std::string>();
      if (key != "bases" && key != "cases" && key != "description")
        fail(Where(name, kv.first.Mark().line + 1), "unknown key '" + key + "' (bases, cases, description)");
    }
    if (doc["bases"])
      for (const auto& kv : doc["bases"]) {
        const auto b = kv.first.as<std::string>();
        if (bases.count(b)) fail(Where(name, kv.first.Mark().line + 1), "base '" + b + "' defined twice");
        bases[b] = kv.second;
      }
    if (doc["cases"])
      for (const auto& c : doc["cases"])
        cases.push_back(Case{name, c.Mark().line + 1, c["name"] ? c["name"].as<std::string>() : std::string("(unnamed)"),
                             c});
  }

  std::map<std::string, std::pair<bool, bool>> coverage;  // id -> (triggered, passed)
  std::vector<Verdict> verdicts(rules.RuleCount());
  for (const auto& c : cases) {
    const std::string where = Where(c.file, c.line) + ": " + c.name;
    YAML::Node facts_node = c.node["facts"] ? c.node["facts"] : YAML::Node(YAML::NodeType::Map);
    if (c.node["base"]) {
      const auto b = c.node["base"].as<std::string>();
      if (!bases.count(b)) {
        fail(where, "unknown base '" + b + "'");
        continue;
      }
      facts_node = MergeYaml(bases[b], facts_node);
    }
    auto facts = FactsFromYaml(facts_node);
    if (auto* err = std::get_if<std::string>(&facts)) {
      fail(where, "bad facts: " + *err);
      continue;
    }
    const Facts& f = std::get<Facts>(facts);
    const auto screening = rules.Evaluate(f);
    const auto fast_rec = rules.EvaluateVerdicts(f, verdicts);
    std::vector<std::string> errors;
    if (fast_rec != screening.recommendation || rules.Recommend(f) != screening.recommendation)
      errors.push_back("fast paths disagree with the full screening");
    if (!c.node["expect"] || !c.node["expect"].IsMap() || c.node["expect"].size() == 0) {
      fail(where, "a case needs expect: {rule id: outcome, ...}");
      continue;
    }
    for (const auto& kv : c.node["expect"]) {
      const auto key = kv.first.as<std::string>();
      const auto want = kv.second.as<std::string>();
      if (key == "recommendation") {
        const auto got = std::string(domain::ToString(screening.recommendation));
        if (got != want) errors.push_back("recommendation expected " + want + ", got " + got);
        continue;
      }
      auto it = index.find(key);
      if (it == index.end()) {
        errors.push_back("no rule '" + key + "' in the rule set");
        continue;
      }
      const Verdict v = verdicts[it->second];
      const std::string got = v == Verdict::kNotApplicable ? "not_applicable"
                                                           : std::string(domain::ToString(static_cast<domain::Outcome>(v)));
      if (got != want) errors.push_back(key + " expected " + want + ", got " + got);
      if (got == want && v != Verdict::kNotApplicable) {
        auto& cov = coverage[key];
        (v == Verdict::kPass ? cov.second : cov.first) = true;
      }
    }
    if (const auto contains = c.node["explanation_contains"]) {
      for (const auto& kv : contains) {
        const auto id = kv.first.as<std::string>();
        const auto text = kv.second.as<std::string>();
        auto r = std::find_if(screening.results.begin(), screening.results.end(),
                              [&](const domain::RuleResult& x) { return x.rule_id == id; });
        if (r == screening.results.end()) {
          errors.push_back(id + " has no result to explain");
        } else if (r->explanation.sv.find(text) == std::string::npos &&
                   r->explanation.en.find(text) == std::string::npos) {
          errors.push_back(id + " explanation lacks '" + text + "': " + r->explanation.en);
        }
      }
    }
    if (errors.empty()) {
      ++passed;
    } else {
      std::string msg;
      for (const auto& e : errors) msg += (msg.empty() ? "" : "; ") + e;
      fail(where, msg);
    }
  }
  for (const auto& info : rules.Rules()) {
    const auto cov = coverage[info.id];
    if (!cov.first) fail(info.file + ":" + std::to_string(info.line), info.id + ": no passing test case where it triggers");
    if (!cov.second) fail(info.file + ":" + std::to_string(info.line), info.id + ": no passing test case where it passes");
  }
  out << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace granska::rules
