#pragma once
// A key=value file in plain C++ (no Poco): the subset of the Java properties format that
// config files in this project use.
//   # or ! starts a comment line; blank lines are skipped
//   key = value           (the first '=' or ':' separates; space around both is trimmed)
//   key = long value \    (a trailing backslash continues the value on the next line,
//         continued          whose leading space is dropped)
//   \n in a value is a line break, \\ a backslash, \= \: \# \! the character itself
// A duplicate key or a line without a separator is an error naming the line.
#include <map>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace granska::letters {

class PropertiesFile {
 public:
  static domain::Result<PropertiesFile> Parse(std::string_view text);

  const std::map<std::string, std::string>& Values() const { return values_; }
  const std::string* Find(const std::string& key) const;
  int LineOf(const std::string& key) const;  // 0 when absent

 private:
  std::map<std::string, std::string> values_;
  std::map<std::string, int> lines_;
};

}  // namespace granska::letters
