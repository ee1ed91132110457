// nsga2: NSGA-II (Deb, Pratap, Agarwal and Meyarivan 2002) on integer levels. The first
// generation is `population` uniform random points; each next one is `population` offspring of
// parents chosen by binary tournament (rank, then crowding distance), crossed and mutated by
// pagmo2's operators. Parents and offspring (distinct points) are ranked together and the best
// `population` become the next parents (pagmo::select_best_N_mo's rule, on rank_and_crowd(),
// which avoids its 0/0 crowding distance on fronts of equal values: infeasible members, one
// objective). Infeasible results are compared by constraint domination
// (generational.h: feasible beats infeasible, infeasible ones tie). With one objective it is a
// genetic algorithm on the same machinery (the fronts are the distinct values, in order).
#pragma once

#include <optional>
#include <random>

#include "dse/strategies/generational.h"

namespace servesim::dse {

struct Nsga2Settings {
  std::int64_t population = 64;  // even, at least 8
  std::int64_t generations = 50;
  double crossover = 0.9;
  std::optional<double> mutation;  // nullopt: 1 / dimensions
};

class Nsga2 : public GenerationalStrategy {
 public:
  /// Contract: settings.population is even and at least 8 (the factory says so to users).
  Nsga2(const Shape& shape, const Nsga2Settings& settings);

  /// The parents, best first (after the last generation: the final population).
  [[nodiscard]] const std::vector<Member>& population() const { return parents_; }

 protected:
  std::vector<Point> next_generation() override;
  /// Every generation's candidates (points already evaluated are not asked again: fewer).
  [[nodiscard]] std::optional<std::int64_t> budget() const override {
    return settings_.population * (settings_.generations + 1);
  }
  void accept(std::vector<Member> generation) override;

 private:
  // The index of a parent chosen by binary tournament.
  std::size_t tournament();

  Nsga2Settings settings_;
  std::mt19937_64 rng_;
  Variation variation_;
  std::int64_t generation_ = 0;  // generations accepted so far
  std::vector<Member> parents_;
  Ranking ranking_;  // of parents_
};

}  // namespace servesim::dse
