#pragma once
// E-mail over SMTP with Poco::Net (plain SMTP to a relay on the municipality's network;
// see docs/operations.md). Returns what went wrong instead of throwing.
#include <string>

#include "workflow/follow_up.hpp"

namespace granska::app {

class SmtpMailer final : public workflow::Mailer {
 public:
  SmtpMailer(std::string host, int port, std::string from) : host_(std::move(host)), port_(port), from_(std::move(from)) {}
  std::string Send(const std::string& to, const std::string& subject, const std::string& body,
                   const std::string& message_id) override;

 private:
  std::string host_;
  int port_;
  std::string from_;
};

}  // namespace granska::app
