#pragma once
// HTML -> PDF through WeasyPrint (Debian package `weasyprint`), run as a child process with
// posix_spawnp: the HTML goes to a file in a private temporary folder, the argument list is
// fixed (no shell, no case data on the command line), the environment is cut down to PATH,
// HOME, locale and font settings (no server secrets), and the PDF is read back. Thread-safe:
// each call has its own folder; a call blocks for about a second (docs/letters.md), so call it
// outside any database transaction. WeasyPrint
// implements CSS paged media (page counters, margin boxes, string-set running headers) and
// embeds subsets of the fonts it uses (DejaVu here), so å ä ö é print as written.
// Why WeasyPrint and what it costs: docs/letters.md.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "domain/error.hpp"

namespace granska::letters {

struct PdfOptions {
  std::string executable = "weasyprint";  // looked up in PATH unless it contains a '/'
  std::chrono::milliseconds timeout{60000};
  // PDF/A-3b by default: an archival PDF with embedded fonts and metadata (letters are
  // archived exactly as issued). Empty: a plain PDF.
  std::string pdf_variant = "pdf/a-3b";
  // Where the cause of a failed Render goes (the tool's path, exit code, output): the server
  // sets its log (app/runtime.cpp); empty writes it to stderr. It never reaches the Error.
  std::function<void(const std::string& cause)> log_failure;
};

class PdfRenderer {
 public:
  explicit PdfRenderer(PdfOptions options = {}) : options_(std::move(options)) {}

  // The PDF's bytes. kUnavailable when the tool is missing, fails, times out or writes no PDF,
  // with a fixed detail fit for a client; the tool's own message goes to log_failure.
  domain::Result<std::string> Render(const std::string& html) const;

  // "WeasyPrint version 57.2": for the start-up check and the logs.
  domain::Result<std::string> Version() const;

 private:
  struct Run {
    int exit_code = -1;
    bool timed_out = false;
    std::string output;  // stdout and stderr
  };
  domain::Result<Run> Spawn(const std::vector<std::string>& args, const std::string& work_dir) const;
  domain::Error Failed(const std::string& cause) const;

  PdfOptions options_;
};

}  // namespace granska::letters
