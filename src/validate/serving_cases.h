// Prediction of end-to-end serving cases (DESIGN.md case format). One rule for every case, never
// tuned per row: the system is DEVICE:devices with the row's TP, PP and replicas, and the optional
// `ep` (expert-parallel degree, default 1), `dp_attention` (true or false, default false) and
// `expert_routing` (model/expert_routing.h, default uniform) columns of an MoE deployment; activations are
// FP16 when the weights are FP16 and BF16 otherwise; the engine is the row's `engine` column (an
// engine profile, configs/engines/; a file without the column, or an empty field, means
// kDefaultEngine, the engine of the calibration rows), whose default schedule, memory rule and
// host times the row runs with (scenario/engine_profile.h); `batch:N` runs static batches of N;
// `server:TTFT/TPOT` is MLPerf's Server scenario: the row's metric at the highest Poisson rate
// whose p99 TTFT and p99 TPOT each meet their target (scenario/capacity.h).
#pragma once

#include <vector>

#include "core/csv.h"
#include "scenario/environment.h"
#include "scenario/scenario_spec.h"
#include "validate/validation.h"

namespace servesim::validate {

/// The engine of a row without an `engine` field: TensorRT-LLM v0.17, whose trtllm-bench runs
/// are the calibration rows.
inline constexpr const char* kDefaultEngine = "trtllm-0.17";

std::vector<CaseResult> run_serving_cases(const core::CsvTable& table,
                                          const scenario::Environment& env);

}  // namespace servesim::validate
