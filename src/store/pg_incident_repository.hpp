#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgIncidentRepository final : public workflow::IncidentRepository {
 public:
  explicit PgIncidentRepository(soci::session& sql) : sql_(sql) {}
  std::int64_t Insert(const domain::Incident& incident) override;
  std::optional<domain::Incident> Find(std::int64_t id) override;
  workflow::Page<domain::Incident> List(const workflow::IncidentFilter& filter) override;
  std::vector<domain::Incident> FindBySubjects(const std::vector<std::string>& org_numbers,
                                               const std::vector<std::string>& person_names) override;
  std::vector<MarkedText> MarkedTexts() override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
