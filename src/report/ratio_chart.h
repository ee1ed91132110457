// A bar chart, as SVG, of published ratios beside servesim's (one pair of bars per claim, on a
// log scale so that 2x and 0.5x are equally far from 1x), for docs/reproductions.md.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace servesim::report {

struct RatioBar {
  std::string label;
  double published = 1;  // > 0
  double servesim = 1;   // > 0
};

/// Writes a self-contained SVG document. Contract: every ratio is > 0.
void write_ratio_chart(std::ostream& out, const std::string& title, const std::vector<RatioBar>& bars);

}  // namespace servesim::report
