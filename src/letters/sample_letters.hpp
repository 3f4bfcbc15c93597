#pragma once
// Sample letters of every type in both languages, with every optional part populated
// across the set (a grant and a booking; with and without advice, communication, reply,
// special reasons, a known appeal date). Renderer::Load checks each template against the
// view data of these samples, so a template cannot refer to a key that a real letter of its
// type would lack. The first sample of each type is the fullest grant letter; the golden
// files in tests/letters/golden are rendered from it. Also useful for previews and demos.
#include <vector>

#include "letters/letter_model.hpp"

namespace granska::letters {

// Each sample passes Validate(). Never empty.
std::vector<LetterModel> SampleLetters(LetterType type, Language language);

}  // namespace granska::letters
