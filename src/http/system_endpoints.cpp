// /healthz, /metrics, /api/v1/openapi.json, /api/v1/rules
#include "http/endpoint_support.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

namespace {

Response Health(Exchange& ex) {
  if (ex.services.db.Ping()) return Json(200, R"({"status":"ok","database":"ok"})");
  return Problem(domain::Error{domain::ErrorCode::kUnavailable, "The database does not answer.", {}, {}}, ex.instance);
}

Response MetricsText(Exchange& ex) {
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = ex.services.metrics.Render();
  return r;
}

Response OpenApi(Exchange& ex) { return Json(200, ex.services.openapi_json); }

Response Rules(Exchange& ex) {
  if (auto denied = Deny(ex, workflow::Action::kReadRules)) return *denied;
  if (ex.services.rules_json.empty())
    return Problem(domain::Error::NotFound("No rule set is loaded."), ex.instance);
  return Json(200, ex.services.rules_json);
}

}  // namespace

void AddSystemRoutes(Router& router) {
  router.Add({"GET", "/healthz", Access::kPublic, false, Health});
  router.Add({"GET", "/metrics", Access::kPublic, false, MetricsText});
  router.Add({"GET", "/api/v1/openapi.json", Access::kPublic, false, OpenApi});
  router.Add({"GET", "/api/v1/rules", Access::kAuthenticated, false, Rules});
}

}  // namespace granska::http
