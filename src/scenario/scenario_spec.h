// A scenario: the complete description of one deployment and what to ask of it, as plain data.
// Everything `estimate`, `serve`, `run`, `validate` and `experiment` need is here, so a scenario
// written to a file replays the run it came from (scenario_yaml.h reads and writes it). Fields
// keep the user's spelling where a value is resolved later (model and system names, device
// what-ifs, length distributions); scenario_yaml.h checks every field when it loads one, and
// evaluate() (evaluate.h) checks the rules that involve several fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "core/registry.h"
#include "core/units.h"
#include "hardware/device_spec.h"
#include "model/engine_kernels.h"
#include "serving/router.h"
#include "serving/scheduler.h"

namespace servesim::scenario {

using core::Seconds;

/// How a scenario is evaluated: the analytic static-batch estimate, or the request-level
/// simulation of its workload.
enum class Fidelity { estimate, simulate };

struct ModelChoice {
  std::string name;              // shipped model name or path to a config.json
  std::int64_t max_context = 0;  // > 0: a context window instead of the model's (a what-if)
};

struct MappingSpec {
  std::int64_t tp = 1, pp = 1, ep = 1;
  bool dp_attention = false;
  bool overlap_all_reduce = false;  // LaMoSys3.5D's reduce + multicast behind the GEMMs
  bool two_batch_overlap = false;   // EP all-to-alls behind compute
  std::int64_t redundant_experts = 0;
  double expert_skew = 1.0;         // hottest expert's load over the mean
  std::optional<std::string> expert_routing;  // model/expert_routing.h; excludes expert_skew
};

/// The hardware: a system (DEVICE:COUNT, a shipped system or a YAML path), the what-if edits of
/// its device's fields ((path, value) such as ("memory.bandwidth", "2039 GB/s"), applied in order
/// to the typed device spec: hardware/device_spec.h), and whether the device's PIM is used.
struct HardwareSpec {
  std::string system;
  hardware::DeviceEdits overrides;
  bool use_pim = true;
  std::int64_t pim_sub_batches = 2;  // 1 = device then PIM, 2 = interleaved sub-batches
};

/// Prefill/decode disaggregation: two pools joined by KV transfers. Absent fields of the decode
/// pool take the prefill pool's value.
struct DisaggregationSpec {
  std::int64_t prefill_replicas = 1;
  std::int64_t decode_replicas = 1;
  std::string decode_system;  // empty: the prefill pool's system, shared
  std::optional<std::int64_t> decode_tp, decode_ep;
  std::optional<bool> decode_dp_attention;
};

struct WorkloadSpec {
  std::string trace;  // trace path, shipped trace name or servegen:DIR (empty: `generator`)
  /// A synthetic generator: its kind and parameters (serving/generators.h).
  std::optional<core::Selection> generator;
  double rate_scale = 1.0;
  std::optional<std::int64_t> max_requests;
  std::optional<Seconds> duration;
  bool skip_bad_rows = false;
};

/// The static batch of the estimate fidelity.
struct BatchSpec {
  std::int64_t size = 1;
  bool largest_fitting = false;  // the largest batch that fits memory instead of `size`
  std::int64_t input = 128;
  std::int64_t output = 128;
  std::int64_t prefill_chunk = 0;  // > 0: prefill tokens per step (activation workspace)
  std::int64_t decode_samples = 512;  // decode steps priced at most (perf/batch_estimate.h)
};

/// The serving engine: its scheduling policy and its router, each with its parameters
/// (serving/scheduler.h, serving/router.h), and the engine's own settings.
struct ServingSpec {
  core::Selection scheduler = serving::schedulers().select("vllm");
  core::Selection router = serving::routers().select("round-robin");
  std::int64_t replicas = 1;
  /// How the KV cache is sized: "total" (a fraction of all memory, less the weights: vLLM) or
  /// "free" (a fraction of what the weights leave: TensorRT-LLM); unset: the engine profile's,
  /// else "total".
  std::optional<std::string> kv_memory;
  std::int64_t block_size = 16;
  bool pim_balanced_chunks = false;
};

/// The serving engine's own costs and memory rule. Each unset field takes the value of the engine
/// profile named by `profile` (configs/engines/, scenario/engine_profile.h), else its default.
struct EngineSpec {
  std::string profile;                       // a shipped engine profile or a path; empty: none
  std::optional<double> memory_utilization;  // default 0.9
  std::optional<Seconds> step_overhead;               // default: serving/simulation.h
  std::optional<Seconds> step_overhead_per_sequence;  // default: serving/simulation.h
  /// Per request: HTTP, tokenisation, detokenisation and streaming, which a client's TTFT and
  /// end-to-end latency include and the engine's timeline does not (default 0).
  std::optional<Seconds> front_end_latency;
  /// The engine's kernels (model/engine_kernels.h); each unset one comes from the profile.
  struct Fusions {
    std::optional<bool> norm_residual, rope_attention, activation_gemm;
  } fusions;
  std::optional<model::AllReduceImpl> all_reduce;
  std::optional<core::Bytes> custom_all_reduce_max;
  std::optional<Seconds> eager_launch;  // host time per kernel launch; 0: CUDA graphs
};

struct SloSpec {
  std::optional<Seconds> ttft;
  std::optional<Seconds> tpot;
};

/// Limits a design must respect; a design beyond them is infeasible (evaluate.h), not an error.
struct ConstraintSpec {
  std::optional<core::Watts> max_power;         // peak (TDP) power of all devices
  std::optional<core::Area> max_area;           // compute-die silicon of all devices
  std::optional<core::Kelvin> max_temperature;  // DRAM operating temperature
};

struct ScenarioSpec {
  /// Where the scenario came from, for error messages: a file name, or what the caller says
  /// ("<scenario>" by default).
  std::string origin = "<scenario>";
  ModelChoice model;
  core::DTypes dtypes{core::DType::bf16, core::DType::bf16, core::DType::bf16};
  HardwareSpec hardware;
  MappingSpec mapping;
  std::optional<DisaggregationSpec> disaggregation;
  WorkloadSpec workload;
  BatchSpec batch;
  ServingSpec serving;
  EngineSpec engine;
  SloSpec slo;
  ConstraintSpec constraints;
  std::uint64_t seed = 1;
  Fidelity fidelity = Fidelity::simulate;
};

const char* to_string(Fidelity f);

}  // namespace servesim::scenario
