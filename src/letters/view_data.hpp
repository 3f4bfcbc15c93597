#pragma once
// The flat data a letter template sees: strings, booleans, lists and objects, nothing else.
// Every conditional is resolved when this is built (ViewBuilder), so templates stay
// logic-less, and the tree can be walked: TemplateChecker compares each template's tags
// with the keys a fully populated letter provides.
//
// Convention (kept by ViewBuilder, relied on by TemplateChecker): the set of keys does not
// depend on the model's values. A value that may be absent is a list of zero or one objects
// ({{#advice}}…{{given_on}}…{{/advice}}), never an empty string.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace granska::letters {

class ViewData {
 public:
  enum class Kind { kString, kBool, kList, kObject };
  using Object = std::map<std::string, ViewData, std::less<>>;
  using List = std::vector<ViewData>;

  ViewData() : kind_(Kind::kObject) {}
  ViewData(std::string text) : kind_(Kind::kString), text_(std::move(text)) {}  // NOLINT(google-explicit-constructor)
  ViewData(const char* text) : ViewData(std::string(text)) {}                   // NOLINT(google-explicit-constructor)
  ViewData(bool flag) : kind_(Kind::kBool), flag_(flag) {}                      // NOLINT(google-explicit-constructor)
  ViewData(List items) : kind_(Kind::kList), items_(std::move(items)) {}        // NOLINT(google-explicit-constructor)

  Kind GetKind() const { return kind_; }
  const std::string& Text() const { return text_; }
  bool Flag() const { return flag_; }
  const List& Items() const { return items_; }
  const Object& Fields() const { return fields_; }

  // Objects only (a bug otherwise): sets key to value and returns *this for chaining.
  ViewData& Set(std::string key, ViewData value);
  // Lists only.
  void Push(ViewData item);
  // Objects: the value under key, or nullptr.
  const ViewData* Find(std::string_view key) const;
  // Follows a dotted path ("appeal.court"); nullptr when any step is missing.
  const ViewData* FindPath(std::string_view path) const;

  static std::string_view KindName(Kind k);

 private:
  Kind kind_;
  std::string text_;
  bool flag_ = false;
  List items_;
  Object fields_;
};

// A list of zero or one object: how an optional value is written.
inline ViewData Optional(bool present, ViewData object) {
  ViewData::List items;
  if (present) items.push_back(std::move(object));
  return ViewData(std::move(items));
}

}  // namespace granska::letters
