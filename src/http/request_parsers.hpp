#pragma once
// JSON bodies -> domain values, collecting every field error (shared/api.md).
#include <Poco/JSON/Object.h>

#include <vector>

#include "domain/application.hpp"
#include "domain/error.hpp"
#include "domain/incident.hpp"
#include "domain/premises.hpp"

namespace granska::http {

domain::Application ParseApplication(const Poco::JSON::Object::Ptr& body, std::vector<domain::FieldError>& errors);
domain::Incident ParseIncident(const Poco::JSON::Object::Ptr& body, std::vector<domain::FieldError>& errors);
domain::Premises ParsePremises(const Poco::JSON::Object::Ptr& body, std::vector<domain::FieldError>& errors);

}  // namespace granska::http
