#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgPremisesRepository final : public workflow::PremisesRepository {
 public:
  explicit PgPremisesRepository(soci::session& sql) : sql_(sql) {}
  bool Upsert(const domain::Premises& premises) override;
  std::optional<domain::Premises> Find(const std::string& id) override;
  std::vector<domain::Premises> List() override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
