// The design-space search's speed figures (DESIGN.md):
//   explore_points_per_s: analytic points per second on one thread — a 4,096-point grid of
//     Llama-3.1-70B static batches on one DGX H100 (TP x batch x input x output), each the
//     estimate with 4 priced decode steps (exact while step time is affine in the context:
//     the screening setting of a space), stored in the SQLite store;
//   explore_evals_per_s: full trace simulations per second on every core — Llama-3.1-70B TP8
//     serving the first 2,000 requests of the Azure 2023 conversation trace, over a grid of
//     scheduler limits, stored.
// Each runs whole searches (explore()) until about `seconds` have passed; a fresh store each time.
#pragma once

#include <vector>

#include "scenario/environment.h"
#include "standard_bench.h"

namespace servesim::bench {

std::vector<Figure> explore_benchmarks(double seconds, const scenario::Environment& env);

}  // namespace servesim::bench
