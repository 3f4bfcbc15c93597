#include "http/page_support.hpp"

#include <Poco/Logger.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/URI.h>

#include <istream>

#include "domain/text.hpp"
#include "http/problem.hpp"
#include "http/services.hpp"

namespace granska::http {

using domain::Role;
using workflow::Action;
using pages::View;

namespace {

constexpr const char* kLangCookie = "granska_lang";
constexpr const char* kLoginCsrfCookie = "granska_login_csrf";

std::string SessionCookieName(const PageRequest& req) {
  // The __Host- prefix makes the browser insist on Secure, Path=/ and no Domain.
  return req.ui.sessions.Policy().cookie_secure ? "__Host-granska_session" : "granska_session";
}

std::string CookieAttributes(const PageRequest& req) {
  return std::string("; HttpOnly; SameSite=Strict") + (req.ui.sessions.Policy().cookie_secure ? "; Secure" : "");
}

std::string Cookie(const Exchange& ex, const std::string& name) {
  Poco::Net::NameValueCollection cookies;
  ex.request.getCookies(cookies);
  return cookies.get(name, "");
}

Response Html(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}

// Reads an urlencoded body within the configured limit; nullopt (and `status`) when refused.
std::optional<std::string> ReadFormBody(Exchange& ex, int& status) {
  const std::string type = ex.request.getContentType();
  const std::string base = type.substr(0, type.find(';'));
  if (base != "application/x-www-form-urlencoded") {
    status = 415;
    return std::nullopt;
  }
  const std::size_t limit = ex.services.max_body_bytes;
  if (ex.request.hasContentLength() && ex.request.getContentLength64() > static_cast<Poco::Int64>(limit)) {
    status = 413;
    return std::nullopt;
  }
  std::string body;
  char buf[8192];
  std::istream& in = ex.request.stream();
  while (in) {
    in.read(buf, sizeof buf);
    body.append(buf, static_cast<std::size_t>(in.gcount()));
    if (body.size() > limit) {
      status = 413;
      return std::nullopt;
    }
  }
  return body;
}

struct NavItem {
  const char* key;
  const char* href;
  std::vector<Role> roles;  // the roles that may open the page: the matrix (workflow/authorization.cpp)
};

const std::vector<NavItem>& Navigation() {
  static const std::vector<NavItem> kItems = {
      {"queue", "/queue", workflow::RolesFor(Action::kWorkCaseQueue)},
      {"cases", "/cases", workflow::RolesFor(Action::kOpenCaseFile)},
      {"agenda", "/advisory", workflow::RolesFor(Action::kAdvisoryGroupPages)},
      {"meeting", "/advisory/meeting", workflow::RolesFor(Action::kReadMeetingAgenda)},
      {"incidents", "/incidents", workflow::RolesFor(Action::kReadIncidents)},
      {"conditions", "/conditions", workflow::RolesFor(Action::kReadFollowUp)},
      {"calendar", "/premises/calendar", workflow::RolesFor(Action::kReadCalendarPage)},
      {"audits", "/audits", workflow::RolesFor(Action::kRunAudits)},
      {"users", "/admin/users", workflow::RolesFor(Action::kManageUsers)},
      {"premises", "/admin/premises", workflow::RolesFor(Action::kManagePremises)},
      {"rules", "/rules", workflow::RolesFor(Action::kReadRules)},
  };
  return kItems;
}

View Frame(PageRequest& req, const std::string& title, const std::string& nav) {
  View f;
  f.Set("title", title);
  f.Set("signed_in", req.session.has_value());
  f.Set("user_name", req.session ? req.session->user.name : std::string());
  f.Set("user_role", req.session ? req.Label("role_", domain::ToString(req.session->user.role)) : std::string());
  f.Set("csrf", req.session ? req.session->csrf_token : std::string());
  View items = View::List();
  if (req.session) {
    for (const auto& item : Navigation()) {
      bool allowed = false;
      for (Role r : item.roles) allowed = allowed || r == req.session->user.role;
      if (!allowed) continue;
      View v;
      v.Set("href", item.href).Set("label", req.T(std::string("nav_") + item.key)).Set("current", nav == item.key);
      items.Push(std::move(v));
    }
  }
  f.Set("nav", std::move(items));
  // The language switch keeps the rest of the query. A page answered to a POST (a refused
  // form, a stale one, a CSRF refusal) switches on the page the form is on: the POST's own path
  // takes no GET.
  const std::string other = req.lang == "sv" ? "en" : "sv";
  const bool get = req.ex.request.getMethod() == "GET" || req.ex.request.getMethod() == "HEAD";
  std::string path = get ? req.ex.instance : req.form_page;
  if (!SafeLocalPath(path)) path = "/";
  std::string query;
  if (get)
    for (const auto& [k, v] : req.ex.query)
      if (k != "lang" && k != "done") query += (query.empty() ? "" : "&") + UrlEncode(k) + "=" + UrlEncode(v);
  query += (query.empty() ? "" : "&") + std::string("lang=") + other;
  f.Set("lang_href", path + "?" + query);
  f.Set("lang_label", req.ui.renderer.Text(other, "language_name"));
  f.Set("lang_code", other);
  return f;
}

// Language: ?lang= (remembered in a cookie when `remember`), else the cookie, else Swedish.
void ChooseLanguage(PageRequest& req, bool remember) {
  const auto& languages = pages::PageRenderer::Languages();
  auto known = [&](const std::string& l) {
    for (const auto& x : languages)
      if (x == l) return true;
    return false;
  };
  const std::string asked = req.Query("lang");
  if (!asked.empty() && known(asked)) {
    req.lang = asked;
    if (remember)
      req.cookies.push_back(std::string(kLangCookie) + "=" + asked + "; Path=/; Max-Age=31536000" +
                            CookieAttributes(req));
  } else if (const std::string c = Cookie(req.ex, kLangCookie); known(c)) {
    req.lang = c;
  }
}

// "/cases/{id}" with {"id": "17"} -> "/cases/17"; "/" when there is no pattern.
std::string FormPage(const std::string& pattern, const std::map<std::string, std::string>& params) {
  if (pattern.empty()) return "/";
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    const auto close = pattern[i] == '{' ? pattern.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out.push_back(pattern[i++]);
      continue;
    }
    const auto it = params.find(pattern.substr(i + 1, close - i - 1));
    out += it == params.end() ? std::string() : UrlEncode(it->second);
    i = close + 1;
  }
  return out;
}

// Whether every field error is one of the text faults (a control character, bytes that are
// not UTF-8) that PageRoute refuses before any handler reads a form or query.
bool OnlyTextFaults(const domain::Error& error) {
  if (error.errors.empty()) return false;
  for (const auto& e : error.errors)
    if (e.message != domain::TextFaultMessage(domain::TextFault::kControlCharacter) &&
        e.message != domain::TextFaultMessage(domain::TextFault::kNotUtf8))
      return false;
  return true;
}

}  // namespace

bool SafeLocalPath(const std::string& path) {
  if (path.empty() || path[0] != '/' || (path.size() > 1 && path[1] == '/')) return false;
  // Browsers drop tabs and newlines from a URL and read a backslash as a slash, so "/\t/evil"
  // and "/\\evil" would both leave the site: no control character, space or backslash at all.
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '\\') return false;
  }
  return true;
}

Form Form::Parse(const std::string& encoded) {
  Form f;
  std::size_t pos = 0;
  while (pos <= encoded.size()) {
    auto end = encoded.find('&', pos);
    if (end == std::string::npos) end = encoded.size();
    std::string pair = encoded.substr(pos, end - pos);
    for (char& c : pair)
      if (c == '+') c = ' ';  // application/x-www-form-urlencoded writes spaces as '+'

    pos = end + 1;
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string key, value;
    try {
      Poco::URI::decode(pair.substr(0, eq), key);
      if (eq != std::string::npos) Poco::URI::decode(pair.substr(eq + 1), value);
    } catch (const Poco::Exception&) {
      continue;  // a malformed escape: the field is treated as absent
    }
    // Browsers send CRLF in textareas; the use cases store plain LF.
    std::string clean;
    for (std::size_t i = 0; i < value.size(); ++i)
      if (!(value[i] == '\r' && i + 1 < value.size() && value[i + 1] == '\n')) clean.push_back(value[i]);
    f.values_[key].push_back(std::move(clean));
  }
  return f;
}

std::string Form::Get(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() || it->second.empty() ? std::string() : it->second.back();
}

void AddTextError(std::vector<domain::FieldError>& out, const std::string& name, const std::string& value) {
  auto fault = domain::CheckText(name);
  if (fault == domain::TextFault::kNone) fault = domain::CheckText(value);
  if (fault == domain::TextFault::kNone) return;
  const std::string field = domain::Printable(name);
  for (const auto& e : out)
    if (e.field == field) return;  // a field named once, however many of its values are bad
  out.push_back({field, domain::TextFaultMessage(fault)});
}

std::vector<domain::FieldError> Form::TextErrors() const {
  std::vector<domain::FieldError> out;
  for (const auto& [name, values] : values_)
    for (const auto& v : values) AddTextError(out, name, v);
  return out;
}

const std::vector<std::string>& Form::All(const std::string& name) const {
  static const std::vector<std::string> kNone;
  auto it = values_.find(name);
  return it == values_.end() ? kNone : it->second;
}

std::string PageRequest::Label(const std::string& prefix, std::string_view word) const {
  const std::string key = prefix + std::string(word);
  return ui.renderer.HasText(key) ? ui.renderer.Text(lang, key) : std::string(word);
}

std::string PageRequest::Query(const std::string& name) const {
  auto it = ex.query.find(name);
  return it == ex.query.end() ? std::string() : it->second;
}

std::string UrlEncode(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]\"<>%{}|\\^`", out);
  return out;
}

Route PageRoute(const std::string& method, const std::string& pattern, std::vector<Role> roles, PageHandler handler,
                std::string form_page) {
  auto wrapped = [roles = std::move(roles), handler = std::move(handler), method,
                  form_page = std::move(form_page)](Exchange& ex) -> Response {
    if (!ex.services.pages) return Problem(domain::Error::NotFound("The web interface is not configured."), ex.instance);
    PageRequest req{ex, *ex.services.pages, "sv", std::nullopt, {}, {}, {}};
    if (method != "GET") req.form_page = FormPage(form_page, ex.params);
    ChooseLanguage(req, true);
    auto finish = [&](Response r) {
      for (const auto& c : req.cookies) r.headers.emplace_back("Set-Cookie", c);
      return r;
    };
    try {
      if (!roles.empty()) {
        req.session = req.ui.sessions.Resume(Cookie(ex, SessionCookieName(req)));
        if (!req.session) {
          std::string next = ex.instance;
          if (method == "GET" && ex.request.getURI().size() > ex.instance.size())
            next = ex.request.getURI();
          return finish(SeeOther(req, "/login?next=" + UrlEncode(method == "GET" ? next : "/")));
        }
        ex.user = req.session->user;
        bool allowed = false;
        for (Role r : roles) allowed = allowed || r == req.session->user.role;
        if (!allowed)
          return finish(ErrorPage(req, domain::Error::Forbidden("The role '" +
                                                                std::string(domain::ToString(req.session->user.role)) +
                                                                "' may not open this page.")));
      }
      // The same for the query (?premises=%FF on the calendar would reach a lookup).
      std::vector<domain::FieldError> bad_query;
      for (const auto& [name, value] : ex.query) AddTextError(bad_query, name, value);
      if (!bad_query.empty()) return finish(ErrorPage(req, domain::Error::Validation(std::move(bad_query))));
      if (method == "POST") {
        int refused = 0;
        auto body = ReadFormBody(ex, refused);
        if (!body) {
          domain::Error e{domain::ErrorCode::kBadRequest, "", {}, {}};
          e.code = refused == 413 ? domain::ErrorCode::kPayloadTooLarge : domain::ErrorCode::kUnsupportedMediaType;
          return finish(ErrorPage(req, e));
        }
        req.form = Form::Parse(*body);
        const std::string sent = req.form.Get("csrf");
        const std::string expected = req.session ? req.session->csrf_token : Cookie(ex, kLoginCsrfCookie);
        if (!req.ui.sessions.SameSecret(sent, expected)) {
          Response r = ErrorPage(req, domain::Error::Forbidden("csrf"));
          return finish(std::move(r));
        }
        // %00 or %FF in a field would be cut off or refused by PostgreSQL (a 500), so no
        // handler sees such a form: 422 naming each field.
        if (auto bad = req.form.TextErrors(); !bad.empty())
          return finish(ErrorPage(req, domain::Error::Validation(std::move(bad))));
      }
      return finish(handler(req));
    } catch (const std::exception& e) {
      Poco::Logger::get("granska.http").error("%s %s failed: %s", method, ex.request.getURI(), std::string(e.what()));
      Response r = Html(500, "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Fel / Error</title>"
                             "</head><body><main><h1>Något gick fel / Something went wrong</h1><p>Felet har loggats. "
                             "/ The error has been logged.</p><p><a href=\"/\">Granska</a></p></main></body></html>");
      return finish(std::move(r));
    }
  };
  return Route{method, pattern, Access::kPublic, false, std::move(wrapped)};
}

void FieldErrors::Add(const std::string& field, const std::string& english_message) {
  bool translated = false;
  std::string text = req_.ui.renderer.Message(req_.lang, english_message, translated);
  errors_.push_back({field, std::move(text), !translated && req_.lang != "en"});
}

std::string FieldErrors::Id(const std::string& name) const {
  std::string id = form_id_ + "-";
  for (char c : name) id.push_back((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '-');
  return id;
}

View FieldErrors::Field(const std::string& name, const std::string& value) const {
  View f;
  View list = View::List();
  for (const auto& e : errors_) {
    if (e.field != name) continue;
    View item;
    item.Set("text", e.text).Set("foreign", e.foreign);
    list.Push(std::move(item));
  }
  shown_.push_back(name);
  f.Set("id", Id(name)).Set("name", name).Set("value", value).Set("invalid", list.Size() > 0);
  f.Set("errors", std::move(list));
  return f;
}

FieldErrors& FieldErrors::Labels(std::initializer_list<std::pair<std::string, std::string>> field_to_key) {
  for (const auto& [field, key] : field_to_key) labels_[field] = req_.T(key);
  return *this;
}

FieldErrors& FieldErrors::Label(const std::string& field, const std::string& text) {
  labels_[field] = text;
  return *this;
}

View FieldErrors::Summary() const {
  View s;
  View items = View::List();
  for (const auto& e : errors_) {
    bool linked = false;
    for (const auto& n : shown_) linked = linked || n == e.field;
    const auto label = labels_.find(e.field);
    View item;
    item.Set("text", e.text).Set("foreign", e.foreign).Set("href", "#" + Id(e.field)).Set("linked", linked);
    item.Set("has_label", label != labels_.end());
    item.Set("label", label != labels_.end() ? label->second : std::string());
    items.Push(std::move(item));
  }
  s.Set("any", items.Size() > 0);
  s.Set("items", std::move(items));
  return s;
}

Response RenderPage(PageRequest& req, int status, const std::string& name, const std::string& title,
                    const std::string& nav, View data) {
  data.Set("frame", Frame(req, title, nav));
  return Html(status, req.ui.renderer.Render(name, req.lang, data));
}

Response SeeOther(PageRequest& req, const std::string& location) {
  Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", SafeLocalPath(location) ? location : "/");
  return r;
}

Response ErrorPage(PageRequest& req, const domain::Error& error) {
  const int status = error.code == domain::ErrorCode::kForbidden && error.detail == "csrf" ? 403 : StatusFor(error.code);
  std::string key;
  switch (error.code) {
    case domain::ErrorCode::kForbidden: key = error.detail == "csrf" ? "csrf" : "forbidden"; break;
    case domain::ErrorCode::kNotFound: key = "not_found"; break;
    case domain::ErrorCode::kConflict: key = "conflict"; break;
    case domain::ErrorCode::kPayloadTooLarge: key = "too_large"; break;
    case domain::ErrorCode::kUnsupportedMediaType: key = "media_type"; break;
    case domain::ErrorCode::kValidation:
      // Text that cannot be stored (refused before any handler read it), or a value a use case
      // cannot use (a letter asked for in a language or format there is none of).
      key = OnlyTextFaults(error) ? "validation" : "invalid";
      break;
    default: key = "bad_request"; break;
  }
  View data;
  // The fields refused: each by its name, with the message in the request's language where
  // the table has it.
  View fields = View::List();
  for (const auto& e : error.errors) {
    bool translated = false;
    View item;
    item.Set("name", domain::Printable(e.field));
    item.Set("text", req.ui.renderer.Message(req.lang, e.message, translated));
    item.Set("foreign", !translated && req.lang != "en");
    fields.Push(std::move(item));
  }
  data.Set("has_fields", fields.Size() > 0);
  data.Set("fields", std::move(fields));
  data.Set("heading", req.T("error_" + key + "_heading"));
  data.Set("explanation", req.T("error_" + key + "_text"));
  // The use case's own words (English) only where they help: conflicts and missing things.
  const bool show_detail = error.code == domain::ErrorCode::kConflict || error.code == domain::ErrorCode::kNotFound;
  const LocalText detail = show_detail ? Detail(req, domain::Printable(error.detail)) : LocalText{};
  data.Set("has_detail", show_detail && !error.detail.empty());
  data.Set("detail", detail.text);
  data.Set("detail_foreign", detail.foreign);
  data.Set("status", View::Number(status));
  return RenderPage(req, status, "error", req.T("error_" + key + "_heading"), "", std::move(data));
}

LocalText Detail(const PageRequest& req, const std::string& english) {
  // The message table of the request's language (templates/pages/messages_<lang>.txt); the
  // English one rewords the few sentences a page says more plainly than the API.
  bool translated = false;
  std::string text = req.ui.renderer.Message(req.lang, english, translated);
  return {std::move(text), !translated && req.lang != "en"};
}

std::optional<Response> BrowserNotFound(Exchange& ex) {
  if (!ex.services.pages) return std::nullopt;
  if (ex.instance == "/api" || ex.instance.rfind("/api/", 0) == 0) return std::nullopt;
  if (ex.request.get("Accept", "").find("text/html") == std::string::npos) return std::nullopt;
  PageRequest req{ex, *ex.services.pages, "sv", std::nullopt, {}, {}, {}};
  ChooseLanguage(req, false);
  // No session is read: the page offers the start page, which signs in or leads on.
  return ErrorPage(req, domain::Error::NotFound(""));
}

View Notice(const PageRequest& req) {
  View n;
  const std::string done = req.Query("done");
  bool known = !done.empty();
  for (char c : done) known = known && ((c >= 'a' && c <= 'z') || c == '_');
  known = known && req.ui.renderer.HasText("notice_" + done);
  n.Set("any", known);
  n.Set("text", known ? req.T("notice_" + done) : std::string());
  return n;
}

View Options(const PageRequest& req, const std::string& label_prefix, const std::vector<std::string>& values,
             const std::string& selected, bool with_blank, const std::string& blank_key) {
  View list = View::List();
  if (with_blank) {
    View o;
    o.Set("value", "").Set("label", req.T(blank_key)).Set("selected", selected.empty());
    list.Push(std::move(o));
  }
  for (const auto& v : values) {
    View o;
    o.Set("value", v).Set("label", req.Label(label_prefix, v)).Set("selected", v == selected);
    list.Push(std::move(o));
  }
  return list;
}

}  // namespace granska::http
