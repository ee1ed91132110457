// Engine profiles of validation rows (see row_engines.h).
#include "validate/row_engines.h"

#include "core/diagnostics.h"

namespace servesim::validate {

const scenario::EngineProfile& RowEngines::profile(const CaseRow& row,
                                                   const std::string& fallback) {
  const std::string name = row.given("engine") ? row.at("engine") : fallback;
  auto it = profiles_.find(name);
  if (it == profiles_.end()) {
    try {
      it = profiles_.emplace(name, scenario::load_engine_profile(name, env_.root)).first;
    } catch (const core::InputError& e) {
      row.fail("engine", e.what());
    }
  }
  return it->second;
}

model::EngineKernels RowEngines::kernels(const CaseRow& row) {
  if (!row.given("engine")) return {};
  const scenario::ScenarioSpec spec = scenario::serving_with_profile({}, profile(row, ""));
  return scenario::engine_settings(spec, env_).kernels;
}

}  // namespace servesim::validate
