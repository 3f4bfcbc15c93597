#pragma once
// LetterModel + MunicipalityConfig -> the flat ViewData a template renders. Every decision
// a template would otherwise make is taken here: booleans for variants, lists of zero or
// one object for optional values, dates and amounts already formatted in the letter's
// language, free text split into paragraphs. The keys each letter type provides are listed
// in docs/letters.md; TemplateChecker holds the templates to them.
#include "letters/letter_model.hpp"
#include "letters/municipality_config.hpp"
#include "letters/view_data.hpp"

namespace granska::letters {

class ViewBuilder {
 public:
  explicit ViewBuilder(const MunicipalityConfig& config) : config_(config) {}

  // The model is assumed valid (Validate(model) empty); Renderer checks that first.
  ViewData Build(const LetterModel& model) const;

 private:
  const MunicipalityConfig& config_;
};

}  // namespace granska::letters
