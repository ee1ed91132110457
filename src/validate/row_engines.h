// The engine profile a validation row names in its optional `engine` column
// (configs/engines/*.yaml), read once per name for all the rows of a run.
#pragma once

#include <map>
#include <string>

#include "model/engine_kernels.h"
#include "scenario/engine_profile.h"
#include "scenario/environment.h"
#include "validate/case_row.h"

namespace servesim::validate {

class RowEngines {
 public:
  explicit RowEngines(const scenario::Environment& env) : env_(env) {}

  /// The profile the row names, else `fallback`. A profile that does not load fails the row's
  /// `engine` column with the profile's own error.
  const scenario::EngineProfile& profile(const CaseRow& row, const std::string& fallback);

  /// The kernels of the row's engine (fusions, all-reduce implementation, launch mode); without
  /// an engine column, the model as written (model::EngineKernels{}).
  model::EngineKernels kernels(const CaseRow& row);

 private:
  const scenario::Environment& env_;
  std::map<std::string, scenario::EngineProfile> profiles_;
};

}  // namespace servesim::validate
