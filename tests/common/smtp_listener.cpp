#include "common/smtp_listener.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

namespace granska::testing {

SmtpListener::SmtpListener(int port) : socket_(std::make_unique<Poco::Net::ServerSocket>()) {
  socket_->bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), true);
  socket_->listen(64);
  port_ = socket_->address().port();
  thread_ = std::thread([this] { Serve(); });
}

SmtpListener::~SmtpListener() {
  stop_ = true;
  thread_.join();
  socket_->close();
}

std::vector<std::string> SmtpListener::Messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

void SmtpListener::Serve() {
  while (!stop_) {
    if (!socket_->poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) continue;
    Poco::Net::StreamSocket s = socket_->acceptConnection();
    s.setReceiveTimeout(Poco::Timespan(5, 0));
    auto send = [&](const std::string& line) { s.sendBytes(line.data(), static_cast<int>(line.size())); };
    send("220 localhost test SMTP\r\n");
    std::string buffer, data;
    bool in_data = false;
    try {
      for (;;) {
        char chunk[4096];
        const int n = s.receiveBytes(chunk, sizeof chunk);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(n));
        bool quit = false;
        for (;;) {
          if (in_data) {
            const auto end = buffer.find("\r\n.\r\n");
            if (end == std::string::npos) break;
            data = buffer.substr(0, end);
            buffer.erase(0, end + 5);
            in_data = false;
            {
              std::lock_guard lock(mutex_);
              messages_.push_back(data);
            }
            send("250 OK queued\r\n");
            continue;
          }
          const auto eol = buffer.find("\r\n");
          if (eol == std::string::npos) break;
          const std::string line = buffer.substr(0, eol);
          buffer.erase(0, eol + 2);
          const std::string verb = line.substr(0, 4);
          if (verb == "EHLO" || verb == "HELO") send("250 localhost\r\n");
          else if (verb == "DATA") { send("354 go ahead\r\n"); in_data = true; }
          else if (verb == "QUIT") { send("221 bye\r\n"); quit = true; break; }
          else send("250 OK\r\n");
        }
        if (quit) break;
      }
    } catch (...) {
    }
  }
}

}  // namespace granska::testing
