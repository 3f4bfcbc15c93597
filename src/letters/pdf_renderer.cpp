#include "letters/pdf_renderer.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

namespace granska::letters {
namespace {

domain::Error Unavailable(std::string detail) {
  domain::Error e;
  e.code = domain::ErrorCode::kUnavailable;
  e.detail = std::move(detail);
  return e;
}

// What a client is told when a PDF cannot be made. The tool's own words (its path, exit
// code, temporary paths, a Python traceback, versions) go to the log only: a 503 problem
// document carries this detail as it is.
constexpr const char* kNoPdf = "The PDF could not be produced; try again shortly.";

// A private folder removed with everything in it when this goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "granska-letter-XXXXXX").string();
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  bool Ok() const { return !path_.empty(); }
  const std::string& Path() const { return path_; }

 private:
  std::string path_;
};

bool WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The child gets only what it needs to find itself and its fonts: never the server's
// secrets (GRANSKA_DB and the like) that live in its environment.
std::vector<std::string> ChildEnvironment() {
  static constexpr const char* kPassed[] = {
      "PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "XDG_CACHE_HOME", "FONTCONFIG_FILE", "FONTCONFIG_PATH"};
  std::vector<std::string> env;
  for (const char* name : kPassed)
    if (const char* v = std::getenv(name)) env.push_back(std::string(name) + "=" + v);
  if (!std::getenv("PATH")) env.emplace_back("PATH=/usr/local/bin:/usr/bin:/bin");
  return env;
}

std::string Tail(std::string text, std::size_t max) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.size() <= max ? text : "…" + text.substr(text.size() - max);
}

}  // namespace

domain::Result<PdfRenderer::Run> PdfRenderer::Spawn(const std::vector<std::string>& args,
                                                    const std::string& work_dir) const {
  const std::string log_path = work_dir + "/tool.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);

  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  const std::vector<std::string> env_strings = ChildEnvironment();
  std::vector<char*> envp;
  for (const auto& e : env_strings) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Unavailable("cannot start " + args[0] + ": " + std::strerror(rc));

  Run run;
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return Unavailable(std::string("waitpid failed: ") + std::strerror(errno));
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      run.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.output = ReadFile(log_path).value_or("");
  return run;
}

domain::Error PdfRenderer::Failed(const std::string& cause) const {
  if (options_.log_failure)
    options_.log_failure(cause);
  else
    std::cerr << "PDF rendering failed: " << cause << '\n';
  return Unavailable(kNoPdf);
}

domain::Result<std::string> PdfRenderer::Render(const std::string& html) const {
  TempDir dir;
  if (!dir.Ok()) return Failed(std::string("cannot create a temporary folder: ") + std::strerror(errno));
  const std::string in = dir.Path() + "/letter.html";
  const std::string out = dir.Path() + "/letter.pdf";
  if (!WriteFile(in, html)) return Failed("cannot write " + in);

  // Fixed arguments: only our own temporary paths, never case data.
  std::vector<std::string> args = {options_.executable, "--quiet",       "--encoding", "utf-8",
                                   "--base-url",        dir.Path() + "/"};
  if (!options_.pdf_variant.empty()) {
    args.push_back("--pdf-variant");
    args.push_back(options_.pdf_variant);
  }
  args.push_back(in);
  args.push_back(out);

  auto run = Spawn(args, dir.Path());
  if (!run) return Failed(run.Err().detail);
  if (run->timed_out)
    return Failed(options_.executable + " did not finish within " + std::to_string(options_.timeout.count()) + " ms");
  if (run->exit_code != 0)
    return Failed(options_.executable + " failed (exit " + std::to_string(run->exit_code) +
                  "): " + Tail(run->output, 2000));
  auto pdf = ReadFile(out);
  if (!pdf || pdf->rfind("%PDF-", 0) != 0)
    return Failed(options_.executable + " wrote no PDF: " + Tail(run->output, 2000));
  return std::move(*pdf);
}

domain::Result<std::string> PdfRenderer::Version() const {
  TempDir dir;
  if (!dir.Ok()) return Unavailable(std::string("cannot create a temporary folder: ") + std::strerror(errno));
  auto run = Spawn({options_.executable, "--version"}, dir.Path());
  if (!run) return run.Err();
  if (run->timed_out || run->exit_code != 0)
    return Unavailable(options_.executable + " --version failed: " + Tail(run->output, 500));
  return Tail(run->output, 200);
}

}  // namespace granska::letters
