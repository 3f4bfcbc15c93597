#include "http/page_routes.hpp"

namespace granska::http {

void AddPageRoutes(Router& router) {
  AddAuthPages(router);
  AddCasePages(router);
  AddAdvisoryPages(router);
  AddFollowUpPages(router);
  AddAdminPages(router);
  AddAuditPages(router);
}

}  // namespace granska::http
