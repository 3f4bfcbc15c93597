#include "workflow/records_plan.hpp"

#include <array>
#include <charconv>
#include <stdexcept>

namespace granska::workflow {
namespace {

struct ClassName {
  RecordClass c;
  std::string_view name;
};
constexpr std::array<ClassName, 7> kClasses{{
    {RecordClass::kBookingRejected, "booking_rejected"},
    {RecordClass::kBookingGranted, "booking_granted"},
    {RecordClass::kGrantRejected, "grant_rejected"},
    {RecordClass::kGrantApproved, "grant_approved"},
    {RecordClass::kRevoked, "revoked"},
    {RecordClass::kIncidentUnlinked, "incident_unlinked"},
    {RecordClass::kSession, "session"},
}};

struct TriggerName {
  RetentionTrigger t;
  std::string_view name;
};
constexpr std::array<TriggerName, 6> kTriggers{{
    {RetentionTrigger::kDecision, "decision"},
    {RetentionTrigger::kSettled, "settled"},
    {RetentionTrigger::kRevocation, "revocation"},
    {RetentionTrigger::kOccurred, "occurred"},
    {RetentionTrigger::kRecorded, "recorded"},
    {RetentionTrigger::kEnded, "ended"},
}};

}  // namespace

std::string_view ToString(RecordClass c) {
  for (const auto& k : kClasses)
    if (k.c == c) return k.name;
  return "unknown";
}

std::optional<RecordClass> ParseRecordClass(std::string_view text) {
  for (const auto& k : kClasses)
    if (k.name == text) return k.c;
  return std::nullopt;
}

std::string_view ToString(RetentionTrigger t) {
  for (const auto& k : kTriggers)
    if (k.t == t) return k.name;
  return "unknown";
}

std::optional<RetentionTrigger> ParseRetentionTrigger(std::string_view text) {
  for (const auto& k : kTriggers)
    if (k.name == text) return k.t;
  return std::nullopt;
}

const std::vector<RecordClass>& AllRecordClasses() {
  static const std::vector<RecordClass> kAll = [] {
    std::vector<RecordClass> v;
    for (const auto& k : kClasses) v.push_back(k.c);
    return v;
  }();
  return kAll;
}

const std::vector<RetentionTrigger>& AllowedTriggers(RecordClass c) {
  using T = RetentionTrigger;
  static const std::vector<T> kDecisionOnly{T::kDecision};
  static const std::vector<T> kGranted{T::kDecision, T::kSettled};
  static const std::vector<T> kRevokedT{T::kRevocation};
  static const std::vector<T> kIncident{T::kOccurred, T::kRecorded};
  static const std::vector<T> kSessionT{T::kEnded};
  switch (c) {
    case RecordClass::kBookingRejected:
    case RecordClass::kGrantRejected: return kDecisionOnly;
    case RecordClass::kBookingGranted:
    case RecordClass::kGrantApproved: return kGranted;
    case RecordClass::kRevoked: return kRevokedT;
    case RecordClass::kIncidentUnlinked: return kIncident;
    case RecordClass::kSession: return kSessionT;
  }
  return kDecisionOnly;
}

domain::Date RetentionPeriod::CutoffFor(domain::Date today) const {
  return today.AddMonths(-(12 * years + months)).AddDays(-days);
}

std::string RetentionPeriod::ToString() const {
  if (permanent) return "permanent";
  auto unit = [](int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
  if (years) return unit(years, "year", "years");
  if (months) return unit(months, "month", "months");
  return unit(days, "day", "days");
}

std::optional<RetentionPeriod> ParseRetentionPeriod(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  RetentionPeriod p;
  if (text == "permanent") {
    p.permanent = true;
    return p;
  }
  int n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || n < 1 || n > 200) return std::nullopt;
  std::string_view unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  if (unit.empty() || unit.front() != ' ') return std::nullopt;
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (unit == "year" || unit == "years") p.years = n;
  else if (unit == "month" || unit == "months") p.months = n;
  else if (unit == "day" || unit == "days") p.days = n;
  else return std::nullopt;
  return p;
}

const RetentionRule& RecordsPlan::For(RecordClass c) const {
  for (const auto& r : rules)
    if (r.record_class == c) return r;
  throw std::logic_error("the records plan has no rule for " + std::string(ToString(c)));
}

const SecrecyGround* RecordsPlan::Ground(std::string_view ground) const {
  for (const auto& g : grounds)
    if (g.ground == ground) return &g;
  return nullptr;
}

const std::vector<SecrecyPart>& CaseSecrecyParts() {
  static const std::vector<SecrecyPart> kParts{
      {"application.contact", "kontaktperson (namn och e-post)", "contact person (name and e-mail)"},
      {"application.board", "styrelseledamöter", "board members"},
      {"application.description", "beskrivning av föreningen", "description of the organisation"},
      {"application.purpose", "ändamål", "purpose"},
      {"application.speakers", "talare vid arrangemanget", "speakers at the event"},
      {"application.attachments", "bilagor", "attachments"},
      {"screening", "granskningens resultat och förklaringar", "screening results and explanations"},
      {"advice", "arbetsgruppens råd", "the advisory group's advice"},
      {"communication", "kommunicering (skäl)", "communication before decision (reasons)"},
      {"communication.reply", "sökandens svar på kommuniceringen", "the applicant's reply"},
      {"decision.reasons", "beslutets motivering", "reasons for the decision"},
      {"decision.special_reasons", "särskilda skäl", "special reasons"},
      {"conditions", "villkor", "conditions"},
      {"revocation", "återkallelse (grund och skäl)", "revocation (grounds and reasons)"},
      {"revocation.reply", "föreningens svar om återkallelsen", "the organisation's reply on the revocation"},
      {"appeals.appellant", "klagandens namn", "the appellant's name"},
  };
  return kParts;
}

const std::vector<SecrecyPart>& IncidentSecrecyParts() {
  static const std::vector<SecrecyPart> kParts{
      {"subject", "vem händelsen avser", "who the incident concerns"},
      {"reference", "källhänvisning", "source reference"},
      {"summary", "sammanfattning", "summary"},
  };
  return kParts;
}

const SecrecyPart* FindPart(const std::vector<SecrecyPart>& parts, std::string_view id) {
  for (const auto& p : parts)
    if (p.id == id) return &p;
  return nullptr;
}

}  // namespace granska::workflow
