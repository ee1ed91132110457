// The trace-file readers behind `--trace FILE` (registered in the trace_readers() registry).
#pragma once

#include <stdexcept>
#include <string>

#include "serving/workload.h"

namespace servesim::serving {

/// A corrupt trace row; readers turn it into an InputError with file and line, or skip the row.
class RowError : public std::runtime_error {
 public:
  explicit RowError(const std::string& what);
};

/// Adds the azure, mooncake and csv readers to `registry`.
void register_trace_readers(core::Registry<TraceReader>& registry);

}  // namespace servesim::serving
