#pragma once
// Small helpers to read soci::row columns by position. Every query casts its columns to
// text, bigint or boolean so that the C++ type here is always the same.
#include <soci/soci.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "store/prepared.hpp"
#include "workflow/ports.hpp"

namespace granska::store {

// A text[] column read as array_to_string(col, ','), for values without commas (rule ids).
inline std::vector<std::string> CommaList(const std::string& joined) {
  std::vector<std::string> items;
  for (std::size_t from = 0; from < joined.size();) {
    const std::size_t comma = std::min(joined.find(',', from), joined.size());
    items.push_back(joined.substr(from, comma - from));
    from = comma + 1;
  }
  return items;
}

inline std::string Text(const soci::row& r, std::size_t i) {
  return r.get_indicator(i) == soci::i_null ? std::string() : r.get<std::string>(i);
}
inline std::optional<std::string> OptText(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  return r.get<std::string>(i);
}
inline long long BigInt(const soci::row& r, std::size_t i) {
  return r.get_indicator(i) == soci::i_null ? 0 : r.get<long long>(i);
}
inline std::optional<long long> OptBigInt(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  return r.get<long long>(i);
}
// PostgreSQL booleans arrive as text "t"/"f" through SOCI's row interface, so queries
// cast them with ::int.
inline bool Bool(const soci::row& r, std::size_t i) {
  return r.get_indicator(i) != soci::i_null && r.get<int>(i) != 0;
}

// The same readers for a row of a prepared statement's result (store/prepared.hpp).
inline std::string Text(const PgRow& r, std::size_t i) {
  return std::string(r.rows.View(r.row, static_cast<int>(i)));
}
inline std::optional<std::string> OptText(const PgRow& r, std::size_t i) {
  if (r.rows.Null(r.row, static_cast<int>(i))) return std::nullopt;
  return Text(r, i);
}
inline long long BigInt(const PgRow& r, std::size_t i) {
  return r.rows.Null(r.row, static_cast<int>(i)) ? 0 : std::strtoll(r.rows.View(r.row, static_cast<int>(i)).data(), nullptr, 10);
}
inline std::optional<long long> OptBigInt(const PgRow& r, std::size_t i) {
  if (r.rows.Null(r.row, static_cast<int>(i))) return std::nullopt;
  return BigInt(r, i);
}
inline bool Bool(const PgRow& r, std::size_t i) {
  if (r.rows.Null(r.row, static_cast<int>(i))) return false;
  const auto v = r.rows.View(r.row, static_cast<int>(i));
  return v != "0" && v != "f" && v != "false";
}

// A bigint[] literal for binding a list of ids (SOCI has no PostgreSQL array binding).
inline std::string IdArray(const std::vector<std::int64_t>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "}";
}

// A nullable bound value: holds the value and its indicator for soci::use.
template <typename T>
struct Nullable {
  T value{};
  soci::indicator ind = soci::i_null;
  Nullable() = default;
  template <typename U>
  explicit Nullable(const std::optional<U>& v) {
    if (v) {
      value = static_cast<T>(*v);
      ind = soci::i_ok;
    }
  }
};

// The first row of a query that binds one id (`:id` or the only placeholder), read by `read`;
// none when the query gives no row. Most "find by id" and "lock by id" reads are this.
template <typename Read>
auto FirstRowById(soci::session& sql, const char* query, std::int64_t id, Read read)
    -> std::optional<std::invoke_result_t<Read, const soci::row&>> {
  long long v = id;
  soci::rowset<soci::row> rs = (sql.prepare << query, soci::use(v));
  for (const auto& r : rs) return read(r);
  return std::nullopt;
}

// Every row of a query that binds one id, each read by `read`, in the query's order.
template <typename Read>
auto RowsById(soci::session& sql, const char* query, std::int64_t id, Read read)
    -> std::vector<std::invoke_result_t<Read, const soci::row&>> {
  long long v = id;
  std::vector<std::invoke_result_t<Read, const soci::row&>> out;
  soci::rowset<soci::row> rs = (sql.prepare << query, soci::use(v));
  for (const auto& r : rs) out.push_back(read(r));
  return out;
}

// A keyset page: the query asked for limit + 1 rows; the extra row only tells that a next
// page exists, and the last kept row's id is the cursor.
template <typename T, typename IdOf>
void CutPage(workflow::Page<T>& page, int limit, IdOf id_of) {
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_after = id_of(page.items.back());
  }
}
template <typename T, typename Read, typename IdOf>
workflow::Page<T> ReadPage(soci::rowset<soci::row>& rows, int limit, Read read, IdOf id_of) {
  workflow::Page<T> page;
  for (const auto& r : rows) page.items.push_back(read(r));
  CutPage(page, limit, id_of);
  return page;
}
template <typename T, typename Read, typename IdOf>
workflow::Page<T> ReadPage(const PgRows& rows, int limit, Read read, IdOf id_of) {
  workflow::Page<T> page;
  page.items.reserve(static_cast<std::size_t>(rows.Size()));
  for (int i = 0; i < rows.Size(); ++i) page.items.push_back(read(PgRow{rows, i}));
  CutPage(page, limit, id_of);
  return page;
}

// Timestamps leave the database as ISO 8601 in UTC.
#define GRANSKA_ISO(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

}  // namespace granska::store
