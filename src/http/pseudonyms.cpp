#include "http/pseudonyms.hpp"

#include <algorithm>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "domain/person_name.hpp"
#include "http/json_fields.hpp"
#include "http/request_parsers.hpp"

namespace granska::http {

Pseudonyms::Pseudonyms(const domain::Application& app) {
  if (app.organisation.contact) Add(app.organisation.contact->name);
  for (const auto& p : app.organisation.board) Add(p.name);
  if (app.booking)
    for (const auto& p : app.booking->speakers) Add(p.name);
}

Pseudonyms Pseudonyms::OfStoredApplication(const std::string& application_json) {
  std::string error;
  auto json = ParseObject(application_json, error);
  if (!json) json = new Poco::JSON::Object;
  std::vector<domain::FieldError> ignored;  // stored applications were valid when stored
  return Pseudonyms(ParseApplication(json, ignored));
}

std::string Pseudonyms::For(const std::string& name) const {
  auto it = map_.find(domain::NormalisePersonName(name));
  return it == map_.end() ? std::string("Person (ej namngiven i ansökan)") : it->second;
}

domain::Application Pseudonyms::Apply(domain::Application app) const {
  auto& o = app.organisation;
  if (o.contact) {
    o.contact->name = For(o.contact->name);
    o.contact->email.clear();
  }
  for (auto& p : o.board) p.name = For(p.name);
  if (app.booking)
    for (auto& p : app.booking->speakers) p.name = For(p.name);
  // The applicant's own free text may name the same persons, as officers' text may.
  o.description = InText(o.description);
  if (app.grant) app.grant->purpose = InText(app.grant->purpose);
  if (app.booking) app.booking->purpose = InText(app.booking->purpose);
  return app;
}

namespace {

// A letter of a name for the word boundary: ASCII letters and digits, and any byte of a
// multi-byte UTF-8 character (å, ä, ö, é, …).
bool NameByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool AsciiAlnum(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// What stands where an e-mail address was left out of an event's detail: no character JSON
// escapes, so it can replace an address inside a JSON string.
constexpr const char* kAddressLeftOut = "(e-postadress utelämnad)";

// `text` with every e-mail address (local@domain.tld, ASCII) replaced by kAddressLeftOut.
std::string WithoutEmailAddresses(const std::string& text) {
  if (text.find('@') == std::string::npos) return text;
  auto local = [](unsigned char c) { return AsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; };
  auto domain = [](unsigned char c) { return AsciiAlnum(c) || c == '.' || c == '-'; };
  std::string out;
  std::size_t pos = 0;  // text before this is in `out`
  for (std::size_t at = text.find('@'); at != std::string::npos; at = text.find('@', at + 1)) {
    if (at < pos) continue;
    std::size_t begin = at;
    while (begin > pos && local(static_cast<unsigned char>(text[begin - 1]))) --begin;
    std::size_t end = at + 1;
    while (end < text.size() && domain(static_cast<unsigned char>(text[end]))) ++end;
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;  // "… a@b.se." ends a sentence
    const std::string host = text.substr(at + 1, end - at - 1);
    const std::size_t dot = host.rfind('.');
    if (begin == at || dot == std::string::npos || dot == 0 || dot + 1 == host.size()) continue;
    out.append(text, pos, begin - pos);
    out += kAddressLeftOut;
    pos = end;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

// A timeline event's detail as a pseudonymised reader gets it: a reminder without its
// recipient and the mail server's answer, any other e-mail address left out.
std::string WithoutContactDetails(const std::string& event, const std::string& detail_json) {
  std::string json = detail_json;
  if (event == "reminder_sent" || event == "reminder_failed") {
    try {
      Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));  // keep the members' order
      auto object = parser.parse(detail_json).extract<Poco::JSON::Object::Ptr>();
      object->remove("to");
      object->remove("error");
      std::ostringstream os;
      object->stringify(os);
      json = os.str();
    } catch (const Poco::Exception&) {
      json = "{}";  // the server wrote it; if it cannot be read, show nothing of it
    }
  }
  return WithoutEmailAddresses(json);
}

}  // namespace

std::string Pseudonyms::InText(const std::string& text) const {
  if (map_.empty() || text.empty()) return text;
  // The text folded as NormalisePersonName folds a name, with where each folded byte began
  // in the text, so that a match in the folded text is a span of the original.
  std::string folded;
  std::vector<std::size_t> from;
  folded.reserve(text.size());
  from.reserve(text.size() + 1);
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!space) {
        folded.push_back(' ');
        from.push_back(i);
      }
      space = true;
      continue;
    }
    space = false;
    if (c == 0xC3 && i + 1 < text.size()) {
      unsigned char n = static_cast<unsigned char>(text[i + 1]);
      if (n >= 0x80 && n <= 0x9E && n != 0x97) n = static_cast<unsigned char>(n + 0x20);
      folded.push_back(static_cast<char>(c));
      from.push_back(i);
      folded.push_back(static_cast<char>(n));
      from.push_back(i + 1);
      ++i;
      continue;
    }
    folded.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    from.push_back(i);
  }
  from.push_back(text.size());
  // Longer names first, so that "Anna Maria Berg" is not cut by "Anna Maria".
  std::vector<const std::pair<const std::string, std::string>*> names;
  for (const auto& kv : map_) names.push_back(&kv);
  std::sort(names.begin(), names.end(), [](auto* a, auto* b) { return a->first.size() > b->first.size(); });
  std::vector<std::pair<std::size_t, std::size_t>> taken;  // folded spans already replaced
  std::map<std::size_t, std::pair<std::size_t, const std::string*>> spans;  // text start -> end, label
  for (const auto* kv : names) {
    const std::string& key = kv->first;
    for (std::size_t at = folded.find(key); at != std::string::npos; at = folded.find(key, at + 1)) {
      const std::size_t end = at + key.size();
      if ((at > 0 && NameByte(static_cast<unsigned char>(folded[at - 1]))) ||
          (end < folded.size() && NameByte(static_cast<unsigned char>(folded[end]))))
        continue;
      bool overlaps = false;
      for (const auto& [a, b] : taken) overlaps = overlaps || (at < b && a < end);
      if (overlaps) continue;
      taken.emplace_back(at, end);
      spans[from[at]] = {from[end], &kv->second};
    }
  }
  if (spans.empty()) return text;
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (const auto& [start, rest] : spans) {
    out.append(text, pos, start - pos);
    out += *rest.second;
    pos = rest.first;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

void Pseudonyms::InCase(domain::CaseDetail& d) const {
  for (auto& e : d.timeline) e.detail_json = WithoutContactDetails(e.event, e.detail_json);
  if (map_.empty()) return;
  for (auto& r : d.referrals) r.question = InText(r.question);
  for (auto& a : d.advice) {
    a.reasoning = InText(a.reasoning);
    for (auto& c : a.proposed_conditions) c = InText(c);
  }
  if (d.information_request) d.information_request->message = InText(d.information_request->message);
  if (d.communication) {
    d.communication->reasons = InText(d.communication->reasons);
    if (d.communication->reply_text) d.communication->reply_text = InText(*d.communication->reply_text);
  }
  if (d.decision) {
    d.decision->reasons = InText(d.decision->reasons);
    d.decision->special_reasons = InText(d.decision->special_reasons);
    for (auto& c : d.decision->conditions) c.description = InText(c.description);
  }
  for (auto& c : d.conditions) c.description = InText(c.description);
  for (auto& a : d.appeals) a.outcome_note = InText(a.outcome_note);
  for (auto& r : d.revocations) {
    r.breach = InText(r.breach);
    r.reasons = InText(r.reasons);
    if (r.reply_text) r.reply_text = InText(*r.reply_text);
  }
  // The details are JSON; a label has no character JSON escapes, and a name is found in its
  // strings as written (the writer escapes only quotes, backslashes and control characters).
  for (auto& e : d.timeline) e.detail_json = InText(e.detail_json);
  // So is the screening, whose explanations quote incident references (the coordinator's text).
  if (d.summary.screening_json) d.summary.screening_json = InText(*d.summary.screening_json);
}

void Pseudonyms::Add(const std::string& name) {
  const std::string key = domain::NormalisePersonName(name);
  if (key.empty() || map_.count(key)) return;
  const std::size_t n = map_.size();
  std::string label = "Person ";
  label += static_cast<char>('A' + n % 26);
  if (n >= 26) label += std::to_string(n / 26);
  map_[key] = label;
}

}  // namespace granska::http
