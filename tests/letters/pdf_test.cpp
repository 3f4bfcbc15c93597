// PDF through WeasyPrint, read back with pdftotext (poppler-utils): the case number on every
// page, the reasons, the conditions, the appeal deadline and å ä ö é, with fonts embedded.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <string>

#include "letters/pdf_renderer.hpp"
#include "letters/sample_letters.hpp"
#include "letters_test_support.hpp"

namespace granska::letters {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A PDF in a private temporary folder, with poppler's tools run on it. The command lines hold
// only our own temporary path.
class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes) {
    std::string pattern = (std::filesystem::temp_directory_path() / "granska-pdf-test-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
    path_ = dir_ / "letter.pdf";
    testing::WriteText(path_, bytes);
  }
  ~PdfFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Text() const { return Run("pdftotext -enc UTF-8 '" + path_.string() + "' -"); }
  std::string PageText(int page) const {
    const std::string n = std::to_string(page);
    return Run("pdftotext -enc UTF-8 -f " + n + " -l " + n + " '" + path_.string() + "' -");
  }
  int Pages() const {
    const std::string info = Run("pdfinfo '" + path_.string() + "'");
    const auto at = info.find("Pages:");
    BOOST_REQUIRE(at != std::string::npos);
    return std::stoi(info.substr(at + 6));
  }
  std::string Fonts() const { return Run("pdffonts '" + path_.string() + "'"); }

 private:
  static std::string Run(const std::string& command) {
    FILE* p = ::popen(command.c_str(), "r");
    BOOST_REQUIRE_MESSAGE(p, "cannot run " << command);
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int rc = ::pclose(p);
    BOOST_REQUIRE_MESSAGE(rc == 0, command << " failed (is poppler-utils installed?)");
    return out;
  }
  std::filesystem::path dir_;
  std::filesystem::path path_;
};

std::string RenderPdf(const LetterModel& m) {
  auto pdf = PdfRenderer().Render(testing::RenderOrFail(m));
  BOOST_REQUIRE_MESSAGE(pdf.Ok(), (pdf.Ok() ? "" : testing::Describe(pdf.Err())) << " (is weasyprint installed?)");
  return pdf.Value();
}

// pdftotext writes the no-break spaces of amounts as U+00A0; compare with plain spaces.
std::string Plain(std::string s) {
  for (std::size_t at; (at = s.find("\u00a0")) != std::string::npos;) s.replace(at, 2, " ");
  return s;
}

// Text with line breaks and runs of spaces folded to one space, for phrases that wrap.
std::string Folded(const std::string& s) {
  std::string out;
  for (char c : Plain(s)) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\f';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(pdf)

BOOST_AUTO_TEST_CASE(ARejectionPdfShowsCaseNumberReasonsDeadlineAndSwedishLetters) {
  const LetterModel m = SampleLetters(LetterType::kRejection, Language::kSv).front();
  const std::string bytes = RenderPdf(m);
  BOOST_TEST(bytes.rfind("%PDF-", 0) == 0u);
  const PdfFile pdf(bytes);
  const std::string text = Folded(pdf.Text());
  BOOST_TEST(Contains(text, "Diarienummer 2026-00042"), text);
  BOOST_TEST(Contains(text, "Skäl för beslutet"));
  BOOST_TEST(Contains(text, "DV-1 Våld, tvång eller hot"));
  BOOST_TEST(Contains(text, "dömdes den 3 mars 2025 av Exempelby tingsrätt för olaga hot"));
  BOOST_TEST(Contains(text, "senast den 28 december 2026"));
  BOOST_TEST(Contains(text, "avslår ansökan från Ungdomsföreningen Ängsbäcken om verksamhetsbidrag med 60 000 kr"));
  for (const char* ch : {"å", "ä", "ö", "é", "Å", "Ä"}) BOOST_TEST(Contains(text, ch), ch);
  BOOST_TEST(Contains(text, "René Åström"));
  for (int page = 1; page <= pdf.Pages(); ++page) {
    const std::string p = Folded(pdf.PageText(page));
    BOOST_TEST(Contains(p, "Diarienummer 2026-00042"), "page " << page);
    BOOST_TEST(Contains(p, "Sida " + std::to_string(page) + " av " + std::to_string(pdf.Pages())), "page " << page);
  }
  // Every font is embedded (a subset), so the letter prints the same everywhere.
  const std::string fonts = pdf.Fonts();
  BOOST_TEST(Contains(fonts, "DejaVu-Sans"));
  BOOST_TEST(!Contains(fonts, " no  "), fonts);
}

BOOST_AUTO_TEST_CASE(AnApprovalWithManyConditionsHasTheCaseNumberOnEveryPage) {
  LetterModel m = SampleLetters(LetterType::kApprovalWithConditions, Language::kSv).front();
  const auto base = m.conditions;
  for (int i = 0; i < 8; ++i)
    for (Condition c : base) {
      c.due_on = c.due_on.AddMonths(i);
      m.conditions.push_back(c);
    }
  m.conditions.push_back({domain::ConditionKind::kInspectionAccess,
                          "Kommunen får göra ett besök i föreningens lokal på Örnvägen.",
                          *domain::Date::Parse("2027-09-30")});
  const PdfFile pdf(RenderPdf(m));
  const int pages = pdf.Pages();
  BOOST_TEST_MESSAGE("approval with " << m.conditions.size() << " conditions: " << pages << " pages");
  BOOST_REQUIRE_GE(pages, 3);
  for (int page = 1; page <= pages; ++page) {
    const std::string p = Folded(pdf.PageText(page));
    BOOST_TEST(Contains(p, "Diarienummer 2026-00042"), "page " << page << ":\n" << p);
    BOOST_TEST(Contains(p, "Sida " + std::to_string(page) + " av " + std::to_string(pages)), "page " << page);
  }
  const std::string text = Folded(pdf.Text());
  BOOST_TEST(Contains(text, "Villkor"));
  BOOST_TEST(Contains(text, "Verksamhetsrapport"));
  BOOST_TEST(Contains(text, "Tillträde för besök och inspektion"));
  BOOST_TEST(Contains(text, "demokrativillkoren"));
  BOOST_TEST(Contains(text, "30 juni 2027"));
  BOOST_TEST(Contains(text, "Kommunen får göra ett besök i föreningens lokal på Örnvägen."));
  BOOST_TEST(Contains(text, "Särskilda skäl"));
  BOOST_TEST(Contains(text, "Återkallelseförbehåll"));
  BOOST_TEST(Contains(text, "senast den 28 december 2026"));
  BOOST_TEST(Contains(text, "beviljar Ungdomsföreningen Ängsbäcken verksamhetsbidrag med 45 000 kr"));
}

BOOST_AUTO_TEST_CASE(TheAppealNoticeGivesTheLastDayAndTheDecisionItConcerns) {
  const PdfFile pdf(RenderPdf(SampleLetters(LetterType::kAppealNotice, Language::kSv).front()));
  for (int page = 1; page <= pdf.Pages(); ++page)
    BOOST_TEST(Contains(Folded(pdf.PageText(page)), "2026-00042"), "page " << page);
  const std::string text = Folded(pdf.Text());
  BOOST_TEST(Contains(text, "Underrättelse om tid för överklagande"));
  BOOST_TEST(Contains(text, "senast den 28 december 2026"));
  BOOST_TEST(Contains(text, "Tiden räknas från den 4 december 2026"));
  BOOST_TEST(Contains(text, "beslut den 20 november 2026"));
  BOOST_TEST(Contains(text, "beviljades med villkor"));
  BOOST_TEST(Contains(text, "juldagen"));
  BOOST_TEST(Contains(text, "Ängsbäcken"));
}

BOOST_AUTO_TEST_CASE(TheDroppedRevocationPdfSaysTheDecisionStands) {
  const PdfFile pdf(RenderPdf(SampleLetters(LetterType::kRevocationDropped, Language::kSv).front()));
  for (int page = 1; page <= pdf.Pages(); ++page) {
    const std::string p = Folded(pdf.PageText(page));
    BOOST_TEST(Contains(p, "Diarienummer 2026-00042"), "page " << page);
    BOOST_TEST(Contains(p, "Sida " + std::to_string(page) + " av " + std::to_string(pdf.Pages())), "page " << page);
  }
  const std::string text = Folded(pdf.Text());
  BOOST_TEST(Contains(text, "Besked – beslutet återkallas inte"), text);
  BOOST_TEST(Contains(text, "återkallar inte beslutet den 20 november 2026"));
  BOOST_TEST(Contains(text, "Beslutet gäller som tidigare."));
  BOOST_TEST(Contains(text, "Ärendet om återkallelse är avslutat."));
  BOOST_TEST(Contains(text, "fullföljs inte heller"));
  BOOST_TEST(Contains(text, "Villkor som fortsätter att gälla"));
  BOOST_TEST(Contains(text, "Ekonomisk redovisning"));
  BOOST_TEST(!Contains(text, "Hur man överklagar"));
}

BOOST_AUTO_TEST_CASE(TheAnnulledRevocationPdfSaysTheDecisionAppliesAgain) {
  const PdfFile pdf(RenderPdf(SampleLetters(LetterType::kRevocationAnnulled, Language::kSv).front()));
  for (int page = 1; page <= pdf.Pages(); ++page) {
    const std::string p = Folded(pdf.PageText(page));
    BOOST_TEST(Contains(p, "Diarienummer 2026-00042"), "page " << page);
    BOOST_TEST(Contains(p, "Sida " + std::to_string(page) + " av " + std::to_string(pdf.Pages())), "page " << page);
  }
  const std::string text = Folded(pdf.Text());
  BOOST_TEST(Contains(text, "Besked: beslutet om återkallelse har upphävts"), text);
  BOOST_TEST(Contains(text, "Förvaltningsrätten i Göteborg har genom dom den 8 mars 2028 (mål nr 8123-27)"));
  BOOST_TEST(Contains(text, "Beslutet den 20 november 2026 gäller därför igen."));
  BOOST_TEST(Contains(text, "betala tillbaka 45 000 kr senast den 31 oktober 2027 gäller inte längre"));
  BOOST_TEST(Contains(text, "Villkor som gäller igen"));
  BOOST_TEST(Contains(text, "(har passerat)"));
  BOOST_TEST(Contains(text, "Ekonomisk redovisning"));
  BOOST_TEST(Contains(text, "Detta besked är inget nytt beslut och kan inte överklagas."));
  BOOST_TEST(!Contains(text, "Hur man överklagar"));
}

BOOST_AUTO_TEST_CASE(TheAnnulledDecisionPdfSaysTheApplicationIsConsideredAgain) {
  const PdfFile pdf(RenderPdf(SampleLetters(LetterType::kDecisionAnnulled, Language::kSv).front()));
  for (int page = 1; page <= pdf.Pages(); ++page) {
    const std::string p = Folded(pdf.PageText(page));
    BOOST_TEST(Contains(p, "Diarienummer 2026-00042"), "page " << page);
    BOOST_TEST(Contains(p, "Sida " + std::to_string(page) + " av " + std::to_string(pdf.Pages())), "page " << page);
  }
  const std::string text = Folded(pdf.Text());
  BOOST_TEST(Contains(text, "Besked: beslutet har upphävts"), text);
  BOOST_TEST(Contains(text, "Förvaltningsrätten i Göteborg har genom dom den 17 maj 2027 (mål nr 3456-27)"));
  BOOST_TEST(
      Contains(text, "upphävt kommunens beslut den 20 november 2026 om föreningens ansökan om verksamhetsbidrag"));
  BOOST_TEST(Contains(text, "beviljades med villkor och att bidraget bestämdes till 45 000 kr"));
  BOOST_TEST(Contains(text, "Beslutet gäller därför inte längre."));
  BOOST_TEST(Contains(text, "Kommunen prövar ansökan på nytt"));
  BOOST_TEST(Contains(text, "Villkor som inte längre gäller"));
  BOOST_TEST(Contains(text, "Ekonomisk redovisning"));
  BOOST_TEST(Contains(text, "Detta besked är inget nytt beslut och kan inte överklagas."));
  BOOST_TEST(!Contains(text, "Hur man överklagar"));
}

BOOST_AUTO_TEST_CASE(AnEnglishDraftPdfSaysItIsADraftOnEveryPage) {
  LetterModel m = SampleLetters(LetterType::kApprovalWithConditions, Language::kEn).front();
  m.draft = true;
  const PdfFile pdf(RenderPdf(m));
  for (int page = 1; page <= pdf.Pages(); ++page) {
    const std::string p = Folded(pdf.PageText(page));
    BOOST_TEST(Contains(p, "DRAFT – not issued"), "page " << page);
    BOOST_TEST(Contains(p, "Case no. 2026-00042"), "page " << page);
    BOOST_TEST(Contains(p, "Page " + std::to_string(page) + " of"), "page " << page);
  }
}

BOOST_AUTO_TEST_CASE(EveryLetterTypeRendersToPdfAndTheTimeIsReported) {
  const auto start = std::chrono::steady_clock::now();
  int letters = 0;
  for (const auto& [type, name] : AllLetterTypes())
    for (const auto& [language, lang] : AllLanguages()) {
      const std::string bytes = RenderPdf(SampleLetters(type, language).front());
      BOOST_TEST(bytes.size() > 10000u, name << "_" << lang);
      ++letters;
    }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  BOOST_TEST_MESSAGE("rendered " << letters << " PDF letters in " << ms.count() << " ms (" << ms.count() / letters
                                 << " ms per letter, one weasyprint process each)");
}

// PdfOptions whose failures are kept in `log`.
PdfOptions Logging(const std::string& executable, std::string& log) {
  PdfOptions options;
  options.executable = executable;
  options.log_failure = [&log](const std::string& cause) { log += cause + "\n"; };
  return options;
}

BOOST_AUTO_TEST_CASE(AMissingToolIsAnUnavailableErrorWithAFixedDetailAndTheReasonInTheLog) {
  std::string log;
  auto pdf = PdfRenderer(Logging("/nonexistent/weasyprint", log)).Render("<html></html>");
  BOOST_REQUIRE(!pdf.Ok());
  BOOST_TEST(static_cast<int>(pdf.Err().code) == static_cast<int>(domain::ErrorCode::kUnavailable));
  // The detail reaches API clients in the 503 problem document: no path, no tool output.
  BOOST_TEST(pdf.Err().detail == "The PDF could not be produced; try again shortly.");
  BOOST_TEST(Contains(log, "cannot start /nonexistent/weasyprint"), log);
}

BOOST_AUTO_TEST_CASE(AFailingToolsOutputGoesToTheLogNotToTheError) {
  std::string log;
  auto pdf = PdfRenderer(Logging("false", log)).Render("<html></html>");  // exits 1 at once
  BOOST_REQUIRE(!pdf.Ok());
  BOOST_TEST(pdf.Err().detail == "The PDF could not be produced; try again shortly.");
  BOOST_TEST(!Contains(pdf.Err().detail, "/tmp"));
  BOOST_TEST(Contains(log, "false failed (exit 1)"), log);
}

BOOST_AUTO_TEST_CASE(TheToolReportsItsVersion) {
  auto v = PdfRenderer().Version();
  BOOST_REQUIRE_MESSAGE(v.Ok(), (v.Ok() ? "" : v.Err().detail));
  BOOST_TEST(Contains(*v, "WeasyPrint"), *v);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::letters
