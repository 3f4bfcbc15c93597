#include "letters_test_support.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace granska::letters::testing {

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  BOOST_REQUIRE_MESSAGE(out, "cannot write " << path);
}

std::string Describe(const domain::Error& e) {
  std::string out = e.detail;
  for (const auto& f : e.errors) out += "\n  " + f.field + ": " + f.message;
  return out;
}

const MunicipalityConfig& ShippedConfig() {
  static const MunicipalityConfig kConfig = [] {
    auto c = MunicipalityConfig::Load(ConfigFile());
    BOOST_REQUIRE_MESSAGE(c.Ok(), (c.Ok() ? "" : Describe(c.Err())));
    return c.Value();
  }();
  return kConfig;
}

const Renderer& ShippedRenderer() {
  static const Renderer kRenderer = [] {
    auto r = Renderer::Load(TemplatesDir(), ShippedConfig());
    BOOST_REQUIRE_MESSAGE(r.Ok(), (r.Ok() ? "" : Describe(r.Err())));
    return std::move(r.Value());
  }();
  return kRenderer;
}

std::string RenderOrFail(const LetterModel& model) {
  auto html = ShippedRenderer().RenderHtml(model);
  BOOST_REQUIRE_MESSAGE(html.Ok(), (html.Ok() ? "" : Describe(html.Err())));
  return html.Value();
}

TemplatesCopy::TemplatesCopy() {
  std::string pattern = (std::filesystem::temp_directory_path() / "granska-templates-XXXXXX").string();
  BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
  std::filesystem::copy(TemplatesDir(), path_, std::filesystem::copy_options::recursive);
}

TemplatesCopy::~TemplatesCopy() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace granska::letters::testing
