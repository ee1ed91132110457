// Constraints, objectives and the Pareto front (see scoring.h).
#include "dse/scoring.h"

#include <algorithm>
#include <numeric>

namespace servesim::dse {
namespace {

std::optional<double> metric_or_proxy(const Outcome& o, const std::string& metric) {
  if (auto it = o.metrics.find(metric); it != o.metrics.end()) return it->second;
  if (o.fidelity != scenario::Fidelity::estimate) return std::nullopt;
  const auto* def = metrics().find(metric);
  if (def == nullptr || def->value.estimate_proxy == nullptr) return std::nullopt;
  if (auto it = o.metrics.find(def->value.estimate_proxy); it != o.metrics.end()) return it->second;
  return std::nullopt;
}

// a dominates b: no worse in every objective and better in one (smaller is better).
bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
  bool better = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
    better = better || a[i] < b[i];
  }
  return better;
}

}  // namespace

bool acceptable(const Space& space, const Outcome& o) {
  if (!o.feasible()) return false;
  for (const Bound& b : space.constraints) {
    const auto it = o.metrics.find(b.metric);
    if (it == o.metrics.end()) {
      // The simulation checks every constraint; the estimate those it can.
      if (o.fidelity == scenario::Fidelity::simulate) return false;
      continue;
    }
    if ((b.min && it->second < *b.min) || (b.max && it->second > *b.max)) return false;
  }
  return true;
}

std::optional<std::vector<double>> objective_vector(const Space& space, const Outcome& o) {
  std::vector<double> v;
  for (const Objective& obj : space.objectives) {
    const auto x = metric_or_proxy(o, obj.metric);
    if (!x) return std::nullopt;
    v.push_back(obj.goal == Better::higher ? -*x : *x);
  }
  return v;
}

Told told(const Space& space, const Outcome& o) {
  Told t;
  if (!acceptable(space, o)) return t;
  if (auto v = objective_vector(space, o)) {
    t.feasible = true;
    t.objectives = std::move(*v);
  }
  return t;
}

std::vector<std::size_t> pareto_front(const Space& space, const std::vector<Record>& records) {
  std::vector<std::size_t> candidates;
  std::vector<std::vector<double>> vectors(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!acceptable(space, records[i].outcome)) continue;
    if (auto v = objective_vector(space, records[i].outcome)) {
      vectors[i] = std::move(*v);
      candidates.push_back(i);
    }
  }
  // Lexicographic order: a record can only be dominated by one before it.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](std::size_t a, std::size_t b) { return vectors[a] < vectors[b]; });
  std::vector<std::size_t> front;
  for (const std::size_t i : candidates) {
    const bool dominated = std::any_of(front.begin(), front.end(), [&](std::size_t f) {
      return dominates(vectors[f], vectors[i]);
    });
    if (!dominated) front.push_back(i);
  }
  std::sort(front.begin(), front.end());
  return front;
}

}  // namespace servesim::dse
