#pragma once
// Named prepared statements per pooled connection (issue 10). SOCI's PostgreSQL backend
// sends every one-shot `sql << "..."` through PQexecParams, so PostgreSQL parses, analyses
// and plans the statement again on every call: on the submit path that was a quarter of
// the whole machine's CPU (bench/RESULTS.md, "http"). The hot paths run through Prepared
// instead: a statement text is prepared once per connection (PQprepare, under a name of
// that connection's own) and then only bound and executed (PQexecPrepared).
//
// The text is the same SOCI-style SQL the repositories already hold: each `:name` becomes
// the next `$n` in order of appearance (as SOCI does), so parameters are given in the order
// of their placeholders. Parameters and results travel as text; columns are cast in SQL
// (::bigint, ::int for booleans, ::text) exactly as for the soci::row readers.
#include <libpq-fe.h>
#include <soci/soci.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace granska::store {

// One bound parameter: text, or SQL NULL.
class PgParam {
 public:
  PgParam(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): reads as a value at call sites
  PgParam(std::string v) : value_(std::move(v)) {}  // NOLINT
  PgParam(std::string_view v) : value_(std::string(v)) {}  // NOLINT
  PgParam(const char* v) : value_(std::string(v)) {}  // NOLINT
  PgParam(int v) : value_(std::to_string(v)) {}  // NOLINT
  PgParam(long v) : value_(std::to_string(v)) {}  // NOLINT
  PgParam(long long v) : value_(std::to_string(v)) {}  // NOLINT
  PgParam(bool v) : value_(v ? "true" : "false") {}  // NOLINT
  template <typename T>
  PgParam(const std::optional<T>& v) {  // NOLINT
    if (v) value_ = PgParam(*v).value_;
  }
  const std::optional<std::string>& Value() const { return value_; }

 private:
  std::optional<std::string> value_;
};

// The rows of one result (owns the PGresult).
class PgRows {
 public:
  explicit PgRows(PGresult* result) : result_(result) {}
  PgRows(PgRows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgRows(const PgRows&) = delete;
  PgRows& operator=(const PgRows&) = delete;
  PgRows& operator=(PgRows&& other) noexcept {
    if (this != &other) {
      if (result_) PQclear(result_);
      result_ = other.result_;
      other.result_ = nullptr;
    }
    return *this;
  }
  ~PgRows() {
    if (result_) PQclear(result_);
  }
  int Size() const { return PQntuples(result_); }
  bool Empty() const { return Size() == 0; }
  bool Null(int row, int col) const { return PQgetisnull(result_, row, col) != 0; }
  std::string_view View(int row, int col) const {
    return {PQgetvalue(result_, row, col), static_cast<std::size_t>(PQgetlength(result_, row, col))};
  }
  long long AffectedRows() const;  // of an INSERT, UPDATE or DELETE

 private:
  PGresult* result_;
};

// One row of a PgRows, read with the same helpers as a soci::row (store/row_reader.hpp).
struct PgRow {
  const PgRows& rows;
  int row;
};

// Runs `sql` (SOCI-style placeholders) as this connection's prepared statement. Throws
// soci::postgresql_soci_error, with the SQLSTATE, when PostgreSQL refuses it.
PgRows Prepared(soci::session& sql, const char* text, std::initializer_list<PgParam> params = {});

// Runs `sql` once, unprepared, in one round trip (PQexecParams): for a statement whose plan
// must see its values, such as the case list's optional filters that fold away when absent
// (a generic plan of a prepared statement would keep them).
PgRows Once(soci::session& sql, const char* text, std::initializer_list<PgParam> params = {});

// ":name" placeholders to "$1", "$2", … in order of appearance (casts "::" and quoted
// text left alone). Exposed for the store's tests.
std::string NumberPlaceholders(std::string_view sql);

}  // namespace granska::store
