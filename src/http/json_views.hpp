#pragma once
// Domain values -> the JSON shapes of shared/api.md.
#include <string>

#include "domain/application.hpp"
#include "domain/case_record.hpp"
#include "domain/incident.hpp"
#include "domain/json_text.hpp"
#include "domain/premises.hpp"
#include "workflow/ports.hpp"

namespace granska::http {

void WriteCaseSummary(domain::JsonWriter& w, const domain::CaseSummary& c);
// An application from its typed form: only the members the server reads (an allow-list),
// never whatever else a submission carried. Absent optional members are left out.
void WriteApplication(domain::JsonWriter& w, const domain::Application& a);
std::string CaseSummaryJson(const domain::CaseSummary& c);
// The 202 of a submission whose case is stored but whose number could not be given yet:
// the case id, kind, status and version, and a `detail` saying what the client can do
// (`with_key`: send the request again with its Idempotency-Key to get the number).
std::string SubmissionPendingJson(const domain::CaseSummary& c, bool with_key);
// `names_pseudonymised`: whether d.application_json has private persons' names replaced.
// `appeal_details`: whether the appeals' appellants and notes are shown (WriteAppealRecord).
std::string CaseDetailJson(const domain::CaseDetail& d, bool names_pseudonymised = false, bool appeal_details = true);
void WriteReferral(domain::JsonWriter& w, const domain::Referral& r);
void WriteAdvice(domain::JsonWriter& w, const domain::Advice& a);
void WriteCommunication(domain::JsonWriter& w, const domain::Communication& c);
void WriteDecision(domain::JsonWriter& w, const domain::Decision& d);
// A revocation process (the `Revocation` schema): the revocation routes' answer and an item
// of the case's `revocations`.
void WriteRevocation(domain::JsonWriter& w, const domain::Revocation& v);
void WriteCondition(domain::JsonWriter& w, const domain::Condition& c);
// An appeal (schema AppealRecord). `details_shown` false: the appellant's name and the note are
// withheld (null) from a reader who does not open the case file (workflow::ShowsAppealDetails).
void WriteAppealRecord(domain::JsonWriter& w, const domain::AppealRecord& a, bool details_shown = true,
                       const std::string& case_number = "");
void WriteIncident(domain::JsonWriter& w, const domain::Incident& i);
void WriteLegalHold(domain::JsonWriter& w, const domain::LegalHold& h);
void WriteSecrecyMark(domain::JsonWriter& w, const domain::SecrecyMark& m);
void WritePremises(domain::JsonWriter& w, const domain::Premises& p);

// Keyset cursors are opaque to clients: base64url of "<kind>:<id>".
std::string EncodeCursor(const std::string& kind, std::int64_t id);
// nullopt when the text is not a cursor of this kind.
std::optional<std::int64_t> DecodeCursor(const std::string& kind, const std::string& text);
// The same for a list keyed by text (premises by their slug): base64url of "<kind>:<key>".
// The caller checks that the key is one of its own.
std::string EncodeTextCursor(const std::string& kind, const std::string& key);
std::optional<std::string> DecodeTextCursor(const std::string& kind, const std::string& text);

template <typename T, typename WriteItem>
std::string PageJson(const workflow::Page<T>& page, const std::string& cursor_kind, WriteItem write_item) {
  domain::JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& item : page.items) write_item(w, item);
  w.EndArray().Key("next");
  if (page.next_after)
    w.String(EncodeCursor(cursor_kind, *page.next_after));
  else
    w.Null();
  w.EndObject();
  return w.Take();
}

}  // namespace granska::http
