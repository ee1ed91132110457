// The search strategies: every registered one terminates, stays in range and replays; grid,
// random and lhs keep their sampling promises.
#include "dse/strategy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <set>

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
}

}  // namespace
}  // namespace servesim::dse
