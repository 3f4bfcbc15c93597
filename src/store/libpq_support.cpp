#include "store/libpq_support.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <stdexcept>

namespace granska::store {
namespace {

constexpr std::size_t kCopyChunk = 256 * 1024;

}  // namespace

PGconn* NativeConnection(soci::session& sql) {
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

PgResult Exec(PGconn* conn, const char* sql, const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PgResult r(params.empty() ? PQexec(conn, sql)
                            : PQexecParams(conn, sql, static_cast<int>(values.size()), nullptr, values.data(),
                                           nullptr, nullptr, 0));
  const ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error(std::string("PostgreSQL: ") + PQresultErrorMessage(r.get()));
  return r;
}

CopyIn::CopyIn(PGconn* conn, const char* copy_statement) : conn_(conn) {
  PgResult r(PQexec(conn_, copy_statement));
  if (PQresultStatus(r.get()) != PGRES_COPY_IN)
    throw std::runtime_error(std::string("PostgreSQL: ") + PQresultErrorMessage(r.get()));
  buffer_.reserve(kCopyChunk + 4096);
}

CopyIn::~CopyIn() {
  if (finished_) return;
  PQputCopyEnd(conn_, "cancelled");
  while (PGresult* r = PQgetResult(conn_)) PQclear(r);
}

void CopyIn::Field() {
  if (!at_row_start_) buffer_.push_back('\t');
  at_row_start_ = false;
}

CopyIn& CopyIn::Text(std::string_view value) {
  Field();
  // Most values (recommendations, verdicts, numbers) need no escaping: copy them at once.
  const bool plain = std::none_of(value.begin(), value.end(),
                                  [](char c) { return c == '\\' || c == '\t' || c == '\n' || c == '\r'; });
  if (plain) {
    buffer_.append(value);
    return *this;
  }
  for (char c : value) {
    switch (c) {
      case '\\': buffer_ += "\\\\"; break;
      case '\t': buffer_ += "\\t"; break;
      case '\n': buffer_ += "\\n"; break;
      case '\r': buffer_ += "\\r"; break;
      default: buffer_.push_back(c);
    }
  }
  return *this;
}

CopyIn& CopyIn::Int(std::int64_t value) {
  Field();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  buffer_.append(buf, end);
  return *this;
}

CopyIn& CopyIn::Null() {
  Field();
  buffer_ += "\\N";
  return *this;
}

void CopyIn::EndRow() {
  buffer_.push_back('\n');
  at_row_start_ = true;
  if (buffer_.size() >= kCopyChunk) Flush();
}

void CopyIn::Flush() {
  if (buffer_.empty()) return;
  if (PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1)
    throw std::runtime_error(std::string("PostgreSQL COPY: ") + PQerrorMessage(conn_));
  buffer_.clear();
}

void CopyIn::Finish() {
  Flush();
  finished_ = true;
  if (PQputCopyEnd(conn_, nullptr) != 1) throw std::runtime_error(std::string("PostgreSQL COPY: ") + PQerrorMessage(conn_));
  std::string error;
  while (PGresult* r = PQgetResult(conn_)) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && error.empty()) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  if (!error.empty()) throw std::runtime_error("PostgreSQL COPY: " + error);
}

}  // namespace granska::store
