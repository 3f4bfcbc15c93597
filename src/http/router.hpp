#pragma once
// Method + path pattern -> handler. Patterns use {name} segments: /api/v1/cases/{id}.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/exchange.hpp"

namespace granska::http {

enum class Access { kPublic, kAuthenticated };

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::kAuthenticated;
  bool json_body = false;  // POST/PUT with a JSON body: 415/413/400 checked before the handler
  std::function<Response(Exchange&)> handler;
  // The query parameters an API route reads (as docs/openapi.yaml lists them): any other is a
  // 422 naming it, so a mistyped filter (?statu=decided) is not silently a list of everything.
  std::vector<std::string> query = {};
};

class Router {
 public:
  void Add(Route route);
  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_known = false;            // some route has this path, with another method (405)
    std::vector<std::string> allowed;   // the methods that path accepts, for the Allow header
  };
  Match Find(const std::string& method, const std::string& path) const;
  const std::vector<Route>& Routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Every endpoint of the contract, registered in one place per resource.
void AddSystemRoutes(Router& router);
void AddCaseRoutes(Router& router);
void AddRegisterRoutes(Router& router);
void AddReviewRoutes(Router& router);
void AddAdvisoryRoutes(Router& router);
void AddFollowUpRoutes(Router& router);
void AddAuditRoutes(Router& router);
void AddLetterRoutes(Router& router);
void AddRevocationRoutes(Router& router);
void AddRescreenRoutes(Router& router);
void AddRecordsRoutes(Router& router);  // legal holds, secrecy marks, public-access exports
void AddAppealRoutes(Router& router);   // appeals to the administrative court and their outcome
// The web interface (http/page_*.cpp): beside the API contract, added by the runtime.
void AddPageRoutes(Router& router);
Router BuildRouter();

}  // namespace granska::http
