#include "letters/rule_text.hpp"

#include <array>
#include <vector>

namespace granska::letters {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool IsSeparator(char c) { return c == ',' || c == ';'; }

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (true) {
    const std::size_t nl = text.find('\n', pos);
    lines.emplace_back(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return lines;
}

std::string Trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// The opening bracket that `close` (')' or ']') closes when only spaces, or a label and a colon
// ("källa:"), stand between them; npos otherwise.
std::size_t EmptyOpener(const std::string& s, std::size_t close) {
  const char open = s[close] == ')' ? '(' : '[';
  std::size_t k = close;
  while (k > 0 && IsSpace(s[k - 1])) --k;
  if (k == 0) return std::string::npos;
  if (s[k - 1] == open) return k - 1;
  if (s[k - 1] != ':') return std::string::npos;
  std::size_t p = k - 1;  // the colon; the label before it is one or a few words
  while (p > 0 && s[p - 1] != open && s[p - 1] != '(' && s[p - 1] != ')' && s[p - 1] != '[' && s[p - 1] != ']' &&
         s[p - 1] != ':' && !IsSeparator(s[p - 1]) && s[p - 1] != '.')
    --p;
  if (p == 0 || s[p - 1] != open || p == k - 1 || k - 1 - p > 40) return std::string::npos;
  return p - 1;
}

// One repair of a line; false when there is nothing (more) to repair.
bool RepairOnce(std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (IsSeparator(s[i])) {
      std::size_t after = i + 1;  // the first character after the separator and its spaces
      while (after < s.size() && IsSpace(s[after])) ++after;
      std::size_t before = i;  // where the spaces before the separator start
      while (before > 0 && IsSpace(s[before - 1])) --before;
      // Nothing follows it in its list: "dom, )", "a, , b", "2:4, .", or the end of the line.
      if (after == s.size() || s[after] == ')' || s[after] == ']' || s[after] == '.' || IsSeparator(s[after])) {
        s.erase(before, after - before);
        return true;
      }
      // Nothing precedes it in its list: "(, B 1-24)", "källa: , B 1-24", or the start of the line.
      if (before == 0 || s[before - 1] == '(' || s[before - 1] == '[') {
        s.erase(before, after - before);
        return true;
      }
      if (s[before - 1] == ':') {
        s.replace(before, after - before, " ");
        return true;
      }
    } else if (s[i] == ')' || s[i] == ']') {
      const std::size_t open = EmptyOpener(s, i);
      if (open == std::string::npos) continue;
      std::size_t from = open;  // the parenthesis goes with the space before it
      while (from > 0 && IsSpace(s[from - 1])) --from;
      s.erase(from, i + 1 - from);
      return true;
    }
  }
  return false;
}

// The routing sentences the shipped rules (rules/10_democracy.yaml) ended a flag's explanation
// with before they marked routing with kRoutingMark. Screenings keep the text they were given,
// so a letter about a case screened then still meets them.
constexpr std::array<std::string_view, 4> kUnmarkedRoutingSentences = {
    "Ärendet hänskjuts till den rådgivande arbetsgruppen; regeln avgör inte ärendet.",
    "Ärendet hänskjuts till den rådgivande arbetsgruppen.",
    "The case is referred to the advisory group; the rule does not decide it.",
    "The case is referred to the advisory group."};

// Where the routing starts in a line: the mark opening the line, or opening a sentence in it
// (after '.', '!', '?' or ';' and a space); npos when the line has none.
std::size_t RoutingStart(const std::string& line) {
  for (std::size_t at = line.find(kRoutingMark); at != std::string::npos;
       at = line.find(kRoutingMark, at + kRoutingMark.size())) {
    std::size_t k = at;
    while (k > 0 && IsSpace(line[k - 1])) --k;
    if (k == 0) return 0;
    const char c = line[k - 1];
    if (k < at && (c == '.' || c == '!' || c == '?' || c == ';')) return k;
  }
  return std::string::npos;
}

}  // namespace

std::string WithoutEmptyParts(std::string_view text) {
  std::string out;
  bool first = true;
  for (std::string line : Lines(text)) {
    bool repaired = false;
    while (RepairOnce(line)) repaired = true;
    if (!first) out += '\n';
    out += repaired ? Trimmed(line) : line;
    first = false;
  }
  return out;
}

std::string WithoutRouting(std::string_view explanation) {
  std::string out;
  for (std::string line : Lines(explanation)) {
    if (const std::size_t at = RoutingStart(line); at != std::string::npos) {
      line.erase(at);
      if (Trimmed(line).empty()) continue;  // the whole paragraph was routing
    }
    for (std::string_view sentence : kUnmarkedRoutingSentences) {
      for (auto at = line.find(sentence); at != std::string::npos; at = line.find(sentence, at)) {
        std::size_t from = at;
        while (from > 0 && IsSpace(line[from - 1])) --from;  // the space that joined it to the sentence before
        line.erase(from, at + sentence.size() - from);
        at = from;
      }
    }
    if (Trimmed(line).empty()) continue;
    if (!out.empty()) out += '\n';
    out += line;
  }
  const auto end = out.find_last_not_of(" \t\r\n");
  out.erase(end == std::string::npos ? 0 : end + 1);
  return out;
}

}  // namespace granska::letters
