#include "letters/municipality_config.hpp"

#include <boost/test/unit_test.hpp>

#include "letters/properties_file.hpp"
#include "letters_test_support.hpp"

namespace granska::letters {
namespace {

using testing::Describe;

// The shipped file with one line replaced (or removed when replacement is empty).
std::string ShippedWith(const std::string& key_prefix, const std::string& replacement) {
  const std::string text = testing::ReadText(testing::ConfigFile());
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(pos, nl - pos);
    if (line.rfind(key_prefix + " ", 0) == 0 || line.rfind(key_prefix + "=", 0) == 0) {
      if (!replacement.empty()) out += replacement + "\n";
    } else {
      out += line + "\n";
    }
    pos = nl + 1;
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(municipality_config)

BOOST_AUTO_TEST_CASE(ShippedConfigLoadsWithEveryKeyInBothLanguages) {
  const MunicipalityConfig& c = testing::ShippedConfig();
  BOOST_TEST(c.name.sv == "Exempelby kommun");
  BOOST_TEST(c.name.en == "Exempelby Municipality");
  BOOST_TEST(c.appeal_court.sv == "Förvaltningsrätten i Exempelstad");
  BOOST_TEST(c.address_lines.size() == 4u);
  BOOST_TEST(c.appeal_court_address.back() == "123 99 Exempelstad");
  BOOST_TEST(c.logo_data_uri.rfind("data:image/svg+xml;base64,", 0) == 0);
  // Continuation lines join; \n separates paragraphs.
  BOOST_TEST(c.delegation_reference.sv.find("(beslut om föreningsbidrag), antagen av nämnden") != std::string::npos);
  BOOST_TEST(c.privacy_notice.sv.find("(artikel 10).\nHandlingarna") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(EveryMissingKeyIsNamed) {
  const std::string text = ShippedWith("appeal.court.en", "");
  const std::string without_two = [&] {
    std::string t = text;
    const auto at = t.find("payment.bankgiro");
    t.erase(at, t.find('\n', at) - at + 1);
    return t;
  }();
  auto c = MunicipalityConfig::Parse(without_two, testing::SourceDir() / "config");
  BOOST_REQUIRE(!c.Ok());
  const std::string all = Describe(c.Err());
  BOOST_TEST(all.find("appeal.court.en: missing") != std::string::npos, all);
  BOOST_TEST(all.find("payment.bankgiro: missing") != std::string::npos, all);
  BOOST_TEST(c.Err().errors.size() == 2u);
}

BOOST_AUTO_TEST_CASE(AnUnknownKeyIsRefusedWithItsLine) {
  auto c = MunicipalityConfig::Parse(testing::ReadText(testing::ConfigFile()) + "apeal.court.sv = typo\n",
                                     testing::SourceDir() / "config");
  BOOST_REQUIRE(!c.Ok());
  BOOST_TEST(Describe(c.Err()).find("apeal.court.sv: unknown key on line") != std::string::npos, Describe(c.Err()));
}

BOOST_AUTO_TEST_CASE(AnEmptyValueIsRefused) {
  auto c = MunicipalityConfig::Parse(ShippedWith("contact.email", "contact.email ="), testing::SourceDir() / "config");
  BOOST_REQUIRE(!c.Ok());
  BOOST_TEST(Describe(c.Err()).find("contact.email: must not be empty") != std::string::npos, Describe(c.Err()));
}

BOOST_AUTO_TEST_CASE(AMissingLogoFileIsRefusedAndAnEmptyLogoMeansNone) {
  auto missing = MunicipalityConfig::Parse(ShippedWith("municipality.logo", "municipality.logo = nowhere.png"),
                                           testing::SourceDir() / "config");
  BOOST_REQUIRE(!missing.Ok());
  BOOST_TEST(Describe(missing.Err()).find("cannot read the logo") != std::string::npos, Describe(missing.Err()));
  auto none = MunicipalityConfig::Parse(ShippedWith("municipality.logo", "municipality.logo ="),
                                        testing::SourceDir() / "config");
  BOOST_REQUIRE_MESSAGE(none.Ok(), (none.Ok() ? "" : Describe(none.Err())));
  BOOST_TEST(none->logo_data_uri.empty());
}

BOOST_AUTO_TEST_CASE(PropertiesFileHandlesCommentsContinuationsEscapesAndDuplicates) {
  auto ok = PropertiesFile::Parse("# comment\n! also\n\n a = one \\\n    two\nb:x\\=y\\nz\nc = \\# not a comment\n");
  BOOST_REQUIRE(ok.Ok());
  BOOST_TEST(*ok->Find("a") == "one two");
  BOOST_TEST(*ok->Find("b") == "x=y\nz");
  BOOST_TEST(*ok->Find("c") == "# not a comment");
  BOOST_TEST(ok->LineOf("b") == 6);

  auto bad = PropertiesFile::Parse("a = 1\nno separator here\na = 2\n");
  BOOST_REQUIRE(!bad.Ok());
  const std::string all = Describe(bad.Err());
  BOOST_TEST(all.find("line 2: expected key = value") != std::string::npos, all);
  BOOST_TEST(all.find("line 3: duplicate key 'a' (first on line 1)") != std::string::npos, all);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::letters
