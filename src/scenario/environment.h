// What an evaluation reads besides its scenario: the data root that model, device, system and
// trace names resolve against, and the process-node table that template devices' area and price
// come from. Immutable once loaded, so one environment serves evaluations on many threads; there
// is no global one (the CLI and tests build theirs from core::DataRoot::from_environment()).
#pragma once

#include "core/data_root.h"
#include "hardware/process_node.h"

namespace servesim::scenario {

class SpecCache;

struct Environment {
  core::DataRoot root;
  hardware::ProcessTable process_table;
  /// A memo of loaded models and derived systems (spec_cache.h), or null to read the files for
  /// every evaluation. Contract: outlives the evaluations that use it.
  const SpecCache* cache = nullptr;

  /// Loads the process table under `root`. Throws core::InputError.
  static Environment load(core::DataRoot root) {
    hardware::ProcessTable table = hardware::load_process_table(root);
    return Environment{std::move(root), std::move(table), nullptr};
  }
};

}  // namespace servesim::scenario
