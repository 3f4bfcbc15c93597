#pragma once
// What every server-rendered page shares: the session behind the cookie, the language
// (Swedish first, ?lang=en or a cookie), CSRF checks on every POST, urlencoded forms,
// field errors shown next to their fields, the frame (navigation, user, sign-out) and
// redirects after POST. Pages call the same use cases as the JSON API.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/user.hpp"
#include "http/exchange.hpp"
#include "http/router.hpp"
#include "pages/page_renderer.hpp"
#include "pages/view.hpp"
#include "workflow/recorded_reads.hpp"
#include "workflow/session_service.hpp"

namespace granska::http {

// The web interface's own services, built in app/ beside Services.
struct PageServices {
  const pages::PageRenderer& renderer;
  workflow::SessionService& sessions;
  workflow::RecordedReads& reads;
  const workflow::SessionTokens& tokens;
  std::string rules_sources_json;  // {"file name": "YAML text", ...} of the active rule set
};

// An application/x-www-form-urlencoded body (or query string).
// Adds a field error for `name` when it or `value` has a control character (other than TAB,
// LF, CR) or bytes that are not UTF-8 (domain::CheckText); a field is named once.
void AddTextError(std::vector<domain::FieldError>& out, const std::string& name, const std::string& value);

class Form {
 public:
  static Form Parse(const std::string& encoded);
  // The last value of `name`, or "".
  std::string Get(const std::string& name) const;
  bool Has(const std::string& name) const { return values_.count(name) != 0; }
  const std::vector<std::string>& All(const std::string& name) const;
  // A field error for each field whose name or a value has a control character (other
  // than TAB, LF, CR) or bytes that are not UTF-8 (domain::CheckText).
  std::vector<domain::FieldError> TextErrors() const;  // AddTextError for each value

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

struct PageRequest {
  Exchange& ex;
  PageServices& ui;
  std::string lang;                          // sv | en
  std::optional<workflow::Session> session;  // set on pages for signed-in staff
  Form form;                                 // the POST body
  std::vector<std::string> cookies;          // Set-Cookie values for the response
  // The page a POST's form is on (its route's form page with the path's parameters filled in):
  // where the language switch of a page answered to a POST (422, 409, 403) leads, since the
  // POST's own path accepts no GET. Empty for GETs, which switch on their own path.
  std::string form_page;

  domain::Actor Actor() const { return session ? session->Actor() : domain::Actor{}; }
  domain::Role Role() const { return session ? session->user.role : domain::Role::kIntake; }
  // A string of the table in the request's language.
  const std::string& T(const std::string& key) const { return ui.renderer.Text(lang, key); }
  // A label for a vocabulary word: T(prefix + word), or the word itself when the table has none.
  std::string Label(const std::string& prefix, std::string_view word) const;
  std::string Query(const std::string& name) const;
};

using PageHandler = std::function<Response(PageRequest&)>;

// A page route. `roles` empty: public (sign-in, static files). Otherwise a signed-in session
// with one of the roles is required: none sends GETs to the sign-in page (and POSTs get 303
// there too); another role gets 403. Every POST must carry the session's CSRF token.
// `form_page` (POSTs): the GET page the form is on, a pattern with the route's parameters
// ("/cases/{id}"); "/" when empty.
Route PageRoute(const std::string& method, const std::string& pattern, std::vector<domain::Role> roles,
                PageHandler handler, std::string form_page = "");

// An HTML 404 page for a browser (Accept: text/html) that asked for a path outside /api/ that
// no route serves, in the language of ?lang= or the language cookie; nullopt for anything
// else (an API client, a path under /api/, a server without pages), which keeps its RFC 9457
// problem document.
std::optional<Response> BrowserNotFound(Exchange& ex);

// A use case's English detail (a conflict's, a missing thing's) in the request's language: the
// message table's translation, or a known sentence that begins with a case number (a stale
// form, a case not referred) from the string table; else the English, `foreign` when the page
// is not English.
struct LocalText {
  std::string text;
  bool foreign = false;
};
LocalText Detail(const PageRequest& req, const std::string& english);

// Collects a use case's field errors for a form; each field the form shows gets its
// messages (translated where the table has them) next to it, and all are listed on top.
class FieldErrors {
 public:
  FieldErrors(const PageRequest& req, std::string form_id) : req_(req), form_id_(std::move(form_id)) {}
  void Add(const std::string& field, const std::string& english_message);
  void Add(const std::vector<domain::FieldError>& errors) {
    for (const auto& e : errors) Add(e.field, e.message);
  }
  bool Empty() const { return errors_.empty(); }
  // Whether an error names a field starting with `prefix` ("conditions" for conditions[0].due).
  bool Has(std::string_view prefix) const {
    for (const auto& e : errors_)
      if (e.field.starts_with(prefix)) return true;
    return false;
  }
  // {id, name, value, invalid, errors: [{text, foreign}]} for the field `name`.
  pages::View Field(const std::string& name, const std::string& value) const;
  // {any, items: [{text, foreign, href, linked}]}: every error, linked to its field when shown.
  pages::View Summary() const;
  std::string Id(const std::string& name) const;
  // Names the fields in the summary on top ("Motivering: måste fyllas i"): field -> string key.
  FieldErrors& Labels(std::initializer_list<std::pair<std::string, std::string>> field_to_key);
  FieldErrors& Label(const std::string& field, const std::string& text);

 private:
  struct Entry {
    std::string field;
    std::string text;
    bool foreign = false;
  };
  const PageRequest& req_;
  std::string form_id_;
  std::vector<Entry> errors_;
  std::map<std::string, std::string> labels_;
  mutable std::vector<std::string> shown_;
};

// Renders `name` with `data` inside the frame (title, navigation, user, language switch).
// `nav` is the key of the navigation item to mark as current.
Response RenderPage(PageRequest& req, int status, const std::string& name, const std::string& title,
                    const std::string& nav, pages::View data);
// 303 See Other to a local path.
// A path on this site that a browser cannot be talked into leaving it by: starts with one
// "/", no control character, space or backslash anywhere.
bool SafeLocalPath(const std::string& path);
Response SeeOther(PageRequest& req, const std::string& location);
// A page for a use case's refusal (403, 404, 409, ...), in the request's language.
Response ErrorPage(PageRequest& req, const domain::Error& error);

// A short notice after a redirect (?done=<key>): only keys of the string table's notice_*.
pages::View Notice(const PageRequest& req);

// Selected-option lists for <select> and radio groups.
pages::View Options(const PageRequest& req, const std::string& label_prefix,
                    const std::vector<std::string>& values, const std::string& selected, bool with_blank = false,
                    const std::string& blank_key = "option_any");

// Percent-encodes a query value.
std::string UrlEncode(const std::string& value);

}  // namespace granska::http
