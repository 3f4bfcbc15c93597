#include "letters/renderer.hpp"

#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <stdexcept>

#include "letters/sample_letters.hpp"
#include "letters/template_checker.hpp"
#include "letters/view_builder.hpp"

namespace granska::letters {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kExtension = ".mustache";

std::optional<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

mustache::data ToMustache(const ViewData& v) {
  switch (v.GetKind()) {
    case ViewData::Kind::kString:
      return mustache::data(v.Text());
    case ViewData::Kind::kBool:
      return mustache::data(v.Flag());
    case ViewData::Kind::kList: {
      mustache::data list(mustache::data::type::list);
      for (const ViewData& item : v.Items()) list.push_back(ToMustache(item));
      return list;
    }
    case ViewData::Kind::kObject: {
      mustache::data object(mustache::data::type::object);
      for (const auto& [key, value] : v.Fields()) object.set(key, ToMustache(value));
      return object;
    }
  }
  throw std::logic_error("unknown ViewData kind");
}

// kainjow's context, but a name that resolves nowhere is remembered instead of rendering as
// nothing, and partials come from the loaded templates/partials folder only.
class StrictContext : public mustache::basic_context<std::string> {
 public:
  StrictContext(const mustache::data* root, const std::map<std::string, mustache::data, std::less<>>& partials)
      : inner_(root), partials_(partials) {}

  void push(const mustache::data* data) override { inner_.push(data); }
  void pop() override { inner_.pop(); }
  const mustache::data* get(const std::string& name) const override {
    const mustache::data* d = inner_.get(name);
    if (!d) missing_.push_back(name);
    return d;
  }
  const mustache::data* get_partial(const std::string& name) const override {
    const auto it = partials_.find(name);
    if (it == partials_.end()) {
      missing_.push_back("> " + name);
      return nullptr;
    }
    return &it->second;
  }
  const std::vector<std::string>& Missing() const { return missing_; }

 private:
  mustache::context<std::string> inner_;
  const std::map<std::string, mustache::data, std::less<>>& partials_;
  mutable std::vector<std::string> missing_;
};

std::string Join(const std::vector<domain::FieldError>& errors, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < errors.size() && i < max; ++i) {
    if (i) out += "; ";
    out += errors[i].field + ": " + errors[i].message;
  }
  if (errors.size() > max) out += "; and " + std::to_string(errors.size() - max) + " more";
  return out;
}

}  // namespace

std::string Renderer::TemplatePath(LetterType type, Language language) {
  return "letters/" + std::string(ToString(type)) + "_" + std::string(ToString(language)) + std::string(kExtension);
}

domain::Result<Renderer> Renderer::Load(const std::filesystem::path& templates_dir, MunicipalityConfig config) {
  Renderer r;
  r.config_ = std::make_shared<const MunicipalityConfig>(std::move(config));
  std::vector<domain::FieldError> errors;

  // Partials: every templates/partials/*.mustache, by file stem.
  const std::filesystem::path partials_dir = templates_dir / "partials";
  std::error_code ec;
  if (std::filesystem::is_directory(partials_dir, ec)) {
    for (const auto& entry : std::filesystem::directory_iterator(partials_dir, ec)) {
      if (!entry.is_regular_file() || entry.path().extension() != kExtension) continue;
      const auto text = ReadFile(entry.path());
      if (!text) {
        errors.push_back({entry.path().string(), "cannot be read"});
        continue;
      }
      const std::string name = entry.path().stem().string();
      mustache::mustache parsed(*text);
      if (!parsed.is_valid()) errors.push_back({"partials/" + name + ".mustache", parsed.error_message()});
      r.partials_.emplace(name, *text);
    }
  }

  const TemplateChecker checker(r.partials_);
  const ViewBuilder builder(*r.config_);
  for (const auto& [type, type_name] : AllLetterTypes()) {
    for (const auto& [language, language_name] : AllLanguages()) {
      const std::string path = TemplatePath(type, language);
      const auto text = ReadFile(templates_dir / path);
      if (!text) {
        errors.push_back({path, "missing: every letter type needs a template in every language (" +
                                    (templates_dir / path).string() + ")"});
        continue;
      }
      mustache::mustache parsed(*text);
      if (!parsed.is_valid()) errors.push_back({path, parsed.error_message()});
      std::vector<ViewData> views;
      for (const LetterModel& sample : SampleLetters(type, language)) {
        for (const auto& e : Validate(sample))
          errors.push_back(
              {"sample " + std::string(type_name) + "_" + std::string(language_name), e.field + ": " + e.message});
        views.push_back(builder.Build(sample));
      }
      for (auto& e : checker.Check(path, *text, views)) errors.push_back(std::move(e));
      r.templates_.emplace(path, *text);
    }
  }

  if (!errors.empty()) {
    domain::Error e = domain::Error::Validation(errors);
    e.detail = "The letter templates in " + templates_dir.string() + " have " + std::to_string(errors.size()) +
               " problem(s): " + Join(errors, 20);
    return e;
  }
  return r;
}

ViewData Renderer::View(const LetterModel& model) const { return ViewBuilder(*config_).Build(model); }

domain::Result<std::string> Renderer::RenderHtml(const LetterModel& model) const {
  std::vector<domain::FieldError> errors = Validate(model);
  if (!errors.empty()) {
    domain::Error e = domain::Error::Validation(std::move(errors));
    e.detail = "The " + std::string(ToString(model.type)) + " letter for case " + model.case_number +
               " cannot be written: " + Join(e.errors, 10);
    return e;
  }
  const auto it = templates_.find(TemplatePath(model.type, model.language));
  if (it == templates_.end())
    throw std::logic_error("template not loaded: " + TemplatePath(model.type, model.language));
  return RenderView(it->second, View(model));
}

std::string Renderer::RenderView(const std::string& template_text, const ViewData& view) const {
  std::map<std::string, mustache::data, std::less<>> partials;
  for (const auto& [name, text] : partials_) partials.emplace(name, mustache::data(text));
  const mustache::data root = ToMustache(view);
  StrictContext context(&root, partials);
  mustache::mustache tmpl(template_text);
  const std::string html = tmpl.render(context);
  if (!tmpl.is_valid()) throw std::logic_error("letter template failed to render: " + tmpl.error_message());
  if (!context.Missing().empty()) {
    std::string names;
    for (const auto& n : context.Missing()) names += (names.empty() ? "" : ", ") + n;
    throw std::logic_error("letter template refers to names the view data lacks (the load-time check missed them): " +
                           names);
  }
  return html;
}

}  // namespace granska::letters
