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
// An application's unknown members are stored as they came, but one that is a near miss of a
// member the server reads ("cooperation_organizations", "Speakers", "expected_attendee") is a
// typing error that would drop what it holds unread (a cooperation organisation's incidents,
// a speaker's): refused, naming the member it resembles. In what a caller sends (an
// application, a supplement's additions).
void RefuseNearMisses(const Poco::JSON::Object::Ptr& sent, std::vector<domain::FieldError>& errors);
domain::Incident ParseIncident(const Poco::JSON::Object::Ptr& body, std::vector<domain::FieldError>& errors);
domain::Premises ParsePremises(const Poco::JSON::Object::Ptr& body, std::vector<domain::FieldError>& errors);

}  // namespace granska::http
