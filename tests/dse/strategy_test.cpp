// The search strategies: every registered one terminates, stays in range and replays; grid,
// random and lhs keep their sampling promises; nsga2 and moead beat random sampling on ZDT1 and
// respect infeasibility; hierarchy tells its outer search the best of each inner search.
#include "dse/strategy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <pagmo/utils/hypervolume.hpp>
#include <set>

#include "dse/strategies/hierarchy.h"
#include "dse/strategies/nsga2.h"

namespace servesim::dse {
namespace {

using Objective = std::function<Told(const Point&)>;

Shape shape_of(std::vector<std::int64_t> levels, std::int64_t objectives = 1,
               std::uint64_t seed = 7, std::vector<bool> hardware = {}) {
  Shape s{{}, objectives, seed};
  for (std::size_t i = 0; i < levels.size(); ++i) {
    s.dimensions.push_back({levels[i], i < hardware.size() && hardware[i]});
  }
  return s;
}

std::unique_ptr<Strategy> make(const std::string& name, const Shape& shape,
                               const std::string& params = "") {
  const auto& entry = strategies().get(name, "<test>", "strategy");
  core::Diagnostics diag("<test>");
  const core::ParamValues values = core::read_params(entry.params, params, diag, "strategy");
  diag.throw_if_errors();
  return entry.value(values, shape);
}

// Every batch a strategy asks, told `f`'s results, until it is over (at most 100,000 batches).
std::vector<std::vector<Point>> run(Strategy& s, const Objective& f) {
  std::vector<std::vector<Point>> batches;
  for (std::vector<Point> batch = s.ask(); !batch.empty(); batch = s.ask()) {
    std::vector<Told> results;
    for (const auto& p : batch) results.push_back(f(p));
    s.tell(batch, results);
    batches.push_back(std::move(batch));
    if (batches.size() > 100000) throw std::runtime_error("the search does not end");
  }
  return batches;
}

std::vector<Point> flat(const std::vector<std::vector<Point>>& batches) {
  std::vector<Point> out;
  for (const auto& b : batches) out.insert(out.end(), b.begin(), b.end());
  return out;
}

// Objectives from the levels: the sum and the spread of the levels; infeasible when the first
// two levels are equal and odd.
Told toy(const Point& p, std::int64_t objectives) {
  if (p.size() > 1 && p[0] == p[1] && p[0] % 2 == 1) return {};
  double sum = 0, spread = 0;
  for (const auto v : p) sum += static_cast<double>(v);
  for (const auto v : p) spread += std::abs(static_cast<double>(v) - sum / double(p.size()));
  std::vector<double> f{sum, spread, -sum};
  f.resize(static_cast<std::size_t>(objectives));
  return {true, f};
}

TEST(Strategies, EveryOneTerminatesStaysInRangeAndReplays) {
  for (const auto& entry : strategies().entries()) {
    SCOPED_TRACE(entry.name);
    EXPECT_FALSE(entry.summary.empty());
    for (const std::int64_t objectives : {1, 2, 3}) {
      const Shape shape = shape_of({4, 3, 5}, objectives, 11, {true, false, false});
      const Objective f = [&](const Point& p) { return toy(p, objectives); };
      auto first = entry.value(core::ParamValues(entry.params), shape);
      const auto batches = run(*first, f);
      EXPECT_FALSE(batches.empty());
      for (const auto& p : flat(batches)) {
        ASSERT_EQ(p.size(), 3u);
        for (std::size_t d = 0; d < 3; ++d) {
          EXPECT_GE(p[d], 0);
          EXPECT_LT(p[d], shape.dimensions[d].levels);
        }
      }
      auto again = entry.value(core::ParamValues(entry.params), shape);
      EXPECT_EQ(run(*again, f), batches);
      // A budget given in advance bounds what the search asks.
      if (const auto budget = again->budget()) {
        EXPECT_LE(static_cast<std::int64_t>(flat(batches).size()), *budget);
      }
    }
  }
}

TEST(Grid, CoversTheSpaceOnceInLexicographicOrder) {
  const Shape shape = shape_of({3, 1, 4});
  auto grid = make("grid", shape, "batch=5");
  const auto batches = run(*grid, [](const Point& p) { return toy(p, 1); });
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches.back().size(), 2u);
  const auto points = flat(batches);
  ASSERT_EQ(points.size(), 12u);
  EXPECT_TRUE(std::is_sorted(points.begin(), points.end()));
  EXPECT_EQ(std::set<Point>(points.begin(), points.end()).size(), 12u);
}

TEST(Random, DrawsDistinctPointsUpToTheSamples) {
  const auto f = [](const Point& p) { return toy(p, 1); };
  for (const auto& [levels, params, expected] :
       std::vector<std::tuple<std::vector<std::int64_t>, std::string, std::size_t>>{
           {{64, 64, 64}, "samples=500,batch=64", 500},  // sparse draw
           {{8, 8}, "samples=40", 40},                   // dense draw
           {{5, 3}, "samples=100", 15}}) {               // capped at the space
    auto random = make("random", shape_of(levels), params);
    const auto points = flat(run(*random, f));
    EXPECT_EQ(points.size(), expected);
    EXPECT_EQ(std::set<Point>(points.begin(), points.end()).size(), expected);
  }
  auto seven = make("random", shape_of({64, 64}, 1, 7), "samples=20");
  auto eight = make("random", shape_of({64, 64}, 1, 8), "samples=20");
  EXPECT_NE(run(*seven, f), run(*eight, f));
}

TEST(Lhs, EveryLevelAppearsFloorOrCeilOfSamplesOverLevelsTimes) {
  const std::vector<std::int64_t> levels{4, 10, 13, 1, 64};
  for (const std::int64_t n : {10, 26, 64}) {
    auto lhs = make("lhs", shape_of(levels), "batch=7,samples=" + std::to_string(n));
    const auto points = flat(run(*lhs, [](const Point& p) { return toy(p, 1); }));
    ASSERT_EQ(static_cast<std::int64_t>(points.size()), n);
    for (std::size_t d = 0; d < levels.size(); ++d) {
      std::map<std::int64_t, std::int64_t> count;
      for (const auto& p : points) ++count[p[d]];
      for (std::int64_t level = 0; level < levels[d]; ++level) {
        EXPECT_GE(count[level], n / levels[d]) << "dimension " << d << " level " << level;
        EXPECT_LE(count[level], (n + levels[d] - 1) / levels[d]);
      }
    }
  }
}

// ZDT1 (Zitzler, Deb and Thiele 2000) on 64 levels per dimension: x_i = level / 63.
Told zdt1(const Point& p) {
  std::vector<double> x;
  for (const auto v : p) x.push_back(static_cast<double>(v) / 63.0);
  double g = 0;
  for (std::size_t i = 1; i < x.size(); ++i) g += x[i];
  g = 1 + 9 * g / static_cast<double>(x.size() - 1);
  return {true, {x[0], g * (1 - std::sqrt(x[0] / g))}};
}

// The hypervolume of the feasible results of `points` up to (1.1, 11).
double hypervolume(const std::vector<Point>& points, const Objective& f) {
  std::vector<std::vector<double>> front;
  for (const auto& p : points) {
    if (Told t = f(p); t.feasible) front.push_back(t.objectives);
  }
  return pagmo::hypervolume(front).compute({1.1, 11.0});
}

TEST(Evolutionary, BeatRandomSamplingOnZdt1WithTheSameEvaluations) {
  const Shape shape = shape_of({64, 64, 64}, 2, 3);
  for (const std::string name : {"nsga2", "moead"}) {
    auto search = make(name, shape, "population=32,generations=30");
    const auto points = flat(run(*search, zdt1));
    auto random = make("random", shape, "samples=" + std::to_string(points.size()));
    const auto sampled = flat(run(*random, zdt1));
    ASSERT_EQ(sampled.size(), points.size());
    const double found = hypervolume(points, zdt1), baseline = hypervolume(sampled, zdt1);
    std::cout << name << ": " << points.size() << " evaluations, hypervolume " << found
              << " against random's " << baseline << " (ideal front about 11.76)\n";
    EXPECT_GT(found, baseline + 0.1) << name;
  }
}

TEST(Evolutionary, FindTheMinimumOfOneObjective) {
  const Objective bowl = [](const Point& p) {
    double f = 0;
    for (const auto v : p) f += static_cast<double>((v - 40) * (v - 40));
    return Told{true, {f}};
  };
  for (const std::string name : {"nsga2", "moead"}) {
    auto search = make(name, shape_of({64, 64, 64}), "population=32,generations=40");
    double best = 1e9;
    for (const auto& p : flat(run(*search, bowl))) best = std::min(best, bowl(p).objectives[0]);
    EXPECT_LE(best, 3.0) << name;
  }
}

TEST(Nsga2, KeepsInfeasiblePointsOutOfItsFinalPopulation) {
  const Objective f = [](const Point& p) { return p[0] >= 16 && p[0] < 48 ? Told{} : zdt1(p); };
  Nsga2 search(shape_of({64, 64, 64}, 2),
               {.population = 32, .generations = 20, .crossover = 0.9, .mutation = {}});
  bool asked_infeasible = false;
  for (const auto& p : flat(run(search, f))) asked_infeasible |= !f(p).feasible;
  EXPECT_TRUE(asked_infeasible);
  ASSERT_EQ(search.population().size(), 32u);
  for (const auto& m : search.population()) EXPECT_TRUE(m.told.feasible);

  Nsga2 hopeless(shape_of({8, 8}, 2),
                 {.population = 8, .generations = 3, .crossover = 0.9, .mutation = {}});
  run(hopeless, [](const Point&) { return Told{}; });
  EXPECT_EQ(hopeless.population().size(), 8u);
}

// Records what a strategy is asked and told.
class Spy : public Strategy {
 public:
  explicit Spy(std::unique_ptr<Strategy> inner) : inner_(std::move(inner)) {}
  std::vector<Point> ask() override {
    auto points = inner_->ask();
    asked.insert(points.begin(), points.end());
    return points;
  }
  void tell(const std::vector<Point>& points, const std::vector<Told>& results) override {
    for (std::size_t i = 0; i < points.size(); ++i) told[points[i]] = results[i];
    inner_->tell(points, results);
  }
  std::set<Point> asked;
  std::map<Point, Told> told;

 private:
  std::unique_ptr<Strategy> inner_;
};

TEST(Hierarchy, TellsTheOuterSearchTheBestInnerResult) {
  // Dimensions: software s (8 levels), hardware h (4), software t (3); best s = h, t = 0.
  const Shape shape = shape_of({8, 4, 3}, 1, 5, {false, true, false});
  const Objective f = [](const Point& p) {
    if (p[1] == 3) return Told{};
    const auto v = (p[1] - 2) * (p[1] - 2) + (p[0] - p[1]) * (p[0] - p[1]) + p[2];
    return Told{true, {static_cast<double>(v)}};
  };
  auto spy = std::make_unique<Spy>(make("random", part_of(shape, true), "samples=3,batch=2"));
  Spy& outer = *spy;
  Hierarchy search(shape, std::move(spy), [](const Shape& s) { return make("grid", s); });
  const auto points = flat(run(search, f));
  EXPECT_EQ(points.size(), 3u * 24u);
  for (const auto& p : points) EXPECT_TRUE(outer.asked.contains({p[1]}));
  ASSERT_EQ(outer.told.size(), 3u);
  for (const auto& [h, told] : outer.told) {
    EXPECT_EQ(told.feasible, h[0] != 3);
    if (told.feasible) {
      EXPECT_EQ(told.objectives[0], double((h[0] - 2) * (h[0] - 2)));
    }
  }
}

TEST(Hierarchy, RepresentativeIsTheSmallestSumOfNormalisedObjectives) {
  EXPECT_EQ(representative({}), std::nullopt);
  EXPECT_EQ(representative({{3}, {1}, {2}, {1}}), 1u);
  // Latency in s and cost in $: the balanced design, whatever the units.
  EXPECT_EQ(representative({{0.1, 1000}, {0.3, 300}, {1.0, 100}}), 1u);
  EXPECT_EQ(representative({{0.1, 1e6}, {0.3, 3e5}, {1.0, 1e5}}), 1u);
  EXPECT_EQ(representative({{0.1, 1000}, {0.2, 200}, {1.0, 100}}), 1u);
  EXPECT_EQ(representative({{5, 1}, {5, 0}}), 1u);
}

TEST(Hierarchy, WithoutHardwareOrOtherDimensionsIsOneSearch) {
  const auto f = [](const Point& p) { return toy(p, 1); };
  auto alone = make("random", shape_of({6, 7}, 1, 9), "samples=10");
  const auto expected = run(*alone, f);
  auto inner_only =
      make("hierarchy", shape_of({6, 7}, 1, 9), "inner=random,inner_params=samples=10");
  EXPECT_EQ(run(*inner_only, f), expected);
  auto outer_only = make("hierarchy", shape_of({6, 7}, 1, 9, {true, true}),
                         "outer=random,outer_params=samples=10");
  EXPECT_EQ(run(*outer_only, f), expected);
}

TEST(Hierarchy, PassesParametersToItsParts) {
  const auto& entry = strategies().get("hierarchy", "<test>", "strategy");
  core::ParamValues values(entry.params);
  values.set("outer", std::string("nsga2"));
  values.set("outer_params", std::string("population=8,generations=2"));
  values.set("inner", std::string("lhs"));
  values.set("inner_params", std::string("samples=4"));
  auto nested = entry.value(values, shape_of({60, 7, 5}, 2, 9, {true}));
  std::map<std::int64_t, int> per_hardware_point;
  for (const auto& p : flat(run(*nested, [](const Point& p) { return toy(p, 2); }))) {
    ++per_hardware_point[p[0]];
  }
  // At most 3 generations of 8 hardware points, each searched once by 4 inner samples.
  EXPECT_GT(per_hardware_point.size(), 8u);
  EXPECT_LE(per_hardware_point.size(), 24u);
  for (const auto& [level, count] : per_hardware_point) EXPECT_EQ(count, 4) << level;
}

// The message and path of the InputError that making `name` with `params` on `shape` throws.
std::pair<std::string, std::string> error_of(const std::string& name, const Shape& shape,
                                             const std::string& params) {
  try {
    make(name, shape, params);
  } catch (const core::InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1u);
    const auto& d = e.diagnostics().front();
    EXPECT_EQ(d.file, "<space>");
    return {d.path, d.message + " | " + d.hint};
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(StrategyErrors, SayWhatToChange) {
  using Error = std::pair<std::string, std::string>;
  const Shape two = shape_of({8, 8}, 2), three = shape_of({8, 8}, 3);
  EXPECT_EQ(error_of("nsga2", two, "population=6"),
            Error("strategy.population",
                  "nsga2's population must be even and at least 8, got 6 | offspring come in "
                  "pairs; try 8"));
  EXPECT_EQ(error_of("nsga2", two, "population=9").second,
            "nsga2's population must be even and at least 8, got 9 | offspring come in pairs; "
            "try 10");
  EXPECT_EQ(error_of("moead", three, "population=2"),
            Error("strategy.population",
                  "moead's population must be at least 3 with 3 objective(s), got 2 | one "
                  "subproblem per weight vector, and two neighbours to cross"));
  EXPECT_EQ(error_of("moead", three, "weights=grid"),
            Error("strategy.population",
                  "moead's grid weights for 3 objectives cannot number 64 | a population of 55 "
                  "or 66 fits, or weights=low_discrepancy takes any"));
  EXPECT_NO_THROW(make("moead", three, "weights=grid,population=66"));
  for (const std::string n : {"1", "65"}) {
    EXPECT_EQ(
        error_of("moead", two, "neighbours=" + n),
        Error("strategy.neighbours",
              "moead's neighbours must be between 2 and the population (64), got " + n + " | "));
  }
  const Shape mixed = shape_of({4, 4}, 1, 1, {true});
  EXPECT_EQ(
      error_of("hierarchy", mixed, "inner=nsga2,inner_params=populaton=8"),
      Error("strategy.inner_params", "unknown key \"populaton\" | did you mean 'population'?"));
  EXPECT_EQ(error_of("hierarchy", mixed, "outer=nsga2,outer_params=population=7").first,
            "strategy.outer_params");
  EXPECT_EQ(error_of("hierarchy", mixed, "inner=moead,inner_params=neighbours=1").first,
            "strategy.inner_params");
}

// The message of the std::logic_error `call` throws.
std::string logic_error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(StrategyErrors, BreachesOfTheAskTellContractAreLogicErrors) {
  EXPECT_EQ(logic_error_of([] { make("grid", shape_of({3}, 0)); }), "strategy shape: no objective");
  EXPECT_EQ(logic_error_of([] { make("random", shape_of({})); }), "strategy shape: no dimension");
  EXPECT_EQ(logic_error_of([] {
              make("lhs", shape_of({3, 0}));
            }),
            "strategy shape: a dimension without levels");
  auto grid = make("grid", shape_of({3}, 2));
  const auto batch = grid->ask();
  EXPECT_EQ(logic_error_of([&] { grid->tell(batch, {}); }),
            "strategy tell: 0 results for 3 points");
  EXPECT_EQ(logic_error_of([&] {
              grid->tell(batch, {{true, {1}}, {}, {}});
            }),
            "strategy tell: a feasible result with 1 objectives, not 2");
  EXPECT_EQ(logic_error_of([] { Hierarchy(shape_of({3}), make("grid", shape_of({3})), nullptr); }),
            "hierarchy: needs hardware and other dimensions");
  Hierarchy search(shape_of({2, 3}, 1, 1, {true}), make("grid", shape_of({2})),
                   [](const Shape& s) { return make("grid", s); });
  const auto asked = search.ask();
  EXPECT_EQ(logic_error_of([&] { search.tell({asked[0]}, {Told{}}); }),
            "hierarchy tell: fewer results than asked");
}

}  // namespace
}  // namespace servesim::dse
