// A scatter chart, as SVG, of a search's points on two metrics: every point in grey, the Pareto
// front in colour and joined in order, and the reference designs marked with their names
// (`servesim explore`'s front.svg). Axes are linear from the data's range with a margin, or
// logarithmic (and labelled so) for positive data that spans more than 30×.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace servesim::report {

struct ScatterPoint {
  double x = 0, y = 0;
};

struct LabelledPoint {
  ScatterPoint at;
  std::string label;
};

struct ScatterChart {
  std::string title, x_label, y_label;
  std::vector<ScatterPoint> points;       // every evaluated point
  std::vector<ScatterPoint> front;        // the Pareto front
  std::vector<LabelledPoint> references;  // reference designs
};

/// Writes a self-contained SVG document. Non-finite coordinates are left out.
void write_scatter_chart(std::ostream& out, const ScatterChart& chart);

}  // namespace servesim::report
