// The project's own data root for tests (configs/ and data/ of this checkout, or $SERVESIM_ROOT).
#pragma once

#include "core/data_root.h"

namespace servesim::testing {

inline const core::DataRoot& root() {
  static const core::DataRoot r = core::DataRoot::from_environment();
  return r;
}

}  // namespace servesim::testing
