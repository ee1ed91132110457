// Scenario evaluation (see evaluate.h).
#include "scenario/evaluate.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "core/diagnostics.h"
#include "scenario/constraints.h"
#include "scenario/deployment.h"
#include "scenario/largest_batch.h"
#include "scenario/serve_config.h"

namespace servesim::scenario {
namespace {

Infeasibility infeasible(InfeasibilityKind kind, std::string field, std::string reason,
                         std::string pool = {}) {
  return Infeasibility{kind, std::move(field), std::move(reason), std::move(pool), std::nullopt};
}

DeploymentInfo info_of(const Deployment& d) {
  DeploymentInfo i;
  i.model = d.model.name;
  i.system = d.prefill.system.name;
  i.plan = d.prefill.plan;
  i.dtypes = d.ops.dtypes;
  if (d.decode) {
    i.decode_plan = d.decode->plan;
    if (!d.pools_share_system) i.decode_system = d.decode->system.name;
  }
  return i;
}

double gib(core::Bytes b) { return b.value() / core::kGiB; }

std::string does_not_fit_message(const perf::MemoryUse& m) {
  if (m.kv_capacity && m.kv_cache > *m.kv_capacity) {
    return fmt::format("does not fit: the KV cache needs {:.1f} GiB per device, the PIM holds {:.1f} GiB",
                       gib(m.kv_cache), gib(*m.kv_capacity));
  }
  if (m.kv_capacity) {
    return fmt::format(
        "does not fit: needs {:.1f} GiB, has {:.1f} GiB per device (weights {:.1f} + activations "
        "{:.1f} GiB; the KV cache is in the PIM)",
        gib(m.total()), gib(m.capacity), gib(m.weights), gib(m.activations));
  }
  return fmt::format(
      "does not fit: needs {:.1f} GiB, has {:.1f} GiB per device (weights {:.1f} + KV cache {:.1f} "
      "+ activations {:.1f} GiB)",
      gib(m.total()), gib(m.capacity), gib(m.weights), gib(m.kv_cache), gib(m.activations));
}

// The estimate fidelity: a static batch on one replica (or on the P/D pools).
std::variant<Metrics, Infeasibility> estimate(const ScenarioSpec& spec, const Deployment& d,
                                              const HardwareTotals& totals) {
  const BatchSpec& b = spec.batch;
  if (b.input > d.model.max_context - b.output) {
    throw core::InputError(spec.origin, "batch.input",
                           fmt::format("{} + {} tokens exceed the {}-token context window of {}",
                                       b.input, b.output, d.model.max_context, d.model.name));
  }
  const auto prefill = d.step_model();
  const auto decode = d.decode ? d.step_model(true) : nullptr;
  const std::int64_t devices = totals.devices;
  std::int64_t prefill_replicas = 1, decode_replicas = 1;
  if (const auto& pd = spec.disaggregation) {
    prefill_replicas = pd->prefill_replicas;
    decode_replicas = pd->decode_replicas;
    if (auto why = perf::pools_do_not_fit(*prefill, *decode, prefill_replicas, decode_replicas,
                                          d.pools_share_system)) {
      return infeasible(InfeasibilityKind::invalid_mapping, "disaggregation", *why);
    }
  }
  const auto run = [&](std::int64_t batch) {
    const perf::EstimateRequest request{batch, b.input, b.output, d.engine.memory_utilization,
                                       b.prefill_chunk, b.decode_samples};
    return decode ? perf::estimate_disaggregated(*prefill, *decode, request, prefill_replicas,
                                                 decode_replicas)
                  : perf::estimate_batch(*prefill, request);
  };
  const std::int64_t batch =
      b.largest_fitting ? largest_fitting_batch([&](std::int64_t n) { return run(n).fits(); })
                        : b.size;
  perf::Estimate e = run(batch);
  if (!e.fits()) {
    const bool decode_pool = e.memory.fits();
    const perf::MemoryUse& tight = decode_pool ? *e.decode_memory : e.memory;
    Infeasibility why = infeasible(InfeasibilityKind::does_not_fit, "batch",
                                   does_not_fit_message(tight), decode_pool ? "decode" : "prefill");
    why.memory = tight;
    return why;
  }
  Metrics m;
  m.fidelity = Fidelity::estimate;
  m.devices = devices;
  m.hardware = totals;
  m.output_tokens_per_s = e.output_tokens_per_s;
  m.ttft_mean = e.ttft;
  m.tpot_mean = e.tpot_mean;
  m.joules_per_output_token = e.joules_per_output_token;
  m.average_power = e.average_power;
  m.economics = perf::economics(e.output_tokens_per_s, e.average_power, devices,
                                d.prefill.system.device);
  BatchFigures f{batch, b.input, b.output, std::move(e), 0};
  f.decode_tokens_per_s = f.estimate.tpot_mean.value() > 0
                              ? static_cast<double>(batch) / f.estimate.tpot_mean.value()
                              : 0.0;
  m.batch = std::move(f);
  return m;
}

// The simulate fidelity: the workload through the serving engine.
std::variant<Metrics, Infeasibility> simulate(const ScenarioSpec& spec, const Deployment& d,
                                              const HardwareTotals& totals, const Environment& env,
                                              const Hooks& hooks, DeploymentInfo& info) {
  const serving::ServeConfig config = serve_config(spec, d);
  const auto prefill = d.step_model();
  const auto decode = d.decode ? d.step_model(true) : nullptr;
  if (decode) {
    if (auto why = perf::pools_do_not_fit(*prefill, *decode, config.prefill_replicas,
                                          config.decode_replicas, config.pools_share_system)) {
      return infeasible(InfeasibilityKind::invalid_mapping, "disaggregation", *why);
    }
  }
  const std::int64_t devices = totals.devices;
  for (const perf::StepModel* pool : {prefill.get(), decode.get()}) {
    if (pool == nullptr) continue;
    const serving::Capacity capacity = serving::kv_capacity(*pool, config);
    if (!capacity.infeasible.empty()) {
      const std::string which = decode == nullptr ? "" : pool == prefill.get() ? "prefill" : "decode";
      return infeasible(InfeasibilityKind::does_not_fit, "engine.memory_utilization",
                        fmt::format("{} ({}, {})", capacity.infeasible, pool->system().name,
                                    describe(pool->plan())),
                        which);
    }
  }
  serving::Workload workload = open_workload(spec, env);
  info.workload = workload.description;
  serving::ServeSummary s =
      decode ? serving::simulate_disaggregated(*prefill, *decode, workload, config, hooks.observers,
                                               hooks.feedback)
             : serving::simulate(*prefill, workload, config, hooks.observers, hooks.feedback);
  Metrics m;
  m.fidelity = Fidelity::simulate;
  m.devices = devices;
  m.hardware = totals;
  m.output_tokens_per_s = s.output_tokens_per_s;
  m.ttft_mean = Seconds(s.ttft.mean);
  m.tpot_mean = Seconds(s.tpot.mean);
  m.joules_per_output_token = s.joules_per_output_token;
  m.average_power = core::Watts(s.average_power_per_device_w * static_cast<double>(devices));
  m.economics = perf::economics(s.output_tokens_per_s, m.average_power, devices,
                                d.prefill.system.device);
  m.serve = std::move(s);
  return m;
}

}  // namespace

const char* to_string(InfeasibilityKind kind) {
  switch (kind) {
    case InfeasibilityKind::invalid_mapping: return "invalid_mapping";
    case InfeasibilityKind::does_not_fit: return "does_not_fit";
    case InfeasibilityKind::exceeds_power: return "exceeds_power";
    case InfeasibilityKind::exceeds_area: return "exceeds_area";
    case InfeasibilityKind::exceeds_temperature: return "exceeds_temperature";
  }
  return "unknown";
}

namespace {

Evaluation evaluate_here(const ScenarioSpec& spec, Fidelity fidelity, const Environment& env,
                         const Hooks& hooks) {
  Evaluation out;
  out.scenario = spec;
  out.scenario.fidelity = fidelity;
  Resolved r = resolve(spec, env);
  if (r.invalid) {
    out.result = infeasible(InfeasibilityKind::invalid_mapping, r.invalid->field, r.invalid->reason);
    return out;
  }
  const Deployment& d = *r.deployment;
  out.deployment = info_of(d);
  const std::int64_t fitting = d.prefill.system.device_count() / d.prefill.plan.devices();
  if (fidelity == Fidelity::simulate && !spec.disaggregation && spec.serving.replicas > fitting) {
    out.result = infeasible(InfeasibilityKind::invalid_mapping, "serving.replicas",
                            fmt::format("{} replicas of {} devices do not fit {}, which has {}",
                                        spec.serving.replicas, d.prefill.plan.devices(),
                                        d.prefill.system.name, d.prefill.system.device_count()));
    return out;
  }
  const HardwareTotals totals = hardware_totals(spec, d, fidelity);
  if (auto why = check_constraints(spec, totals)) {
    out.result = *why;
    return out;
  }
  out.result = fidelity == Fidelity::estimate
                   ? estimate(spec, d, totals)
                   : simulate(spec, d, totals, env, hooks, out.deployment);
  return out;
}

}  // namespace

// Lower layers file errors about the input they were handed under "<scenario>": here that is
// the scenario's origin.
Evaluation evaluate(const ScenarioSpec& spec, Fidelity fidelity, const Environment& env,
                    const Hooks& hooks) {
  try {
    return evaluate_here(spec, fidelity, env, hooks);
  } catch (const core::InputError& e) {
    throw core::relocated(e, "<scenario>", spec.origin);
  }
}

Evaluation evaluate(const ScenarioSpec& spec, const Environment& env, const Hooks& hooks) {
  return evaluate(spec, spec.fidelity, env, hooks);
}

std::vector<Evaluation> evaluate_all(const std::vector<ScenarioSpec>& specs, const Environment& env,
                                     int threads) {
  std::vector<Evaluation> results(specs.size());
  std::vector<std::exception_ptr> errors(specs.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < specs.size(); i = next++) {
      try {
        results[i] = evaluate(specs[i], env);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  const auto n = static_cast<std::size_t>(std::max(1, threads));
  for (std::size_t t = 1; t < std::min(n, specs.size()); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return results;
}

}  // namespace servesim::scenario
