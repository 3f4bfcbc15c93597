#pragma once
// The data a page template is rendered with: text, flags, lists and objects, nothing else
// (templates are logic-less). Built by the HTTP page handlers; the renderer turns it into
// Mustache data, so no other module sees the template library.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace granska::pages {

class View {
 public:
  enum class Kind { kText, kFlag, kList, kObject };

  View() = default;  // an empty object
  View(std::string text) : kind_(Kind::kText), text_(std::move(text)) {}  // NOLINT(google-explicit-constructor)
  View(const char* text) : kind_(Kind::kText), text_(text) {}             // NOLINT(google-explicit-constructor)
  View(bool flag) : kind_(Kind::kFlag), flag_(flag) {}                   // NOLINT(google-explicit-constructor)
  // Numbers are text in a page; an int must not silently become a flag.
  View(int) = delete;
  View(std::int64_t) = delete;
  static View Number(std::int64_t n) { return View(std::to_string(n)); }
  static View List() {
    View v;
    v.kind_ = Kind::kList;
    return v;
  }

  // Objects: sets a key (replacing it) and returns *this, so calls chain.
  View& Set(const std::string& key, View value);
  // Lists: appends an item and returns a reference to it.
  View& Push(View value);
  // Objects: the value at key, created as an empty object when absent.
  View& operator[](const std::string& key);

  Kind GetKind() const { return kind_; }
  const std::string& Text() const { return text_; }
  bool Flag() const { return flag_; }
  const std::vector<View>& Items() const { return items_; }
  const std::map<std::string, View>& Fields() const { return fields_; }
  bool Has(const std::string& key) const { return fields_.count(key) != 0; }
  std::size_t Size() const { return items_.size(); }

 private:
  Kind kind_ = Kind::kObject;
  std::string text_;
  bool flag_ = false;
  std::vector<View> items_;
  std::map<std::string, View> fields_;
};

}  // namespace granska::pages
