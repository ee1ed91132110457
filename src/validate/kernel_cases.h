// Prediction of one kernel-level case: a GEMM on one device, a collective over a group of devices,
// or one transformer layer of a shipped model under TP (prefill or decode), priced by the same
// step model that `estimate` and `serve` use.
#pragma once

#include <string>
#include <vector>

#include "core/csv.h"
#include "scenario/environment.h"
#include "validate/validation.h"

namespace servesim::validate {

/// Predicts every row of a kernel-case table (header id,device,devices,op,shape,dtype,metric,...).
std::vector<CaseResult> run_kernel_cases(const core::CsvTable& table,
                                         const scenario::Environment& env);

}  // namespace servesim::validate
