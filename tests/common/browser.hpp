#pragma once
// A small browser for the server-rendered pages: a cookie jar, GET and urlencoded POST with
// the page's CSRF token, every Set-Cookie kept. Used by the page tests and the access walk.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace granska::testing {

class Browser {
 public:
  explicit Browser(int port) : port_(port) {}

  struct Reply {
    int status = 0;
    std::string body;
    std::multimap<std::string, std::string> headers;
    std::vector<std::string> cookies;  // Set-Cookie values, as sent
    std::string Header(const std::string& name) const;
    std::string Cookie(const std::string& name) const;
  };
  using Fields = std::vector<std::pair<std::string, std::string>>;

  Reply Get(const std::string& path, const std::map<std::string, std::string>& headers = {});
  // A form body sent as is, with extra headers (e.g. what a reverse proxy adds).
  Reply PostRaw(const std::string& path, const std::string& body, const std::map<std::string, std::string>& headers);
  Reply Post(const std::string& path, const Fields& fields);
  // POSTs a form with the CSRF token of the page at `form_page` (as a browser would).
  Reply Submit(const std::string& form_page, const std::string& action, Fields fields = {});
  Reply SignIn(const std::string& name, const std::string& password);
  static std::string CsrfOf(const std::string& html);
  static std::string Encode(const std::string& s);  // for a form body
  std::map<std::string, std::string>& Jar() { return jar_; }

 private:
  Reply Send(const std::string& method, const std::string& path, const std::string& body,
             const std::map<std::string, std::string>& headers);
  int port_;
  std::map<std::string, std::string> jar_;
};

}  // namespace granska::testing
