// The speed figures of DESIGN.md, measured on one thread: each figure that exists so far.
//   estimates_per_s: StepModel::price calls per second for llama-3.1-70b on h100-sxm-80g:8, TP8,
//   over a fixed, seeded set of mixed batches (prefill chunks + decodes), as the serving loop uses;
//   serve_wall_s, serve_realtime_factor: the bundled Azure 2023 conversation trace through the
//   serving simulator (llama-3.1-70b, h100-sxm-80g:8, TP8, vllm).
#pragma once

#include <string>
#include <vector>

#include "scenario/environment.h"

namespace servesim::bench {

struct Figure {
  std::string name;   // "estimates_per_s"
  double value = 0;
  std::string unit;   // "1/s"
  std::string detail; // what was measured
};

/// Runs the standard benchmarks for about `seconds_per_figure` each, on files under `env`.
std::vector<Figure> run_standard_benchmarks(double seconds_per_figure,
                                            const scenario::Environment& env);

}  // namespace servesim::bench
