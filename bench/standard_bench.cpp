// Standard benchmarks (see standard_bench.h).
#include "standard_bench.h"

#include <chrono>
#include <random>

#include "hardware/system_spec.h"
#include "model/hf_config.h"
#include "perf/step_model.h"

namespace servesim::bench {
namespace {

// 64 mixed batches: 8–256 decodes with contexts up to 8k, and 0–2 prefill chunks of up to 2k.
std::vector<model::StepBatch> mixed_batches(const model::ModelSpec& m) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::int64_t> decodes(8, 256), context(128, 8192),
      chunks(0, 2), chunk_len(64, 2048);
  std::vector<model::StepBatch> batches(64);
  for (model::StepBatch& b : batches) {
    const std::int64_t d = decodes(rng);
    for (std::int64_t i = 0; i < d; ++i) b.add({1, context(rng), true}, m);
    const std::int64_t c = chunks(rng);
    for (std::int64_t i = 0; i < c; ++i) b.add({chunk_len(rng), context(rng), true}, m);
  }
  return batches;
}

Figure estimates_per_second(double seconds) {
  const model::ModelSpec m = model::load_model("llama-3.1-70b");
  perf::StepModel sm(m, hardware::load_system("h100-sxm-80g:8"), mapping::Plan{8, 1}, {});
  const auto batches = mixed_batches(m);
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  std::int64_t count = 0;
  double sink = 0;
  double elapsed = 0;
  do {
    for (const model::StepBatch& b : batches) sink += sm.price(b).time.value();
    count += static_cast<std::int64_t>(batches.size());
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < seconds);
  Figure f{"estimates_per_s", static_cast<double>(count) / elapsed, "1/s",
           "StepModel::price, llama-3.1-70b, h100-sxm-80g:8 TP8, 64 mixed batches, one thread"};
  if (sink < 0) f.detail += " (impossible)";  // keeps the loop observable to the optimiser
  return f;
}

}  // namespace

std::vector<Figure> run_standard_benchmarks(double seconds_per_figure) {
  return {estimates_per_second(seconds_per_figure)};
}

}  // namespace servesim::bench
