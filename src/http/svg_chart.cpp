#include "http/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace granska::http {

std::string HtmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

namespace {

std::string Num(double v) {
  char buf[32];
  if (std::fabs(v - std::round(v)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Colour-blind safe palette (Okabe–Ito).
constexpr const char* kColours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"};

}  // namespace

std::string BarChartSvg(const std::string& title, const std::vector<std::string>& categories,
                        const std::vector<ChartSeries>& series, const std::string& unit) {
  double max_value = 0;
  for (const auto& s : series)
    for (double v : s.values) max_value = std::max(max_value, v);
  if (max_value <= 0) max_value = 1;
  const int n_series = std::max<int>(1, static_cast<int>(series.size()));
  const int bar_w = 18, gap = 14, left = 50, top = 30, height = 180;
  const int group_w = n_series * bar_w + gap;
  const int width = left + std::max<int>(1, static_cast<int>(categories.size())) * group_w + 20;
  const int legend_h = 18 * n_series;
  const int total_h = top + height + 40 + legend_h;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" + HtmlEscape(title) +
                    "\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(total_h) +
                    "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(total_h) +
                    "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\">";
  svg += "<title>" + HtmlEscape(title) + "</title>";
  svg += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(top + height) + "\" x2=\"" +
         std::to_string(width - 10) + "\" y2=\"" + std::to_string(top + height) + "\" stroke=\"#333\"/>";
  svg += "<text x=\"4\" y=\"" + std::to_string(top) + "\">" + Num(max_value) + HtmlEscape(unit) + "</text>";
  for (std::size_t c = 0; c < categories.size(); ++c) {
    const int gx = left + static_cast<int>(c) * group_w;
    for (std::size_t s = 0; s < series.size(); ++s) {
      const double v = c < series[s].values.size() ? series[s].values[c] : 0;
      const int h = static_cast<int>(std::lround(v / max_value * height));
      const int x = gx + static_cast<int>(s) * bar_w;
      svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + height - h) + "\" width=\"" +
             std::to_string(bar_w - 2) + "\" height=\"" + std::to_string(h) + "\" fill=\"" + kColours[s % 7] +
             "\"><title>" + HtmlEscape(series[s].name + ", " + categories[c] + ": " + Num(v) + unit) + "</title></rect>";
      if (v > 0)
        svg += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + height - h - 3) + "\">" + Num(v) +
               "</text>";
    }
    svg += "<text x=\"" + std::to_string(gx) + "\" y=\"" + std::to_string(top + height + 14) + "\">" +
           HtmlEscape(categories[c]) + "</text>";
  }
  for (std::size_t s = 0; s < series.size(); ++s) {
    const int y = top + height + 30 + static_cast<int>(s) * 18;
    svg += "<rect x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(y - 10) + "\" width=\"12\" height=\"12\" fill=\"" +
           kColours[s % 7] + "\"/><text x=\"" + std::to_string(left + 18) + "\" y=\"" + std::to_string(y) + "\">" +
           HtmlEscape(series[s].name) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace granska::http
