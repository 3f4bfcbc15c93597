#include "store/pg_premises_repository.hpp"

#include <soci/soci.h>

#include "store/prepared.hpp"
#include "store/row_reader.hpp"

namespace granska::store {
namespace {

// xmax = 0 only on a freshly inserted row: tells created from changed.
constexpr const char* kUpsert =
    "INSERT INTO premises (id, name, capacity) VALUES (:i, :n, :c) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, capacity = excluded.capacity, updated_at = now() "
    "RETURNING (xmax = 0)::int";
constexpr const char* kFind = "SELECT id, name, capacity::bigint FROM premises WHERE id = :i";
constexpr const char* kList = "SELECT id, name, capacity::bigint FROM premises ORDER BY id";

template <typename Row>
domain::Premises Read(const Row& r) { return domain::Premises{Text(r, 0), Text(r, 1), BigInt(r, 2)}; }

}  // namespace

bool PgPremisesRepository::Upsert(const domain::Premises& p) {
  int created = 0;
  long long capacity = p.capacity;
  sql_ << kUpsert, soci::use(p.id), soci::use(p.name), soci::use(capacity), soci::into(created);
  return created != 0;
}

std::optional<domain::Premises> PgPremisesRepository::Find(const std::string& id) {
  const auto rows = Prepared(sql_, kFind, {id});  // every booking's screening asks this
  if (rows.Empty()) return std::nullopt;
  return Read(PgRow{rows, 0});
}

std::vector<domain::Premises> PgPremisesRepository::List() {
  std::vector<domain::Premises> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kList);
  for (const auto& r : rs) out.push_back(Read(r));
  return out;
}

}  // namespace granska::store
