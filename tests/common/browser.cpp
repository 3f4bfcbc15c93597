#include "common/browser.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <regex>
#include <sstream>

namespace granska::testing {

std::string Browser::Reply::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string Browser::Reply::Cookie(const std::string& name) const {
  for (const auto& c : cookies)
    if (c.rfind(name + "=", 0) == 0) return c;
  return {};
}

std::string Browser::Encode(const std::string& s) {
  std::string out;
  Poco::URI::encode(s, "!#$&'()*+,/:;=?@[]\"<>%{}|\\^` ", out);
  return out;
}

Browser::Reply Browser::Get(const std::string& path, const std::map<std::string, std::string>& headers) {
  return Send("GET", path, "", headers);
}

Browser::Reply Browser::PostRaw(const std::string& path, const std::string& body,
                                const std::map<std::string, std::string>& headers) {
  return Send("POST", path, body, headers);
}

Browser::Reply Browser::Post(const std::string& path, const Fields& fields) {
  std::string body;
  for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + Encode(k) + "=" + Encode(v);
  return Send("POST", path, body, {});
}

Browser::Reply Browser::Submit(const std::string& form_page, const std::string& action, Fields fields) {
  auto page = Get(form_page);
  fields.emplace_back("csrf", CsrfOf(page.body));
  return Post(action, fields);
}

Browser::Reply Browser::SignIn(const std::string& name, const std::string& password) {
  auto page = Get("/login");
  return Post("/login", {{"csrf", CsrfOf(page.body)}, {"login", name}, {"password", password}});
}

std::string Browser::CsrfOf(const std::string& html) {
  std::smatch m;
  static const std::regex kCsrf("name=\"csrf\" value=\"([^\"]+)\"");
  return std::regex_search(html, m, kCsrf) ? m[1].str() : std::string();
}

Browser::Reply Browser::Send(const std::string& method, const std::string& path, const std::string& body,
                             const std::map<std::string, std::string>& headers) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  session.setTimeout(Poco::Timespan(60, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  std::string cookie;
  for (const auto& [k, v] : jar_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  if (!cookie.empty()) req.set("Cookie", cookie);
  for (const auto& [k, v] : headers) req.set(k, v);
  if (method == "POST") {
    req.setContentType("application/x-www-form-urlencoded");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(req) << body;
  } else {
    session.sendRequest(req);
  }
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  Reply r;
  r.status = resp.getStatus();
  std::ostringstream out;
  Poco::StreamCopier::copyStream(in, out);
  r.body = out.str();
  for (const auto& [k, v] : resp) {
    r.headers.emplace(k, v);
    if (k != "Set-Cookie") continue;
    r.cookies.push_back(v);
    const auto eq = v.find('=');
    const auto semi = v.find(';');
    const std::string name = v.substr(0, eq), value = v.substr(eq + 1, semi - eq - 1);
    if (v.find("Max-Age=0") != std::string::npos || value.empty())
      jar_.erase(name);
    else
      jar_[name] = value;
  }
  return r;
}

}  // namespace granska::testing
