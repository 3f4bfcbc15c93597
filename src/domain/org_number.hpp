#pragma once
// Swedish organisation number (organisationsnummer): ten digits, written NNNNNN-NNNN,
// the last a Luhn check digit over the first nine.
#include <optional>
#include <string>
#include <string_view>

namespace granska::domain {

class OrgNumber {
 public:
  // Accepts "8024567896" or "802456-7896"; nullopt unless ten digits with a valid check digit.
  static std::optional<OrgNumber> Parse(std::string_view text);
  const std::string& Text() const { return text_; }  // always NNNNNN-NNNN
  friend bool operator==(const OrgNumber&, const OrgNumber&) = default;

 private:
  explicit OrgNumber(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// Luhn check over a string of digits (the last one is the check digit).
bool LuhnValid(std::string_view digits);

}  // namespace granska::domain
