#include "pages/page_renderer.hpp"

#include <kainjow/mustache.hpp>

#include <atomic>
#include <cstdio>
#include <optional>
#include <set>
#include <stdexcept>

namespace granska::pages {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kPagesDir = "templates/pages/";
constexpr std::string_view kPartialsDir = "templates/partials/";
constexpr std::string_view kStaticDir = "static/";
constexpr std::string_view kTemplateExt = ".mustache";

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool ValidKey(const std::string& key) {
  if (key.empty()) return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// `key = value` lines; '#' starts a comment line. Values keep inner '='.
std::map<std::string, std::string> ParseProperties(const std::string& file, std::string_view text,
                                                   std::vector<domain::FieldError>& errors) {
  std::map<std::string, std::string> out;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto end = text.find('\n', pos);
    const std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    ++line_no;
    pos = end == std::string_view::npos ? text.size() + 1 : end + 1;
    const std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    const auto eq = trimmed.find('=');
    const std::string where = file + ":" + std::to_string(line_no);
    if (eq == std::string::npos) {
      errors.push_back({where, "expected 'key = text'"});
      continue;
    }
    const std::string key = Trim(std::string_view(trimmed).substr(0, eq));
    if (!ValidKey(key)) errors.push_back({where, "key '" + key + "' must be a-z, 0-9 and _ only"});
    if (out.count(key)) errors.push_back({where, "key '" + key + "' is defined twice"});
    out[key] = Trim(std::string_view(trimmed).substr(eq + 1));
  }
  return out;
}

enum class TagType { kVariable, kUnescaped, kSection, kInverted, kEnd, kPartial, kComment, kDelimiter };
struct Tag {
  TagType type;
  std::string name;
  int line;
};

std::vector<Tag> ScanTags(std::string_view text, std::vector<std::string>& problems) {
  std::vector<Tag> tags;
  std::size_t pos = 0, counted = 0;
  int line = 1;
  while (true) {
    const auto open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    for (; counted < open; ++counted)
      if (text[counted] == '\n') ++line;
    const bool triple = open + 2 < text.size() && text[open + 2] == '{';
    const std::string_view closer = triple ? "}}}" : "}}";
    const auto start = open + (triple ? 3 : 2);
    const auto close = text.find(closer, start);
    if (close == std::string_view::npos) {
      problems.push_back(std::to_string(line) + ": unclosed tag");
      break;
    }
    const std::string contents = Trim(text.substr(start, close - start));
    Tag t{TagType::kVariable, contents, line};
    if (triple) {
      t.type = TagType::kUnescaped;
    } else if (!contents.empty()) {
      switch (contents[0]) {
        case '#': t.type = TagType::kSection; break;
        case '^': t.type = TagType::kInverted; break;
        case '/': t.type = TagType::kEnd; break;
        case '>': t.type = TagType::kPartial; break;
        case '&': t.type = TagType::kUnescaped; break;
        case '!': t.type = TagType::kComment; break;
        case '=': t.type = TagType::kDelimiter; break;
        default: break;
      }
      if (t.type != TagType::kVariable) t.name = Trim(std::string_view(contents).substr(1));
    }
    tags.push_back(std::move(t));
    pos = close + closer.size();
  }
  return tags;
}

mustache::data ToMustache(const View& v) {
  switch (v.GetKind()) {
    case View::Kind::kText:
      return mustache::data(v.Text());
    case View::Kind::kFlag:
      return mustache::data(v.Flag());
    case View::Kind::kList: {
      mustache::data list(mustache::data::type::list);
      for (const View& item : v.Items()) list.push_back(ToMustache(item));
      return list;
    }
    case View::Kind::kObject: {
      mustache::data object(mustache::data::type::object);
      for (const auto& [key, value] : v.Fields()) object.set(key, ToMustache(value));
      return object;
    }
  }
  throw std::logic_error("unknown View kind");
}

// kainjow's context, except that a name resolving nowhere is remembered (and the render
// refused) instead of rendering as nothing. `base` (the language's strings, `lang`,
// `static`) lies under the page's own data. Load writes the partials into the pages, so a
// render meets no partial tag; one that did would be refused like a missing name.
class StrictContext : public mustache::basic_context<std::string> {
 public:
  StrictContext(const mustache::data* base, const mustache::data* root) : inner_(base) { inner_.push(root); }
  void push(const mustache::data* data) override { inner_.push(data); }
  void pop() override { inner_.pop(); }
  const mustache::data* get(const std::string& name) const override {
    const mustache::data* d = inner_.get(name);
    if (!d) missing_.push_back(name);
    return d;
  }
  const mustache::data* get_partial(const std::string& name) const override {
    missing_.push_back("> " + name);
    return nullptr;
  }
  const std::vector<std::string>& Missing() const { return missing_; }

 private:
  mustache::context<std::string> inner_;
  mutable std::vector<std::string> missing_;
};

std::string Fnv1a(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string ContentType(std::string_view name) {
  if (EndsWith(name, ".css")) return "text/css";
  if (EndsWith(name, ".js")) return "text/javascript";
  if (EndsWith(name, ".svg")) return "image/svg+xml";
  if (EndsWith(name, ".txt")) return "text/plain";
  return "application/octet-stream";
}

std::string StaticKey(const std::string& name) {
  std::string key = name;
  for (char& c : key)
    if (c == '.' || c == '-') c = '_';
  return key;
}

// A page's text with every partial written in place (recursively; Load has checked that
// each exists), so that a render parses nothing: kainjow parses a partial again at every
// inclusion.
std::string InlinePartials(const std::string& text, const std::map<std::string, std::string, std::less<>>& partials,
                           int depth = 0) {
  if (depth > 16) throw std::logic_error("partials include each other more than 16 deep");
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t open = text.find("{{>", pos);
    if (open == std::string::npos) break;
    const std::size_t close = text.find("}}", open);
    if (close == std::string::npos) break;
    out.append(text, pos, open - pos);
    const std::string name = Trim(std::string_view(text).substr(open + 3, close - open - 3));
    out += InlinePartials(partials.at(name), partials, depth + 1);
    pos = close + 2;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

std::atomic<std::uint64_t> next_generation{1};

// kainjow writes a page through `<<`: straight into one string, not an ostringstream.
struct PageSink {
  std::string text;
  PageSink& operator<<(const std::string& s) {
    text += s;
    return *this;
  }
};

// The pages parsed once per server thread: a parsed template keeps no state between
// renders, but kainjow's render is not const, so threads do not share one.
struct ParsedPages {
  std::uint64_t generation = 0;  // of the renderer these were parsed for
  std::map<std::string, std::unique_ptr<mustache::mustache>, std::less<>> pages;
};
thread_local ParsedPages parsed_pages;

}  // namespace

const std::vector<std::string>& PageRenderer::Languages() {
  static const std::vector<std::string> kLanguages{"sv", "en"};
  return kLanguages;
}

struct PageRenderer::Prebuilt {
  std::uint64_t generation = next_generation++;           // tells this renderer's parsed pages from another's
  std::map<std::string, mustache::data> base;             // lang -> {t, lang, static}
  std::map<std::string, std::string, std::less<>> pages;  // name -> text with the partials in place

  mustache::mustache& Parsed(const std::string& page) const {
    if (parsed_pages.generation != generation) {
      parsed_pages.pages.clear();
      parsed_pages.generation = generation;
    }
    auto it = parsed_pages.pages.find(page);
    if (it == parsed_pages.pages.end())
      it = parsed_pages.pages.emplace(page, std::make_unique<mustache::mustache>(pages.at(page))).first;
    return *it->second;
  }
  // After a failed render the next one parses afresh (kainjow keeps a render's error).
  void Forget(const std::string& page) const { parsed_pages.pages.erase(page); }
};

domain::Result<PageRenderer> PageRenderer::Load(const std::vector<Asset>& assets) {
  PageRenderer r;
  std::vector<domain::FieldError> errors;
  for (const Asset& a : assets) {
    const std::string path(a.path);
    if (StartsWith(path, kPagesDir) && EndsWith(path, kTemplateExt)) {
      r.pages_.emplace(path.substr(kPagesDir.size(), path.size() - kPagesDir.size() - kTemplateExt.size()),
                       std::string(a.text));
    } else if (StartsWith(path, kPartialsDir) && EndsWith(path, kTemplateExt)) {
      r.partials_.emplace(path.substr(kPartialsDir.size(), path.size() - kPartialsDir.size() - kTemplateExt.size()),
                          std::string(a.text));
    } else if (StartsWith(path, kStaticDir)) {
      StaticFile f;
      f.name = path.substr(kStaticDir.size());
      f.content_type = ContentType(f.name);
      f.body = a.text;
      const std::string hash = Fnv1a(a.text);
      f.etag = "\"" + hash + "\"";
      f.versioned_path = "/static/" + f.name + "?v=" + hash.substr(0, 12);
      r.static_.emplace(f.name, std::move(f));
    } else if (StartsWith(path, kPagesDir) && EndsWith(path, ".properties")) {
      const std::string base = path.substr(kPagesDir.size());
      if (!StartsWith(base, "strings_")) {
        errors.push_back({path, "unexpected file: string tables are strings_<lang>.properties"});
        continue;
      }
      const std::string lang = base.substr(8, base.size() - 8 - 11);
      r.strings_[lang] = ParseProperties(path, a.text, errors);
    } else if (StartsWith(path, kPagesDir) && EndsWith(path, ".txt") && StartsWith(path.substr(kPagesDir.size()), "messages_")) {
      const std::string base = path.substr(kPagesDir.size());
      const std::string lang = base.substr(9, base.size() - 9 - 4);
      auto& rules = r.messages_[lang];
      int line_no = 0;
      std::size_t pos = 0;
      const std::string_view text = a.text;
      while (pos < text.size()) {
        const auto end = text.find('\n', pos);
        const std::string line = Trim(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        pos = end == std::string_view::npos ? text.size() : end + 1;
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        const auto arrow = line.find(" => ");
        if (arrow == std::string::npos) {
          errors.push_back({path + ":" + std::to_string(line_no), "expected 'English message => translation'"});
          continue;
        }
        MessageRule rule;
        const std::string english = Trim(std::string_view(line).substr(0, arrow));
        rule.text = Trim(std::string_view(line).substr(arrow + 4));
        for (std::size_t from = 0;;) {
          const auto star = english.find('*', from);
          rule.parts.push_back(english.substr(from, star == std::string::npos ? std::string::npos : star - from));
          rule.fixed += rule.parts.back().size();
          if (star == std::string::npos) break;
          from = star + 1;
        }
        // Each {n} of the translation must name one of the pattern's '*'s.
        for (std::size_t at = rule.text.find('{'); at != std::string::npos; at = rule.text.find('{', at + 1)) {
          const auto close = rule.text.find('}', at);
          const std::string n = close == std::string::npos ? "" : rule.text.substr(at + 1, close - at - 1);
          if (n.empty() || n.size() > 2 || n.find_first_not_of("0123456789") != std::string::npos ||
              std::stoul(n) < 1 || std::stoul(n) >= rule.parts.size())
            errors.push_back({path + ":" + std::to_string(line_no),
                              "'{" + n + "}' names no '*' of the English (it has " +
                                  std::to_string(rule.parts.size() - 1) + ")"});
        }
        rules.push_back(std::move(rule));
      }
    }
  }

  // The languages must all be there and agree on their keys.
  std::set<std::string> all_keys;
  for (const auto& lang : Languages()) {
    if (!r.strings_.count(lang)) {
      errors.push_back({"templates/pages/strings_" + lang + ".properties", "missing"});
      continue;
    }
    for (const auto& [k, v] : r.strings_[lang]) all_keys.insert(k);
  }
  for (const auto& lang : Languages()) {
    if (!r.strings_.count(lang)) continue;
    for (const auto& k : all_keys)
      if (!r.strings_[lang].count(k))
        errors.push_back({"templates/pages/strings_" + lang + ".properties", "lacks the key '" + k + "'"});
  }

  // Every template and partial: parses, includes only known partials, uses known strings.
  auto check = [&](const std::string& file, const std::string& text) {
    mustache::mustache parsed(text);
    if (!parsed.is_valid()) errors.push_back({file, parsed.error_message()});
    std::vector<std::string> problems;
    for (const Tag& t : ScanTags(text, problems)) {
      const std::string where = file + ":" + std::to_string(t.line);
      switch (t.type) {
        case TagType::kUnescaped:
          errors.push_back({where, "unescaped output {{{" + t.name + "}}} is not allowed"});
          break;
        case TagType::kDelimiter:
          errors.push_back({where, "set-delimiter tags are not allowed"});
          break;
        case TagType::kPartial:
          if (!r.partials_.count(t.name)) errors.push_back({where, "includes the unknown partial '" + t.name + "'"});
          break;
        case TagType::kVariable:
        case TagType::kSection:
        case TagType::kInverted:
          if (StartsWith(t.name, "t.") && !all_keys.count(t.name.substr(2)))
            errors.push_back({where, "uses the string '" + t.name.substr(2) + "' that no string table has"});
          if (StartsWith(t.name, "static.")) {
            bool known = false;
            for (const auto& [name, f] : r.static_) known = known || StaticKey(name) == t.name.substr(7);
            if (!known) errors.push_back({where, "refers to the unknown static file '" + t.name.substr(7) + "'"});
          }
          break;
        default:
          break;
      }
    }
    for (const auto& p : problems) errors.push_back({file, p});
  };
  for (const auto& [name, text] : r.pages_) check("templates/pages/" + name + ".mustache", text);
  for (const auto& [name, text] : r.partials_) check("templates/partials/" + name + ".mustache", text);
  if (r.pages_.empty()) errors.push_back({"templates/pages", "has no page templates"});

  if (!errors.empty()) {
    domain::Error e = domain::Error::Validation(errors);
    std::string detail = "The page templates have " + std::to_string(errors.size()) + " problem(s):";
    for (const auto& fe : errors) detail += "\n  " + fe.field + ": " + fe.message;
    e.detail = detail;
    return e;
  }
  // Built once: copying the string table into a Mustache object on every render was most of
  // a page's CPU (allocation and freeing; bench/RESULTS.md, "http", phase c').
  auto prebuilt = std::make_shared<Prebuilt>();
  mustache::data statics(mustache::data::type::object);
  for (const auto& [name, f] : r.static_) statics.set(StaticKey(name), f.versioned_path);
  for (const auto& [lang, strings] : r.strings_) {
    mustache::data t(mustache::data::type::object);
    for (const auto& [k, v] : strings) t.set(k, v);
    mustache::data base(mustache::data::type::object);
    base.set("t", t);
    base.set("lang", lang);
    base.set("static", statics);
    prebuilt->base.emplace(lang, std::move(base));
  }
  for (const auto& [name, text] : r.pages_) prebuilt->pages.emplace(name, InlinePartials(text, r.partials_));
  r.prebuilt_ = std::move(prebuilt);
  return r;
}

std::string PageRenderer::Render(const std::string& page, const std::string& lang, const View& data) const {
  const auto it = pages_.find(page);
  if (it == pages_.end()) throw std::logic_error("no page template '" + page + "'");
  const auto strings = strings_.find(lang);
  if (strings == strings_.end()) throw std::logic_error("no string table for language '" + lang + "'");
  if (data.GetKind() != View::Kind::kObject) throw std::logic_error("page data must be an object");
  for (const char* reserved : {"t", "lang", "static"})
    if (data.Has(reserved)) throw std::logic_error(std::string("page data must not set '") + reserved + "'");
  const mustache::data root = ToMustache(data);
  StrictContext context(&prebuilt_->base.at(lang), &root);
  mustache::mustache& tmpl = prebuilt_->Parsed(page);
  PageSink sink;
  sink.text.reserve(32 * 1024);
  tmpl.render(context, sink);
  std::string html = std::move(sink.text);
  if (!tmpl.is_valid()) {
    const std::string error = tmpl.error_message();
    prebuilt_->Forget(page);
    throw std::logic_error("page '" + page + "' failed to render: " + error);
  }
  if (!context.Missing().empty()) {
    std::string names;
    for (const auto& n : context.Missing()) names += (names.empty() ? "" : ", ") + n;
    throw std::logic_error("page '" + page + "' refers to names its data lacks: " + names);
  }
  return html;
}

const std::string& PageRenderer::Text(const std::string& lang, const std::string& key) const {
  const auto strings = strings_.find(lang);
  if (strings == strings_.end()) throw std::logic_error("no string table for language '" + lang + "'");
  const auto it = strings->second.find(key);
  if (it == strings->second.end()) throw std::logic_error("no string '" + key + "' in language '" + lang + "'");
  return it->second;
}

bool PageRenderer::HasText(const std::string& key) const {
  const auto strings = strings_.find(Languages().front());
  return strings != strings_.end() && strings->second.count(key) != 0;
}

namespace {

// The texts a pattern's '*'s stand for when `english` matches it: each '*' takes the least
// text after which the rest can still match.
std::optional<std::vector<std::string>> MatchPattern(const std::vector<std::string>& parts, std::string_view english) {
  if (!StartsWith(english, parts.front())) return std::nullopt;
  std::vector<std::string> captured;
  std::size_t at = parts.front().size();
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    std::size_t found;
    if (last) {
      if (english.size() < at + parts[i].size() || !EndsWith(english, parts[i])) return std::nullopt;
      found = english.size() - parts[i].size();
    } else {
      found = english.find(parts[i], at);
      if (found == std::string_view::npos) return std::nullopt;
    }
    captured.emplace_back(english.substr(at, found - at));
    at = found + parts[i].size();
  }
  return captured;
}

std::string FillIn(const std::string& text, const std::vector<std::string>& captured) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto close = text[i] == '{' ? text.find('}', i) : std::string::npos;
    if (close != std::string::npos && close > i + 1 && close <= i + 3 &&
        text.find_first_not_of("0123456789", i + 1) == close) {
      const std::size_t n = std::stoul(text.substr(i + 1, close - i - 1));
      if (n >= 1 && n <= captured.size()) {
        out += captured[n - 1];
        i = close;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

std::string PageRenderer::Message(const std::string& lang, const std::string& english, bool& translated) const {
  translated = false;
  const auto rules = messages_.find(lang);
  if (rules == messages_.end()) return english;
  const MessageRule* best = nullptr;
  std::vector<std::string> best_captured;
  for (const auto& rule : rules->second) {
    if (rule.parts.size() == 1) {
      if (rule.parts.front() != english) continue;
      translated = true;
      return rule.text;
    }
    if (best && rule.fixed <= best->fixed) continue;
    if (auto captured = MatchPattern(rule.parts, english)) {
      best = &rule;
      best_captured = std::move(*captured);
    }
  }
  if (!best) return english;
  translated = true;
  return FillIn(best->text, best_captured);
}

const StaticFile* PageRenderer::Static(const std::string& name) const {
  const auto it = static_.find(name);
  return it == static_.end() ? nullptr : &it->second;
}

std::vector<std::string> PageRenderer::PageNames() const {
  std::vector<std::string> out;
  for (const auto& [name, text] : pages_) out.push_back(name);
  return out;
}

}  // namespace granska::pages
