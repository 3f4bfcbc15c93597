// The compact facts snapshot: what GatherFacts takes from an application survives the
// round trip, whatever the names contain, and anything else is refused rather than misread.
#include <boost/test/unit_test.hpp>

#include "domain/application.hpp"
#include "workflow/facts_snapshot.hpp"

namespace domain = granska::domain;
namespace rules = granska::rules;
namespace workflow = granska::workflow;

namespace {

domain::Application Booking() {
  domain::Application app;
  app.kind = domain::ApplicationKind::kBooking;
  app.organisation.org_number = domain::OrgNumber::Parse("802456-7896");
  app.organisation.contact = domain::Person{"  Anna;Andersson:12 ", "", ""};
  app.organisation.board = {domain::Person{"ÅSA ÖBERG", "chair", ""}, domain::Person{"anna;andersson:12", "", ""}};
  app.organisation.cooperation_organisations = {*domain::OrgNumber::Parse("802512-3459"),
                                                *domain::OrgNumber::Parse("802456-7896")};
  app.organisation.bankgiro = "";
  app.organisation.plusgiro = "123-4";
  domain::BookingRequest b;
  b.premises_id = "sal;1:2";
  b.start = domain::Instant::FromEpochSeconds(1802278800, 60);
  b.end = domain::Instant::FromEpochSeconds(1802289600, -90);
  b.event_type = domain::EventType::kReligiousService;
  b.is_public = true;
  b.expected_attendees = 0;
  b.speakers = {domain::Person{"Åsa Öberg", "", ""}, domain::Person{"Omar Lind", "", ""}, domain::Person{"", "", ""}};
  app.booking = b;
  app.attachments = {domain::AttachmentKind::kOther, domain::AttachmentKind::kStatutes};
  app.information_true = false;
  return app;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(FactsSnapshot)

BOOST_AUTO_TEST_CASE(ABookingSurvivesTheRoundTripWithTheKeysGatherFactsWouldUse) {
  const std::string text = workflow::EncodeFactsSnapshot(Booking());
  rules::Facts f;
  f.incidents.resize(3);  // left over from another case: cleared
  workflow::SnapshotKeys keys;
  BOOST_TEST_REQUIRE(workflow::DecodeFactsSnapshot(text, f, keys), text);
  BOOST_TEST((f.kind == domain::ApplicationKind::kBooking));
  BOOST_TEST(f.incidents.empty());
  BOOST_TEST(f.booking.premises_id == "sal;1:2");
  BOOST_TEST(f.booking.start.EpochSeconds() == 1802278800);
  BOOST_TEST(f.booking.start.OffsetMinutes() == 60);
  BOOST_TEST(f.booking.end.OffsetMinutes() == -90);
  BOOST_TEST((f.booking.event_type == domain::EventType::kReligiousService));
  BOOST_TEST(f.booking.is_public);
  BOOST_TEST((f.booking.expected_attendees == std::optional<std::int64_t>(0)));
  BOOST_TEST(f.booking.speaker_count == 3);
  BOOST_TEST(!f.organisation.has_bankgiro);  // an empty number is none
  BOOST_TEST(f.organisation.has_plusgiro);
  BOOST_TEST(!f.organisation.member_count.has_value());
  BOOST_TEST(f.attachments.Has(domain::AttachmentKind::kOther));
  BOOST_TEST(f.attachments.Has(domain::AttachmentKind::kStatutes));
  BOOST_TEST(!f.attachments.Has(domain::AttachmentKind::kBudget));
  BOOST_TEST(!f.declarations.democracy_conditions_accepted.has_value());
  BOOST_TEST((f.declarations.information_true == std::optional<bool>(false)));
  BOOST_TEST(keys.has_booking);
  BOOST_TEST(keys.booking_slot);
  // Its own number once, as the organisation, though also named as a cooperation partner.
  BOOST_TEST_REQUIRE(keys.orgs.size() == 2u);
  BOOST_TEST(keys.own_org == workflow::OrgKey("802456-7896"));
  BOOST_TEST(keys.orgs[0].key == keys.own_org);
  BOOST_TEST((keys.orgs[0].attribution == rules::Attribution::kOrganisation));
  BOOST_TEST(keys.orgs[1].key == workflow::OrgKey("8025123459"));
  BOOST_TEST((keys.orgs[1].attribution == rules::Attribution::kCooperationOrganisation));
  // Normalised, deduplicated; a speaker who is on the board stays a representative; no empty name.
  BOOST_TEST_REQUIRE(keys.people.size() == 3u);
  BOOST_TEST(keys.people[0].name == "anna;andersson:12");
  BOOST_TEST((keys.people[0].attribution == rules::Attribution::kRepresentative));
  BOOST_TEST(keys.people[1].name == "omar lind");
  BOOST_TEST((keys.people[1].attribution == rules::Attribution::kSpeaker));
  BOOST_TEST(keys.people[2].name == "åsa öberg");
  BOOST_TEST((keys.people[2].attribution == rules::Attribution::kRepresentative));
}

BOOST_AUTO_TEST_CASE(AGrantKeepsItsOptionalFactsAndLeavesTheBookingEmpty) {
  domain::Application app;
  app.organisation.registered_non_profit = false;
  app.organisation.statutes_adopted = domain::Date::Parse("1969-12-31");  // before the epoch
  app.organisation.member_count = 0;
  app.organisation.members_resident = 9000000000;
  app.organisation.bankgiro = "5050-1055";
  domain::GrantRequest g;
  g.type = domain::GrantType::kEvent;
  g.amount_sek = 45000;
  g.period_to = domain::Date::Parse("2027-12-31");
  app.grant = g;
  app.democracy_conditions_accepted = true;
  rules::Facts f;
  f.booking.premises_id = "left over";
  f.booking.overlapping_bookings = 4;
  workflow::SnapshotKeys keys;
  BOOST_TEST_REQUIRE(workflow::DecodeFactsSnapshot(workflow::EncodeFactsSnapshot(app), f, keys));
  BOOST_TEST((f.organisation.registered_non_profit == std::optional<bool>(false)));
  BOOST_TEST(f.organisation.statutes_adopted->ToString() == "1969-12-31");
  BOOST_TEST((f.organisation.member_count == std::optional<std::int64_t>(0)));
  BOOST_TEST((f.organisation.members_resident == std::optional<std::int64_t>(9000000000)));
  BOOST_TEST(f.organisation.has_bankgiro);
  BOOST_TEST((f.grant.type == domain::GrantType::kEvent));
  BOOST_TEST((f.grant.amount_sek == std::optional<std::int64_t>(45000)));
  BOOST_TEST(!f.grant.period_from.has_value());
  BOOST_TEST(f.grant.period_to->ToString() == "2027-12-31");
  BOOST_TEST((f.declarations.democracy_conditions_accepted == std::optional<bool>(true)));
  BOOST_TEST(f.booking.premises_id.empty());
  BOOST_TEST(f.booking.overlapping_bookings == 0);
  BOOST_TEST(!keys.has_booking);
  BOOST_TEST(keys.own_org == 0u);
  BOOST_TEST(keys.orgs.empty());
  BOOST_TEST(keys.people.empty());
}

BOOST_AUTO_TEST_CASE(WhatIsNotAVersionOneSnapshotIsRefused) {
  const std::string good = workflow::EncodeFactsSnapshot(Booking());
  rules::Facts f;
  workflow::SnapshotKeys keys;
  for (const std::string& bad : {std::string(), std::string("2") + good.substr(1), good.substr(0, good.size() / 2),
                                 good.substr(0, good.rfind(':') + 1) + "x", std::string("1;x;")}) {
    BOOST_TEST(!workflow::DecodeFactsSnapshot(bad, f, keys), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
