// `servesim validate`: predicted vs measured for a file of public measurements. Two case formats
// are recognised by their header: kernel cases (id,device,devices,op,shape,dtype,metric,measured,
// source: GEMMs, collectives, transformer layers) and end-to-end serving cases (DESIGN.md format,
// simulated by the serving layer under one engine-settings rule, serving_cases.h). Errors are signed fractions
// (predicted − measured) / measured; the summary covers the cases that were predicted.
#pragma once

#include <string>
#include <vector>

#include "scenario/environment.h"

namespace servesim::validate {

struct CaseResult {
  std::string id;
  std::string kind;      // "gemm", "all_reduce", "layer_prefill", ...
  std::string device;
  std::string metric;    // "latency_ms", ...
  double predicted = 0;
  double measured = 0;
  double error = 0;      // signed fraction
  std::string bound;     // what limits the prediction ("memory", "compute", ...)
  std::string skipped;   // non-empty: why this case was not predicted
};

struct Summary {
  int n = 0;
  int skipped = 0;
  double median_abs_error = 0;
  double p90_abs_error = 0;
  double max_abs_error = 0;
};

struct ValidationReport {
  std::string file;
  std::vector<CaseResult> cases;
  Summary summary;
};

/// Runs every case of the file. Throws core::InputError for an unreadable file, an unknown
/// header layout, or a malformed row (naming the row and the column).
ValidationReport run_validation(const std::string& csv_file, const scenario::Environment& env);

/// Median, p90 and max of |error| over the predicted cases (nearest-rank percentiles).
Summary summarize(const std::vector<CaseResult>& cases);

}  // namespace servesim::validate
