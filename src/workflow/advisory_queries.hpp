#pragma once
// What the cross-sectoral advisory group reads: its agenda, the referral packet (with
// private persons' names pseudonymised unless a member asked for them, which is recorded)
// and the minimal packet exported for an in-depth review by CVE. Every read of evidence
// is itself recorded as an event.
#include <optional>
#include <string>
#include <vector>

#include "domain/application.hpp"
#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "domain/incident.hpp"
#include "domain/review.hpp"
#include "domain/user.hpp"
#include "workflow/authorization.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

// The actor's relation to a case (jäv), read within `uow`, for AuthorizeOnCase.
CaseRelation Relation(UnitOfWork& uow, const domain::Actor& actor, std::int64_t case_id);

struct AgendaEntry {
  domain::CaseSummary summary;
  domain::Referral referral;
  int advice_count = 0;
  int recusal_count = 0;
  bool overdue = false;
  // The reader does not open the whole case file (the advisory group): the question is shown
  // with the persons the application names pseudonymised, as in the packet. The agenda is a
  // list; names a member asked for are shown in that case's packet.
  bool names_pseudonymised = true;
  std::string application_json;  // the latest revision as stored, to pseudonymise with
};

struct EvidenceItem {
  domain::Incident incident;
  std::string attribution;  // organisation | cooperation_organisation | representative | speaker
};

// A decision on another case of the same organisation, as the packet shows it: which case,
// the outcome and the day. Not its reasons, special reasons or who decided: those cases may
// never have been referred to the group, or a member may have declared jäv in them, and
// their text is not pseudonymised.
struct EarlierDecision {
  std::string case_number;
  domain::DecisionOutcome outcome = domain::DecisionOutcome::kRejected;
  domain::Date decided_on;
};

struct ReferralPacket {
  domain::CaseDetail detail;
  std::optional<domain::Referral> referral;
  std::vector<EvidenceItem> evidence;
  std::vector<EarlierDecision> earlier_decisions;  // newest first
  bool names_revealed = false;  // this member asked for the names of private persons
  int quorum = 3;
};

class AdvisoryQueries {
 public:
  AdvisoryQueries(Database& db, const Clock& clock, int quorum) : db_(db), clock_(clock), quorum_(quorum) {}

  domain::Result<std::vector<AgendaEntry>> Agenda(const domain::Actor& actor);
  // `app` is the parsed latest application (the HTTP layer parses the stored JSON).
  domain::Result<ReferralPacket> Packet(const domain::Actor& actor, std::int64_t case_id,
                                        const domain::Application& app);
  // A member asks for the names of private persons in the packet; the request and its
  // reason are recorded, and later packets show that member the names. Returns the stored
  // application JSON, read in the transaction that records the request, so the names the
  // caller shows are exactly those the recorded request revealed.
  domain::Result<std::string> RequestNames(const domain::Actor& actor, std::int64_t case_id, const std::string& reason);
  domain::Result<ReferralPacket> CveExport(const domain::Actor& actor, std::int64_t case_id,
                                           const domain::Application& app);
  // The incidents attributable to the applicant (organisation, cooperation organisations,
  // representatives, speakers), read within `uow`; the case page shows them too.
  std::vector<EvidenceItem> Evidence(UnitOfWork& uow, const domain::Application& app);

 private:
  Database& db_;
  const Clock& clock_;
  int quorum_;
};

}  // namespace granska::workflow
