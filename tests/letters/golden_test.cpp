// Golden files: every letter type in both languages, rendered from the first sample letter
// of its type (src/letters/sample_letters.cpp) with the shipped config and templates, must
// equal tests/letters/golden/<type>_<lang>.html byte for byte.
// After an intended change: GRANSKA_UPDATE_GOLDEN=1 build-letters/tests/test_letters
//   --run_test=golden, then read the diff (git diff tests/letters/golden) before committing.
#include <boost/test/unit_test.hpp>
#include <cstdlib>

#include "letters/sample_letters.hpp"
#include "letters_test_support.hpp"

namespace granska::letters {
namespace {

bool UpdateGolden() {
  const char* v = std::getenv("GRANSKA_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

// "line N: expected … / actual …" for the first difference.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::size_t line = 1, a = 0, b = 0;
  while (a < expected.size() || b < actual.size()) {
    const std::size_t ea = expected.find('\n', a);
    const std::size_t eb = actual.find('\n', b);
    const std::string le = expected.substr(a, ea == std::string::npos ? std::string::npos : ea - a);
    const std::string lb = actual.substr(b, eb == std::string::npos ? std::string::npos : eb - b);
    if (le != lb || (ea == std::string::npos) != (eb == std::string::npos))
      return "line " + std::to_string(line) + ":\n  expected: " + le + "\n  actual:   " + lb;
    if (ea == std::string::npos) break;
    a = ea + 1;
    b = eb + 1;
    ++line;
  }
  return "(no line differs)";
}

BOOST_AUTO_TEST_SUITE(golden)

BOOST_AUTO_TEST_CASE(EveryLetterTypeInBothLanguagesMatchesItsGoldenFile) {
  const auto dir = testing::SourceDir() / "tests" / "letters" / "golden";
  for (const auto& [type, type_name] : AllLetterTypes()) {
    for (const auto& [language, language_name] : AllLanguages()) {
      const std::string name = std::string(type_name) + "_" + std::string(language_name) + ".html";
      BOOST_TEST_CONTEXT(name) {
        const std::string html = testing::RenderOrFail(SampleLetters(type, language).front());
        const auto path = dir / name;
        if (UpdateGolden()) {
          testing::WriteText(path, html);
          BOOST_TEST_MESSAGE("rewrote " << path);
          continue;
        }
        BOOST_REQUIRE_MESSAGE(std::filesystem::exists(path),
                              path << " is missing; run with GRANSKA_UPDATE_GOLDEN=1 to create it");
        const std::string expected = testing::ReadText(path);
        BOOST_CHECK_MESSAGE(html == expected,
                            name << " differs from its golden file at " << FirstDifference(expected, html)
                                 << "\n(GRANSKA_UPDATE_GOLDEN=1 rewrites it after an intended change)");
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::letters
