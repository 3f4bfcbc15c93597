#include "app/records_plan_file.hpp"

#include <yaml-cpp/yaml.h>

#include <set>
#include <sstream>
#include <stdexcept>

namespace granska::app {

namespace {

std::string Where(const std::string& path, const YAML::Node& n) {
  const auto m = n.Mark();
  return path + ":" + (m.line >= 0 ? std::to_string(m.line + 1) : std::string("?"));
}

std::string Scalar(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : std::string(); }

}  // namespace

workflow::RecordsPlan LoadRecordsPlan(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw std::runtime_error("the records plan '" + path + "' cannot be read (config records.plan)");
  } catch (const YAML::Exception& e) {
    throw std::runtime_error("the records plan " + path + ":" + std::to_string(e.mark.line + 1) +
                             " is not valid YAML: " + e.msg);
  }
  std::vector<std::string> problems;
  workflow::RecordsPlan plan;
  if (!root.IsMap()) {
    problems.push_back(path + ":1: the plan must be a mapping with plan, version, classes and secrecy_grounds");
  } else {
    plan.name = Scalar(root["plan"]);
    plan.version = Scalar(root["version"]);
    if (plan.name.empty()) problems.push_back(Where(path, root) + ": 'plan' (the plan's name) is required");
    if (plan.version.empty()) problems.push_back(Where(path, root) + ": 'version' is required");
    for (const auto& kv : root) {
      const std::string key = Scalar(kv.first);
      if (key != "plan" && key != "version" && key != "classes" && key != "secrecy_grounds")
        problems.push_back(Where(path, kv.first) + ": unknown key '" + key + "'");
    }
    const YAML::Node classes = root["classes"];
    std::set<workflow::RecordClass> seen;
    if (!classes || !classes.IsMap()) {
      problems.push_back(Where(path, root) + ": 'classes' must map each record class to its rule");
    } else {
      for (const auto& kv : classes) {
        const std::string name = Scalar(kv.first);
        const std::string at = Where(path, kv.first) + ": class '" + name + "'";
        auto record_class = workflow::ParseRecordClass(name);
        if (!record_class) {
          std::string known;
          for (auto c : workflow::AllRecordClasses()) known += (known.empty() ? "" : ", ") + std::string(workflow::ToString(c));
          problems.push_back(at + ": unknown record class (known: " + known + ")");
          continue;
        }
        if (!seen.insert(*record_class).second) {
          problems.push_back(at + ": defined twice");
          continue;
        }
        const YAML::Node body = kv.second;
        if (!body.IsMap()) {
          problems.push_back(at + ": must be a mapping with rule, title, keep and from");
          continue;
        }
        for (const auto& field : body) {
          const std::string k = Scalar(field.first);
          if (k != "rule" && k != "title" && k != "keep" && k != "from")
            problems.push_back(Where(path, field.first) + ": class '" + name + "': unknown key '" + k + "'");
        }
        workflow::RetentionRule rule;
        rule.record_class = *record_class;
        rule.rule = Scalar(body["rule"]);
        rule.title = Scalar(body["title"]);
        if (rule.rule.empty()) problems.push_back(at + ": 'rule' (the plan's reference) is required");
        const std::string keep = Scalar(body["keep"]);
        if (auto p = workflow::ParseRetentionPeriod(keep))
          rule.keep = *p;
        else
          problems.push_back((body["keep"] ? Where(path, body["keep"]) : Where(path, kv.first)) + ": class '" + name +
                             "': keep '" + keep + "' must be 'N years', 'N months', 'N days' (N from 1 to 200) or 'permanent'");
        const std::string from = Scalar(body["from"]);
        auto trigger = workflow::ParseRetentionTrigger(from);
        const auto& allowed = workflow::AllowedTriggers(*record_class);
        if (!trigger || std::find(allowed.begin(), allowed.end(), *trigger) == allowed.end()) {
          std::string list;
          for (auto t : allowed) list += (list.empty() ? "" : ", ") + std::string(workflow::ToString(t));
          problems.push_back((body["from"] ? Where(path, body["from"]) : Where(path, kv.first)) + ": class '" + name +
                             "': from '" + from + "' must be one of: " + list);
        } else {
          rule.from = *trigger;
        }
        plan.rules.push_back(rule);
      }
      for (auto c : workflow::AllRecordClasses())
        if (!seen.count(c))
          problems.push_back(Where(path, classes) + ": class '" + std::string(workflow::ToString(c)) +
                             "' is missing: every record class needs a rule (use keep: permanent to keep for ever)");
    }
    const YAML::Node grounds = root["secrecy_grounds"];
    if (!grounds || !grounds.IsSequence() || grounds.size() == 0) {
      problems.push_back(Where(path, root) + ": 'secrecy_grounds' must list at least one ground");
    } else {
      std::set<std::string> names;
      for (const auto& g : grounds) {
        workflow::SecrecyGround ground{Scalar(g["ground"]), Scalar(g["sv"]), Scalar(g["en"])};
        if (ground.ground.empty() || ground.sv.empty() || ground.en.empty())
          problems.push_back(Where(path, g) + ": a secrecy ground needs ground, sv and en");
        else if (!names.insert(ground.ground).second)
          problems.push_back(Where(path, g) + ": ground '" + ground.ground + "' is listed twice");
        else
          plan.grounds.push_back(ground);
      }
    }
  }
  if (!problems.empty()) {
    std::ostringstream msg;
    msg << "the records plan '" << path << "' is not usable:";
    for (const auto& p : problems) msg << "\n  " << p;
    throw std::runtime_error(msg.str());
  }
  return plan;
}

}  // namespace granska::app
