#pragma once
// Pseudonyms for private persons in an application (the advisory group's packet, the JSON
// API and the pages alike): stable labels (Person A, B, …) in order of appearance: contact,
// board, speakers. Organisations keep their names: they are legal persons and the subject
// of the assessment.
#include <Poco/JSON/Object.h>

#include <map>
#include <string>

#include "domain/application.hpp"

namespace granska::http {

class Pseudonyms {
 public:
  explicit Pseudonyms(const domain::Application& app);
  // The label for a name; a person not named in the application gets a neutral label.
  std::string For(const std::string& name) const;
  // Replaces names (and drops e-mail addresses) in the application JSON, in place.
  void Apply(Poco::JSON::Object::Ptr app) const;

 private:
  void Add(const std::string& name);
  void ReplaceIn(Poco::JSON::Object::Ptr o, const std::string& key) const;
  std::map<std::string, std::string> map_;
};

}  // namespace granska::http
