// What the strategies share: seeded draws that replay on every standard library
// (core/seeded_draws.h), the size and order of a space, the parameters several strategies take,
// and the check of a tell().
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/params.h"
#include "core/seeded_draws.h"
#include "dse/strategy.h"

namespace servesim::dse {

/// The file diagnostics about strategy parameters are filed under (the space file's placeholder).
inline const std::string kSpaceFile = "<space>";

/// A seed for stream `stream` of a search seeded with `seed` (splitmix64 of both), so the streams
/// of one search (the hierarchy's inner searches) differ from each other and from the seed's.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream);

using core::shuffle;        // seeded draws that replay on every library (core/seeded_draws.h)
using core::uniform_below;

/// Throws std::logic_error unless the space has an objective and a dimension and every dimension
/// has a level (the space reader guarantees all three).
void check_shape(const Shape& shape);

/// The number of points of the space, or UINT64_MAX when it has at least that many.
std::uint64_t space_size(const Shape& shape);

/// The point at position `index` of the lexicographic order (the last dimension varies fastest).
/// Contract: index < space_size(shape) < UINT64_MAX.
Point point_at(const Shape& shape, std::uint64_t index);

/// A point with every level drawn uniformly and independently.
Point uniform_point(std::mt19937_64& rng, const Shape& shape);

/// Throws std::logic_error unless `results` answers `points` one to one and every feasible
/// result has shape.objectives objectives (the ask/tell contract).
void check_told(const Shape& shape, const std::vector<Point>& points,
                const std::vector<Told>& results);

/// `batch`: how many points one ask() returns at most.
core::ParamSpec batch_param();
/// `samples`: how many points a sampling strategy asks (capped at the size of the space).
core::ParamSpec samples_param(std::string default_text);
/// `generations`: how many offspring batches an evolutionary strategy asks after its first.
core::ParamSpec generations_param();
/// `crossover`: the probability that two parents are crossed (two-point crossover of the levels).
core::ParamSpec crossover_param();
/// `mutation`: the probability that a level is redrawn; absent: 1 / number of dimensions.
core::ParamSpec mutation_param();

}  // namespace servesim::dse
