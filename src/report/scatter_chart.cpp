// SVG scatter chart (see scatter_chart.h).
#include "report/scatter_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "report/svg_text.h"

namespace servesim::report {
namespace {

constexpr double kWidth = 520, kHeight = 360, kLeft = 70, kTop = 36, kRight = 140, kBottom = 50;

// Data whose positive values span more than this ratio are drawn on a logarithmic axis.
constexpr double kLogAxisSpan = 30;

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  bool log = false;
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  // Logarithmic for positive data spanning more than kLogAxisSpan; then a margin of 5% of the
  // (linear or logarithmic) span each side, not below zero for data that is not; a single value
  // gets a window as wide as itself.
  void pad() {
    if (!std::isfinite(lo)) lo = 0, hi = 1;
    log = lo > 0 && hi / lo > kLogAxisSpan;
    if (log) {
      const double span = std::log10(hi / lo);
      lo /= std::pow(10.0, 0.05 * span);
      hi *= std::pow(10.0, 0.05 * span);
      return;
    }
    const double span = hi > lo ? hi - lo : std::max(std::abs(lo), 1.0);
    const bool non_negative = lo >= 0;
    lo -= 0.05 * span;
    hi += 0.05 * span;
    if (non_negative) lo = std::max(lo, 0.0);
  }
  [[nodiscard]] double at(double v, double length) const {
    if (log) return std::log10(v / lo) / std::log10(hi / lo) * length;
    return (v - lo) / (hi - lo) * length;
  }
  // The value of tick i of 4 (evenly spaced along the axis).
  [[nodiscard]] double tick(int i) const {
    if (log) return lo * std::pow(hi / lo, i / 4.0);
    return lo + (hi - lo) * i / 4;
  }
  [[nodiscard]] std::string label(const std::string& name) const {
    return log ? name + " (log scale)" : name;
  }
};

bool finite(const ScatterPoint& p) { return std::isfinite(p.x) && std::isfinite(p.y); }

}  // namespace

void write_scatter_chart(std::ostream& out, const ScatterChart& c) {
  Range xs, ys;
  for (const auto* set : {&c.points, &c.front}) {
    for (const ScatterPoint& p : *set) {
      if (finite(p)) xs.add(p.x), ys.add(p.y);
    }
  }
  for (const LabelledPoint& r : c.references) {
    if (finite(r.at)) xs.add(r.at.x), ys.add(r.at.y);
  }
  xs.pad();
  ys.pad();
  const auto px = [&](const ScatterPoint& p) { return kLeft + xs.at(p.x, kWidth); };
  const auto py = [&](const ScatterPoint& p) { return kTop + kHeight - ys.at(p.y, kHeight); };
  out << fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n"
      "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>\n"
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n",
      kLeft + kWidth + kRight, kTop + kHeight + kBottom, svg_escaped(c.title), kLeft, kTop, kWidth,
      kHeight);
  for (int i = 0; i <= 4; ++i) {
    const double fx = xs.tick(i), fy = ys.tick(i);
    out << fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{:.3g}</text>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{:.3g}</text>\n",
        kLeft + kWidth * i / 4, kTop + kHeight + 16, fx, kLeft - 6,
        kTop + kHeight - kHeight * i / 4 + 4, fy);
  }
  out << fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n"
      "<text x=\"14\" y=\"{:.1f}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {:.1f})\">{}"
      "</text>\n",
      kLeft + kWidth / 2, kTop + kHeight + 38, svg_escaped(xs.label(c.x_label)), kTop + kHeight / 2,
      kTop + kHeight / 2, svg_escaped(ys.label(c.y_label)));
  for (const ScatterPoint& p : c.points) {
    if (finite(p)) {
      out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"#bbb\"/>\n", px(p),
                         py(p));
    }
  }
  std::vector<ScatterPoint> front;
  std::copy_if(c.front.begin(), c.front.end(), std::back_inserter(front), finite);
  std::sort(front.begin(), front.end(),
            [](const ScatterPoint& a, const ScatterPoint& b) { return a.x < b.x; });
  if (!front.empty()) {
    std::string path;
    for (const ScatterPoint& p : front) path += fmt::format("{:.1f},{:.1f} ", px(p), py(p));
    out << fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#2a6fb0\"/>\n", path);
  }
  for (const ScatterPoint& p : front) {
    out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#2a6fb0\"/>\n", px(p),
                       py(p));
  }
  for (const LabelledPoint& r : c.references) {
    if (!finite(r.at)) continue;
    // Labels in the right half of the plot go to the left of their marker, so they stay inside.
    const bool left = px(r.at) > kLeft + kWidth / 2;
    out << fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"8\" height=\"8\" fill=\"#d2691e\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\"{}>{}</text>\n",
        px(r.at) - 4, py(r.at) - 4, left ? px(r.at) - 7 : px(r.at) + 7, py(r.at) + 4,
        left ? " text-anchor=\"end\"" : "", svg_escaped(r.label));
  }
  out << fmt::format(
      "<circle cx=\"{0}\" cy=\"{1}\" r=\"2.5\" fill=\"#bbb\"/><text x=\"{2}\" y=\"{3}\">points"
      "</text>\n<circle cx=\"{0}\" cy=\"{4}\" r=\"4\" fill=\"#2a6fb0\"/><text x=\"{2}\" y=\"{5}\">"
      "Pareto front</text>\n<rect x=\"{6}\" y=\"{7}\" width=\"8\" height=\"8\" fill=\"#d2691e\"/>"
      "<text x=\"{2}\" y=\"{8}\">references</text>\n",
      kLeft + kWidth + 20, kTop + 10, kLeft + kWidth + 30, kTop + 14, kTop + 30, kTop + 34,
      kLeft + kWidth + 16, kTop + 46, kTop + 54);
  out << "</svg>\n";
}

}  // namespace servesim::report
