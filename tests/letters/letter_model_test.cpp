#include <boost/test/unit_test.hpp>

#include "letters/sample_letters.hpp"
#include "letters_test_support.hpp"

namespace granska::letters {
namespace {

std::vector<std::string> Fields(const LetterModel& m) {
  std::vector<std::string> out;
  for (const auto& e : Validate(m)) out.push_back(e.field);
  return out;
}

bool Has(const std::vector<std::string>& fields, const std::string& f) {
  return std::find(fields.begin(), fields.end(), f) != fields.end();
}

LetterModel Sample(LetterType type) { return SampleLetters(type, Language::kSv).front(); }

BOOST_AUTO_TEST_SUITE(letter_model)

BOOST_AUTO_TEST_CASE(EverySampleLetterIsValid) {
  for (const auto& [type, type_name] : AllLetterTypes())
    for (const auto& [language, language_name] : AllLanguages())
      for (const LetterModel& m : SampleLetters(type, language))
        BOOST_TEST(Validate(m).empty(), type_name << "_" << language_name);
}

BOOST_AUTO_TEST_CASE(ADecisionWithoutTheOfficersReasonsIsRefused) {
  for (LetterType t : {LetterType::kApproval, LetterType::kRejection, LetterType::kRevocation,
                       LetterType::kKommunicering, LetterType::kRevocationDropped}) {
    LetterModel m = Sample(t);
    m.reasons.officer_reasons = "  \n";
    BOOST_TEST(Has(Fields(m), "reasons.officer_reasons"), ToString(t));
  }
}

BOOST_AUTO_TEST_CASE(ConditionsBelongToApprovalWithConditionsOnly) {
  LetterModel plain = Sample(LetterType::kApproval);
  plain.conditions = Sample(LetterType::kApprovalWithConditions).conditions;
  BOOST_TEST(Has(Fields(plain), "conditions"));
  LetterModel with = Sample(LetterType::kApprovalWithConditions);
  with.conditions.clear();
  BOOST_TEST(Has(Fields(with), "conditions"));
  LetterModel past = Sample(LetterType::kApprovalWithConditions);
  past.conditions[1].due_on = past.decision_date.AddDays(-1);
  BOOST_TEST(Has(Fields(past), "conditions[1].due_on"));
}

BOOST_AUTO_TEST_CASE(AnApprovedGrantNeedsAnAmountNoMoreThanApplied) {
  LetterModel m = Sample(LetterType::kApproval);
  m.subject.amount_granted_sek.reset();
  BOOST_TEST(Has(Fields(m), "subject.amount_granted_sek"));
  m.subject.amount_granted_sek = *m.subject.amount_applied_sek + 1;
  BOOST_TEST(Has(Fields(m), "subject.amount_granted_sek"));
}

BOOST_AUTO_TEST_CASE(EachLetterTypeNeedsItsOwnPart) {
  LetterModel n = Sample(LetterType::kNeedsInfo);
  n.information_request.reset();
  BOOST_TEST(Has(Fields(n), "information_request"));
  LetterModel k = Sample(LetterType::kKommunicering);
  k.intended_outcome.reset();
  k.communication.reset();
  BOOST_TEST(Has(Fields(k), "intended_outcome"));
  BOOST_TEST(Has(Fields(k), "communication"));
  LetterModel r = Sample(LetterType::kRevocation);
  r.revocation.reset();
  r.revocation_clause.reset();
  BOOST_TEST(Has(Fields(r), "revocation"));
  BOOST_TEST(Has(Fields(r), "revocation_clause"));  // the original decision's clause, not a default
}

BOOST_AUTO_TEST_CASE(RevocationDroppedIsNamedAndIsNotAnAppealableDecision) {
  BOOST_TEST(ToString(LetterType::kRevocationDropped) == "revocation_dropped");
  BOOST_TEST((ParseLetterType("revocation_dropped") == LetterType::kRevocationDropped));
  BOOST_TEST(!IsDecision(LetterType::kRevocationDropped));
  BOOST_TEST(!IsApproval(LetterType::kRevocationDropped));
  // So no appeal notice can be issued for it.
  LetterModel notice = Sample(LetterType::kAppealNotice);
  notice.notice_of->decision_type = LetterType::kRevocationDropped;
  BOOST_TEST(Has(Fields(notice), "notice_of.decision_type"));
}

BOOST_AUTO_TEST_CASE(RevocationDroppedNeedsTheRevocationAndItsCommunication) {
  LetterModel m = Sample(LetterType::kRevocationDropped);
  m.revocation.reset();
  m.communication.reset();
  m.reasons.officer_reasons.clear();
  const auto f = Fields(m);
  BOOST_TEST(Has(f, "revocation"));
  BOOST_TEST(Has(f, "communication"));
  BOOST_TEST(Has(f, "reasons.officer_reasons"));
  for (const auto& e : Validate(m))
    if (e.field == "communication")
      BOOST_TEST(e.message.find("intended revocation was communicated") != std::string::npos);

  LetterModel breach = Sample(LetterType::kRevocationDropped);
  breach.revocation->breach = " ";
  BOOST_TEST(Has(Fields(breach), "revocation.breach"));
}

BOOST_AUTO_TEST_CASE(RevocationDroppedNeedsNeitherMaterialNorClauseNorConditionsNorARepaymentDate) {
  LetterModel m = Sample(LetterType::kRevocationDropped);
  m.communication->material.clear();
  m.communication->reply.reset();
  m.revocation_clause.reset();
  m.conditions.clear();
  m.subject.amount_granted_sek.reset();
  m.revocation->repayment_due_on.reset();  // nothing is to be repaid: no due date
  m.reasons.criteria.clear();
  BOOST_TEST(Validate(m).empty());
  m.revocation->repayment_sek = 0;
  BOOST_TEST(Validate(m).empty());
}

BOOST_AUTO_TEST_CASE(RevocationDroppedRefusesInconsistentParts) {
  LetterModel m = Sample(LetterType::kRevocationDropped);
  m.communication->sent_on = m.decision_date.AddDays(1);  // communicated after the letter
  m.communication->reply_by = m.communication->sent_on.AddDays(14);
  m.communication->reply->received_on = m.decision_date.AddDays(2);  // a reply the letter cannot know of
  m.revocation_clause = "";
  m.conditions[0].description = "";
  m.conditions[1].due_on = m.revocation->original_decision_on.AddDays(-1);
  m.revocation->repayment_sek = -1;
  m.revocation->original_decision_on = m.decision_date.AddDays(1);
  const auto f = Fields(m);
  for (const char* field :
       {"communication.sent_on", "communication.reply.received_on", "revocation_clause", "conditions[0].description",
        "conditions[1].due_on", "revocation.repayment_sek", "revocation.original_decision_on"})
    BOOST_TEST(Has(f, field), field);

  LetterModel early = Sample(LetterType::kRevocationDropped);
  early.communication->sent_on = early.revocation->original_decision_on.AddDays(-1);
  BOOST_TEST(Has(Fields(early), "communication.sent_on"));  // communicated before the decision existed

  LetterModel booking = SampleLetters(LetterType::kRevocationDropped, Language::kSv).back();
  BOOST_REQUIRE(booking.subject.kind == domain::ApplicationKind::kBooking);
  booking.revocation->repayment_sek = 1000;
  BOOST_TEST(Has(Fields(booking), "revocation.repayment_sek"));  // a booking has nothing to repay
}

BOOST_AUTO_TEST_CASE(AnOverdueOpenConditionOfTheStandingDecisionIsAccepted) {
  LetterModel m = Sample(LetterType::kRevocationDropped);
  m.conditions[0].due_on = m.decision_date.AddDays(-10);  // set with the decision; open and overdue now
  BOOST_TEST(Validate(m).empty());
}

BOOST_AUTO_TEST_CASE(RevocationAnnulledIsNamedAndIsNotAnAppealableDecision) {
  BOOST_TEST(ToString(LetterType::kRevocationAnnulled) == "revocation_annulled");
  BOOST_TEST((ParseLetterType("revocation_annulled") == LetterType::kRevocationAnnulled));
  BOOST_TEST(AllLetterTypes().size() == 10u);
  BOOST_TEST(!IsDecision(LetterType::kRevocationAnnulled));
  BOOST_TEST(!IsApproval(LetterType::kRevocationAnnulled));
  // The court's judgment is the decision; no appeal notice can be issued for the besked.
  LetterModel notice = Sample(LetterType::kAppealNotice);
  notice.notice_of->decision_type = LetterType::kRevocationAnnulled;
  BOOST_TEST(Has(Fields(notice), "notice_of.decision_type"));
}

BOOST_AUTO_TEST_CASE(RevocationAnnulledNeedsTheRevocationAndTheCourtsJudgment) {
  LetterModel m = Sample(LetterType::kRevocationAnnulled);
  m.revocation.reset();
  m.court_outcome.reset();
  const auto f = Fields(m);
  BOOST_TEST(Has(f, "revocation"));
  BOOST_TEST(Has(f, "court_outcome"));
  for (const auto& e : Validate(m)) {
    if (e.field == "revocation") BOOST_TEST(e.message.find("applies again") != std::string::npos, e.message);
    if (e.field == "court_outcome") BOOST_TEST(e.message.find("the court") != std::string::npos, e.message);
  }

  LetterModel blank = Sample(LetterType::kRevocationAnnulled);
  blank.revocation->breach = " ";
  blank.court_outcome->court = "\n";
  blank.court_outcome->court_case_number = "";
  const auto b = Fields(blank);
  for (const char* field : {"revocation.breach", "court_outcome.court", "court_outcome.court_case_number"})
    BOOST_TEST(Has(b, field), field);
}

BOOST_AUTO_TEST_CASE(RevocationAnnulledNeedsNoReasonsCommunicationConditionsClauseOrCaseNumber) {
  LetterModel m = Sample(LetterType::kRevocationAnnulled);
  m.reasons = Reasons{};  // the court gave the reasons; the municipality gives none of its own
  m.communication.reset();
  m.conditions.clear();
  m.revocation_clause.reset();
  m.subject.amount_granted_sek.reset();
  m.court_outcome->court_case_number.reset();
  BOOST_TEST(Validate(m).empty());
  m.revocation->repayment_sek = 0;
  m.revocation->repayment_due_on.reset();
  BOOST_TEST(Validate(m).empty());
  // A communication of the original case (not shown in this letter) does not matter either.
  m.communication = SampleLetters(LetterType::kRejection, Language::kSv).front().communication;
  BOOST_TEST(Validate(m).empty());
  // The claim's due date has passed while the revocation was tried: that is no error.
  LetterModel claim = Sample(LetterType::kRevocationAnnulled);
  BOOST_REQUIRE(claim.revocation->repayment_due_on.has_value());
  BOOST_TEST((*claim.revocation->repayment_due_on < claim.decision_date));
  BOOST_TEST(Validate(claim).empty());
}

BOOST_AUTO_TEST_CASE(RevocationAnnulledRefusesDatesOutOfOrder) {
  LetterModel early = Sample(LetterType::kRevocationAnnulled);
  early.court_outcome->revoked_on = early.revocation->original_decision_on.AddDays(-1);
  BOOST_TEST(Has(Fields(early), "court_outcome.revoked_on"));  // revoked before the decision existed

  LetterModel before = Sample(LetterType::kRevocationAnnulled);
  before.court_outcome->decided_on = before.court_outcome->revoked_on.AddDays(-1);
  BOOST_TEST(Has(Fields(before), "court_outcome.decided_on"));  // judged before the revocation

  LetterModel future = Sample(LetterType::kRevocationAnnulled);
  future.court_outcome->decided_on = future.decision_date.AddDays(1);
  BOOST_TEST(Has(Fields(future), "court_outcome.decided_on"));  // a judgment the letter cannot know of

  LetterModel same = Sample(LetterType::kRevocationAnnulled);
  same.court_outcome->revoked_on = same.revocation->original_decision_on;
  same.court_outcome->decided_on = same.decision_date;
  BOOST_TEST(Validate(same).empty());

  LetterModel after = Sample(LetterType::kRevocationAnnulled);
  after.revocation->original_decision_on = after.decision_date.AddDays(1);
  BOOST_TEST(Has(Fields(after), "revocation.original_decision_on"));
}

BOOST_AUTO_TEST_CASE(RevocationAnnulledSaysWhetherABookingIsRestoredAndOnlyForABooking) {
  LetterModel grant = Sample(LetterType::kRevocationAnnulled);
  grant.court_outcome->booking_restored = true;
  BOOST_TEST(Has(Fields(grant), "court_outcome.booking_restored"));  // a grant has no booking

  LetterModel booking = SampleLetters(LetterType::kRevocationAnnulled, Language::kSv).back();
  BOOST_REQUIRE(booking.subject.kind == domain::ApplicationKind::kBooking);
  BOOST_TEST(Validate(booking).empty());
  booking.court_outcome->booking_restored = true;
  BOOST_TEST(Validate(booking).empty());
  booking.court_outcome->booking_restored.reset();
  BOOST_TEST(Has(Fields(booking), "court_outcome.booking_restored"));

  LetterModel repay = SampleLetters(LetterType::kRevocationAnnulled, Language::kSv).back();
  repay.revocation->repayment_sek = 1000;
  BOOST_TEST(Has(Fields(repay), "revocation.repayment_sek"));  // a booking had nothing to repay
}

BOOST_AUTO_TEST_CASE(RevocationAnnulledChecksTheConditionsAndClauseOfTheDecisionThatAppliesAgain) {
  LetterModel m = Sample(LetterType::kRevocationAnnulled);
  BOOST_REQUIRE(m.conditions.size() == 2u);
  BOOST_TEST((m.conditions[0].due_on < m.decision_date));  // overdue, and accepted (EverySampleLetterIsValid)
  m.conditions[0].description = "";
  m.conditions[1].due_on = m.revocation->original_decision_on.AddDays(-1);
  m.revocation_clause = " ";
  m.subject.amount_granted_sek = 0;
  m.revocation->repayment_sek = -5;
  const auto f = Fields(m);
  for (const char* field : {"conditions[0].description", "conditions[1].due_on", "revocation_clause",
                            "subject.amount_granted_sek", "revocation.repayment_sek"})
    BOOST_TEST(Has(f, field), field);
}

// decision_annulled samples: [0] an annulled approval with conditions of a grant, [1] an
// annulled rejection of a grant, [2] an annulled approval of a booking.
LetterModel Annulled(std::size_t i) { return SampleLetters(LetterType::kDecisionAnnulled, Language::kSv).at(i); }

BOOST_AUTO_TEST_CASE(DecisionAnnulledIsNamedAndIsNotAnAppealableDecision) {
  BOOST_TEST(ToString(LetterType::kDecisionAnnulled) == "decision_annulled");
  BOOST_TEST((ParseLetterType("decision_annulled") == LetterType::kDecisionAnnulled));
  BOOST_TEST((AllLetterTypes().back().first == LetterType::kDecisionAnnulled));  // appended last
  BOOST_TEST(!IsDecision(LetterType::kDecisionAnnulled));
  BOOST_TEST(!IsApproval(LetterType::kDecisionAnnulled));
  LetterModel notice = Sample(LetterType::kAppealNotice);
  notice.notice_of->decision_type = LetterType::kDecisionAnnulled;
  BOOST_TEST(Has(Fields(notice), "notice_of.decision_type"));
}

BOOST_AUTO_TEST_CASE(DecisionAnnulledNeedsTheAnnulledDecisionAndTheCourtsJudgment) {
  LetterModel m = Annulled(0);
  m.notice_of.reset();
  m.court_outcome.reset();
  const auto f = Fields(m);
  BOOST_TEST(Has(f, "notice_of"));
  BOOST_TEST(Has(f, "court_outcome"));
  // Without the annulled decision its amount and conditions are not judged against it.
  BOOST_TEST(!Has(f, "subject.amount_granted_sek"));
  BOOST_TEST(!Has(f, "conditions"));
  for (const auto& e : Validate(m)) {
    if (e.field == "notice_of") BOOST_TEST(e.message.find("annulled") != std::string::npos, e.message);
    if (e.field == "court_outcome") BOOST_TEST(e.message.find("the court") != std::string::npos, e.message);
  }

  LetterModel blank = Annulled(0);
  blank.court_outcome->court = " \n";
  blank.court_outcome->court_case_number = "";
  const auto b = Fields(blank);
  for (const char* field : {"court_outcome.court", "court_outcome.court_case_number"}) BOOST_TEST(Has(b, field), field);
}

BOOST_AUTO_TEST_CASE(DecisionAnnulledConcernsTheDecisionOnTheApplicationOnly) {
  for (LetterType t :
       {LetterType::kRevocation, LetterType::kNeedsInfo, LetterType::kKommunicering, LetterType::kAppealNotice,
        LetterType::kRevocationDropped, LetterType::kRevocationAnnulled, LetterType::kDecisionAnnulled}) {
    LetterModel m = Annulled(1);  // no amount, no conditions
    m.notice_of->decision_type = t;
    BOOST_TEST(Has(Fields(m), "notice_of.decision_type"), ToString(t));
  }
  for (LetterType t : {LetterType::kApproval, LetterType::kApprovalWithConditions, LetterType::kRejection}) {
    LetterModel m = Annulled(1);
    m.notice_of->decision_type = t;
    BOOST_TEST(Validate(m).empty(), ToString(t));
  }
}

BOOST_AUTO_TEST_CASE(DecisionAnnulledNeedsNoReasonsCommunicationRevocationClauseOrCaseNumber) {
  LetterModel m = Annulled(0);
  m.reasons = Reasons{};  // the court gave the reasons; the new decision will give its own
  m.advice.reset();
  m.communication.reset();
  m.revocation_clause.reset();
  m.conditions.clear();  // an approval_with_conditions whose conditions were all met
  m.subject.amount_granted_sek.reset();
  m.court_outcome->court_case_number.reset();
  BOOST_TEST(Validate(m).empty());
  // What the letter does not show is not checked: the original case's kommunicering, a
  // revocation of the annulled decision, a clause, and court_outcome.revoked_on whatever it holds.
  m.communication = Sample(LetterType::kRejection).communication;
  m.revocation = Sample(LetterType::kRevocation).revocation;
  m.revocation->breach = "";
  m.revocation_clause = " ";
  m.court_outcome->revoked_on = m.decision_date.AddDays(365);
  m.appeal.minutes_posted_on = m.decision_date.AddDays(-400);
  BOOST_TEST(Validate(m).empty());
}

BOOST_AUTO_TEST_CASE(DecisionAnnulledRefusesDatesOutOfOrder) {
  LetterModel later = Annulled(0);
  later.notice_of->decided_on = later.decision_date.AddDays(1);
  BOOST_TEST(Has(Fields(later), "notice_of.decided_on"));  // a decision after the letter

  LetterModel early = Annulled(0);
  early.notice_of->decided_on = early.subject.submitted_on.AddDays(-1);
  BOOST_TEST(Has(Fields(early), "notice_of.decided_on"));  // decided before it was applied for

  LetterModel before = Annulled(0);
  before.court_outcome->decided_on = before.notice_of->decided_on.AddDays(-1);
  BOOST_TEST(Has(Fields(before), "court_outcome.decided_on"));  // judged before the decision existed

  LetterModel future = Annulled(0);
  future.court_outcome->decided_on = future.decision_date.AddDays(1);
  BOOST_TEST(Has(Fields(future), "court_outcome.decided_on"));  // a judgment the letter cannot know of

  LetterModel same = Annulled(1);
  same.notice_of->decided_on = same.subject.submitted_on;
  same.court_outcome->decided_on = same.decision_date;
  BOOST_TEST(Validate(same).empty());
  same.court_outcome->decided_on = same.notice_of->decided_on;
  BOOST_TEST(Validate(same).empty());
}

BOOST_AUTO_TEST_CASE(DecisionAnnulledRestoresNoBooking) {
  for (std::size_t i : {0u, 2u})
    for (bool restored : {true, false}) {
      LetterModel m = Annulled(i);
      m.court_outcome->booking_restored = restored;
      BOOST_TEST(Has(Fields(m), "court_outcome.booking_restored"), i << " " << restored);
    }
  LetterModel booking = Annulled(2);
  BOOST_REQUIRE(booking.subject.kind == domain::ApplicationKind::kBooking);
  BOOST_TEST(Validate(booking).empty());
  booking.notice_of->decision_type = LetterType::kRejection;  // an annulled rejection of a booking
  BOOST_TEST(Validate(booking).empty());
}

BOOST_AUTO_TEST_CASE(DecisionAnnulledAmountAndConditionsFollowTheAnnulledDecision) {
  // A rejection granted nothing and set no conditions.
  LetterModel rejection = Annulled(1);
  rejection.subject.amount_granted_sek = 45000;
  rejection.conditions = Annulled(0).conditions;
  auto f = Fields(rejection);
  BOOST_TEST(Has(f, "subject.amount_granted_sek"));
  BOOST_TEST(Has(f, "conditions"));

  // A plain approval had an amount but no conditions.
  LetterModel plain = Annulled(0);
  plain.notice_of->decision_type = LetterType::kApproval;
  f = Fields(plain);
  BOOST_TEST(Has(f, "conditions"));
  BOOST_TEST(!Has(f, "subject.amount_granted_sek"));
  plain.conditions.clear();
  BOOST_TEST(Validate(plain).empty());

  LetterModel amount = Annulled(0);
  amount.subject.amount_granted_sek = 0;
  BOOST_TEST(Has(Fields(amount), "subject.amount_granted_sek"));
  amount.subject.amount_granted_sek = *amount.subject.amount_applied_sek + 1;
  BOOST_TEST(Has(Fields(amount), "subject.amount_granted_sek"));

  LetterModel conditions = Annulled(0);
  BOOST_REQUIRE(conditions.conditions.size() == 2u);
  conditions.conditions[0].description = "\n";
  conditions.conditions[1].due_on = conditions.notice_of->decided_on.AddDays(-1);
  f = Fields(conditions);
  BOOST_TEST(Has(f, "conditions[0].description"));
  BOOST_TEST(Has(f, "conditions[1].due_on"));
  // A lapsing condition whose last day has passed by the letter's date is fine.
  LetterModel passed = Annulled(0);
  passed.conditions[0].due_on = passed.decision_date.AddDays(-1);
  BOOST_TEST(Validate(passed).empty());
}

BOOST_AUTO_TEST_CASE(AnInvalidOrgNumberAndAnEmptyCaseNumberAreRefused) {
  LetterModel m = Sample(LetterType::kRejection);
  m.addressee.org_number = "802456-7890";  // wrong check digit
  m.case_number.clear();
  const auto f = Fields(m);
  BOOST_TEST(Has(f, "addressee.org_number"));
  BOOST_TEST(Has(f, "case_number"));
}

BOOST_AUTO_TEST_CASE(RenderingAnInvalidModelReturnsEveryFieldError) {
  LetterModel m = Sample(LetterType::kRejection);
  m.reasons.officer_reasons.clear();
  m.officer.name.clear();
  auto html = testing::ShippedRenderer().RenderHtml(m);
  BOOST_REQUIRE(!html.Ok());
  BOOST_TEST(static_cast<int>(html.Err().code) == static_cast<int>(domain::ErrorCode::kValidation));
  BOOST_TEST(html.Err().errors.size() == 2u);
  BOOST_TEST(html.Err().detail.find("rejection letter for case 2026-00042") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::letters
