#pragma once
// The web interface's routes, one file per area; AddPageRoutes (router.hpp) adds them all.
#include <Poco/Net/NameValueCollection.h>

#include <vector>

#include "domain/vocabulary.hpp"
#include "http/page_support.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "workflow/authorization.hpp"

namespace granska::http {

inline const std::vector<domain::Role> kStaff{domain::Role::kCaseOfficer, domain::Role::kAdvisoryMember,
                                              domain::Role::kCoordinator, domain::Role::kAuditor, domain::Role::kAdmin};

void AddAuthPages(Router& router);       // page_auth.cpp: sign-in/out, start page, /static/
void AddCasePages(Router& router);       // page_cases.cpp: queue, all cases, the case page and its forms
void AddAdvisoryPages(Router& router);   // page_advisory.cpp: referrals, packet, advice/jäv, meeting agenda
void AddFollowUpPages(Router& router);   // page_follow_up.cpp: incidents, conditions board, premises calendar
void AddAdminPages(Router& router);      // page_admin.cpp: users, premises, the rule set
void AddAuditPages(Router& router);      // page_audits.cpp: audit runs, sample, findings, sign-off, report

}  // namespace granska::http
