#include "store/pg_letter_repository.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "store/pg_review_repository.hpp"
#include "store/row_reader.hpp"

namespace granska::store {
namespace {

constexpr const char* kFacts =
    "SELECT c.case_number, c.kind, c.submitted_on::text, o.org_number, c.organisation_name, coalesce(a.contact_name, ''), "
    "coalesce(a.contact_email, ''), coalesce(a.grant_type, ''), a.amount_sek::bigint, coalesce(p.name, ''), "
    "coalesce(" GRANSKA_ISO("b.starts_at") ", ''), coalesce(" GRANSKA_ISO("b.ends_at") ", ''), "
    "(SELECT rule_set_version FROM screenings WHERE case_id = c.id ORDER BY id DESC LIMIT 1), "
    "(SELECT " GRANSKA_ISO("at") " FROM events WHERE case_id = c.id AND event = 'advised' ORDER BY id DESC LIMIT 1), "
    "coalesce((SELECT detail::text FROM events WHERE case_id = c.id AND event = 'advised' ORDER BY id DESC LIMIT 1), ''), "
    "(SELECT " GRANSKA_ISO("screened_at") " FROM screenings WHERE case_id = c.id AND reason IN ('submission', 'supplement') "
    "ORDER BY id DESC LIMIT 1), "
    "coalesce(a.raw_json::json->'booking'->>'purpose', ''), "
    "coalesce((SELECT u.name FROM users u WHERE u.id = c.assigned_to), ''), "
    "coalesce((SELECT u.name FROM communications k JOIN users u ON u.id = k.sent_by WHERE k.case_id = c.id "
    "ORDER BY k.id DESC LIMIT 1), ''), "
    "coalesce((SELECT u.name FROM revocations v JOIN users u ON u.id = CASE v.status WHEN 'dropped' THEN v.dropped_by "
    "WHEN 'communicated' THEN v.communicated_by ELSE coalesce(v.revoked_by, v.communicated_by) END "
    "WHERE v.case_id = c.id ORDER BY v.id DESC LIMIT 1), ''), "
    "coalesce((SELECT v.delegation_ref FROM revocations v WHERE v.case_id = c.id ORDER BY v.id DESC LIMIT 1), '') "
    "FROM cases c JOIN organisations o ON o.id = c.organisation_id "
    "LEFT JOIN LATERAL (SELECT * FROM applications WHERE case_id = c.id ORDER BY revision DESC LIMIT 1) a ON true "
    "LEFT JOIN bookings b ON b.case_id = c.id LEFT JOIN premises p ON p.id = b.premises_id WHERE c.id = :id";

constexpr const char* kResults =
    "SELECT x->>'rule', x->>'outcome', coalesce(x->>'title', ''), coalesce(x->'en'->>'title', ''), "
    "coalesce(x->>'explanation', ''), coalesce(x->'en'->>'explanation', ''), coalesce(x->>'basis', '') "
    "FROM screenings s, json_array_elements(s.result_json->'results') x "
    "WHERE s.id = (SELECT max(id) FROM screenings WHERE case_id = :id) AND x->>'outcome' <> 'pass'";

constexpr const char* kArchive =
    "INSERT INTO letters (case_id, type, source, lang, format, content, sha256) "
    "VALUES (:c, :t, :s, :l, :f, decode(:b, 'base64'), :h) ON CONFLICT (case_id, source, lang, format) DO NOTHING";

#define GRANSKA_LETTER_COLUMNS \
  "SELECT id::bigint, type, source, lang, format, sha256, " GRANSKA_ISO("issued_at") ", encode(content, 'base64') FROM letters "
constexpr const char* kFind = GRANSKA_LETTER_COLUMNS "WHERE case_id = :c AND source = :s AND lang = :l AND format = :f";
constexpr const char* kLatest = GRANSKA_LETTER_COLUMNS
    "WHERE case_id = :c AND lang = :l AND format = 'html' "
    "AND (CASE WHEN :t = '' THEN type <> 'appeal_notice' ELSE type = :t2 END) ORDER BY id DESC LIMIT 1";
constexpr const char* kList =
    "SELECT id::bigint, type, source, lang, format, sha256, " GRANSKA_ISO("issued_at") ", '' FROM letters "
    "WHERE case_id = :c ORDER BY id";

std::string Base64(const std::string& in) {
  static const char* kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += kChars[v >> 18];
    out += kChars[(v >> 12) & 63];
    out += kChars[(v >> 6) & 63];
    out += kChars[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kChars[v >> 18];
    out += kChars[(v >> 12) & 63];
    out += i + 1 < in.size() ? kChars[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string FromBase64(const std::string& in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buf = 0;
  int bits = 0;
  for (char c : in) {
    const int v = val(c);
    if (v < 0) continue;  // newlines from encode(), padding
    buf = (buf << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buf >> bits) & 0xFF));
    }
  }
  return out;
}

workflow::ArchivedLetter ReadLetter(const soci::row& r) {
  workflow::ArchivedLetter l;
  l.id = BigInt(r, 0);
  l.type = Text(r, 1);
  l.source = Text(r, 2);
  l.lang = Text(r, 3);
  l.format = Text(r, 4);
  l.sha256 = Text(r, 5);
  l.issued_at = Text(r, 6);
  l.content = FromBase64(Text(r, 7));
  return l;
}

}  // namespace

workflow::LetterFacts PgLetterRepository::Facts(std::int64_t case_id) {
  workflow::LetterFacts f;
  long long id = case_id;
  {
    soci::rowset<soci::row> rs = (sql_.prepare << kFacts, soci::use(id));
    for (const auto& r : rs) {
      f.case_number = Text(r, 0);
      f.kind = domain::ParseApplicationKind(Text(r, 1)).value_or(domain::ApplicationKind::kGrant);
      f.submitted_on = domain::Date::Parse(Text(r, 2)).value_or(domain::Date());
      f.org_number = Text(r, 3);
      f.organisation_name = Text(r, 4);
      f.contact_name = Text(r, 5);
      f.contact_email = Text(r, 6);
      f.grant_type = Text(r, 7);
      if (auto a = OptBigInt(r, 8)) f.amount_applied = *a;
      f.premises_name = Text(r, 9);
      f.booking_start = Text(r, 10);
      f.booking_end = Text(r, 11);
      f.rule_set_version = OptText(r, 12);
      f.advised_on = OptText(r, 13);
      f.advice_summary_json = Text(r, 14);
      f.screened_on_submission_at = OptText(r, 15);
      f.booking_purpose = Text(r, 16);
      f.assigned_officer = Text(r, 17);
      f.communication_officer = Text(r, 18);
      f.revocation_officer = Text(r, 19);
      f.revocation_delegation_ref = Text(r, 20);
    }
  }
  long long id2 = case_id;
  soci::rowset<soci::row> rs = (sql_.prepare << kResults, soci::use(id2));
  for (const auto& r : rs)
    f.results.push_back({Text(r, 0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6)});
  PgReviewRepository reviews(sql_);
  f.decision = reviews.FindDecision(case_id);
  // The standing decision's conditions: those of a decision annulled by an appeal went with it.
  for (auto& c : reviews.ConditionsFor(case_id))
    if (f.decision && c.decision_id == f.decision->id) f.conditions.push_back(std::move(c));
  f.communication = reviews.LatestCommunication(case_id);
  return f;
}

bool PgLetterRepository::Archive(std::int64_t case_id, const std::string& type, const std::string& source,
                                 const std::string& lang, const std::string& format, const std::string& content,
                                 const std::string& sha256) {
  long long c = case_id;
  const std::string b64 = Base64(content);
  soci::statement st = (sql_.prepare << kArchive, soci::use(c), soci::use(type), soci::use(source), soci::use(lang),
                        soci::use(format), soci::use(b64), soci::use(sha256));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<workflow::ArchivedLetter> PgLetterRepository::Find(std::int64_t case_id, const std::string& source,
                                                                 const std::string& lang, const std::string& format) {
  long long c = case_id;
  soci::rowset<soci::row> rs = (sql_.prepare << kFind, soci::use(c), soci::use(source), soci::use(lang), soci::use(format));
  for (const auto& r : rs) return ReadLetter(r);
  return std::nullopt;
}

std::optional<workflow::ArchivedLetter> PgLetterRepository::Latest(std::int64_t case_id, const std::string& lang,
                                                                   const std::string& type) {
  long long c = case_id;
  soci::rowset<soci::row> rs =
      (sql_.prepare << kLatest, soci::use(c), soci::use(lang), soci::use(type), soci::use(type));
  for (const auto& r : rs) return ReadLetter(r);
  return std::nullopt;
}

std::vector<workflow::ArchivedLetter> PgLetterRepository::List(std::int64_t case_id) {
  return RowsById(sql_, kList, case_id, ReadLetter);
}

}  // namespace granska::store
