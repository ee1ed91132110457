// A design point of a space and what evaluating it gave. A point is one level of every parameter
// (an index into the parameter's values, in the space's parameter order); its outcome is the
// metrics of a feasible design or the typed reason of an infeasible one, at one fidelity.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/evaluate.h"

namespace servesim::dse {

using Point = std::vector<std::int64_t>;

struct Outcome {
  scenario::Fidelity fidelity = scenario::Fidelity::estimate;
  std::optional<scenario::InfeasibilityKind> infeasible;  // nullopt: a feasible design
  std::string reason;                                     // why it is infeasible, for people
  std::map<std::string, double> metrics;                  // by metric name (dse/metrics.h)

  [[nodiscard]] bool feasible() const { return !infeasible.has_value(); }
  bool operator==(const Outcome&) const = default;
};

/// A point as the store keeps it: with the hash of its scenario (Space::scenario_hash_of: the
/// base scenario and the values applied to it) and the outcome.
struct Record {
  Point point;
  std::string scenario_hash;
  Outcome outcome;
  bool operator==(const Record&) const = default;
};

}  // namespace servesim::dse
