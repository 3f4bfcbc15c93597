#pragma once
// The Poco side: one handler object per request, routing, authentication, body limits,
// security headers, metrics, and the last line of defence (500 without internals).
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

class RequestHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  RequestHandlerFactory(Services& services, const Router& router) : services_(services), router_(router) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

 private:
  Services& services_;
  const Router& router_;
};

// SHA-256 of an API token in hex: what the database stores and looks up.
std::string HashToken(const std::string& token);

// The request method as a metrics label: one of GET HEAD POST PUT DELETE PATCH OPTIONS, or
// "other", so that a client cannot add a series per made-up method.
std::string MethodLabel(const std::string& method);

// Counts a request whose X-Forwarded-For is ignored because its peer is not a trusted proxy
// (Metrics::NoteUntrustedForwardedFor) and logs a warning the first time: behind an
// unconfigured proxy every client has the proxy's address (docs/operations.md).
void NoteForwardedFor(Services& services, const Poco::Net::HTTPServerRequest& request);

// Runs one request through the router; used by the factory's handler and by tests.
Response Dispatch(Services& services, const Router& router, Poco::Net::HTTPServerRequest& request,
                  std::string& route_label);

}  // namespace granska::http
