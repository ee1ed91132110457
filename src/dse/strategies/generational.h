// What NSGA-II and MOEA/D share: a search that proposes a generation of candidates at a time and
// never asks a point twice (a candidate already evaluated in this search takes its known result),
// the comparison of results with constraint domination, NSGA-II's ranking on pagmo2's
// non-dominated sorting and crowding distance, and pagmo2's genetic operators on integer levels.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "dse/strategy.h"

namespace servesim::dse {

/// A point with its result.
struct Member {
  Point point;
  Told told;
};

/// Objective vectors for comparing `members` (constraint domination, Deb 2000): a feasible
/// member's objectives as told; for every infeasible member the same vector, worse in every
/// objective than every feasible member's (each objective's largest feasible value plus its
/// feasible spread plus 1; zeros when none is feasible). So a feasible member dominates an
/// infeasible one and infeasible members tie. Contract: feasible members have `objectives` values.
std::vector<std::vector<double>> comparable_objectives(const std::vector<Member>& members,
                                                       std::int64_t objectives);

/// Each vector's non-domination rank (0: the first front, pagmo::fast_non_dominated_sorting) and
/// crowding distance within its front (pagmo::crowding_distance over the objectives that vary in
/// the front; infinite for a front of one or two, 0 for a front of identical vectors, where
/// pagmo's would divide 0 by 0).
struct Ranking {
  std::vector<std::size_t> rank;
  std::vector<double> crowding;

  /// Whether member a is preferred to member b: lower rank, then larger crowding, then index.
  [[nodiscard]] bool before(std::size_t a, std::size_t b) const;
};
Ranking rank_and_crowd(const std::vector<std::vector<double>>& objectives);

/// pagmo2's genetic operators with every variable an integer (a level): crossover exchanges a run
/// of levels between the parents with probability `crossover`, mutation redraws each level
/// uniformly with probability `mutation` (default 1 / dimensions). Seeded, replayable.
class Variation {
 public:
  /// Contract: `shape` passes check_shape() (sampling.h).
  Variation(const Shape& shape, double crossover, std::optional<double> mutation,
            std::uint64_t seed);
  /// Two children of `a` and `b`, each mutated.
  std::pair<Point, Point> offspring(const Point& a, const Point& b);

 private:
  std::pair<std::vector<double>, std::vector<double>> bounds_;
  double crossover_;
  double mutation_;
  std::mt19937 rng_;  // pagmo's engine type
};

/// A search by generations. Contract for subclasses: next_generation() returns the candidates
/// of the next generation (empty: the search is over); accept() then receives them, in the same
/// order, each with its result. ask() returns the candidates not evaluated yet (each once) and,
/// when every candidate is known already, accepts the generation at once and goes on.
class GenerationalStrategy : public Strategy {
 public:
  std::vector<Point> ask() final;
  void tell(const std::vector<Point>& points, const std::vector<Told>& results) final;

 protected:
  explicit GenerationalStrategy(const Shape& shape);
  virtual std::vector<Point> next_generation() = 0;
  virtual void accept(std::vector<Member> generation) = 0;
  [[nodiscard]] const Shape& shape() const { return shape_; }

 private:
  void accept_candidates();

  Shape shape_;
  std::vector<Point> candidates_;
  std::map<Point, Told> evaluated_;  // every result of this search, by point
};

}  // namespace servesim::dse
