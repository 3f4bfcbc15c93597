// The register use cases authorize their actor themselves, not only behind a role-gated route
// (security review L4): a caller added later (a command, an endpoint) cannot skip the check.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

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

// Two `user add`s of one name at once: the check in UserAdmin::Add reads before either has
// inserted, so only migration 0021's unique index can settle it. Exactly one wins; the others
// get the same 422 on `name`, and leave neither a user nor an event.
BOOST_AUTO_TEST_CASE(ConcurrentAddsOfOneNameCreateOneUser) {
  const std::vector<std::string> spellings = {"Eva Lind", "eva lind", " EVA LIND", "Eva Lind ", "eVa LiNd", "EVA lind"};
  std::atomic<int> ready{0};
  std::vector<std::optional<domain::Result<granska::workflow::UserAdmin::Created>>> results(spellings.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < spellings.size(); ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < static_cast<int>(spellings.size())) std::this_thread::yield();
      results[i] = server.Runtime().Users().Add(
          domain::Actor{}, domain::User{0, spellings[i], domain::Role::kCaseOfficer, ""}, "t" + std::to_string(i),
          "h" + std::to_string(i));
    });
  for (auto& t : threads) t.join();
  int created = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    BOOST_TEST_REQUIRE(results[i].has_value());
    if (*results[i]) {
      ++created;
      continue;
    }
    const auto& e = results[i]->Err();
    BOOST_TEST((e.code == domain::ErrorCode::kValidation), spellings[i] << ": " << e.detail);
    BOOST_TEST_REQUIRE(e.errors.size() == 1u);
    BOOST_TEST(e.errors[0].field == "name");
    BOOST_TEST(e.errors[0].message.find("another user is already named") != std::string::npos, e.errors[0].message);
  }
  BOOST_TEST(created == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM users WHERE lower(btrim(name)) = 'eva lind'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'user_created' AND "
                               "lower(btrim(detail->>'name')) = 'eva lind'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
