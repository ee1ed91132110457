// Data bundled with servesim under <root>/data/ (core/data_root.h): request traces usable by a
// short name as a workload's trace, and the descriptor of the synthetic reasoning workload.
#pragma once

#include <optional>
#include <string>

#include "core/data_root.h"
#include "core/registry.h"

namespace servesim::serving {

/// The shipped traces by short name (azure-conv, azure-code, mooncake-conv); each value is the
/// file's path relative to <root>/data, each summary its source and size.
const core::Registry<std::string>& shipped_traces();

/// The full path of shipped trace `name`, or nullopt when no shipped trace has that name.
std::optional<std::string> shipped_trace_path(const std::string& name, const core::DataRoot& root);

/// The length descriptor of the `reasoning:` workload (ServeGen deepseek-r1, aggregated).
std::string reasoning_descriptor_path(const core::DataRoot& root);

}  // namespace servesim::serving
