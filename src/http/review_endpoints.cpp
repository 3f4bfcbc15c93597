// The case workflow after screening: referral, advice, kommunicering, reply, decision,
// withdrawal, assignment. Each handler parses, calls one use case, writes the case summary.
#include "http/endpoint_support.hpp"
#include "http/json_fields.hpp"
#include "http/json_views.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "workflow/case_workflow.hpp"

namespace granska::http {

namespace {

using domain::FieldError;

template <typename Table, typename Parse>
auto EnumValue(JsonFields& f, const Poco::JSON::Object::Ptr& o, const std::string& key, bool required,
               const Table& table, Parse parse) -> decltype(parse(std::string_view())) {
  auto s = f.String(o, "", key, required);
  if (!s) return std::nullopt;
  auto v = parse(*s);
  if (!v) {
    std::string allowed;
    for (const auto& [e, name] : table) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    f.Error(key, "unknown value '" + *s + "'; must be one of " + allowed);
  }
  return v;
}

// Shared shape: case id from the path, optional If-Match, a JSON body.
struct CommandRequest {
  std::int64_t case_id = 0;
  std::optional<std::int64_t> expected_version;
  Poco::JSON::Object::Ptr body;
};

std::optional<Response> ReadCommand(Exchange& ex, CommandRequest& out, bool needs_body = true) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no case '" + ex.params["id"] + "'."), ex.instance);
  out.case_id = *id;
  if (auto bad = ReadIfMatch(ex, out.expected_version)) return bad;
  if (needs_body) {
    if (auto r = ReadJsonObject(ex, out.body)) return r;
  } else {
    out.body = new Poco::JSON::Object;
    if (!ex.body.empty()) {
      if (auto r = ReadJsonObject(ex, out.body)) return r;
    }
  }
  return std::nullopt;
}

Response Written(const domain::Result<domain::CaseSummary>& result, const Exchange& ex) {
  if (!result) return Problem(result.Err(), ex.instance);
  Response r = Json(200, CaseSummaryJson(*result));
  r.headers.emplace_back("ETag", "\"" + std::to_string(result->version) + "\"");
  return r;
}

Response Refer(Exchange& ex) {
  CommandRequest cmd;
  if (auto r = ReadCommand(ex, cmd)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  const std::string question = f.String(cmd.body, "", "question", false).value_or("");
  return Written(ex.services.workflow.Refer(ex.Actor(), cmd.case_id, cmd.expected_version, question, errors), ex);
}

Response Advise(Exchange& ex) {
  CommandRequest cmd;
  if (auto r = ReadCommand(ex, cmd)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::AdviceInput in;
  in.recusal = f.Bool(cmd.body, "", "recusal", false).value_or(false);
  if (in.recusal) {
    in.reasoning = f.String(cmd.body, "", "reason", false).value_or("");
    // A recusal gives no advice: a body that carries both is ambiguous, and recording the
    // recusal would drop the advice without a word (API review).
    for (const char* key : {"recommendation", "reasoning", "proposed_conditions"})
      if (cmd.body->has(key))
        f.Error(key, "is advice; a recusal (recusal: true) carries only its reason - send one or the other");
  } else {
    in.recommendation = EnumValue(f, cmd.body, "recommendation", false, domain::kAdviceRecommendations,
                                  domain::ParseAdviceRecommendation);
    in.reasoning = f.String(cmd.body, "", "reasoning", false).value_or("");
    if (auto arr = f.Array(cmd.body, "", "proposed_conditions", false)) {
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const std::string path = "proposed_conditions[" + std::to_string(i) + "]";
        auto v = arr->get(i);
        if (v.isString()) {
          if (auto text = f.Text(path, v.extract<std::string>())) in.proposed_conditions.push_back(*text);
        } else if (arr->isObject(i)) {
          // {"description": null}, a number or an object is a field error, not a stringified value.
          if (auto text = f.String(arr->getObject(i), path, "description", true, true))
            in.proposed_conditions.push_back(*text);
        } else {
          f.Error(path, "must be a text or an object with a description");
        }
      }
    }
  }
  return Written(ex.services.workflow.Advise(ex.Actor(), cmd.case_id, in, errors), ex);
}

// Begäran om komplettering: what the screening found missing, by a reply date.
Response RequestInformation(Exchange& ex) {
  CommandRequest cmd;
  if (auto r = ReadCommand(ex, cmd)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::InformationRequestInput in;
  in.reply_by = f.Date(cmd.body, "", "reply_by", true);
  in.message = f.String(cmd.body, "", "message", false).value_or("");
  f.OnlyMembers(cmd.body, "", {"reply_by", "message"});
  return Written(
      ex.services.workflow.RequestInformation(ex.Actor(), cmd.case_id, cmd.expected_version, in, std::move(errors)),
      ex);
}

Response Communicate(Exchange& ex) {
  CommandRequest cmd;
  if (auto r = ReadCommand(ex, cmd)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::CommunicationInput in;
  if (auto o = EnumValue(f, cmd.body, "intended_outcome", true, domain::kDecisionOutcomes,
                         domain::ParseDecisionOutcome))
    in.intended_outcome = *o;
  in.intended_amount_sek = f.Int(cmd.body, "", "intended_amount_sek", false);
  in.reasons = f.String(cmd.body, "", "reasons", false).value_or("");
  in.reply_by = f.Date(cmd.body, "", "reply_by", false);
  return Written(ex.services.workflow.Communicate(ex.Actor(), cmd.case_id, cmd.expected_version, in, errors), ex);
}

Response Reply(Exchange& ex) {
  CommandRequest cmd;
  if (auto r = ReadCommand(ex, cmd)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  const std::string text = f.String(cmd.body, "", "text", false).value_or("");
  return Written(ex.services.workflow.Reply(ex.Actor(), cmd.case_id, cmd.expected_version, text, errors), ex);
}

Response Decide(Exchange& ex) {
  CommandRequest cmd;
  if (auto r = ReadCommand(ex, cmd)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::DecisionInput in;
  if (auto o = EnumValue(f, cmd.body, "outcome", true, domain::kDecisionOutcomes, domain::ParseDecisionOutcome))
    in.outcome = *o;
  in.amount_sek = f.Int(cmd.body, "", "amount_sek", false);
  in.reasons = f.String(cmd.body, "", "reasons", false).value_or("");
  in.special_reasons = f.String(cmd.body, "", "special_reasons", false).value_or("");
  if (auto arr = f.Array(cmd.body, "", "conditions", false)) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "conditions[" + std::to_string(i) + "]";
      if (!arr->isObject(i)) {
        f.Error(path, "must be an object with kind, due and description");
        continue;
      }
      auto c = arr->getObject(i);
      domain::ConditionSpec spec;
      auto kind = f.String(c, path, "kind", true);
      if (kind) {
        if (auto k = domain::ParseConditionKind(*kind))
          spec.kind = *k;
        else
          f.Error(path + ".kind", "unknown condition kind '" + *kind +
                                      "'; must be one of activity_report, financial_report, open_to_public, "
                                      "inspection_access, attendance_cap, custom");
      }
      if (auto due = f.Date(c, path, "due", true)) spec.due = *due;
      spec.description = f.String(c, path, "description", true, true).value_or("");
      in.conditions.push_back(spec);
    }
  }
  return Written(ex.services.workflow.Decide(ex.Actor(), cmd.case_id, cmd.expected_version, in, errors), ex);
}

Response Withdraw(Exchange& ex) {
  CommandRequest cmd;
  if (auto r = ReadCommand(ex, cmd, false)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  const std::string reason = f.String(cmd.body, "", "reason", false).value_or("");
  if (!errors.empty()) return Problem(domain::Error::Validation(errors), ex.instance);
  return Written(ex.services.workflow.Withdraw(ex.Actor(), cmd.case_id, cmd.expected_version, reason), ex);
}

Response Assign(Exchange& ex) {
  CommandRequest cmd;
  if (auto r = ReadCommand(ex, cmd, false)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  auto user_id = f.Int(cmd.body, "", "user_id", false);
  if (!errors.empty()) return Problem(domain::Error::Validation(errors), ex.instance);
  return Written(ex.services.workflow.Assign(ex.Actor(), cmd.case_id, user_id.value_or(ex.Actor().user_id)), ex);
}

Response RecordMinutesPosted(Exchange& ex) {
  CommandRequest cmd;
  if (auto r = ReadCommand(ex, cmd)) return *r;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::MinutesPostedInput in;
  in.posted_on = f.Date(cmd.body, "", "posted_on", true);
  in.minutes_reference = f.String(cmd.body, "", "minutes_reference", false).value_or("");
  in.correction_reason = f.String(cmd.body, "", "correction_reason", false).value_or("");
  f.OnlyMembers(cmd.body, "", {"posted_on", "minutes_reference", "correction_reason"});
  return Written(
      ex.services.workflow.RecordMinutesPosted(ex.Actor(), cmd.case_id, cmd.expected_version, in, errors), ex);
}

}  // namespace

void AddReviewRoutes(Router& router) {
  router.Add({"POST", "/api/v1/cases/{id}/referral", Access::kAuthenticated, true, Refer});
  router.Add({"POST", "/api/v1/cases/{id}/advice", Access::kAuthenticated, true, Advise});
  router.Add({"POST", "/api/v1/cases/{id}/information-request", Access::kAuthenticated, true, RequestInformation});
  router.Add({"POST", "/api/v1/cases/{id}/communication", Access::kAuthenticated, true, Communicate});
  router.Add({"POST", "/api/v1/cases/{id}/reply", Access::kAuthenticated, true, Reply});
  router.Add({"POST", "/api/v1/cases/{id}/decision", Access::kAuthenticated, true, Decide});
  router.Add({"POST", "/api/v1/cases/{id}/withdraw", Access::kAuthenticated, true, Withdraw});
  router.Add({"POST", "/api/v1/cases/{id}/assign", Access::kAuthenticated, true, Assign});
  router.Add({"POST", "/api/v1/cases/{id}/minutes-posted", Access::kAuthenticated, true, RecordMinutesPosted});
}

}  // namespace granska::http
