#include "store/event_chain.hpp"

#include <soci/soci.h>

#include <array>
#include <stdexcept>
#include <vector>

#include "domain/digest.hpp"
#include "store/row_reader.hpp"

namespace granska::store {
namespace {

// Sealers in every process take this lock for each batch; writers never do.
constexpr const char* kSealLock = "SELECT pg_advisory_xact_lock(7406222)";
// The canonical text must not depend on the session: jsonb, timestamps in UTC with
// microseconds and integers print the same everywhere; the encoding is pinned here.
constexpr const char* kUtf8 = "SET LOCAL client_encoding = 'UTF8'";
constexpr const char* kReadOnlySnapshot = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

// The canonical content of an event, as text, in kFieldNames order.
#define GRANSKA_CANONICAL_EVENT                                                                          \
  "e.id::text, e.case_id::text, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
  "e.actor_id::text, e.actor_name, e.actor_role, e.event, e.detail::text"
constexpr std::size_t kFieldCount = 8;
constexpr std::array<const char*, kFieldCount> kFieldNames = {"id",         "case_id",    "at",    "actor_id",
                                                              "actor_name", "actor_role", "event", "detail"};

constexpr const char* kTail =
    "SELECT position, event_id, event_txid::text, hash FROM event_chain ORDER BY position DESC LIMIT 1";
// xmin: every transaction below it has ended; xmax: the next transaction id to be given out.
constexpr const char* kHorizon =
    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text, pg_snapshot_xmax(pg_current_snapshot())::text, "
    "(pg_snapshot_xmax(pg_current_snapshot()) <= :t::xid8)::int";
// Events after the tail whose transactions have all ended: nothing can still commit
// before them in (txid, id) order, so they can be sealed for good.
constexpr const char* kSealable =
    "SELECT e.txid::text, " GRANSKA_CANONICAL_EVENT
    " FROM events e WHERE e.txid < pg_snapshot_xmin(pg_current_snapshot()) AND (e.txid, e.id) > (:t::xid8, :i) "
    "ORDER BY e.txid, e.id LIMIT :n";
// One round trip per batch: the links travel as array literals (digits, hex and '-' only).
constexpr const char* kAppendLinks =
    "INSERT INTO event_chain (position, event_id, event_txid, prev_hash, hash, field_digests) "
    "SELECT * FROM unnest(:p::bigint[], :e::bigint[], :x::xid8[], :ph::text[], :h::text[], :d::text[])";
constexpr int kBatch = 1000;

constexpr const char* kChainPage =
    "SELECT c.position, c.event_id, c.event_txid::text, c.prev_hash, c.hash, c.field_digests, "
    "(e.id IS NOT NULL)::int, e.txid::text, k.case_number, " GRANSKA_CANONICAL_EVENT
    " FROM event_chain c LEFT JOIN events e ON e.id = c.event_id LEFT JOIN cases k ON k.id = e.case_id "
    "WHERE c.position > :p ORDER BY c.position LIMIT :n";
constexpr int kVerifyPage = 5000;
constexpr const char* kUnchainedBehindTail =
    "SELECT e.id, e.case_id, k.case_number FROM events e LEFT JOIN cases k ON k.id = e.case_id "
    "WHERE (e.txid, e.id) < (:t::xid8, :i) AND NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.event_id = e.id) "
    "ORDER BY e.txid, e.id LIMIT 1";
constexpr const char* kPendingCount = "SELECT count(*) FROM events e WHERE (e.txid, e.id) > (:t::xid8, :i)";

using Fields = std::array<std::optional<std::string>, kFieldCount>;

using domain::Sha256Hex;

// Length-prefixed, so no two different field lists encode alike; NULL is distinct from ''.
std::string EncodeField(const std::optional<std::string>& v) {
  if (!v) return "-\n";
  return "+" + std::to_string(v->size()) + ":" + *v + "\n";
}

std::string LinkHash(const std::string& prev_hash, const Fields& fields) {
  std::string data = "granska.event.v1\n" + prev_hash + "\n";
  for (const auto& f : fields) data += EncodeField(f);
  return Sha256Hex(data);
}

// Eight hex digits per field, '-'-separated: only for naming what differs.
std::string FieldDigests(const Fields& fields) {
  std::string out;
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    if (i) out += '-';
    out += Sha256Hex(std::string(kFieldNames[i]) + "\n" + EncodeField(fields[i])).substr(0, 8);
  }
  return out;
}

Fields ReadFields(const soci::row& r, std::size_t first) {
  Fields f;
  for (std::size_t i = 0; i < kFieldCount; ++i) f[i] = OptText(r, first + i);
  return f;
}

std::string ArrayLiteral(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += items[i];
  }
  return out + "}";
}

struct Tail {
  long long position = 0;
  long long event_id = 0;
  std::string txid = "0";
  std::string hash = kGenesisHash;
};

Tail ReadTail(soci::session& sql) {
  Tail tail;
  soci::rowset<soci::row> rows = (sql.prepare << kTail);
  for (const auto& r : rows) {
    tail.position = BigInt(r, 0);
    tail.event_id = BigInt(r, 1);
    tail.txid = Text(r, 2);
    tail.hash = Text(r, 3);
  }
  return tail;
}

// Seals up to kBatch events in one transaction; returns how many.
int SealBatch(soci::session& sql) {
  soci::transaction tr(sql);
  sql << kSealLock;
  sql << kUtf8;
  Tail tail = ReadTail(sql);
  {
    std::string xmin, xmax;
    int behind = 0;
    sql << kHorizon, soci::use(tail.txid), soci::into(xmin), soci::into(xmax), soci::into(behind);
    if (behind)
      throw std::runtime_error("the database's transaction counter (" + xmax +
                               ") is behind the sealed tail of the audit chain (" + tail.txid +
                               "): was it restored with pg_dump into a new cluster? See docs/architecture.md, "
                               "\"Tamper-evident audit trail\"");
  }
  std::vector<std::string> positions, event_ids, txids, prev_hashes, hashes, digests;
  {
    int limit = kBatch;
    soci::rowset<soci::row> rows =
        (sql.prepare << kSealable, soci::use(tail.txid), soci::use(tail.event_id), soci::use(limit));
    for (const auto& r : rows) {
      const Fields fields = ReadFields(r, 1);
      const std::string hash = LinkHash(tail.hash, fields);
      positions.push_back(std::to_string(++tail.position));
      event_ids.push_back(*fields[0]);
      txids.push_back(Text(r, 0));
      prev_hashes.push_back(tail.hash);
      hashes.push_back(hash);
      digests.push_back(FieldDigests(fields));
      tail.hash = hash;
    }
  }
  if (positions.empty()) return 0;  // the transaction rolls back: it wrote nothing
  std::string p = ArrayLiteral(positions), e = ArrayLiteral(event_ids), x = ArrayLiteral(txids),
              ph = ArrayLiteral(prev_hashes), h = ArrayLiteral(hashes), d = ArrayLiteral(digests);
  sql << kAppendLinks, soci::use(p), soci::use(e), soci::use(x), soci::use(ph), soci::use(h), soci::use(d);
  tr.commit();
  return static_cast<int>(positions.size());
}

std::string DescribeDifference(const std::string& sealed_digests, const Fields& now) {
  const std::string current = FieldDigests(now);
  std::string differing;
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    if (sealed_digests.size() != current.size() || sealed_digests.compare(i * 9, 8, current, i * 9, 8) != 0) {
      if (!differing.empty()) differing += ", ";
      differing += kFieldNames[i];
    }
  }
  if (differing.empty()) return "its content does not match the sealed hash (the link itself was altered)";
  return differing + (differing.find(',') == std::string::npos ? " differs" : " differ") + " from what was sealed";
}

}  // namespace

std::int64_t SealPendingEvents(soci::session& sql) {
  std::int64_t total = 0;
  for (;;) {
    const int n = SealBatch(sql);
    total += n;
    if (n < kBatch) return total;
  }
}

ChainVerification VerifyChain(soci::session& sql) {
  ChainVerification result;
  soci::transaction tr(sql);
  sql << kReadOnlySnapshot;
  sql << kUtf8;
  auto broken = [&](long long event_id, std::optional<long long> case_id, std::string case_number, std::string reason) {
    result.ok = false;
    result.first_broken_event = event_id;
    result.broken_case_id = case_id;
    result.broken_case_number = std::move(case_number);
    result.reason = std::move(reason);
  };

  Tail tail;
  for (bool more = true; more && result.ok;) {
    int limit = kVerifyPage;
    int seen = 0;
    soci::rowset<soci::row> rows = (sql.prepare << kChainPage, soci::use(tail.position), soci::use(limit));
    for (const auto& r : rows) {
      ++seen;
      const long long position = BigInt(r, 0);
      const long long event_id = BigInt(r, 1);
      const std::string sealed_txid = Text(r, 2), prev_hash = Text(r, 3), hash = Text(r, 4), digests = Text(r, 5);
      const bool exists = Bool(r, 6);
      const Fields fields = ReadFields(r, 9);
      const std::optional<long long> case_id =
          fields[1] ? std::optional<long long>(std::stoll(*fields[1])) : std::nullopt;
      const std::string case_number = Text(r, 8);
      const std::string at_position = " (link " + std::to_string(position) + ")";
      if (position != tail.position + 1) {
        broken(event_id, case_id, case_number,
               "link " + std::to_string(tail.position + 1) +
                   (position == tail.position + 2 ? "" : "..." + std::to_string(position - 1)) +
                   " before it is missing: links were removed from event_chain");
      } else if (prev_hash != tail.hash) {
        broken(
            event_id, case_id, case_number,
            "its link does not follow the previous one" + at_position + ": a link was removed, reordered or rewritten");
      } else if (!exists) {
        broken(event_id, std::nullopt, "", "the event was deleted" + at_position);
      } else if (LinkHash(prev_hash, fields) != hash) {
        broken(event_id, case_id, case_number, DescribeDifference(digests, fields) + at_position);
      } else if (Text(r, 7) != sealed_txid) {
        broken(event_id, case_id, case_number, "its txid differs from the one sealed" + at_position);
      }
      if (!result.ok) break;
      ++result.checked;
      tail.position = position;
      tail.event_id = event_id;
      tail.txid = sealed_txid;
      tail.hash = hash;
    }
    more = seen == kVerifyPage;
  }
  if (result.ok) {
    soci::rowset<soci::row> rows =
        (sql.prepare << kUnchainedBehindTail, soci::use(tail.txid), soci::use(tail.event_id));
    for (const auto& r : rows)
      broken(BigInt(r, 0), OptBigInt(r, 1), Text(r, 2),
             "the event has no link although later events are sealed: it was inserted behind the sealed tail");
  }
  long long pending = 0;
  sql << kPendingCount, soci::use(tail.txid), soci::use(tail.event_id), soci::into(pending);
  result.pending = pending;
  result.head_hash = tail.hash;
  tr.commit();
  return result;
}

}  // namespace granska::store
