// Prediction of end-to-end serving cases (DESIGN.md case format). One rule for every case, never
// tuned per row: the system is DEVICE:devices with the row's TP, PP and replicas; activations are
// FP16 when the weights are FP16 and BF16 otherwise; the scheduler is `sarathi` (in-flight batching
// with chunked prefill, as TensorRT-LLM and vLLM run by default) with a budget of 8192 tokens per
// step and at most 2048 running requests per replica, so the batch is limited by the KV cache and
// the token budget as a tuned engine's would be; the KV cache gets 0.9 of the memory left after
// weights and activations and admission reserves each request's whole sequence (TensorRT-LLM's
// defaults: kv_cache_free_gpu_mem_fraction 0.9, GUARANTEED_NO_EVICT), since the public end-to-end
// measurements are TensorRT-LLM's; the default step overheads. `batch:N` runs static batches of N.
#pragma once

#include <vector>

#include "core/csv.h"
#include "scenario/environment.h"
#include "scenario/scenario_spec.h"
#include "validate/validation.h"

namespace servesim::validate {

/// The scenario of the rule above without the row's model, hardware, mapping and workload (also
/// used by tests and docs).
scenario::ScenarioSpec serving_case_scenario();

std::vector<CaseResult> run_serving_cases(const core::CsvTable& table,
                                          const scenario::Environment& env);

}  // namespace servesim::validate
