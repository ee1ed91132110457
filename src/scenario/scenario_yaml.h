// Scenario files: a ScenarioSpec read from YAML (every field checked, unknown keys reported with
// their path, line and the closest known key) and written back, resolved, as YAML or JSON.
//
//   model: {name: llama-3.1-70b, max_context: 131072}   # or model: llama-3.1-70b
//   dtypes: {weights: fp8, activations: bf16, kv: fp8}
//   hardware:
//     system: h100-sxm-80g:8          # DEVICE:COUNT, shipped system or YAML path
//     overrides: {memory.bandwidth: 2039GB/s}   # what-ifs on the device's fields
//     use_pim: true
//     pim_sub_batches: 2
//   mapping: {tp: 8, pp: 1, ep: 1, dp_attention: false, overlap_all_reduce: false,
//             two_batch_overlap: false, redundant_experts: 0, expert_skew: 1}
//   disaggregation: {prefill_replicas: 1, decode_replicas: 3, decode_system: ..., decode_tp: 8,
//                    decode_ep: 1, decode_dp_attention: false}
//   workload:
//     trace: azure-conv               # or generator: {kind: poisson, rate: 4, requests: 1000,
//                                     #   input: 1024, output: exp:256}: a kind and its parameters
//                                     #   (serving/generators.h)
//     rate_scale: 1
//     max_requests: 500
//     duration: 600 s
//     skip_bad_rows: false
//   batch: {size: 32, input: 128, output: 128, prefill_chunk: 0}   # size: max = largest fitting
//   serving: {scheduler: vllm, router: round-robin, replicas: 1, max_num_seqs: 256,
//             max_num_batched_tokens: 8192, preemption: recompute, admission: prompt,
//             kv_memory: total, block_size: 16, pim_balanced_chunks: false}
//             # the scheduler's parameters (its schema, serving/scheduler.h) stand beside its
//             # name, or scheduler: {name: vllm, max_num_seqs: 256}; router: NAME or {name, ...}
//   engine: {memory_utilization: 0.9, step_overhead: 1 ms, step_overhead_per_sequence: 4 us}
//   slo: {ttft: 2 s, tpot: 100 ms}
//   constraints: {max_power: 6 kW, max_area: 8000 mm2, max_temperature: 95 C}
//   seed: 1
//   fidelity: simulate                # or estimate
//
// Only `model` and `hardware.system` are required. Written scenarios carry every field, so a
// later change of a default does not change what a saved scenario means.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/config_node.h"
#include "scenario/scenario_spec.h"

namespace servesim::scenario {

/// Reads a scenario from a mapping; errors go to the node's diagnostics (the caller throws).
ScenarioSpec parse_scenario(core::ConfigNode& root);

/// Loads a scenario file. Throws core::InputError with every problem of the file.
ScenarioSpec load_scenario(const std::string& file);

/// Parses scenario text (YAML or, with `is_json`, JSON) named `name` in messages. Throws
/// core::InputError.
ScenarioSpec parse_scenario_text(const std::string& text, const std::string& name, bool is_json);

/// The scenario with every field, in the schema above (quantities as strings with SI units, so
/// that reading it back gives the same numbers).
nlohmann::ordered_json scenario_json(const ScenarioSpec& spec);

/// scenario_json() as a YAML document.
std::string scenario_yaml(const ScenarioSpec& spec);

}  // namespace servesim::scenario
