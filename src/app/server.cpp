// `granska serve`: a Poco ServerApplication around the HTTP server.
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketDefs.h>
#include <Poco/Util/ServerApplication.h>

#include <Poco/Logger.h>

#include <condition_variable>
#include <malloc.h>

#include <iostream>
#include <mutex>
#include <thread>

#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "http/request_handler.hpp"

namespace granska::app {
namespace {

class GranskaServer final : public Poco::Util::ServerApplication {
 public:
  explicit GranskaServer(Config config) : config_(std::move(config)) {}

 protected:
  int main(const std::vector<std::string>&) override {
    ApplyTimeZone(config_.time_zone);
    std::unique_ptr<Runtime> rt;
    Poco::Net::ServerSocket socket;
    try {
      // The port first, and alone: Poco's ServerSocket(address) sets SO_REUSEPORT with
      // SO_REUSEADDR, and a second server on a port in use would then start and share it.
      const auto port = static_cast<Poco::UInt16>(config_.http_port);
      try {
        socket.bind(Poco::Net::SocketAddress(config_.http_host, port), /*reuseAddress=*/true, /*reusePort=*/false);
        socket.listen();
      } catch (const Poco::Exception& e) {
        if (e.code() == POCO_EADDRINUSE)
          throw std::runtime_error(config_.http_host + " port " + std::to_string(port) +
                                   " is in use (another granska serve, or another program, listens there; set "
                                   "http.port or GRANSKA_HTTP_PORT)");
        throw std::runtime_error("cannot listen on " + config_.http_host + " port " + std::to_string(port) + ": " +
                                 e.displayText());
      }
      rt = std::make_unique<Runtime>(config_);
      // A process that died between a submission's commit and its numbering left the
      // case waiting for its diarienummer (workflow/case_numbering.hpp): number it now.
      if (const auto numbered = rt->NumberPendingCases())
        std::cout << "granska: numbered " << numbered << " case(s) left unnumbered by an interrupted submission"
                  << std::endl;
    } catch (const std::exception& e) {
      std::cerr << "granska serve: refusing to start: " << e.what() << std::endl;
      return EXIT_UNAVAILABLE;
    }
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(config_.http_threads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPServer server(new http::RequestHandlerFactory(rt->Services(), rt->Router()), socket, params);
    server.start();
    // The background job: every process runs it; the job itself is safe to run at once
    // in several processes (see workflow/follow_up.hpp).
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    std::thread jobs([&] {
      if (config_.jobs_interval_seconds <= 0) return;
      std::unique_lock lock(mutex);
      while (!wake.wait_for(lock, std::chrono::seconds(config_.jobs_interval_seconds), [&] { return stopping; })) {
        lock.unlock();
        try {
          Poco::Logger::get("granska.jobs").information("%s", rt->RunBackgroundJobs());
        } catch (const std::exception& e) {
          Poco::Logger::get("granska.jobs").error("background job failed: %s", std::string(e.what()));
        }
        lock.lock();
      }
    });
    std::cout << "granska: serving on http://" << config_.http_host << ":" << socket.address().port() << "/"
              << std::endl;
    waitForTerminationRequest();
    std::cout << "granska: stopping" << std::endl;
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    jobs.join();
    server.stopAll(false);
    return EXIT_OK;
  }

 private:
  Config config_;
};

}  // namespace

int RunServe(const Args& args) {
  // A case-list page is ~400 KB (every item carries its screening), and the result, the
  // strings and the response of each request are freed again at its end. With glibc's
  // defaults such blocks are mapped and unmapped (or trimmed) per request: bench/http's
  // profile of the list showed page faults and page clearing among the server's largest
  // costs. Keep blocks up to 16 MiB in the heap and trim it only beyond 128 MiB of free
  // space; the resident size stays flat under load (bench/RESULTS.md, "http", memory).
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  Config config = LoadConfig(Option(args, "--config"));
  GranskaServer server(std::move(config));
  char name[] = "granska";
  char* argv[] = {name, nullptr};
  return server.run(1, argv);
}

}  // namespace granska::app
