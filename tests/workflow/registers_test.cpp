// The register use cases authorize their actor themselves, not only behind a role-gated route
// (security review L4): a caller added later (a command, an endpoint) cannot skip the check.
#include <boost/test/unit_test.hpp>

#include "app/runtime.hpp"
#include "common/test_server.hpp"
#include "domain/incident.hpp"
#include "domain/premises.hpp"
#include "domain/user.hpp"

using granska::testing::TestServer;
namespace domain = granska::domain;

namespace {

struct Fixture {
  TestServer server;
  long long Events(const std::string& event) {
    return server.Db().Count("SELECT count(*) FROM events WHERE event = '" + event + "'");
  }
  // A real user with `role` (the events and the register name their actor).
  domain::Actor As(domain::Role role) {
    const std::string name = "Registret " + std::string(domain::ToString(role));
    if (server.Db().Count("SELECT count(*) FROM users WHERE name = '" + name + "'") == 0)
      server.Token(std::string(domain::ToString(role)), name);
    return {server.Db().Count("SELECT id FROM users WHERE name = '" + name + "'"), name, role};
  }
};

domain::Incident AnIncident() {
  domain::Incident i;
  i.subject_org = domain::OrgNumber::Parse("802456-7896");
  i.kind = domain::IncidentKind::kThreat;
  i.occurred_on = *domain::Date::Parse("2025-05-01");
  i.source = domain::IncidentSource::kPoliceReport;
  i.verified = false;
  i.reference = "Polisanmälan 1";
  return i;
}

const domain::Role kAllRoles[] = {domain::Role::kIntake,      domain::Role::kCaseOfficer, domain::Role::kAdvisoryMember,
                                  domain::Role::kCoordinator, domain::Role::kAuditor,     domain::Role::kAdmin};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(Registers, Fixture)

BOOST_AUTO_TEST_CASE(OnlyAnAdminOrTheCommandLineAddsAUser) {
  int n = 0;
  for (auto role : kAllRoles) {
    const std::string name = "Ny Användare " + std::to_string(n++);
    auto r =
        server.Runtime().Users().Add(As(role), domain::User{0, name, domain::Role::kAdmin, ""}, "t" + name, "h" + name);
    BOOST_TEST(static_cast<bool>(r) == (role == domain::Role::kAdmin), domain::ToString(role));
    if (!r) BOOST_TEST((r.Err().code == domain::ErrorCode::kForbidden), domain::ToString(role));
  }
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'user_created' AND "
                               "detail->>'name' LIKE 'Ny Användare%'") == 1);
  BOOST_TEST(static_cast<bool>(server.Runtime().Users().Add(
      domain::Actor{}, domain::User{0, "Från Kommandoraden", domain::Role::kAuditor, ""}, "tc", "hc")));
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM users WHERE name LIKE 'Ny Användare%'") == 1);
}

BOOST_AUTO_TEST_CASE(OnlyAnAdminOrTheCommandLineCreatesOrChangesPremises) {
  for (auto role : kAllRoles) {
    auto r = server.Runtime().Premises().Put(As(role), domain::Premises{"storsalen", "Storsalen", 120}, {});
    BOOST_TEST(static_cast<bool>(r) == (role == domain::Role::kAdmin), domain::ToString(role));
    if (!r) BOOST_TEST((r.Err().code == domain::ErrorCode::kForbidden), domain::ToString(role));
  }
  BOOST_TEST(Events("premises_created") == 1);
  BOOST_TEST(static_cast<bool>(
      server.Runtime().Premises().Put(domain::Actor{}, domain::Premises{"lillsalen", "Lillsalen", 40}, {})));
}

BOOST_AUTO_TEST_CASE(OnlyACaseOfficerOrACoordinatorRecordsAnIncident) {
  for (auto role : kAllRoles) {
    auto r = server.Runtime().Incidents().Record(As(role), AnIncident(), {});
    const bool may = role == domain::Role::kCaseOfficer || role == domain::Role::kCoordinator;
    BOOST_TEST(static_cast<bool>(r) == may, domain::ToString(role));
    if (!r) BOOST_TEST((r.Err().code == domain::ErrorCode::kForbidden), domain::ToString(role));
  }
  BOOST_TEST(Events("incident_recorded") == 2);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM incidents") == 2);
  // Nobody records on the system's behalf.
  BOOST_TEST(!server.Runtime().Incidents().Record(domain::Actor{}, AnIncident(), {}));
}

BOOST_AUTO_TEST_SUITE_END()
