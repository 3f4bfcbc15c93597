// Administration (users and roles, passwords, premises) and the active rule set (read-only,
// with its sources).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "http/page_routes.hpp"
#include "http/page_views.hpp"
#include "http/request_parsers.hpp"
#include "workflow/authorization.hpp"

namespace granska::http {

using domain::Role;
using pages::View;

namespace {

// Who may open these pages: the matrix (workflow/authorization.cpp).
const std::vector<Role> kUserAdmins = workflow::RolesFor(workflow::Action::kManageUsers);
const std::vector<Role> kPremisesAdmins = workflow::RolesFor(workflow::Action::kManagePremises);
const std::vector<Role> kRuleReaders = workflow::RolesFor(workflow::Action::kReadRules);

// ---- Users ------------------------------------------------------------------------------

struct UserPosted {
  std::string form;  // create | password
  std::int64_t user_id = 0;
  std::vector<domain::FieldError> errors;
  std::string conflict;
};

Response UsersPage(PageRequest& req, const UserPosted& posted, int status) {
  auto users = req.ui.sessions.ListUsers(req.Actor());
  if (!users) return ErrorPage(req, users.Err());
  View rows = View::List();
  View summary;
  summary.Set("any", false).Set("items", View::List());
  for (const auto& u : *users) {
    const bool here = posted.form == "password" && posted.user_id == u.user.id;
    FieldErrors errors(req, "password-" + std::to_string(u.user.id));
    errors.Label("password", req.T("user_new_password_for") + " " + u.user.name);
    if (here) errors.Add(posted.errors);
    View v;
    v.Set("id", View::Number(u.user.id))
        .Set("user_name", u.user.name)
        .Set("role", req.Label("role_", domain::ToString(u.user.role)))
        .Set("sector", !u.user.sector.empty() ? req.Label("sector_", u.user.sector)
                       : u.user.role == domain::Role::kAdvisoryMember || u.user.role == domain::Role::kCoordinator
                           ? req.T("member_sector_not_given")
                           : std::string())
        .Set("has_password", u.has_password)
        .Set("disabled", u.disabled)
        .Set("created_at", LocalTime(u.created_at))
        .Set("staff", domain::IsStaff(u.user.role) && !u.disabled)
        .Set("password", errors.Field("password", ""));
    if (here) summary = errors.Summary();
    rows.Push(std::move(v));
  }
  FieldErrors create(req, "create");
  create.Labels({{"name", "user_name"}, {"role", "user_role"}, {"sector", "user_sector"}});
  if (posted.form == "create") create.Add(posted.errors);
  const Form& f = req.form;
  auto value = [&](const std::string& name) { return posted.form == "create" ? f.Get(name) : std::string(); };
  std::vector<std::string> roles, sectors;
  for (const auto& [r, name] : domain::kRoles) roles.emplace_back(name);
  for (const char* s : domain::kSectors) sectors.emplace_back(s);
  View data;
  data.Set("rows", std::move(rows));
  data.Set("name", create.Field("name", value("name")));
  data.Set("role", create.Field("role", ""));
  data.Set("roles", Options(req, "role_", roles, value("role").empty() ? "case_officer" : value("role")));
  data.Set("sector", create.Field("sector", ""));
  data.Set("sectors", Options(req, "sector_", sectors, value("sector"), true, "option_no_sector"));
  data.Set("errors", posted.form == "create" ? create.Summary() : summary);
  data.Set("notice", Notice(req));
  return RenderPage(req, status, "admin_users", req.T("users_title"), "users", std::move(data));
}

Response ShowUsers(PageRequest& req) { return UsersPage(req, {}, 200); }

Response CreateUser(PageRequest& req) {
  UserPosted posted{"create", 0, {}, {}};
  auto role = domain::ParseRole(req.form.Get("role"));
  if (!role) posted.errors.push_back({"role", "is required"});
  if (!posted.errors.empty()) return UsersPage(req, posted, 422);
  domain::User user{0, req.form.Get("name"), *role, req.form.Get("sector")};
  // Staff created here sign in with a password set below; the API token that every user
  // gets is never shown (integrations get theirs from `granska user add`).
  const std::string token = req.ui.tokens.NewToken();
  auto created = req.ex.services.users.Add(req.Actor(), user, token, req.ui.tokens.Digest(token));
  if (created) return SeeOther(req, "/admin/users?done=user_created#user-" + std::to_string(created->user.id));
  if (created.Err().code == domain::ErrorCode::kValidation) {
    posted.errors = created.Err().errors;
    return UsersPage(req, posted, 422);
  }
  return ErrorPage(req, created.Err());
}

Response SetPassword(PageRequest& req) {
  std::int64_t id = 0;
  try {
    id = std::stoll(req.ex.params["id"]);
  } catch (const std::exception&) {
    return ErrorPage(req, domain::Error::NotFound("There is no such user."));
  }
  auto r = req.ui.sessions.SetPassword(req.Actor(), id, req.form.Get("password"));
  if (r) return SeeOther(req, "/admin/users?done=password_set#user-" + std::to_string(id));
  if (r.Err().code == domain::ErrorCode::kValidation) {
    UserPosted posted{"password", id, r.Err().errors, {}};
    for (auto& e : posted.errors)
      if (e.field != "password") e.field = "password";  // the row shows one field
    return UsersPage(req, posted, 422);
  }
  return ErrorPage(req, r.Err());
}

// Revokes the user's API tokens at once (recorded as token_revoked); a new one is issued on
// the command line (`granska user new-token`), where it is shown once.
Response RevokeToken(PageRequest& req) {
  std::int64_t id = 0;
  try {
    id = std::stoll(req.ex.params["id"]);
  } catch (const std::exception&) {
    return ErrorPage(req, domain::Error::NotFound("There is no such user."));
  }
  auto r = req.ex.services.users.RevokeTokensOf(req.Actor(), id);
  if (r) return SeeOther(req, "/admin/users?done=tokens_revoked#user-" + std::to_string(id));
  return ErrorPage(req, r.Err());
}

// ---- Premises -----------------------------------------------------------------------------

struct PremisesPosted {
  std::string id;  // the row posted, or "" for the new-premises form
  bool is_new = false;
  std::vector<domain::FieldError> errors;
};

Response PremisesPage(PageRequest& req, const PremisesPosted& posted, int status) {
  const auto all = req.ex.services.premises.List();
  View rows = View::List();
  View summary;
  summary.Set("any", false).Set("items", View::List());
  for (const auto& p : all) {
    const bool here = !posted.is_new && posted.id == p.id && !posted.errors.empty();
    FieldErrors errors(req, "premises-" + p.id);
    errors.Label("name", req.T("premises_name") + " (" + p.id + ")").Label("capacity", req.T("premises_capacity") + " (" + p.id + ")");
    if (here) errors.Add(posted.errors);
    View v;
    v.Set("id", p.id)
        .Set("name", errors.Field("name", here ? req.form.Get("name") : p.name))
        .Set("capacity", errors.Field("capacity", here ? req.form.Get("capacity") : std::to_string(p.capacity)))
        .Set("title", p.name);
    if (here) summary = errors.Summary();
    rows.Push(std::move(v));
  }
  FieldErrors create(req, "new-premises");
  create.Labels({{"id", "premises_id"}, {"name", "premises_name"}, {"capacity", "premises_capacity"}});
  if (posted.is_new) create.Add(posted.errors);
  auto value = [&](const std::string& n) { return posted.is_new ? req.form.Get(n) : std::string(); };
  View data;
  data.Set("any", rows.Size() > 0);
  data.Set("rows", std::move(rows));
  data.Set("new_id", create.Field("id", value("id")));
  data.Set("new_name", create.Field("name", value("name")));
  data.Set("new_capacity", create.Field("capacity", value("capacity")));
  data.Set("errors", posted.is_new ? create.Summary() : summary);
  data.Set("notice", Notice(req));
  return RenderPage(req, status, "admin_premises", req.T("premises_title"), "premises", std::move(data));
}

Response ShowPremises(PageRequest& req) { return PremisesPage(req, {}, 200); }

Response SavePremises(PageRequest& req, const std::string& id, bool is_new) {
  // The form becomes the API's JSON body: the same parser and checks as PUT /api/v1/premises/{id}.
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("name", req.form.Get("name"));
  std::vector<domain::FieldError> errors;
  const std::string capacity = req.form.Get("capacity");
  try {
    std::size_t used = 0;
    const long long n = std::stoll(capacity, &used);
    if (used != capacity.size()) throw std::invalid_argument(capacity);
    body->set("capacity", static_cast<Poco::Int64>(n));
  } catch (const std::exception&) {
    errors.push_back({"capacity", "must be a whole number"});
    body->set("capacity", static_cast<Poco::Int64>(1));
  }
  std::vector<domain::FieldError> parse_errors;
  domain::Premises p = ParsePremises(body, parse_errors);
  for (auto& e : parse_errors)
    if (!(e.field == "capacity" && !errors.empty())) errors.push_back(e);
  p.id = id;
  if (!workflow::Allowed(req.Role(), workflow::Action::kManagePremises))
    return ErrorPage(req, domain::Error::Forbidden("The role may not create or change premises."));
  auto r = req.ex.services.premises.Put(req.Actor(), p, std::move(errors));
  if (r) return SeeOther(req, std::string("/admin/premises?done=") + (r->created ? "premises_created" : "premises_changed"));
  if (r.Err().code == domain::ErrorCode::kValidation)
    return PremisesPage(req, PremisesPosted{id, is_new, r.Err().errors}, 422);
  return ErrorPage(req, r.Err());
}

Response CreatePremises(PageRequest& req) { return SavePremises(req, req.form.Get("id"), true); }
Response ChangePremises(PageRequest& req) { return SavePremises(req, req.ex.params["id"], false); }

// ---- The rule set -------------------------------------------------------------------------

Response RulesPage(PageRequest& req) {
  View data;
  View rules = View::List();
  View files = View::List();
  std::string version, count = "0";
  try {
    Poco::JSON::Parser parser;
    auto o = parser.parse(req.ex.services.rules_json).extract<Poco::JSON::Object::Ptr>();
    version = o->optValue<std::string>("version", "");
    count = std::to_string(o->optValue<int>("rule_count", 0));
    auto arr = o->getArray("rules");
    for (std::size_t i = 0; arr && i < arr->size(); ++i) {
      auto r = arr->getObject(i);
      View v;
      std::string applies;
      if (auto a = r->getArray("applies_to"))
        for (std::size_t j = 0; j < a->size(); ++j)
          applies += (applies.empty() ? "" : ", ") + req.Label("kind_", a->getElement<std::string>(j));
      std::string types;
      if (auto a = r->getArray("grant_types"))
        for (std::size_t j = 0; j < a->size(); ++j)
          types += (types.empty() ? "" : ", ") + req.Label("grant_type_", a->getElement<std::string>(j));
      const std::string outcome = r->optValue<std::string>("outcome", "");
      auto title = r->getObject("title");
      v.Set("id", r->optValue<std::string>("id", ""))
          .Set("title", title ? title->optValue<std::string>(req.lang, title->optValue<std::string>("sv", "")) : "")
          .Set("category", req.Label("category_", r->optValue<std::string>("category", "")))
          .Set("applies_to", applies)
          .Set("has_grant_types", !types.empty())
          .Set("grant_types", types)
          .Set("outcome", req.Label("outcome_", outcome))
          .Set("outcome_class", "outcome-" + outcome)
          .Set("basis", r->optValue<std::string>("basis", ""))
          .Set("basis_sv", req.lang != "sv")  // a rule's basis is written in Swedish only
          .Set("condition", r->optValue<std::string>("condition", ""))
          .Set("source", r->optValue<std::string>("file", "") + ":" + std::to_string(r->optValue<int>("line", 0)));
      rules.Push(std::move(v));
    }
    if (!req.ui.rules_sources_json.empty()) {
      auto sources = parser.parse(req.ui.rules_sources_json).extract<Poco::JSON::Object::Ptr>();
      for (const auto& [name, text] : *sources) {
        View f;
        f.Set("name", name).Set("text", text.toString());
        files.Push(std::move(f));
      }
    }
  } catch (const Poco::Exception&) {
    // No rule set loaded: the page says so.
  }
  data.Set("version", version);
  data.Set("count", count);
  data.Set("any", rules.Size() > 0);
  data.Set("rules", std::move(rules));
  data.Set("has_files", files.Size() > 0);
  data.Set("files", std::move(files));
  return RenderPage(req, 200, "rules", req.T("rules_title"), "rules", std::move(data));
}

}  // namespace

void AddAdminPages(Router& router) {
  router.Add(PageRoute("GET", "/admin/users", kUserAdmins, ShowUsers));
  router.Add(PageRoute("POST", "/admin/users", kUserAdmins, CreateUser, "/admin/users"));
  router.Add(PageRoute("POST", "/admin/users/{id}/password", kUserAdmins, SetPassword, "/admin/users"));
  router.Add(PageRoute("POST", "/admin/users/{id}/revoke-token", kUserAdmins, RevokeToken, "/admin/users"));
  router.Add(PageRoute("GET", "/admin/premises", kPremisesAdmins, ShowPremises));
  router.Add(PageRoute("POST", "/admin/premises", kPremisesAdmins, CreatePremises, "/admin/premises"));
  router.Add(PageRoute("POST", "/admin/premises/{id}", kPremisesAdmins, ChangePremises, "/admin/premises"));
  router.Add(PageRoute("GET", "/rules", kRuleReaders, RulesPage));
}

}  // namespace granska::http
