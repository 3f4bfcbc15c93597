#include "http/router.hpp"

namespace granska::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match result;
  const auto parts = Split(path);
  for (const auto& route : routes_) {
    const auto pattern = Split(route.pattern);
    if (pattern.size() != parts.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (parts[i].empty()) ok = false;
        else params[p.substr(1, p.size() - 2)] = parts[i];
      } else if (p != parts[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    result.path_known = true;
    result.allowed.push_back(route.method);
    if (route.method == method) {
      result.route = &route;
      result.params = std::move(params);
      return result;
    }
  }
  return result;
}

Router BuildRouter() {
  Router r;
  AddSystemRoutes(r);
  AddCaseRoutes(r);
  AddRegisterRoutes(r);
  AddReviewRoutes(r);
  AddAdvisoryRoutes(r);
  AddFollowUpRoutes(r);
  AddAuditRoutes(r);
  AddLetterRoutes(r);
  AddRevocationRoutes(r);
  AddRescreenRoutes(r);
  AddRecordsRoutes(r);
  AddAppealRoutes(r);
  return r;
}

Response Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace granska::http
