#pragma once
// The board's audit report as the API serves it (defined in http/audit_endpoints.cpp), so
// that the web interface's report page serves the very same document.
#include <string>

#include "workflow/audit_service.hpp"

namespace granska::http {

std::string AuditReportHtml(const workflow::AuditRunView& view, const workflow::AuditReport& report, bool en);
std::string AuditReportCsv(const workflow::AuditReport& report);

}  // namespace granska::http
