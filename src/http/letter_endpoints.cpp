// GET /api/v1/cases/{id}/letter?lang=sv|en&format=html|pdf[&type=appeal_notice] — the letter
// as issued (archived bytes, with their SHA-256 in a header), or a draft of an unissued one;
// with type=appeal_notice the latest notice of the last day to appeal.
#include "http/endpoint_support.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

namespace {

Response GetLetter(Exchange& ex) {
  if (auto denied = Deny(ex, workflow::Action::kReadCases)) return *denied;
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no case '" + ex.params["id"] + "'."), ex.instance);
  const std::string lang = ex.query.count("lang") ? ex.query["lang"] : "sv";
  const std::string format = ex.query.count("format") ? ex.query["format"] : "html";
  const std::string type = ex.query.count("type") ? ex.query["type"] : "";
  auto doc = ex.services.letters.Get(ex.Actor(), *id, lang, format, type);
  if (!doc) return Problem(doc.Err(), ex.instance);
  Response r = LetterResponse(*doc, *id, lang);
  r.headers.emplace_back("X-Letter-Type", doc->type);
  r.headers.emplace_back("X-Letter-Status", doc->draft ? "draft" : "issued");
  return r;
}

}  // namespace

void AddLetterRoutes(Router& router) {
  router.Add({"GET", "/api/v1/cases/{id}/letter", Access::kAuthenticated, false, GetLetter, {"lang", "type", "format"}});
}

}  // namespace granska::http
