#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgReviewRepository final : public workflow::ReviewRepository {
 public:
  explicit PgReviewRepository(soci::session& sql) : sql_(sql) {}
  std::int64_t InsertReferral(const domain::Referral& referral) override;
  std::optional<domain::Referral> CurrentReferral(std::int64_t case_id) override;
  std::vector<domain::Referral> Referrals(std::int64_t case_id) override;
  void MarkAdvised(std::int64_t referral_id) override;
  std::int64_t InsertAdvice(const domain::Advice& advice, const std::string& proposed_conditions_json) override;
  std::vector<domain::Advice> AdviceFor(std::int64_t referral_id) override;
  std::vector<domain::Advice> AllAdvice(std::int64_t case_id) override;
  int MembersStillToAnswer(std::int64_t case_id, std::int64_t referral_id) override;
  bool HasRecused(std::int64_t case_id, std::int64_t member_id) override;
  std::int64_t InsertInformationRequest(const domain::InformationRequest& r, std::int64_t requested_by) override;
  std::optional<domain::InformationRequest> LatestInformationRequest(std::int64_t case_id) override;
  std::int64_t InsertCommunication(const domain::Communication& c, std::int64_t sent_by) override;
  std::optional<domain::Communication> LatestCommunication(std::int64_t case_id) override;
  void RecordReply(std::int64_t communication_id, const std::string& text) override;
  std::int64_t InsertDecision(const domain::Decision& d) override;
  std::optional<domain::Decision> FindDecision(std::int64_t case_id) override;
  std::int64_t InsertCondition(std::int64_t case_id, std::int64_t decision_id, const domain::ConditionSpec& c) override;
  std::vector<domain::Condition> ConditionsFor(std::int64_t case_id) override;
  std::vector<std::pair<std::string, domain::Decision>> EarlierDecisions(const std::string& org_number,
                                                                         std::int64_t except_case) override;
  std::vector<AgendaItem> Agenda() override;
  std::int64_t InsertRevocation(const domain::Revocation& r, std::int64_t by) override;
  std::optional<domain::Revocation> LatestRevocation(std::int64_t case_id) override;
  void RecordRevocationReply(std::int64_t revocation_id, const std::string& text) override;
  void CompleteRevocation(std::int64_t revocation_id, const std::string& reasons, std::int64_t repayment_sek,
                          std::optional<domain::Date> repayment_due, domain::Date revoked_on, std::int64_t by,
                          const std::string& delegation_ref) override;
  void DropRevocation(std::int64_t revocation_id, const std::string& reasons, domain::Date dropped_on,
                      std::int64_t by) override;
  std::vector<std::tuple<domain::Date, bool, std::string>> OrganisationRevocations(const std::string& org_number) override;
  std::vector<std::int64_t> OpenCasesOf(const std::string& org_number, std::int64_t except_case) override;
  std::int64_t InsertMinutesPosting(const domain::MinutesPosting& p) override;
  std::optional<domain::MinutesPosting> LatestMinutesPosting(std::int64_t case_id, const std::string& kind,
                                                             std::int64_t decision_ref) override;
  std::optional<domain::Decision> FindDecisionById(std::int64_t decision_id) override;
  std::optional<domain::Revocation> FindRevocation(std::int64_t revocation_id) override;
  std::int64_t InsertAppeal(const domain::AppealRecord& appeal) override;
  std::optional<domain::AppealRecord> FindAppeal(std::int64_t appeal_id) override;
  std::optional<domain::AppealRecord> LockAppeal(std::int64_t appeal_id) override;
  std::optional<std::int64_t> AppealCase(std::int64_t appeal_id) override;
  std::vector<domain::AppealRecord> AppealsFor(std::int64_t case_id) override;
  bool RecordAppealOutcome(std::int64_t appeal_id, domain::AppealOutcome outcome, domain::Date outcome_on,
                           const std::string& note, const std::string& court_case_number, std::int64_t by) override;
  void AnnulDecision(std::int64_t decision_id, std::int64_t appeal_id) override;
  void AnnulRevocation(std::int64_t revocation_id, std::int64_t appeal_id) override;
  std::vector<domain::Revocation> StandingRevocationsOf(std::int64_t decision_id) override;
  std::vector<domain::Revocation> RevocationsOf(std::int64_t case_id) override;

 private:
  std::vector<domain::Advice> ReadAdvice(const char* query, long long id);
  soci::session& sql_;
};

}  // namespace granska::store
