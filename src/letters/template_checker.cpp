#include "letters/template_checker.hpp"

#include <memory>

namespace granska::letters {
namespace {

// ---- Tags -------------------------------------------------------------------------------

enum class TagType { kVariable, kUnescaped, kSection, kInverted, kEnd, kPartial, kComment, kDelimiter };

struct Tag {
  TagType type = TagType::kVariable;
  std::string name;
  int line = 1;
};

struct Node {
  Tag tag;
  std::vector<Node> children;  // sections only
};

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<Tag> Scan(std::string_view text, std::vector<std::string>& errors) {
  std::vector<Tag> tags;
  std::size_t pos = 0;
  int line = 1;
  std::size_t counted = 0;  // line numbers are counted up to here
  while (true) {
    const std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    for (; counted < open; ++counted)
      if (text[counted] == '\n') ++line;
    const bool triple = open + 2 < text.size() && text[open + 2] == '{';
    const std::string_view closer = triple ? "}}}" : "}}";
    const std::size_t start = open + (triple ? 3 : 2);
    const std::size_t close = text.find(closer, start);
    if (close == std::string_view::npos) {
      errors.push_back(std::to_string(line) + ": unclosed tag");
      break;
    }
    std::string contents = Trim(text.substr(start, close - start));
    Tag tag;
    tag.line = line;
    if (triple) {
      tag.type = TagType::kUnescaped;
      tag.name = contents;
    } else if (contents.empty()) {
      tag.type = TagType::kVariable;
    } else {
      switch (contents[0]) {
        case '#':
          tag.type = TagType::kSection;
          break;
        case '^':
          tag.type = TagType::kInverted;
          break;
        case '/':
          tag.type = TagType::kEnd;
          break;
        case '>':
          tag.type = TagType::kPartial;
          break;
        case '&':
          tag.type = TagType::kUnescaped;
          break;
        case '!':
          tag.type = TagType::kComment;
          break;
        case '=':
          tag.type = TagType::kDelimiter;
          break;
        default:
          tag.type = TagType::kVariable;
          break;
      }
      tag.name = tag.type == TagType::kVariable ? contents : Trim(std::string_view(contents).substr(1));
    }
    tags.push_back(std::move(tag));
    pos = close + closer.size();
  }
  return tags;
}

// Sections nest; an end tag must close the innermost open section of the same name.
std::vector<Node> Parse(std::string_view text, std::vector<std::string>& errors) {
  std::vector<Node> root;
  std::vector<std::vector<Node>*> stack{&root};
  std::vector<const Tag*> open;
  const std::vector<Tag> tags = Scan(text, errors);
  for (const Tag& t : tags) {
    if (t.type == TagType::kEnd) {
      if (open.empty() || open.back()->name != t.name) {
        errors.push_back(std::to_string(t.line) + ": {{/" + t.name + "}} closes " +
                         (open.empty() ? std::string("no open section") : "{{#" + open.back()->name + "}}"));
        continue;
      }
      open.pop_back();
      stack.pop_back();
      continue;
    }
    stack.back()->push_back(Node{t, {}});
    if (t.type == TagType::kSection || t.type == TagType::kInverted) {
      open.push_back(&stack.back()->back().tag);
      stack.push_back(&stack.back()->back().children);
    }
  }
  for (const Tag* t : open) errors.push_back(std::to_string(t->line) + ": {{#" + t->name + "}} is never closed");
  return root;
}

// ---- Shapes -------------------------------------------------------------------------------

// The keys and kinds the samples' view data have; list elements merged into one shape.
struct Shape {
  ViewData::Kind kind = ViewData::Kind::kObject;
  std::map<std::string, Shape, std::less<>> fields;
  std::unique_ptr<Shape> element;  // lists: null when the list was empty in every sample
};

void Merge(Shape& into, const ViewData& v, const std::string& path, std::vector<std::string>& errors) {
  if (into.kind != v.GetKind()) {
    errors.push_back("the view data key '" + path + "' is a " + std::string(ViewData::KindName(into.kind)) +
                     " in one sample and a " + std::string(ViewData::KindName(v.GetKind())) + " in another");
    return;
  }
  if (v.GetKind() == ViewData::Kind::kObject) {
    for (const auto& [key, value] : v.Fields()) {
      auto [it, inserted] = into.fields.try_emplace(key);
      if (inserted) it->second.kind = value.GetKind();
      Merge(it->second, value, path.empty() ? key : path + "." + key, errors);
    }
  } else if (v.GetKind() == ViewData::Kind::kList) {
    for (const ViewData& item : v.Items()) {
      if (!into.element) {
        into.element = std::make_unique<Shape>();
        into.element->kind = item.GetKind();
      }
      Merge(*into.element, item, path + "[]", errors);
    }
  }
}

const Shape* Field(const Shape* s, std::string_view key) {
  if (!s || s->kind != ViewData::Kind::kObject) return nullptr;
  const auto it = s->fields.find(key);
  return it == s->fields.end() ? nullptr : &it->second;
}

// kainjow's lookup: innermost scope first; a dotted name must resolve fully within one scope.
const Shape* Lookup(const std::vector<const Shape*>& scopes, std::string_view name) {
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
    const Shape* at = *it;
    std::size_t pos = 0;
    while (at) {
      const std::size_t dot = name.find('.', pos);
      at = Field(at, name.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
      if (dot == std::string_view::npos) break;
      pos = dot + 1;
    }
    if (at) return at;
  }
  return nullptr;
}

class Walker {
 public:
  Walker(const std::map<std::string, std::string, std::less<>>& partials, std::vector<domain::FieldError>& errors)
      : partials_(partials), errors_(errors) {}

  void Walk(const std::string& file, const std::vector<Node>& nodes, std::vector<const Shape*>& scopes, int depth) {
    for (const Node& n : nodes) {
      const Tag& t = n.tag;
      const auto fail = [&](const std::string& message) {
        errors_.push_back({file + ":" + std::to_string(t.line), message});
      };
      switch (t.type) {
        case TagType::kComment:
          break;
        case TagType::kDelimiter:
          fail("set-delimiter tags are not allowed in letter templates");
          break;
        case TagType::kUnescaped:
          fail("unescaped output {{{" + t.name + "}}} is not allowed: every value is HTML-escaped");
          break;
        case TagType::kEnd:
          break;  // consumed by Parse
        case TagType::kVariable: {
          if (t.name.empty()) {
            fail("empty tag {{}}");
            break;
          }
          const Shape* s = Lookup(scopes, t.name);
          if (!s)
            fail("variable {{" + t.name + "}} is not provided by the view data");
          else if (s->kind != ViewData::Kind::kString)
            fail("variable {{" + t.name + "}} is a " + std::string(ViewData::KindName(s->kind)) +
                 ", not text: it would render as an empty hole");
          break;
        }
        case TagType::kSection:
        case TagType::kInverted: {
          const char sigil = t.type == TagType::kSection ? '#' : '^';
          const Shape* s = Lookup(scopes, t.name);
          if (!s) {
            fail(std::string("section {{") + sigil + t.name + "}} is not provided by the view data");
            break;  // its body cannot be checked against anything meaningful
          }
          if (s->kind == ViewData::Kind::kString) {
            fail(std::string("section {{") + sigil + t.name + "}} is text, not a boolean, list or object");
            break;
          }
          std::size_t pushed = 0;
          if (t.type == TagType::kSection) {
            if (s->kind == ViewData::Kind::kList) {
              scopes.push_back(s->element.get());  // null: no sample had an element; nothing resolves there
              pushed = 1;
            } else if (s->kind == ViewData::Kind::kObject) {
              scopes.push_back(s);
              pushed = 1;
            }
          }
          Walk(file, n.children, scopes, depth);
          scopes.resize(scopes.size() - pushed);
          break;
        }
        case TagType::kPartial: {
          const auto it = partials_.find(t.name);
          if (it == partials_.end()) {
            fail("partial {{> " + t.name + "}} does not exist (templates/partials/" + t.name + ".mustache)");
            break;
          }
          if (depth >= 8) {
            fail("partials nest deeper than 8 (a partial including itself?)");
            break;
          }
          const std::string partial_file =
              "partials/" + t.name + ".mustache (included from " + file + ":" + std::to_string(t.line) + ")";
          std::vector<std::string> syntax;
          const std::vector<Node> nodes2 = Parse(it->second, syntax);
          for (const auto& e : syntax) errors_.push_back({partial_file, e});
          Walk(partial_file, nodes2, scopes, depth + 1);
          break;
        }
      }
    }
  }

 private:
  const std::map<std::string, std::string, std::less<>>& partials_;
  std::vector<domain::FieldError>& errors_;
};

}  // namespace

std::vector<domain::FieldError> TemplateChecker::Check(const std::string& file, std::string_view text,
                                                       const std::vector<ViewData>& samples) const {
  std::vector<domain::FieldError> errors;
  std::vector<std::string> problems;
  Shape root;
  for (const ViewData& v : samples) Merge(root, v, "", problems);
  for (const auto& p : problems) errors.push_back({file, p});

  std::vector<std::string> syntax;
  const std::vector<Node> nodes = Parse(text, syntax);
  for (const auto& e : syntax) {
    const auto colon = e.find(':');
    errors.push_back({file + ":" + e.substr(0, colon), e.substr(colon + 2)});
  }
  std::vector<const Shape*> scopes{&root};
  Walker(partials_, errors).Walk(file, nodes, scopes, 0);
  return errors;
}

std::vector<std::string> TemplateChecker::Names(std::string_view text) {
  std::vector<std::string> errors;
  std::vector<std::string> names;
  for (const Tag& t : Scan(text, errors))
    if (t.type != TagType::kComment && t.type != TagType::kEnd && t.type != TagType::kDelimiter)
      names.push_back(t.name);
  return names;
}

}  // namespace granska::letters
