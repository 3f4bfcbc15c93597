#pragma once
// Server-rendered pages: logic-less Mustache templates (templates/pages/*.mustache with the
// partials templates/partials/page_*.mustache), every word from a per-language string table
// (templates/pages/strings_<lang>.properties), field-error translations
// (templates/pages/messages_<lang>.txt) and the static files under /static/.
//
// Load() checks everything it can without data and refuses to start on any problem: every
// template parses, every partial it includes exists, no unescaped output or delimiter
// changes, every {{t.key}} exists in every language and the languages have the same keys.
// Render() then refuses a name the data lacks (a missing variable is an error, never an
// empty hole): the page tests render every page with data that reaches every branch.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "pages/assets.hpp"
#include "pages/view.hpp"

namespace granska::pages {

struct StaticFile {
  std::string name;          // "granska.css"
  std::string content_type;  // "text/css"
  std::string_view body;
  std::string etag;          // quoted, from the content
  std::string versioned_path;  // "/static/granska.css?v=<etag>" for templates (cached for a year)
};

class PageRenderer {
 public:
  static domain::Result<PageRenderer> Load(const std::vector<Asset>& assets);

  // The languages, the first is the default: sv, en.
  static const std::vector<std::string>& Languages();

  // Renders templates/pages/<page>.mustache in `lang` with `data` plus `t` (the string table),
  // `lang` and `static` (versioned paths of the static files). Throws std::logic_error
  // naming every variable the data lacks.
  std::string Render(const std::string& page, const std::string& lang, const View& data) const;

  // A string of the table; throws std::logic_error for an unknown key.
  const std::string& Text(const std::string& lang, const std::string& key) const;
  bool HasText(const std::string& key) const;
  // A use case's English message in `lang`: the translation when the table has one, otherwise
  // the English text; `translated` tells which. An entry is exact, or a pattern whose '*'s
  // each stand for any text (a case number, a date, an amount); the translation writes the
  // n-th such text where it says {n}. Exact entries win; of the patterns that match, the one
  // with the most fixed text.
  std::string Message(const std::string& lang, const std::string& english, bool& translated) const;

  const StaticFile* Static(const std::string& name) const;
  std::vector<std::string> PageNames() const;

 private:
  struct MessageRule {
    std::vector<std::string> parts;  // the English split at its '*'s; one part when exact
    std::size_t fixed = 0;           // the length of the fixed text
    std::string text;
  };
  std::map<std::string, std::string, std::less<>> pages_;     // name -> template text
  std::map<std::string, std::string, std::less<>> partials_;  // name -> text
  std::map<std::string, std::map<std::string, std::string>> strings_;     // lang -> key -> text
  std::map<std::string, std::vector<MessageRule>> messages_;              // lang -> rules
  std::map<std::string, StaticFile> static_;
  // What every render of a language shares, built once by Load (page_renderer.cpp): the
  // string table, `lang` and `static` as one Mustache object per language, and the pages
  // with their partials written in.
  struct Prebuilt;
  std::shared_ptr<const Prebuilt> prebuilt_;
};

}  // namespace granska::pages
