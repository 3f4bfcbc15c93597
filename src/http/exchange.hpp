#pragma once
// One request/response pair as the endpoint handlers see it.
#include <Poco/Net/HTTPServerRequest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "domain/user.hpp"

namespace granska::http {

struct Services;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct Exchange {
  Poco::Net::HTTPServerRequest& request;
  Services& services;
  std::map<std::string, std::string> params;   // path parameters, e.g. {"id": "17"}
  std::map<std::string, std::string> query;    // decoded query string (last value wins)
  std::string body;                            // read and size-checked before the handler runs
  std::optional<domain::User> user;            // set on authenticated routes
  std::string instance;                        // the request path, for problem documents

  domain::Actor Actor() const {
    return user ? domain::Actor{user->id, user->name, user->role} : domain::Actor{};
  }
};

// The client's address: the peer, or behind a trusted reverse proxy (http.trusted_proxies)
// the rightmost X-Forwarded-For entry that is not itself a trusted proxy.
std::string ClientAddress(const Exchange& ex);

Response Json(int status, std::string body);
Response Problem(const domain::Error& error, const std::string& instance, const std::string& extra_members = {});

}  // namespace granska::http
