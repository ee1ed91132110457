// nsga2 (see nsga2.h) and its registration.
#include "dse/strategies/nsga2.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <set>
#include <string>

#include "dse/strategies/registrations.h"
#include "dse/strategies/sampling.h"

namespace servesim::dse {

Nsga2::Nsga2(const Shape& shape, const Nsga2Settings& settings)
    : GenerationalStrategy(shape),
      settings_(settings),
      rng_(shape.seed),
      variation_(shape, settings.crossover, settings.mutation, mix_seed(shape.seed, 0)) {}

std::vector<Point> Nsga2::next_generation() {
  std::vector<Point> out;
  if (generation_ > settings_.generations) return out;
  if (generation_ == 0) {
    for (std::int64_t i = 0; i < settings_.population; ++i) {
      out.push_back(uniform_point(rng_, shape()));
    }
    return out;
  }
  for (std::int64_t i = 0; i < settings_.population / 2; ++i) {
    const Point& a = parents_[tournament()].point;
    const Point& b = parents_[tournament()].point;
    auto [c1, c2] = variation_.offspring(a, b);
    out.push_back(std::move(c1));
    out.push_back(std::move(c2));
  }
  return out;
}

void Nsga2::accept(std::vector<Member> generation) {
  // The pool: the parents, then the offspring that are new points.
  std::vector<Member> pool = std::move(parents_);
  std::set<Point> seen;
  for (const auto& m : pool) seen.insert(m.point);
  for (auto& m : generation) {
    if (seen.insert(m.point).second) pool.push_back(std::move(m));
  }
  const Ranking ranking = rank_and_crowd(comparable_objectives(pool, shape().objectives));
  std::vector<std::size_t> order(pool.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return ranking.before(a, b); });
  order.resize(std::min(order.size(), static_cast<std::size_t>(settings_.population)));
  parents_.clear();
  for (const std::size_t i : order) parents_.push_back(std::move(pool[i]));
  ranking_ = rank_and_crowd(comparable_objectives(parents_, shape().objectives));
  ++generation_;
}

std::size_t Nsga2::tournament() {
  const auto n = static_cast<std::uint64_t>(parents_.size());
  const auto a = static_cast<std::size_t>(uniform_below(rng_, n));
  const auto b = static_cast<std::size_t>(uniform_below(rng_, n));
  return ranking_.before(a, b) ? a : b;
}

void register_nsga2_strategy(core::Registry<StrategyFactory>& registry) {
  using core::ParamType;
  using core::Range;
  registry.add(
      {"nsga2",
       "NSGA-II: non-dominated sorting and crowding (pagmo2), on the levels",
       {{.name = "population",
         .type = ParamType::integer,
         .range = Range::at_least_one,
         .at_most = 1e5,
         .default_text = "64",
         .help = "points per generation (even, at least 8)"},
        generations_param(),
        crossover_param(),
        mutation_param()},
       [](const core::ParamValues& p, const Shape& shape) -> std::unique_ptr<Strategy> {
         const std::int64_t population = p.integer("population");
         if (population < 8 || population % 2 != 0) {
           throw core::InputError(
               kSpaceFile, "strategy.population",
               "nsga2's population must be even and at least 8, got " + std::to_string(population),
               "offspring come in pairs; try " +
                   std::to_string(std::max<std::int64_t>(8, population + population % 2)));
         }
         std::optional<double> mutation;
         if (p.has("mutation")) mutation = p.number("mutation");
         return std::make_unique<Nsga2>(shape, Nsga2Settings{population, p.integer("generations"),
                                                             p.number("crossover"), mutation});
       }});
}

}  // namespace servesim::dse
