#include "store/pg_rule_set_repository.hpp"

#include <soci/soci.h>

namespace granska::store {
namespace {

constexpr const char* kRemember =
    "INSERT INTO rule_set_versions (version, files, rule_count) VALUES (:v, :f::jsonb, :n) "
    "ON CONFLICT (version) DO NOTHING";

}  // namespace

void PgRuleSetRepository::Remember(const std::string& version, const std::string& files_json, int rule_count) {
  sql_ << kRemember, soci::use(version), soci::use(files_json), soci::use(rule_count);
}

}  // namespace granska::store
