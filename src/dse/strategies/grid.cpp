// grid: every combination of levels once, in lexicographic order (the last dimension varies
// fastest), `batch` points per ask(); an odometer over the levels, so any size of space works.
#include <cstdint>
#include <memory>

#include "dse/strategies/registrations.h"
#include "dse/strategies/sampling.h"

namespace servesim::dse {
namespace {

class Grid : public Strategy {
 public:
  Grid(const Shape& shape, std::int64_t batch)
      : shape_(shape), batch_(batch), next_(shape.dimensions.size(), 0) {}

  std::vector<Point> ask() override {
    std::vector<Point> out;
    while (!exhausted_ && static_cast<std::int64_t>(out.size()) < batch_) {
      out.push_back(next_);
      advance();
    }
    return out;
  }

  void tell(const std::vector<Point>& points, const std::vector<Told>& results) override {
    check_told(shape_, points, results);
  }

  [[nodiscard]] std::optional<std::int64_t> budget() const override {
    const std::uint64_t size = space_size(shape_);
    return size > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(size);
  }

 private:
  // Steps the odometer; past the last combination the grid is exhausted.
  void advance() {
    for (std::size_t i = next_.size(); i-- > 0;) {
      if (++next_[i] < shape_.dimensions[i].levels) return;
      next_[i] = 0;
    }
    exhausted_ = true;
  }

  Shape shape_;
  std::int64_t batch_;
  Point next_;
  bool exhausted_ = false;
};

}  // namespace

void register_grid_strategy(core::Registry<StrategyFactory>& registry) {
  registry.add({"grid",
                "every combination of levels, in lexicographic order (exhaustive)",
                {batch_param()},
                [](const core::ParamValues& p, const Shape& shape) -> std::unique_ptr<Strategy> {
                  check_shape(shape);
                  return std::make_unique<Grid>(shape, p.integer("batch"));
                }});
}

}  // namespace servesim::dse
