#pragma once
// View builders several pages share: case rows, times in the municipality's zone, labels.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/application.hpp"
#include "domain/case_record.hpp"
#include "domain/incident.hpp"
#include "http/page_support.hpp"
#include "pages/view.hpp"
#include "workflow/advisory_queries.hpp"

namespace granska::http {

// "2027-02-10T17:00:00Z" -> "2027-02-10 18:00" in the process time zone (the municipality's).
std::string LocalTime(const std::string& iso);

// {id, href, case_number, organisation, org_number, kind, status, status_class, recommendation,
//  recommendation_class, submitted_on}
pages::View CaseRow(const PageRequest& req, const domain::CaseSummary& c, const std::string& href_prefix = "/cases/");

// {kind, subject, subject_is_person, attribution, occurred_on, source, verified, verified_label,
//  distanced, reference, summary, recorded_at}
pages::View IncidentView(const PageRequest& req, const domain::Incident& i, const std::string& subject_text);

// The incidents behind a screening. `with_summary` false leaves each incident's summary out:
// free text about the incident that may name private persons, which the advisory group's
// packet does not carry (as the API's packet, GET /api/v1/cases/{id}/referral, does not).
pages::View EvidenceList(const PageRequest& req, const std::vector<workflow::EvidenceItem>& evidence,
                         const std::function<std::string(const std::string&)>& person_name, bool with_summary);

// The screening JSON stored with a case -> {any, rule_set, recommendation, results: [...]}.
// A rule's title as the screening shows it; `swedish` when it is Swedish on a page in
// another language (the rule has no title in that language), for lang="sv".
struct RuleTitle {
  std::string text;
  bool swedish = false;
  std::string outcome;  // the rule's outcome in that screening (pass, note, needs_info, ...)
};
// `titles`, when given, receives each rule's title in the page's language, by rule id.
pages::View ScreeningView(const PageRequest& req, const std::optional<std::string>& screening_json,
                          std::map<std::string, RuleTitle>* titles = nullptr);

std::string YesNo(const PageRequest& req, bool value);
// Whole kronor with thousands grouped the way the language writes them: "45 000 kr" / "SEK 45,000".
std::string Sek(const PageRequest& req, std::int64_t amount);

// The organisation and the application as submitted (names as given: pseudonymise first
// where the reader must not see them).
pages::View OrganisationView(const PageRequest& req, const domain::Organisation& o);
pages::View ApplicationView(const PageRequest& req, const domain::Application& app);

// A keyset pager: {has_next, next_href, is_later, first_href}.
pages::View Pager(const std::string& base_href, const std::optional<std::string>& next_cursor, bool is_later);

}  // namespace granska::http
