#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgLetterRepository final : public workflow::LetterRepository {
 public:
  explicit PgLetterRepository(soci::session& sql) : sql_(sql) {}
  workflow::LetterFacts Facts(std::int64_t case_id) override;
  bool Archive(std::int64_t case_id, const std::string& type, const std::string& source, const std::string& lang,
               const std::string& format, const std::string& content, const std::string& sha256) override;
  std::optional<workflow::ArchivedLetter> Find(std::int64_t case_id, const std::string& source,
                                               const std::string& lang, const std::string& format) override;
  std::optional<workflow::ArchivedLetter> Latest(std::int64_t case_id, const std::string& lang,
                                                 const std::string& type) override;
  std::vector<workflow::ArchivedLetter> List(std::int64_t case_id) override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
