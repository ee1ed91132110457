// ServeGen workload descriptors (alibaba/ServeGen, arXiv 2505.09999) read into plain specs.
// A descriptor directory holds, per client N:
//   chunk-N-trace.csv     no header; window_start_s, rate_req_per_s, cv, fitted inter-arrival
//                         distribution (Weibull|Gamma|Exponential|empty), param1, param2
//   chunk-N-dataset.json  {"<window_start_s>": {"input_tokens": "<PMF>", "output_tokens": "<PMF>",
//                         "reason_ratio": "<PMF>"}, ...}  (PMF strings: see token_pmf.h)
// A length descriptor is the single-window form {"source": "...", "input_tokens": "<PMF>",
// "output_tokens": "<PMF>"} (the bundled reasoning workload, data/workloads/).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "serving/token_pmf.h"

namespace servesim::serving {

/// Fitted inter-arrival family of a trace window (empty in the file: none, treated as Poisson).
enum class ArrivalFamily { exponential, gamma, weibull };

struct ServeGenWindow {
  double start = 0;   // s
  double length = 0;  // s: up to the next window's start (the last repeats the previous length)
  double rate = 0;    // requests/s, >= 0
  ArrivalFamily family = ArrivalFamily::exponential;
  double shape = 1;  // Gamma shape k or Weibull shape c (param1); unused for exponential
};

struct LengthPmfs {
  std::shared_ptr<const TokenPmf> input, output;
};

struct ServeGenLengths {
  double start = 0;  // s: these PMFs hold from here to the next entry's start
  LengthPmfs pmfs;
};

struct ServeGenClient {
  int id = 0;
  std::vector<ServeGenWindow> windows;  // ascending start
  std::vector<ServeGenLengths>
      lengths;  // ascending start; non-empty PMFs cover every window with rate > 0
};

/// Reads every chunk-N-trace.csv / chunk-N-dataset.json pair of `dir`, clients in ascending N.
/// Throws core::InputError naming the file, line or JSON path, and what is expected, for a missing
/// directory or partner file, a malformed row or PMF, or a window with requests but no PMF.
std::vector<ServeGenClient> load_servegen_descriptor(const std::string& dir);

/// Reads a length descriptor file. Throws core::InputError (file, field, expectation) when the
/// file is missing or malformed, a key is unknown, or a PMF is empty.
LengthPmfs load_length_descriptor(const std::string& file);

}  // namespace servesim::serving
