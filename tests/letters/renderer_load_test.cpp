#include <boost/test/unit_test.hpp>

#include "letters/sample_letters.hpp"
#include "letters_test_support.hpp"

namespace granska::letters {
namespace {

using testing::Describe;

BOOST_AUTO_TEST_SUITE(renderer_load)

BOOST_AUTO_TEST_CASE(ShippedTemplatesLoadForEveryTypeAndLanguage) {
  auto r = Renderer::Load(testing::TemplatesDir(), testing::ShippedConfig());
  BOOST_REQUIRE_MESSAGE(r.Ok(), (r.Ok() ? "" : Describe(r.Err())));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::letters
