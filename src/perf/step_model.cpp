// Step pricing (see step_model.h).
#include "perf/step_model.h"

#include <algorithm>

#include "perf/collective.h"
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
                     model::StepOpsConfig config)
    : model_(std::move(model)),
      system_(std::move(system)),
      plan_(plan),
      config_(config),
      tp_group_(mapping::tp_group(plan, system_)),
      ep_group_(mapping::ep_group(plan, system_)),
      pp_link_(mapping::pp_link(plan, system_)) {
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

StepCost StepModel::price(const model::StepBatch& batch) {
  mapping::build_stage_ops(model_, batch, plan_, system_, config_, ops_);
  StepCost step;
  Joules dynamic{};
  Seconds ep_comm{}, compute{};
  for (const model::Op& op : ops_) {
    const OpCost c = op_cost(op);
    const double repeat = static_cast<double>(op.repeat);
    step.by_class[static_cast<int>(op.cls)].add(c, repeat);
    step.stage_time += c.time * repeat;
    dynamic += c.energy * repeat;
    if (op.kind == model::OpKind::all_to_all) ep_comm += c.time * repeat;
    if (!model::is_communication(op.kind)) compute += c.time * repeat;
  }
  if (plan_.two_batch_overlap) {
    const Seconds hidden = core::min(ep_comm, compute);
    step.stage_time -= hidden;
    ClassCost& comm = step.by_class[static_cast<int>(model::OpClass::communication)];
    comm.time -= hidden;
    comm.time_by_bound[static_cast<int>(Bound::communication)] -= hidden;
  }
  const double devices = static_cast<double>(plan_.devices());
  step.time = step.stage_time * static_cast<double>(plan_.pp);
  step.energy = dynamic * devices + system_.device.idle_power * step.time * devices;
  return step;
}

}  // namespace servesim::perf

namespace servesim::perf {

StepCost StepModel::price_iteration(const model::StepBatch& batch) {
  if (plan_.pp == 1) return price(batch);
  const std::int64_t micro = std::max<std::int64_t>(1, std::min(plan_.pp, batch.sequences()));
  StepCost stage = price(batch.share(micro));
  const double devices = static_cast<double>(plan_.devices());
  const Joules idle_in_stage = system_.device.idle_power * stage.time * devices;
  const Joules dynamic = stage.energy - idle_in_stage;
  StepCost it;
  it.stage_time = stage.stage_time;
  it.time = stage.stage_time * static_cast<double>(plan_.pp);
  it.energy = dynamic * static_cast<double>(micro) + system_.device.idle_power * it.time * devices;
  for (int i = 0; i < model::kOpClassCount; ++i) {
    it.by_class[i].add(stage.by_class[i], static_cast<double>(micro));
  }
  return it;
}

}  // namespace servesim::perf
