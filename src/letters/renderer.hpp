#pragma once
// Letter model -> standalone HTML (UTF-8, embedded CSS, A4 paged-media rules, no external
// resources). Loading is where templates are checked, so a broken template stops the
// server at start-up instead of producing a letter with a hole in it:
//   - templates/letters/<type>_<lang>.mustache must exist for every type and language;
//   - every template and partial must parse;
//   - every tag must resolve to view data of the right kind (TemplateChecker) for the
//     sample letters of its type (sample_letters.hpp), which populate every optional part.
// Rendering checks the model (Validate) and returns its field errors; it also renders in a
// strict context, so a name that fails to resolve at render time is a bug (std::logic_error),
// never an empty string.
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "domain/error.hpp"
#include "letters/letter_model.hpp"
#include "letters/municipality_config.hpp"
#include "letters/view_data.hpp"

namespace granska::letters {

class Renderer {
 public:
  // templates_dir holds letters/ and partials/ (the project's templates/ folder).
  static domain::Result<Renderer> Load(const std::filesystem::path& templates_dir, MunicipalityConfig config);

  // The letter as HTML; a kValidation error naming every missing or inconsistent field.
  domain::Result<std::string> RenderHtml(const LetterModel& model) const;
  // The view data the template sees (for tests and debugging).
  ViewData View(const LetterModel& model) const;

  const MunicipalityConfig& Config() const { return *config_; }

  // "letters/rejection_sv.mustache", relative to the templates folder.
  static std::string TemplatePath(LetterType type, Language language);

 private:
  Renderer() = default;
  std::string RenderView(const std::string& template_text, const ViewData& view) const;

  std::shared_ptr<const MunicipalityConfig> config_;
  std::map<std::string, std::string> templates_;              // TemplatePath -> text
  std::map<std::string, std::string, std::less<>> partials_;  // name -> text
};

}  // namespace granska::letters
