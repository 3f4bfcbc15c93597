#include "http/request_handler.hpp"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <istream>

#include "domain/digest.hpp"
#include "domain/json_text.hpp"
#include "domain/text.hpp"
#include "http/page_support.hpp"
#include "http/problem.hpp"

namespace granska::http {

using domain::Error;
using domain::ErrorCode;

std::string HashToken(const std::string& token) { return domain::Sha256Hex(token); }

Response Problem(const Error& error, const std::string& instance, const std::string& extra_members) {
  Response r;
  r.status = StatusFor(error.code);
  r.content_type = "application/problem+json";
  std::string extra = extra_members;
  if (!error.extra_members.empty()) extra += (extra.empty() ? "" : ",") + error.extra_members;
  r.body = ProblemJson(error, instance, extra);
  if (error.code == ErrorCode::kUnauthenticated) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

namespace {

bool InCidr(const Poco::Net::IPAddress& addr, const std::string& cidr) {
  try {
    const auto slash = cidr.find('/');
    Poco::Net::IPAddress net(cidr.substr(0, slash));
    if (net.family() != addr.family()) return false;
    const unsigned bits = slash == std::string::npos ? (net.family() == Poco::Net::IPAddress::IPv4 ? 32 : 128)
                                                     : static_cast<unsigned>(std::stoi(cidr.substr(slash + 1)));
    Poco::Net::IPAddress mask(bits, net.family());
    Poco::Net::IPAddress a = addr, n = net;
    a.mask(mask);
    n.mask(mask);
    return a == n;
  } catch (const std::exception&) {
    return false;
  }
}

bool InAny(const Poco::Net::IPAddress& addr, const std::vector<std::string>& cidrs) {
  for (const auto& cidr : cidrs)
    if (InCidr(addr, cidr)) return true;
  return false;
}

// The query's parameters; `repeated` names one given more than once (the last would win).
std::map<std::string, std::string> ParseQuery(const std::string& uri, bool& ok, std::string* repeated = nullptr) {
  std::map<std::string, std::string> out;
  ok = true;
  try {
    Poco::URI u(uri);
    for (const auto& [k, v] : u.getQueryParameters())
      if (!out.insert_or_assign(k, v).second && repeated && repeated->empty()) *repeated = k;
  } catch (const Poco::Exception&) {
    ok = false;
  }
  return out;
}

bool IsJsonContentType(const std::string& ct) {
  const std::string base = ct.substr(0, ct.find(';'));
  std::string lower;
  for (char c : base)
    if (c != ' ') lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "application/json" || (lower.size() > 5 && lower.substr(lower.size() - 5) == "+json");
}

// Reads at most limit + 1 bytes: enough to know the body is too large without reading it all.
std::string ReadBody(std::istream& in, std::size_t limit, bool& too_large) {
  std::string body;
  char buf[8192];
  while (in) {
    in.read(buf, sizeof buf);
    body.append(buf, static_cast<std::size_t>(in.gcount()));
    if (body.size() > limit) {
      too_large = true;
      break;
    }
  }
  return body;
}

void DrainBody(Poco::Net::HTTPServerRequest& request) {
  constexpr std::size_t kCap = 16u << 20;
  try {
    auto& impl = static_cast<Poco::Net::HTTPServerRequestImpl&>(request);
    impl.socket().setReceiveTimeout(Poco::Timespan(0, 300000));
    std::istream& in = request.stream();
    char buf[65536];
    std::size_t total = 0;
    while (in && total < kCap) {
      in.read(buf, sizeof buf);
      total += static_cast<std::size_t>(in.gcount());
      if (in.gcount() == 0) break;
    }
  } catch (const std::exception&) {
    // A timeout or a reset: nothing more to drain.
  }
}

}  // namespace

std::string MethodLabel(const std::string& method) {
  static constexpr const char* kKnown[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
  for (const char* known : kKnown)
    if (method == known) return method;
  return "other";
}

void NoteForwardedFor(Services& services, const Poco::Net::HTTPServerRequest& request) {
  if (!request.has("X-Forwarded-For")) return;
  const Poco::Net::IPAddress peer = request.clientAddress().host();
  if (InAny(peer, services.trusted_proxies)) return;
  if (!services.metrics.NoteUntrustedForwardedFor()) return;
  Poco::Logger::get("granska.http")
      .warning(
          "WARNING: a request from %s carries X-Forwarded-For, but %s is not in http.trusted_proxies, so the header "
          "is ignored and the client is taken to be %s. Behind a reverse proxy every client then shares the proxy's "
          "address, and session.address_failures failed sign-ins by anyone throttle sign-in for everyone. Set "
          "http.trusted_proxies to the proxy's address (docs/operations.md). Logged once per process; "
          "granska_untrusted_forwarded_for_total in /metrics counts such requests.",
          peer.toString(), peer.toString(), peer.toString());
}

std::string ClientAddress(const Exchange& ex) {
  const Poco::Net::IPAddress peer = ex.request.clientAddress().host();
  if (!InAny(peer, ex.services.trusted_proxies)) return peer.toString();
  // "client, proxy1, proxy2": walk from the right past our own proxies.
  const std::string forwarded = ex.request.get("X-Forwarded-For", "");
  std::string candidate = peer.toString();
  std::size_t end = forwarded.size();
  while (end > 0) {
    const std::size_t comma = forwarded.rfind(',', end - 1);
    const std::size_t begin = comma == std::string::npos ? 0 : comma + 1;
    std::string item = forwarded.substr(begin, end - begin);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    Poco::Net::IPAddress addr;
    if (!Poco::Net::IPAddress::tryParse(item, addr)) break;  // garbage: stop at the last good hop
    candidate = addr.toString();
    if (!InAny(addr, ex.services.trusted_proxies)) break;
    if (comma == std::string::npos) break;
    end = comma;
  }
  return candidate;
}

Response Dispatch(Services& services, const Router& router, Poco::Net::HTTPServerRequest& request,
                  std::string& route_label) {
  NoteForwardedFor(services, request);
  const std::string uri = request.getURI();
  const std::string path = uri.substr(0, uri.find('?'));
  // A URL is printable ASCII (anything else is percent-encoded). Raw bytes would otherwise
  // reach a path parameter, and from there a lookup PostgreSQL refuses.
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      route_label = "unmatched";
      return Problem(Error{ErrorCode::kBadRequest,
                           "The request path contains a byte that is not printable ASCII; percent-encode it.",
                           {},
                           {}},
                     path);
    }
  }
  // HEAD is answered wherever GET is (RFC 9110 9.3.2): the same handler and headers; Poco's
  // sendBuffer leaves the body out for a HEAD request.
  const bool head = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;
  auto match = router.Find(head ? std::string(Poco::Net::HTTPRequest::HTTP_GET) : request.getMethod(), path);
  if (!match.route) {
    route_label = "unmatched";
    if (match.path_known) {
      std::string allow;
      for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m + (m == "GET" ? ", HEAD" : "");
      Response r;
      r.status = 405;
      r.content_type = "application/problem+json";
      domain::JsonWriter w;
      w.BeginObject()
          .Field("type", "https://granska.example/problems/method-not-allowed")
          .Field("title", "Method not allowed")
          .Field("status", 405)
          .Field("detail",
                 "This path does not accept " + domain::Printable(request.getMethod()) + "; it accepts " + allow + ".")
          .Field("instance", path)
          .EndObject();
      r.body = w.Take();
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    // A browser that followed a stale or mistyped link outside the API gets a page.
    Exchange ex{request, services, {}, {}, {}, std::nullopt, path};
    bool query_ok = true;
    ex.query = ParseQuery(uri, query_ok);
    if (query_ok)
      if (auto page = BrowserNotFound(ex)) return std::move(*page);
    return Problem(Error::NotFound("There is no resource at " + path + "."), path);
  }
  const Route& route = *match.route;
  route_label = route.pattern;
  Exchange ex{request, services, std::move(match.params), {}, {}, std::nullopt, path};
  bool query_ok = true;
  std::string repeated;
  ex.query = ParseQuery(uri, query_ok, &repeated);
  if (!query_ok) return Problem(Error{ErrorCode::kBadRequest, "The query string is malformed.", {}, {}}, path);

  if (route.pattern == "/metrics") {
    const auto addr = request.clientAddress().host();
    if (!InAny(addr, services.metrics_allow))
      return Problem(Error::Forbidden("Metrics are only served to the configured network."), path);
  }

  if (route.access == Access::kAuthenticated) {
    const std::string auth = request.get("Authorization", "");
    // The scheme's name is case-insensitive (RFC 9110 11.1), followed by one or more spaces.
    const bool bearer = auth.size() > 6 && Poco::icompare(auth.substr(0, 6), "bearer") == 0 && auth[6] == ' ';
    const auto token_at = bearer ? auth.find_first_not_of(' ', 6) : std::string::npos;
    if (token_at == std::string::npos)
      return Problem(Error{ErrorCode::kUnauthenticated, "Send 'Authorization: Bearer <token>'.", {}, {}}, path);
    ex.user = services.users.Authenticate(HashToken(auth.substr(token_at)));
    if (!ex.user) return Problem(Error{ErrorCode::kUnauthenticated, "The token is unknown or revoked.", {}, {}}, path);
  }

  // After the token, a parameter given twice is refused: ?status=decided&status=referred
  // answered only referred cases, a filter that seemed to take a list. The API's parameters
  // take one value each.
  if (!repeated.empty() && path.rfind("/api/", 0) == 0)
    return Problem(Error::Validation({{repeated, "is given more than once; give it once"}}), path);
  if (path.rfind("/api/", 0) == 0) {
    std::vector<domain::FieldError> unknown;
    for (const auto& [name, value] : ex.query)
      if (std::find(route.query.begin(), route.query.end(), name) == route.query.end()) {
        std::string takes;
        for (const auto& q : route.query) takes += (takes.empty() ? "" : ", ") + q;
        unknown.push_back({domain::Printable(name), takes.empty() ? "is not a parameter of this request, which takes none"
                                                                  : "is not a parameter of this request; it takes " + takes});
      }
    if (!unknown.empty()) return Problem(Error::Validation(std::move(unknown)), path);
  }

  if (route.json_body) {
    // A request without a body and without a Content-Type (Content-Length 0, or neither a
    // length nor chunked encoding, which HTTP/1.1 reads as an empty body) has no media type
    // to check: a route whose body is optional takes it as empty, and one that needs a body
    // says what is missing (400/422). A body, or a Content-Type that is not JSON, is checked.
    const std::string content_type = request.getContentType();
    const bool json = IsJsonContentType(content_type);
    const bool chunked = request.getChunkedTransferEncoding();
    const bool declared_empty = !chunked && (!request.hasContentLength() || request.getContentLength64() == 0);
    auto wrong_type = [&] {
      return Problem(Error{ErrorCode::kUnsupportedMediaType,
                           "Send the body as application/json; got '" + content_type + "'.",
                           {},
                           {}},
                     path);
    };
    if (!json && (!content_type.empty() || (!declared_empty && !chunked))) return wrong_type();
    const auto limit = services.max_body_bytes;
    if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(limit))
      return Problem(Error{ErrorCode::kPayloadTooLarge,
                           "The body is " + std::to_string(request.getContentLength64()) + " bytes; the limit is " +
                               std::to_string(limit) + " bytes.",
                           {},
                           {}},
                     path);
    bool too_large = false;
    // Poco would read a body of undeclared length until the client closes the connection.
    if (!declared_empty) ex.body = ReadBody(request.stream(), limit, too_large);
    if (too_large)
      return Problem(Error{ErrorCode::kPayloadTooLarge,
                           "The body is larger than the limit of " + std::to_string(limit) + " bytes.",
                           {},
                           {}},
                     path);
    if (!json && !ex.body.empty()) return wrong_type();  // a chunked body
  }
  return route.handler(ex);
}

namespace {

class ApiHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  ApiHandler(Services& services, const Router& router) : services_(services), router_(router) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    const auto start = std::chrono::steady_clock::now();
    std::string route = "unmatched";
    Response r;
    try {
      r = Dispatch(services_, router_, request, route);
    } catch (const std::exception& e) {
      // Internal detail goes to the log, never to the client.
      Poco::Logger::get("granska.http")
          .error("%s %s failed: %s", request.getMethod(), request.getURI(), std::string(e.what()));
      const bool db_down = !services_.db.Ping();
      r = Problem(Error{db_down ? ErrorCode::kUnavailable : ErrorCode::kBadRequest,
                        db_down ? "The database does not answer; try again shortly." : "",
                        {},
                        {}},
                  request.getURI());
      if (!db_down) {
        r.status = 500;
        r.body =
            R"({"type":"https://granska.example/problems/internal","title":"Internal error","status":500,"detail":"The request failed; the error has been logged."})";
      }
    }
    // The status line with its reason phrase ("404 Not Found", not Poco's default "OK").
    const auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status);
    response.setStatusAndReason(status, Poco::Net::HTTPResponse::getReasonForStatus(status));
    response.setContentType(
        r.content_type.find("charset") == std::string::npos &&
                (r.content_type.find("json") != std::string::npos || r.content_type.find("text/") == 0)
            ? r.content_type + "; charset=utf-8"
            : r.content_type);
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; frame-ancestors 'none'");
    response.set("X-Frame-Options", "DENY");
    response.set("Cache-Control", "no-store");
    for (const auto& [k, v] : r.headers) {
      if (k == "Set-Cookie")
        response.add(k, v);  // one header per cookie
      else
        response.set(k, v);
    }
    if (r.status == 413) {
      // Read and drop what the client is still sending (bounded in size and time) so that
      // it receives the 413 instead of a reset, then close the connection.
      DrainBody(request);
      response.setKeepAlive(false);
    }
    response.setContentLength64(static_cast<Poco::Int64>(r.body.size()));
    // One write for the whole body (a list page is ~400 KB), not the stream's 4 KB pieces.
    response.sendBuffer(r.body.data(), r.body.size());
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    services_.metrics.Observe(MethodLabel(request.getMethod()), route, r.status, secs);
  }

 private:
  Services& services_;
  const Router& router_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* RequestHandlerFactory::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
  return new ApiHandler(services_, router_);
}

}  // namespace granska::http
