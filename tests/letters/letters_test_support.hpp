#pragma once
// Shared by the letters tests: the project's own config and templates, and small file helpers.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "letters/municipality_config.hpp"
#include "letters/renderer.hpp"

namespace granska::letters::testing {

inline std::filesystem::path SourceDir() { return GRANSKA_SOURCE_DIR; }
inline std::filesystem::path TemplatesDir() { return SourceDir() / "templates"; }
inline std::filesystem::path ConfigFile() { return SourceDir() / "config" / "municipality.properties"; }

std::string ReadText(const std::filesystem::path& path);
void WriteText(const std::filesystem::path& path, const std::string& text);

// The shipped config; fails the test when it does not load.
const MunicipalityConfig& ShippedConfig();
// A renderer over the shipped templates and config; fails the test when it does not load.
const Renderer& ShippedRenderer();

// Renders or fails the test with the error's detail.
std::string RenderOrFail(const LetterModel& model);

// Every error message of a failed Result, one per line, for BOOST_TEST_MESSAGE and contains-checks.
std::string Describe(const domain::Error& e);

// A copy of templates/ in a fresh temporary folder, for tests that break a template.
class TemplatesCopy {
 public:
  TemplatesCopy();
  ~TemplatesCopy();
  TemplatesCopy(const TemplatesCopy&) = delete;
  TemplatesCopy& operator=(const TemplatesCopy&) = delete;
  const std::filesystem::path& Path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace granska::letters::testing
