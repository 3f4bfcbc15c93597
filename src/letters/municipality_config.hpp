#pragma once
// Everything a letter shows that is not case data: the municipality, the deciding body, the
// default delegation reference, contact details, the appeal court and notice board, the
// standard revocation clause, payment details for repayment claims, the privacy notice and
// the signature lines. Read once from config/municipality.properties (keys: docs/letters.md)
// and validated at start-up: every key present, nothing unknown, the logo readable.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/screening.hpp"  // LocalizedText
#include "letters/letter_model.hpp"

namespace granska::letters {

struct MunicipalityConfig {
  using Text = domain::LocalizedText;

  Text name;                               // municipality.name.sv|en
  Text administration;                     // municipality.administration.sv|en
  std::vector<std::string> address_lines;  // municipality.address, lines separated by '|'
  std::string org_number;                  // municipality.org_number
  std::string phone;                       // municipality.phone
  std::string email;                       // municipality.email
  std::string website;                     // municipality.website
  std::string logo_data_uri;               // municipality.logo (optional): the file, embedded as data: URI

  Text deciding_body;         // deciding_body.sv|en
  Text delegation_reference;  // delegation.reference.sv|en: the default when the decision names none

  Text contact_unit;  // contact.unit.sv|en
  std::string contact_phone;
  std::string contact_email;
  Text contact_hours;  // contact.hours.sv|en

  Text appeal_court;                              // appeal.court.sv|en: the administrative court
  std::vector<std::string> appeal_court_address;  // appeal.court_address, lines separated by '|'
  std::string appeal_notice_board;                // appeal.notice_board: where minutes are announced
  Text appeal_text;                               // appeal.text.sv|en: the municipality's own guidance

  Text revocation_clause_grant;    // revocation_clause.grant.sv|en: the standard återkallelseförbehåll for grants
  Text revocation_clause_booking;  // revocation_clause.booking.sv|en: the same for bookings of premises
  std::string payment_bankgiro;    // payment.bankgiro: where repayments go

  Text privacy_notice;  // privacy.text.sv|en
  Text signature_unit;  // signature.unit.sv|en
  Text signature_note;  // signature.note.sv|en

  // Reads and validates the file; a relative logo path is relative to the file's folder.
  static domain::Result<MunicipalityConfig> Load(const std::filesystem::path& file);
  static domain::Result<MunicipalityConfig> Parse(std::string_view text, const std::filesystem::path& base_dir);

  static const std::vector<std::string>& RequiredKeys();
};

inline const std::string& In(const domain::LocalizedText& text, Language language) {
  return language == Language::kEn ? text.en : text.sv;
}

}  // namespace granska::letters
