#include "store/prepared.hpp"

#include <soci/postgresql/soci-postgresql.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace granska::store {
namespace {

// The statements prepared on one connection (one backend process: a reconnected session
// starts again with none).
struct ConnectionStatements {
  int backend_pid = 0;
  std::unordered_map<std::string, std::string> names;  // statement text -> prepared name
};

std::mutex g_mutex;
std::unordered_map<const PGconn*, std::unique_ptr<ConnectionStatements>> g_connections;

// Only the thread that holds the pooled session uses its entry, so the entry itself needs
// no lock once found.
ConnectionStatements& StatementsOf(PGconn* conn) {
  std::lock_guard lock(g_mutex);
  auto& slot = g_connections[conn];
  const int pid = PQbackendPID(conn);
  if (!slot || slot->backend_pid != pid) {
    slot = std::make_unique<ConnectionStatements>();
    slot->backend_pid = pid;
  }
  return *slot;
}

[[noreturn]] void Fail(PGconn* conn, PGresult* result, const char* text) {
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  char state[6] = "XX000";
  if (const char* s = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr) {
    for (int i = 0; i < 5 && s[i]; ++i) state[i] = s[i];
  }
  if (result) PQclear(result);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw soci::postgresql_soci_error(message + " while executing \"" + text + "\"", state);
}

bool Ok(PGresult* r) {
  const auto status = PQresultStatus(r);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

long long PgRows::AffectedRows() const {
  const char* n = PQcmdTuples(result_);
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') {  // a literal: copied through, '' included
      const std::size_t end = sql.find('\'', i + 1);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {  // a cast
      out += "::";
      ++i;
    } else if (c == ':' && i + 1 < sql.size() &&
               (std::isalpha(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_')) {
      std::size_t j = i + 1;
      while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
      out += '$';
      out += std::to_string(++next);
      i = j - 1;
    } else {
      out += c;
    }
  }
  return out;
}

static PGconn* ConnectionOf(soci::session& sql) {
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

static std::vector<const char*> Values(std::initializer_list<PgParam> params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p.Value() ? p.Value()->c_str() : nullptr);
  return values;
}

PgRows Once(soci::session& sql, const char* text, std::initializer_list<PgParam> params) {
  PGconn* conn = ConnectionOf(sql);
  const std::string numbered = NumberPlaceholders(text);
  const auto values = Values(params);
  PGresult* result = PQexecParams(conn, numbered.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                  nullptr, nullptr, 0);
  if (!result || !Ok(result)) Fail(conn, result, text);
  return PgRows(result);
}

PgRows Prepared(soci::session& sql, const char* text, std::initializer_list<PgParam> params) {
  PGconn* conn = ConnectionOf(sql);
  auto& statements = StatementsOf(conn);
  auto found = statements.names.find(text);
  if (found == statements.names.end()) {
    const std::string name = "granska_" + std::to_string(statements.names.size() + 1);
    const std::string numbered = NumberPlaceholders(text);
    PGresult* prepared = PQprepare(conn, name.c_str(), numbered.c_str(), 0, nullptr);
    if (!prepared || !Ok(prepared)) Fail(conn, prepared, text);
    PQclear(prepared);
    found = statements.names.emplace(text, name).first;
  }
  const auto values = Values(params);
  PGresult* result = PQexecPrepared(conn, found->second.c_str(), static_cast<int>(values.size()), values.data(),
                                    nullptr, nullptr, 0);
  if (!result || !Ok(result)) Fail(conn, result, text);
  return PgRows(result);
}

}  // namespace granska::store
