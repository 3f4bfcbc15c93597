#include "letters/sample_letters.hpp"

#include <stdexcept>

namespace granska::letters {
namespace {

using domain::Date;

Date D(const char* iso) {
  const auto d = Date::Parse(iso);
  if (!d) throw std::logic_error(std::string("bad sample date ") + iso);
  return *d;
}

domain::Instant T(const char* iso) {
  const auto t = domain::Instant::Parse(iso);
  if (!t) throw std::logic_error(std::string("bad sample instant ") + iso);
  return *t;
}

// The sample text in the letter's language.
class Text {
 public:
  explicit Text(Language language) : en_(language == Language::kEn) {}
  std::string operator()(const char* sv, const char* en) const { return en_ ? en : sv; }

 private:
  bool en_;
};

constexpr const char* kRuleSet = "sha256:3f5a9c1e7b2d4f608a1c3e5b7d9f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f";

LetterModel Base(LetterType type, Language language, const char* date) {
  const Text t(language);
  LetterModel m;
  m.type = type;
  m.language = language;
  m.case_number = "2026-00042";
  m.decision_date = D(date);
  m.addressee.organisation_name = "Ungdomsföreningen Ängsbäcken";
  m.addressee.org_number = "802456-7896";
  m.addressee.contact_name = "René Åström";
  m.addressee.address_lines = {"Storgatan 12", "123 45 Exempelby"};
  m.addressee.email = "styrelsen@angsbacken.example";
  m.subject.kind = domain::ApplicationKind::kGrant;
  m.subject.submitted_on = D("2026-10-02");
  m.subject.grant_type = domain::GrantType::kActivity;
  m.subject.amount_applied_sek = 60000;
  m.officer.name = "Maria Lindqvist";
  m.officer.title = t("handläggare, föreningsbidrag", "case officer, association grants");
  m.officer.email = "maria.lindqvist@exempelby.example";
  m.rule_set_version = kRuleSet;
  return m;
}

// The same case as a premises booking.
void MakeBooking(LetterModel& m, Language language) {
  const Text t(language);
  m.subject.kind = domain::ApplicationKind::kBooking;
  m.subject.grant_type.reset();
  m.subject.amount_applied_sek.reset();
  m.subject.amount_granted_sek.reset();
  m.subject.booking = BookingDetails{t("Ängby Folkets hus, sal A", "Ängby Folkets hus, hall A"),
                                     T("2027-02-14T18:00:00+01:00"), T("2027-02-14T22:00:00+01:00"),
                                     t("Årsfest för medlemmar och familjer", "Annual party for members and families")};
  m.addressee.contact_name.reset();
  m.addressee.email.reset();
  m.officer.email.reset();
  m.rule_set_version.reset();
  m.delegation_reference = t("Delegationsordning för kultur- och fritidsnämnden, punkt 5.1 (uthyrning av lokaler)",
                             "Delegation rules of the Culture and Leisure Committee, item 5.1 (letting of premises)");
}

AppliedCriterion BasicConditions(const Text& t) {
  return {"GE-1–GE-7", t("Grundläggande villkor för föreningsbidrag", "Basic conditions for association grants"),
          t("Kommunens regler för föreningsbidrag, avsnitt 2 (vem kan få bidrag)",
            "The municipality's rules for association grants, section 2 (who may receive grants)"),
          t("Föreningen är en registrerad ideell förening med 48 medlemmar, varav 41 bor i kommunen och 32 är "
            "7–25 år. Styrelsen har fem ledamöter och årsmöte hölls den 14 mars 2026.",
            "The association is a registered non-profit association with 48 members, of whom 41 live in the "
            "municipality and 32 are aged 7–25. The board has five members and the annual meeting was held on "
            "14 March 2026.")};
}

AppliedCriterion DemocracyConditionsMet(const Text& t) {
  return {"DV-1–DV-7", t("Demokrativillkoren", "The democracy conditions"),
          t("Kommunens regler för föreningsbidrag, avsnitt 3 (demokrativillkor), med förebild i prop. 2023/24:119",
            "The municipality's rules for association grants, section 3 (democracy conditions), modelled on "
            "Government Bill 2023/24:119"),
          t("Föreningen har i ansökan godtagit demokrativillkoren. Kommunen har inga verifierade uppgifter om att "
            "föreningen eller någon som företräder den har använt våld, tvång eller hot, diskriminerat eller på "
            "annat sätt motverkat det demokratiska styrelseskicket.",
            "In the application the association accepted the democracy conditions. The municipality holds no "
            "verified information that the association, or anyone representing it, has used violence, coercion "
            "or threats, discriminated, or otherwise worked against democratic government.")};
}

AppliedCriterion ViolenceCriterion(const Text& t) {
  return {"DV-1", t("Våld, tvång eller hot", "Violence, coercion or threats"),
          t("Kommunens regler för föreningsbidrag, avsnitt 3.1 (demokrativillkoret punkt 1), med förebild i prop. "
            "2023/24:119; Göteborgs Stads plan mot våldsbejakande extremism, avsnitt 2:4",
            "The municipality's rules for association grants, section 3.1 (democracy condition 1), modelled on "
            "Government Bill 2023/24:119; City of Gothenburg plan against violent extremism, section 2:4"),
          t("Föreningens ordförande dömdes den 3 mars 2025 av Exempelby tingsrätt för olaga hot mot en "
            "föreläsare vid ett möte som föreningen anordnade den 12 oktober 2024 (mål B 1234-24). Domen har "
            "vunnit laga kraft. Uppgiften är verifierad mot domen den 10 oktober 2026.",
            "On 3 March 2025 the association's chair was convicted by Exempelby District Court of unlawful threats "
            "against a speaker at a meeting the association organised on 12 October 2024 (case B 1234-24). The "
            "judgment has become final. The information was verified against the judgment on 10 October 2026.")};
}

AdvisorySummary Advice(const Text& t) {
  return {D("2026-10-28"),
          t("Arbetsgruppen (fyra ledamöter; en ledamot anmälde jäv och deltog inte) bedömer att händelsen är "
            "allvarlig och kan hänföras till föreningen, eftersom ordföranden handlade inom föreningens "
            "verksamhet.\nArbetsgruppen rekommenderar att föreningen får yttra sig innan beslut fattas.",
            "The group (four members; one declared a conflict of interest and took no part) considers the act "
            "serious and attributable to the association, since the chair acted within the association's "
            "activities.\nThe group recommends that the association be heard before a decision is made.")};
}

Communication Communicated(const Text& t, bool with_reply) {
  Communication c;
  c.sent_on = D("2026-10-30");
  c.reply_by = D("2026-11-13");
  c.material = {
      t("Sammanfattning av Exempelby tingsrätts dom den 3 mars 2025 i mål B 1234-24",
        "Summary of the judgment of Exempelby District Court of 3 March 2025 in case B 1234-24"),
      t("Den tvärsektoriella arbetsgruppens råd den 28 oktober 2026",
        "The advice of the cross-sectoral advisory group of 28 October 2026"),
      t("Handläggarens tjänsteanteckning den 30 oktober 2026", "The case officer's file note of 30 October 2026")};
  if (with_reply) {
    c.reply = ApplicantReply{
        D("2026-11-11"),
        t("Föreningen uppger att ordföranden har lämnat sitt uppdrag och uteslutits ur föreningen, att styrelsen "
          "offentligt har tagit avstånd från hotet och att föreningen har antagit en uppförandekod för möten.",
          "The association states that the chair has left office and been expelled, that the board has publicly "
          "distanced itself from the threat and that the association has adopted a code of conduct for "
          "meetings.")};
  }
  return c;
}

std::vector<LetterModel> Approvals(Language language) {
  const Text t(language);
  LetterModel full = Base(LetterType::kApproval, language, "2026-11-20");
  full.subject.amount_applied_sek = 45000;
  full.subject.amount_granted_sek = 45000;
  full.reasons.criteria = {BasicConditions(t), DemocracyConditionsMet(t)};
  full.reasons.officer_reasons =
      t("Föreningen uppfyller kommunens villkor för verksamhetsbidrag. Bidraget har beräknats enligt kommunens "
        "riktlinjer utifrån 1 200 redovisade deltagartillfällen under 2026.",
        "The association meets the municipality's conditions for an activity grant. The grant has been "
        "calculated under the municipality's guidelines from 1,200 reported participations in 2026.");
  full.appeal.minutes_posted_on = D("2026-12-04");

  LetterModel partly = full;  // granted less than applied for; own clause; posting date not yet known
  partly.subject.amount_applied_sek = 60000;
  partly.subject.amount_granted_sek = 45000;
  partly.reasons.officer_reasons =
      t("Föreningen uppfyller kommunens villkor för verksamhetsbidrag.\nBidraget har beräknats enligt kommunens "
        "riktlinjer utifrån 1 200 redovisade deltagartillfällen; det överstiger därför inte 45 000 kr.",
        "The association meets the municipality's conditions for an activity grant.\nThe grant has been "
        "calculated under the municipality's guidelines from 1,200 reported participations and therefore does "
        "not exceed SEK 45,000.");
  partly.appeal.minutes_posted_on.reset();
  partly.advice = AdvisorySummary{
      D("2026-11-05"),
      t("Arbetsgruppen bedömer att den overifierade uppgift som finns i ärendet (DV-7) inte ger skäl att avslå "
        "ansökan.",
        "The advisory group considers that the unverified report in the case (DV-7) gives no reason to reject the "
        "application.")};
  Communication calc;
  calc.sent_on = D("2026-11-02");
  calc.reply_by = D("2026-11-16");
  calc.material = {
      t("Beräkning av bidragsbeloppet den 2 november 2026", "Calculation of the grant amount of 2 November 2026")};
  calc.reply = ApplicantReply{D("2026-11-10"), t("Föreningen har inga invändningar mot beräkningen.",
                                                 "The association has no objection to the calculation.")};
  partly.communication = calc;
  partly.delegation_reference = t("Delegationsordning för kultur- och fritidsnämnden, punkt 4.2",
                                  "Delegation rules of the Culture and Leisure Committee, item 4.2");
  partly.revocation_clause =
      t("Beslutet får återkallas och bidraget krävas tillbaka helt eller delvis om föreningen inte använder "
        "bidraget för det ändamål som det har beviljats för.",
        "The decision may be revoked and the grant reclaimed in whole or in part if the association does not "
        "use the grant for the purpose for which it was granted.");

  LetterModel booking = full;
  MakeBooking(booking, language);
  booking.reasons.criteria = {
      {"BK-1, BK-2", t("Lokalen är ledig och rymmer arrangemanget", "The premises are free and large enough"),
       t("Kommunens regler för uthyrning av lokaler, avsnitt 4",
         "The municipality's rules for letting premises, section 4"),
       t("Sal A är inte bokad den aktuella tiden och rymmer 120 personer; föreningen räknar med 80 deltagare.",
         "Hall A is not booked at the time and holds 120 people; the association expects 80 attendees.")}};
  booking.reasons.officer_reasons = t("Bokningen uppfyller kommunens villkor för uthyrning av lokaler.",
                                      "The booking meets the municipality's conditions for letting premises.");
  booking.reasons.special_reasons =
      t("En uppgift om hot från en tidigare företrädare (DV-7) avser en enstaka händelse för mer än fyra år sedan, "
        "och föreningen har offentligt tagit avstånd från den.",
        "A report of a threat by a former representative (DV-7) concerns a single event more than four years ago, "
        "and the association has publicly distanced itself from it.");
  return {full, partly, booking};
}

// The återkallelseförbehåll recorded with the sample grant decisions that the revocation letters
// quote.
std::string SampleGrantClause(const Text& t) {
  return t("Beslutet får återkallas och bidraget krävas tillbaka helt eller delvis om föreningen eller någon som "
           "företräder den inom ramen för verksamheten bryter mot demokrativillkoren, om föreningen inte uppfyller "
           "villkoren i beslutet eller inte använder bidraget för det ändamål som det har beviljats för.",
           "The decision may be revoked and the grant reclaimed in whole or in part if the association, or anyone "
           "representing it within its activities, breaches the democracy conditions, or if the association does "
           "not meet the conditions of the decision or does not use the grant for the purpose for which it was "
           "granted.");
}

std::vector<Condition> SampleConditions(const Text& t) {
  return {{domain::ConditionKind::kActivityReport,
           t("Föreningen ska lämna en uppföljningsrapport om verksamheten med antal deltagare och genomförda "
             "aktiviteter.",
             "The association shall submit a follow-up report on its activities with the number of participants "
             "and the activities carried out."),
           D("2027-06-30")},
          {domain::ConditionKind::kCustom,
           t("Föreningen och de som företräder den ska under bidragsperioden följa demokrativillkoren och "
             "föreningens uppförandekod för möten. Föreningen ska utan dröjsmål anmäla om en företrädare "
             "misstänks för brott mot villkoren.",
             "During the grant period the association and those who represent it shall comply with the democracy "
             "conditions and the association's code of conduct for meetings. The association shall report without "
             "delay if a representative is suspected of breaching the conditions."),
           D("2027-12-31")},
          {domain::ConditionKind::kFinancialReport,
           t("Föreningen ska lämna en ekonomisk redovisning av hur bidraget har använts, granskad av föreningens "
             "revisor.",
             "The association shall submit a financial statement of how the grant was used, examined by the "
             "association's auditor."),
           D("2028-03-31")}};
}

std::vector<LetterModel> ApprovalsWithConditions(Language language) {
  const Text t(language);
  LetterModel full = Base(LetterType::kApprovalWithConditions, language, "2026-11-20");
  full.subject.amount_granted_sek = 45000;
  full.reasons.criteria = {BasicConditions(t), ViolenceCriterion(t)};
  full.reasons.officer_reasons =
      t("Demokrativillkoret i punkt 1 är uppfyllt för föreningens del: ordföranden har, inom föreningens "
        "verksamhet, hotat en föreläsare och dömts för det.\nFöreningen har i sitt yttrande visat att den har "
        "vidtagit åtgärder. Mot den bakgrunden och med de villkor som anges ovan bedöms bidraget kunna beviljas. "
        "Bidraget har beräknats utifrån 1 200 redovisade deltagartillfällen.",
        "Democracy condition 1 is met for the association: its chair, within the association's activities, "
        "threatened a speaker and was convicted of it.\nIn its reply the association has shown that it has taken "
        "measures. Against that background, and with the conditions set out above, the grant can be awarded. The "
        "grant has been calculated from 1,200 reported participations.");
  full.reasons.special_reasons =
      t("Det finns särskilda skäl att ändå lämna bidrag: föreningen har offentligt tagit avstånd från hotet, "
        "ordföranden har lämnat sitt uppdrag och uteslutits, föreningen har antagit en uppförandekod och händelsen "
        "är en enstaka händelse för drygt två år sedan.",
        "There are special reasons to award the grant nonetheless: the association has publicly distanced itself "
        "from the threat, the chair has left office and been expelled, the association has adopted a code of "
        "conduct, and it was a single event more than two years ago.");
  full.advice = Advice(t);
  full.communication = Communicated(t, true);
  full.conditions = SampleConditions(t);
  full.appeal.minutes_posted_on = D("2026-12-04");

  LetterModel booking = full;
  MakeBooking(booking, language);
  booking.conditions = {{domain::ConditionKind::kInspectionAccess,
                         t("Kommunen får besöka arrangemanget. Föreningen ska ha en namngiven ansvarig på plats.",
                           "The municipality may visit the event. The association shall have a named person in "
                           "charge on site."),
                         D("2027-02-14")}};
  booking.communication = Communicated(t, false);
  booking.advice.reset();
  booking.appeal.minutes_posted_on.reset();
  return {full, booking};
}

std::vector<LetterModel> Rejections(Language language) {
  const Text t(language);
  LetterModel full = Base(LetterType::kRejection, language, "2026-11-20");
  full.reasons.criteria = {ViolenceCriterion(t)};
  full.reasons.officer_reasons =
      t("Demokrativillkoret i punkt 1 är uppfyllt för föreningens del: ordföranden har, inom föreningens "
        "verksamhet, hotat en föreläsare och dömts för det.\nFöreningen har inte yttrat sig och har inte visat att "
        "den har tagit avstånd från hotet eller vidtagit några åtgärder. Det finns därför inte särskilda skäl att "
        "ändå lämna bidrag.",
        "Democracy condition 1 is met for the association: its chair, within the association's activities, "
        "threatened a speaker and was convicted of it.\nThe association has not replied and has not shown that it "
        "has distanced itself from the threat or taken any measures. There are therefore no special reasons to "
        "award the grant nonetheless.");
  full.advice = Advice(t);
  full.communication = Communicated(t, false);
  full.appeal.minutes_posted_on = D("2026-12-04");

  LetterModel replied = full;  // with the applicant's reply and special reasons weighed and found insufficient
  replied.communication = Communicated(t, true);
  replied.reasons.special_reasons =
      t("Föreningens åtgärder har vidtagits först efter kommuniceringen och den nya styrelsen har inte visat hur "
        "uppförandekoden ska tillämpas. Det är inte tillräckligt för särskilda skäl.",
        "The association's measures were taken only after it was heard, and the new board has not shown how the "
        "code of conduct will be applied. That does not amount to special reasons.");
  replied.appeal.minutes_posted_on.reset();

  LetterModel booking = full;
  MakeBooking(booking, language);
  booking.reasons.criteria = {
      {"BK-1", t("Lokalen är redan bokad", "The premises are already booked"),
       t("Kommunens regler för uthyrning av lokaler, avsnitt 4.1",
         "The municipality's rules for letting premises, section 4.1"),
       t("Sal A är bokad av en annan förening den 14 februari 2027 kl. 17.00–23.00 (bokning 2026-00031).",
         "Hall A is booked by another association on 14 February 2027, 17:00–23:00 (booking 2026-00031).")}};
  booking.reasons.officer_reasons =
      t("Lokalen kan inte hyras ut två gånger samma tid.", "The premises cannot be let twice for the same time.");
  booking.advice.reset();
  booking.communication.reset();

  // An application rejected as it stands: asked for what it lacked, supplemented in part.
  LetterModel as_it_stands = full;
  as_it_stands.reasons.criteria = {
      {"GE-2", t("Stadgar saknas", "Statutes missing"),
       t("Kommunens regler för föreningsbidrag, avsnitt 2.1", "The municipality's rules for association grants, section 2.1"),
       t("Ansökan har inte stadgarna som bilaga.", "The application does not have the statutes attached.")}};
  as_it_stands.reasons.officer_reasons =
      t("Föreningen har inte skickat sina stadgar, trots begäran om komplettering. Ansökan kan därför inte prövas i "
        "sak och avslås i befintligt skick.",
        "The association has not sent its statutes, although asked to. The application therefore cannot be assessed "
        "on its merits and is rejected as it stands.");
  as_it_stands.advice.reset();
  EarlierInformationRequest asked;
  asked.requested_on = D("2026-10-09");
  asked.reply_by = D("2026-10-30");
  asked.supplemented_on = D("2026-10-20");
  asked.still_missing = {{"GE-2", t("Stadgar saknas", "Statutes missing"), ""}};
  as_it_stands.earlier_request = asked;
  return {full, replied, booking, as_it_stands};
}

std::vector<LetterModel> NeedsInfo(Language language) {
  const Text t(language);
  LetterModel full = Base(LetterType::kNeedsInfo, language, "2026-10-09");
  InformationRequest r;
  r.reply_by = D("2026-10-23");
  r.consequence = NeedsInfoConsequence::kDecidedAsIs;
  r.missing = {
      {"GE-2", t("Stadgar saknas", "Statutes missing"),
       t("Datum för antagna stadgar eller stadgarna som bilaga saknas. Skicka föreningens gällande stadgar och "
         "uppge när de antogs.",
         "The date the statutes were adopted or the statutes as an attachment is missing. Send the association's "
         "current statutes and state when they were adopted.")},
      {"GE-10", t("Bankgiro eller plusgiro saknas", "No bankgiro or plusgiro"),
       t("Uppge föreningens bankgiro- eller plusgironummer.", "State the association's bankgiro or plusgiro number.")},
      {"DV-6", t("Demokrativillkoren är inte accepterade", "Democracy conditions not accepted"),
       t("Styrelsen behöver intyga att föreningen godtar kommunens demokrativillkor. Använd blanketten i "
         "e-tjänsten.",
         "The board needs to confirm that the association accepts the municipality's democracy conditions. Use "
         "the form in the e-service.")}};
  r.message = t("Stadgarna ska vara de som årsmötet antog senast, med protokollet från det mötet.\n\nHör av er om "
                "något är oklart.",
                "The statutes should be those the annual meeting last adopted, with the minutes of that meeting.\n\n"
                "Contact us if anything is unclear.");
  full.information_request = r;

  LetterModel booking = full;
  MakeBooking(booking, language);
  booking.information_request->consequence = NeedsInfoConsequence::kNotConsidered;
  booking.information_request->message =
      t("Skicka gärna även en enkel programpunktslista för kvällen.", "Please also send a simple running order for the evening.");
  booking.information_request->missing = {
      {"", t("Ansvarig person på plats", "Person in charge on site"),
       t("Uppge namn och telefonnummer till den som ansvarar för arrangemanget på plats.",
         "State the name and telephone number of the person in charge of the event on site.")}};
  return {full, booking};
}

std::vector<LetterModel> Kommunicering(Language language) {
  const Text t(language);
  LetterModel rejection = Base(LetterType::kKommunicering, language, "2026-10-30");
  rejection.intended_outcome = IntendedOutcome::kRejection;
  rejection.reasons.criteria = {ViolenceCriterion(t)};
  rejection.reasons.officer_reasons =
      t("Av underlaget framgår att ordföranden, inom föreningens verksamhet, har hotat en föreläsare och dömts för "
        "det. Om föreningen inte visar att det finns särskilda skäl, till exempel att föreningen har tagit avstånd "
        "från hotet eller vidtagit åtgärder, avser kommunen att avslå ansökan.",
        "The material shows that the chair, within the association's activities, threatened a speaker and was "
        "convicted of it. Unless the association shows that there are special reasons, for example that it has "
        "distanced itself from the threat or taken measures, the municipality intends to reject the application.");
  rejection.advice = Advice(t);
  rejection.communication = Communicated(t, false);

  LetterModel conditions = rejection;
  conditions.intended_outcome = IntendedOutcome::kApprovalWithConditions;
  conditions.subject.amount_granted_sek = 45000;
  conditions.conditions = SampleConditions(t);
  conditions.reasons.special_reasons = t("Föreningen har redan meddelat att ordföranden har lämnat sitt uppdrag.",
                                         "The association has already said that the chair has left office.");

  LetterModel revocation = rejection;
  revocation.decision_date = D("2027-08-16");
  revocation.intended_outcome = IntendedOutcome::kRevocation;
  revocation.subject.amount_granted_sek = 45000;
  revocation.revocation =
      Revocation{D("2026-11-20"),
                 t("Föreningen har inte lämnat den uppföljningsrapport som skulle ha kommit in senast den 30 juni 2027 "
                   "(villkor 1), trots påminnelse den 15 juli 2027.",
                   "The association has not submitted the follow-up report that was due by 30 June 2027 (condition 1), "
                   "despite a reminder on 15 July 2027."),
                 45000, D("2027-10-31")};
  revocation.reasons.criteria = {
      {"GE-11", t("Uppföljningsvillkor försenat eller brutet", "Follow-up condition overdue or breached"),
       t("Beslutet den 20 november 2026, villkor 1 och återkallelseförbehållet; 37 § förvaltningslagen (2017:900)",
         "The decision of 20 November 2026, condition 1 and the revocation clause; Section 37 of the "
         "Administrative Procedure Act (2017:900)"),
       t("Uppföljningsrapporten skulle ha kommit in senast den 30 juni 2027. Den har inte kommit in.",
         "The follow-up report was due by 30 June 2027. It has not been received.")}};
  revocation.reasons.officer_reasons =
      t("Villkoret om uppföljning är en förutsättning för bidraget. Om rapporten inte kommer in avser kommunen att "
        "återkalla beslutet och kräva tillbaka hela bidraget.",
        "The follow-up condition is a prerequisite for the grant. If the report is not received, the municipality "
        "intends to revoke the decision and reclaim the whole grant.");
  revocation.advice.reset();
  revocation.revocation_clause = SampleGrantClause(t);
  revocation.communication->sent_on = D("2027-08-16");
  revocation.communication->reply_by = D("2027-08-30");
  revocation.communication->material = {t("Beslutet den 20 november 2026 med villkor och återkallelseförbehåll",
                                          "The decision of 20 November 2026 with conditions and revocation clause"),
                                        t("Påminnelsen den 15 juli 2027", "The reminder of 15 July 2027")};

  LetterModel booking = rejection;
  MakeBooking(booking, language);
  booking.advice.reset();
  return {rejection, conditions, revocation, booking};
}

// The kommunicering of 16 August 2027 about the overdue follow-up report, which the revocation
// samples (revoked, and dropped) both follow.
Communication RevocationKommunicering(const Text& t) {
  Communication c;
  c.sent_on = D("2027-08-16");
  c.reply_by = D("2027-08-30");
  c.material = {t("Beslutet den 20 november 2026 med villkor och återkallelseförbehåll",
                  "The decision of 20 November 2026 with conditions and revocation clause"),
                t("Påminnelsen den 15 juli 2027", "The reminder of 15 July 2027")};
  return c;
}

std::vector<LetterModel> Revocations(Language language) {
  const Text t(language);
  LetterModel full = Base(LetterType::kRevocation, language, "2027-09-15");
  full.subject.amount_granted_sek = 45000;
  full.revocation = Revocation{
      D("2026-11-20"),
      t("Föreningen har inte lämnat den uppföljningsrapport som skulle ha kommit in senast den 30 juni 2027 "
        "(villkor 1 i beslutet den 20 november 2026), trots påminnelse den 15 juli 2027.\nFöreningen har inte "
        "heller lämnat den rapporten efter kommuniceringen.",
        "The association has not submitted the follow-up report that was due by 30 June 2027 (condition 1 of the "
        "decision of 20 November 2026), despite a reminder on 15 July 2027.\nNor has the association submitted "
        "the report after it was heard."),
      45000, D("2027-10-31")};
  full.reasons.criteria = {
      {"GE-11", t("Uppföljningsvillkor försenat eller brutet", "Follow-up condition overdue or breached"),
       t("Beslutet den 20 november 2026, villkor 1 och återkallelseförbehållet; 37 § förvaltningslagen (2017:900)",
         "The decision of 20 November 2026, condition 1 and the revocation clause; Section 37 of the "
         "Administrative Procedure Act (2017:900)"),
       t("Uppföljningsrapporten skulle ha kommit in senast den 30 juni 2027. Den har inte kommit in, trots "
         "påminnelse den 15 juli 2027 och kommunicering den 16 augusti 2027.",
         "The follow-up report was due by 30 June 2027. It has not been received, despite a reminder on 15 July "
         "2027 and the letter of 16 August 2027 giving the association the opportunity to respond.")}};
  full.reasons.officer_reasons =
      t("Uppföljningen är en förutsättning för att kommunen ska kunna kontrollera att bidraget har använts för "
        "sitt ändamål. Föreningen har inte uppfyllt villkoret och har inte angett något godtagbart skäl. "
        "Förutsättningarna i återkallelseförbehållet är därför uppfyllda och hela bidraget ska betalas tillbaka.",
        "Follow-up is a prerequisite for the municipality to check that the grant was used for its purpose. The "
        "association has not met the condition and has given no acceptable reason. The conditions of the "
        "revocation clause are therefore met and the whole grant shall be repaid.");
  Communication c = RevocationKommunicering(t);
  c.reply = ApplicantReply{D("2027-08-29"),
                           t("Föreningen medger att rapporten inte har lämnats och uppger att styrelsen har bytts ut "
                             "under våren.",
                             "The association admits that the report has not been submitted and states that the "
                             "board was replaced during the spring.")};
  full.communication = c;
  full.appeal.minutes_posted_on = D("2027-10-01");
  full.revocation_clause = SampleGrantClause(t);

  LetterModel unknown = full;  // no reply, posting date not yet known, special reasons weighed
  unknown.appeal.minutes_posted_on.reset();
  unknown.communication->reply.reset();
  unknown.subject.amount_granted_sek.reset();
  unknown.reasons.special_reasons =
      t("Att styrelsen har bytts ut är inte ett skäl att avstå från återkrav; den nya styrelsen har haft tid att "
        "lämna rapporten.",
        "That the board was replaced is no reason to refrain from the repayment claim; the new board has had time "
        "to submit the report.");

  LetterModel christmas = full;  // three weeks from the posting end on julafton: the last day moves
  christmas.decision_date = D("2027-11-22");
  christmas.appeal.minutes_posted_on = D("2027-12-03");
  christmas.revocation->repayment_due_on = D("2028-01-31");
  return {full, unknown, christmas};
}

std::vector<LetterModel> RevocationsDropped(Language language) {
  const Text t(language);
  // The revocation communicated on 16 August 2027 (kommunicering sample) is dropped: the
  // overdue report came in with the reply. The remaining conditions of the decision of
  // 20 November 2026 still apply.
  LetterModel full = Base(LetterType::kRevocationDropped, language, "2027-09-06");
  full.subject.amount_granted_sek = 45000;
  full.revocation = Revocation{
      D("2026-11-20"),
      t("Föreningen hade inte lämnat den uppföljningsrapport som skulle ha kommit in senast den 30 juni 2027 "
        "(villkor 1 i beslutet den 20 november 2026), trots påminnelse den 15 juli 2027.",
        "The association had not submitted the follow-up report that was due by 30 June 2027 (condition 1 "
        "of the decision of 20 November 2026), despite a reminder on 15 July 2027."),
      45000, std::nullopt};
  Communication c = RevocationKommunicering(t);
  c.reply = ApplicantReply{D("2027-08-27"),
                           t("Föreningen bifogar uppföljningsrapporten för 2027. Rapporten blev försenad eftersom "
                             "styrelsen byttes ut under våren; den nya styrelsen har nu gått igenom verksamheten.",
                             "The association encloses the follow-up report for 2027. The report was late because the "
                             "board was replaced during the spring; the new board has now reviewed the activities.")};
  full.communication = c;
  full.reasons.officer_reasons =
      t("Föreningen har lämnat uppföljningsrapporten den 27 augusti 2027, inom tiden för att yttra sig. Rapporten "
        "visar att bidraget har använts för verksamhet enligt ansökan, med 1 150 deltagartillfällen.\nFörseningen "
        "har förklarats och villkoret är nu uppfyllt. Det finns därför inte skäl att återkalla beslutet eller att "
        "kräva tillbaka bidraget.",
        "The association submitted the follow-up report on 27 August 2027, within the time given to respond. The "
        "report shows that the grant was used for activities as applied for, with 1,150 participations.\nThe delay "
        "has been explained and the condition is now met. There is therefore no reason to revoke the decision or to "
        "reclaim the grant.");
  const auto open = SampleConditions(t);
  full.conditions = {open[1], open[2]};  // condition 1 (the report) is met
  full.revocation_clause = SampleGrantClause(t);

  // Dropped before the reply date without a reply: the report behind it was not borne out.
  // No repayment had been considered, no open conditions, no clause on record, no amount.
  LetterModel unverified = Base(LetterType::kRevocationDropped, language, "2027-08-25");
  unverified.revocation =
      Revocation{D("2026-11-20"),
                 t("Enligt en uppgift i lokalmedia den 2 augusti 2027 skulle företrädare för föreningen ha hotat "
                   "deltagare vid ett arrangemang den 24 juli 2027 (demokrativillkoret punkt 1).",
                   "According to a local media report of 2 August 2027, representatives of the association threatened "
                   "participants at an event on 24 July 2027 (democracy condition 1)."),
                 0, std::nullopt};
  Communication u;
  u.sent_on = D("2027-08-16");
  u.reply_by = D("2027-08-30");
  unverified.communication = u;
  unverified.reasons.officer_reasons =
      t("Polismyndigheten har den 23 augusti 2027 meddelat att förundersökningen om händelsen har lagts ned "
        "eftersom brott inte kan styrkas. Kommunen har inte fått några andra uppgifter som bekräftar att "
        "föreningen eller någon som företräder den har hotat någon. Det finns därför inte underlag för att "
        "återkalla beslutet.",
        "On 23 August 2027 the Police Authority announced that the preliminary investigation of the event has "
        "been discontinued because no offence can be proved. The municipality has received no other information "
        "confirming that the association or anyone representing it threatened anyone. There is therefore no basis "
        "for revoking the decision.");
  unverified.rule_set_version.reset();

  // A booking whose revocation is dropped before the event; its condition still applies.
  LetterModel booking = Base(LetterType::kRevocationDropped, language, "2027-01-25");
  MakeBooking(booking, language);
  booking.revocation =
      Revocation{D("2026-11-20"),
                 t("Enligt en anmälan den 8 januari 2027 har föreningen marknadsfört arrangemanget som öppet för "
                   "allmänheten med fler än 200 deltagare, trots villkoret om högst 100 personer i lokalen.",
                   "According to a report of 8 January 2027, the association has advertised the event as open to the "
                   "public with more than 200 participants, despite the condition of no more than 100 people in the "
                   "premises."),
                 0, std::nullopt};
  Communication b;
  b.sent_on = D("2027-01-11");
  b.reply_by = D("2027-01-25");
  b.material = {t("Anmälan den 8 januari 2027", "The report of 8 January 2027")};
  b.reply = ApplicantReply{D("2027-01-18"),
                           t("Föreningen uppger att annonsen var felaktig och har rättats. Arrangemanget är endast för "
                             "medlemmar och familjer och föreningen räknar med 80 deltagare.",
                             "The association states that the advertisement was wrong and has been corrected. The "
                             "event is for members and families only and the association expects 80 attendees.")};
  booking.communication = b;
  booking.reasons.officer_reasons =
      t("Föreningen har rättat annonsen och visat att arrangemanget hålls inom villkoret om antal deltagare. Det "
        "finns därför inte skäl att återkalla beslutet.",
        "The association has corrected the advertisement and shown that the event will keep within the condition on "
        "the number of attendees. There is therefore no reason to revoke the decision.");
  booking.conditions = {{domain::ConditionKind::kAttendanceCap,
                         t("Högst 100 personer får vara i lokalen under arrangemanget.",
                           "No more than 100 people may be in the premises during the event."),
                         D("2027-02-14")}};
  booking.revocation_clause =
      t("Beslutet får återkallas om föreningen eller någon som företräder den inom ramen för verksamheten bryter mot "
        "demokrativillkoren, om föreningen inte uppfyller villkoren i beslutet eller kommunens hyresvillkor.",
        "The decision may be revoked if the association, or anyone representing it within its activities, breaches "
        "the democracy conditions, or if the association does not meet the conditions of the decision or the "
        "municipality's terms of hire.");
  return {full, unverified, booking};
}

std::vector<LetterModel> RevocationsAnnulled(Language language) {
  const Text t(language);
  // The revocation of 15 September 2027 (revocation sample) was appealed; Förvaltningsrätten
  // annulled it on 8 March 2028. The decision of 20 November 2026 applies again, the claim to
  // repay 45 000 kr falls, and its conditions still to be met apply again: the follow-up report
  // whose last day passed while the revocation stood, and the financial statement.
  LetterModel full = Base(LetterType::kRevocationAnnulled, language, "2028-03-13");
  full.subject.amount_granted_sek = 45000;
  full.revocation = Revocation{
      D("2026-11-20"),
      t("Föreningen hade inte lämnat den uppföljningsrapport som skulle ha kommit in senast den 30 juni 2027 "
        "(villkor 1 i beslutet den 20 november 2026), trots påminnelse den 15 juli 2027.",
        "The association had not submitted the follow-up report that was due by 30 June 2027 (condition 1 of the "
        "decision of 20 November 2026), despite a reminder on 15 July 2027."),
      45000, D("2027-10-31")};
  full.court_outcome =
      CourtOutcome{"Förvaltningsrätten i Göteborg", "8123-27", D("2028-03-08"), D("2027-09-15"), std::nullopt};
  const auto open = SampleConditions(t);
  full.conditions = {open[0], open[2]};  // the report is overdue; the financial statement is not yet due
  full.revocation_clause = SampleGrantClause(t);

  // Revoked without a repayment claim; no court case number, no conditions still to be met, no
  // clause on record, no amount.
  LetterModel plain = Base(LetterType::kRevocationAnnulled, language, "2028-01-26");
  plain.revocation =
      Revocation{D("2026-11-20"),
                 t("Företrädare för föreningen hade enligt polisens anmälan hotat deltagare vid ett arrangemang den "
                   "24 juli 2027 (demokrativillkoret punkt 1).",
                   "According to a police report, representatives of the association had threatened participants at "
                   "an event on 24 July 2027 (democracy condition 1)."),
                 0, std::nullopt};
  plain.court_outcome =
      CourtOutcome{"Förvaltningsrätten i Göteborg", std::nullopt, D("2028-01-24"), D("2027-09-20"), std::nullopt};
  plain.rule_set_version.reset();

  // A booking whose revocation was annulled after the hall had been let to someone else.
  LetterModel booking = Base(LetterType::kRevocationAnnulled, language, "2027-02-10");
  MakeBooking(booking, language);
  booking.revocation =
      Revocation{D("2026-11-20"),
                 t("Föreningen hade marknadsfört arrangemanget som öppet för allmänheten med fler än 200 deltagare, "
                   "trots villkoret om högst 100 personer i lokalen.",
                   "The association had advertised the event as open to the public with more than 200 participants, "
                   "despite the condition of no more than 100 people in the premises."),
                 0, std::nullopt};
  booking.court_outcome =
      CourtOutcome{"Förvaltningsrätten i Göteborg", "612-27", D("2027-02-08"), D("2027-01-20"), false};
  // As full, with a condition found not met at an inspection before the revocation: it keeps its
  // status and applies again with the decision.
  LetterModel breached = full;
  breached.conditions.push_back(open[1]);
  breached.conditions.back().breached = true;
  return {full, plain, breached, booking};  // the booking last (tests take it with back())
}

std::vector<LetterModel> DecisionsAnnulled(Language language) {
  const Text t(language);
  // The approval with conditions of 20 November 2026 (approval_with_conditions sample) was
  // appealed by a member of the municipality (laglighetsprövning); Förvaltningsrätten annulled
  // it on 17 May 2027. The grant of 45 000 kr no longer applies, and neither do its conditions
  // still to be met: the follow-up report and the financial statement.
  LetterModel full = Base(LetterType::kDecisionAnnulled, language, "2027-05-20");
  full.subject.amount_granted_sek = 45000;
  full.notice_of = NoticeOf{LetterType::kApprovalWithConditions, D("2026-11-20"), std::nullopt};
  full.court_outcome = CourtOutcome{"Förvaltningsrätten i Göteborg", "3456-27", D("2027-05-17"), {}, std::nullopt};
  const auto conditions = SampleConditions(t);
  full.conditions = {conditions[0], conditions[2]};

  // The rejection of 20 November 2026 (rejection sample): the association appealed and won. No
  // court case number, no amount, no conditions.
  LetterModel rejection = Base(LetterType::kDecisionAnnulled, language, "2027-04-01");
  rejection.notice_of = NoticeOf{LetterType::kRejection, D("2026-11-20"), std::nullopt};
  rejection.court_outcome =
      CourtOutcome{"Förvaltningsrätten i Göteborg", std::nullopt, D("2027-03-29"), {}, std::nullopt};
  rejection.rule_set_version.reset();

  // The approved booking of 20 November 2026: the time applied for is considered again.
  LetterModel booking = Base(LetterType::kDecisionAnnulled, language, "2027-01-29");
  MakeBooking(booking, language);
  booking.notice_of = NoticeOf{LetterType::kApproval, D("2026-11-20"), std::nullopt};
  booking.court_outcome = CourtOutcome{"Förvaltningsrätten i Göteborg", "245-27", D("2027-01-27"), {}, std::nullopt};
  return {full, rejection, booking};
}

std::vector<LetterModel> AppealNotices(Language language) {
  const Text t(language);
  // Approved with conditions on 20 November; reported to the Committee on 3 December and
  // the approved minutes announced on 4 December. Three weeks later is 25 December
  // (juldagen), so the last day moves to Monday 28 December.
  LetterModel full = Base(LetterType::kAppealNotice, language, "2026-12-07");
  full.notice_of = NoticeOf{LetterType::kApprovalWithConditions, D("2026-11-20"),
                            t("Kultur- och fritidsnämndens protokoll den 3 december 2026, § 112",
                              "The minutes of the Culture and Leisure Committee of 3 December 2026, § 112")};
  full.appeal.minutes_posted_on = D("2026-12-04");

  LetterModel plain = full;  // a rejection, no reference to the minutes, an ordinary weekday
  plain.decision_date = D("2027-03-15");
  plain.notice_of = NoticeOf{LetterType::kRejection, D("2027-02-22"), std::nullopt};
  plain.appeal.minutes_posted_on = D("2027-03-12");

  LetterModel booking = plain;
  MakeBooking(booking, language);

  LetterModel revocation = full;  // the revocation of the grant
  revocation.decision_date = D("2027-10-04");
  revocation.notice_of = NoticeOf{LetterType::kRevocation, D("2027-09-15"), std::nullopt};
  revocation.appeal.minutes_posted_on = D("2027-10-01");
  revocation.subject.amount_granted_sek = 45000;
  revocation.revocation = Revocation{D("2026-11-20"),
                                     t("Föreningen har inte lämnat verksamhetsberättelse och ekonomisk redovisning.",
                                       "The association has not submitted its annual report and financial statement."),
                                     30000, D("2027-10-15")};

  LetterModel booking_revocation = booking;  // the revocation of a booking: nothing to repay
  booking_revocation.decision_date = D("2027-10-04");
  booking_revocation.notice_of = NoticeOf{LetterType::kRevocation, D("2027-09-15"), std::nullopt};
  booking_revocation.appeal.minutes_posted_on = D("2027-10-01");
  booking_revocation.revocation =
      Revocation{D("2027-02-22"),
                 t("Föreningen bjöd in en talare som uppmanade till våld.",
                   "The association invited a speaker who called for violence."),
                 0, std::nullopt};
  return {full, plain, booking, revocation, booking_revocation};
}

}  // namespace

std::vector<LetterModel> SampleLetters(LetterType type, Language language) {
  switch (type) {
    case LetterType::kApproval:
      return Approvals(language);
    case LetterType::kApprovalWithConditions:
      return ApprovalsWithConditions(language);
    case LetterType::kRejection:
      return Rejections(language);
    case LetterType::kNeedsInfo:
      return NeedsInfo(language);
    case LetterType::kKommunicering:
      return Kommunicering(language);
    case LetterType::kRevocation:
      return Revocations(language);
    case LetterType::kAppealNotice:
      return AppealNotices(language);
    case LetterType::kRevocationDropped:
      return RevocationsDropped(language);
    case LetterType::kRevocationAnnulled:
      return RevocationsAnnulled(language);
    case LetterType::kDecisionAnnulled:
      return DecisionsAnnulled(language);
  }
  throw std::logic_error("unknown letter type");
}

}  // namespace granska::letters
