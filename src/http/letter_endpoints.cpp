// GET /api/v1/cases/{id}/letter?lang=sv|en&format=html|pdf — the letter as issued
// (archived bytes, with their SHA-256 in a header), or a draft of an unissued one.
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
  auto doc = ex.services.letters.Get(ex.Actor(), *id, lang, format);
  if (!doc) return Problem(doc.Err(), ex.instance);
  Response r;
  r.content_type = doc->content_type;
  r.body = doc->content;
  r.headers.emplace_back("X-Letter-Type", doc->type);
  r.headers.emplace_back("X-Letter-Status", doc->draft ? "draft" : "issued");
  r.headers.emplace_back("Digest", "sha-256=" + doc->sha256);
  if (format == "pdf")
    r.headers.emplace_back("Content-Disposition",
                           "inline; filename=\"beslut-" + std::to_string(*id) + "-" + lang + ".pdf\"");
  return r;
}

}  // namespace

void AddLetterRoutes(Router& router) {
  router.Add({"GET", "/api/v1/cases/{id}/letter", Access::kAuthenticated, false, GetLetter});
}

}  // namespace granska::http
