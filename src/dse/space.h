// A design space (`servesim explore SPACE.yaml`, configs/spaces/): a base scenario, parameters over
// any of its fields, constraints and objectives on metrics, the strategy that searches it, the
// fidelities, the reference designs to compare with, and the seed.
//
//   name: gpu-70b
//   description: "..."
//   base: {model: llama-3.1-70b, hardware: {system: "h100-sxm-80g:16"}, ...}   # or base_file: F
//   parameters:
//     - {field: mapping.tp, values: [2, 4, 8]}
//     - {field: serving.max_num_seqs, range: [64, 1024], scale: log}     # 64, 128, ..., 1024
//     - {field: hardware.overrides.memory.bandwidth, range: ["2 TB/s", "5 TB/s"], points: 4}
//     - {field: hardware.overrides.compute.template.systolic.cores, range: [32, 256], step: 32}
//     - fields: [hardware.system, disaggregation.decode_system]        # change together
//       values: [["h100-sxm-80g:24", "h100-sxm-80g:72"], ["h100-sxm-80g:32", "h100-sxm-80g:64"]]
//   constraints: [{metric: slo_attainment, min: 0.99}, {metric: silicon_area_mm2, max: 800}]
//   objectives: [{metric: goodput_requests_per_s}, {metric: tokens_per_s_per_watt}]
//   strategy: {name: nsga2, population: 32, generations: 10}
//   fidelity: {screen: estimate, rank: simulate, keep: 16}    # or fidelity: simulate
//   capacity: {attainment: 0.99}                               # for max_requests_per_s
//   references: [{name: DGX-H100, scenario: {hardware: {system: "h100-sxm-80g:8"}}}]
//   chart: {x: tokens_per_s_per_watt, y: goodput_requests_per_s}
//   seed: 1
//
// A parameter's values are written as the scenario file would hold them; a range expands to
// them (linear by `step` or `points`, geometric by `scale: log` — doubling, or `points` values).
// Parameters apply to the base in the order listed (name a scheduler before its parameters).
// Fields under `hardware` are the hardware dimensions of a hierarchical search. Every value is
// checked against the base when the file loads, so a bad value is an error with its line, not a
// failed point.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/data_root.h"
#include "core/registry.h"
#include "dse/metrics.h"
#include "dse/point.h"
#include "dse/strategy.h"
#include "scenario/capacity.h"
#include "scenario/scenario_spec.h"

namespace servesim::dse {

struct Parameter {
  std::string field;                // a scenario field path (scenario/scenario_fields.h);
                                    // linked fields joined by "+"
  std::vector<std::string> fields;  // the field paths it sets: one, or the linked ones
  std::vector<std::string> values;  // as a scenario file would hold them (linked: ", "-joined)
  bool hardware = false;            // under `hardware`: the outer loop of a hierarchical search
  /// Each value parsed once when the space loads (core::FieldSet::prepare), applied per point.
  std::vector<std::function<void(scenario::ScenarioSpec&)>> assign;
};

/// A constraint: the metric of a point must lie within [min, max].
struct Bound {
  std::string metric;
  std::optional<double> min, max;
};

struct Objective {
  std::string metric;
  Better goal = Better::higher;
};

struct Reference {
  std::string name;
  scenario::ScenarioSpec scenario;
};

struct Space {
  std::string name, description;
  std::string file;  // where it was loaded from
  scenario::ScenarioSpec base;
  std::vector<Parameter> parameters;
  std::vector<Bound> constraints;
  std::vector<Objective> objectives;
  core::Selection strategy;
  /// Successive fidelity: every point the strategy asks is evaluated at `screen`, and the best
  /// `keep` of them (by Pareto rank, then crowding) again at `fidelity`. Without `screen`, every
  /// point is evaluated at `fidelity` only.
  std::optional<scenario::Fidelity> screen;
  scenario::Fidelity fidelity = scenario::Fidelity::simulate;
  std::int64_t keep = 0;
  scenario::CapacityOptions capacity;
  std::vector<Reference> references;
  std::string chart_x, chart_y;  // metrics of the chart's axes
  std::uint64_t seed = 1;
  std::string hash;  // of the space's canonical content: a store belongs to one space
  std::string base_hash;  // of the base scenario's written form

  /// The scenario of `point`: the base with each parameter's level applied in order (each value
  /// was checked against the base when the space loaded; a combination that does not make a
  /// valid design is found when it is evaluated). Contract: the point has a level in range for
  /// every parameter.
  [[nodiscard]] scenario::ScenarioSpec scenario_of(const Point& point) const;
  /// The identity of the scenario of `point`: a stable hash of the base scenario's written form
  /// and the (field, value) pairs applied, in order — the same in every space with this base
  /// that applies these values, without writing the whole scenario out per point.
  [[nodiscard]] std::string scenario_hash_of(const Point& point) const;
  /// What a strategy sees of this space.
  [[nodiscard]] Shape shape() const;
  /// Whether a constraint or objective needs the capacity search (kMaxRateMetric).
  [[nodiscard]] bool needs_capacity() const;
  /// The number of points of the full grid (saturating at the int64 maximum).
  [[nodiscard]] std::int64_t size() const;
};

/// Loads a space file (a path, or a shipped name under configs/spaces). Throws core::InputError
/// with every problem of the file, each with its path and line: unknown keys, an unknown
/// scenario field or a value it does not take, an empty range, a constraint or objective on an
/// unknown metric, no objectives, an unknown strategy or a bad strategy parameter.
Space load_space(const std::string& name_or_path, const core::DataRoot& root);

/// Parses space text (YAML) named `name` in messages; relative base_file paths resolve against
/// the current directory. Throws core::InputError as load_space does.
Space parse_space_text(const std::string& text, const std::string& name);

/// The identity of a resolved scenario (a stable hash of its written form).
std::string scenario_hash(const scenario::ScenarioSpec& spec);

}  // namespace servesim::dse
