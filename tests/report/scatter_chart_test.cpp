// The search's scatter chart: every point inside the plot, a logarithmic axis for positive data
// spanning more than 30x (and only then), reference labels that stay inside the picture.
#include "report/scatter_chart.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace servesim::report {
namespace {

std::string svg_of(const ScatterChart& c) {
  std::ostringstream out;
  write_scatter_chart(out, c);
  return out.str();
}

ScatterChart chart(double x_hi) {
  ScatterChart c;
  c.title = "t";
  c.x_label = "tpot";
  c.y_label = "rate";
  for (double x = 1; x <= x_hi; x *= 2) c.points.push_back({x, 10 + x / x_hi});
  c.front.push_back({1, 11});
  c.references.push_back({{x_hi, 10.5}, "right-hand reference"});
  c.references.push_back({{1, 10.5}, "left-hand reference"});
  return c;
}

TEST(ScatterChart, PositiveDataSpanningMoreThanThirtyTimesGetsALogAxis) {
  const std::string wide = svg_of(chart(1024));
  EXPECT_NE(wide.find("tpot (log scale)"), std::string::npos);
  EXPECT_EQ(wide.find("rate (log scale)"), std::string::npos);  // 10 to 11
  const std::string narrow = svg_of(chart(16));
  EXPECT_EQ(narrow.find("(log scale)"), std::string::npos);
}

TEST(ScatterChart, EveryPointLiesInsideThePlotAndRightHandLabelsEndAtTheirMarker) {
  for (const double x_hi : {16.0, 1024.0}) {
    const std::string svg = svg_of(chart(x_hi));
    // The plot frame: the first <rect> (x=70 y=36 width=520 height=360).
    const std::regex circle(R"re(<circle cx="([0-9.]+)" cy="([0-9.]+)" r="(2\.5|4)" fill="#(bbb|2a6fb0)"/>)re");
    int inside = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), circle); it != std::sregex_iterator();
         ++it) {
      const double cx = std::stod((*it)[1]), cy = std::stod((*it)[2]);
      if (cx > 590) continue;  // the legend, right of the plot
      EXPECT_GE(cx, 70);
      EXPECT_LE(cy, 396);
      EXPECT_GE(cy, 36);
      ++inside;
    }
    EXPECT_GE(inside, 5);
    EXPECT_NE(svg.find("text-anchor=\"end\">right-hand reference"), std::string::npos) << x_hi;
    EXPECT_EQ(svg.find("text-anchor=\"end\">left-hand reference"), std::string::npos) << x_hi;
  }
}

}  // namespace
}  // namespace servesim::report
