#pragma once
// The records plan (dokumenthanteringsplan) as the workflow uses it: per record class, how
// long it is kept and from which event the time counts; and the secrecy grounds a mark may
// cite. Read from config/records_plan.yaml by app/ (records_plan_file.cpp), checked there at
// start-up; this header only knows the vocabulary and the arithmetic.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"

namespace granska::workflow {

enum class RecordClass {
  kBookingRejected,   // booking application rejected or withdrawn
  kBookingGranted,    // booking granted (with or without conditions)
  kGrantRejected,     // grant application rejected or withdrawn
  kGrantApproved,     // grant approved (with or without conditions)
  kRevoked,           // support revoked, grant or booking
  kIncidentUnlinked,  // incident-register entry not linked to a kept case
  kSession,           // sign-in session of the web interface
};

enum class RetentionTrigger {
  kDecision,    // the decision day (for a withdrawn case: the day it was withdrawn)
  kSettled,     // the later of the decision day and the day the last condition was closed
  kRevocation,  // the day support was revoked
  kOccurred,    // the day the incident happened
  kRecorded,    // the day the incident was entered in the register
  kEnded,       // the day a session ended (signed out or expired)
};

std::string_view ToString(RecordClass c);
std::optional<RecordClass> ParseRecordClass(std::string_view text);
std::string_view ToString(RetentionTrigger t);
std::optional<RetentionTrigger> ParseRetentionTrigger(std::string_view text);
const std::vector<RecordClass>& AllRecordClasses();
// The triggers that make sense for a class (a rejected case has no conditions to settle).
const std::vector<RetentionTrigger>& AllowedTriggers(RecordClass c);

struct RetentionPeriod {
  int years = 0;
  int months = 0;
  int days = 0;
  bool permanent = false;  // bevaras: never culled
  // Records whose trigger day is on or before this day have run out on `today`.
  domain::Date CutoffFor(domain::Date today) const;
  std::string ToString() const;  // "2 years", "90 days", "permanent"
};
// "N year(s)|month(s)|day(s)" with N from 1 to 200, or "permanent".
std::optional<RetentionPeriod> ParseRetentionPeriod(std::string_view text);

struct RetentionRule {
  RecordClass record_class = RecordClass::kBookingRejected;
  std::string rule;   // the plan's own reference, e.g. "4.3.2"
  std::string title;
  RetentionPeriod keep;
  RetentionTrigger from = RetentionTrigger::kDecision;
};

struct SecrecyGround {
  std::string ground;  // "OSL 21 kap. 7 §"
  std::string sv;      // what it protects, in Swedish and English
  std::string en;
};

struct RecordsPlan {
  std::string name;
  std::string version;
  std::vector<RetentionRule> rules;  // exactly one per RecordClass
  std::vector<SecrecyGround> grounds;
  const RetentionRule& For(RecordClass c) const;
  const SecrecyGround* Ground(std::string_view ground) const;
};

// The parts of a case's documents and of an incident that a secrecy mark can cover, with
// their Swedish and English names for the public-access export.
struct SecrecyPart {
  std::string_view id;
  std::string_view sv;
  std::string_view en;
};
const std::vector<SecrecyPart>& CaseSecrecyParts();
const std::vector<SecrecyPart>& IncidentSecrecyParts();
const SecrecyPart* FindPart(const std::vector<SecrecyPart>& parts, std::string_view id);

}  // namespace granska::workflow
