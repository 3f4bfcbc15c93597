#include "http/pseudonyms.hpp"

#include "domain/person_name.hpp"

namespace granska::http {

Pseudonyms::Pseudonyms(const domain::Application& app) {
  if (app.organisation.contact) Add(app.organisation.contact->name);
  for (const auto& p : app.organisation.board) Add(p.name);
  if (app.booking)
    for (const auto& p : app.booking->speakers) Add(p.name);
}

std::string Pseudonyms::For(const std::string& name) const {
  auto it = map_.find(domain::NormalisePersonName(name));
  return it == map_.end() ? std::string("Person (ej namngiven i ansökan)") : it->second;
}

domain::Application Pseudonyms::Apply(domain::Application app) const {
  auto& o = app.organisation;
  if (o.contact) {
    o.contact->name = For(o.contact->name);
    o.contact->email.clear();
  }
  for (auto& p : o.board) p.name = For(p.name);
  if (app.booking)
    for (auto& p : app.booking->speakers) p.name = For(p.name);
  return app;
}

void Pseudonyms::Add(const std::string& name) {
  const std::string key = domain::NormalisePersonName(name);
  if (key.empty() || map_.count(key)) return;
  const std::size_t n = map_.size();
  std::string label = "Person ";
  label += static_cast<char>('A' + n % 26);
  if (n >= 26) label += std::to_string(n / 26);
  map_[key] = label;
}

}  // namespace granska::http
