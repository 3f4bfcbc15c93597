#pragma once
// Holds a Mustache template to the data it will get. Reads every tag of the template and of
// the partials it includes and resolves each name the way kainjow will at render time
// (innermost section first, outwards; dotted names walk objects), against the shape of the
// view data of sample letters. Refused:
//   - a variable no sample provides, or one that is a list, object or boolean (it would
//     render as an empty hole);
//   - a section over a missing key, or over text (a section over an empty string renders);
//   - a partial that does not exist; unescaped output ({{{x}}}, {{&x}}); set-delimiter tags
//     (they would hide tags from this check); unbalanced sections.
// A list that is empty in every sample has no known element keys, so a name used only
// inside it is refused: the samples must populate every list.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "letters/view_data.hpp"

namespace granska::letters {

class TemplateChecker {
 public:
  // name -> text of each partial that {{> name}} may include.
  explicit TemplateChecker(std::map<std::string, std::string, std::less<>> partials) : partials_(std::move(partials)) {}

  // Every problem of template `file` (its text) against the view data the samples produce;
  // each FieldError's field is "file:line" and its message names the tag.
  std::vector<domain::FieldError> Check(const std::string& file, std::string_view text,
                                        const std::vector<ViewData>& samples) const;

  // The names a template (not its partials) refers to, in order of appearance (for docs/tests).
  static std::vector<std::string> Names(std::string_view text);

 private:
  std::map<std::string, std::string, std::less<>> partials_;
};

}  // namespace granska::letters
