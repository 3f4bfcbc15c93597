#pragma once
// A real SMTP listener on loopback for tests: accepts mail and records it.
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace Poco::Net {
class ServerSocket;
}

namespace granska::testing {

class SmtpListener {
 public:
  explicit SmtpListener(int port = 0);  // 0: a free port
  ~SmtpListener();
  int Port() const { return port_; }
  std::vector<std::string> Messages() const;  // the DATA of each message received

 private:
  void Serve();
  std::unique_ptr<Poco::Net::ServerSocket> socket_;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;
};

}  // namespace granska::testing
