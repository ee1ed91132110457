// Shipped models and hardware for tests: the environment of this checkout, and a model, a derived
// device or a derived system by name (no what-ifs).
#pragma once

#include <string>

#include "hardware/system.h"
#include "model/hf_config.h"
#include "scenario/environment.h"
#include "support/shipped.h"

namespace servesim::testing {

inline const scenario::Environment& environment() {
  static const scenario::Environment e = scenario::Environment::load(root());
  return e;
}

inline model::ModelSpec model(const std::string& name) { return model::load_model(name, root()); }

inline hardware::System system(const std::string& name) {
  return hardware::load_derived_system(name, root(), environment().process_table);
}

inline hardware::Device device(const std::string& name) {
  return hardware::derive(hardware::load_device(name, root()), environment().process_table);
}

}  // namespace servesim::testing
