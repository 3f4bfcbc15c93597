#include "letters/properties_file.hpp"

#include <vector>

namespace granska::letters {
namespace {

std::string_view Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\f");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\f");
  return s.substr(b, e - b + 1);
}

// True when the line ends in an odd number of backslashes (a continuation).
bool Continues(std::string_view line) {
  std::size_t n = 0;
  for (auto it = line.rbegin(); it != line.rend() && *it == '\\'; ++it) ++n;
  return n % 2 == 1;
}

std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      out.push_back(c == 'n' ? '\n' : c == 't' ? '\t' : c);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The first unescaped '=' or ':'.
std::size_t Separator(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
      continue;
    }
    if (line[i] == '=' || line[i] == ':') return i;
  }
  return std::string_view::npos;
}

}  // namespace

domain::Result<PropertiesFile> PropertiesFile::Parse(std::string_view text) {
  PropertiesFile file;
  std::vector<domain::FieldError> errors;
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    std::string_view first = Trim(lines[i]);
    if (first.empty() || first[0] == '#' || first[0] == '!') continue;
    // Join continuation lines.
    std::string logical(first);
    while (Continues(logical) && i + 1 < lines.size()) {
      logical.pop_back();
      logical.append(Trim(lines[++i]));
    }
    if (Continues(logical)) logical.pop_back();
    const std::size_t sep = Separator(logical);
    if (sep == std::string_view::npos) {
      errors.push_back({"line " + std::to_string(line_no), "expected key = value"});
      continue;
    }
    const std::string key = Unescape(Trim(std::string_view(logical).substr(0, sep)));
    const std::string value = Unescape(Trim(std::string_view(logical).substr(sep + 1)));
    if (key.empty()) {
      errors.push_back({"line " + std::to_string(line_no), "empty key"});
      continue;
    }
    if (file.values_.count(key)) {
      errors.push_back({"line " + std::to_string(line_no),
                        "duplicate key '" + key + "' (first on line " + std::to_string(file.lines_[key]) + ")"});
      continue;
    }
    file.values_.emplace(key, value);
    file.lines_.emplace(key, line_no);
  }
  if (!errors.empty()) return domain::Error::Validation(std::move(errors));
  return file;
}

const std::string* PropertiesFile::Find(const std::string& key) const {
  const auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

int PropertiesFile::LineOf(const std::string& key) const {
  const auto it = lines_.find(key);
  return it == lines_.end() ? 0 : it->second;
}

}  // namespace granska::letters
