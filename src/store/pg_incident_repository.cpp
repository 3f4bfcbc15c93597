#include "store/pg_incident_repository.hpp"

#include <soci/soci.h>

#include "domain/person_name.hpp"
#include "store/prepared.hpp"
#include "store/incident_sql.hpp"
#include "store/row_reader.hpp"

namespace granska::store {
namespace {

constexpr const char* kInsert =
    "INSERT INTO incidents (subject_org, subject_person, subject_person_norm, kind, occurred_on, source, verified, "
    "distanced, reference, summary, recorded_by) "
    "VALUES (:so, :sp, :spn, :k, :d::date, :s, :v::boolean, :dist::boolean, :ref, :sum, :by) RETURNING id";

#define GRANSKA_INCIDENT_COLUMNS                                                                            \
  "SELECT id::bigint, subject_org, subject_person, kind, occurred_on::text, source, verified::int, "      \
  "distanced::int, reference, summary, recorded_by::bigint, " GRANSKA_ISO("recorded_at") " FROM incidents "

constexpr const char* kFind = GRANSKA_INCIDENT_COLUMNS "WHERE id = :id";

constexpr const char* kList = GRANSKA_INCIDENT_COLUMNS
    "WHERE (:o::text IS NULL OR subject_org = :o2::text) AND kind = coalesce(:k::text, kind) "
    "AND id < coalesce(:after::bigint, 9223372036854775807) ORDER BY id DESC LIMIT :lim";

constexpr const char* kBySubjects = GRANSKA_INCIDENT_COLUMNS
    "WHERE subject_org = ANY(:o::text[]) OR subject_person_norm = ANY(:p::text[]) ORDER BY occurred_on DESC, id";

constexpr const char* kMarkedTexts =
    "SELECT m.id::bigint, i.id::bigint, m.part, m.ground, " GRANSKA_INCIDENT_MARKED_TEXT " "
    "FROM secrecy_marks m JOIN incidents i ON i.id = m.incident_id WHERE m.removed_at IS NULL ORDER BY m.id";

// A PostgreSQL array literal of text values, every element quoted and escaped; bound as a
// parameter and cast with ::text[] (SOCI has no array binding for PostgreSQL).
std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

template <typename Row>
domain::Incident ReadIncident(const Row& r) {
  domain::Incident i;
  i.id = BigInt(r, 0);
  if (auto o = OptText(r, 1)) i.subject_org = domain::OrgNumber::Parse(*o);
  i.subject_person = Text(r, 2);
  i.kind = domain::ParseIncidentKind(Text(r, 3)).value_or(domain::IncidentKind::kViolence);
  i.occurred_on = domain::Date::Parse(Text(r, 4)).value_or(domain::Date());
  i.source = domain::ParseIncidentSource(Text(r, 5)).value_or(domain::IncidentSource::kOther);
  i.verified = Bool(r, 6);
  i.distanced = Bool(r, 7);
  i.reference = Text(r, 8);
  i.summary = Text(r, 9);
  i.recorded_by = BigInt(r, 10);
  i.recorded_at = Text(r, 11);
  return i;
}

}  // namespace

std::int64_t PgIncidentRepository::Insert(const domain::Incident& i) {
  Nullable<std::string> org(i.subject_org ? std::optional<std::string>(i.subject_org->Text()) : std::nullopt);
  Nullable<std::string> person(i.subject_org ? std::nullopt : std::optional<std::string>(i.subject_person));
  Nullable<std::string> norm(i.subject_org ? std::nullopt
                                           : std::optional<std::string>(domain::NormalisePersonName(i.subject_person)));
  std::string kind(domain::ToString(i.kind)), source(domain::ToString(i.source));
  std::string date = i.occurred_on.ToString();
  std::string verified = i.verified ? "true" : "false", distanced = i.distanced ? "true" : "false";
  Nullable<long long> by(i.recorded_by ? std::optional<long long>(i.recorded_by) : std::nullopt);
  long long id = 0;
  sql_ << kInsert, soci::use(org.value, org.ind), soci::use(person.value, person.ind),
      soci::use(norm.value, norm.ind), soci::use(kind), soci::use(date), soci::use(source), soci::use(verified),
      soci::use(distanced), soci::use(i.reference), soci::use(i.summary), soci::use(by.value, by.ind),
      soci::into(id);
  return id;
}

std::optional<domain::Incident> PgIncidentRepository::Find(std::int64_t id) {
  return FirstRowById(sql_, kFind, id, [](const soci::row& r) { return ReadIncident(r); });
}

std::vector<domain::Incident> PgIncidentRepository::FindBySubjects(const std::vector<std::string>& org_numbers,
                                                                   const std::vector<std::string>& person_names) {
  std::vector<domain::Incident> out;
  if (org_numbers.empty() && person_names.empty()) return out;
  std::string orgs = TextArrayLiteral(org_numbers), people = TextArrayLiteral(person_names);
  // Every screening asks this: a prepared statement of the connection (store/prepared.hpp).
  const auto rows = Prepared(sql_, kBySubjects, {orgs, people});
  for (int i = 0; i < rows.Size(); ++i) out.push_back(ReadIncident(PgRow{rows, i}));
  return out;
}

workflow::Page<domain::Incident> PgIncidentRepository::List(const workflow::IncidentFilter& f) {
  Nullable<std::string> org(f.org_number), org2(f.org_number);
  Nullable<std::string> kind(f.kind ? std::optional<std::string>(std::string(domain::ToString(*f.kind)))
                                    : std::nullopt);
  Nullable<long long> after(f.after);
  int limit = f.limit + 1;
  soci::rowset<soci::row> rs = (sql_.prepare << kList, soci::use(org.value, org.ind), soci::use(org2.value, org2.ind),
                                soci::use(kind.value, kind.ind), soci::use(after.value, after.ind), soci::use(limit));
  return ReadPage<domain::Incident>(rs, f.limit, ReadIncident<soci::row>, [](const domain::Incident& x) { return x.id; });
}

std::vector<workflow::IncidentRepository::MarkedText> PgIncidentRepository::MarkedTexts() {
  std::vector<MarkedText> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kMarkedTexts);
  for (const auto& r : rs) {
    MarkedText t{BigInt(r, 0), BigInt(r, 1), Text(r, 2), Text(r, 3), Text(r, 4)};
    if (!t.text.empty()) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace granska::store
