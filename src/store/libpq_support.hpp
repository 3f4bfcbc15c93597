#pragma once
// Thin helpers for the few places that talk to libpq directly, below SOCI: COPY, cursors
// fetched in batches, and results read without copying (the re-screening's hot paths).
// The connection is SOCI's own (see migrations_runner.cpp), so transactions and the pool
// stay SOCI's.
#include <libpq-fe.h>

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace granska::store {

PGconn* NativeConnection(soci::session& sql);

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// Runs a statement (text parameters, nullopt for NULL); throws std::runtime_error with
// the server's message unless it returned rows or completed.
PgResult Exec(PGconn* conn, const char* sql, const std::vector<std::optional<std::string>>& params = {});

inline std::string_view Value(const PGresult* r, int row, int col) {
  return {PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col))};
}
inline bool IsNull(const PGresult* r, int row, int col) { return PQgetisnull(r, row, col) != 0; }
inline std::int64_t Int(const PGresult* r, int row, int col) {
  std::int64_t v = 0;
  const auto s = Value(r, row, col);
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// COPY … FROM STDIN in text format: rows are buffered and sent in large pieces.
class CopyIn {
 public:
  CopyIn(PGconn* conn, const char* copy_statement);
  ~CopyIn();  // an unfinished COPY is cancelled
  CopyIn& Text(std::string_view value);  // escaped for the text format
  CopyIn& Int(std::int64_t value);
  CopyIn& Null();
  void EndRow();
  void Finish();  // throws with the server's message when the COPY failed

 private:
  void Field();
  void Flush();
  PGconn* conn_;
  std::string buffer_;
  bool at_row_start_ = true;
  bool finished_ = false;
};

}  // namespace granska::store
