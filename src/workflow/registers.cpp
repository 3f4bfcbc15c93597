#include "workflow/registers.hpp"

#include "domain/json_text.hpp"
#include "workflow/authorization.hpp"
#include "workflow/session_ports.hpp"
#include "workflow/session_service.hpp"

namespace granska::workflow {

using domain::Error;

domain::Result<PremisesAdmin::Saved> PremisesAdmin::Put(const domain::Actor& actor, const domain::Premises& p,
                                                        std::vector<domain::FieldError> errors) {
  // Checked here as well as by the route (authorization.hpp): user_id 0 is the command line
  // (`granska demo`), run by whoever runs the server.
  Error denied;
  if (actor.user_id != 0 && !Authorize(actor.role, Action::kManagePremises, denied)) return denied;
  if (!domain::ValidPremisesId(p.id))
    errors.push_back({"id", "must be 1-64 characters of a-z, 0-9, '-' and '_'"});
  if (!errors.empty()) return Error::Validation(std::move(errors));
  auto uow = db_.Begin();
  const bool created = uow->Premises().Upsert(p);
  domain::JsonWriter d;
  d.BeginObject().Field("premises_id", p.id).Field("name", p.name).Field("capacity", p.capacity).EndObject();
  uow->Events().Append(std::nullopt, actor, created ? "premises_created" : "premises_changed", d.Text());
  uow->Commit();
  return Saved{p, created};
}

std::vector<domain::Premises> PremisesAdmin::List() {
  auto uow = db_.Begin();
  return uow->Premises().List();
}

domain::Result<domain::Premises> PremisesAdmin::Get(const std::string& id) {
  auto uow = db_.Begin();
  auto p = uow->Premises().Find(id);
  if (!p) return Error::NotFound("There are no premises '" + id + "'.");
  return *p;
}

std::vector<BookingSlot> PremisesAdmin::Calendar(const std::string& id, const domain::Instant& from,
                                                  const domain::Instant& to) {
  auto uow = db_.Begin();
  return uow->FollowUp().Calendar(id, from, to);
}

domain::Result<domain::Incident> IncidentRegister::Record(const domain::Actor& actor, domain::Incident incident,
                                                          std::vector<domain::FieldError> errors) {
  // Checked here as well as by the route (authorization.hpp); nothing records an incident
  // on the system's behalf, so there is no exception for the command line.
  Error denied;
  if (!Authorize(actor.role, Action::kRecordIncident, denied)) return denied;
  domain::CheckIncident(incident, clock_.Today(), errors);
  if (!errors.empty()) return Error::Validation(std::move(errors));
  incident.recorded_by = actor.user_id;
  auto uow = db_.Begin();
  incident.id = uow->Incidents().Insert(incident);
  domain::JsonWriter d;
  d.BeginObject()
      .Field("incident_id", incident.id)
      .Field("kind", domain::ToString(incident.kind))
      .Field("verified", incident.verified)
      .EndObject();
  uow->Events().Append(std::nullopt, actor, "incident_recorded", d.Text());
  auto stored = uow->Incidents().Find(incident.id);
  uow->Commit();
  return *stored;
}

Page<domain::Incident> IncidentRegister::List(const IncidentFilter& filter) {
  auto uow = db_.Begin();
  return uow->Incidents().List(filter);
}

domain::Result<UserAdmin::Created> UserAdmin::Add(const domain::Actor& actor, domain::User user,
                                                  const std::string& token, const std::string& token_hash) {
  // Checked here as well as by the page (authorization.hpp): user_id 0 is the command line
  // (`granska user add`), run by whoever runs the server.
  Error denied;
  if (actor.user_id != 0 && !Authorize(actor.role, Action::kManageUsers, denied)) return denied;
  std::vector<domain::FieldError> errors;
  if (user.name.empty()) errors.push_back({"name", "must not be empty"});
  // A longer name could never sign in (SessionService::SignIn looks up at most this much).
  if (LoginFor(user.name).size() > kMaxLoginBytes)
    errors.push_back({"name", "must be at most " + std::to_string(kMaxLoginBytes) + " bytes"});
  if (!user.sector.empty() && !domain::ValidSector(user.sector)) {
    std::string known;
    for (const char* s : domain::kSectors) known += (known.empty() ? "" : ", ") + std::string(s);
    errors.push_back({"sector", "unknown sector '" + user.sector + "'; it is one of " + known});
  }
  // The sector is optional (shared/api.md: `user add ... [--sector SECTOR]`); a member without
  // one is shown as "sector not given" where advice is listed.
  auto uow = db_.Begin();
  // A name identifies one user (`user revoke-token --name`, sign-in), compared as at sign-in:
  // ignoring case and surrounding spaces.
  const auto name_taken = [&user] {
    return domain::FieldError{"name", "another user is already named '" + user.name +
                                          "' (names are compared ignoring case and surrounding spaces); choose another"};
  };
  if (errors.empty() && !uow->Sessions().FindUsersByName(user.name).empty()) errors.push_back(name_taken());
  if (!errors.empty()) return Error::Validation(std::move(errors));
  // The unique index (migration 0021) settles a race with a concurrent `user add` of the name.
  const auto id = uow->Users().Insert(user);
  if (!id) return Error::Validation({name_taken()});
  user.id = *id;
  uow->Users().AddToken(user.id, token_hash);
  domain::JsonWriter d;
  d.BeginObject()
      .Field("user_id", user.id)
      .Field("name", user.name)
      .Field("role", domain::ToString(user.role))
      .EndObject();
  uow->Events().Append(std::nullopt, actor, "user_created", d.Text());
  uow->Commit();
  return Created{user, token};
}

namespace {

domain::Result<domain::User> OneUserNamed(UnitOfWork& uow, const std::string& name) {
  auto users = uow.Sessions().FindUsersByName(name);
  if (users.empty()) return Error::NotFound("There is no user named '" + name + "'.");
  if (users.size() > 1)
    return Error::Conflict(std::to_string(users.size()) + " users are named '" + name +
                           "'; a name must identify one user.");
  return users.front();
}

// The user is found by name, or by id when `user_id` is set.
domain::Result<UserAdmin::TokenChange> ChangeTokens(Database& db, const domain::Actor& actor, const std::string& name,
                                                    std::optional<std::int64_t> user_id, const std::string* token,
                                                    const std::string* token_hash) {
  Error denied;
  if (actor.user_id != 0 && !Authorize(actor.role, Action::kManageUsers, denied)) return denied;
  auto uow = db.Begin();
  domain::Result<domain::User> user = Error::NotFound("There is no user " + std::to_string(user_id.value_or(0)) + ".");
  if (!user_id) {
    user = OneUserNamed(*uow, name);
  } else if (auto found = uow->Users().Find(*user_id)) {
    user = *found;
  }
  if (!user) return user.Err();
  UserAdmin::TokenChange change{*user, uow->Users().RevokeTokens(user->id), {}};
  if (token) {
    uow->Users().AddToken(user->id, *token_hash);
    change.token = *token;
  }
  domain::JsonWriter d;
  d.BeginObject()
      .Field("user_id", user->id)
      .Field("name", user->name)
      .Field("role", domain::ToString(user->role))
      .Field("revoked", static_cast<std::int64_t>(change.revoked))
      .EndObject();
  uow->Events().Append(std::nullopt, actor, token ? "token_issued" : "token_revoked", d.Text());
  uow->Commit();
  return change;
}

}  // namespace

domain::Result<UserAdmin::TokenChange> UserAdmin::RevokeTokens(const domain::Actor& actor, const std::string& name) {
  return ChangeTokens(db_, actor, name, std::nullopt, nullptr, nullptr);
}

domain::Result<UserAdmin::TokenChange> UserAdmin::RevokeTokensOf(const domain::Actor& actor, std::int64_t user_id) {
  return ChangeTokens(db_, actor, {}, user_id, nullptr, nullptr);
}

domain::Result<UserAdmin::TokenChange> UserAdmin::NewToken(const domain::Actor& actor, const std::string& name,
                                                           const std::string& token, const std::string& token_hash) {
  return ChangeTokens(db_, actor, name, std::nullopt, &token, &token_hash);
}

std::optional<domain::User> UserAdmin::Authenticate(const std::string& token_hash) {
  // Every API request: one statement, no transaction around it.
  return ReadOnce(db_, [&](UnitOfWork& uow) { return uow.Users().FindByTokenHash(token_hash); });
}

}  // namespace granska::workflow
