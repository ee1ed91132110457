// Search strategies behind ask/tell: a strategy only proposes points and receives what they gave;
// it never evaluates, stores or prints. Each registers a name, a one-line summary and its typed
// parameter schema (core/params.h), one file per strategy:
//   grid      every combination of levels, in order (exhaustive);
//   random    points drawn uniformly, without repeats;
//   lhs       Latin hypercube samples: each level of each parameter equally often;
//   nsga2     NSGA-II (Deb et al. 2002), non-dominated sorting and crowding from pagmo2;
//   moead     MOEA/D (Zhang and Li 2007), decomposition weights from pagmo2;
//   hierarchy an outer strategy over the hardware parameters and, for each hardware point, an
//             inner one over the rest (LaMoSys3.5D's search; the inner best is told outward).
// Contract: the same parameters, shape and seed, told the same results, ask the same points in
// the same order, so a search replays exactly (the store resumes by replaying).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/params.h"
#include "core/registry.h"
#include "dse/point.h"

namespace servesim::dse {

/// What a strategy knows of a parameter.
struct Dimension {
  std::int64_t levels = 1;  // the parameter's values, indexed 0 .. levels-1
  bool hardware = false;    // a hardware parameter (the outer loop of a hierarchical search)
};

/// What a strategy knows of a space: its dimensions, the number of objectives, the seed.
struct Shape {
  std::vector<Dimension> dimensions;
  std::int64_t objectives = 1;
  std::uint64_t seed = 1;
};

/// A point's result as a strategy sees it: every objective oriented so that smaller is better
/// (dse/metrics.h turns "maximise" into a negated value), or the point was infeasible.
struct Told {
  bool feasible = false;
  std::vector<double> objectives;  // size Shape::objectives when feasible
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  /// The next points to evaluate (each a level per dimension); empty when the search is over.
  virtual std::vector<Point> ask() = 0;
  /// The results of the points of the last ask(), in the same order.
  virtual void tell(const std::vector<Point>& points, const std::vector<Told>& results) = 0;
  /// The points the whole search asks at most, when known in advance (for progress and time
  /// left); nullopt when it depends on the results.
  [[nodiscard]] virtual std::optional<std::int64_t> budget() const { return std::nullopt; }
};

using StrategyFactory =
    std::function<std::unique_ptr<Strategy>(const core::ParamValues& params, const Shape& shape)>;

/// grid, random, lhs, nsga2, moead, hierarchy.
const core::Registry<StrategyFactory>& strategies();

}  // namespace servesim::dse
