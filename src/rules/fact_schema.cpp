#include "rules/fact_schema.hpp"

#include <cctype>
#include <cmath>
#include <limits>

namespace granska::rules {
namespace {

template <typename E, std::size_t N>
constexpr std::array<std::string_view, N> WordsOf(const domain::NameTable<E, N>& table) {
  std::array<std::string_view, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[static_cast<std::size_t>(table[i].first)] = table[i].second;
  return out;
}

constexpr auto kKindWords = WordsOf(domain::kApplicationKinds);
constexpr std::array<std::string_view, 2> kKindSv{"bidragsansökan", "lokalbokning"};
constexpr std::array<std::string_view, 2> kKindEn{"grant application", "premises booking"};

constexpr auto kGrantTypeWords = WordsOf(domain::kGrantTypes);
constexpr std::array<std::string_view, 5> kGrantTypeSv{"aktivitetsbidrag", "projektbidrag", "lokalbidrag",
                                                       "startbidrag", "arrangemangsbidrag"};
constexpr std::array<std::string_view, 5> kGrantTypeEn{"activity grant", "project grant", "premises grant",
                                                       "start-up grant", "event grant"};

constexpr auto kIncidentKindWords = WordsOf(domain::kIncidentKinds);
constexpr std::array<std::string_view, 8> kIncidentKindSv{"våld",
                                                          "hot",
                                                          "tvång",
                                                          "diskriminering",
                                                          "uppmaning till våld eller diskriminering",
                                                          "otillåten påverkan på demokratiska processer",
                                                          "brott mot hyresvillkor",
                                                          "missbruk av bidrag"};
constexpr std::array<std::string_view, 8> kIncidentKindEn{"violence",
                                                          "threat",
                                                          "coercion",
                                                          "discrimination",
                                                          "incitement to violence or discrimination",
                                                          "unlawful influence on democratic processes",
                                                          "breach of rental terms",
                                                          "misuse of a grant"};

constexpr auto kSourceWords = WordsOf(domain::kIncidentSources);
constexpr std::array<std::string_view, 6> kSourceSv{"dom",      "polisanmälan", "myndighetsbeslut", "egen iakttagelse",
                                                    "uppgift i media", "annan källa"};
constexpr std::array<std::string_view, 6> kSourceEn{"court judgment",  "police report", "authority decision",
                                                    "own observation", "media report",  "other source"};

constexpr auto kAttributionWords = WordsOf(kAttributions);
constexpr std::array<std::string_view, 4> kAttributionSv{"organisationen själv", "en samarbetsorganisation",
                                                         "en företrädare", "en annonserad talare"};
constexpr std::array<std::string_view, 4> kAttributionEn{"the organisation itself", "a cooperation organisation",
                                                         "a representative", "an announced speaker"};

constexpr auto kConditionStatusWords = WordsOf(kConditionStatuses);
constexpr std::array<std::string_view, 5> kConditionStatusSv{"väntande", "uppfyllt", "försenat", "brutet",
                                                             "efterskänkt"};
constexpr std::array<std::string_view, 5> kConditionStatusEn{"pending", "fulfilled", "overdue", "breached",
                                                             "waived"};

constexpr auto kAttachmentWords = WordsOf(domain::kAttachmentKinds);
constexpr std::array<std::string_view, 8> kAttachmentSv{"stadgar",           "verksamhetsberättelse",
                                                        "ekonomisk redovisning", "budget",
                                                        "verksamhetsplan",   "medlemsförteckning",
                                                        "revisionsberättelse", "annan bilaga"};
constexpr std::array<std::string_view, 8> kAttachmentEn{"statutes",       "annual report", "financial statement",
                                                        "budget",         "activity plan", "member list",
                                                        "audit report",   "other attachment"};

constexpr auto kEventTypeWords = WordsOf(domain::kEventTypes);
constexpr std::array<std::string_view, 7> kEventTypeSv{"möte",          "föreläsning", "idrott", "fest",
                                                       "gudstjänst",    "offentligt arrangemang", "annat"};
constexpr std::array<std::string_view, 7> kEventTypeEn{"meeting",        "lecture",      "sport", "celebration",
                                                       "religious service", "public event", "other"};

const Vocabulary kKindVocabulary{"kind", kKindWords, kKindSv, kKindEn};
const Vocabulary kGrantTypeVocabulary{"grant type", kGrantTypeWords, kGrantTypeSv, kGrantTypeEn};
const Vocabulary kIncidentKindVocabulary{"incident kind", kIncidentKindWords, kIncidentKindSv, kIncidentKindEn};
const Vocabulary kSourceVocabulary{"incident source", kSourceWords, kSourceSv, kSourceEn};
const Vocabulary kAttributionVocabulary{"attribution", kAttributionWords, kAttributionSv, kAttributionEn};
const Vocabulary kConditionStatusVocabulary{"condition status", kConditionStatusWords, kConditionStatusSv,
                                            kConditionStatusEn};
const Vocabulary kAttachmentVocabulary{"attachment kind", kAttachmentWords, kAttachmentSv, kAttachmentEn};
const Vocabulary kEventTypeVocabulary{"event type", kEventTypeWords, kEventTypeSv, kEventTypeEn};

using K = FactSpec::Kind;
using A = Access;
using T = ValueType;

FactSpec Scalar(std::string_view path, T type, Slot slot, const Vocabulary* v = nullptr) {
  FactSpec s{path, type, A::kReadable, v, slot, K::kScalar, std::nullopt, {}};
  return s;
}
FactSpec ElementField(std::string_view path, T type, ListId list, Field f, const Vocabulary* v = nullptr) {
  return FactSpec{path, type, A::kReadable, v, f, K::kElementField, list, {}};
}
FactSpec Text(std::string_view path, TextField f, std::optional<ListId> list = std::nullopt,
              std::string_view note = "it is for display only") {
  return FactSpec{path, T::kText, A::kTemplateOnly, nullptr, f, K::kText, list, note};
}
FactSpec List(std::string_view path, ListId id) {
  return FactSpec{path, T::kList, A::kReadable, nullptr, static_cast<int>(id), K::kList, id, {}};
}
FactSpec Refused(std::string_view path, std::string_view note) {
  return FactSpec{path, T::kText, A::kFreeText, nullptr, -1, K::kRefused, std::nullopt, note};
}

const std::vector<FactSpec>& Specs() {
  static const std::vector<FactSpec> specs = [] {
    std::vector<FactSpec> s{
        Scalar("kind", T::kEnum, kSlotKind, &kKindVocabulary),
        Scalar("submitted_on", T::kDate, kSlotSubmittedOn),
        Scalar("organisation.registered_non_profit", T::kBool, kSlotRegisteredNonProfit),
        Scalar("organisation.statutes_adopted", T::kDate, kSlotStatutesAdopted),
        Scalar("organisation.last_annual_meeting", T::kDate, kSlotLastAnnualMeeting),
        Scalar("organisation.board_size", T::kInt, kSlotBoardSize),
        Scalar("organisation.member_count", T::kInt, kSlotMemberCount),
        Scalar("organisation.members_resident", T::kInt, kSlotMembersResident),
        Scalar("organisation.members_aged_7_25", T::kInt, kSlotMembersAged7To25),
        Scalar("organisation.has_bankgiro", T::kBool, kSlotHasBankgiro),
        Scalar("organisation.has_plusgiro", T::kBool, kSlotHasPlusgiro),
        Scalar("grant.type", T::kEnum, kSlotGrantType, &kGrantTypeVocabulary),
        Scalar("grant.amount_sek", T::kInt, kSlotGrantAmount),
        Scalar("grant.period.from", T::kDate, kSlotGrantPeriodFrom),
        Scalar("grant.period.to", T::kDate, kSlotGrantPeriodTo),
        Scalar("grant.expected_participants", T::kInt, kSlotGrantExpectedParticipants),
        Scalar("booking.start", T::kDate, kSlotBookingStart),
        Scalar("booking.end", T::kDate, kSlotBookingEnd),
        Scalar("booking.public", T::kBool, kSlotBookingPublic),
        Scalar("booking.expected_attendees", T::kInt, kSlotBookingExpectedAttendees),
        Scalar("booking.speaker_count", T::kInt, kSlotBookingSpeakerCount),
        Scalar("booking.overlapping_bookings", T::kInt, kSlotBookingOverlapping),
        Scalar("premises.capacity", T::kInt, kSlotBookingPremisesCapacity),
        Scalar("attachments", T::kAttachments, kSlotAttachments, &kAttachmentVocabulary),
        Scalar("declarations.democracy_conditions_accepted", T::kBool, kSlotDemocracyAccepted),
        Scalar("declarations.information_true", T::kBool, kSlotInformationTrue),
        Text("booking.premises_id", kTextPremisesId),
        Text("booking.event_type", kTextEventType, std::nullopt,
             "its values include religious_service, a proxy for religion; it is for display only"),

        List("incidents", ListId::kIncidents),
        ElementField("incident.kind", T::kEnum, ListId::kIncidents, kFieldIncidentKind, &kIncidentKindVocabulary),
        ElementField("incident.occurred_on", T::kDate, ListId::kIncidents, kFieldIncidentOccurredOn),
        ElementField("incident.verified", T::kBool, ListId::kIncidents, kFieldIncidentVerified),
        ElementField("incident.source", T::kEnum, ListId::kIncidents, kFieldIncidentSource, &kSourceVocabulary),
        ElementField("incident.attribution", T::kEnum, ListId::kIncidents, kFieldIncidentAttribution,
                     &kAttributionVocabulary),
        ElementField("incident.distanced", T::kBool, ListId::kIncidents, kFieldIncidentDistanced),
        Text("incident.reference", kTextIncidentReference, ListId::kIncidents),
        Text("incident.subject_label", kTextIncidentSubjectLabel, ListId::kIncidents,
             "it names a person or organisation and is for display only"),

        List("revocations", ListId::kRevocations),
        ElementField("revocation.revoked_on", T::kDate, ListId::kRevocations, kFieldRevocationRevokedOn),
        ElementField("revocation.democracy_reason", T::kBool, ListId::kRevocations, kFieldRevocationDemocracyReason),
        Text("revocation.case_number", kTextRevocationCaseNumber, ListId::kRevocations),

        List("conditions", ListId::kConditions),
        ElementField("condition.status", T::kEnum, ListId::kConditions, kFieldConditionStatus,
                     &kConditionStatusVocabulary),
        ElementField("condition.due", T::kDate, ListId::kConditions, kFieldConditionDue),
        Text("condition.case_number", kTextConditionCaseNumber, ListId::kConditions),

        // Names and free text: known, so that a rule naming them gets a clear refusal.
        Refused("organisation.name", "a name; words in names must not decide"),
        Refused("organisation.description", "free text; words in free text must not decide"),
        Refused("organisation.municipality", "free text"),
        Refused("organisation.org_number", "an identifier; matching to incidents is done before screening"),
        Refused("organisation.contact", "a person's name and contact details"),
        Refused("organisation.contact.name", "a person's name; words in names must not decide"),
        Refused("organisation.contact.email", "a person's contact details"),
        Refused("organisation.board", "persons' names; words in names must not decide"),
        Refused("organisation.board.name", "a person's name; words in names must not decide"),
        Refused("organisation.board.role", "free text"),
        Refused("organisation.cooperation_organisations",
                "identifiers; their incidents are already among the applicant's incidents"),
        Refused("grant.purpose", "free text; words in free text must not decide"),
        Refused("booking.purpose", "free text; words in free text must not decide"),
        Refused("booking.speakers", "persons' names; words in names must not decide"),
        Refused("booking.speakers.name", "a person's name; words in names must not decide"),
        Refused("incident.summary", "free text; only the recorded kind, source and verification may decide"),
    };
    return s;
  }();
  return specs;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string_view ToString(ValueType t) {
  switch (t) {
    case ValueType::kBool: return "boolean";
    case ValueType::kInt: return "number";
    case ValueType::kDate: return "date";
    case ValueType::kEnum: return "enumeration";
    case ValueType::kAttachments: return "attachment set";
    case ValueType::kText: return "text";
    case ValueType::kList: return "list";
  }
  return "?";
}

std::optional<int> Vocabulary::Find(std::string_view word) const {
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == word) return static_cast<int>(i);
  return std::nullopt;
}

const FactSpec* FindFact(std::string_view path) {
  for (const auto& s : Specs())
    if (s.path == path) return &s;
  return nullptr;
}

std::span<const FactSpec> AllFacts() { return Specs(); }

std::optional<std::string_view> ProtectedCharacteristic(std::string_view path) {
  struct Word {
    std::string_view word;
    std::string_view characteristic;
  };
  static constexpr Word kWords[] = {
      {"religion", "religion"},
      {"religious_affiliation", "religion"},
      {"faith", "religion"},
      {"belief", "religion"},
      {"denomination", "religion"},
      {"ethnicity", "ethnicity"},
      {"ethnic_origin", "ethnicity"},
      {"race", "ethnicity"},
      {"national_origin", "national origin"},
      {"nationality", "national origin"},
      {"citizenship", "national origin"},
      {"country_of_birth", "national origin"},
      {"language", "language"},
      {"languages", "language"},
      {"mother_tongue", "language"},
      {"political_opinion", "political opinion"},
      {"political_affiliation", "political opinion"},
      {"politics", "political opinion"},
      {"party", "political opinion"},
      {"sexual_orientation", "sexual orientation"},
      {"gender", "gender"},
      {"sex", "gender"},
      {"gender_identity", "gender"},
      {"disability", "disability"},
      {"disabilities", "disability"},
      {"age", "age"},
      {"ages", "age"},
      {"birth_date", "age"},
      {"date_of_birth", "age"},
  };
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    const std::string seg = Lower(path.substr(start, dot - start));
    for (const auto& w : kWords)
      if (seg == w.word) return w.characteristic;
    // Members' ages: only the grant's own age band (members_aged_7_25) may be read.
    if ((seg.rfind("members_age", 0) == 0 || seg.rfind("member_age", 0) == 0 || seg.rfind("age_", 0) == 0) &&
        seg != "members_aged_7_25")
      return "age";
    start = dot + 1;
  }
  return std::nullopt;
}

std::string_view ListName(ListId id) {
  switch (id) {
    case ListId::kIncidents: return "incidents";
    case ListId::kRevocations: return "revocations";
    case ListId::kConditions: return "conditions";
  }
  return "?";
}

std::string_view ElementName(ListId id) {
  switch (id) {
    case ListId::kIncidents: return "incident";
    case ListId::kRevocations: return "revocation";
    case ListId::kConditions: return "condition";
  }
  return "?";
}

std::optional<ListId> FindList(std::string_view name) {
  for (ListId id : {ListId::kIncidents, ListId::kRevocations, ListId::kConditions})
    if (ListName(id) == name) return id;
  return std::nullopt;
}

const Vocabulary& ApplicationKindVocabulary() { return kKindVocabulary; }
const Vocabulary& GrantTypeVocabulary() { return kGrantTypeVocabulary; }
const Vocabulary& IncidentKindVocabulary() { return kIncidentKindVocabulary; }
const Vocabulary& AttachmentKindVocabulary() { return kAttachmentVocabulary; }
const Vocabulary& EventTypeVocabulary() { return kEventTypeVocabulary; }

void LoadSlots(const Facts& f, double* s, bool booking_dates) {
  // Every slot is written exactly once; NaN for missing and for the other kind's facts.
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  auto opt_int = [](const std::optional<std::int64_t>& v) { return v ? static_cast<double>(*v) : kNaN; };
  auto opt_date = [](const std::optional<Date>& v) { return v ? static_cast<double>(v->Days()) : kNaN; };
  auto opt_bool = [](const std::optional<bool>& v) { return v ? (*v ? 1.0 : 0.0) : kNaN; };
  s[kSlotKind] = static_cast<double>(f.kind);
  s[kSlotSubmittedOn] = f.submitted_on.Days();
  s[kSlotRegisteredNonProfit] = opt_bool(f.organisation.registered_non_profit);
  s[kSlotStatutesAdopted] = opt_date(f.organisation.statutes_adopted);
  s[kSlotLastAnnualMeeting] = opt_date(f.organisation.last_annual_meeting);
  s[kSlotBoardSize] = opt_int(f.organisation.board_size);
  s[kSlotMemberCount] = opt_int(f.organisation.member_count);
  s[kSlotMembersResident] = opt_int(f.organisation.members_resident);
  s[kSlotMembersAged7To25] = opt_int(f.organisation.members_aged_7_25);
  s[kSlotHasBankgiro] = f.organisation.has_bankgiro ? 1.0 : 0.0;
  s[kSlotHasPlusgiro] = f.organisation.has_plusgiro ? 1.0 : 0.0;
  if (f.kind == domain::ApplicationKind::kGrant) {
    s[kSlotGrantType] = static_cast<double>(f.grant.type);
    s[kSlotGrantAmount] = opt_int(f.grant.amount_sek);
    s[kSlotGrantPeriodFrom] = opt_date(f.grant.period_from);
    s[kSlotGrantPeriodTo] = opt_date(f.grant.period_to);
    s[kSlotGrantExpectedParticipants] = opt_int(f.grant.expected_participants);
    for (int i = kSlotBookingStart; i <= kSlotBookingPremisesCapacity; ++i) s[i] = kNaN;
  } else {
    for (int i = kSlotGrantType; i <= kSlotGrantExpectedParticipants; ++i) s[i] = kNaN;
    s[kSlotBookingStart] = booking_dates ? f.booking.start.LocalDate().Days() : kNaN;
    s[kSlotBookingEnd] = booking_dates ? f.booking.end.LocalDate().Days() : kNaN;
    s[kSlotBookingPublic] = f.booking.is_public ? 1.0 : 0.0;
    s[kSlotBookingExpectedAttendees] = opt_int(f.booking.expected_attendees);
    s[kSlotBookingSpeakerCount] = static_cast<double>(f.booking.speaker_count);
    s[kSlotBookingOverlapping] = static_cast<double>(f.booking.overlapping_bookings);
    s[kSlotBookingPremisesCapacity] = opt_int(f.booking.premises_capacity);
  }
  s[kSlotAttachments] = static_cast<double>(f.attachments.Bits());
  s[kSlotDemocracyAccepted] = opt_bool(f.declarations.democracy_conditions_accepted);
  s[kSlotInformationTrue] = opt_bool(f.declarations.information_true);
}

std::string ReadText(const Facts& facts, const void* element, TextField f, std::string_view lang) {
  switch (f) {
    case kTextPremisesId: return facts.booking.premises_id;
    case kTextEventType: {
      const auto i = static_cast<std::size_t>(facts.booking.event_type);
      return std::string(lang == "en" ? kEventTypeEn[i] : kEventTypeSv[i]);
    }
    case kTextIncidentReference: return element ? static_cast<const IncidentFact*>(element)->reference : "";
    case kTextIncidentSubjectLabel:
      return element ? static_cast<const IncidentFact*>(element)->subject_label : "";
    case kTextRevocationCaseNumber: return element ? static_cast<const RevocationFact*>(element)->case_number : "";
    case kTextConditionCaseNumber: return element ? static_cast<const ConditionFact*>(element)->case_number : "";
  }
  return "";
}

}  // namespace granska::rules
