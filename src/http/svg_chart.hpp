#pragma once
// Server-drawn SVG charts for reports: no scripts, no external resources, readable
// without colour (every bar carries its number and the legend names the series).
#include <string>
#include <vector>

namespace granska::http {

struct ChartSeries {
  std::string name;
  std::vector<double> values;  // one per category
};

// A grouped bar chart; `title` is also the accessible name (role="img", aria-label).
std::string BarChartSvg(const std::string& title, const std::vector<std::string>& categories,
                        const std::vector<ChartSeries>& series, const std::string& unit = "");

std::string HtmlEscape(const std::string& s);

}  // namespace granska::http
