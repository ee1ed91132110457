// Scenario → serving configuration and workload (see serve_config.h).
#include "scenario/serve_config.h"

#include "core/diagnostics.h"
#include "serving/generators.h"
#include "serving/router.h"
#include "serving/scheduler.h"

namespace servesim::scenario {

serving::ServeConfig serve_config(const ScenarioSpec& spec, const Deployment& d) {
  const ServingSpec& s = spec.serving;
  (void)serving::schedulers().get(s.scheduler.name, spec.origin, "serving.scheduler");
  (void)serving::routers().get(s.router.name, spec.origin, "serving.router");
  if (s.pim_balanced_chunks && (!d.prefill.system.device.pim || s.scheduler.name != "sarathi")) {
    throw core::InputError(spec.origin, "serving.pim_balanced_chunks",
                           "needs a device with a PIM engine and the chunking scheduler",
                           "use the sarathi scheduler on a PIM device such as a100-l3");
  }
  serving::ServeConfig c;
  c.scheduler = s.scheduler;
  c.router = s.router;
  c.replicas = s.replicas;
  c.kv_memory_rule = d.engine.kv_memory;
  c.block_size = s.block_size;
  c.pim_balanced_chunks = s.pim_balanced_chunks;
  c.memory_utilization = d.engine.memory_utilization;
  c.step_overhead = d.engine.step_overhead;
  c.step_overhead_per_sequence = d.engine.step_overhead_per_sequence;
  c.front_end_latency = d.engine.front_end_latency;
  if (spec.slo.ttft || spec.slo.tpot) {
    c.slo = serving::Slo{spec.slo.ttft.value_or(Seconds(1e300)), spec.slo.tpot.value_or(Seconds(1e300))};
  }
  if (const auto& pd = spec.disaggregation) {
    c.prefill_replicas = pd->prefill_replicas;
    c.decode_replicas = pd->decode_replicas;
    c.pools_share_system = d.pools_share_system;
  }
  return c;
}

serving::Workload open_workload(const ScenarioSpec& spec, const Environment& env) {
  const WorkloadSpec& w = spec.workload;
  serving::WorkloadOptions o;
  o.data = &env.root;
  o.rate_scale = w.rate_scale;
  o.max_requests = w.max_requests;
  o.duration = w.duration;
  o.seed = spec.seed;
  o.skip_bad_rows = w.skip_bad_rows;
  if (w.generator) return serving::open_synthetic(*w.generator, o);
  if (w.trace.empty()) {
    throw core::InputError(spec.origin, "workload", "has neither a trace nor a generator",
                           "give workload.trace or workload.generator");
  }
  return serving::open_workload(w.trace, o);
}

}  // namespace servesim::scenario
