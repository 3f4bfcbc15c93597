// Sign-in, sign-out, the start page and the static files of the web interface.
#include <algorithm>

#include "http/page_routes.hpp"

namespace granska::http {

using domain::Role;
using pages::View;

namespace {

constexpr const char* kLoginCsrfCookie = "granska_login_csrf";

std::string Attributes(const PageRequest& req) {
  return std::string("; HttpOnly; SameSite=Strict") + (req.ui.sessions.Policy().cookie_secure ? "; Secure" : "");
}

std::string SessionCookie(const PageRequest& req) {
  return req.ui.sessions.Policy().cookie_secure ? "__Host-granska_session" : "granska_session";
}

// The remembered-device cookie (workflow::SessionService::SignIn): sent to the sign-in only.
// `__Host-` would demand Path=/, so behind TLS it is `__Secure-` with Path=/login.
std::string DeviceCookie(const PageRequest& req) {
  return req.ui.sessions.Policy().cookie_secure ? "__Secure-granska_device" : "granska_device";
}

std::string HomeFor(Role role) {
  switch (role) {
    case Role::kCaseOfficer:
      return "/queue";
    case Role::kAdvisoryMember:
    case Role::kCoordinator:
      return "/advisory";
    case Role::kAuditor:
      return "/audits";
    case Role::kAdmin:
      return "/admin/users";
    case Role::kIntake:
      break;
  }
  return "/login";
}

std::string SafeNext(const std::string& next) {
  if (!SafeLocalPath(next) || next.rfind("/login", 0) == 0) return {};
  return next;
}

// "4 minuter" / "45 seconds": how long a throttled sign-in waits, rounded up.
std::string WaitText(PageRequest& req, int seconds) {
  if (seconds < 60)
    return std::to_string(seconds) + " " + req.T(seconds == 1 ? "login_wait_second" : "login_wait_seconds");
  const int minutes = (seconds + 59) / 60;
  return std::to_string(minutes) + " " + req.T(minutes == 1 ? "login_wait_minute" : "login_wait_minutes");
}

// `retry_after` > 0: throttled, the next attempt is allowed in that many seconds.
Response LoginForm(PageRequest& req, int status, const std::string& login, const FieldErrors& errors,
                   int retry_after = 0) {
  const bool throttled = retry_after > 0;
  const std::string csrf = req.ui.sessions.NewFormToken();
  req.cookies.push_back(std::string(kLoginCsrfCookie) + "=" + csrf + "; Path=/login" + Attributes(req));
  View data;
  data.Set("csrf_login", csrf);
  data.Set("next", SafeNext(req.ex.request.getMethod() == "POST" ? req.form.Get("next") : req.Query("next")));
  data.Set("login", errors.Field("login", login));
  data.Set("password", errors.Field("password", ""));
  data.Set("errors", errors.Summary());
  data.Set("throttled", throttled);
  if (throttled) data.Set("retry_after", WaitText(req, retry_after));
  data.Set("notice", Notice(req));
  Response r = RenderPage(req, status, "login", req.T("login_title"), "", std::move(data));
  if (throttled) r.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return r;
}

Response ShowLogin(PageRequest& req) {
  if (auto s = req.ui.sessions.Resume([&] {
        Poco::Net::NameValueCollection c;
        req.ex.request.getCookies(c);
        return c.get(SessionCookie(req), "");
      }()))
    return SeeOther(req, HomeFor(s->user.role));
  FieldErrors none(req, "login");
  return LoginForm(req, 200, "", none);
}

Response SignIn(PageRequest& req) {
  const std::string login = req.form.Get("login");
  const std::string password = req.form.Get("password");
  FieldErrors errors(req, "login");
  errors.Labels({{"login", "login_name"}, {"password", "login_password"}});
  if (login.find_first_not_of(" \t") == std::string::npos) errors.Add("login", "is required");
  if (password.empty()) errors.Add("password", "is required");
  if (!errors.Empty()) return LoginForm(req, 422, login, errors);
  Poco::Net::NameValueCollection cookies;
  req.ex.request.getCookies(cookies);
  const auto result =
      req.ui.sessions.SignIn(login, password, ClientAddress(req.ex), cookies.get(DeviceCookie(req), ""));
  // A name longer than any login is not shown again (it can be as large as the body).
  const std::string shown = workflow::LoginFor(login).size() > workflow::kMaxLoginBytes ? std::string() : login;
  if (result.status == workflow::SignInStatus::kThrottled) {
    FieldErrors throttled(req, "login");
    return LoginForm(req, 429, shown, throttled, std::max(1, result.retry_after_seconds));
  }
  if (result.status == workflow::SignInStatus::kRejected) {
    errors.Add("password", "the name or the password is wrong");
    return LoginForm(req, 422, shown, errors);
  }
  const int max_age = req.ui.sessions.Policy().max_hours * 3600;
  req.cookies.push_back(SessionCookie(req) + "=" + result.token + "; Path=/; Max-Age=" + std::to_string(max_age) +
                        Attributes(req));
  req.cookies.push_back(std::string(kLoginCsrfCookie) + "=; Path=/login; Max-Age=0" + Attributes(req));
  req.cookies.push_back(DeviceCookie(req) + "=" + result.device_token + "; Path=/login; Max-Age=" +
                        std::to_string(req.ui.sessions.Policy().remembered_device_days * 24 * 3600) + Attributes(req));
  const std::string next = SafeNext(req.form.Get("next"));
  return SeeOther(req, next.empty() ? HomeFor(result.user.role) : next);
}

Response SignOut(PageRequest& req) {
  Poco::Net::NameValueCollection c;
  req.ex.request.getCookies(c);
  req.ui.sessions.SignOut(c.get(SessionCookie(req), ""));
  req.cookies.push_back(SessionCookie(req) + "=; Path=/; Max-Age=0" + Attributes(req));
  return SeeOther(req, "/login?done=signed_out");
}

Response Home(PageRequest& req) { return SeeOther(req, HomeFor(req.session->user.role)); }

Response ServeStatic(PageRequest& req, const std::string& name);

Response StaticFile(PageRequest& req) { return ServeStatic(req, req.ex.params["file"]); }

// Browsers ask for /favicon.ico on pages that name no icon (the audit report, letters).
Response Favicon(PageRequest& req) { return ServeStatic(req, "favicon.svg"); }

Response ServeStatic(PageRequest& req, const std::string& name) {
  const auto* f = req.ui.renderer.Static(name);
  if (!f) return ErrorPage(req, domain::Error::NotFound("There is no static file '" + name + "'."));
  Response r;
  r.headers.emplace_back("ETag", f->etag);
  // Templates link versioned paths (?v=<hash>), so a year-long cache never goes stale.
  r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  if (req.ex.request.get("If-None-Match", "") == f->etag) {
    r.status = 304;
    r.content_type = f->content_type;
    return r;
  }
  r.status = 200;
  r.content_type = f->content_type;
  r.body = std::string(f->body);
  return r;
}

}  // namespace

void AddAuthPages(Router& router) {
  router.Add(PageRoute("GET", "/login", {}, ShowLogin));
  router.Add(PageRoute("POST", "/login", {}, SignIn, "/login"));
  router.Add(PageRoute("POST", "/logout", kStaff, SignOut, "/login"));
  router.Add(PageRoute("GET", "/", kStaff, Home));
  router.Add(PageRoute("GET", "/static/{file}", {}, StaticFile));
  router.Add(PageRoute("GET", "/favicon.ico", {}, Favicon));
}

}  // namespace granska::http
