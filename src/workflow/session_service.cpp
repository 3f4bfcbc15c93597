#include "workflow/session_service.hpp"

#include <algorithm>
#include <mutex>

#include "domain/json_text.hpp"
#include "workflow/authorization.hpp"

namespace granska::workflow {

using domain::Error;

namespace {

constexpr const char* kAccount = "account";
constexpr const char* kAccountAt = "account_at";
constexpr const char* kAccountDevice = "account_device";
constexpr const char* kAddress = "address";
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kMaxTokenBytes = 256;

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

domain::Actor ActorOf(const domain::User& u) { return {u.id, u.name, u.role}; }

}  // namespace

std::string LoginFor(const std::string& name) {
  const auto b = name.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = name.find_last_not_of(" \t\r\n");
  std::string out = name.substr(b, e - b + 1);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

ThrottleRule SessionService::AccountRule() const {
  return {policy_.account_failures, policy_.failure_window_minutes * 60, policy_.first_delay_seconds};
}

ThrottleRule SessionService::AddressRule() const {
  return {policy_.address_failures, policy_.failure_window_minutes * 60, policy_.first_delay_seconds};
}

std::int64_t SessionService::PruneThrottle() {
  auto uow = db_.Begin();
  const auto n = uow->Sessions().PruneThrottle(policy_.failure_window_minutes * 60);
  uow->Commit();
  return n;
}

std::int64_t SessionService::PruneDevices() {
  auto uow = db_.Begin();
  const auto n = uow->Sessions().PruneDevices(policy_.remembered_device_days);
  uow->Commit();
  return n;
}

SignInResult SessionService::SignIn(const std::string& login_text, const std::string& password,
                                    const std::string& client_address, const std::string& device_token) {
  // Too long to be anyone's name: treated like an empty one, so only the address counts
  // the failure and nothing of up to a request body's size is stored or looked up.
  std::string login = LoginFor(login_text);
  if (login.size() > kMaxLoginBytes) login.clear();
  const std::string address_key = AddressKey(client_address);
  const ThrottleRule account_rule = AccountRule();
  const ThrottleRule address_rule = AddressRule();
  SignInResult out;
  std::optional<Credential> credential;
  // The account's throttle key: its own on a remembered device of its user, or at an
  // address its user signed in from lately, otherwise the login's (which an unknown name has
  // too). None for an empty login.
  std::string account_scope, account_key;
  std::optional<SessionRepository::Device> device;
  double reserved_at = 0;

  // 1. Count the attempt before anything is checked. Both rows are locked (the address
  // first, then the account: every sign-in takes them in this order), so concurrent
  // attempts of every thread and process are decided one after the other, each seeing the
  // ones before it as pending.
  {
    auto uow = db_.Begin();
    auto& sessions = uow->Sessions();
    if (!login.empty()) {
      credential = sessions.FindCredential(login);
      // Asked for an unknown name too (of user 0, who has no sessions): the same statements.
      const bool known_address =
          sessions.SignedInFrom(credential ? credential->user.id : 0, address_key, kKnownAddressDays) && credential;
      // Looked up by the cookie alone, whoever the name is: the lookup reveals no account.
      if (!device_token.empty() && device_token.size() <= kMaxTokenBytes)
        device = sessions.FindDevice(tokens_.Digest(device_token), policy_.remembered_device_days);
      if (device && !(credential && device->user_id == credential->user.id)) device.reset();
      account_scope = device ? kAccountDevice : known_address ? kAccountAt : kAccount;
      account_key = device          ? std::to_string(device->id) + " " + login
                    : known_address ? address_key + " " + login
                                    : login;
    }
    const auto address_row = sessions.LockThrottle(kAddress, address_key);
    std::optional<SessionRepository::LockedThrottle> account_row;
    if (!account_key.empty()) account_row = sessions.LockThrottle(account_scope, account_key);
    const double now = account_row ? std::max(account_row->now, address_row.now) : address_row.now;
    const auto by_address = DecideAttempt(address_row.state, now, address_rule);
    const auto by_account =
        account_row ? DecideAttempt(account_row->state, now, account_rule) : ThrottleDecision{true, 0, {}};
    if (!by_address.allowed || !by_account.allowed) {
      out.status = SignInStatus::kThrottled;
      out.retry_after_seconds = std::max(by_address.retry_after_seconds, by_account.retry_after_seconds);
      const std::string limit = !by_account.allowed && !by_address.allowed ? "account, address"
                                : !by_account.allowed                      ? "account"
                                                                           : "address";
      domain::JsonWriter d;
      d.BeginObject()
          .Field("address", client_address)
          .Field("limit", limit)
          .Field("retry_after_seconds", out.retry_after_seconds)
          .EndObject();
      uow->Events().Append(std::nullopt, credential ? ActorOf(credential->user) : domain::Actor{}, "sign_in_throttled",
                           d.Text());
      uow->Commit();
      return out;
    }
    // A reservation, settled below in the transaction that records the outcome.
    sessions.SaveThrottle(kAddress, address_key, by_address.next);
    if (account_row) sessions.SaveThrottle(account_scope, account_key, by_account.next);
    reserved_at = now;
    uow->Commit();
  }

  // 2. The hash is checked outside any transaction: argon2id is slow and memory-hungry on
  // purpose. An unknown name costs the same work, so timing does not reveal accounts.
  static std::once_flag dummy_once;
  static std::string dummy_hash;
  std::call_once(dummy_once, [&] { dummy_hash = hasher_.Hash("granska-no-such-account"); });
  const bool usable = credential && domain::IsStaff(credential->user.role) && password.size() <= kMaxPasswordBytes;
  const bool ok = usable ? hasher_.Verify(credential->password_hash, password)
                         : (hasher_.Verify(dummy_hash, password.substr(0, kMaxPasswordBytes)), false);

  // 3. Settle the reservation with the outcome and its event, in one transaction.
  auto uow = db_.Begin();
  auto& sessions = uow->Sessions();
  const auto address_row = sessions.LockThrottle(kAddress, address_key);
  std::optional<SessionRepository::LockedThrottle> account_row;
  if (!account_key.empty()) account_row = sessions.LockThrottle(account_scope, account_key);
  domain::JsonWriter d;
  if (!ok) {
    sessions.SaveThrottle(kAddress, address_key, SettleFailure(address_row.state, reserved_at, address_rule));
    if (account_row)
      sessions.SaveThrottle(account_scope, account_key, SettleFailure(account_row->state, reserved_at, account_rule));
    d.BeginObject().Field("address", client_address).Field("known_account", credential.has_value()).EndObject();
    uow->Events().Append(std::nullopt, credential ? ActorOf(credential->user) : domain::Actor{}, "sign_in_failed",
                         d.Text());
    uow->Commit();
    out.status = SignInStatus::kRejected;
    return out;
  }
  out.status = SignInStatus::kSignedIn;
  out.user = credential->user;
  out.token = tokens_.NewToken();
  out.csrf_token = tokens_.NewToken();
  // The address keeps its failures (an address shared by many); the account starts afresh.
  sessions.SaveThrottle(kAddress, address_key, SettleSuccess(address_row.state));
  sessions.DeleteThrottle(account_scope, account_key);
  const std::int64_t id = sessions.InsertSession(out.user.id, tokens_.Digest(out.token), out.csrf_token, client_address,
                                                 address_key, policy_.max_hours * 60);
  // The browser's device: the one it presented, remembered again, or a new one.
  out.device_known = device.has_value();
  if (device) {
    sessions.TouchDevice(device->id);
    out.device_token = device_token;
  } else {
    out.device_token = tokens_.NewToken();
    sessions.RememberDevice(out.user.id, tokens_.Digest(out.device_token));
    sessions.ForgetOldDevices(out.user.id, kMaxDevicesPerUser);
  }
  d.BeginObject()
      .Field("session_id", id)
      .Field("address", client_address)
      .Field("device", out.device_known ? "remembered" : "new")
      .EndObject();
  uow->Events().Append(std::nullopt, ActorOf(out.user), "signed_in", d.Text());
  uow->Commit();
  return out;
}

std::optional<Session> SessionService::Resume(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenBytes) return std::nullopt;
  // Every page request: one statement, no transaction around it; the idle clock is moved
  // on (its own small transaction) at most once a minute.
  const std::string digest = tokens_.Digest(token);
  auto found =
      ReadOnce(db_, [&](UnitOfWork& uow) { return uow.Sessions().FindLiveSession(digest, policy_.idle_minutes); });
  if (!found) return std::nullopt;
  if (found->stale) {
    auto uow = db_.Begin();
    uow->Sessions().Touch(found->id);
    uow->Commit();
  }
  return Session{found->id, found->user, found->csrf_token};
}

void SessionService::SignOut(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenBytes) return;
  auto uow = db_.Begin();
  auto user_id = uow->Sessions().Revoke(tokens_.Digest(token));
  if (!user_id) return;
  domain::Actor actor{*user_id, "", domain::Role::kCaseOfficer};
  if (auto u = uow->Users().Find(*user_id)) actor = ActorOf(*u);
  uow->Events().Append(std::nullopt, actor, "signed_out", "{}");
  uow->Commit();
}

domain::Result<domain::User> SessionService::Store(UnitOfWork& uow, const domain::Actor& actor,
                                                   const domain::User& user, const std::string& password) {
  std::vector<domain::FieldError> errors;
  if (!domain::IsStaff(user.role))
    errors.push_back({"user", "the e-service signs in with its API token, not with a password"});
  if (CodePoints(password) < static_cast<std::size_t>(policy_.min_password_length))
    errors.push_back({"password", "must be at least " + std::to_string(policy_.min_password_length) + " characters"});
  else if (password.size() > kMaxPasswordBytes)
    errors.push_back({"password", "must be at most " + std::to_string(kMaxPasswordBytes) + " bytes"});
  if (!errors.empty()) return Error::Validation(std::move(errors));
  if (!uow.Sessions().SetPassword(user.id, LoginFor(user.name), hasher_.Hash(password)))
    return Error::Validation({{"name", "another user signs in with the same name; rename one of them first"}});
  const int ended = uow.Sessions().RevokeAll(user.id);
  const int devices = uow.Sessions().ForgetDevices(user.id);
  domain::JsonWriter d;
  d.BeginObject()
      .Field("user_id", user.id)
      .Field("name", user.name)
      .Field("sessions_ended", ended)
      .Field("devices_forgotten", devices)
      .EndObject();
  uow.Events().Append(std::nullopt, actor, "password_set", d.Text());
  uow.Commit();
  return user;
}

domain::Result<domain::User> SessionService::SetPassword(const domain::Actor& actor, std::int64_t user_id,
                                                         const std::string& password) {
  Error denied;
  // user_id 0 is the command line (`granska user passwd`), run by whoever runs the server.
  if (actor.user_id != 0 && !Authorize(actor.role, Action::kManageUsers, denied)) return denied;
  auto uow = db_.Begin();
  auto user = uow->Users().Find(user_id);
  if (!user) return Error::NotFound("There is no user " + std::to_string(user_id) + ".");
  return Store(*uow, actor, *user, password);
}

domain::Result<domain::User> SessionService::SetPasswordByName(const domain::Actor& actor, const std::string& name,
                                                               const std::string& password) {
  Error denied;
  if (actor.user_id != 0 && !Authorize(actor.role, Action::kManageUsers, denied)) return denied;
  auto uow = db_.Begin();
  auto users = uow->Sessions().FindUsersByName(name);
  if (users.empty()) return Error::NotFound("There is no user named '" + name + "'.");
  if (users.size() > 1)
    return Error::Conflict(std::to_string(users.size()) + " users are named '" + name +
                           "'; a name must identify one user to sign in with it.");
  return Store(*uow, actor, users.front(), password);
}

domain::Result<std::vector<UserListing>> SessionService::ListUsers(const domain::Actor& actor) {
  Error denied;
  if (!Authorize(actor.role, Action::kManageUsers, denied)) return denied;
  auto uow = db_.Begin();
  return uow->Sessions().ListUsers();
}

}  // namespace granska::workflow
