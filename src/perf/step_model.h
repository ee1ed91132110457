// Prices one engine step of a model replica: builds the step's ops for the plan (one pipeline
// stage, one TP shard), prices each (roofline for compute, alpha-beta for collectives), and sums
// them in stream order (kernels of one stream do not overlap; TP all-reduces block the next
// layer), except that with two-batch overlap the EP all-to-alls, and with RD+MC all-reduce the TP
// all-reduces, hide behind the step's compute.
// Static power: every device of the replica draws idle power for the whole step.
// Energy by component: a collective's (and the PIM link's) energy goes to links, decode attention
// in a PIM to the PIM, any other op's FLOP energy (flops · energy per FLOP) to compute and the
// rest of its energy (its bytes) to memory; the static power to idle.
// On a device with a PIM engine, decode attention runs in the PIM; when the hardware allows and it
// is faster, the batch runs as two interleaved sub-batches, each re-running the dense ops, so that
// device and PIM overlap (pim_offload.h); the breakdown by class then sums to more than the step
// time.
// Contract: price() is deterministic and allocation-free after the first call.
#pragma once

#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "hardware/system.h"
#include "mapping/plan.h"
#include "model/model_spec.h"
#include "model/op.h"
#include "model/step_ops.h"
#include "perf/collective.h"
#include "perf/op_cost.h"
#include "perf/pim_offload.h"

namespace servesim::perf {

/// Totals of the ops of one class (per device of one stage).
struct ClassCost {
  Seconds time{};
  Joules energy{};
  Flops flops{};
  Bytes bytes{};
  std::array<Seconds, kBoundCount> time_by_bound{};

  [[nodiscard]] Bound bound() const;
  void add(const OpCost& c, double repeat);
  void add(const ClassCost& other, double weight);
};

/// Where energy goes (see the header): the devices' engines, their memory, their links, their
/// PIM, and their idle (static) power.
enum class EnergyComponent { compute, memory, link, pim, idle };
inline constexpr int kEnergyComponentCount = 5;
using EnergyByComponent = std::array<Joules, kEnergyComponentCount>;
inline constexpr int index_of(EnergyComponent c) { return static_cast<int>(c); }

struct StepCost {
  Seconds stage_time{};  // one pipeline stage on one device (the step time when PP = 1)
  Seconds time{};        // the step's latency through all stages
  Joules energy{};       // all devices of the replica, dynamic + static
  EnergyByComponent energy_by_component{};  // `energy` split; sums to it up to rounding
  std::array<ClassCost, model::kOpClassCount> by_class{};
};

using hardware::OperatingPoint;

class StepModel {
 public:
  StepModel(model::ModelSpec model, hardware::System system, mapping::Plan plan,
            model::StepOpsConfig config, PimSchedule pim_schedule = {});

  StepCost price(const model::StepBatch& batch);
  /// One iteration of `batch` (every sequence advances once) through all pipeline stages. With
  /// PP the batch is split into m = min(PP, sequences) micro-batches kept in flight back to back
  /// (vLLM's virtual engines; StepBatch::part: decodes dealt evenly, prefill chunks in the first):
  /// each micro-batch passes every stage once per iteration, so an iteration takes PP stage times
  /// of the busiest. Energy counts every micro-batch's dynamic energy and idle power over the
  /// iteration; by_class sums the micro-batches. Equal to price() when PP = 1.
  StepCost price_iteration(const model::StepBatch& batch);

  /// Device and PIM time of `batch` run serially (device ops; PIM attention and its synchronous
  /// link traffic): what an adaptive prefill chunk balances. Zero without a PIM.
  struct PimBalance {
    Seconds device{};
    Seconds pim{};
  };
  PimBalance pim_balance(const model::StepBatch& batch);

  /// Where the device runs: at construction the point its system was derived at.
  [[nodiscard]] const OperatingPoint& operating_point() const { return system_.device.point; }
  /// Re-derives the device at `point` (hardware::at: peaks and engine clocks scaled, the DRAM
  /// bandwidth at the temperature; energy, power and links unchanged). Throws
  /// std::invalid_argument unless 0 < compute_clock_scale <= 1.
  void set_operating_point(const OperatingPoint& point);

  [[nodiscard]] const model::ModelSpec& model() const { return model_; }
  [[nodiscard]] const hardware::System& system() const { return system_; }
  [[nodiscard]] const mapping::Plan& plan() const { return plan_; }
  [[nodiscard]] const model::StepOpsConfig& config() const { return config_; }
  /// The ops of the last priced step or balance (for inspection and tests).
  [[nodiscard]] const std::vector<model::Op>& last_ops() const { return ops_; }
  /// Cost of one instance of an op on this replica's device and groups.
  [[nodiscard]] OpCost op_cost(const model::Op& op) const;

 private:
  /// One stage of a step before the PIM schedule is applied: the ops in stream order (with
  /// two-batch and all-reduce overlap), their dynamic energy, the PIM's share of the stage time and
  /// the PIM link traffic.
  struct Stage {
    StepCost step;
    Joules dynamic{};
    EnergyByComponent dynamic_by_component{};  // `dynamic` split (idle stays 0)
    Seconds pim{};
    PimExchange exchange;
  };
  Stage price_stage(const model::StepBatch& batch);
  [[nodiscard]] std::int64_t stage_layers() const;
  /// Serial device-then-PIM, or the two interleaved sub-batches (`halves`, each re-running the
  /// dense ops) when that is faster; then the link bound and the link's energy and class time.
  void choose_pim_schedule(Stage& whole,
                           const std::optional<std::pair<Stage, Stage>>& halves) const;

  model::ModelSpec model_;
  hardware::System system_;
  mapping::Plan plan_;
  model::StepOpsConfig config_;
  mapping::CommGroup tp_group_;
  mapping::CommGroup ep_group_;
  mapping::CommGroup pp_link_;
  PimSchedule pim_schedule_;
  std::array<core::JoulesPerFlop, hardware::kDTypeCount> flop_energy_{};  // device.energy_for
  /// The perf engine's pricing of each compute op kind on the device (perf_engine.h), chosen when
  /// the device is (re)derived; null for collectives.
  std::array<OpCost (*)(const model::Op&, const hardware::Device&), model::kOpKindCount> pricing_{};
  CollectiveLibrary collectives_;  // the engine's collectives with the device's call costs
  void choose_engines();
  Bytes staging_{};  // device memory for prompts being prefilled when a PIM holds the KV
  std::vector<model::Op> ops_;
};

}  // namespace servesim::perf
