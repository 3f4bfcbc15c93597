#pragma once
// The one place where error codes become HTTP statuses and RFC 9457 problem documents.
#include <Poco/Net/HTTPResponse.h>

#include <string>

#include "domain/error.hpp"

namespace granska::http {

int StatusFor(domain::ErrorCode code);
std::string TitleFor(domain::ErrorCode code);
// {"type","title","status","detail","errors":[{"field","message"}]} plus `extra_json`
// members (an object's inner text, e.g. "\"current\":{…}") when given.
std::string ProblemJson(const domain::Error& error, const std::string& instance, const std::string& extra_members = {});

}  // namespace granska::http
