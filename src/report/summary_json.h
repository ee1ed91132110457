// The serving summary as a JSON document (the `--json` output and `summary.json`). Latencies are
// in milliseconds; keys are in a fixed order so outputs are byte-identical across runs.
#pragma once

#include <nlohmann/json.hpp>

#include "serving/simulation.h"

namespace servesim::report {

nlohmann::ordered_json summary_json(const serving::ServeSummary& summary);

}  // namespace servesim::report
