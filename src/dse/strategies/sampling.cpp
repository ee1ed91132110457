// Seeded draws, the size and order of a space, shared parameters (see sampling.h).
#include "dse/strategies/sampling.h"

#include <limits>
#include <stdexcept>

namespace servesim::dse {

using core::ParamType;
using core::Presence;
using core::Range;

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
  // splitmix64 (Steele, Lea and Flood 2014) of the seed advanced by `stream` golden-ratio steps.
  std::uint64_t z = seed + (stream + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void check_shape(const Shape& shape) {
  if (shape.objectives < 1) throw std::logic_error("strategy shape: no objective");
  if (shape.dimensions.empty()) throw std::logic_error("strategy shape: no dimension");
  for (const auto& d : shape.dimensions) {
    if (d.levels < 1) throw std::logic_error("strategy shape: a dimension without levels");
  }
}

std::uint64_t space_size(const Shape& shape) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t size = 1;
  for (const auto& d : shape.dimensions) {
    const auto levels = static_cast<std::uint64_t>(d.levels);
    if (size > kMax / levels) return kMax;
    size *= levels;
  }
  return size;
}

Point point_at(const Shape& shape, std::uint64_t index) {
  Point p(shape.dimensions.size());
  for (std::size_t i = p.size(); i-- > 0;) {
    const auto levels = static_cast<std::uint64_t>(shape.dimensions[i].levels);
    p[i] = static_cast<std::int64_t>(index % levels);
    index /= levels;
  }
  return p;
}

Point uniform_point(std::mt19937_64& rng, const Shape& shape) {
  Point p;
  p.reserve(shape.dimensions.size());
  for (const auto& d : shape.dimensions) {
    p.push_back(
        static_cast<std::int64_t>(uniform_below(rng, static_cast<std::uint64_t>(d.levels))));
  }
  return p;
}

void check_told(const Shape& shape, const std::vector<Point>& points,
                const std::vector<Told>& results) {
  if (points.size() != results.size()) {
    throw std::logic_error("strategy tell: " + std::to_string(results.size()) + " results for " +
                           std::to_string(points.size()) + " points");
  }
  for (const auto& r : results) {
    if (r.feasible && static_cast<std::int64_t>(r.objectives.size()) != shape.objectives) {
      throw std::logic_error("strategy tell: a feasible result with " +
                             std::to_string(r.objectives.size()) + " objectives, not " +
                             std::to_string(shape.objectives));
    }
  }
}

core::ParamSpec batch_param() {
  return {.name = "batch",
          .type = ParamType::integer,
          .range = Range::at_least_one,
          .at_most = 1e6,
          .default_text = "256",
          .help = "points asked at once (at most)"};
}

core::ParamSpec samples_param(std::string default_text) {
  return {.name = "samples",
          .type = ParamType::integer,
          .range = Range::at_least_one,
          .at_most = 1e6,
          .default_text = std::move(default_text),
          .help = "points to evaluate (at most the size of the space)"};
}

core::ParamSpec generations_param() {
  return {.name = "generations",
          .type = ParamType::integer,
          .range = Range::non_negative,
          .at_most = 1e6,
          .default_text = "50",
          .help = "offspring batches after the initial population"};
}

core::ParamSpec crossover_param() {
  return {.name = "crossover",
          .type = ParamType::number,
          .range = Range::non_negative,
          .at_most = 1,
          .default_text = "0.9",
          .help = "probability that two parents exchange a run of levels (two-point crossover)"};
}

core::ParamSpec mutation_param() {
  return {.name = "mutation",
          .type = ParamType::number,
          .range = Range::non_negative,
          .at_most = 1,
          .presence = Presence::optional,
          .help = "probability that a level is redrawn uniformly (default: 1 / dimensions)"};
}

}  // namespace servesim::dse
