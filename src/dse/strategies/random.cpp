// random: `samples` distinct points drawn uniformly (capped at the size of the space), `batch` per
// ask(). In a sparse draw (the space at least twice the samples) every level is drawn uniformly
// and a repeat is drawn again (under two draws per point on average); otherwise a Fisher-Yates
// shuffle of the point indices runs as far as the samples go.
#include <algorithm>
#include <memory>
#include <numeric>
#include <random>
#include <set>

#include "dse/strategies/registrations.h"
#include "dse/strategies/sampling.h"

namespace servesim::dse {
namespace {

class RandomSampling : public Strategy {
 public:
  RandomSampling(const Shape& shape, std::int64_t samples, std::int64_t batch)
      : shape_(shape), batch_(batch), rng_(shape.seed) {
    const std::uint64_t size = space_size(shape);
    samples_ = std::min(static_cast<std::uint64_t>(samples), size);
    if (size / 2 <= samples_) {  // dense: size <= 2 * samples + 1, a few million at most
      indices_.resize(size);
      std::iota(indices_.begin(), indices_.end(), std::uint64_t{0});
    }
  }

  std::vector<Point> ask() override {
    std::vector<Point> out;
    while (drawn_ < samples_ && static_cast<std::int64_t>(out.size()) < batch_) {
      out.push_back(indices_.empty() ? sparse_draw() : dense_draw());
      ++drawn_;
    }
    return out;
  }

  void tell(const std::vector<Point>& points, const std::vector<Told>& results) override {
    check_told(shape_, points, results);
  }

  [[nodiscard]] std::optional<std::int64_t> budget() const override {
    return static_cast<std::int64_t>(samples_);
  }

 private:
  Point sparse_draw() {
    for (;;) {
      Point p = uniform_point(rng_, shape_);
      if (seen_.insert(p).second) return p;
    }
  }

  // Step `drawn_` of the shuffle: a uniform pick among the indices not drawn yet.
  Point dense_draw() {
    const std::uint64_t pick = drawn_ + uniform_below(rng_, indices_.size() - drawn_);
    std::swap(indices_[drawn_], indices_[pick]);
    return point_at(shape_, indices_[drawn_]);
  }

  Shape shape_;
  std::int64_t batch_;
  std::mt19937_64 rng_;
  std::uint64_t samples_ = 0;
  std::uint64_t drawn_ = 0;
  std::vector<std::uint64_t> indices_;  // dense draw: the shuffle in progress
  std::set<Point> seen_;                // sparse draw: the points drawn so far
};

}  // namespace

void register_random_strategy(core::Registry<StrategyFactory>& registry) {
  registry.add({"random",
                "points drawn uniformly without repeats",
                {samples_param("1000"), batch_param()},
                [](const core::ParamValues& p, const Shape& shape) -> std::unique_ptr<Strategy> {
                  check_shape(shape);
                  return std::make_unique<RandomSampling>(shape, p.integer("samples"),
                                                          p.integer("batch"));
                }});
}

}  // namespace servesim::dse
