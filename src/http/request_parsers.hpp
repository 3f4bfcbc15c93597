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
// Times are kept to the second, and ParseApplication cuts a fraction (an application stored
// before fractions were refused still reads). What a caller sends now (an application, a
// supplement's additions) is refused instead: booking.start/end with a fraction other than zero.
void RefuseFractionalTimes(const Poco::JSON::Object::Ptr& sent, std::vector<domain::FieldError>& errors);
domain::Incident ParseIncident(const Poco::JSON::Object::Ptr& body, std::vector<domain::FieldError>& errors);
domain::Premises ParsePremises(const Poco::JSON::Object::Ptr& body, std::vector<domain::FieldError>& errors);

}  // namespace granska::http
