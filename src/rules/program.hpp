#pragma once
// The compiled form of a rule set: conditions and expressions as a flat array of nodes
// that the evaluator walks without allocating. Internal to the rules module.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/screening.hpp"
#include "rules/fact_schema.hpp"
#include "rules/rule_set.hpp"

namespace granska::rules {

enum class Op : std::uint8_t {
  // conditions
  kAll,      // kids [a, a+b)
  kAny,      // kids [a, a+b)
  kNot,      // a: condition
  kConst,    // num != 0
  kCmp,      // a: lhs expr, b: rhs expr, cmp; false when either side is missing
  kInMask,   // a: expr (enum or bool); true when present and bit set in mask
  kInList,   // a: expr; literals [b, b+c)
  kPresent,  // a: expr
  kMissing,  // a: expr
  kHas,      // a: expr (attachments); every bit of mask present
  kExists,   // a: list, b: where condition or -1
  kCount,    // a: list, b: where condition or -1, c: rhs expr, cmp
  // fused forms of the commonest conditions (see Optimize), no expression nodes to walk
  kCmpSlotLit,    // slots[a] cmp num
  kCmpSlotSlot,   // slots[a] cmp slots[b]
  kCmpSlotWin,    // slots[a] cmp windows[b]
  kCmpFieldLit,   // field a cmp num
  kCmpFieldWin,   // field a cmp windows[b]
  kSlotInMask,    // slots[a] present and in mask
  kFieldInMask,   // field a in mask
  kSlotNotInMask, // slots[a] missing or not in mask (is_not / not_in)
  kSlotPresent,   // slots[a] present
  kSlotMissing,   // slots[a] missing
  kSlotHas,       // slots[a] (attachments) has every bit of mask
  kSlotLacks,     // slots[a] (attachments) lacks some bit of mask
  kExistsAll,     // kExists whose where (b) is a kAll: its children are walked inline; when c >= 0
                  // the where requires field c in mask, and no element has it -> false at once
  // expressions (evaluate to a double; NaN = missing)
  kLit,        // num
  kSlot,       // a: slot
  kField,      // a: field of the current element
  kThreshold,  // a: index into the per-evaluation thresholds (submitted_on - window)
  kArith,      // a, b: exprs; cmp holds '+', '-', '*', '/'
  kTable,      // a: key expr (enum index); literals [b, b+c)
  kText,       // a: TextField (templates only; NaN in conditions)
};

enum class Cmp : std::uint8_t { kLt, kLe, kGt, kGe, kEq };

struct Node {
  Op op = Op::kConst;
  std::uint8_t cmp = 0;  // Cmp for comparisons, the operator char for kArith
  std::int32_t a = -1;
  std::int32_t b = -1;
  std::int32_t c = -1;
  double num = 0;
  std::uint64_t mask = 0;
};

// A window back from the submission date: submitted_on - months - days.
struct Window {
  int months = 0;
  int days = 0;
  friend bool operator==(const Window&, const Window&) = default;
};
inline constexpr int kMaxWindows = 32;

// One piece of an explanation template: literal text, or a value to format.
struct TemplatePiece {
  std::string text;  // literal text (when expr < 0)
  std::int32_t expr = -1;
  ValueType type = ValueType::kInt;
  const Vocabulary* vocabulary = nullptr;
  std::optional<ListId> element;  // the element the value is read from, if any
  bool choice = false;            // {path?yes|no}
  std::string yes, no;
};
using Template = std::vector<TemplatePiece>;

struct CompiledRule {
  std::int32_t root = -1;
  domain::Outcome outcome = domain::Outcome::kNote;
  std::uint8_t applies = 0;  // bit 0 booking, bit 1 + GrantType for grants
  std::int8_t root_list = -1;  // when the root is exists over a list: that list (empty list -> pass)
  Template explanation_sv, explanation_en;
  domain::LocalizedText pass_text;
};

// What the fast paths need of a rule, packed (8 bytes) so the rule loop stays in cache.
struct HotRule {
  std::int32_t root = -1;
  std::uint8_t outcome = 0;  // domain::Outcome
  std::uint8_t applies = 0;
  std::int8_t root_list = -1;
};

struct Program {
  std::vector<HotRule> hot;  // parallel to rules, filled by Optimize
  std::vector<Node> nodes;
  std::vector<std::int32_t> kids;
  std::vector<double> literals;
  std::vector<Window> windows;
  bool reads_booking_dates = false;   // some node reads booking.start or booking.end
  std::vector<Field> summary_fields;  // enum fields summarised per evaluation (OR of 1 << value)
  std::vector<CompiledRule> rules;
  std::vector<RuleInfo> infos;
  std::string version;
  std::map<std::string, std::string> sources;
};

inline std::uint8_t AppliesBit(const Facts& f) {
  return f.kind == domain::ApplicationKind::kBooking
             ? std::uint8_t{1}
             : static_cast<std::uint8_t>(2u << static_cast<unsigned>(f.grant.type));
}

// Rewrites common condition shapes into fused nodes; the meaning does not change.
void Optimize(Program& program);

// Compiles sources into a program, or returns problems (in which case `out` is unusable).
std::vector<Problem> CompileProgram(const std::map<std::string, std::string>& files, Program& out);

}  // namespace granska::rules
