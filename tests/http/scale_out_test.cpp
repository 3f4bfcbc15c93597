// Scale-out (issue 10): two `granska serve` processes, the built binary, on one database.
// They share nothing but PostgreSQL, so everything that must hold across processes is
// hammered through both at once: gap-free distinct case numbers, exactly one winning
// decision, no lost advice and one quorum, and background jobs that run in both processes
// yet send each reminder once.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <csignal>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <latch>
#include <mutex>
#include <set>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "app/runtime.hpp"
#include "common/smtp_listener.hpp"
#include "common/test_db.hpp"
#include "common/test_server.hpp"

extern char** environ;

using granska::testing::OrgNumberFor;
using granska::testing::SampleGrant;
using granska::testing::SmtpListener;
using granska::testing::TestDatabase;
using Poco::JSON::Object;

using granska::testing::Parse;
using granska::testing::Today;

namespace {

int FreePort() {
  Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
  return s.address().port();
}

struct Reply {
  int status = 0;
  std::string body;
};

Reply Call(int port, const std::string& method, const std::string& path, const std::string& token = "",
           const std::string& body = "") {
  const auto r = granska::testing::HttpRequest(port, method, path, token, body);
  return {r.status, r.body};
}

// One `granska serve` child process, stopped with SIGTERM (SIGKILL after 15 s).
class ServerProcess {
 public:
  ServerProcess(const std::string& db, const std::string& config_file, int port, const std::string& log)
      : port_(port), log_(log) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
      const std::string kv = *e;
      if (kv.rfind("GRANSKA_", 0) != 0) env.push_back(kv);
    }
    const std::string src = GRANSKA_SOURCE_DIR;
    env.push_back("GRANSKA_DB=" + db);
    env.push_back("GRANSKA_HTTP_PORT=" + std::to_string(port));
    env.push_back("GRANSKA_RULES_DIR=" + src + "/rules");
    env.push_back("GRANSKA_TEMPLATES_DIR=" + src + "/templates");
    env.push_back("GRANSKA_LETTERS_CONFIG=" + src + "/config/municipality.properties");
    std::vector<char*> envp;
    for (auto& s : env) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string bin = GRANSKA_BINARY, serve = "serve", opt = "--config", cfg = config_file;
    char* argv[] = {bin.data(), serve.data(), opt.data(), cfg.data(), nullptr};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addchdir_np(&fa, src.c_str());
    const int rc = posix_spawn(&pid_, GRANSKA_BINARY, &fa, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("could not start " GRANSKA_BINARY);
  }
  ~ServerProcess() { Stop(); }

  // Waits (bounded) until /healthz answers 200.
  bool WaitReady(std::chrono::seconds limit = std::chrono::seconds(60)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      try {
        if (Call(port_, "GET", "/healthz").status == 200) return true;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }

  int Stop() {
    if (pid_ <= 0) return 0;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 150; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
  }

  std::string Log() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  int Port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_;
  std::string log_;
};

// A private folder for the config file and the servers' logs, removed however the test ends.
struct TempDir {
  std::string path = "/tmp/granska-scale-out-" + std::to_string(::getpid());
  TempDir() { std::system(("mkdir -p " + path).c_str()); }
  ~TempDir() { std::system(("rm -rf " + path).c_str()); }
};

struct TwoServers {
  TestDatabase db;
  SmtpListener smtp;
  TempDir temp;
  std::string dir = temp.path;
  std::unique_ptr<ServerProcess> a, b;
  std::map<std::string, std::string> tokens;  // name -> token

  TwoServers() {
    {
      std::ofstream cfg(dir + "/granska.properties");
      cfg << "http.host = 127.0.0.1\nhttp.threads = 8\ndb.pool_size = 8\ntime.zone = Europe/Stockholm\n"
             "advisory.quorum = 3\nadvisory.deadline_days = 14\n"
             "jobs.interval_seconds = 1\nfollowup.remind_days_before = 14\n"
             "smtp.host = 127.0.0.1\nsmtp.port = "
          << smtp.Port() << "\nsmtp.from = granska@kommun.example\n";
    }
    // Users straight into the tables (what `granska user add` writes, minus its event):
    // one process start per user would cost seconds under ASan.
    AddUser("intake", "intake", "");
    AddUser("coordinator", "coordinator", "security");
    for (int i = 0; i < 6; ++i) AddUser("officer" + std::to_string(i), "case_officer", "");
    for (int i = 0; i < 6; ++i) AddUser("member" + std::to_string(i), "advisory_member", i % 2 ? "social" : "security");
    a = std::make_unique<ServerProcess>(db.AppConnection(), dir + "/granska.properties", FreePort(), dir + "/a.log");
    b = std::make_unique<ServerProcess>(db.AppConnection(), dir + "/granska.properties", FreePort(), dir + "/b.log");
    BOOST_REQUIRE_MESSAGE(a->WaitReady(), "server A did not start: " << a->Log());
    BOOST_REQUIRE_MESSAGE(b->WaitReady(), "server B did not start: " << b->Log());
  }
  ~TwoServers() {
    const int ra = a ? a->Stop() : 0, rb = b ? b->Stop() : 0;
    BOOST_CHECK_MESSAGE(ra == 0, "server A exit " << ra << ": " << a->Log());
    BOOST_CHECK_MESSAGE(rb == 0, "server B exit " << rb << ": " << b->Log());
  }

  void AddUser(const std::string& name, const std::string& role, const std::string& sector) {
    const std::string token = granska::app::NewToken();
    db.Exec("WITH u AS (INSERT INTO users (name, role, sector) VALUES ('" + name + "', '" + role + "', " +
            (sector.empty() ? std::string("NULL") : "'" + sector + "'") +
            ") RETURNING id) INSERT INTO api_tokens (user_id, token_hash) SELECT id, '" +
            granska::app::HashTokenHex(token) + "' FROM u");
    tokens[name] = token;
  }
  int Port(int i) const { return i % 2 ? b->Port() : a->Port(); }

  long long Submit(int server, const std::string& body) {
    auto r = Call(Port(server), "POST", "/api/v1/applications", tokens["intake"], body);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.status << " " << r.body);
    return Parse(r.body)->getValue<long long>("case_id");
  }
  std::string Status(long long id) {
    return Parse(Call(a->Port(), "GET", "/api/v1/cases/" + std::to_string(id), tokens["officer0"]).body)
        ->getValue<std::string>("status");
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ScaleOut)

BOOST_AUTO_TEST_CASE(TwoServerProcessesOnOneDatabaseKeepEveryInvariant) {
  TwoServers s;
  const std::string id_clause = " WHERE case_id = ";

  // 1. Many submissions through both servers at once: distinct, gap-free case numbers.
  {
    constexpr int kThreads = 8, kEach = 8;
    std::mutex m;
    std::vector<std::string> numbers;
    std::vector<std::string> failures;
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        for (int i = 0; i < kEach; ++i) {
          try {
            auto r = Call(s.Port(t + i), "POST", "/api/v1/applications", s.tokens.at("intake"),
                          SampleGrant(OrgNumberFor(1000 + t * 100 + i)));
            std::lock_guard lock(m);
            if (r.status == 201) numbers.push_back(Parse(r.body)->getValue<std::string>("case_number"));
            else failures.push_back(std::to_string(r.status) + " " + r.body);
          } catch (const std::exception& e) {
            std::lock_guard lock(m);
            failures.push_back(e.what());
          }
        }
      });
    for (auto& th : threads) th.join();
    BOOST_TEST(failures.empty(), (failures.empty() ? "" : failures.front()));
    BOOST_TEST(numbers.size() == static_cast<std::size_t>(kThreads * kEach));
    BOOST_TEST(std::set<std::string>(numbers.begin(), numbers.end()).size() == numbers.size());
    BOOST_TEST(s.db.Count("SELECT count(DISTINCT case_number) FROM cases") == kThreads * kEach);
    BOOST_TEST(s.db.Count("SELECT max(sequence) - min(sequence) + 1 FROM cases") == kThreads * kEach);
    BOOST_TEST(s.db.Count("SELECT min(sequence) FROM cases") == 1);
    BOOST_TEST(s.db.Count("SELECT count(*) FROM events WHERE event = 'submitted'") == kThreads * kEach);
  }

  // 2. One case decided at the same moment by six officers through both servers.
  {
    const long long id = s.Submit(0, SampleGrant(OrgNumberFor(5001)));
    BOOST_REQUIRE(s.Status(id) == "in_review");
    constexpr int kOfficers = 6;
    std::vector<int> statuses(kOfficers);
    std::vector<std::string> bodies(kOfficers);
    std::latch start(kOfficers);
    std::vector<std::thread> threads;
    for (int i = 0; i < kOfficers; ++i)
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        try {
          auto r = Call(s.Port(i), "POST", "/api/v1/cases/" + std::to_string(id) + "/decision",
                        s.tokens.at("officer" + std::to_string(i)),
                        R"({"outcome":"approved","amount_sek":45000,"reasons":"Beslut av handläggare )" +
                            std::to_string(i) + R"(."})");
          statuses[i] = r.status;
          bodies[i] = r.body;
        } catch (const std::exception&) {
          statuses[i] = -1;
        }
      });
    for (auto& th : threads) th.join();
    int won = 0, conflict = 0;
    for (int st : statuses) {
      won += st == 200;
      conflict += st == 409;
    }
    BOOST_TEST(won == 1, bodies[0]);
    BOOST_TEST(conflict == kOfficers - 1, bodies[0]);
    BOOST_TEST(s.db.Count("SELECT count(*) FROM events WHERE event = 'decided' AND case_id = " + std::to_string(id)) == 1);
    BOOST_TEST(s.db.Count("SELECT count(*) FROM decisions" + id_clause + std::to_string(id)) == 1);
    BOOST_TEST(s.Status(id) == "decided");
  }

  // 3. Advice on a flagged case from six members through both servers at once: every
  //    accepted answer is stored with its event, and the quorum (3) is reached once.
  {
    auto inc = Call(s.Port(0), "POST", "/api/v1/incidents", s.tokens["coordinator"],
                    R"({"subject":{"person":"Omar Lind"},"kind":"threat","occurred_on":")" + Today(-584) + R"(",
                        "source":"court_judgment","verified":true,"reference":"Göteborgs tingsrätt B 1234-25",
                        "summary":"Hot mot en journalist."})");
    BOOST_REQUIRE_MESSAGE(inc.status == 201, inc.body);
    const long long id = s.Submit(1, SampleGrant(OrgNumberFor(6001)));
    BOOST_REQUIRE(s.Status(id) == "referred");
    constexpr int kMembers = 6;
    std::vector<int> statuses(kMembers);
    std::latch start(kMembers);
    std::vector<std::thread> threads;
    for (int i = 0; i < kMembers; ++i)
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        try {
          statuses[i] = Call(s.Port(i), "POST", "/api/v1/cases/" + std::to_string(id) + "/advice",
                             s.tokens.at("member" + std::to_string(i)),
                             R"({"recommendation":"approve_with_conditions","reasoning":"Ledamot )" + std::to_string(i) +
                                 R"(: villkor räcker.","proposed_conditions":["Öppet för allmänheten"]})")
                            .status;
        } catch (const std::exception&) {
          statuses[i] = -1;
        }
      });
    for (auto& th : threads) th.join();
    int accepted = 0, refused = 0;
    for (int st : statuses) {
      accepted += st == 200;
      refused += st == 409;
    }
    const std::string c = std::to_string(id);
    BOOST_TEST(accepted + refused == kMembers);
    BOOST_TEST(accepted >= 3);  // the quorum: nobody was refused before it was reached
    BOOST_TEST(s.db.Count("SELECT count(*) FROM events WHERE event = 'advice_given' AND case_id = " + c) == accepted);
    BOOST_TEST(s.db.Count("SELECT count(*) FROM advice a JOIN referrals r ON r.id = a.referral_id WHERE r.case_id = " +
                          c) == accepted);
    BOOST_TEST(s.db.Count("SELECT count(*) FROM events WHERE event = 'advised' AND case_id = " + c) == 1);
    BOOST_TEST(s.Status(id) == "advised");
  }

  // 4. Background jobs run in both processes every second: conditions granted through
  //    both servers get exactly one reminder each, the overdue one is marked once.
  {
    constexpr int kConditions = 6;
    std::vector<long long> conditions;
    for (int i = 0; i < kConditions; ++i) {
      // Without the board member who now has an incident: these cases are not referred.
      std::string grant = SampleGrant(OrgNumberFor(7001 + i));
      grant.replace(grant.find("Omar Lind"), 9, "Per Holm");
      const long long id = s.Submit(i, grant);
      auto d = Call(s.Port(i + 1), "POST", "/api/v1/cases/" + std::to_string(id) + "/decision", s.tokens["officer0"],
                    R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Uppfyller villkoren.",
                        "conditions":[{"kind":"activity_report","due":")" +
                        Today(5 + i) + R"(","description":"Verksamhetsberättelse för perioden"}]})");
      BOOST_REQUIRE_MESSAGE(d.status == 200, d.body);
      conditions.push_back(s.db.Count("SELECT max(id) FROM conditions WHERE case_id = " + std::to_string(id)));
    }
    s.db.Exec("UPDATE conditions SET due = current_date - 3 WHERE id = " + std::to_string(conditions.back()));
    // Bounded wait: both jobs tick every second; give them several ticks after the mail arrived.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < until &&
           (s.db.Count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") > 0 ||
            s.db.Count("SELECT count(*) FROM outbox") < kConditions))
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::this_thread::sleep_for(std::chrono::seconds(4));
    const long long outbox = s.db.Count("SELECT count(*) FROM outbox");
    BOOST_TEST(outbox >= kConditions);
    BOOST_TEST(s.db.Count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0);
    BOOST_TEST(s.smtp.Messages().size() == static_cast<std::size_t>(outbox));  // each sent once
    BOOST_TEST(s.db.Count("SELECT count(*) FROM events WHERE event = 'reminder_queued'") == outbox);
    BOOST_TEST(s.db.Count("SELECT count(DISTINCT (detail->>'condition_id', detail->>'reminder')) FROM events "
                          "WHERE event = 'reminder_queued'") == outbox);
    BOOST_TEST(s.db.Count("SELECT count(*) FROM events WHERE event = 'condition_overdue'") == 1);
    BOOST_TEST(s.db.Count("SELECT count(*) FROM conditions WHERE status = 'overdue'") == 1);
    // Both processes really ran the job: each logs one line per tick.
    BOOST_TEST(s.a->Log().find("reminders written") != std::string::npos, s.a->Log());
    BOOST_TEST(s.b->Log().find("reminders written") != std::string::npos, s.b->Log());
  }
}

BOOST_AUTO_TEST_SUITE_END()
