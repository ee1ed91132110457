// Step pricing (see step_model.h).
#include "perf/step_model.h"

#include <algorithm>
#include <optional>

#include "perf/collective.h"
#include "perf/pim_attention.h"
#include "perf/perf_engine.h"

namespace servesim::perf {

Bound ClassCost::bound() const {
  const auto it = std::max_element(time_by_bound.begin(), time_by_bound.end());
  return static_cast<Bound>(it - time_by_bound.begin());
}

void ClassCost::add(const OpCost& c, double repeat) {
  time += c.time * repeat;
  energy += c.energy * repeat;
  flops += c.flops * repeat;
  bytes += c.bytes * repeat;
  time_by_bound[static_cast<int>(c.bound)] += c.time * repeat;
}

void ClassCost::add(const ClassCost& other, double weight) {
  time += other.time * weight;
  energy += other.energy * weight;
  flops += other.flops * weight;
  bytes += other.bytes * weight;
  for (int b = 0; b < kBoundCount; ++b) time_by_bound[b] += other.time_by_bound[b] * weight;
}

StepModel::StepModel(model::ModelSpec model, hardware::System system, mapping::Plan plan,
                     model::StepOpsConfig config, PimSchedule pim_schedule)
    : model_(std::move(model)),
      system_(std::move(system)),
      plan_(plan),
      config_(config),
      tp_group_(mapping::tp_group(plan, system_)),
      ep_group_(mapping::ep_group(plan, system_)),
      pp_link_(mapping::pp_link(plan, system_)),
      pim_schedule_(pim_schedule) {
  for (int t = 0; t < hardware::kDTypeCount; ++t) {
    flop_energy_[t] = system_.device.energy_for(static_cast<core::DType>(t));
  }
  choose_engines();
  config_ = mapping::shard_config(plan_, config_);
  // A routing distribution sets the busiest EP rank's load (model/expert_routing.h); with
  // redundant experts, the copies go to the hottest expert by its skew.
  if (config_.routing && model_.moe && config_.ep > 1) {
    const std::int64_t experts = model_.moe->num_experts;
    if (config_.redundant_experts == 0) {
      config_.busiest_rank_share = model::busiest_rank_share(*config_.routing, experts, config_.ep);
    } else {
      config_.expert_skew = model::hottest_over_mean(*config_.routing, experts);
    }
  }
  staging_ = staging_capacity(system_.device,
                              mapping::device_weight_bytes(model_, plan_, config_.dtypes));
}

void StepModel::choose_engines() {
  for (int k = 0; k < model::kOpKindCount; ++k) {
    const auto kind = static_cast<model::OpKind>(k);
    pricing_[k] = model::is_communication(kind) ? nullptr : engine_for(kind, system_.device).cost;
  }
  collectives_ = collective_library(config_.engine, system_.device.calibration);
}

OpCost StepModel::op_cost(const model::Op& op) const {
  if (!model::is_communication(op.kind)) {
    return launched(pricing_[static_cast<int>(op.kind)](op, system_.device),
                    config_.engine.eager_launch);
  }
  const mapping::CommGroup& group = op.kind == model::OpKind::send_recv    ? pp_link_
                                    : op.kind == model::OpKind::all_to_all ? ep_group_
                                                                           : tp_group_;
  const CollectiveCost c =
      collective_cost(op.kind, op.comm_bytes, group, op.comm_node_dedup, collectives_);
  OpCost cost;
  cost.time = c.time;
  cost.bytes = Bytes(c.intra_bytes + c.inter_bytes);
  cost.energy = Bytes(c.intra_bytes) * group.intra.energy + Bytes(c.inter_bytes) * group.inter.energy;
  cost.bound = Bound::communication;
  return cost;
}

void StepModel::set_operating_point(const OperatingPoint& point) {
  system_.device = hardware::at(system_.device, point);
  choose_engines();
}

StepModel::Stage StepModel::price_stage(const model::StepBatch& batch) {
  mapping::build_stage_ops(model_, batch, plan_, system_, config_, ops_);
  Stage s;
  Seconds ep_comm{}, tp_comm{}, compute{}, gemm{};
  Joules link_energy{}, pim_energy{}, flop_energy{};
  const hardware::Device& device = system_.device;
  for (const model::Op& op : ops_) {
    const OpCost c = op_cost(op);
    const double repeat = static_cast<double>(op.repeat);
    s.step.by_class[static_cast<int>(op.cls)].add(c, repeat);
    s.step.stage_time += c.time * repeat;
    s.dynamic += c.energy * repeat;
    if (op.kind == model::OpKind::all_to_all) ep_comm += c.time * repeat;
    if (op.kind == model::OpKind::all_reduce) tp_comm += c.time * repeat;
    if (model::is_communication(op.kind)) {
      link_energy += c.energy * repeat;
    } else {
      compute += c.time * repeat;
      if (op.kind == model::OpKind::attention_decode && device.pim) {
        s.pim += c.time * repeat;
        pim_energy += c.energy * repeat;
      } else {
        flop_energy += c.flops * flop_energy_[hardware::index_of(op.compute)] *
                       (op.energy_share * repeat);
      }
    }
    if (op.kind == model::OpKind::gemm || op.kind == model::OpKind::grouped_gemm) {
      gemm += c.time * repeat;
    }
  }
  // The rest of a compute op's energy is its bytes' (see step_model.h).
  s.dynamic_by_component[index_of(EnergyComponent::compute)] = flop_energy;
  s.dynamic_by_component[index_of(EnergyComponent::memory)] =
      s.dynamic - flop_energy - link_energy - pim_energy;
  s.dynamic_by_component[index_of(EnergyComponent::link)] = link_energy;
  s.dynamic_by_component[index_of(EnergyComponent::pim)] = pim_energy;
  // EP all-to-alls hide behind the other half-batch's compute; RD+MC all-reduces only behind
  // the GEMMs that produce and consume them. Neither behind the PIM's work.
  const Seconds hideable = (plan_.two_batch_overlap ? ep_comm : Seconds{}) +
                          (plan_.overlap_all_reduce ? core::min(tp_comm, gemm) : Seconds{});
  if (hideable > Seconds{}) {
    const Seconds hidden = core::min(hideable, compute - s.pim);
    s.step.stage_time -= hidden;
    ClassCost& comm = s.step.by_class[static_cast<int>(model::OpClass::communication)];
    comm.time -= hidden;
    comm.time_by_bound[static_cast<int>(Bound::communication)] -= hidden;
  }
  if (device.pim) {
    s.exchange = pim_exchange(system_, model_, config_.dtypes, batch.share(plan_.attention_dp()),
                              plan_.tp, stage_layers(), staging_);
    // Ranksets receiving the prefill's KV lend part of the PIM's compute to the transfer; an
    // offline re-layout by the CPU lengthens the copy but not the ranksets' transfer mode.
    const Seconds slowed = during_transfer(s.pim, s.exchange.asynchronous, *device.pim);
    s.exchange.asynchronous += relayout_time(*device.pim, s.exchange.asynchronous);
    s.step.stage_time += slowed - s.pim;
    s.step.by_class[static_cast<int>(model::OpClass::attention)].time += slowed - s.pim;
    s.pim = slowed;
  }
  return s;
}

std::int64_t StepModel::stage_layers() const { return (model_.layers + plan_.pp - 1) / plan_.pp; }

StepCost StepModel::price(const model::StepBatch& batch) {
  const hardware::Device& device = system_.device;
  // The sub-batches are priced first so that ops_ end up holding the whole step's ops.
  std::optional<std::pair<Stage, Stage>> halves;
  if (device.pim && hardware::can_overlap(*device.pim) && pim_schedule_.sub_batches >= 2 &&
      batch.share(plan_.attention_dp()).decode_sequences >= 2) {
    halves.emplace(price_stage(batch.part(0, 2)), price_stage(batch.part(1, 2)));
  }
  Stage whole = price_stage(batch);
  if (device.pim) choose_pim_schedule(whole, halves);
  StepCost step = whole.step;
  const double devices = static_cast<double>(plan_.devices());
  step.time = step.stage_time * static_cast<double>(plan_.pp);
  const Joules idle = idle_power(device) * step.time * devices;
  step.energy = whole.dynamic * devices + idle;
  for (int i = 0; i < kEnergyComponentCount; ++i) {
    step.energy_by_component[i] = whole.dynamic_by_component[i] * devices;
  }
  step.energy_by_component[index_of(EnergyComponent::idle)] = idle;
  return step;
}

StepModel::PimBalance StepModel::pim_balance(const model::StepBatch& batch) {
  if (!system_.device.pim) return {};
  const Stage s = price_stage(batch);
  return {s.step.stage_time - s.pim + s.exchange.context_fetch, s.pim + s.exchange.synchronous};
}

void StepModel::choose_pim_schedule(Stage& whole,
                                    const std::optional<std::pair<Stage, Stage>>& halves) const {
  const PimExchange& x = whole.exchange;
  // Serial: the device waits for the PIM (its attention ops are in the stage sum) and the link.
  Seconds stage = whole.step.stage_time + x.synchronous + x.context_fetch;
  if (halves) {
    // Each sub-batch runs every dense op again (weights are re-read); the prefill chunk is in the
    // first. Device and PIM times of the two, interleaved layer by layer.
    const auto& [a, b] = *halves;
    const Seconds device_time = (a.step.stage_time - a.pim + a.exchange.context_fetch) +
                                (b.step.stage_time - b.pim + b.exchange.context_fetch);
    const Seconds pim_time = a.pim + a.exchange.synchronous + b.pim + b.exchange.synchronous;
    const Seconds interleaved = overlapped_step(device_time, pim_time, stage_layers(), 2);
    if (interleaved < stage) {
      stage = interleaved;
      for (int i = 0; i < model::kOpClassCount; ++i) {
        whole.step.by_class[i] = a.step.by_class[i];
        whole.step.by_class[i].add(b.step.by_class[i], 1.0);
      }
      whole.dynamic = a.dynamic + b.dynamic;
      for (int i = 0; i < kEnergyComponentCount; ++i) {
        whole.dynamic_by_component[i] = a.dynamic_by_component[i] + b.dynamic_by_component[i];
      }
    }
  }
  // Decode exchanges, context fetches and prefill copies share the link.
  const Seconds link_busy = x.synchronous + x.context_fetch + x.asynchronous;
  whole.step.stage_time = core::max(stage, link_busy);
  OpCost link;
  link.time = link_busy;
  link.energy = x.energy;
  link.bound = Bound::communication;
  whole.step.by_class[static_cast<int>(model::OpClass::communication)].add(link, 1.0);
  whole.dynamic += x.energy;
  whole.dynamic_by_component[index_of(EnergyComponent::link)] += x.energy;
}

}  // namespace servesim::perf

namespace servesim::perf {

StepCost StepModel::price_iteration(const model::StepBatch& batch) {
  if (plan_.pp == 1) return price(batch);
  const std::int64_t micro = std::max<std::int64_t>(1, std::min(plan_.pp, batch.sequences()));
  const double devices = static_cast<double>(plan_.devices());
  const core::Watts idle = idle_power(system_.device);
  StepCost it;
  Joules dynamic{};
  for (std::int64_t i = 0; i < micro; ++i) {
    const StepCost stage = price(batch.part(i, micro));
    dynamic += stage.energy - idle * stage.time * devices;
    for (int c = 0; c < kEnergyComponentCount; ++c) {
      it.energy_by_component[c] += stage.energy_by_component[c];
    }
    it.stage_time = core::max(it.stage_time, stage.stage_time);
    for (int c = 0; c < model::kOpClassCount; ++c) it.by_class[c].add(stage.by_class[c], 1.0);
  }
  // Each micro-batch passes every stage once per iteration: the busiest sets the pace.
  it.time = it.stage_time * static_cast<double>(plan_.pp);
  it.energy = dynamic + idle * it.time * devices;
  it.energy_by_component[index_of(EnergyComponent::idle)] = idle * it.time * devices;
  return it;
}

}  // namespace servesim::perf
