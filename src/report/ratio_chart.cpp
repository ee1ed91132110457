// SVG ratio chart (see ratio_chart.h).
#include "report/ratio_chart.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/svg_text.h"

namespace servesim::report {
namespace {

constexpr double kRowHeight = 46, kBarHeight = 16, kWidth = 420, kTop = 44;
constexpr double kCharWidth = 6.6;  // average glyph width of 12-px sans-serif

}  // namespace

void write_ratio_chart(std::ostream& out, const std::string& title, const std::vector<RatioBar>& bars) {
  std::size_t longest = 0;
  for (const RatioBar& b : bars) longest = std::max(longest, b.label.size());
  const double left = 16 + kCharWidth * static_cast<double>(longest);
  // Axis from 1x to the largest ratio (log scale), at least 10x.
  double top = 10;
  for (const RatioBar& b : bars) top = std::max({top, b.published, b.servesim});
  const double decades = std::log10(top);
  const auto x = [&](double ratio) {
    return left + kWidth * std::clamp(std::log10(ratio), 0.0, decades) / decades;
  };
  const double height = kTop + kRowHeight * static_cast<double>(bars.size()) + 30;
  out << fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>\n"
      "<rect x=\"{}\" y=\"26\" width=\"10\" height=\"10\" fill=\"#888\"/><text x=\"{}\" y=\"35\">published</text>\n"
      "<rect x=\"{}\" y=\"26\" width=\"10\" height=\"10\" fill=\"#2a6fb0\"/><text x=\"{}\" y=\"35\">servesim</text>\n",
      left + kWidth + 20, height, svg_escaped(title), left, left + 14, left + 90, left + 104);
  for (double tick = 1; tick <= top * 1.0001; tick *= 10) {
    out << fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#ccc\"/>"
                       "<text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}x</text>\n",
                       x(tick), kTop - 4, height - 24, height - 10, tick);
  }
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const RatioBar& b = bars[i];
    const double y = kTop + kRowHeight * static_cast<double>(i);
    out << fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", left - 6,
                       y + kBarHeight + 4, svg_escaped(b.label));
    out << fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#888\"/>"
                       "<text x=\"{:.1f}\" y=\"{}\">{:.3g}x</text>\n",
                       left, y, x(b.published) - left, kBarHeight, x(b.published) + 4,
                       y + kBarHeight - 4, b.published);
    out << fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#2a6fb0\"/>"
                       "<text x=\"{:.1f}\" y=\"{}\">{:.3g}x</text>\n",
                       left, y + kBarHeight + 2, x(b.servesim) - left, kBarHeight,
                       x(b.servesim) + 4, y + 2 * kBarHeight - 2, b.servesim);
  }
  out << "</svg>\n";
}

}  // namespace servesim::report
