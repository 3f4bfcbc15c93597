// Revocation of granted support: kommunicering, the organisation's reply, the decision.
#include "domain/json_text.hpp"
#include "http/endpoint_support.hpp"
#include "http/json_fields.hpp"
#include "http/json_views.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

namespace {

using domain::FieldError;

Response Written(const domain::Result<domain::Revocation>& r, const Exchange& ex) {
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  WriteRevocation(w, *r);
  return Json(200, w.Take());
}

// The case, the version its reader saw (If-Match, compared by the use case) and the body.
std::optional<Response> Read(Exchange& ex, std::int64_t& id, std::optional<std::int64_t>& expected,
                             Poco::JSON::Object::Ptr& body) {
  auto parsed = IdParam(ex, "id");
  if (!parsed) return Problem(domain::Error::NotFound("There is no case '" + ex.params["id"] + "'."), ex.instance);
  id = *parsed;
  if (auto bad = ReadIfMatch(ex, expected)) return bad;
  return ReadJsonObject(ex, body);
}

Response CommunicateRevocation(Exchange& ex) {
  std::int64_t id = 0;
  std::optional<std::int64_t> expected;
  Poco::JSON::Object::Ptr body;
  if (auto r = Read(ex, id, expected, body)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::RevocationNotice n;
  n.breach = f.String(body, "", "breach", false).value_or("");
  n.democracy_reason = f.Bool(body, "", "democracy_reason", false).value_or(false);
  n.repayment_sek = f.Int(body, "", "repayment_sek", false).value_or(0);
  n.reply_by = f.Date(body, "", "reply_by", false);
  return Written(ex.services.revocations.Communicate(ex.Actor(), id, expected, n, std::move(errors)), ex);
}

// The routes whose body is one text field: the reply, the reasons for not revoking.
template <typename UseCase>
Response WithText(Exchange& ex, const char* field, UseCase use_case) {
  std::int64_t id = 0;
  std::optional<std::int64_t> expected;
  Poco::JSON::Object::Ptr body;
  if (auto r = Read(ex, id, expected, body)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  const std::string text = f.String(body, "", field, false).value_or("");
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  return Written(use_case(id, expected, text), ex);
}

Response ReplyRevocation(Exchange& ex) {
  return WithText(ex, "text", [&](std::int64_t id, std::optional<std::int64_t> expected, const std::string& text) {
    return ex.services.revocations.Reply(ex.Actor(), id, expected, text);
  });
}

Response Revoke(Exchange& ex) {
  std::int64_t id = 0;
  std::optional<std::int64_t> expected;
  Poco::JSON::Object::Ptr body;
  if (auto r = Read(ex, id, expected, body)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::RevocationDecision d;
  d.reasons = f.String(body, "", "reasons", false).value_or("");
  d.repayment_sek = f.Int(body, "", "repayment_sek", false).value_or(0);
  d.repayment_due = f.Date(body, "", "repayment_due", false);
  return Written(ex.services.revocations.Revoke(ex.Actor(), id, expected, d, std::move(errors)), ex);
}

Response DropRevocation(Exchange& ex) {
  return WithText(ex, "reasons", [&](std::int64_t id, std::optional<std::int64_t> expected, const std::string& reasons) {
    return ex.services.revocations.Drop(ex.Actor(), id, expected, reasons);
  });
}

}  // namespace

void AddRevocationRoutes(Router& router) {
  router.Add({"POST", "/api/v1/cases/{id}/revocation/communication", Access::kAuthenticated, true, CommunicateRevocation});
  router.Add({"POST", "/api/v1/cases/{id}/revocation/reply", Access::kAuthenticated, true, ReplyRevocation});
  router.Add({"POST", "/api/v1/cases/{id}/revocation", Access::kAuthenticated, true, Revoke});
  router.Add({"POST", "/api/v1/cases/{id}/revocation/drop", Access::kAuthenticated, true, DropRevocation});
}

}  // namespace granska::http
