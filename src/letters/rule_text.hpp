#pragma once
// The text a rule gives (rules/*.yaml: a criterion's basis, and the explanation the screening
// rendered from the rule's template) as a letter prints it among the reasons.
#include <string>
#include <string_view>

namespace granska::letters {

// The arrow that opens a paragraph of a rule's explanation saying what the screening does with
// the case ("→ Ärendet hänskjuts till den rådgivande arbetsgruppen; …"). That paragraph is for
// the officer: it is true at screening but no fact a decision rests on, so no letter prints it.
inline constexpr std::string_view kRoutingMark = "\u2192";

// The text without the separators an empty value leaves behind. A template such as
// "(källa: {incident.source}, {incident.reference})" with no reference renders
// "(källa: dom, )"; printed as "(källa: dom)". Likewise a separator at the start of a
// parenthesis or after a label ("(, B 1-24)", "(källa: , B 1-24)"), two in a row ("a, , b"),
// one before a full stop or at the end ("… 2:4, ."), and a parenthesis left with nothing
// in it, or only a label ("(källa: )"), which goes with the space before it. Only the
// separators ',' and ';' and the brackets are touched; every word is kept.
std::string WithoutEmptyParts(std::string_view text);

// A rule's explanation without what it says about routing: every paragraph (line) that opens
// with kRoutingMark, and, in explanations the screening rendered before the shipped rules
// marked it (stored screenings keep their text), the routing sentences those rules ended with.
std::string WithoutRouting(std::string_view explanation);

}  // namespace granska::letters
