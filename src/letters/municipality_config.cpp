#include "letters/municipality_config.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "letters/properties_file.hpp"

namespace granska::letters {
namespace {

constexpr std::string_view kLogoKey = "municipality.logo";

// Single-valued keys, then keys with a .sv and an .en variant.
const std::vector<std::string> kPlainKeys = {
    "municipality.address", "municipality.org_number", "municipality.phone", "municipality.email",
    "municipality.website", "contact.phone",           "contact.email",      "appeal.court_address",
    "appeal.notice_board",  "payment.bankgiro",
};
const std::vector<std::string> kLocalizedKeys = {
    "municipality.name",
    "municipality.administration",
    "deciding_body",
    "delegation.reference",
    "contact.unit",
    "contact.hours",
    "appeal.court",
    "appeal.text",
    "revocation_clause.grant",
    "revocation_clause.booking",
    "privacy.text",
    "signature.unit",
    "signature.note",
};

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::vector<std::string> Lines(const std::string& value) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t bar = value.find('|', pos);
    if (bar == std::string::npos) bar = value.size();
    std::string part = value.substr(pos, bar - pos);
    const auto b = part.find_first_not_of(' ');
    const auto e = part.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(part.substr(b, e - b + 1));
    pos = bar + 1;
  }
  return out;
}

std::optional<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<std::string> MimeType(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& MunicipalityConfig::RequiredKeys() {
  static const std::vector<std::string> kAll = [] {
    std::vector<std::string> keys = kPlainKeys;
    for (const auto& k : kLocalizedKeys) {
      keys.push_back(k + ".sv");
      keys.push_back(k + ".en");
    }
    return keys;
  }();
  return kAll;
}

domain::Result<MunicipalityConfig> MunicipalityConfig::Load(const std::filesystem::path& file) {
  const auto text = ReadFile(file);
  if (!text) return domain::Error::NotFound("cannot read the municipality config " + file.string());
  auto parsed = Parse(*text, file.parent_path());
  if (!parsed) {
    domain::Error e = parsed.Err();
    e.detail = file.string() + ": " + e.detail;
    return e;
  }
  return parsed;
}

domain::Result<MunicipalityConfig> MunicipalityConfig::Parse(std::string_view text,
                                                             const std::filesystem::path& base_dir) {
  auto file = PropertiesFile::Parse(text);
  if (!file) return file.Err();
  const PropertiesFile& p = file.Value();

  std::vector<domain::FieldError> errors;
  std::set<std::string> known(RequiredKeys().begin(), RequiredKeys().end());
  known.emplace(kLogoKey);
  for (const auto& [key, value] : p.Values()) {
    if (!known.count(key))
      errors.push_back({key, "unknown key on line " + std::to_string(p.LineOf(key)) + " (see docs/letters.md)"});
  }
  for (const auto& key : RequiredKeys()) {
    const std::string* v = p.Find(key);
    if (!v)
      errors.push_back({key, "missing"});
    else if (v->find_first_not_of(" \t\n") == std::string::npos)
      errors.push_back({key, "must not be empty"});
  }

  MunicipalityConfig c;
  const auto get = [&](const std::string& key) -> std::string {
    const std::string* v = p.Find(key);
    return v ? *v : std::string();
  };
  const auto text2 = [&](const std::string& key) { return Text{get(key + ".sv"), get(key + ".en")}; };
  c.name = text2("municipality.name");
  c.administration = text2("municipality.administration");
  c.address_lines = Lines(get("municipality.address"));
  c.org_number = get("municipality.org_number");
  c.phone = get("municipality.phone");
  c.email = get("municipality.email");
  c.website = get("municipality.website");
  c.deciding_body = text2("deciding_body");
  c.delegation_reference = text2("delegation.reference");
  c.contact_unit = text2("contact.unit");
  c.contact_phone = get("contact.phone");
  c.contact_email = get("contact.email");
  c.contact_hours = text2("contact.hours");
  c.appeal_court = text2("appeal.court");
  c.appeal_court_address = Lines(get("appeal.court_address"));
  c.appeal_notice_board = get("appeal.notice_board");
  c.appeal_text = text2("appeal.text");
  c.revocation_clause_grant = text2("revocation_clause.grant");
  c.revocation_clause_booking = text2("revocation_clause.booking");
  c.payment_bankgiro = get("payment.bankgiro");
  c.privacy_notice = text2("privacy.text");
  c.signature_unit = text2("signature.unit");
  c.signature_note = text2("signature.note");

  if (const std::string* logo = p.Find(std::string(kLogoKey)); logo && !logo->empty()) {
    std::filesystem::path path(*logo);
    if (path.is_relative()) path = base_dir / path;
    const auto mime = MimeType(path);
    const auto bytes = ReadFile(path);
    if (!mime)
      errors.push_back({std::string(kLogoKey), "the logo must be .svg, .png or .jpg: " + path.string()});
    else if (!bytes)
      errors.push_back({std::string(kLogoKey), "cannot read the logo " + path.string()});
    else
      c.logo_data_uri = "data:" + *mime + ";base64," + Base64(*bytes);
  }

  if (!errors.empty()) {
    domain::Error e = domain::Error::Validation(std::move(errors));
    e.detail = "The municipality config has " + std::to_string(e.errors.size()) + " problem(s).";
    return e;
  }
  return c;
}

}  // namespace granska::letters
