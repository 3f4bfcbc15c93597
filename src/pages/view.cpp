#include "pages/view.hpp"

#include <stdexcept>

namespace granska::pages {

View& View::Set(const std::string& key, View value) {
  if (kind_ != Kind::kObject) throw std::logic_error("View::Set on a value that is not an object: " + key);
  fields_[key] = std::move(value);
  return *this;
}

View& View::Push(View value) {
  if (kind_ != Kind::kList) throw std::logic_error("View::Push on a value that is not a list");
  items_.push_back(std::move(value));
  return items_.back();
}

View& View::operator[](const std::string& key) {
  if (kind_ != Kind::kObject) throw std::logic_error("View[] on a value that is not an object: " + key);
  return fields_[key];
}

}  // namespace granska::pages
