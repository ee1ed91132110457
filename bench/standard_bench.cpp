// Standard benchmarks (see standard_bench.h).
#include "standard_bench.h"

#include "explore_bench.h"

#include <chrono>
#include <random>

#include "hardware/system.h"
#include "model/hf_config.h"
#include "perf/step_model.h"
#include "scenario/environment.h"
#include "serving/simulation.h"

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

// The benchmarks' deployment: llama-3.1-70b on h100-sxm-80g:8, TP8.
perf::StepModel llama70b_on_h100(const scenario::Environment& env) {
  return perf::StepModel(model::load_model("llama-3.1-70b", env.root),
                         hardware::load_derived_system("h100-sxm-80g:8", env.root, env.process_table),
                         mapping::Plan{8, 1}, {});
}

Figure estimates_per_second(double seconds, const scenario::Environment& env) {
  perf::StepModel sm = llama70b_on_h100(env);
  const model::ModelSpec& m = sm.model();
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

// The DESIGN.md serving scenario: the bundled Azure 2023 conversation trace (19,366 requests over
// 58 minutes) on llama-3.1-70b, h100-sxm-80g:8, TP8, vllm; the best of a few runs.
std::vector<Figure> serve_azure_conversation(double seconds, const scenario::Environment& env) {
  perf::StepModel sm = llama70b_on_h100(env);
  const std::string trace = env.root.data_file("traces/azure2023_AzureLLMInferenceTrace_conv.csv");
  using clock = std::chrono::steady_clock;
  double best = 1e300, simulated = 0;
  const auto start = clock::now();
  do {
    serving::Workload w = serving::open_workload(trace, {});
    const auto t0 = clock::now();
    const serving::ServeSummary s = serving::simulate(sm, w, serving::ServeConfig{});
    best = std::min(best, std::chrono::duration<double>(clock::now() - t0).count());
    simulated = s.makespan_s;
  } while (std::chrono::duration<double>(clock::now() - start).count() < seconds);
  const std::string what =
      "Azure 2023 conversation trace, llama-3.1-70b, h100-sxm-80g:8 TP8, vllm, one thread";
  return {Figure{"serve_wall_s", best, "s", what},
          Figure{"serve_realtime_factor", simulated / best, "x", "simulated / wall time, same run"}};
}

}  // namespace

std::vector<Figure> run_standard_benchmarks(double seconds_per_figure,
                                            const scenario::Environment& env) {
  std::vector<Figure> figures = {estimates_per_second(seconds_per_figure, env)};
  for (Figure& f : serve_azure_conversation(seconds_per_figure, env)) figures.push_back(std::move(f));
  for (Figure& f : explore_benchmarks(seconds_per_figure, env)) figures.push_back(std::move(f));
  return figures;
}

}  // namespace servesim::bench
