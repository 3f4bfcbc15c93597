// A template that refers to anything the view data does not provide is refused when the
// renderer loads, with a message naming the template (and the partial) and the tag.
#include <boost/test/unit_test.hpp>

#include "letters/template_checker.hpp"
#include "letters_test_support.hpp"

namespace granska::letters {
namespace {

using testing::Describe;

// Inserts `snippet` before </main> of templates/letters/<file> in a copy, loads, returns the error text.
std::string LoadWithSnippet(const std::string& file, const std::string& snippet) {
  testing::TemplatesCopy copy;
  const auto path = copy.Path() / "letters" / file;
  std::string text = testing::ReadText(path);
  const auto at = text.find("</main>");
  BOOST_REQUIRE(at != std::string::npos);
  text.insert(at, snippet + "\n");
  testing::WriteText(path, text);
  auto r = Renderer::Load(copy.Path(), testing::ShippedConfig());
  BOOST_REQUIRE_MESSAGE(!r.Ok(), "the renderer accepted " << snippet << " in " << file);
  return Describe(r.Err());
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

BOOST_AUTO_TEST_SUITE(template_check)

BOOST_AUTO_TEST_CASE(AVariableTheModelDoesNotProvideIsRefusedNamingTemplateAndVariable) {
  const std::string e = LoadWithSnippet("rejection_sv.mustache", "<p>{{chairman_name}}</p>");
  BOOST_TEST(Contains(e, "letters/rejection_sv.mustache:"), e);
  BOOST_TEST(Contains(e, "variable {{chairman_name}} is not provided by the view data"), e);
}

BOOST_AUTO_TEST_CASE(AVariableOfAnotherLetterTypeIsRefused) {
  // The repayment exists in revocation letters only.
  const std::string e = LoadWithSnippet("approval_en.mustache", "<p>{{repayment}}</p>");
  BOOST_TEST(Contains(e, "letters/approval_en.mustache:"), e);
  BOOST_TEST(Contains(e, "{{repayment}}"), e);
}

BOOST_AUTO_TEST_CASE(AListItemsFieldUsedOutsideItsSectionIsRefused) {
  const std::string e = LoadWithSnippet("approval_with_conditions_sv.mustache", "<p>{{due_on}}</p>");
  BOOST_TEST(Contains(e, "variable {{due_on}} is not provided"), e);
}

BOOST_AUTO_TEST_CASE(AnOptionalValueUsedOutsideItsSectionIsRefused) {
  // advice is a list of zero or one: its date exists only inside {{#advice}}.
  const std::string e = LoadWithSnippet("rejection_en.mustache", "<p>{{given_on}}</p>");
  BOOST_TEST(Contains(e, "{{given_on}}"), e);
}

BOOST_AUTO_TEST_CASE(AListOrBooleanUsedAsTextIsRefused) {
  const std::string e = LoadWithSnippet("approval_with_conditions_en.mustache", "<p>{{conditions}} {{draft}}</p>");
  BOOST_TEST(Contains(e, "variable {{conditions}} is a list, not text"), e);
  BOOST_TEST(Contains(e, "variable {{draft}} is a boolean, not text"), e);
}

BOOST_AUTO_TEST_CASE(ASectionOverTextIsRefused) {
  const std::string e = LoadWithSnippet("needs_info_sv.mustache", "{{#case_number}}x{{/case_number}}");
  BOOST_TEST(Contains(e, "section {{#case_number}} is text"), e);
}

BOOST_AUTO_TEST_CASE(UnescapedOutputIsRefused) {
  const std::string e = LoadWithSnippet("kommunicering_sv.mustache", "{{{organisation_name}}}{{&case_number}}");
  BOOST_TEST(Contains(e, "unescaped output {{{organisation_name}}}"), e);
  BOOST_TEST(Contains(e, "unescaped output {{{case_number}}}"), e);
}

BOOST_AUTO_TEST_CASE(TheRevocationDroppedLetterIsCheckedLikeTheOthers) {
  // Not a decision: the appeal section's data does not exist for it, so it cannot be added by mistake.
  const std::string appeal = LoadWithSnippet("revocation_dropped_sv.mustache", "{{> letter_appeal_sv}}");
  BOOST_TEST(
      Contains(appeal, "partials/letter_appeal_sv.mustache (included from letters/revocation_dropped_sv.mustache:"),
      appeal);
  BOOST_TEST(Contains(appeal, "{{appeal_court}}"), appeal);
  // Nothing is to be repaid: no payment details, and the repayment exists only inside its section.
  const std::string pay = LoadWithSnippet("revocation_dropped_en.mustache", "<p>{{bankgiro}} {{repayment}}</p>");
  BOOST_TEST(Contains(pay, "letters/revocation_dropped_en.mustache:"), pay);
  BOOST_TEST(Contains(pay, "variable {{bankgiro}} is not provided"), pay);
  BOOST_TEST(Contains(pay, "variable {{repayment}} is not provided"), pay);
  // The standing decision's conditions exist only inside {{#conditions}}.
  const std::string due = LoadWithSnippet("revocation_dropped_sv.mustache", "<p>{{due_on}}</p>");
  BOOST_TEST(Contains(due, "variable {{due_on}} is not provided"), due);
}

BOOST_AUTO_TEST_CASE(AMissingRevocationDroppedTemplateIsRefused) {
  testing::TemplatesCopy copy;
  std::filesystem::remove(copy.Path() / "letters" / "revocation_dropped_en.mustache");
  auto r = Renderer::Load(copy.Path(), testing::ShippedConfig());
  BOOST_REQUIRE(!r.Ok());
  BOOST_TEST(Contains(Describe(r.Err()), "letters/revocation_dropped_en.mustache: missing"));
}

BOOST_AUTO_TEST_CASE(TheRevocationAnnulledLetterIsCheckedLikeTheOthers) {
  // Not a decision: the appeal section's data does not exist for it, so it cannot be added by mistake.
  const std::string appeal = LoadWithSnippet("revocation_annulled_sv.mustache", "{{> letter_appeal_sv}}");
  BOOST_TEST(
      Contains(appeal, "partials/letter_appeal_sv.mustache (included from letters/revocation_annulled_sv.mustache:"),
      appeal);
  BOOST_TEST(Contains(appeal, "{{appeal_court}}"), appeal);
  // Nothing is to be paid: no payment details, and the repayment exists only inside its section.
  const std::string pay = LoadWithSnippet("revocation_annulled_en.mustache", "<p>{{bankgiro}} {{repayment}}</p>");
  BOOST_TEST(Contains(pay, "letters/revocation_annulled_en.mustache:"), pay);
  BOOST_TEST(Contains(pay, "variable {{bankgiro}} is not provided"), pay);
  BOOST_TEST(Contains(pay, "variable {{repayment}} is not provided"), pay);
  // The court's judgment exists only inside {{#court_outcome}}, the overdue mark only inside {{#conditions}}.
  const std::string court = LoadWithSnippet("revocation_annulled_sv.mustache", "<p>{{court}}</p>");
  BOOST_TEST(Contains(court, "variable {{court}} is not provided"), court);
  const std::string overdue = LoadWithSnippet("revocation_annulled_sv.mustache", "{{#overdue}}<p>x</p>{{/overdue}}");
  BOOST_TEST(Contains(overdue, "letters/revocation_annulled_sv.mustache:"), overdue);
  BOOST_TEST(Contains(overdue, "section {{#overdue}} is not provided by the view data"), overdue);
  // Another type's data: the officer's reasons and the kommunicering are not part of this letter.
  const std::string reasons =
      LoadWithSnippet("revocation_annulled_en.mustache", "{{#officer_reasons}}<p>{{text}}</p>{{/officer_reasons}}");
  BOOST_TEST(Contains(reasons, "section {{#officer_reasons}} is not provided by the view data"), reasons);
  const std::string communication =
      LoadWithSnippet("revocation_annulled_sv.mustache", "{{#communication}}<p>{{sent_on}}</p>{{/communication}}");
  BOOST_TEST(Contains(communication, "section {{#communication}} is not provided by the view data"), communication);
}

BOOST_AUTO_TEST_CASE(AMissingRevocationAnnulledTemplateIsRefused) {
  testing::TemplatesCopy copy;
  std::filesystem::remove(copy.Path() / "letters" / "revocation_annulled_sv.mustache");
  auto r = Renderer::Load(copy.Path(), testing::ShippedConfig());
  BOOST_REQUIRE(!r.Ok());
  BOOST_TEST(Contains(Describe(r.Err()), "letters/revocation_annulled_sv.mustache: missing"));
}

BOOST_AUTO_TEST_CASE(TheDecisionAnnulledLetterIsCheckedLikeTheOthers) {
  // Not a decision: the appeal section's data does not exist for it.
  const std::string appeal = LoadWithSnippet("decision_annulled_sv.mustache", "{{> letter_appeal_sv}}");
  BOOST_TEST(
      Contains(appeal, "partials/letter_appeal_sv.mustache (included from letters/decision_annulled_sv.mustache:"),
      appeal);
  BOOST_TEST(Contains(appeal, "{{appeal_court}}"), appeal);
  // Nothing is claimed: no payment details, no revocation, no repayment.
  const std::string pay = LoadWithSnippet("decision_annulled_en.mustache", "<p>{{bankgiro}} {{repayment}}</p>");
  BOOST_TEST(Contains(pay, "letters/decision_annulled_en.mustache:"), pay);
  BOOST_TEST(Contains(pay, "variable {{bankgiro}} is not provided"), pay);
  BOOST_TEST(Contains(pay, "variable {{repayment}} is not provided"), pay);
  const std::string revocation =
      LoadWithSnippet("decision_annulled_sv.mustache", "{{#revocation}}<p>{{original_decision_on}}</p>{{/revocation}}");
  BOOST_TEST(Contains(revocation, "section {{#revocation}} is not provided by the view data"), revocation);
  // The court's judgment exists only inside {{#court_outcome}}, and without revoked_on.
  const std::string court = LoadWithSnippet("decision_annulled_sv.mustache", "<p>{{court}}</p>");
  BOOST_TEST(Contains(court, "variable {{court}} is not provided"), court);
  const std::string revoked =
      LoadWithSnippet("decision_annulled_sv.mustache", "{{#court_outcome}}<p>{{revoked_on}}</p>{{/court_outcome}}");
  BOOST_TEST(Contains(revoked, "variable {{revoked_on}} is not provided"), revoked);
  // Another type's data: the officer's reasons, the kommunicering, the clause, a restored booking.
  const std::string reasons =
      LoadWithSnippet("decision_annulled_en.mustache", "{{#officer_reasons}}<p>{{text}}</p>{{/officer_reasons}}");
  BOOST_TEST(Contains(reasons, "section {{#officer_reasons}} is not provided by the view data"), reasons);
  const std::string communication =
      LoadWithSnippet("decision_annulled_sv.mustache", "{{#communication}}<p>{{sent_on}}</p>{{/communication}}");
  BOOST_TEST(Contains(communication, "section {{#communication}} is not provided by the view data"), communication);
  const std::string clause =
      LoadWithSnippet("decision_annulled_en.mustache", "{{#standing_clause}}<p>x</p>{{/standing_clause}}");
  BOOST_TEST(Contains(clause, "section {{#standing_clause}} is not provided by the view data"), clause);
  const std::string restored =
      LoadWithSnippet("decision_annulled_sv.mustache", "{{#booking_restored}}<p>x</p>{{/booking_restored}}");
  BOOST_TEST(Contains(restored, "section {{#booking_restored}} is not provided by the view data"), restored);
  // The amount granted exists only inside {{#amount_granted}}; the annulled decision's date is text.
  const std::string amount = LoadWithSnippet("decision_annulled_sv.mustache", "<p>{{amount}}</p>");
  BOOST_TEST(Contains(amount, "variable {{amount}} is not provided"), amount);
  const std::string date = LoadWithSnippet("decision_annulled_en.mustache", "{{#annulled_on}}<p>x</p>{{/annulled_on}}");
  BOOST_TEST(Contains(date, "annulled_on"), date);
}

BOOST_AUTO_TEST_CASE(AMissingDecisionAnnulledTemplateIsRefused) {
  testing::TemplatesCopy copy;
  std::filesystem::remove(copy.Path() / "letters" / "decision_annulled_en.mustache");
  auto r = Renderer::Load(copy.Path(), testing::ShippedConfig());
  BOOST_REQUIRE(!r.Ok());
  BOOST_TEST(Contains(Describe(r.Err()), "letters/decision_annulled_en.mustache: missing"));
}

BOOST_AUTO_TEST_CASE(AMissingPartialIsRefused) {
  const std::string e = LoadWithSnippet("revocation_en.mustache", "{{> letter_nothing_here}}");
  BOOST_TEST(Contains(e, "partial {{> letter_nothing_here}} does not exist"), e);
}

BOOST_AUTO_TEST_CASE(AnUnclosedSectionIsRefused) {
  const std::string e = LoadWithSnippet("approval_sv.mustache", "{{#booking}}<p>{{period}}</p>");
  BOOST_TEST(Contains(e, "letters/approval_sv.mustache"), e);
}

BOOST_AUTO_TEST_CASE(AProblemInAPartialNamesThePartialAndWhereItIsIncluded) {
  testing::TemplatesCopy copy;
  const auto path = copy.Path() / "partials" / "letter_contact_en.mustache";
  testing::WriteText(path, testing::ReadText(path) + "<p>{{officer_mobile}}</p>\n");
  auto r = Renderer::Load(copy.Path(), testing::ShippedConfig());
  BOOST_REQUIRE(!r.Ok());
  const std::string e = Describe(r.Err());
  BOOST_TEST(Contains(e, "partials/letter_contact_en.mustache (included from letters/approval_en.mustache:"), e);
  BOOST_TEST(Contains(e, "{{officer_mobile}}"), e);
}

BOOST_AUTO_TEST_CASE(AMissingTemplateIsRefusedNamingTypeAndLanguage) {
  testing::TemplatesCopy copy;
  std::filesystem::remove(copy.Path() / "letters" / "needs_info_en.mustache");
  auto r = Renderer::Load(copy.Path(), testing::ShippedConfig());
  BOOST_REQUIRE(!r.Ok());
  const std::string e = Describe(r.Err());
  BOOST_TEST(Contains(e, "letters/needs_info_en.mustache: missing"), e);
}

BOOST_AUTO_TEST_CASE(ListsEmptyInEverySampleLeaveTheirFieldsUnknown) {
  ViewData sample;
  sample.Set("items", ViewData(ViewData::List{}));
  const TemplateChecker checker({});
  const auto errors = checker.Check("t.mustache", "{{#items}}{{name}}{{/items}}", {sample});
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_TEST(errors[0].field == "t.mustache:1");
  BOOST_TEST(errors[0].message == "variable {{name}} is not provided by the view data");
}

BOOST_AUTO_TEST_CASE(NamesResolveOutwardsAndThroughDots) {
  ViewData item;
  item.Set("name", "x");
  ViewData obj;
  obj.Set("street", "y");
  ViewData sample;
  sample.Set("items", ViewData(ViewData::List{item})).Set("title", "t").Set("address", obj);
  const TemplateChecker checker({});
  const auto errors = checker.Check(
      "t.mustache", "{{#items}}{{name}} {{title}}{{/items}} {{address.street}} {{#address}}{{street}}{{/address}}",
      {sample});
  BOOST_TEST(errors.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::letters
