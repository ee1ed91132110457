// The files of a search (`servesim explore --out DIR`): every point (points.csv), the Pareto front
// (front.csv, front.json) and a chart of two metrics with the front and the references
// (front.svg, report/scatter_chart.h). A point's parameters are written as the values they took.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "dse/explore.h"
#include "dse/space.h"

namespace servesim::dse {

/// One row per record: its fidelity, each parameter's value, whether it is feasible and
/// acceptable (within the constraints), the infeasibility and its reason, and every metric any
/// record has (a column per metric, in the catalog's order; empty where a record lacks it).
void write_points_csv(std::ostream& out, const Space& space, const std::vector<Record>& records);

/// The front's records (result.front), with the same columns.
void write_front_csv(std::ostream& out, const Space& space, const ExploreResult& result);

/// {"space", "objectives", "front": [{parameters, metrics}], "references": [...],
///  "points", "evaluated"}.
nlohmann::ordered_json front_json(const Space& space, const ExploreResult& result);

/// The chart of space.chart_x against space.chart_y.
void write_front_chart(std::ostream& out, const Space& space, const ExploreResult& result);

}  // namespace servesim::dse
