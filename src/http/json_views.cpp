#include "http/json_views.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <charconv>
#include <sstream>

namespace granska::http {

void WriteCaseSummary(domain::JsonWriter& w, const domain::CaseSummary& c) {
  w.BeginObject()
      .Field("case_id", c.case_id)
      .Field("case_number", c.case_number)
      .Field("kind", domain::ToString(c.kind))
      .Field("status", domain::ToString(c.status))
      .Field("version", c.version);
  w.Key("organisation").BeginObject().Field("org_number", c.org_number).Field("name", c.organisation_name).EndObject();
  w.Field("submitted_on", c.submitted_on).Field("submitted_at", c.submitted_at).Field("updated_at", c.updated_at);
  // Absent until the case has been screened: never a made-up screening.
  if (c.screening_json) w.Key("screening").Raw(*c.screening_json);
  w.EndObject();
}

std::string CaseSummaryJson(const domain::CaseSummary& c) {
  domain::JsonWriter w;
  WriteCaseSummary(w, c);
  return w.Take();
}

std::string CaseDetailJson(const domain::CaseDetail& d) {
  std::string summary = CaseSummaryJson(d.summary);
  summary.pop_back();  // reopen the summary object to add the detail members
  domain::JsonWriter w;
  w.BeginObject();
  w.Key("application").Raw(d.application_json.empty() ? "null" : d.application_json);
  w.Field("application_revision", d.application_revision);
  w.Key("timeline").BeginArray();
  for (const auto& e : d.timeline) {
    w.BeginObject().Field("id", e.id).Field("at", e.at).Field("event", e.event);
    w.Key("actor").BeginObject();
    w.Key("user_id");
    if (e.actor_id)
      w.Int(*e.actor_id);
    else
      w.Null();
    w.Field("name", e.actor_name).Field("role", e.actor_role).EndObject();
    w.Key("detail").Raw(e.detail_json.empty() ? "{}" : e.detail_json).EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::string rest = w.Take();
  // rest is {"application":…}; splice its members into the summary object.
  return summary + "," + rest.substr(1);
}

void WriteIncident(domain::JsonWriter& w, const domain::Incident& i) {
  w.BeginObject().Field("id", i.id);
  w.Key("subject").BeginObject();
  if (i.subject_org)
    w.Field("org_number", i.subject_org->Text());
  else
    w.Field("person", i.subject_person);
  w.EndObject();
  w.Field("kind", domain::ToString(i.kind))
      .Field("occurred_on", i.occurred_on.ToString())
      .Field("source", domain::ToString(i.source))
      .Field("verified", i.verified)
      .Field("distanced", i.distanced)
      .Field("reference", i.reference)
      .Field("summary", i.summary)
      .Field("recorded_at", i.recorded_at)
      .EndObject();
}

void WritePremises(domain::JsonWriter& w, const domain::Premises& p) {
  w.BeginObject().Field("id", p.id).Field("name", p.name).Field("capacity", p.capacity).EndObject();
}

std::string EncodeCursor(const std::string& kind, std::int64_t id) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  enc << kind << ':' << id;
  enc.close();
  return out.str();
}

std::optional<std::int64_t> DecodeCursor(const std::string& kind, const std::string& text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  try {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    std::string plain((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
    if (plain.rfind(kind + ":", 0) != 0) return std::nullopt;
    std::int64_t id = 0;
    const char* b = plain.data() + kind.size() + 1;
    const char* e = plain.data() + plain.size();
    auto [p, ec] = std::from_chars(b, e, id);
    if (ec != std::errc() || p != e || id <= 0) return std::nullopt;
    return id;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

}  // namespace granska::http
