// Search speed figures (see explore_bench.h).
#include "explore_bench.h"

#include <chrono>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include "dse/explore.h"
#include "dse/space.h"

namespace servesim::bench {
namespace {

constexpr const char* kAnalytic = R"(name: bench-analytic
base:
  model: llama-3.1-70b
  hardware: {system: "h100-sxm-80g:8"}
  batch: {size: 8, input: 1024, output: 256, decode_samples: 4}
parameters:
  - {field: mapping.tp, values: [1, 2, 4, 8]}
  - {field: batch.size, range: [1, 128], scale: log}
  - {field: batch.input, range: [128, 16384], scale: log}
  - {field: batch.output, range: [32, 4096], scale: log}
objectives: [{metric: output_tokens_per_s}, {metric: joules_per_token}]
fidelity: estimate
)";

constexpr const char* kTrace = R"(name: bench-trace
base:
  model: llama-3.1-70b
  hardware: {system: "h100-sxm-80g:8"}
  mapping: {tp: 8}
  workload: {trace: azure-conv, max_requests: 2000}
  slo: {ttft: 2 s, tpot: 100 ms}
parameters:
  - {field: serving.max_num_seqs, range: [16, 1024], scale: log}
  - {field: serving.max_num_batched_tokens, range: [1024, 16384], scale: log}
  - {field: serving.scheduler, values: [vllm, sarathi]}
objectives: [{metric: goodput_requests_per_s}, {metric: joules_per_token}]
fidelity: simulate
)";

// Points evaluated per second by whole searches of `space` on `threads` threads.
double points_per_second(const char* space_text, int threads, double seconds,
                         const scenario::Environment& env) {
  const dse::Space space = dse::parse_space_text(space_text, "bench.yaml");
  const auto store_file = std::filesystem::temp_directory_path() /
                          ("servesim-bench-" + std::to_string(::getpid()) + ".sqlite");
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  std::int64_t points = 0;
  do {
    std::filesystem::remove(store_file);
    const dse::Evaluator evaluator(space, env);
    dse::ThreadExecutor executor(evaluator, threads);
    dse::Store store = dse::Store::open(store_file.string(), space.hash, false);
    points += dse::explore(evaluator, executor, store).evaluated;
  } while (std::chrono::duration<double>(clock::now() - start).count() < seconds);
  const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(store_file.string() + suffix);
  }
  return static_cast<double>(points) / elapsed;
}

}  // namespace

std::vector<Figure> explore_benchmarks(double seconds, const scenario::Environment& env) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return {Figure{"explore_points_per_s", points_per_second(kAnalytic, 1, seconds, env), "1/s",
                 "analytic search, 4,096-point grid of llama-3.1-70b batches on h100-sxm-80g:8, "
                 "one thread, stored"},
          Figure{"explore_evals_per_s", points_per_second(kTrace, cores, seconds, env), "1/s",
                 "trace search, 2,000 Azure requests on llama-3.1-70b TP8, all cores, stored"}};
}

}  // namespace servesim::bench
