// Generations, constraint domination, ranking and genetic operators (see generational.h).
#include "dse/strategies/generational.h"

#include <algorithm>
#include <limits>
#include <pagmo/utils/genetic_operators.hpp>
#include <pagmo/utils/multi_objective.hpp>
#include <set>

#include "dse/strategies/sampling.h"

namespace servesim::dse {
namespace {

// SBX's and polynomial mutation's distribution indices shape continuous variables only; every
// variable here is an integer, so any value pagmo accepts ([1, 100]) gives the same children.
constexpr double kDistributionIndex = 20;

// The crowding distances of one front of at least three vectors: pagmo's over the objectives that
// vary in the front (one varying objective is given twice, as pagmo needs two), 0 when none does.
std::vector<double> front_crowding(const std::vector<std::vector<double>>& front) {
  const std::size_t n_obj = front.front().size();
  std::vector<std::size_t> varying;
  for (std::size_t k = 0; k < n_obj; ++k) {
    const auto [lo, hi] = std::minmax_element(front.begin(), front.end(),
                                              [&](auto& a, auto& b) { return a[k] < b[k]; });
    if ((*lo)[k] < (*hi)[k]) varying.push_back(k);
  }
  if (varying.empty()) return std::vector<double>(front.size(), 0.0);
  if (varying.size() == 1) varying.push_back(varying.front());
  std::vector<std::vector<double>> projected;
  for (const auto& f : front) {
    std::vector<double>& p = projected.emplace_back();
    for (const std::size_t k : varying) p.push_back(f[k]);
  }
  return pagmo::crowding_distance(projected);
}

}  // namespace

std::vector<std::vector<double>> comparable_objectives(const std::vector<Member>& members,
                                                       std::int64_t objectives) {
  const auto n_obj = static_cast<std::size_t>(objectives);
  std::vector<double> lo(n_obj, std::numeric_limits<double>::infinity());
  std::vector<double> hi(n_obj, -std::numeric_limits<double>::infinity());
  bool any_feasible = false;
  for (const auto& m : members) {
    if (!m.told.feasible) continue;
    any_feasible = true;
    for (std::size_t k = 0; k < n_obj; ++k) {
      lo[k] = std::min(lo[k], m.told.objectives[k]);
      hi[k] = std::max(hi[k], m.told.objectives[k]);
    }
  }
  std::vector<double> worst(n_obj, 0.0);
  if (any_feasible) {
    for (std::size_t k = 0; k < n_obj; ++k) worst[k] = hi[k] + (hi[k] - lo[k]) + 1;
  }
  std::vector<std::vector<double>> out;
  out.reserve(members.size());
  for (const auto& m : members) out.push_back(m.told.feasible ? m.told.objectives : worst);
  return out;
}

bool Ranking::before(std::size_t a, std::size_t b) const {
  if (rank[a] != rank[b]) return rank[a] < rank[b];
  if (crowding[a] != crowding[b]) return crowding[a] > crowding[b];
  return a < b;
}

Ranking rank_and_crowd(const std::vector<std::vector<double>>& objectives) {
  const std::size_t n = objectives.size();
  Ranking r{std::vector<std::size_t>(n, 0),
            std::vector<double>(n, std::numeric_limits<double>::infinity())};
  if (n < 2) return r;  // pagmo sorts two points or more
  const auto fronts = std::get<0>(pagmo::fast_non_dominated_sorting(objectives));
  for (std::size_t rank = 0; rank < fronts.size(); ++rank) {
    const auto& front = fronts[rank];
    for (const auto i : front) r.rank[i] = rank;
    if (front.size() < 3) continue;  // every member is at a boundary of its front
    std::vector<std::vector<double>> values;
    for (const auto i : front) values.push_back(objectives[i]);
    const std::vector<double> crowding = front_crowding(values);
    for (std::size_t j = 0; j < front.size(); ++j) r.crowding[front[j]] = crowding[j];
  }
  return r;
}

Variation::Variation(const Shape& shape, double crossover, std::optional<double> mutation,
                     std::uint64_t seed)
    : crossover_(crossover) {
  for (const auto& d : shape.dimensions) {
    bounds_.first.push_back(0);
    bounds_.second.push_back(static_cast<double>(d.levels - 1));
  }
  mutation_ = mutation.value_or(1.0 / static_cast<double>(shape.dimensions.size()));
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
  rng_.seed(seq);
}

std::pair<Point, Point> Variation::offspring(const Point& a, const Point& b) {
  const std::vector<double> pa(a.begin(), a.end()), pb(b.begin(), b.end());
  const std::size_t nix = pa.size();
  auto [ca, cb] = pagmo::sbx_crossover(pa, pb, bounds_, nix, crossover_, kDistributionIndex, rng_);
  pagmo::polynomial_mutation(ca, bounds_, nix, mutation_, kDistributionIndex, rng_);
  pagmo::polynomial_mutation(cb, bounds_, nix, mutation_, kDistributionIndex, rng_);
  auto to_point = [](const std::vector<double>& x) {
    Point p;
    for (const double v : x) p.push_back(static_cast<std::int64_t>(v));  // integers already
    return p;
  };
  return {to_point(ca), to_point(cb)};
}

GenerationalStrategy::GenerationalStrategy(const Shape& shape) : shape_(shape) {
  check_shape(shape);
}

std::vector<Point> GenerationalStrategy::ask() {
  for (;;) {
    if (candidates_.empty()) {
      candidates_ = next_generation();
      if (candidates_.empty()) return {};
    }
    std::vector<Point> fresh;
    std::set<Point> in_batch;
    for (const auto& p : candidates_) {
      if (!evaluated_.contains(p) && in_batch.insert(p).second) fresh.push_back(p);
    }
    if (!fresh.empty()) return fresh;
    accept_candidates();
  }
}

void GenerationalStrategy::tell(const std::vector<Point>& points,
                                const std::vector<Told>& results) {
  check_told(shape_, points, results);
  for (std::size_t i = 0; i < points.size(); ++i) evaluated_.emplace(points[i], results[i]);
  accept_candidates();
}

void GenerationalStrategy::accept_candidates() {
  std::vector<Member> generation;
  generation.reserve(candidates_.size());
  for (auto& p : candidates_) {
    Told told = evaluated_.at(p);
    generation.push_back({std::move(p), std::move(told)});
  }
  candidates_.clear();
  accept(std::move(generation));
}

}  // namespace servesim::dse
