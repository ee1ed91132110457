// lhs: a Latin hypercube of `samples` points (McKay, Beckman and Conover 1979) over discrete
// levels: with n samples and L levels, each level of a dimension appears floor(n/L) or ceil(n/L)
// times. A column holds every level floor(n/L) times plus n mod L levels, one drawn from each of
// n mod L equal strata of the levels; columns are shuffled independently (random pairing).
// Samples are capped at the size of the space; a point can still repeat when a dimension has
// fewer levels than samples (the balance comes first).
#include <algorithm>
#include <memory>
#include <random>

#include "dse/strategies/registrations.h"
#include "dse/strategies/sampling.h"

namespace servesim::dse {
namespace {

// One dimension's levels for `n` samples, balanced as above, in random order.
std::vector<std::int64_t> balanced_column(std::mt19937_64& rng, std::int64_t levels,
                                          std::int64_t n) {
  std::vector<std::int64_t> column;
  column.reserve(static_cast<std::size_t>(n));
  for (std::int64_t copy = 0; copy < n / levels; ++copy) {
    for (std::int64_t level = 0; level < levels; ++level) column.push_back(level);
  }
  const std::int64_t extra = n % levels;
  for (std::int64_t k = 0; k < extra; ++k) {
    const std::int64_t low = k * levels / extra;
    const std::int64_t high = (k + 1) * levels / extra;  // > low since levels > extra
    column.push_back(low + static_cast<std::int64_t>(
                               uniform_below(rng, static_cast<std::uint64_t>(high - low))));
  }
  shuffle(rng, column);
  return column;
}

class LatinHypercube : public Strategy {
 public:
  LatinHypercube(const Shape& shape, std::int64_t samples, std::int64_t batch)
      : shape_(shape), batch_(batch) {
    std::mt19937_64 rng(shape.seed);
    const auto n =
        static_cast<std::int64_t>(std::min(static_cast<std::uint64_t>(samples), space_size(shape)));
    std::vector<std::vector<std::int64_t>> columns;
    for (const auto& d : shape.dimensions) columns.push_back(balanced_column(rng, d.levels, n));
    points_.assign(static_cast<std::size_t>(n), Point(shape.dimensions.size()));
    for (std::size_t i = 0; i < points_.size(); ++i) {
      for (std::size_t d = 0; d < columns.size(); ++d) points_[i][d] = columns[d][i];
    }
  }

  std::vector<Point> ask() override {
    const std::size_t end = std::min(points_.size(), next_ + static_cast<std::size_t>(batch_));
    std::vector<Point> out(points_.begin() + static_cast<std::ptrdiff_t>(next_),
                           points_.begin() + static_cast<std::ptrdiff_t>(end));
    next_ = end;
    return out;
  }

  void tell(const std::vector<Point>& points, const std::vector<Told>& results) override {
    check_told(shape_, points, results);
  }

  [[nodiscard]] std::optional<std::int64_t> budget() const override {
    return static_cast<std::int64_t>(points_.size());
  }

 private:
  Shape shape_;
  std::int64_t batch_;
  std::vector<Point> points_;
  std::size_t next_ = 0;
};

}  // namespace

void register_lhs_strategy(core::Registry<StrategyFactory>& registry) {
  registry.add({"lhs",
                "Latin hypercube samples: each level of each parameter equally often",
                {samples_param("256"), batch_param()},
                [](const core::ParamValues& p, const Shape& shape) -> std::unique_ptr<Strategy> {
                  check_shape(shape);
                  return std::make_unique<LatinHypercube>(shape, p.integer("samples"),
                                                          p.integer("batch"));
                }});
}

}  // namespace servesim::dse
