// The request-level discrete-event simulation of a serving deployment: requests arrive from a
// workload, a router spreads them over data-parallel replicas, each replica's scheduler forms
// steps that the perf layer prices, a paged KV cache bounds admission, and metrics stream out.
// Events are processed in time order (serving/event_queue.h: at equal times KV transfers, then
// arrivals, then step ends, then operating windows; replicas by index), so the same inputs and
// seed give the same outputs. Energy and power by component come from serving/power_accountant.h;
// an optional OperatingPointFeedback (serving/feedback.h) may change each replica's operating
// point between its steps. Memory is bounded: requests live only
// while in flight and at most kMaxPendingPerReplica arrived requests wait per replica (later
// arrivals stay in the stream with their arrival time, so their queueing delay is still counted).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "perf/step_model.h"
#include "serving/feedback.h"
#include "serving/latency_histogram.h"
#include "serving/observer.h"
#include "serving/power_accountant.h"
#include "serving/router.h"
#include "serving/scheduler.h"
#include "serving/workload.h"

namespace servesim::serving {

inline constexpr std::int64_t kMaxPendingPerReplica = 4096;

struct Slo {
  Seconds ttft{};
  Seconds tpot{};
};

/// Default host time per engine step that the GPU does not hide: a fixed part (scheduling,
/// launching under CUDA graphs) and a part per running sequence (sampling, stop checks,
/// detokenising, bookkeeping). Calibrated on the end-to-end cases; see docs/validation.md.
inline constexpr Seconds kDefaultStepOverhead{1.0e-3};
inline constexpr Seconds kDefaultStepOverheadPerSequence{4.0e-6};

/// Which memory the KV cache gets: utilisation × device memory − weights − activations (vLLM's
/// gpu_memory_utilization, whose remaining fraction also covers the runtime), or utilisation ×
/// (device memory − weights − activations − runtime memory) (TensorRT-LLM's
/// kv_cache_free_gpu_mem_fraction, applied to the memory still free once the runtime is up).
enum class KvMemoryRule { fraction_of_total, fraction_of_free };

/// Memory the runtime holds per device before the KV cache is sized under fraction_of_free: CUDA
/// context, cuBLAS/cuBLASLt workspaces, NCCL buffers, engine buffers. Fitted on the end-to-end
/// cases over {0, 1, 2, 3, 4} GiB; see docs/validation.md.
inline constexpr double kRuntimeMemoryGiB = 2.0;

/// Smallest prefill chunk under pim_balanced_chunks, so that prompts always progress.
inline constexpr std::int64_t kMinPimChunk = 256;

struct ServeConfig {
  /// The scheduling policy and its parameters (scheduler.h; limits by scheduler_limits()).
  core::Selection scheduler = schedulers().select("vllm");
  std::int64_t replicas = 1;  // co-located replicas (ignored when disaggregated)
  /// Prefill/decode disaggregation (xPyD): both > 0 splits the deployment into a prefill pool
  /// and a decode pool joined by KV transfers (see perf/kv_transfer.h).
  std::int64_t prefill_replicas = 0;
  std::int64_t decode_replicas = 0;
  bool pools_share_system = true;  // false: the decode pool is on a system of its own
  core::Selection router = routers().select("round-robin");  // router.h
  std::int64_t block_size = 16;
  double memory_utilization = 0.9;
  /// CPU time per step (scheduling, sampling, detokenisation) that the GPU does not hide.
  Seconds step_overhead = kDefaultStepOverhead;
  Seconds step_overhead_per_sequence = kDefaultStepOverheadPerSequence;
  /// Per request, before its first token and its end reach the client (HTTP, tokenisation,
  /// detokenisation, streaming): added to every TTFT and end-to-end latency, not to the engine's
  /// timeline (so throughput and TPOT do not change).
  Seconds front_end_latency{};
  KvMemoryRule kv_memory_rule = KvMemoryRule::fraction_of_total;
  /// On a device whose PIM runs decode attention (L3): size each step's prefill chunk so that the
  /// device's time (dense layers plus the chunk) matches the PIM's, at least kMinPimChunk tokens.
  bool pim_balanced_chunks = false;
  std::optional<Slo> slo;
};

/// KV capacity of a replica in blocks (by the config's KvMemoryRule, with the activation workspace
/// of a full step); or the reason it is not positive.
struct Capacity {
  std::int64_t blocks = 0;
  double block_bytes = 0;  // per device
  std::string infeasible;  // non-empty: why nothing can be served
};
Capacity kv_capacity(const perf::StepModel& model, const ServeConfig& config);

struct LatencySummary {
  std::int64_t count = 0;
  double mean = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;  // seconds
};

struct ServeSummary {
  std::int64_t requests = 0;   // arrived (completed + rejected)
  std::int64_t completed = 0;
  std::int64_t rejected = 0;
  std::map<std::string, std::int64_t> rejected_reasons;
  std::int64_t skipped_rows = 0;
  std::int64_t input_tokens = 0;   // of completed requests
  std::int64_t output_tokens = 0;
  std::int64_t prefill_tokens_computed = 0;  // incl. recompute, excl. prefix-cache hits
  std::int64_t steps = 0;
  std::int64_t preemptions = 0;
  double makespan_s = 0;           // first arrival to last completion
  /// The most requests in the system at once (queued, running or waiting for a KV transfer):
  /// at a sustainable rate it settles near rate × request lifetime, well below `requests` on a
  /// workload long enough to show that steady state.
  std::int64_t in_flight_max = 0;
  LatencySummary ttft, tpot, itl, e2e;
  double requests_per_s = 0, input_tokens_per_s = 0, output_tokens_per_s = 0;
  double goodput_requests_per_s = 0;  // requests meeting the SLO, per second (no SLO: all)
  double slo_attainment = 0;
  double kv_utilization_mean = 0, kv_utilization_max = 0;  // time-weighted over busy steps
  double batch_size_mean = 0, batch_size_max = 0;
  double prefix_cache_hit_rate = 0;
  std::int64_t kv_capacity_blocks = 0;
  /// P/D: each pool's tokens per second over its busy span (first step start to last step end):
  /// prompt tokens computed by the prefill pool, output tokens decoded by the decode pool.
  double prefill_pool_input_tokens_per_s = 0;
  double decode_pool_output_tokens_per_s = 0;
  double kv_transfer_bytes = 0;      // P/D: prompt KV moved from prefill to decode pools
  LatencySummary kv_transfer_wait;   // P/D: visible transfer time per request
  double energy_j = 0;
  EnergyBreakdown energy_by_component;  // sums to energy_j up to rounding
  double joules_per_output_token = 0;
  double average_power_per_device_w = 0;  // energy / (devices · makespan)
};

/// Runs the workload to completion. Throws core::InputError for bad trace rows (unless skipped)
/// and an unknown scheduler or router; the caller checks kv_capacity() first for feasibility.
/// With `feedback`, each replica prices its steps on its own copy of the model, whose operating
/// point the feedback sets (the caller's model is not changed); without, the run is as before.
ServeSummary simulate(perf::StepModel& model, Workload& workload, const ServeConfig& config,
                      const std::vector<SimulationObserver*>& observers = {},
                      OperatingPointFeedback* feedback = nullptr);

/// P/D disaggregated serving: config.prefill_replicas replicas of `prefill` (prompts only; a
/// request leaves after its first token) and config.decode_replicas replicas of `decode`, which
/// may be another device type or mapping. Contract: both pool sizes > 0.
ServeSummary simulate_disaggregated(perf::StepModel& prefill, perf::StepModel& decode,
                                    Workload& workload, const ServeConfig& config,
                                    const std::vector<SimulationObserver*>& observers = {},
                                    OperatingPointFeedback* feedback = nullptr);

}  // namespace servesim::serving
