#include "app/smtp_mailer.hpp"

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>

namespace granska::app {

std::string SmtpMailer::Send(const std::string& to, const std::string& subject, const std::string& body,
                             const std::string& message_id) {
  try {
    Poco::Net::MailMessage message;
    message.setSender(from_);
    message.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, to));
    message.setSubject(Poco::Net::MailMessage::encodeWord(subject, "UTF-8"));
    message.set("Message-ID", message_id);
    message.setContentType("text/plain; charset=UTF-8");
    message.setContent(body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    Poco::Net::SMTPClientSession session(host_, static_cast<Poco::UInt16>(port_));
    session.setTimeout(Poco::Timespan(10, 0));
    session.login();
    session.sendMessage(message);
    session.close();
    return {};
  } catch (const Poco::Exception& e) {
    return e.displayText();
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace granska::app
