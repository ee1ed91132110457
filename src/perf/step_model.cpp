// Step pricing (see step_model.h).
#include "perf/step_model.h"

#include <algorithm>

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

OpCost StepModel::op_cost(const model::Op& op) const { return step_op_cost(op, false); }

OpCost StepModel::step_op_cost(const model::Op& op, bool pim_receiving) const {
  const hardware::DeviceSpec& device = system_.device;
  if (op.kind == model::OpKind::attention_decode && device.pim) {
    OpCost c = pim_attention_cost(op, *device.pim, pim_receiving);  // KV stays in the PIM
    c.energy = c.energy * op.energy_share;
    return c;
  }
  if (!model::is_communication(op.kind)) return compute_op_cost(op, device);
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

StepCost StepModel::price(const model::StepBatch& batch) {
  mapping::build_stage_ops(model_, batch, plan_, system_, config_, ops_);
  StepCost step;
  Joules dynamic{};
  Seconds ep_comm{}, tp_comm{}, compute{}, pim{};
  const bool pim_receiving = system_.device.pim && hardware::holds_kv_apart(*system_.device.pim) &&
                             batch.prefill_tokens > 0;
  for (const model::Op& op : ops_) {
    const OpCost c = step_op_cost(op, pim_receiving);
    const double repeat = static_cast<double>(op.repeat);
    step.by_class[static_cast<int>(op.cls)].add(c, repeat);
    step.stage_time += c.time * repeat;
    dynamic += c.energy * repeat;
    if (op.kind == model::OpKind::all_to_all) ep_comm += c.time * repeat;
    if (op.kind == model::OpKind::all_reduce) tp_comm += c.time * repeat;
    if (!model::is_communication(op.kind)) compute += c.time * repeat;
    if (op.kind == model::OpKind::attention_decode && system_.device.pim) pim += c.time * repeat;
  }
  const Seconds hideable = (plan_.two_batch_overlap ? ep_comm : Seconds{}) +
                          (plan_.overlap_all_reduce ? tp_comm : Seconds{});
  if (hideable > Seconds{}) {
    const Seconds hidden = core::min(hideable, compute - pim);  // the device's own compute
    step.stage_time -= hidden;
    ClassCost& comm = step.by_class[static_cast<int>(model::OpClass::communication)];
    comm.time -= hidden;
    comm.time_by_bound[static_cast<int>(Bound::communication)] -= hidden;
  }
  if (system_.device.pim) overlap_with_pim(batch, pim, step, dynamic);
  const double devices = static_cast<double>(plan_.devices());
  step.time = step.stage_time * static_cast<double>(plan_.pp);
  step.energy = dynamic * devices + idle_power(system_.device) * step.time * devices;
  return step;
}

void StepModel::overlap_with_pim(const model::StepBatch& batch, Seconds pim_time, StepCost& step,
                                 Joules& dynamic) const {
  const std::int64_t layers = (model_.layers + plan_.pp - 1) / plan_.pp;
  const model::StepBatch group = batch.share(plan_.attention_dp());
  const PimExchange x = pim_exchange(system_.device, model_, config_.dtypes, group, plan_.tp, layers);
  const Seconds device_time = step.stage_time - pim_time;
  const std::int64_t sub_batches =
      hardware::can_overlap(*system_.device.pim) && group.sequences() >= 2
          ? pim_schedule_.sub_batches
          : 1;
  const Seconds overlapped =
      overlapped_step(device_time, pim_time + x.synchronous, layers, sub_batches);
  step.stage_time = core::max(overlapped, x.asynchronous);
  OpCost link;
  link.time = x.synchronous + x.asynchronous;
  link.energy = x.energy;
  link.bound = Bound::communication;
  step.by_class[static_cast<int>(model::OpClass::communication)].add(link, 1.0);
  dynamic += x.energy;
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
