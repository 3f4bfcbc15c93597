#include "letters/view_data.hpp"

#include <stdexcept>

namespace granska::letters {

ViewData& ViewData::Set(std::string key, ViewData value) {
  if (kind_ != Kind::kObject) throw std::logic_error("ViewData::Set on a " + std::string(KindName(kind_)));
  fields_.insert_or_assign(std::move(key), std::move(value));
  return *this;
}

void ViewData::Push(ViewData item) {
  if (kind_ != Kind::kList) throw std::logic_error("ViewData::Push on a " + std::string(KindName(kind_)));
  items_.push_back(std::move(item));
}

const ViewData* ViewData::Find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  const auto it = fields_.find(key);
  return it == fields_.end() ? nullptr : &it->second;
}

const ViewData* ViewData::FindPath(std::string_view path) const {
  const ViewData* at = this;
  std::size_t pos = 0;
  while (at) {
    const std::size_t dot = path.find('.', pos);
    at = at->Find(path.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
    if (dot == std::string_view::npos) return at;
    pos = dot + 1;
  }
  return nullptr;
}

std::string_view ViewData::KindName(Kind k) {
  switch (k) {
    case Kind::kString:
      return "text";
    case Kind::kBool:
      return "boolean";
    case Kind::kList:
      return "list";
    case Kind::kObject:
      return "object";
  }
  return "?";
}

}  // namespace granska::letters
