// libFuzzer target: the body of POST /api/v1/applications through the same code the handler
// runs before it touches the database (docs/hardening.md):
//   http::ParseObject (Poco JSON)  ->  http::ParseApplication  ->  domain::CheckApplication
// then what the submission stores beside the verbatim JSON: the facts snapshot
// (workflow::EncodeFactsSnapshot, decoded again) and the 400 or 422 problem document
// (http::ProblemJson).
//
// Besides crashes and sanitizer reports it checks properties that must hold for every input:
// - an accepted application is well-formed (its block matches its kind, counts are not
//   negative, periods and bookings are ordered, organisation numbers are Luhn-valid);
// - every field error names a field and says what is wrong;
// - the facts snapshot of any parsed application decodes, and gives back its facts;
// - the problem document built from the errors (which echo the input), or from the JSON
//   parser's message for a body that is not JSON, is valid JSON that says the same.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "domain/application.hpp"
#include "domain/text.hpp"
#include "http/json_fields.hpp"
#include "http/problem.hpp"
#include "http/request_parsers.hpp"
#include "rules/facts.hpp"
#include "workflow/facts_snapshot.hpp"

namespace {

void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "intake_fuzz: property violated: %s\n", what);
    std::abort();
  }
}

void CheckAccepted(const granska::domain::Application& app) {
  using granska::domain::ApplicationKind;
  const auto& o = app.organisation;
  Require(o.org_number.has_value(), "an accepted application has an organisation number");
  Require(granska::domain::OrgNumber::Parse(o.org_number->Text()).has_value(),
          "an accepted organisation number parses again from its text");
  for (const auto& c : o.cooperation_organisations)
    Require(granska::domain::OrgNumber::Parse(c.Text()).has_value(), "cooperation organisation numbers parse again");
  Require(!o.name.empty(), "an accepted application has an organisation name");
  for (const auto* v : {&o.board_size, &o.member_count, &o.members_resident, &o.members_aged_7_25})
    Require(!*v || **v >= 0, "accepted counts are not negative");
  if (app.kind == ApplicationKind::kGrant) {
    Require(app.grant && !app.booking, "an accepted grant has a grant block and no booking block");
    Require(app.grant->amount_sek >= 0, "an accepted amount is not negative");
    Require(!app.grant->period_from || !app.grant->period_to || !(*app.grant->period_to < *app.grant->period_from),
            "an accepted period does not end before it starts");
    Require(o.board_size && o.member_count && o.members_resident, "an accepted grant has its counts");
  } else {
    Require(app.booking && !app.grant, "an accepted booking has a booking block and no grant block");
    Require(app.booking->start && app.booking->end && *app.booking->start < *app.booking->end,
            "an accepted booking starts before it ends");
    Require(app.booking->end->EpochSeconds() - app.booking->start->EpochSeconds() <=
                granska::domain::kMaxBookingDays * 86400LL,
            "an accepted booking lasts at most kMaxBookingDays");
    Require(!app.booking->premises_id.empty(), "an accepted booking names its premises");
  }
}

void CheckSnapshot(const granska::domain::Application& app) {
  const std::string text = granska::workflow::EncodeFactsSnapshot(app);
  granska::rules::Facts facts;
  granska::workflow::SnapshotKeys keys;
  Require(granska::workflow::DecodeFactsSnapshot(text, facts, keys), "the facts snapshot decodes");
  Require(facts.kind == app.kind, "the snapshot keeps the kind");
  const auto& o = app.organisation;
  Require(facts.organisation.registered_non_profit == o.registered_non_profit, "the snapshot keeps non-profit");
  Require(facts.organisation.statutes_adopted == o.statutes_adopted, "the snapshot keeps the statutes date");
  Require(facts.organisation.last_annual_meeting == o.last_annual_meeting, "the snapshot keeps the annual meeting");
  Require(facts.organisation.board_size == o.board_size, "the snapshot keeps the board size");
  Require(facts.organisation.member_count == o.member_count, "the snapshot keeps the member count");
  Require(facts.organisation.members_resident == o.members_resident, "the snapshot keeps residents");
  Require(facts.organisation.members_aged_7_25 == o.members_aged_7_25, "the snapshot keeps members aged 7-25");
  Require(facts.declarations.democracy_conditions_accepted == app.democracy_conditions_accepted,
          "the snapshot keeps the democracy declaration");
  if (app.grant && app.kind == granska::domain::ApplicationKind::kGrant) {
    Require(facts.grant.type == app.grant->type, "the snapshot keeps the grant type");
    Require(facts.grant.amount_sek == app.grant->amount_sek, "the snapshot keeps the amount");
    Require(facts.grant.period_from == app.grant->period_from, "the snapshot keeps the period start");
    Require(facts.grant.period_to == app.grant->period_to, "the snapshot keeps the period end");
  }
  if (app.booking && app.kind == granska::domain::ApplicationKind::kBooking) {
    Require(facts.booking.premises_id == app.booking->premises_id, "the snapshot keeps the premises id");
    Require(facts.booking.expected_attendees == app.booking->expected_attendees, "the snapshot keeps attendees");
    Require(facts.booking.is_public == app.booking->is_public, "the snapshot keeps public");
  }
  Require(keys.own_org == (o.org_number ? granska::workflow::OrgKey(o.org_number->Text()) : 0),
          "the snapshot keeps the organisation number as its key");
}

void CheckProblemDocument(const std::vector<granska::domain::FieldError>& errors) {
  // The 422 body exactly as the handler writes it (http::ProblemJson).
  const std::string text =
      granska::http::ProblemJson(granska::domain::Error::Validation(errors), "/api/v1/applications");
  Poco::JSON::Object::Ptr doc;
  try {
    Poco::JSON::Parser parser;
    doc = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    Require(false, "the problem document is valid JSON");
  }
  Require(doc->getValue<int>("status") == 422, "the problem document says 422");
  auto arr = doc->getArray("errors");
  Require(arr && arr->size() == errors.size(), "the problem document lists every error");
  for (std::size_t i = 0; i < errors.size(); ++i) {
    // Kept as written, except that bytes a client could not print (control characters,
    // invalid UTF-8 echoed from the input) are written as \xNN (domain::Printable).
    Require(arr->getObject(i)->getValue<std::string>("field") == granska::domain::Printable(errors[i].field),
            "the problem document keeps each field name");
    Require(arr->getObject(i)->getValue<std::string>("message") == granska::domain::Printable(errors[i].message),
            "the problem document keeps each message");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The server refuses bodies over 1 MiB (413) before parsing.
  if (size > (1u << 20)) return 0;
  const std::string body(reinterpret_cast<const char*>(data), size);
  std::string error;
  Poco::JSON::Object::Ptr object = granska::http::ParseObject(body, error);
  if (!object) {
    Require(!error.empty(), "a refused body says why");
    // The 400 body quotes the parser's message: it must still be valid JSON.
    const std::string text = granska::http::ProblemJson(
        granska::domain::Error{granska::domain::ErrorCode::kBadRequest, error, {}, {}}, "/api/v1/applications");
    try {
      Poco::JSON::Parser parser;
      auto doc = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
      Require(doc->getValue<std::string>("detail") == error, "the 400 problem document keeps the parser's message");
    } catch (const Poco::Exception&) {
      Require(false, "the 400 problem document is valid JSON");
    }
    return 0;
  }
  std::vector<granska::domain::FieldError> errors;
  granska::domain::Application app = granska::http::ParseApplication(object, errors);
  granska::domain::CheckApplication(app, errors);
  for (const auto& e : errors) Require(!e.field.empty() && !e.message.empty(), "a field error names field and problem");
  if (errors.empty()) CheckAccepted(app);
  CheckSnapshot(app);
  // The problem document only has to be valid JSON for valid UTF-8 (json_text.hpp); the
  // Poco parser refuses malformed UTF-8 in strings, so whatever it accepted is valid.
  CheckProblemDocument(errors);
  return 0;
}
