#include "rules/rule_set.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <locale>
#include <sstream>

#include "rules/program.hpp"

namespace granska::rules {
namespace {

// Per-evaluation state; lives on the stack.
struct Context {
  const Facts* facts;
  const Program* program;
  double slots[kSlotCount];
  double windows[kMaxWindows];
  const void* element = nullptr;
  int witness[kListCount] = {-1, -1, -1};
  std::uint64_t summaries[4];  // per Program::summary_fields: OR of 1 << value over the list
};

// Days since the epoch of the first of each month from kTableFirstYear, so that a window
// start is a table lookup instead of a calendar computation.
constexpr int kTableFirstYear = 1900;
constexpr int kTableYears = 300;

constexpr std::int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct MonthTable {
  std::array<std::int32_t, kTableYears * 12 + 1> first{};
  constexpr MonthTable() {
    for (int i = 0; i <= kTableYears * 12; ++i)
      first[static_cast<std::size_t>(i)] =
          DaysFromCivil(kTableFirstYear + i / 12, static_cast<unsigned>(i % 12) + 1, 1);
  }
};
constexpr MonthTable kMonths;

// Each window's first day, submitted_on - months - days, with Date::AddMonths' meaning
// (the day clamps to the month's end): one calendar decomposition of the submission date
// (Howard Hinnant's civil-from-days), then a table lookup per window.
void ComputeWindows(Date submitted, const std::vector<Window>& windows, double* out) {
  if (windows.empty()) return;
  const std::int32_t z = submitted.Days() + 719468;
  const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int y = static_cast<int>(yoe) + era * 400 + (m <= 2);
  const int index = (y - kTableFirstYear) * 12 + static_cast<int>(m - 1);
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const int t = index - windows[i].months;
    if (t >= 0 && t < kTableYears * 12) {
      const std::int32_t first = kMonths.first[static_cast<std::size_t>(t)];
      const int length = kMonths.first[static_cast<std::size_t>(t) + 1] - first;
      out[i] = static_cast<double>(first + (d < length ? d : length) - 1 - windows[i].days);
    } else {
      out[i] = submitted.AddMonths(-windows[i].months).AddDays(-windows[i].days).Days();
    }
  }
}

void Prepare(Context& ctx, const Facts& f, const Program& p) {
  ctx.facts = &f;
  ctx.program = &p;
  LoadSlots(f, ctx.slots, p.reads_booking_dates);
  ComputeWindows(f.submitted_on, p.windows, ctx.windows);
  for (std::size_t i = 0; i < p.summary_fields.size(); ++i) {
    const Field field = p.summary_fields[i];
    const ListView list = ViewList(f, field <= kFieldIncidentDistanced  ? ListId::kIncidents
                                      : field <= kFieldRevocationDemocracyReason ? ListId::kRevocations
                                                                                 : ListId::kConditions);
    std::uint64_t bits = 0;
    for (std::size_t k = 0; k < list.size; ++k)
      bits |= std::uint64_t{1} << static_cast<unsigned>(ReadField(list.data + k * list.stride, field));
    ctx.summaries[i] = bits;
  }
}

inline bool Compare(Cmp c, double l, double r) {
  switch (c) {
    case Cmp::kLt: return l < r;
    case Cmp::kLe: return l <= r;
    case Cmp::kGt: return l > r;
    case Cmp::kGe: return l >= r;
    case Cmp::kEq: return l == r;
  }
  return false;
}

double EvalExpr(const Program& p, std::int32_t i, const Context& ctx) {
  const Node& n = p.nodes[static_cast<std::size_t>(i)];
  switch (n.op) {
    case Op::kLit: return n.num;
    case Op::kSlot: return ctx.slots[n.a];
    case Op::kField: return ReadField(ctx.element, static_cast<Field>(n.a));
    case Op::kThreshold: return ctx.windows[n.a];
    case Op::kArith: {
      const double l = EvalExpr(p, n.a, ctx);
      const double r = EvalExpr(p, n.b, ctx);
      switch (n.cmp) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': return r == 0 ? std::numeric_limits<double>::quiet_NaN() : l / r;
      }
      return std::numeric_limits<double>::quiet_NaN();
    }
    case Op::kTable: {
      const double k = EvalExpr(p, n.a, ctx);
      if (!(k >= 0 && k < n.c)) return std::numeric_limits<double>::quiet_NaN();
      return p.literals[static_cast<std::size_t>(n.b + static_cast<int>(k))];
    }
    default: return std::numeric_limits<double>::quiet_NaN();
  }
}

template <bool kExplain>
bool EvalComposite(const Program& p, const Node& n, Context& ctx);

// Leaves are evaluated inline; composites go through EvalComposite.
template <bool kExplain>
[[gnu::always_inline]] inline bool EvalNode(const Program& p, const Node& n, Context& ctx) {
  switch (n.op) {
    case Op::kCmpSlotLit: return Compare(static_cast<Cmp>(n.cmp), ctx.slots[n.a], n.num);
    case Op::kCmpSlotSlot: return Compare(static_cast<Cmp>(n.cmp), ctx.slots[n.a], ctx.slots[n.b]);
    case Op::kCmpSlotWin: return Compare(static_cast<Cmp>(n.cmp), ctx.slots[n.a], ctx.windows[n.b]);
    case Op::kCmpFieldLit:
      return Compare(static_cast<Cmp>(n.cmp), ReadField(ctx.element, static_cast<Field>(n.a)), n.num);
    case Op::kCmpFieldWin:
      return Compare(static_cast<Cmp>(n.cmp), ReadField(ctx.element, static_cast<Field>(n.a)), ctx.windows[n.b]);
    case Op::kSlotInMask: {
      const double v = ctx.slots[n.a];
      return v == v && ((n.mask >> static_cast<unsigned>(v)) & 1u) != 0;
    }
    case Op::kFieldInMask:
      return ((n.mask >> static_cast<unsigned>(ReadField(ctx.element, static_cast<Field>(n.a)))) & 1u) != 0;
    case Op::kSlotNotInMask: {
      const double v = ctx.slots[n.a];
      return v != v || ((n.mask >> static_cast<unsigned>(v)) & 1u) == 0;
    }
    case Op::kSlotPresent: return ctx.slots[n.a] == ctx.slots[n.a];
    case Op::kSlotMissing: return ctx.slots[n.a] != ctx.slots[n.a];
    case Op::kSlotHas: return (static_cast<std::uint64_t>(ctx.slots[n.a]) & n.mask) == n.mask;
    case Op::kSlotLacks: return (static_cast<std::uint64_t>(ctx.slots[n.a]) & n.mask) != n.mask;
    default: return EvalComposite<kExplain>(p, n, ctx);
  }
}

template <bool kExplain>
[[gnu::always_inline]] inline bool EvalCond(const Program& p, std::int32_t i, Context& ctx) {
  return EvalNode<kExplain>(p, p.nodes[static_cast<std::size_t>(i)], ctx);
}

template <bool kExplain>
bool EvalComposite(const Program& p, const Node& n, Context& ctx) {
  switch (n.op) {
    case Op::kAll:
      for (std::int32_t k = 0; k < n.b; ++k)
        if (!EvalCond<kExplain>(p, p.kids[static_cast<std::size_t>(n.a + k)], ctx)) return false;
      return true;
    case Op::kAny:
      for (std::int32_t k = 0; k < n.b; ++k)
        if (EvalCond<kExplain>(p, p.kids[static_cast<std::size_t>(n.a + k)], ctx)) return true;
      return false;
    case Op::kNot: return !EvalCond<kExplain>(p, n.a, ctx);
    case Op::kConst: return n.num != 0;
    case Op::kCmp:
      // NaN (missing) makes every comparison false.
      return Compare(static_cast<Cmp>(n.cmp), EvalExpr(p, n.a, ctx), EvalExpr(p, n.b, ctx));
    case Op::kInMask: {
      const double v = EvalExpr(p, n.a, ctx);
      return v == v && ((n.mask >> static_cast<unsigned>(v)) & 1u) != 0;
    }
    case Op::kInList: {
      const double v = EvalExpr(p, n.a, ctx);
      for (std::int32_t k = 0; k < n.c; ++k)
        if (p.literals[static_cast<std::size_t>(n.b + k)] == v) return true;
      return false;
    }
    case Op::kPresent: {
      const double v = EvalExpr(p, n.a, ctx);
      return v == v;
    }
    case Op::kMissing: {
      const double v = EvalExpr(p, n.a, ctx);
      return v != v;
    }
    case Op::kHas: {
      const double v = EvalExpr(p, n.a, ctx);
      return v == v && (static_cast<std::uint64_t>(v) & n.mask) == n.mask;
    }
    case Op::kExistsAll: {
      if (n.c >= 0 && (ctx.summaries[n.c] & n.mask) == 0) return false;
      const ListView list = ViewList(*ctx.facts, static_cast<ListId>(n.a));
      const Node& where = p.nodes[static_cast<std::size_t>(n.b)];
      const std::int32_t* kids = p.kids.data() + where.a;
      const void* saved = ctx.element;
      bool found = false;
      std::size_t k = 0;
      for (; k < list.size && !found; ++k) {
        ctx.element = list.data + k * list.stride;
        found = true;
        for (std::int32_t c = 0; c < where.b; ++c)
          if (!EvalCond<kExplain>(p, kids[c], ctx)) {
            found = false;
            break;
          }
      }
      ctx.element = saved;
      if constexpr (kExplain) {
        if (found) ctx.witness[n.a] = static_cast<int>(k - 1);
      }
      return found;
    }
    case Op::kExists:
    case Op::kCount: {
      const ListView list = ViewList(*ctx.facts, static_cast<ListId>(n.a));
      const void* saved = ctx.element;
      std::int64_t matches = 0;
      int first = -1;
      for (std::size_t k = 0; k < list.size; ++k) {
        ctx.element = list.data + k * list.stride;
        if (n.b < 0 || EvalCond<kExplain>(p, n.b, ctx)) {
          if (first < 0) first = static_cast<int>(k);
          ++matches;
          if (n.op == Op::kExists) break;
        }
      }
      ctx.element = saved;
      bool result = n.op == Op::kExists
                        ? matches > 0
                        : Compare(static_cast<Cmp>(n.cmp), static_cast<double>(matches), EvalExpr(p, n.c, ctx));
      if constexpr (kExplain) {
        if (result && first >= 0) ctx.witness[n.a] = first;
      }
      return result;
    }
    default: return false;  // fused leaves are handled by EvalNode before coming here
  }
}

// ---- explanations ----------------------------------------------------------------------

// Rule files may compute any number in an explanation ({grant.amount_sek * 1000000000000}),
// so nothing here converts a double to an integer type: a value beyond long long made
// llround's result negate-overflow (found by fuzzing the rule compiler).
std::string FormatInt(double v, std::string_view lang) {
  if (!std::isfinite(v)) return v > 0 ? "∞" : "-∞";
  const double whole = std::round(v);
  std::ostringstream s;
  s.imbue(std::locale::classic());
  if (std::fabs(v - whole) > 1e-9) {
    s.precision(2);
    s << std::fixed << v;
    std::string out = s.str();
    if (lang != "en") std::replace(out.begin(), out.end(), '.', ',');
    return out;
  }
  s.precision(0);
  s << std::fixed << std::fabs(whole);
  const std::string digits = s.str();
  std::string out = whole < 0 ? "-" : "";
  const char* sep = lang == "en" ? "," : " ";  // sv 200 000, en 200,000
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits.size() > 4) out += sep;
    out += digits[i];
  }
  return out;
}

// Days from 1970-01-01 of 0000-03-01 and 9999-12-31: the dates a letter can print.
constexpr double kFirstPrintableDay = -719468;
constexpr double kLastPrintableDay = 2932896;

std::string FormatDate(double v, std::string_view lang) {
  if (!(v >= kFirstPrintableDay && v <= kLastPrintableDay))
    return lang == "en" ? "(date out of range)" : "(datum utanför giltigt intervall)";
  return Date::FromDays(static_cast<std::int32_t>(v)).ToString();
}

const void* WitnessElement(const Context& ctx, ListId list) {
  const int w = ctx.witness[static_cast<int>(list)];
  if (w < 0) return nullptr;
  const ListView v = ViewList(*ctx.facts, list);
  return v.data + static_cast<std::size_t>(w) * v.stride;
}

std::string Render(const Template& t, Context& ctx, std::string_view lang) {
  const Program& p = *ctx.program;
  std::string out;
  for (const auto& piece : t) {
    if (piece.expr < 0) {
      out += piece.text;
      continue;
    }
    const void* saved = ctx.element;
    if (piece.element) {
      ctx.element = WitnessElement(ctx, *piece.element);
      if (!ctx.element) {
        out += lang == "en" ? "(not given)" : "(uppgift saknas)";
        ctx.element = saved;
        continue;
      }
    }
    const Node& n = p.nodes[static_cast<std::size_t>(piece.expr)];
    if (piece.type == ValueType::kText && n.op == Op::kText) {
      out += ReadText(*ctx.facts, ctx.element, static_cast<TextField>(n.a), lang);
      ctx.element = saved;
      continue;
    }
    const double v = EvalExpr(p, piece.expr, ctx);
    ctx.element = saved;
    if (v != v) {
      out += lang == "en" ? "(not given)" : "(uppgift saknas)";
      continue;
    }
    switch (piece.type) {
      case ValueType::kBool:
        if (piece.choice) out += v != 0 ? piece.yes : piece.no;
        else out += v != 0 ? (lang == "en" ? "yes" : "ja") : (lang == "en" ? "no" : "nej");
        break;
      case ValueType::kInt: out += FormatInt(v, lang); break;
      case ValueType::kDate: out += FormatDate(v, lang); break;
      case ValueType::kEnum: {
        const auto& labels = lang == "en" ? piece.vocabulary->en : piece.vocabulary->sv;
        const bool known = v >= 0 && v < static_cast<double>(labels.size());
        out += known ? std::string(labels[static_cast<std::size_t>(v)]) : std::string("?");
        break;
      }
      case ValueType::kAttachments: {
        const auto bits = static_cast<std::uint64_t>(v);
        const Vocabulary& voc = AttachmentKindVocabulary();
        const auto& labels = lang == "en" ? voc.en : voc.sv;
        std::string list;
        for (std::size_t k = 0; k < labels.size(); ++k)
          if (bits & (std::uint64_t{1} << k)) list += (list.empty() ? "" : ", ") + std::string(labels[k]);
        out += list.empty() ? (lang == "en" ? "none" : "inga") : list;
        break;
      }
      default: break;
    }
  }
  return out;
}

domain::RuleResult Result(const Program& p, std::size_t r, bool fired, Context& ctx) {
  const CompiledRule& rule = p.rules[r];
  const RuleInfo& info = p.infos[r];
  domain::RuleResult res;
  res.rule_id = info.id;
  res.outcome = fired ? rule.outcome : domain::Outcome::kPass;
  res.title = info.title;
  res.basis = info.basis;
  if (fired) {
    res.explanation.sv = Render(rule.explanation_sv, ctx, "sv");
    res.explanation.en = Render(rule.explanation_en, ctx, "en");
  } else {
    res.explanation = rule.pass_text;
  }
  return res;
}

// Per domain::Outcome: the recommendation strength it pushes towards (pass, note: 0).
constexpr int kStrengthOf[] = {0, 0, 1, 3, 2};
constexpr domain::Recommendation kRecommendationByStrength[] = {
    domain::Recommendation::kCleared, domain::Recommendation::kNeedsInfo, domain::Recommendation::kFlag,
    domain::Recommendation::kIneligible};

constexpr domain::Recommendation kRecommendationOf[] = {
    domain::Recommendation::kCleared, domain::Recommendation::kCleared, domain::Recommendation::kNeedsInfo,
    domain::Recommendation::kIneligible, domain::Recommendation::kFlag};

std::string Sha256Version(const std::map<std::string, std::string>& files) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  const char zero = '\0';
  for (const auto& [name, text] : files) {  // std::map: sorted by name
    sha.update(name.data(), static_cast<unsigned>(name.size()));
    sha.update(&zero, 1);
    sha.update(text.data(), static_cast<unsigned>(text.size()));
    sha.update(&zero, 1);
  }
  return "sha256:" + Poco::DigestEngine::digestToHex(sha.digest());
}

}  // namespace

std::string_view ToString(ProblemCode c) {
  switch (c) {
    case ProblemCode::kIo: return "io";
    case ProblemCode::kYamlSyntax: return "yaml_syntax";
    case ProblemCode::kNoRules: return "no_rules";
    case ProblemCode::kMissingField: return "missing_field";
    case ProblemCode::kUnknownKey: return "unknown_key";
    case ProblemCode::kBadValue: return "bad_value";
    case ProblemCode::kDuplicateId: return "duplicate_id";
    case ProblemCode::kUnknownOutcome: return "unknown_outcome";
    case ProblemCode::kUnknownCategory: return "unknown_category";
    case ProblemCode::kUnknownAppliesTo: return "unknown_applies_to";
    case ProblemCode::kUnknownFact: return "unknown_fact";
    case ProblemCode::kTypeMismatch: return "type_mismatch";
    case ProblemCode::kProtectedCharacteristic: return "protected_characteristic";
    case ProblemCode::kFreeText: return "free_text";
    case ProblemCode::kTemplateOnlyFact: return "template_only_fact";
    case ProblemCode::kDemocracyIneligible: return "democracy_ineligible";
    case ProblemCode::kDemocracyEvidence: return "democracy_evidence";
    case ProblemCode::kUnverifiedFlag: return "unverified_flag";
    case ProblemCode::kBadTemplate: return "bad_template";
  }
  return "?";
}

std::string Format(const Problem& p) {
  std::string out = p.file.empty() ? std::string("(rule set)") : p.file;
  if (p.line > 0) out.append(":").append(std::to_string(p.line));
  out += ": ";
  if (!p.rule_id.empty()) out += p.rule_id + ": ";
  out += p.message;
  out += " [" + std::string(ToString(p.code)) + "]";
  return out;
}

std::ostream& operator<<(std::ostream& os, const Problem& p) { return os << Format(p); }

LoadResult RuleSet::LoadDirectory(const std::filesystem::path& dir) {
  LoadResult result;
  std::map<std::string, std::string> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    result.problems.push_back(Problem{dir.string(), 0, "", ProblemCode::kIo, "not a directory"});
    return result;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension().string();
    if (ext != ".yaml" && ext != ".yml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) {
      result.problems.push_back(Problem{entry.path().filename().string(), 0, "", ProblemCode::kIo, "cannot read"});
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    files.emplace(entry.path().filename().string(), text.str());
  }
  if (ec) result.problems.push_back(Problem{dir.string(), 0, "", ProblemCode::kIo, ec.message()});
  if (!result.problems.empty()) return result;
  return Compile(files);
}

LoadResult RuleSet::Compile(const std::map<std::string, std::string>& files) {
  auto program = std::make_shared<Program>();
  LoadResult result;
  result.problems = CompileProgram(files, *program);
  if (!result.problems.empty()) return result;
  program->sources = files;
  program->version = Sha256Version(files);
  result.rule_set = RuleSet(std::move(program));
  return result;
}

const std::string& RuleSet::Version() const { return program_->version; }
const std::map<std::string, std::string>& RuleSet::Sources() const { return program_->sources; }
const std::vector<RuleInfo>& RuleSet::Rules() const { return program_->infos; }
std::size_t RuleSet::RuleCount() const { return program_->rules.size(); }

domain::Recommendation RuleSet::EvaluateVerdicts(const Facts& facts, std::span<Verdict> out) const {
  const Program& p = *program_;
  Context ctx;
  Prepare(ctx, facts, p);
  const std::uint8_t bit = AppliesBit(facts);
  int strength = 0;
  const std::size_t n = p.hot.size();
  for (std::size_t r = 0; r < n; ++r) {
    const HotRule& rule = p.hot[r];
    Verdict v = Verdict::kNotApplicable;
    if (rule.applies & bit) {
      v = Verdict::kPass;
      const bool empty_root_list =
          rule.root_list >= 0 && ViewList(facts, static_cast<ListId>(rule.root_list)).size == 0;
      if (!empty_root_list && EvalCond<false>(p, rule.root, ctx)) {
        v = static_cast<Verdict>(rule.outcome);
        strength = std::max(strength, kStrengthOf[rule.outcome]);
      }
    }
    out[r] = v;
  }
  return kRecommendationByStrength[strength];
}

domain::Recommendation RuleSet::Recommend(const Facts& facts) const {
  const Program& p = *program_;
  Context ctx;
  Prepare(ctx, facts, p);
  const std::uint8_t bit = AppliesBit(facts);
  int strength = 0;
  for (const HotRule& rule : p.hot) {
    // A rule that cannot raise the recommendation need not be evaluated.
    if (!(rule.applies & bit) || kStrengthOf[rule.outcome] <= strength) continue;
    if (rule.root_list >= 0 && ViewList(facts, static_cast<ListId>(rule.root_list)).size == 0) continue;
    if (EvalCond<false>(p, rule.root, ctx)) {
      strength = kStrengthOf[rule.outcome];
      if (strength == 3) break;  // ineligible: nothing is stronger
    }
  }
  return kRecommendationByStrength[strength];
}

domain::Screening RuleSet::Evaluate(const Facts& facts) const {
  const Program& p = *program_;
  Context ctx;
  Prepare(ctx, facts, p);
  const std::uint8_t bit = AppliesBit(facts);
  domain::Screening s;
  s.rule_set_version = p.version;
  s.results.reserve(p.rules.size());
  for (std::size_t r = 0; r < p.rules.size(); ++r) {
    const CompiledRule& rule = p.rules[r];
    if (!(rule.applies & bit)) continue;
    ctx.witness[0] = ctx.witness[1] = ctx.witness[2] = -1;
    const bool fired = EvalCond<true>(p, rule.root, ctx);
    if (fired) s.recommendation = domain::Stronger(s.recommendation, kRecommendationOf[static_cast<int>(rule.outcome)]);
    s.results.push_back(Result(p, r, fired, ctx));
  }
  return s;
}

std::optional<domain::RuleResult> RuleSet::Explain(const Facts& facts, std::size_t rule_index) const {
  const Program& p = *program_;
  if (rule_index >= p.rules.size() || !(p.rules[rule_index].applies & AppliesBit(facts))) return std::nullopt;
  Context ctx;
  Prepare(ctx, facts, p);
  const bool fired = EvalCond<true>(p, p.rules[rule_index].root, ctx);
  return Result(p, rule_index, fired, ctx);
}

}  // namespace granska::rules
