// Evaluation documents (see evaluation_json.h).
#include "scenario/evaluation_json.h"

#include "report/summary_json.h"
#include "scenario/scenario_yaml.h"
#include "scenario/version.h"

namespace servesim::scenario {
namespace {

double gib(core::Bytes b) { return b.value() / core::kGiB; }
double ms(core::Seconds s) { return s.value() * 1e3; }

nlohmann::ordered_json memory_json(const perf::MemoryUse& m) {
  return {{"weights_gib", gib(m.weights)},         {"kv_cache_gib", gib(m.kv_cache)},
          {"activations_gib", gib(m.activations)}, {"total_gib", gib(m.total())},
          {"capacity_gib", gib(m.capacity)},
          {"pim_kv_capacity_gib", m.kv_capacity ? nlohmann::json(gib(*m.kv_capacity)) : nlohmann::json()},
          {"fits", m.fits()}};
}

nlohmann::ordered_json breakdown_json(const perf::Estimate& e) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (int i = 0; i < model::kOpClassCount; ++i) {
    const perf::ClassCost& p = e.prefill_by_class[i];
    const perf::ClassCost& d = e.decode_by_class[i];
    if (p.time.value() <= 0 && d.time.value() <= 0) continue;
    rows.push_back({{"class", model::to_string(static_cast<model::OpClass>(i))},
                    {"prefill_ms", ms(p.time)},
                    {"prefill_bound", perf::to_string(p.bound())},
                    {"decode_ms", ms(d.time)},
                    {"decode_bound", perf::to_string(d.bound())},
                    {"flops", p.flops.value() + d.flops.value()},
                    {"bytes", p.bytes.value() + d.bytes.value()}});
  }
  return rows;
}

nlohmann::ordered_json batch_json(const Evaluation& ev, const BatchFigures& f) {
  const DeploymentInfo& d = ev.deployment;
  const perf::Estimate& e = f.estimate;
  return {
      {"model", d.model},
      {"system", d.system},
      {"tp", d.plan.tp},
      {"pp", d.plan.pp},
      {"ep", d.plan.ep},
      {"dp_attention", d.plan.dp_attention},
      {"dtypes",
       {{"weights", core::to_string(d.dtypes.weights)},
        {"activations", core::to_string(d.dtypes.activations)},
        {"kv", core::to_string(d.dtypes.kv)}}},
      {"batch", f.batch},
      {"input_tokens", f.input_tokens},
      {"output_tokens", f.output_tokens},
      {"memory", memory_json(e.memory)},
      {"decode_memory", e.decode_memory ? memory_json(*e.decode_memory) : nlohmann::ordered_json()},
      {"kv_transfer_visible_ms", e.kv_transfer ? ms(e.kv_transfer->visible) : 0.0},
      {"ttft_ms", ms(e.ttft)},
      {"tpot_mean_ms", ms(e.tpot_mean)},
      {"total_s", e.total_time.value()},
      {"output_tokens_per_s", e.output_tokens_per_s},
      {"decode_tokens_per_s", f.decode_tokens_per_s},
      {"decode_joules_per_token",
       e.decode_steps > 0 ? e.decode_energy.value() / static_cast<double>(f.batch * e.decode_steps)
                          : 0.0},
      {"energy_j", e.energy.value()},
      {"joules_per_output_token", e.joules_per_output_token},
      {"average_power_w", e.average_power.value()},
  };
}

}  // namespace

nlohmann::ordered_json economics_json(const perf::Economics& e) {
  auto value = [](const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
  };
  return {{"output_tokens_per_s_per_w", e.tokens_per_s_per_watt},
          {"output_tokens_per_s_per_mm2", value(e.tokens_per_s_per_mm2)},
          {"dollars_per_million_output_tokens", value(e.dollars_per_million_tokens)}};
}

nlohmann::ordered_json hardware_json(const HardwareTotals& t) {
  const auto value = [](const auto& v, double scale) {
    return v ? nlohmann::ordered_json(v->value() * scale) : nlohmann::ordered_json();
  };
  return {{"devices", t.devices},
          {"peak_power_w", t.peak_power.value()},
          {"silicon_area_mm2", value(t.silicon_area, 1e6)},
          {"price_usd", value(t.price, 1.0)}};
}

nlohmann::ordered_json provenance_json() {
  const char* commit = git_commit();
  return {{"version", version()},
          {"git_commit", *commit ? nlohmann::ordered_json(commit) : nlohmann::ordered_json()}};
}

nlohmann::ordered_json evaluation_json(const Evaluation& ev) {
  const Metrics& m = ev.metrics();
  nlohmann::ordered_json doc = m.batch ? batch_json(ev, *m.batch) : report::summary_json(*m.serve);
  doc["efficiency"] = economics_json(m.economics);
  doc["hardware"] = hardware_json(m.hardware);
  if (m.batch) doc["breakdown"] = breakdown_json(m.batch->estimate);
  doc["provenance"] = provenance_json();
  doc["scenario"] = scenario_json(ev.scenario);
  return doc;
}

nlohmann::ordered_json infeasibility_json(const Evaluation& ev) {
  const Infeasibility& i = ev.infeasibility();
  return {{"infeasible", to_string(i.kind)},
          {"field", i.field},
          {"error", i.reason},
          {"pool", i.pool.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(i.pool)},
          {"memory", i.memory ? memory_json(*i.memory) : nlohmann::ordered_json()},
          {"provenance", provenance_json()},
          {"scenario", scenario_json(ev.scenario)}};
}

}  // namespace servesim::scenario
