// The perf-engine registry and dispatch (see perf_engine.h).
#include "perf/perf_engine.h"

#include <stdexcept>

namespace servesim::perf {

const core::Registry<PerfEngine>& perf_engines() {
  static const core::Registry<PerfEngine> registry = [] {
    core::Registry<PerfEngine> r("perf engine");
    register_pim_attention_engine(r);
    register_dataflow_engine(r);
    register_roofline_engine(r);
    return r;
  }();
  return registry;
}

const PerfEngine& engine_for(model::OpKind kind, const hardware::Device& device) {
  for (const auto& entry : perf_engines().entries()) {
    if (entry.value.applies(kind, device)) return entry.value;
  }
  throw std::logic_error("no perf engine prices this op kind");
}

OpCost compute_op_cost(const model::Op& op, const hardware::Device& device) {
  return engine_for(op.kind, device).cost(op, device);
}

}  // namespace servesim::perf
