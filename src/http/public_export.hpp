#pragma once
// The export for a public-access request (begäran om allmän handling): the case's (or
// incident's) public documents as JSON or HTML, Swedish first, English on request. Every
// part under an active secrecy mark is left out and, in its place, a note says what was left
// out and under which provision of OSL; the same notes are listed at the top. Nothing is
// pseudonymised or dropped silently.
#include <string>

#include "workflow/records_service.hpp"

namespace granska::http {

std::string PublicExportJson(const workflow::CaseExport& e, const workflow::RecordsPlan& plan, const std::string& lang);
std::string PublicExportHtml(const workflow::CaseExport& e, const workflow::RecordsPlan& plan, const std::string& lang);
std::string IncidentExportJson(const workflow::IncidentExport& e, const workflow::RecordsPlan& plan,
                               const std::string& lang);
std::string IncidentExportHtml(const workflow::IncidentExport& e, const workflow::RecordsPlan& plan,
                               const std::string& lang);

}  // namespace granska::http
