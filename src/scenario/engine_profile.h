// Serving engines as data (configs/engines/*.yaml): what a given engine and version does by
// default and what it costs, each value with its source. A profile holds a `serving` section (the
// schedule and memory rule the engine runs unless told otherwise: `servesim validate` runs every
// end-to-end row with the schedule of the row's engine) and an `engine` section (host time per step
// and per sequence, the memory fraction, the per-request front-end latency, and its kernels:
// fusions, all-reduce implementation, eager launch time; model/engine_kernels.h), in the
// scenario's own words (scenario_fields.h):
//
//   name: trtllm-0.17
//   description: "TensorRT-LLM v0.17, C++ runtime, in-flight batching (trtllm-bench)"
//   source: "..."
//   serving: {scheduler: sarathi, max_num_batched_tokens: 8192, max_num_seqs: 2048,
//             admission: full-sequence, kv_memory: free}
//   engine: {memory_utilization: 0.9, step_overhead: 1 ms, step_overhead_per_sequence: 4 us,
//            front_end_latency: 0 ms}
//
// A scenario names one with `engine: {profile: NAME}`; each engine field the scenario leaves unset
// (and `serving.kv_memory`) then takes the profile's value (engine_settings below). The scenario's
// schedule stays its own: the profile's is what `serving_with_profile` gives.
#pragma once

#include <string>
#include <vector>

#include "core/data_root.h"
#include "scenario/environment.h"
#include "scenario/scenario_spec.h"
#include "serving/simulation.h"

namespace servesim::scenario {

struct EngineProfile {
  std::string name, description, source;
  std::string origin;   // the file it was read from
  ServingSpec serving;  // the engine's default schedule and memory rule
  EngineSpec engine;    // its costs (`profile` unused)
};

/// Reads a profile: a path, or a name under configs/engines. Throws core::InputError naming the
/// file (an unknown name lists the shipped ones), and for every bad key with its line.
EngineProfile load_engine_profile(const std::string& name_or_path, const core::DataRoot& root);

/// The shipped profiles' names, sorted.
std::vector<std::string> engine_profile_names(const core::DataRoot& root);

/// The engine figures a scenario runs with: each of its own engine fields, else its profile's, else
/// the defaults (memory utilisation 0.9, the KV rule "total", serving/simulation.h's step
/// overheads, no front-end latency, model::EngineKernels{}: no fusion, ideal collectives, graph
/// launches). Throws core::InputError at spec.origin, field
/// "engine.profile", for a profile that does not exist, and the profile file's own errors. The
/// profile is read once per name when `env` has a cache.
struct EngineSettings {
  double memory_utilization = 0.9;
  serving::KvMemoryRule kv_memory = serving::KvMemoryRule::fraction_of_total;
  Seconds step_overhead = serving::kDefaultStepOverhead;
  Seconds step_overhead_per_sequence = serving::kDefaultStepOverheadPerSequence;
  Seconds front_end_latency{};
  model::EngineKernels kernels;  // fusions, all-reduce implementation, launch mode
};
EngineSettings engine_settings(const ScenarioSpec& spec, const Environment& env);

/// `spec` with the profile's schedule (replicas, router and block size kept), and the profile's
/// value in every engine field and KV rule that `spec` leaves unset: the profile applied, so
/// nothing needs to read it again.
ScenarioSpec serving_with_profile(ScenarioSpec spec, const EngineProfile& profile);

}  // namespace servesim::scenario
