// moead: MOEA/D (Zhang and Li 2007) with Tchebycheff decomposition, in batches: one subproblem per
// member, each with a weight vector (pagmo::decomposition_weights; all 1 with one objective) and
// the `neighbours` subproblems of the nearest weights (ties by distance of index, so one objective
// gives a ring). A generation is one child per subproblem (two neighbours crossed and mutated by
// pagmo2's operators, first child); each child, in subproblem order, replaces at most
// `max_replacements` neighbours (in random order) it improves on. Objectives are normalised
// between the ideal and the worst point of the feasible results so far, then decomposed
// (pagmo::decompose_objectives); an infeasible child replaces nothing, a feasible one any
// infeasible member.
#include <algorithm>
#include <memory>
#include <numeric>
#include <optional>
#include <pagmo/utils/multi_objective.hpp>
#include <random>
#include <string>

#include "dse/strategies/generational.h"
#include "dse/strategies/registrations.h"
#include "dse/strategies/sampling.h"

namespace servesim::dse {
namespace {

using Weights = std::vector<std::vector<double>>;

struct MoeadSettings {
  std::int64_t generations = 50;
  std::int64_t neighbours = 20;
  std::int64_t max_replacements = 2;
  double crossover = 0.9;
  std::optional<double> mutation;
};

// For each weight, the indices of the `count` nearest weights (itself first).
std::vector<std::vector<std::size_t>> neighbourhoods(const Weights& weights, std::size_t count) {
  const std::size_t n = weights.size();
  std::vector<std::vector<std::size_t>> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> distance(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t k = 0; k < weights[i].size(); ++k) {
        distance[j] += (weights[i][k] - weights[j][k]) * (weights[i][k] - weights[j][k]);
      }
    }
    auto& near = out[i];
    near.resize(n);
    std::iota(near.begin(), near.end(), std::size_t{0});
    auto index_gap = [i](std::size_t j) { return j > i ? j - i : i - j; };
    std::sort(near.begin(), near.end(), [&](std::size_t a, std::size_t b) {
      if (distance[a] != distance[b]) return distance[a] < distance[b];
      if (index_gap(a) != index_gap(b)) return index_gap(a) < index_gap(b);
      return a < b;
    });
    near.resize(count);
  }
  return out;
}

class Moead : public GenerationalStrategy {
 public:
  Moead(const Shape& shape, const MoeadSettings& settings, Weights weights)
      : GenerationalStrategy(shape),
        settings_(settings),
        weights_(std::move(weights)),
        neighbourhoods_(neighbourhoods(weights_, static_cast<std::size_t>(settings.neighbours))),
        rng_(shape.seed),
        variation_(shape, settings.crossover, settings.mutation, mix_seed(shape.seed, 0)),
        ideal_(static_cast<std::size_t>(shape.objectives), 0.0),
        worst_(ideal_) {}

 protected:
  [[nodiscard]] std::optional<std::int64_t> budget() const override {
    return static_cast<std::int64_t>(weights_.size()) * (settings_.generations + 1);
  }

  std::vector<Point> next_generation() override {
    std::vector<Point> out;
    if (generation_ > settings_.generations) return out;
    for (std::size_t i = 0; i < weights_.size(); ++i) {
      if (generation_ == 0) {
        out.push_back(uniform_point(rng_, shape()));
        continue;
      }
      const auto& near = neighbourhoods_[i];
      const std::size_t a = uniform_below(rng_, near.size());
      std::size_t b = uniform_below(rng_, near.size() - 1);
      if (b >= a) ++b;  // two different neighbours
      out.push_back(variation_.offspring(members_[near[a]].point, members_[near[b]].point).first);
    }
    return out;
  }

  void accept(std::vector<Member> generation) override {
    for (const auto& m : generation) observe(m.told);
    if (generation_++ == 0) {
      members_ = std::move(generation);
      return;
    }
    for (std::size_t i = 0; i < generation.size(); ++i) {
      if (!generation[i].told.feasible) continue;
      std::vector<std::size_t> order = neighbourhoods_[i];
      shuffle(rng_, order);
      std::int64_t replaced = 0;
      for (const std::size_t j : order) {
        if (replaced == settings_.max_replacements) break;
        if (members_[j].told.feasible &&
            decomposed(generation[i].told, j) >= decomposed(members_[j].told, j)) {
          continue;
        }
        members_[j] = generation[i];
        ++replaced;
      }
    }
  }

 private:
  // Widens the ideal and worst points by a feasible result.
  void observe(const Told& told) {
    if (!told.feasible) return;
    for (std::size_t k = 0; k < ideal_.size(); ++k) {
      const double f = told.objectives[k];
      ideal_[k] = seen_feasible_ ? std::min(ideal_[k], f) : f;
      worst_[k] = seen_feasible_ ? std::max(worst_[k], f) : f;
    }
    seen_feasible_ = true;
  }

  // Subproblem j's Tchebycheff value of a feasible result, on normalised objectives.
  [[nodiscard]] double decomposed(const Told& told, std::size_t j) const {
    std::vector<double> normalised(ideal_.size());
    for (std::size_t k = 0; k < ideal_.size(); ++k) {
      const double range = worst_[k] > ideal_[k] ? worst_[k] - ideal_[k] : 1.0;
      normalised[k] = (told.objectives[k] - ideal_[k]) / range;
    }
    const std::vector<double> origin(ideal_.size(), 0.0);
    return pagmo::decompose_objectives(normalised, weights_[j], origin, "tchebycheff")[0];
  }

  MoeadSettings settings_;
  Weights weights_;
  std::vector<std::vector<std::size_t>> neighbourhoods_;
  std::mt19937_64 rng_;
  Variation variation_;
  std::int64_t generation_ = 0;  // generations accepted so far
  std::vector<Member> members_;  // one per subproblem
  std::vector<double> ideal_, worst_;
  bool seen_feasible_ = false;
};

// C(h + f - 1, f - 1): the population of grid weights with h divisions for f objectives.
std::int64_t grid_size(std::int64_t h, std::int64_t f) {
  std::int64_t c = 1;
  for (std::int64_t i = 1; i < f; ++i) c = c * (h + i) / i;
  return c;
}

// The weights, or InputError when the population does not suit them.
Weights weights_for(const Shape& shape, std::int64_t population, const std::string& method) {
  const std::int64_t f = shape.objectives;
  const std::int64_t least = std::max<std::int64_t>(2, f);
  if (population < least) {
    throw core::InputError(kSpaceFile, "strategy.population",
                           "moead's population must be at least " + std::to_string(least) +
                               " with " + std::to_string(f) + " objective(s), got " +
                               std::to_string(population),
                           "one subproblem per weight vector, and two neighbours to cross");
  }
  if (f == 1) return Weights(static_cast<std::size_t>(population), std::vector<double>{1.0});
  if (method == "grid" && f > 2) {
    std::int64_t h = 1;
    while (grid_size(h, f) < population) ++h;
    if (grid_size(h, f) != population) {
      throw core::InputError(kSpaceFile, "strategy.population",
                             "moead's grid weights for " + std::to_string(f) +
                                 " objectives cannot number " + std::to_string(population),
                             "a population of " + std::to_string(grid_size(h - 1, f)) + " or " +
                                 std::to_string(grid_size(h, f)) +
                                 " fits, or weights=low_discrepancy takes any");
    }
  }
  std::mt19937 unused_by_grid_and_halton;
  return pagmo::decomposition_weights(
      static_cast<std::size_t>(f), static_cast<std::size_t>(population),
      method == "grid" ? "grid" : "low discrepancy", unused_by_grid_and_halton);
}

}  // namespace

void register_moead_strategy(core::Registry<StrategyFactory>& registry) {
  using core::ParamType;
  using core::Range;
  registry.add(
      {"moead",
       "MOEA/D: Tchebycheff decomposition over weight vectors (pagmo2), on the levels",
       {{.name = "population",
         .type = ParamType::integer,
         .range = Range::at_least_one,
         .at_most = 1e5,
         .default_text = "64",
         .help = "subproblems (weight vectors), one child each per generation"},
        generations_param(),
        {.name = "weights",
         .type = ParamType::choice,
         .choices = {"low_discrepancy", "grid"},
         .default_text = "low_discrepancy",
         .help = "weight vectors: a Halton sequence on the simplex, or a uniform grid"},
        {.name = "neighbours",
         .type = ParamType::integer,
         .range = Range::at_least_one,
         .at_most = 1e5,
         .default_text = "20",
         .help = "subproblems of the nearest weights that mate and are updated (2..population)"},
        {.name = "max_replacements",
         .type = ParamType::integer,
         .range = Range::at_least_one,
         .at_most = 1e5,
         .default_text = "2",
         .help = "neighbours one child may replace at most"},
        crossover_param(),
        mutation_param()},
       [](const core::ParamValues& p, const Shape& shape) -> std::unique_ptr<Strategy> {
         check_shape(shape);
         const std::int64_t population = p.integer("population");
         Weights weights = weights_for(shape, population, p.text("weights"));
         const std::int64_t neighbours = p.integer("neighbours");
         if (neighbours < 2 || neighbours > population) {
           throw core::InputError(kSpaceFile, "strategy.neighbours",
                                  "moead's neighbours must be between 2 and the population (" +
                                      std::to_string(population) + "), got " +
                                      std::to_string(neighbours));
         }
         std::optional<double> mutation;
         if (p.has("mutation")) mutation = p.number("mutation");
         return std::make_unique<Moead>(
             shape,
             MoeadSettings{p.integer("generations"), neighbours, p.integer("max_replacements"),
                           p.number("crossover"), mutation},
             std::move(weights));
       }});
}

}  // namespace servesim::dse
