// Appeals to the administrative court (workflow/appeals.hpp): record one lodged against the
// case's decision or revocation, record the court's outcome once, read one. Each handler
// parses, calls one use case and writes the appeal (schema AppealRecord).
#include "domain/json_text.hpp"
#include "http/endpoint_support.hpp"
#include "http/json_fields.hpp"
#include "http/json_views.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

namespace {

using domain::FieldError;

// A vocabulary field: nullopt (and an error naming the allowed values) when unknown.
template <typename Table, typename Parse>
auto Vocabulary(JsonFields& f, const Poco::JSON::Object::Ptr& o, const std::string& prefix, const std::string& key,
                const Table& table, Parse parse) -> decltype(parse(std::string_view())) {
  auto s = f.String(o, prefix, key, false);
  if (!s) return std::nullopt;
  auto v = parse(*s);
  if (!v) {
    std::string allowed;
    for (const auto& [e, name] : table) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    f.Error(JsonFields::Path(prefix, key), "unknown value '" + *s + "'; must be one of " + allowed);
  }
  return v;
}

Response Written(const domain::Result<domain::AppealRecord>& r, const Exchange& ex, int status) {
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  WriteAppealRecord(w, *r);
  Response out = Json(status, w.Take());
  if (status == 201) out.headers.emplace_back("Location", "/api/v1/appeals/" + std::to_string(r->id));
  return out;
}

Response RecordAppeal(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no case '" + ex.params["id"] + "'."), ex.instance);
  std::optional<std::int64_t> expected;
  if (auto bad = ReadIfMatch(ex, expected)) return *bad;
  Poco::JSON::Object::Ptr body;
  if (auto r = ReadJsonObject(ex, body)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::AppealInput in;
  in.lodged_on = f.Date(body, "", "lodged_on", false);
  if (auto appellant = f.Object(body, "", "appellant", false)) {
    in.appellant_kind =
        Vocabulary(f, appellant, "appellant", "kind", domain::kAppellantKinds, domain::ParseAppellantKind);
    in.appellant_name = f.String(appellant, "appellant", "name", false).value_or("");
    f.OnlyMembers(appellant, "appellant", {"kind", "name"});
  }
  in.court = f.String(body, "", "court", false).value_or("");
  in.court_case_number = f.String(body, "", "court_case_number", false).value_or("");
  f.OnlyMembers(body, "", {"lodged_on", "appellant", "court", "court_case_number"});
  return Written(ex.services.appeals->Record(ex.Actor(), *id, expected, in, std::move(errors)), ex, 201);
}

Response RecordOutcome(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no appeal '" + ex.params["id"] + "'."), ex.instance);
  std::optional<std::int64_t> expected;  // the appeal's case, as its page read it
  if (auto bad = ReadIfMatch(ex, expected)) return *bad;
  Poco::JSON::Object::Ptr body;
  if (auto r = ReadJsonObject(ex, body)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::AppealOutcomeInput in;
  in.outcome = Vocabulary(f, body, "", "outcome", domain::kAppealOutcomes, domain::ParseAppealOutcome);
  in.outcome_on = f.Date(body, "", "outcome_on", false);
  in.outcome_note = f.String(body, "", "outcome_note", false).value_or("");
  in.court_case_number = f.String(body, "", "court_case_number", false).value_or("");
  f.OnlyMembers(body, "", {"outcome", "outcome_on", "outcome_note", "court_case_number"});
  return Written(ex.services.appeals->RecordOutcome(ex.Actor(), *id, expected, in, std::move(errors)), ex, 200);
}

Response GetAppeal(Exchange& ex) {
  if (auto denied = Deny(ex, workflow::Action::kReadCases)) return *denied;
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no appeal '" + ex.params["id"] + "'."), ex.instance);
  auto r = ex.services.appeals->Get(ex.Actor(), *id);  // recorded: appeal_viewed
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  WriteAppealRecord(w, r->appeal, r->details_shown, r->case_number);
  return Json(200, w.Take());
}

}  // namespace

void AddAppealRoutes(Router& router) {
  router.Add({"POST", "/api/v1/cases/{id}/appeals", Access::kAuthenticated, true, RecordAppeal});
  router.Add({"GET", "/api/v1/appeals/{id}", Access::kAuthenticated, false, GetAppeal});
  router.Add({"POST", "/api/v1/appeals/{id}/outcome", Access::kAuthenticated, true, RecordOutcome});
}

}  // namespace granska::http
