// YAML rule files -> Program. Every refusal names file, line and rule id.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "rules/program.hpp"

namespace granska::rules {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A compiled expression and what it is.
struct Operand {
  std::int32_t expr = -1;
  ValueType type = ValueType::kInt;
  const Vocabulary* vocabulary = nullptr;
  std::optional<ListId> element;
  bool is_submitted_on = false;
  bool is_duration = false;
  Window duration;
};

std::string Join(std::span<const std::string_view> words) {
  std::string out;
  for (auto w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

bool IsDurationUnit(std::string_view unit) {
  return unit == "day" || unit == "days" || unit == "month" || unit == "months" || unit == "year" ||
         unit == "years";
}

// The longest window a rule may name. Found by fuzz/rule_compiler_fuzz: `2147483647 years`
// overflowed `12 * n` into a negative month count and the calendar arithmetic behind it.
constexpr std::int64_t kMaxWindowYears = 1000;

// nullopt for an unknown unit or a count outside 0..kMaxWindowYears years.
std::optional<Window> ParseDuration(std::int64_t n, std::string_view unit) {
  if (n < 0) return std::nullopt;
  if (unit == "day" || unit == "days") {
    if (n > kMaxWindowYears * 366) return std::nullopt;
    return Window{0, static_cast<int>(n)};
  }
  if (unit == "month" || unit == "months") {
    if (n > kMaxWindowYears * 12) return std::nullopt;
    return Window{static_cast<int>(n), 0};
  }
  if (unit == "year" || unit == "years") {
    if (n > kMaxWindowYears) return std::nullopt;
    return Window{static_cast<int>(12 * n), 0};
  }
  return std::nullopt;
}

class FileCompiler;

// Compiles one rule: its condition, tables and templates.
class RuleCompiler {
 public:
  RuleCompiler(Program& program, std::vector<Problem>& problems, const std::string& file, std::string rule_id,
               int rule_line)
      : p_(program), problems_(problems), file_(file), rule_id_(std::move(rule_id)), rule_line_(rule_line) {}

  void SetTables(const YAML::Node& tables) {
    if (!tables) return;
    if (!tables.IsMap()) {
      Report(tables, ProblemCode::kBadValue, "tables must be a map of name -> {word: number}");
      return;
    }
    for (const auto& kv : tables) tables_[kv.first.as<std::string>()] = kv.second;
  }

  std::int32_t Cond(const YAML::Node& n);
  std::optional<Template> CompileTemplate(const YAML::Node& n);
  bool ok() const { return ok_; }

  void Report(const YAML::Node& at, ProblemCode code, std::string message) {
    int line = rule_line_;
    if (at.IsDefined() && at.Mark().line >= 0) line = at.Mark().line + 1;
    problems_.push_back(Problem{file_, line, rule_id_, code, std::move(message)});
    ok_ = false;
  }

 private:
  std::int32_t Add(Node n) {
    p_.nodes.push_back(n);
    return static_cast<std::int32_t>(p_.nodes.size() - 1);
  }
  std::int32_t AddLiteral(double v) {
    Node n;
    n.op = Op::kLit;
    n.num = v;
    return Add(n);
  }
  std::int32_t AddWindow(Window w, const YAML::Node& at) {
    auto it = std::find(p_.windows.begin(), p_.windows.end(), w);
    if (it != p_.windows.end()) return static_cast<std::int32_t>(it - p_.windows.begin());
    if (static_cast<int>(p_.windows.size()) >= kMaxWindows) {
      Report(at, ProblemCode::kBadValue, "too many distinct date windows in the rule set (at most 32)");
      return 0;
    }
    p_.windows.push_back(w);
    return static_cast<std::int32_t>(p_.windows.size() - 1);
  }

  std::int32_t CondFact(const YAML::Node& n);
  std::int32_t CondQuantifier(const YAML::Node& n, bool count);
  std::optional<Operand> Fact(std::string_view path, const YAML::Node& at, bool in_template);
  std::optional<Operand> Expr(std::string_view text, const YAML::Node& at, bool in_template);
  std::optional<Operand> Value(const YAML::Node& v, const Operand& lhs, std::string_view op);
  std::optional<std::uint64_t> WordMask(const YAML::Node& v, const Operand& lhs);
  std::optional<Operand> Table(const std::string& name, const Operand& key, const YAML::Node& at);

  friend class ExprParser;

  Program& p_;
  std::vector<Problem>& problems_;
  const std::string& file_;
  std::string rule_id_;
  int rule_line_;
  bool ok_ = true;
  std::vector<ListId> scope_;       // lists quantified around the current condition
  std::set<ListId> quantified_;     // every list the rule's condition quantifies
  std::map<std::string, YAML::Node> tables_;
  std::map<std::string, std::pair<const Vocabulary*, std::int32_t>> compiled_tables_;
};

// expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)* ;
// unary := '-' unary | primary ; primary := number [unit] | date | true | false
//        | path | table '[' expr ']' | '(' expr ')'
class ExprParser {
 public:
  ExprParser(RuleCompiler& rc, std::string_view text, const YAML::Node& at, bool in_template)
      : rc_(rc), text_(text), at_(at), in_template_(in_template) {}

  std::optional<Operand> Parse() {
    auto e = Sum();
    if (!e) return std::nullopt;
    Skip();
    if (pos_ != text_.size()) return Fail("unexpected '" + std::string(text_.substr(pos_)) + "'");
    return e;
  }

 private:
  std::optional<Operand> Fail(std::string msg, ProblemCode code = ProblemCode::kBadValue) {
    if (!failed_) rc_.Report(at_, code, "in '" + std::string(text_) + "': " + msg);
    failed_ = true;
    return std::nullopt;
  }
  void Skip() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Eat(char c) {
    Skip();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::string_view Ident() {
    Skip();
    std::size_t start = pos_;
    if (pos_ < text_.size() && IsIdentStart(text_[pos_]))
      while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  std::optional<Operand> Arith(char op, const Operand& l, const Operand& r) {
    // submitted_on +/- a duration: a window computed once per evaluation.
    if (l.type == ValueType::kDate && r.is_duration && (op == '-' || op == '+')) {
      if (!l.is_submitted_on)
        return Fail("only submitted_on can be shifted by a duration", ProblemCode::kTypeMismatch);
      Window w = r.duration;
      if (op == '+') w = Window{-w.months, -w.days};
      Node n;
      n.op = Op::kThreshold;
      n.a = rc_.AddWindow(w, at_);
      Operand o;
      o.expr = rc_.Add(n);
      o.type = ValueType::kDate;
      return o;
    }
    if (l.type != ValueType::kInt || r.type != ValueType::kInt || l.is_duration || r.is_duration)
      return Fail(std::string("'") + op + "' needs numbers, not " + std::string(ToString(l.type)) + " and " +
                      std::string(ToString(r.type)),
                  ProblemCode::kTypeMismatch);
    Node n;
    n.op = Op::kArith;
    n.cmp = static_cast<std::uint8_t>(op);
    n.a = l.expr;
    n.b = r.expr;
    Operand o;
    o.expr = rc_.Add(n);
    o.type = ValueType::kInt;
    o.element = l.element ? l.element : r.element;
    return o;
  }

  std::optional<Operand> Sum() {
    auto l = Product();
    while (l) {
      Skip();
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
        char op = text_[pos_++];
        auto r = Product();
        if (!r) return std::nullopt;
        l = Arith(op, *l, *r);
      } else {
        break;
      }
    }
    return l;
  }

  std::optional<Operand> Product() {
    auto l = Unary();
    while (l) {
      Skip();
      if (pos_ < text_.size() && (text_[pos_] == '*' || text_[pos_] == '/')) {
        char op = text_[pos_++];
        auto r = Unary();
        if (!r) return std::nullopt;
        l = Arith(op, *l, *r);
      } else {
        break;
      }
    }
    return l;
  }

  std::optional<Operand> Unary() {
    if (Eat('-')) {
      auto e = Unary();
      if (!e) return std::nullopt;
      Operand zero;
      zero.expr = rc_.AddLiteral(0);
      return Arith('-', zero, *e);
    }
    return Primary();
  }

  std::optional<Operand> Primary() {
    Skip();
    if (pos_ >= text_.size()) return Fail("expected a value");
    if (Eat('(')) {
      auto e = Sum();
      if (!e) return std::nullopt;
      if (!Eat(')')) return Fail("expected ')'");
      return e;
    }
    const char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      // A date literal YYYY-MM-DD, or a number, optionally followed by a unit.
      if (text_.size() - pos_ >= 10) {
        if (auto d = Date::Parse(text_.substr(pos_, 10));
            d && (text_.size() - pos_ == 10 || !IsIdentChar(text_[pos_ + 10]))) {
          pos_ += 10;
          Operand o;
          o.expr = rc_.AddLiteral(d->Days());
          o.type = ValueType::kDate;
          return o;
        }
      }
      std::size_t start = pos_;
      while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
        ++pos_;
      std::string digits;
      for (char ch : text_.substr(start, pos_ - start))
        if (ch != '_') digits += ch;
      std::int64_t v = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec != std::errc() || ptr != digits.data() + digits.size()) return Fail("bad number");
      const std::size_t before_unit = pos_;
      std::string_view unit = Ident();
      Operand o;
      if (!unit.empty()) {
        auto w = ParseDuration(v, unit);
        if (!w) {
          pos_ = before_unit;
          if (IsDurationUnit(unit)) return Fail("a duration may be at most 1000 years");
          return Fail("unknown unit '" + std::string(unit) + "' (days, months or years)");
        }
        o.is_duration = true;
        o.duration = *w;
        o.type = ValueType::kInt;
        return o;
      }
      o.expr = rc_.AddLiteral(static_cast<double>(v));
      o.type = ValueType::kInt;
      return o;
    }
    std::string_view id = Ident();
    if (id.empty()) return Fail("unexpected '" + std::string(1, c) + "'");
    if (id == "true" || id == "false") {
      Operand o;
      o.expr = rc_.AddLiteral(id == "true" ? 1 : 0);
      o.type = ValueType::kBool;
      return o;
    }
    Skip();
    if (pos_ < text_.size() && text_[pos_] == '[') {
      ++pos_;
      auto key = Sum();
      if (!key) return std::nullopt;
      if (!Eat(']')) return Fail("expected ']'");
      auto t = rc_.Table(std::string(id), *key, at_);
      if (!t) failed_ = true;
      return t;
    }
    auto f = rc_.Fact(id, at_, in_template_);
    if (!f) failed_ = true;
    return f;
  }

  RuleCompiler& rc_;
  std::string_view text_;
  const YAML::Node& at_;
  bool in_template_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

std::optional<Operand> RuleCompiler::Expr(std::string_view text, const YAML::Node& at, bool in_template) {
  ExprParser parser(*this, text, at, in_template);
  return parser.Parse();
}

std::optional<Operand> RuleCompiler::Fact(std::string_view path, const YAML::Node& at, bool in_template) {
  const std::string p(path);
  if (auto pc = ProtectedCharacteristic(path)) {
    Report(at, ProblemCode::kProtectedCharacteristic,
           "reads '" + p + "', a protected characteristic (" + std::string(*pc) +
               "); no rule may read religion, ethnicity, national origin, language, political opinion, sexual "
               "orientation, gender, disability or members' age");
    return std::nullopt;
  }
  const FactSpec* spec = FindFact(path);
  if (!spec) {
    Report(at, ProblemCode::kUnknownFact, "unknown fact '" + p + "' (see the fact schema in docs/rules.md)");
    return std::nullopt;
  }
  switch (spec->kind) {
    case FactSpec::Kind::kRefused:
      Report(at, ProblemCode::kFreeText,
             "reads '" + p + "', which no rule may read: " + std::string(spec->note));
      return std::nullopt;
    case FactSpec::Kind::kList:
      Report(at, ProblemCode::kTypeMismatch,
             "'" + p + "' is a list; use exists/count over it and read its elements as " +
                 std::string(ElementName(*spec->list)) + ".<field>");
      return std::nullopt;
    case FactSpec::Kind::kText:
      if (!in_template) {
        Report(at, ProblemCode::kTemplateOnlyFact,
               "reads '" + p + "' in a condition; " + std::string(spec->note) + " (explanations may show it)");
        return std::nullopt;
      }
      break;
    default: break;
  }
  if (spec->list) {
    // In a condition only the innermost quantified list's elements: the engine keeps one current
    // element, so a field of an outer list inside a nested exists/count would be read from the
    // inner list's element, a record of another kind.
    const bool in_scope = in_template ? quantified_.count(*spec->list) > 0
                                      : !scope_.empty() && scope_.back() == *spec->list;
    if (!in_scope) {
      Report(at, in_template ? ProblemCode::kBadTemplate : ProblemCode::kUnknownFact,
             "'" + p + "' can only be read " +
                 (in_template ? std::string("when the rule's condition has exists or count over ")
                              : std::string("inside exists or count over ")) +
                 std::string(ListName(*spec->list)) +
                 (!in_template && std::find(scope_.begin(), scope_.end(), *spec->list) != scope_.end()
                      ? std::string(", not from inside a nested exists or count over another list")
                      : std::string()));
      return std::nullopt;
    }
  }
  Node n;
  Operand o;
  o.type = spec->type;
  o.vocabulary = spec->vocabulary;
  o.element = spec->list;
  switch (spec->kind) {
    case FactSpec::Kind::kScalar:
      n.op = Op::kSlot;
      n.a = spec->index;
      o.is_submitted_on = spec->index == kSlotSubmittedOn;
      break;
    case FactSpec::Kind::kElementField:
      n.op = Op::kField;
      n.a = spec->index;
      break;
    case FactSpec::Kind::kText:
      n.op = Op::kText;
      n.a = spec->index;
      break;
    default: return std::nullopt;
  }
  o.expr = Add(n);
  return o;
}

std::optional<Operand> RuleCompiler::Table(const std::string& name, const Operand& key, const YAML::Node& at) {
  auto t = tables_.find(name);
  if (t == tables_.end()) {
    Report(at, ProblemCode::kUnknownFact, "unknown table '" + name + "' (define it under the rule's tables:)");
    return std::nullopt;
  }
  if (key.type != ValueType::kEnum || !key.vocabulary) {
    Report(at, ProblemCode::kTypeMismatch, "table '" + name + "' must be indexed by an enumerated fact");
    return std::nullopt;
  }
  auto it = compiled_tables_.find(name);
  if (it == compiled_tables_.end()) {
    const Vocabulary* v = key.vocabulary;
    const auto begin = static_cast<std::int32_t>(p_.literals.size());
    p_.literals.resize(p_.literals.size() + v->words.size(), kNaN);
    if (!t->second.IsMap()) {
      Report(t->second, ProblemCode::kBadValue, "table '" + name + "' must be a map of word -> number");
      return std::nullopt;
    }
    for (const auto& kv : t->second) {
      const auto word = kv.first.as<std::string>();
      auto idx = v->Find(word);
      if (!idx) {
        Report(kv.first, ProblemCode::kTypeMismatch,
               "table '" + name + "': '" + word + "' is not a " + std::string(v->name) + " (one of: " +
                   Join(v->words) + ")");
        return std::nullopt;
      }
      double value = 0;
      try {
        value = static_cast<double>(kv.second.as<std::int64_t>());
      } catch (const YAML::Exception&) {
        Report(kv.second, ProblemCode::kTypeMismatch, "table '" + name + "': value for '" + word + "' must be a number");
        return std::nullopt;
      }
      p_.literals[static_cast<std::size_t>(begin + *idx)] = value;
    }
    it = compiled_tables_.emplace(name, std::make_pair(v, begin)).first;
  } else if (it->second.first != key.vocabulary) {
    Report(at, ProblemCode::kTypeMismatch, "table '" + name + "' is indexed by two different kinds of value");
    return std::nullopt;
  }
  Node n;
  n.op = Op::kTable;
  n.a = key.expr;
  n.b = it->second.second;
  n.c = static_cast<std::int32_t>(key.vocabulary->words.size());
  Operand o;
  o.expr = Add(n);
  o.type = ValueType::kInt;
  o.element = key.element;
  return o;
}

std::int32_t RuleCompiler::Cond(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) {
    Report(n, ProblemCode::kMissingField, "empty condition");
    return -1;
  }
  if (n.IsScalar()) {
    const auto s = n.Scalar();
    if (s == "true" || s == "false") {
      Node c;
      c.op = Op::kConst;
      c.num = s == "true" ? 1 : 0;
      return Add(c);
    }
    Report(n, ProblemCode::kBadValue,
           "a condition is a map with one of all, any, not, exists, count or fact (got '" + s + "')");
    return -1;
  }
  if (!n.IsMap()) {
    Report(n, ProblemCode::kBadValue, "a condition is a map with one of all, any, not, exists, count or fact");
    return -1;
  }
  if (n["all"] || n["any"]) {
    const bool all = static_cast<bool>(n["all"]);
    const YAML::Node list = all ? n["all"] : n["any"];
    if (n.size() != 1) {
      Report(n, ProblemCode::kUnknownKey, std::string(all ? "all" : "any") + " must stand alone in its map");
      return -1;
    }
    if (!list.IsSequence() || list.size() == 0) {
      Report(list, ProblemCode::kBadValue, std::string(all ? "all" : "any") + " needs a non-empty list of conditions");
      return -1;
    }
    std::vector<std::int32_t> kids;
    for (const auto& c : list) kids.push_back(Cond(c));
    if (std::find(kids.begin(), kids.end(), -1) != kids.end()) return -1;
    Node node;
    node.op = all ? Op::kAll : Op::kAny;
    node.a = static_cast<std::int32_t>(p_.kids.size());
    node.b = static_cast<std::int32_t>(kids.size());
    p_.kids.insert(p_.kids.end(), kids.begin(), kids.end());
    return Add(node);
  }
  if (n["not"]) {
    if (n.size() != 1) {
      Report(n, ProblemCode::kUnknownKey, "not must stand alone in its map");
      return -1;
    }
    const auto child = Cond(n["not"]);
    if (child < 0) return -1;
    Node node;
    node.op = Op::kNot;
    node.a = child;
    return Add(node);
  }
  if (n["exists"]) return CondQuantifier(n, false);
  if (n["count"]) return CondQuantifier(n, true);
  if (n["fact"]) return CondFact(n);
  Report(n, ProblemCode::kBadValue, "a condition is a map with one of all, any, not, exists, count or fact");
  return -1;
}

std::int32_t RuleCompiler::CondQuantifier(const YAML::Node& n, bool count) {
  const YAML::Node list_node = n[count ? "count" : "exists"];
  const auto name = list_node.IsScalar() ? list_node.Scalar() : std::string();
  auto list = FindList(name);
  if (!list) {
    if (auto pc = ProtectedCharacteristic(name)) {
      Report(list_node, ProblemCode::kProtectedCharacteristic,
             "quantifies over '" + name + "', a protected characteristic (" + std::string(*pc) + ")");
    } else if (const FactSpec* s = FindFact(name); s && s->kind == FactSpec::Kind::kRefused) {
      Report(list_node, ProblemCode::kFreeText, "quantifies over '" + name + "': " + std::string(s->note));
    } else {
      Report(list_node, ProblemCode::kUnknownFact,
             "unknown list '" + name + "' (one of: incidents, revocations, conditions)");
    }
    return -1;
  }
  std::optional<std::string> cmp_key;
  for (const auto& kv : n) {
    const auto key = kv.first.as<std::string>();
    if (key == "exists" || key == "count" || key == "where") continue;
    if (count && (key == "lt" || key == "le" || key == "gt" || key == "ge" || key == "is")) {
      if (cmp_key) {
        Report(kv.first, ProblemCode::kUnknownKey, "count takes one comparison");
        return -1;
      }
      cmp_key = key;
      continue;
    }
    Report(kv.first, ProblemCode::kUnknownKey,
           "unknown key '" + key + "' in " + (count ? "count (where, lt, le, gt, ge, is)" : "exists (where)"));
    return -1;
  }
  if (count && !cmp_key) {
    Report(n, ProblemCode::kMissingField, "count needs a comparison: lt, le, gt, ge or is");
    return -1;
  }
  quantified_.insert(*list);
  std::int32_t where = -1;
  if (n["where"]) {
    scope_.push_back(*list);
    where = Cond(n["where"]);
    scope_.pop_back();
    if (where < 0) return -1;
  }
  Node node;
  node.op = count ? Op::kCount : Op::kExists;
  node.a = static_cast<std::int32_t>(*list);
  node.b = where;
  if (count) {
    Operand lhs;
    lhs.type = ValueType::kInt;
    auto rhs = Value(n[*cmp_key], lhs, *cmp_key);
    if (!rhs) return -1;
    node.c = rhs->expr;
    node.cmp = static_cast<std::uint8_t>(*cmp_key == "lt"   ? Cmp::kLt
                                         : *cmp_key == "le" ? Cmp::kLe
                                         : *cmp_key == "gt" ? Cmp::kGt
                                         : *cmp_key == "ge" ? Cmp::kGe
                                                            : Cmp::kEq);
  }
  return Add(node);
}

std::optional<std::uint64_t> RuleCompiler::WordMask(const YAML::Node& v, const Operand& lhs) {
  std::vector<YAML::Node> items;
  if (v.IsSequence()) {
    for (const auto& i : v) items.push_back(i);
  } else if (v.IsScalar()) {
    items.push_back(v);
  }
  if (items.empty()) {
    Report(v, ProblemCode::kBadValue, "expected a word or a list of words");
    return std::nullopt;
  }
  std::uint64_t mask = 0;
  for (const auto& i : items) {
    if (!i.IsScalar()) {
      Report(i, ProblemCode::kBadValue, "expected a word");
      return std::nullopt;
    }
    const auto s = i.Scalar();
    if (lhs.type == ValueType::kBool) {
      if (s == "true") mask |= 2;
      else if (s == "false") mask |= 1;
      else {
        Report(i, ProblemCode::kTypeMismatch, "'" + s + "' is not true or false");
        return std::nullopt;
      }
      continue;
    }
    auto idx = lhs.vocabulary->Find(s);
    if (!idx) {
      Report(i, ProblemCode::kTypeMismatch,
             "'" + s + "' is not a " + std::string(lhs.vocabulary->name) + " (one of: " + Join(lhs.vocabulary->words) +
                 ")");
      return std::nullopt;
    }
    mask |= std::uint64_t{1} << *idx;
  }
  return mask;
}

std::optional<Operand> RuleCompiler::Value(const YAML::Node& v, const Operand& lhs, std::string_view op) {
  if (!v.IsScalar()) {
    std::string msg = "'";
    msg.append(op).append("' needs a single value");
    Report(v, ProblemCode::kBadValue, std::move(msg));
    return std::nullopt;
  }
  auto rhs = Expr(v.Scalar(), v, false);
  if (!rhs) return std::nullopt;
  if (rhs->is_duration) {
    Report(v, ProblemCode::kTypeMismatch, "a duration alone is not a value; write submitted_on - " + v.Scalar() +
                                              " or use within/older_than");
    return std::nullopt;
  }
  if (rhs->type != lhs.type) {
    Report(v, ProblemCode::kTypeMismatch,
           "compares a " + std::string(ToString(lhs.type)) + " with a " + std::string(ToString(rhs->type)) + " ('" +
               v.Scalar() + "')");
    return std::nullopt;
  }
  return rhs;
}

std::int32_t RuleCompiler::CondFact(const YAML::Node& n) {
  const YAML::Node path_node = n["fact"];
  if (!path_node.IsScalar()) {
    Report(path_node, ProblemCode::kBadValue, "fact must name a fact path");
    return -1;
  }
  std::optional<std::string> op;
  YAML::Node value;
  for (const auto& kv : n) {
    const auto key = kv.first.as<std::string>();
    if (key == "fact") continue;
    if (op) {
      Report(kv.first, ProblemCode::kUnknownKey, "a fact condition takes one operator (found '" + *op + "' and '" + key + "')");
      return -1;
    }
    op = key;
    value = kv.second;
  }
  if (!op) {
    Report(n, ProblemCode::kMissingField,
           "a fact condition needs an operator: is, is_not, in, not_in, lt, le, gt, ge, present, missing, has, "
           "lacks, within, older_than");
    return -1;
  }
  auto lhs = Fact(path_node.Scalar(), path_node, false);
  if (!lhs) return -1;
  const std::string& o = *op;
  const std::string path = path_node.Scalar();
  auto mismatch = [&](std::string what) {
    Report(n, ProblemCode::kTypeMismatch,
           "'" + o + "' " + what + "; '" + path + "' is a " + std::string(ToString(lhs->type)));
    return -1;
  };
  auto negate = [&](std::int32_t c) {
    if (c < 0) return c;
    Node node;
    node.op = Op::kNot;
    node.a = c;
    return Add(node);
  };

  if (o == "is" || o == "is_not" || o == "in" || o == "not_in") {
    const bool negated = o == "is_not" || o == "not_in";
    const bool list = o == "in" || o == "not_in";
    if (list && !value.IsSequence()) {
      Report(value, ProblemCode::kBadValue, "'" + o + "' needs a list: [a, b]");
      return -1;
    }
    if (!list && !value.IsScalar()) {
      Report(value, ProblemCode::kBadValue, "'" + o + "' needs a single value (use in for a list)");
      return -1;
    }
    if (lhs->type == ValueType::kEnum || lhs->type == ValueType::kBool) {
      auto mask = WordMask(value, *lhs);
      if (!mask) return -1;
      Node node;
      node.op = Op::kInMask;
      node.a = lhs->expr;
      node.mask = *mask;
      const auto c = Add(node);
      return negated ? negate(c) : c;
    }
    if (lhs->type == ValueType::kInt || lhs->type == ValueType::kDate) {
      if (!list) {
        auto rhs = Value(value, *lhs, o);
        if (!rhs) return -1;
        Node node;
        node.op = Op::kCmp;
        node.cmp = static_cast<std::uint8_t>(Cmp::kEq);
        node.a = lhs->expr;
        node.b = rhs->expr;
        const auto c = Add(node);
        return negated ? negate(c) : c;
      }
      Node node;
      node.op = Op::kInList;
      node.a = lhs->expr;
      node.b = static_cast<std::int32_t>(p_.literals.size());
      for (const auto& item : value) {
        auto rhs = item.IsScalar() ? Expr(item.Scalar(), item, false) : std::nullopt;
        if (!rhs) {
          if (!item.IsScalar()) Report(item, ProblemCode::kBadValue, "expected a value");
          return -1;
        }
        const Node& lit = p_.nodes[static_cast<std::size_t>(rhs->expr)];
        if (rhs->type != lhs->type || lit.op != Op::kLit) {
          Report(item, ProblemCode::kTypeMismatch, "'" + o + "' on '" + path + "' needs literal " +
                                                       std::string(ToString(lhs->type)) + " values");
          return -1;
        }
        p_.literals.push_back(lit.num);
      }
      node.c = static_cast<std::int32_t>(p_.literals.size()) - node.b;
      const auto c = Add(node);
      return negated ? negate(c) : c;
    }
    return mismatch("compares single values");
  }
  if (o == "lt" || o == "le" || o == "gt" || o == "ge") {
    if (lhs->type != ValueType::kInt && lhs->type != ValueType::kDate) return mismatch("needs a number or a date");
    auto rhs = Value(value, *lhs, o);
    if (!rhs) return -1;
    Node node;
    node.op = Op::kCmp;
    node.cmp = static_cast<std::uint8_t>(o == "lt"   ? Cmp::kLt
                                         : o == "le" ? Cmp::kLe
                                         : o == "gt" ? Cmp::kGt
                                                     : Cmp::kGe);
    node.a = lhs->expr;
    node.b = rhs->expr;
    return Add(node);
  }
  if (o == "present" || o == "missing") {
    if (!value.IsScalar() || value.Scalar() != "true") {
      Report(value, ProblemCode::kBadValue, "write '" + o + ": true'");
      return -1;
    }
    Node node;
    node.op = o == "present" ? Op::kPresent : Op::kMissing;
    node.a = lhs->expr;
    return Add(node);
  }
  if (o == "has" || o == "lacks") {
    if (lhs->type != ValueType::kAttachments) return mismatch("needs the attachment set");
    auto mask = WordMask(value, *lhs);
    if (!mask) return -1;
    Node node;
    node.op = Op::kHas;
    node.a = lhs->expr;
    node.mask = *mask;
    const auto c = Add(node);
    return o == "lacks" ? negate(c) : c;
  }
  if (o == "within" || o == "older_than") {
    if (lhs->type != ValueType::kDate) return mismatch("needs a date");
    std::optional<Window> w;
    if (value.IsScalar()) {
      std::istringstream in(value.Scalar());
      std::int64_t count = -1;
      std::string unit, rest;
      if (in >> count >> unit && !(in >> rest) && count >= 0) w = ParseDuration(count, unit);
    }
    if (!w) {
      Report(value, ProblemCode::kBadValue, "'" + o + "' needs a duration such as '5 years', '15 months' or '30 days' (at most 1000 years)");
      return -1;
    }
    Node thr;
    thr.op = Op::kThreshold;
    thr.a = AddWindow(*w, value);
    Node node;
    node.op = Op::kCmp;
    // within N: on or after submitted_on - N; older_than N: strictly before it.
    node.cmp = static_cast<std::uint8_t>(o == "within" ? Cmp::kGe : Cmp::kLt);
    node.a = lhs->expr;
    node.b = Add(thr);
    return Add(node);
  }
  Report(n, ProblemCode::kUnknownKey,
         "unknown operator '" + o +
             "' (is, is_not, in, not_in, lt, le, gt, ge, present, missing, has, lacks, within, older_than)");
  return -1;
}

std::optional<Template> RuleCompiler::CompileTemplate(const YAML::Node& n) {
  if (!n.IsScalar() || n.Scalar().empty()) {
    Report(n, ProblemCode::kMissingField, "explanation text missing");
    return std::nullopt;
  }
  const std::string& s = n.Scalar();
  Template t;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) {
      TemplatePiece lit;
      lit.text = literal;
      t.push_back(std::move(lit));
    }
    literal.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '{') {
      literal += '{';
      ++i;
      continue;
    }
    if (s[i] == '}' && i + 1 < s.size() && s[i + 1] == '}') {
      literal += '}';
      ++i;
      continue;
    }
    if (s[i] != '{') {
      literal += s[i];
      continue;
    }
    const auto end = s.find('}', i);
    if (end == std::string::npos) {
      Report(n, ProblemCode::kBadTemplate, "unclosed '{' in explanation");
      return std::nullopt;
    }
    std::string inner = s.substr(i + 1, end - i - 1);
    i = end;
    TemplatePiece piece;
    const auto q = inner.find('?');
    if (q != std::string::npos) {
      const auto bar = inner.find('|', q);
      if (bar == std::string::npos) {
        Report(n, ProblemCode::kBadTemplate, "'{" + inner + "}': a choice is written {fact?if true|if false}");
        return std::nullopt;
      }
      piece.choice = true;
      piece.yes = inner.substr(q + 1, bar - q - 1);
      piece.no = inner.substr(bar + 1);
      inner = inner.substr(0, q);
    }
    const auto before = problems_.size();
    auto e = Expr(inner, n, true);
    if (!e) {
      for (auto k = before; k < problems_.size(); ++k)
        if (problems_[k].code == ProblemCode::kBadValue) problems_[k].code = ProblemCode::kBadTemplate;
      return std::nullopt;
    }
    if (e->is_duration) {
      Report(n, ProblemCode::kBadTemplate, "'{" + inner + "}' is a duration, not a value");
      return std::nullopt;
    }
    if (piece.choice && e->type != ValueType::kBool) {
      Report(n, ProblemCode::kBadTemplate, "'{" + inner + "?..|..}' needs a boolean fact");
      return std::nullopt;
    }
    flush();
    piece.expr = e->expr;
    piece.type = e->type;
    piece.vocabulary = e->vocabulary;
    piece.element = e->element;
    t.push_back(std::move(piece));
  }
  flush();
  return t;
}

// ---------------------------------------------------------------------------------------

struct Seen {
  std::string file;
  int line;
};

std::optional<domain::LocalizedText> Localized(const YAML::Node& n) {
  if (!n.IsDefined() || !n.IsMap() || !n["sv"] || !n["en"] || !n["sv"].IsScalar() || !n["en"].IsScalar()) return std::nullopt;
  domain::LocalizedText t{n["sv"].Scalar(), n["en"].Scalar()};
  if (t.sv.empty() || t.en.empty()) return std::nullopt;
  return t;
}

int LineOf(const YAML::Node& n, int fallback) { return n.IsDefined() && n.Mark().line >= 0 ? n.Mark().line + 1 : fallback; }

// What a rule's condition reads of the evidence the democracy criteria are judged on (domain
// review M8): whether a rule is a democracy rule is decided by what it reads, not only by the
// category its author wrote, so "democracy rules only flag" and "only verified incidents
// flag" cannot be side-stepped by a label. Read from the YAML the rule compiled from.
struct DemocracyReading {
  // (std::optional, as assigning a YAML::Node assigns into the node it refers to)
  std::optional<YAML::Node> reads;       // a quantifier that admits a democracy incident or revocation
  std::optional<YAML::Node> unverified;  // an incidents quantifier admitting a democracy kind, unverified
};

// The incident kinds of the democracy criteria (DV-1..DV-4; shared/domain.md).
const std::set<std::string> kDemocracyKinds{"violence", "threat", "coercion", "discrimination", "incitement",
                                            "unlawful_influence"};

// The top-level conjuncts of a `where`: every item of `all`, or the single condition.
std::vector<YAML::Node> Conjuncts(const YAML::Node& where) {
  std::vector<YAML::Node> out;
  if (!where.IsDefined() || !where.IsMap()) return out;
  if (where["all"] && where["all"].IsSequence())
    for (const auto& c : where["all"]) out.push_back(c);
  else if (where["fact"])
    out.push_back(where);
  return out;
}

bool IsFact(const YAML::Node& c, const char* path) {
  return c.IsMap() && c["fact"] && c["fact"].IsScalar() && c["fact"].Scalar() == path;
}

// Words a conjunct `is`/`in` (or, negated, `is_not`/`not_in`) names; nullopt for another operator.
std::optional<std::pair<bool, std::set<std::string>>> Words(const YAML::Node& c) {
  for (const char* op : {"is", "in", "is_not", "not_in"}) {
    const YAML::Node v = c[op];
    if (!v) continue;
    std::set<std::string> words;
    if (v.IsScalar()) words.insert(v.Scalar());
    if (v.IsSequence())
      for (const auto& w : v)
        if (w.IsScalar()) words.insert(w.Scalar());
    const bool positive = std::string_view(op) == "is" || std::string_view(op) == "in";
    return std::make_pair(positive, words);
  }
  return std::nullopt;
}

void ReadDemocracyEvidence(const YAML::Node& n, DemocracyReading& out) {
  if (n.IsSequence()) {
    for (const auto& c : n) ReadDemocracyEvidence(c, out);
    return;
  }
  if (!n.IsMap()) return;
  for (const char* q : {"exists", "count"}) {
    const YAML::Node list = n[q];
    if (!list || !list.IsScalar()) continue;
    const auto conjuncts = Conjuncts(n["where"]);
    if (list.Scalar() == "incidents") {
      // Admitted kinds: all of them unless a conjunct restricts incident.kind.
      bool admits_democracy = true, verified = false;
      for (const auto& c : conjuncts) {
        if (IsFact(c, "incident.kind"))
          if (auto w = Words(c)) {
            bool any = false;
            for (const auto& k : kDemocracyKinds) any = any || (w->first == (w->second.count(k) > 0));
            admits_democracy = admits_democracy && any;
          }
        if (IsFact(c, "incident.verified"))
          if (auto w = Words(c)) verified = verified || (w->first && w->second == std::set<std::string>{"true"}) ||
                                            (!w->first && w->second == std::set<std::string>{"false"});
      }
      if (admits_democracy && !out.reads) out.reads.emplace(list);
      if (admits_democracy && !verified && !out.unverified) out.unverified.emplace(list);
    } else if (list.Scalar() == "revocations") {
      // Every revocation unless a conjunct keeps only those not made on democracy grounds.
      bool admits_democracy = true;
      for (const auto& c : conjuncts)
        if (IsFact(c, "revocation.democracy_reason"))
          if (auto w = Words(c)) admits_democracy = admits_democracy && (w->first == (w->second.count("true") > 0));
      if (admits_democracy && !out.reads) out.reads.emplace(list);
    }
  }
  for (const auto& kv : n) ReadDemocracyEvidence(kv.second, out);
}

void CompileRule(const YAML::Node& r, const std::string& file, Program& p, std::vector<Problem>& problems,
                 std::map<std::string, Seen>& seen) {
  const int line = LineOf(r, 0);
  auto report = [&](const YAML::Node& at, const std::string& id, ProblemCode code, std::string msg) {
    problems.push_back(Problem{file, LineOf(at, line), id, code, std::move(msg)});
  };
  if (!r.IsMap()) {
    report(r, "", ProblemCode::kBadValue, "a rule is a map (id, title, category, applies_to, basis, when, outcome, explanation)");
    return;
  }
  const std::string id = r["id"] && r["id"].IsScalar() ? r["id"].Scalar() : std::string();
  const auto before = problems.size();
  if (id.empty()) report(r, "", ProblemCode::kMissingField, "rule without an id");

  static const std::set<std::string> kKeys{"id",   "title",   "category",    "applies_to",       "grant_types",
                                           "basis", "when",   "outcome",     "explanation",      "pass_explanation",
                                           "tables", "description"};
  for (const auto& kv : r) {
    if (!kv.first.IsScalar()) {  // `? [a, b]` or `{x: 1}: ...`: YAML allows it, the format does not
      report(kv.first, id, ProblemCode::kUnknownKey, "a key must be a plain word, not a list or a map");
      continue;
    }
    const auto key = kv.first.Scalar();
    if (!kKeys.count(key)) report(kv.first, id, ProblemCode::kUnknownKey, "unknown key '" + key + "'");
  }
  if (!id.empty()) {
    if (auto it = seen.find(id); it != seen.end()) {
      report(r["id"], id, ProblemCode::kDuplicateId,
             "duplicate rule id '" + id + "' (first defined at " + it->second.file + ":" +
                 std::to_string(it->second.line) + ")");
    } else {
      seen.emplace(id, Seen{file, LineOf(r["id"], line)});
    }
  }

  RuleInfo info;
  info.id = id;
  info.file = file;
  info.line = line;
  CompiledRule rule;

  if (auto t = Localized(r["title"])) info.title = *t;
  else report(r["title"], id, ProblemCode::kMissingField, "title needs non-empty sv and en");

  static const std::set<std::string> kCategories{"democracy", "eligibility", "booking"};
  if (!r["category"]) report(r, id, ProblemCode::kMissingField, "category missing (democracy, eligibility or booking)");
  else if (!r["category"].IsScalar() || !kCategories.count(r["category"].Scalar()))
    report(r["category"], id, ProblemCode::kUnknownCategory,
           "unknown category '" + (r["category"].IsScalar() ? r["category"].Scalar() : std::string("?")) +
               "' (democracy, eligibility or booking)");
  else info.category = r["category"].Scalar();

  if (!r["applies_to"]) {
    report(r, id, ProblemCode::kMissingField, "applies_to missing (grant, booking or both)");
  } else {
    std::vector<YAML::Node> items;
    if (r["applies_to"].IsSequence())
      for (const auto& i : r["applies_to"]) items.push_back(i);
    else items.push_back(r["applies_to"]);
    for (const auto& i : items) {
      const auto s = i.IsScalar() ? i.Scalar() : std::string("?");
      if (s == "grant" || s == "booking") info.applies_to.push_back(s);
      else report(i, id, ProblemCode::kUnknownAppliesTo, "unknown applies_to '" + s + "' (grant or booking)");
    }
    if (info.applies_to.empty() && items.empty())
      report(r["applies_to"], id, ProblemCode::kUnknownAppliesTo, "applies_to is empty");
  }
  const bool grant = std::find(info.applies_to.begin(), info.applies_to.end(), "grant") != info.applies_to.end();
  const bool booking = std::find(info.applies_to.begin(), info.applies_to.end(), "booking") != info.applies_to.end();
  std::uint8_t grant_bits = 0x3e;
  if (r["grant_types"]) {
    grant_bits = 0;
    if (!grant) report(r["grant_types"], id, ProblemCode::kUnknownAppliesTo, "grant_types needs applies_to grant");
    const YAML::Node gt = r["grant_types"];
    std::vector<YAML::Node> items;
    if (gt.IsSequence())
      for (const auto& i : gt) items.push_back(i);
    else items.push_back(gt);
    for (const auto& i : items) {
      const auto s = i.IsScalar() ? i.Scalar() : std::string("?");
      if (auto t = domain::ParseGrantType(s)) {
        grant_bits |= static_cast<std::uint8_t>(2u << static_cast<unsigned>(*t));
        info.grant_types.push_back(s);
      } else {
        report(i, id, ProblemCode::kUnknownAppliesTo,
               "unknown grant type '" + s + "' (activity, project, premises, start, event)");
      }
    }
  }
  rule.applies = static_cast<std::uint8_t>((booking ? 1 : 0) | (grant ? grant_bits : 0));

  if (!r["basis"] || !r["basis"].IsScalar() || r["basis"].Scalar().empty())
    report(r["basis"] ? r["basis"] : r, id, ProblemCode::kMissingField, "basis missing: name the law, policy or plan the rule rests on");
  else info.basis = r["basis"].Scalar();

  if (!r["outcome"]) {
    report(r, id, ProblemCode::kMissingField, "outcome missing (note, needs_info, ineligible or flag)");
  } else {
    const auto s = r["outcome"].IsScalar() ? r["outcome"].Scalar() : std::string("?");
    auto o = domain::ParseOutcome(s);
    if (!o || *o == domain::Outcome::kPass) {
      report(r["outcome"], id, ProblemCode::kUnknownOutcome,
             "unknown outcome '" + s + "' (note, needs_info, ineligible or flag; pass is implied when the condition does not hold)");
    } else {
      info.outcome = *o;
      rule.outcome = *o;
      if (info.category == "democracy" && *o == domain::Outcome::kIneligible)
        report(r["outcome"], id, ProblemCode::kDemocracyIneligible,
               "a democracy rule cannot make a case ineligible; it can only flag it for the advisory group");
    }
  }
  if (r["when"]) {
    DemocracyReading reading;
    ReadDemocracyEvidence(r["when"], reading);
    if (reading.reads && info.category != "democracy" && !info.category.empty())
      report(*reading.reads, id, ProblemCode::kDemocracyEvidence,
             "reads the democracy evidence (" + reading.reads->Scalar() +
                 " of the kinds the democracy criteria judge, unless its conditions restrict them), so it is a "
                 "democracy rule: give it category democracy, or restrict it (e.g. incident.kind in [rental_breach, "
                 "grant_misuse]; revocation.democracy_reason is false)");
    if (reading.unverified && info.outcome == domain::Outcome::kFlag)
      report(*reading.unverified, id, ProblemCode::kUnverifiedFlag,
             "flags on incidents without requiring {fact: incident.verified, is: true} among the conditions of its "
             "where (at the top of an all): an unverified report may only be a note");
  }

  RuleCompiler rc(p, problems, file, id, line);
  rc.SetTables(r["tables"]);
  if (!r["when"]) {
    report(r, id, ProblemCode::kMissingField, "when missing: the condition under which the outcome applies");
  } else {
    rule.root = rc.Cond(r["when"]);
    info.condition = YAML::Dump(r["when"]);
  }
  if (!r["explanation"]) {
    report(r, id, ProblemCode::kMissingField, "explanation missing (sv and en)");
  } else if (!Localized(r["explanation"])) {
    report(r["explanation"], id, ProblemCode::kMissingField, "explanation needs non-empty sv and en");
  } else if (rule.root >= 0) {
    if (auto t = rc.CompileTemplate(r["explanation"]["sv"])) rule.explanation_sv = std::move(*t);
    if (auto t = rc.CompileTemplate(r["explanation"]["en"])) rule.explanation_en = std::move(*t);
  }
  if (r["pass_explanation"]) {
    if (auto t = Localized(r["pass_explanation"])) rule.pass_text = *t;
    else report(r["pass_explanation"], id, ProblemCode::kMissingField, "pass_explanation needs non-empty sv and en");
  } else {
    rule.pass_text = {"Regeln är inte uppfylld för denna ansökan.", "The rule's condition does not hold for this application."};
  }
  if (problems.size() == before) {
    p.rules.push_back(std::move(rule));
    p.infos.push_back(std::move(info));
  }
}

void CompileFile(const std::string& file, const std::string& text, Program& p, std::vector<Problem>& problems,
                 std::map<std::string, Seen>& seen) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    problems.push_back(Problem{file, e.mark.line >= 0 ? e.mark.line + 1 : 0, "", ProblemCode::kYamlSyntax, e.msg});
    return;
  }
  if (!root.IsMap() || !root["rules"] || !root["rules"].IsSequence()) {
    problems.push_back(Problem{file, LineOf(root, 1), "", ProblemCode::kMissingField,
                               "a rule file is a map with a 'rules:' list"});
    return;
  }
  for (const auto& kv : root) {
    // Found by fuzz/rule_compiler_fuzz: a non-scalar key here threw out of the compiler.
    if (!kv.first.IsScalar()) {
      problems.push_back(Problem{file, LineOf(kv.first, 1), "", ProblemCode::kUnknownKey,
                                 "a top-level key must be a plain word (rules, description), not a list or a map"});
      continue;
    }
    const auto key = kv.first.Scalar();
    if (key != "rules" && key != "description")
      problems.push_back(Problem{file, LineOf(kv.first, 1), "", ProblemCode::kUnknownKey,
                                 "unknown top-level key '" + key + "' (rules, description)"});
  }
  for (const auto& r : root["rules"]) {
    try {
      CompileRule(r, file, p, problems, seen);
    } catch (const YAML::Exception& e) {
      problems.push_back(Problem{file, LineOf(r, e.mark.line + 1), "", ProblemCode::kBadValue, e.msg});
    }
  }
}

}  // namespace

void Optimize(Program& p) {
  for (const Node& n : p.nodes)
    if (n.op == Op::kSlot && (n.a == kSlotBookingStart || n.a == kSlotBookingEnd)) p.reads_booking_dates = true;
  for (Node& n : p.nodes) {
    if (n.op == Op::kCmp) {
      const Node& l = p.nodes[static_cast<std::size_t>(n.a)];
      const Node& r = p.nodes[static_cast<std::size_t>(n.b)];
      Node f = n;
      if (l.op == Op::kSlot && r.op == Op::kLit) {
        f.op = Op::kCmpSlotLit;
        f.a = l.a;
        f.num = r.num;
      } else if (l.op == Op::kSlot && r.op == Op::kSlot) {
        f.op = Op::kCmpSlotSlot;
        f.a = l.a;
        f.b = r.a;
      } else if (l.op == Op::kSlot && r.op == Op::kThreshold) {
        f.op = Op::kCmpSlotWin;
        f.a = l.a;
        f.b = r.a;
      } else if (l.op == Op::kField && r.op == Op::kLit) {
        f.op = Op::kCmpFieldLit;
        f.a = l.a;
        f.num = r.num;
      } else if (l.op == Op::kField && r.op == Op::kThreshold) {
        f.op = Op::kCmpFieldWin;
        f.a = l.a;
        f.b = r.a;
      } else {
        continue;
      }
      n = f;
    } else if (n.op == Op::kInMask) {
      const Node& v = p.nodes[static_cast<std::size_t>(n.a)];
      if (v.op == Op::kSlot) {
        n.op = Op::kSlotInMask;
        n.a = v.a;
      } else if (v.op == Op::kField) {
        n.op = Op::kFieldInMask;
        n.a = v.a;
      }
    } else if (n.op == Op::kPresent || n.op == Op::kMissing || n.op == Op::kHas) {
      const Node& v = p.nodes[static_cast<std::size_t>(n.a)];
      if (v.op == Op::kSlot) {
        n.op = n.op == Op::kPresent ? Op::kSlotPresent : n.op == Op::kMissing ? Op::kSlotMissing : Op::kSlotHas;
        n.a = v.a;
      }
    }
  }
  for (Node& n : p.nodes) {
    if (n.op != Op::kExists || n.b < 0 || p.nodes[static_cast<std::size_t>(n.b)].op != Op::kAll) continue;
    n.op = Op::kExistsAll;
    n.c = -1;
    // A guard: an enum field the where requires to be in a set. If no element of the list
    // has a value in that set (known from a per-evaluation summary), nothing can match.
    const Node& where = p.nodes[static_cast<std::size_t>(n.b)];
    for (std::int32_t k = 0; k < where.b; ++k) {
      const Node& kid = p.nodes[static_cast<std::size_t>(p.kids[static_cast<std::size_t>(where.a + k)])];
      if (kid.op != Op::kFieldInMask) continue;
      auto it = std::find(p.summary_fields.begin(), p.summary_fields.end(), static_cast<Field>(kid.a));
      if (it == p.summary_fields.end() && p.summary_fields.size() < 4) {
        p.summary_fields.push_back(static_cast<Field>(kid.a));
        it = p.summary_fields.end() - 1;
      }
      if (it == p.summary_fields.end()) continue;
      n.c = static_cast<std::int32_t>(it - p.summary_fields.begin());
      n.mask = kid.mask;
      break;
    }
  }
  p.hot.clear();
  for (CompiledRule& r : p.rules) {
    const Node& root = p.nodes[static_cast<std::size_t>(r.root)];
    if (root.op == Op::kExists || root.op == Op::kExistsAll) r.root_list = static_cast<std::int8_t>(root.a);
    p.hot.push_back(HotRule{r.root, static_cast<std::uint8_t>(r.outcome), r.applies, r.root_list});
  }
  // Negations of fused slot tests (children precede their parents, so they are fused by now).
  for (Node& n : p.nodes) {
    if (n.op != Op::kNot) continue;
    const Node& c = p.nodes[static_cast<std::size_t>(n.a)];
    if (c.op == Op::kSlotInMask) {
      n = c;
      n.op = Op::kSlotNotInMask;
    } else if (c.op == Op::kSlotHas) {
      n = c;
      n.op = Op::kSlotLacks;
    }
  }
}

std::vector<Problem> CompileProgram(const std::map<std::string, std::string>& files, Program& out) {
  std::vector<Problem> problems;
  std::map<std::string, Seen> seen;
  if (files.empty()) problems.push_back(Problem{"", 0, "", ProblemCode::kNoRules, "no rule files (*.yaml)"});
  for (const auto& [name, text] : files) CompileFile(name, text, out, problems, seen);
  if (problems.empty() && out.rules.empty())
    problems.push_back(Problem{"", 0, "", ProblemCode::kNoRules, "the rule files hold no rules"});
  if (problems.empty()) Optimize(out);
  return problems;
}

}  // namespace granska::rules
