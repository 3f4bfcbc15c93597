#include "workflow/facts_snapshot.hpp"

#include <charconv>
#include <map>

#include "domain/person_name.hpp"

namespace granska::workflow {
namespace {

using rules::Attribution;

void PutInt(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void Sep(std::string& out) { out.push_back(';'); }

void PutOptBool(std::string& out, const std::optional<bool>& v) {
  if (v) out.push_back(*v ? '1' : '0');
  Sep(out);
}
void PutOptInt(std::string& out, const std::optional<std::int64_t>& v) {
  if (v) PutInt(out, *v);
  Sep(out);
}
void PutOptDate(std::string& out, const std::optional<domain::Date>& v) {
  if (v) PutInt(out, v->Days());
  Sep(out);
}
void PutInstant(std::string& out, const std::optional<domain::Instant>& v) {
  if (v) {
    PutInt(out, v->EpochSeconds());
    out.push_back('@');
    PutInt(out, v->OffsetMinutes());
  }
  Sep(out);
}
void PutText(std::string& out, std::string_view s) {
  PutInt(out, static_cast<std::int64_t>(s.size()));
  out.push_back(':');
  out.append(s);
}
void PutDigits(std::string& out, std::string_view org_number) {
  for (char c : org_number)
    if (c >= '0' && c <= '9') out.push_back(c);
}

// Reads the snapshot left to right; every Read* consumes its field and the ';' after it.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ >= s_.size(); }

  // Fields are a few characters: a plain loop beats a call to memchr per field.
  std::string_view Field() {
    std::size_t end = pos_;
    while (end < s_.size() && s_[end] != ';') ++end;
    if (end == s_.size()) {
      ok_ = false;
      pos_ = s_.size();
      return {};
    }
    std::string_view f(s_.data() + pos_, end - pos_);
    pos_ = end + 1;
    return f;
  }
  std::optional<std::int64_t> OptInt() { return ParseInt(Field()); }
  std::int64_t Int() {
    auto v = ParseInt(Field());
    if (!v) ok_ = false;
    return v.value_or(0);
  }
  std::optional<bool> OptBool() {
    auto f = Field();
    if (f.empty()) return std::nullopt;
    if (f == "1") return true;
    if (f != "0") ok_ = false;
    return false;
  }
  std::optional<domain::Date> OptDate() {
    auto v = OptInt();
    if (!v) return std::nullopt;
    return domain::Date::FromDays(static_cast<std::int32_t>(*v));
  }
  std::optional<domain::Instant> OptInstant() {
    auto f = Field();
    if (f.empty()) return std::nullopt;
    const auto at = f.find('@');
    auto secs = at == std::string_view::npos ? std::nullopt : ParseInt(f.substr(0, at));
    auto offset = at == std::string_view::npos ? std::nullopt : ParseInt(f.substr(at + 1));
    if (!secs || !offset) {
      ok_ = false;
      return std::nullopt;
    }
    return domain::Instant::FromEpochSeconds(*secs, static_cast<int>(*offset));
  }
  // <length>:<bytes>, then ';' when `field` (the last field has no separator after it).
  std::string_view Text(bool field = true) {
    const auto colon = s_.find(':', pos_);
    std::size_t n = 0;
    if (colon == std::string_view::npos ||
        std::from_chars(s_.data() + pos_, s_.data() + colon, n).ptr != s_.data() + colon || colon + 1 + n > s_.size()) {
      ok_ = false;
      pos_ = s_.size();
      return {};
    }
    std::string_view t = s_.substr(colon + 1, n);
    pos_ = colon + 1 + n;
    if (field) {
      if (pos_ >= s_.size() || s_[pos_] != ';') ok_ = false;
      ++pos_;
    }
    return t;
  }
  char Char() {
    if (pos_ >= s_.size()) {
      ok_ = false;
      return 0;
    }
    return s_[pos_++];
  }

 private:
  static std::optional<std::int64_t> ParseInt(std::string_view f) {
    if (f.empty()) return std::nullopt;
    // Short decimal numbers (what the encoder writes) directly; anything else via from_chars.
    if (f.size() <= 18) {
      std::size_t i = f[0] == '-' ? 1 : 0;
      if (i < f.size()) {
        std::int64_t v = 0;
        for (; i < f.size(); ++i) {
          const unsigned d = static_cast<unsigned char>(f[i]) - '0';
          if (d > 9) return std::nullopt;
          v = v * 10 + d;
        }
        return f[0] == '-' ? -v : v;
      }
    }
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (ec != std::errc() || p != f.data() + f.size()) return std::nullopt;
    return v;
  }
  std::string_view s_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

template <typename E, std::size_t N>
bool EnumFrom(std::int64_t v, const domain::NameTable<E, N>& table, E& out) {
  if (v < 0 || static_cast<std::size_t>(v) >= N) return false;
  out = static_cast<E>(v);
  return true;
}

}  // namespace

std::uint64_t OrgKey(std::string_view org_number) {
  std::uint64_t key = 0;
  int digits = 0;
  for (char c : org_number) {
    if (c == '-') continue;
    if (c < '0' || c > '9') return 0;
    key = key * 10 + static_cast<std::uint64_t>(c - '0');
    ++digits;
  }
  return digits == 10 ? key : 0;
}

std::string OrgNumberText(std::uint64_t key) {
  std::string digits = std::to_string(key);
  if (digits.size() < 10) digits.insert(0, 10 - digits.size(), '0');
  return digits.substr(0, 6) + "-" + digits.substr(6);
}

std::string EncodeFactsSnapshot(const domain::Application& app) {
  std::string out;
  out.reserve(160);
  const auto& o = app.organisation;
  out += "1;";
  out.push_back(app.kind == domain::ApplicationKind::kGrant ? 'g' : 'b');
  Sep(out);
  PutOptBool(out, o.registered_non_profit);
  PutOptDate(out, o.statutes_adopted);
  PutOptDate(out, o.last_annual_meeting);
  PutOptInt(out, o.board_size);
  PutOptInt(out, o.member_count);
  PutOptInt(out, o.members_resident);
  PutOptInt(out, o.members_aged_7_25);
  const bool bankgiro = o.bankgiro.has_value() && !o.bankgiro->empty();
  const bool plusgiro = o.plusgiro.has_value() && !o.plusgiro->empty();
  PutInt(out, (bankgiro ? 1 : 0) | (plusgiro ? 2 : 0));
  Sep(out);
  rules::AttachmentSet attachments;
  for (auto k : app.attachments) attachments.Add(k);
  PutInt(out, attachments.Bits());
  Sep(out);
  PutOptBool(out, app.democracy_conditions_accepted);
  PutOptBool(out, app.information_true);
  if (app.grant) {
    const auto& g = *app.grant;
    out += "1;";
    PutInt(out, static_cast<std::int64_t>(g.type));
    Sep(out);
    PutInt(out, g.amount_sek);
    Sep(out);
    PutOptDate(out, g.period_from);
    PutOptDate(out, g.period_to);
    PutOptInt(out, g.expected_participants);
  } else {
    out += "0;;;;;;";
  }
  if (app.booking) {
    const auto& b = *app.booking;
    out += "1;";
    PutText(out, b.premises_id);
    Sep(out);
    PutInstant(out, b.start);
    PutInstant(out, b.end);
    PutInt(out, static_cast<std::int64_t>(b.event_type));
    Sep(out);
    out.push_back(b.is_public ? '1' : '0');
    Sep(out);
    PutOptInt(out, b.expected_attendees);
    PutInt(out, static_cast<std::int64_t>(b.speakers.size()));
    Sep(out);
  } else {
    out += "0;;;;;;;;";
  }
  // The matching keys exactly as GatherFacts builds them: the applicant's own number wins
  // over the same number named as a cooperation organisation; contact and board are
  // representatives, and a speaker who is also one stays a representative.
  std::map<std::string, char> orgs;
  if (o.org_number) orgs[o.org_number->Text()] = 'o';
  for (const auto& c : o.cooperation_organisations) orgs.emplace(c.Text(), 'c');
  bool first = true;
  if (o.org_number) {  // own number first
    PutDigits(out, o.org_number->Text());
    out.push_back('o');
    first = false;
  }
  for (const auto& [number, a] : orgs) {
    if (a == 'o') continue;
    if (!first) out.push_back(',');
    PutDigits(out, number);
    out.push_back(a);
    first = false;
  }
  Sep(out);
  std::map<std::string, char> people;
  if (o.contact) people[domain::NormalisePersonName(o.contact->name)] = 'r';
  for (const auto& p : o.board) people[domain::NormalisePersonName(p.name)] = 'r';
  if (app.booking)
    for (const auto& p : app.booking->speakers) people.emplace(domain::NormalisePersonName(p.name), 's');
  people.erase("");
  for (const auto& [name, a] : people) {
    out.push_back(a);
    PutText(out, name);
  }
  return out;
}

bool DecodeFactsSnapshot(std::string_view text, rules::Facts& f, SnapshotKeys& keys) {
  Cursor c(text);
  if (c.Field() != "1") return false;
  const auto kind = c.Field();
  if (kind != "g" && kind != "b") return false;
  f.kind = kind == "g" ? domain::ApplicationKind::kGrant : domain::ApplicationKind::kBooking;
  auto& o = f.organisation;
  o.registered_non_profit = c.OptBool();
  o.statutes_adopted = c.OptDate();
  o.last_annual_meeting = c.OptDate();
  o.board_size = c.OptInt();
  o.member_count = c.OptInt();
  o.members_resident = c.OptInt();
  o.members_aged_7_25 = c.OptInt();
  const auto giro = c.Int();
  o.has_bankgiro = (giro & 1) != 0;
  o.has_plusgiro = (giro & 2) != 0;
  const auto attachment_bits = c.Int();
  f.attachments = rules::AttachmentSet();
  for (std::size_t k = 0; k < domain::kAttachmentKinds.size(); ++k)
    if (attachment_bits & (std::int64_t{1} << k)) f.attachments.Add(static_cast<domain::AttachmentKind>(k));
  f.declarations.democracy_conditions_accepted = c.OptBool();
  f.declarations.information_true = c.OptBool();

  f.grant = rules::GrantFacts();
  if (c.Field() == "1") {
    if (!EnumFrom(c.Int(), domain::kGrantTypes, f.grant.type)) return false;
    f.grant.amount_sek = c.Int();
    f.grant.period_from = c.OptDate();
    f.grant.period_to = c.OptDate();
    f.grant.expected_participants = c.OptInt();
  } else {
    for (int i = 0; i < 5; ++i) c.Field();
  }

  auto& b = f.booking;
  b.premises_id.clear();
  b.start = domain::Instant();
  b.end = domain::Instant();
  b.event_type = domain::EventType::kOther;
  b.is_public = false;
  b.expected_attendees.reset();
  b.speaker_count = 0;
  b.overlapping_bookings = 0;
  b.premises_capacity.reset();
  keys.has_booking = c.Field() == "1";
  keys.booking_slot = false;
  if (keys.has_booking) {
    b.premises_id.assign(c.Text());
    const auto start = c.OptInstant();
    const auto end = c.OptInstant();
    if (start) b.start = *start;
    if (end) b.end = *end;
    keys.booking_slot = start && end;
    if (!EnumFrom(c.Int(), domain::kEventTypes, b.event_type)) return false;
    b.is_public = c.OptBool().value_or(false);
    b.expected_attendees = c.OptInt();
    b.speaker_count = c.Int();
  } else {
    for (int i = 0; i < 7; ++i) c.Field();
  }

  keys.orgs.clear();
  keys.people.clear();
  keys.own_org = 0;
  const auto orgs = c.Field();
  for (std::size_t pos = 0; pos < orgs.size();) {
    auto end = orgs.find(',', pos);
    if (end == std::string_view::npos) end = orgs.size();
    const auto item = orgs.substr(pos, end - pos);
    if (item.size() != 11) return false;
    SnapshotKeys::Org org;
    org.key = OrgKey(item.substr(0, 10));
    if (item[10] == 'o') {
      org.attribution = Attribution::kOrganisation;
      keys.own_org = org.key;
    } else if (item[10] == 'c') {
      org.attribution = Attribution::kCooperationOrganisation;
    } else {
      return false;
    }
    if (org.key == 0) return false;
    keys.orgs.push_back(org);
    pos = end + 1;
  }
  while (c.ok() && !c.AtEnd()) {
    const char a = c.Char();
    if (a != 'r' && a != 's') return false;
    keys.people.push_back({c.Text(false), a == 'r' ? Attribution::kRepresentative : Attribution::kSpeaker});
  }

  f.incidents.clear();
  f.revocations.clear();
  f.conditions.clear();
  return c.ok();
}

}  // namespace granska::workflow
