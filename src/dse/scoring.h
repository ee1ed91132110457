// How a search judges outcomes against its space: the constraints (a metric within [min, max];
// a constraint on a metric the outcome's fidelity does not give is not checked at that fidelity),
// the objectives as a strategy sees them (smaller is better: maximised metrics negated; at the
// analytic fidelity a metric that needs the simulation is screened by its proxy), and the Pareto
// front of a set of records (non-dominated among the acceptable ones).
#pragma once

#include <optional>
#include <vector>

#include "dse/point.h"
#include "dse/space.h"
#include "dse/strategy.h"

namespace servesim::dse {

/// A feasible design that meets every constraint its fidelity can check.
bool acceptable(const Space& space, const Outcome& outcome);

/// The objective vector (smaller is better) of an acceptable outcome; nullopt when it lacks an
/// objective and its proxy.
std::optional<std::vector<double>> objective_vector(const Space& space, const Outcome& outcome);

/// The outcome as a strategy is told it.
Told told(const Space& space, const Outcome& outcome);

/// Indices of `records` on the Pareto front: acceptable, with every objective, and not dominated
/// (no other such record at least as good in every objective and better in one). Records with
/// equal objective vectors are all kept. In the order of `records`.
std::vector<std::size_t> pareto_front(const Space& space, const std::vector<Record>& records);

}  // namespace servesim::dse
