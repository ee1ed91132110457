// Data bundled with servesim under data/: request traces usable by a short name on --trace, and
// the descriptor of the synthetic reasoning workload. The data dir is $SERVESIM_DATA_DIR if set,
// else the source tree's data/ (set at build), as configs/ is found by core::config_dir().
#pragma once

#include <optional>
#include <string>

#include "core/registry.h"

namespace servesim::serving {

std::string data_dir();

/// The shipped traces by short name (azure-conv, azure-code, mooncake-conv); each value is the
/// file's path relative to data_dir(), each summary its source and size.
const core::Registry<std::string>& shipped_traces();

/// The full path of shipped trace `name`, or nullopt when no shipped trace has that name.
std::optional<std::string> shipped_trace_path(const std::string& name);

/// The length descriptor of the `reasoning:` workload (ServeGen deepseek-r1, aggregated).
std::string reasoning_descriptor_path();

}  // namespace servesim::serving
