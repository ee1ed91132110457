// Step pricing (see step_model.h).
#include "perf/step_model.h"

#include <algorithm>
#include <optional>

#include "perf/collective.h"
#include "perf/pim_attention.h"
#include "perf/roofline.h"

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

StepModel::StepModel(model::ModelSpec model, hardware::SystemSpec system, mapping::Plan plan,
                     model::StepOpsConfig config, PimSchedule pim_schedule)
    : model_(std::move(model)),
      system_(std::move(system)),
      plan_(plan),
      config_(config),
      tp_group_(mapping::tp_group(plan, system_)),
      ep_group_(mapping::ep_group(plan, system_)),
      pp_link_(mapping::pp_link(plan, system_)),
      pim_schedule_(pim_schedule) {
  config_ = mapping::shard_config(plan_, config_);
}

OpCost StepModel::op_cost(const model::Op& op) const {
  if (!model::is_communication(op.kind)) return compute_op_cost(op, system_.device);
  const mapping::CommGroup& group = op.kind == model::OpKind::send_recv    ? pp_link_
                                    : op.kind == model::OpKind::all_to_all ? ep_group_
                                                                           : tp_group_;
  const CollectiveCost c = collective_cost(op.kind, op.comm_bytes, group, op.comm_node_dedup);
  OpCost cost;
  cost.time = c.time;
  cost.bytes = Bytes(c.intra_bytes + c.inter_bytes);
  cost.energy = Bytes(c.intra_bytes) * group.intra.energy + Bytes(c.inter_bytes) * group.inter.energy;
  cost.bound = Bound::communication;
  return cost;
}

StepModel::Stage StepModel::price_stage(const model::StepBatch& batch) {
  mapping::build_stage_ops(model_, batch, plan_, system_, config_, ops_);
  Stage s;
  Seconds ep_comm{}, tp_comm{}, compute{};
  const hardware::DeviceSpec& device = system_.device;
  for (const model::Op& op : ops_) {
    const OpCost c = op_cost(op);
    const double repeat = static_cast<double>(op.repeat);
    s.step.by_class[static_cast<int>(op.cls)].add(c, repeat);
    s.step.stage_time += c.time * repeat;
    s.dynamic += c.energy * repeat;
    if (op.kind == model::OpKind::all_to_all) ep_comm += c.time * repeat;
    if (op.kind == model::OpKind::all_reduce) tp_comm += c.time * repeat;
    if (!model::is_communication(op.kind)) compute += c.time * repeat;
    if (op.kind == model::OpKind::attention_decode && device.pim) s.pim += c.time * repeat;
  }
  const Seconds hideable = (plan_.two_batch_overlap ? ep_comm : Seconds{}) +
                          (plan_.overlap_all_reduce ? tp_comm : Seconds{});
  if (hideable > Seconds{}) {
    const Seconds hidden = core::min(hideable, compute - s.pim);  // the device's own compute
    s.step.stage_time -= hidden;
    ClassCost& comm = s.step.by_class[static_cast<int>(model::OpClass::communication)];
    comm.time -= hidden;
    comm.time_by_bound[static_cast<int>(Bound::communication)] -= hidden;
  }
  if (device.pim) {
    s.exchange = pim_exchange(device, model_, config_.dtypes, batch.share(plan_.attention_dp()),
                              plan_.tp, stage_layers());
    s.exchange.asynchronous += relayout_time(*device.pim, s.exchange.asynchronous);
    // Ranksets receiving the prefill's KV lend part of the PIM's compute to the transfer.
    const Seconds slowed = during_transfer(s.pim, s.exchange.asynchronous, *device.pim);
    s.step.stage_time += slowed - s.pim;
    s.step.by_class[static_cast<int>(model::OpClass::attention)].time += slowed - s.pim;
    s.pim = slowed;
  }
  return s;
}

std::int64_t StepModel::stage_layers() const { return (model_.layers + plan_.pp - 1) / plan_.pp; }

StepCost StepModel::price(const model::StepBatch& batch) {
  const hardware::DeviceSpec& device = system_.device;
  // Two sub-batches are priced first so that ops_ end up holding the whole step's ops.
  std::optional<Stage> half;
  if (device.pim && hardware::can_overlap(*device.pim) && pim_schedule_.sub_batches >= 2 &&
      batch.share(plan_.attention_dp()).decode_sequences >= 2) {
    half = price_stage(batch.share(2));
  }
  Stage whole = price_stage(batch);
  if (device.pim) choose_pim_schedule(whole, half);
  StepCost step = whole.step;
  const double devices = static_cast<double>(plan_.devices());
  step.time = step.stage_time * static_cast<double>(plan_.pp);
  step.energy = whole.dynamic * devices + idle_power(device) * step.time * devices;
  return step;
}

StepModel::PimBalance StepModel::pim_balance(const model::StepBatch& batch) {
  if (!system_.device.pim) return {};
  const Stage s = price_stage(batch);
  return {s.step.stage_time - s.pim, s.pim + s.exchange.synchronous};
}

void StepModel::choose_pim_schedule(Stage& whole, const std::optional<Stage>& half) const {
  const PimExchange& x = whole.exchange;
  // Serial: the device waits for the PIM (its attention ops are in the stage sum) and the link.
  Seconds stage = whole.step.stage_time + x.synchronous;
  if (half) {
    // Each sub-batch runs every dense op again (weights are re-read): device and PIM times of
    // the two halves, interleaved layer by layer.
    const Seconds device_time = (half->step.stage_time - half->pim) * 2.0;
    const Seconds pim_time = (half->pim + half->exchange.synchronous) * 2.0;
    const Seconds interleaved = overlapped_step(device_time, pim_time, stage_layers(), 2);
    if (interleaved < stage) {
      stage = interleaved;
      for (int i = 0; i < model::kOpClassCount; ++i) {
        whole.step.by_class[i] = ClassCost{};
        whole.step.by_class[i].add(half->step.by_class[i], 2.0);
      }
      whole.dynamic = half->dynamic * 2.0;
    }
  }
  // Decode exchanges and prefill copies share the link.
  whole.step.stage_time = core::max(stage, x.synchronous + x.asynchronous);
  OpCost link;
  link.time = x.synchronous + x.asynchronous;
  link.energy = x.energy;
  link.bound = Bound::communication;
  whole.step.by_class[static_cast<int>(model::OpClass::communication)].add(link, 1.0);
  whole.dynamic += x.energy;
}

}  // namespace servesim::perf

namespace servesim::perf {

StepCost StepModel::price_iteration(const model::StepBatch& batch) {
  if (plan_.pp == 1) return price(batch);
  const std::int64_t micro = std::max<std::int64_t>(1, std::min(plan_.pp, batch.sequences()));
  StepCost stage = price(batch.share(micro));
  const double devices = static_cast<double>(plan_.devices());
  const Joules idle_in_stage = idle_power(system_.device) * stage.time * devices;
  const Joules dynamic = stage.energy - idle_in_stage;
  StepCost it;
  it.stage_time = stage.stage_time;
  it.time = stage.stage_time * static_cast<double>(plan_.pp);
  it.energy = dynamic * static_cast<double>(micro) + idle_power(system_.device) * it.time * devices;
  for (int i = 0; i < model::kOpClassCount; ++i) {
    it.by_class[i].add(stage.by_class[i], static_cast<double>(micro));
  }
  return it;
}

}  // namespace servesim::perf
