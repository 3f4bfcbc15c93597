#pragma once
// The tamper-evident audit trail (issue 9; docs/architecture.md, "Tamper-evident audit
// trail"). Events are written without any chain work, so that writers never wait on each
// other; a sealer later appends one link per event to `event_chain`, in commit order
// (txid, id), once no transaction that could still commit an earlier event is in flight.
// Each link holds SHA-256(previous link's hash, the event's canonical content).
#include <cstdint>
#include <optional>
#include <string>

namespace soci {
class session;
}

namespace granska::store {

// Seals every event whose writing transaction has ended, in batches, each batch in its
// own short transaction. Serialised against other sealers (in any process) by an advisory
// lock, so running several at once is safe; sealing nothing is a no-op. Returns how many
// events this call sealed. Needs SELECT on events and SELECT, INSERT on event_chain (the
// server's role granska_app has exactly that). Throws std::runtime_error when the
// database's transaction counter is behind the sealed tail (a logical restore into a new
// cluster; see docs/architecture.md).
std::int64_t SealPendingEvents(soci::session& sql);

struct ChainVerification {
  bool ok = true;
  std::int64_t checked = 0;                        // links checked
  std::int64_t pending = 0;                        // events not sealed yet (the sealer's lag)
  std::optional<std::int64_t> first_broken_event;  // the event of the first broken link
  std::optional<std::int64_t> broken_case_id;      // its case as stored now, when it has one
  std::string broken_case_number;                  // and that case's number, when it exists
  std::string reason;                              // what differs, in words; empty when ok
  std::string head_hash;                           // the last link's hash (to record elsewhere)
};

// Walks the whole chain in order and recomputes every link from the events as stored now.
// Read-only. A link is broken when its event was changed or deleted, when a link was
// removed or reordered, or when an event lies behind the sealed tail without a link.
ChainVerification VerifyChain(soci::session& sql);

// The hash of the link before the first one.
inline constexpr const char* kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

}  // namespace granska::store
