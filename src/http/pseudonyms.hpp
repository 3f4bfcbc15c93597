#pragma once
// Pseudonyms for private persons in an application (the advisory group's packet, the JSON
// API and the pages alike): stable labels (Person A, B, …) in order of appearance: contact,
// board, speakers. Organisations keep their names: they are legal persons and the subject
// of the assessment.
#include <map>
#include <string>

#include "domain/application.hpp"
#include "domain/case_record.hpp"

namespace granska::http {

class Pseudonyms {
 public:
  explicit Pseudonyms(const domain::Application& app);
  // The pseudonyms of the persons named in an application as stored (the latest revision's
  // JSON); one that does not parse names nobody.
  static Pseudonyms OfStoredApplication(const std::string& application_json);
  // The label for a name; a person not named in the application gets a neutral label.
  std::string For(const std::string& name) const;
  // The application with private persons' names replaced by their labels, also where the
  // applicant's free text names them (the organisation's description, a grant's or a booking's
  // purpose; as InText), and the contact's e-mail address dropped. Working on the typed
  // application (not the stored JSON) keeps
  // whatever else a submission carried out of every pseudonymised view: serialise the
  // result with WriteApplication (json_views.hpp), which writes only what the server reads.
  domain::Application Apply(domain::Application app) const;
  // Free text (an officer's question, a member's reasoning, a decision's reasons) with every
  // full name of a person the application names replaced by that person's label. Names are
  // found as written in the application, in any case and spacing (the matching of
  // domain::NormalisePersonName), as whole words. Best effort: a first name or surname alone,
  // or a person the application does not name, is not recognised.
  std::string InText(const std::string& text) const;
  // InText over every free-text field of a case (referral questions, advice, the
  // kommunicering and the reply, the decision's reasons, conditions, the timeline's details,
  // the screening's explanations, which quote incident references).
  // The timeline's details also lose their contact details, whether or not the application
  // names anyone: a reminder's recipient (`to`) and the mail server's answer (`error`, which
  // may quote the address) are left out, and any other e-mail address in a detail is replaced
  // by a note that one was left out.
  void InCase(domain::CaseDetail& detail) const;

 private:
  void Add(const std::string& name);
  std::map<std::string, std::string> map_;
};

}  // namespace granska::http
