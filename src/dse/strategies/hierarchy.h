// hierarchy: an outer search over the hardware dimensions and, for every hardware point it asks,
// an inner search over the other dimensions (LaMoSys3.5D's search: outer, the chiplet
// microarchitecture; inner, the mapping and schedule on it). The inner searches of one outer batch
// run side by side; each asked point is an outer point's levels with an inner point's levels.
// When the inner searches of an outer batch are over, the outer search is told, for each of its
// points, the inner result representative() picks (infeasible when no inner point was feasible).
// Without hardware dimensions it is the inner search alone; with only those, the outer alone.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "dse/strategy.h"

namespace servesim::dse {

/// The inner search of one outer point, over `inner` (whose seed differs from point to point).
using InnerFactory = std::function<std::unique_ptr<Strategy>(const Shape& inner)>;

/// The dimensions of `shape` whose hardware flag is `hardware`, in order, with its objectives
/// and seed.
Shape part_of(const Shape& shape, bool hardware);

/// Which of an inner search's feasible results (their objectives) speaks for its outer point:
/// the one with the smallest sum of objectives, each rescaled to [0, 1] between its smallest and
/// largest value among them (an objective without spread counts 0); the first of equals. It lies
/// on the inner Pareto front (a positive weighting), is the balanced design there whatever the
/// units, and with one objective is the best. nullopt when there are none.
std::optional<std::size_t> representative(const std::vector<std::vector<double>>& objectives);

class Hierarchy : public Strategy {
 public:
  /// Contract: `shape` has hardware dimensions and other dimensions; `outer` searches
  /// part_of(shape, true); make_inner returns a search of the shape it is given.
  Hierarchy(const Shape& shape, std::unique_ptr<Strategy> outer, InnerFactory make_inner);

  std::vector<Point> ask() override;
  void tell(const std::vector<Point>& points, const std::vector<Told>& results) override;

 private:
  struct InnerSearch {
    std::unique_ptr<Strategy> strategy;
    bool over = false;
    std::vector<std::vector<double>> feasible;  // the objectives of its feasible results
  };
  struct Asked {  // what the last ask() asked of one inner search
    std::size_t search;
    std::vector<Point> points;
  };

  // Starts an inner search for each point of the next outer batch; false when the outer is over.
  bool start_outer_batch();
  // The point of the whole space with these hardware and other levels.
  [[nodiscard]] Point combine(const Point& outer, const Point& inner) const;

  Shape shape_;
  Shape inner_shape_;
  std::vector<std::size_t> hardware_, other_;  // the dimensions of each part
  std::unique_ptr<Strategy> outer_;
  InnerFactory make_inner_;
  std::uint64_t inner_started_ = 0;  // the seed stream of the next inner search
  std::vector<Point> outer_points_;
  std::vector<InnerSearch> searches_;  // one per outer point of the current outer batch
  std::vector<Asked> asked_;
};

}  // namespace servesim::dse
