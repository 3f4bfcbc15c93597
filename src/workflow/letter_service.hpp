#pragma once
// Letters about a case: decision letters and kommunicering letters are issued — rendered
// in Swedish and English and archived with their SHA-256 in the same transaction as the
// decision or communication — and later requests return exactly the archived bytes. PDFs
// are made from the archived HTML on first request (outside any transaction) and archived
// too. An unissued letter (a request for more information) is shown as a draft.
#include <functional>
#include <optional>
#include <string>

#include "domain/error.hpp"
#include "domain/user.hpp"
#include "letters/letter_model.hpp"
#include "letters/pdf_renderer.hpp"
#include "letters/renderer.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

struct LetterDocument {
  std::string content;
  std::string content_type;  // text/html; charset=utf-8 | application/pdf
  std::string sha256;
  bool draft = false;
  std::string type;
  std::string issued_at;
};

class LetterService {
 public:
  LetterService(Database& db, const Clock& clock, const letters::Renderer& renderer, const letters::PdfRenderer& pdf)
      : db_(db), clock_(clock), renderer_(renderer), pdf_(pdf) {}

  // Inside the caller's transaction, after the decision / communication was recorded.
  void IssueDecisionLetters(UnitOfWork& uow, std::int64_t case_id) const;
  void IssueCommunicationLetters(UnitOfWork& uow, std::int64_t case_id) const;
  // The needs_info letter of the case's latest information request (begäran om komplettering).
  void IssueInformationRequestLetters(UnitOfWork& uow, std::int64_t case_id) const;
  // The kommunicering of an intended revocation, or the revocation decision with its repayment claim.
  void IssueRevocationLetters(UnitOfWork& uow, std::int64_t case_id, bool decided) const;
  // The notice that an intended revocation is not pursued (revocation_dropped).
  void IssueRevocationDroppedLetters(UnitOfWork& uow, std::int64_t case_id) const;
  // The notice that the court annulled the revocation (revocation_annulled): the decision applies
  // again, the repayment claim falls, the conditions are followed up again. `booking_restored`:
  // for a booking, whether its time could be taken again (nullopt for a grant).
  void IssueRevocationAnnulledLetters(UnitOfWork& uow, std::int64_t case_id, const domain::AppealRecord& appeal,
                                      std::optional<bool> booking_restored) const;
  // The notice that the court annulled the decision (decision_annulled): it no longer applies and
  // the application is considered again; `lapsed`: its conditions that fall with it.
  void IssueDecisionAnnulledLetters(UnitOfWork& uow, std::int64_t case_id, const domain::AppealRecord& appeal,
                                    const domain::Decision& annulled,
                                    const std::vector<domain::Condition>& lapsed) const;
  // The notice of the last day to appeal, once the posting of the minutes is recorded.
  void IssueAppealNotice(UnitOfWork& uow, std::int64_t case_id, const domain::MinutesPosting& posting) const;

  // The latest decision or kommunicering letter (type empty), or the latest appeal_notice
  // (type "appeal_notice").
  domain::Result<LetterDocument> Get(const domain::Actor& actor, std::int64_t case_id, const std::string& lang,
                                     const std::string& format, const std::string& type = "") const;

  // The model for a case as it stands (exposed for tests).
  letters::LetterModel Model(UnitOfWork& uow, std::int64_t case_id, letters::LetterType type,
                             letters::Language lang) const;

 private:
  void Issue(UnitOfWork& uow, std::int64_t case_id, letters::LetterType type, const std::string& source,
             const std::function<void(letters::LetterModel&)>& complete = {}) const;
  // The English translation of the municipality's revocation clause for the kind.
  const std::string& EnglishClause(domain::ApplicationKind kind) const;
  Database& db_;
  const Clock& clock_;
  const letters::Renderer& renderer_;
  const letters::PdfRenderer& pdf_;
};

}  // namespace granska::workflow
