#include "http/pseudonyms.hpp"

#include <Poco/JSON/Array.h>

#include "domain/person_name.hpp"

namespace granska::http {

using Poco::JSON::Object;

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

void Pseudonyms::Apply(Object::Ptr app) const {
  if (!app || !app->isObject("organisation")) return;
  auto org = app->getObject("organisation");
  if (org->isObject("contact")) {
    auto c = org->getObject("contact");
    if (c->has("name") && c->get("name").isString()) c->set("name", For(c->getValue<std::string>("name")));
    c->remove("email");
  }
  ReplaceIn(org, "board");
  if (app->isObject("booking")) ReplaceIn(app->getObject("booking"), "speakers");
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

void Pseudonyms::ReplaceIn(Object::Ptr o, const std::string& key) const {
  if (!o->isArray(key)) return;
  auto arr = o->getArray(key);
  for (std::size_t i = 0; i < arr->size(); ++i) {
    if (!arr->isObject(i)) continue;
    auto p = arr->getObject(i);
    if (p->has("name") && p->get("name").isString()) p->set("name", For(p->getValue<std::string>("name")));
  }
}

}  // namespace granska::http
