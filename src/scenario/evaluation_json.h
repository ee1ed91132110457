// An evaluation as the JSON document that `estimate --json`, `serve --json`, `run --json`,
// `summary.json` and experiment metrics read: the fidelity's figures (latencies in ms), the
// efficiency, the provenance (version, git commit) and the resolved scenario. Keys are in a
// fixed order, so the same evaluation always gives the same bytes.
#pragma once

#include <nlohmann/json.hpp>

#include "perf/economics.h"
#include "scenario/evaluate.h"

namespace servesim::scenario {

/// The document of a feasible evaluation. Contract: evaluation.feasible().
nlohmann::ordered_json evaluation_json(const Evaluation& evaluation);

/// The document of an infeasible one: {"infeasible": kind, "field", "error", "pool", "memory"}.
/// Contract: !evaluation.feasible().
nlohmann::ordered_json infeasibility_json(const Evaluation& evaluation);

/// tokens/s/W, tokens/s/mm² and $/Mtoken (null where the device lacks an area or a price).
nlohmann::ordered_json economics_json(const perf::Economics& e);

/// {"devices", "peak_power_w", "silicon_area_mm2", "price_usd"} (null where a device lacks it).
nlohmann::ordered_json hardware_json(const HardwareTotals& totals);

/// {"version", "git_commit"} of this build (git_commit is null outside a git checkout).
nlohmann::ordered_json provenance_json();

}  // namespace servesim::scenario
