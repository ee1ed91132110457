// `servesim estimate`: static-batch latency, throughput, energy and memory for a model on a system.
#include "cli/estimate_command.h"

#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/unit_parse.h"
#include "model/hf_config.h"
#include "perf/batch_estimate.h"

namespace servesim::cli {
namespace {

double gib(core::Bytes b) { return b.value() / core::kGiB; }

// Output tokens per second of the decode steps alone (AttAcc's generation-stage throughput).
double decode_tokens_per_s(const perf::Estimate& e, std::int64_t batch) {
  return e.tpot_mean.value() > 0 ? static_cast<double>(batch) / e.tpot_mean.value() : 0.0;
}

constexpr std::int64_t kMaxBatch = 10'000'000;  // the --batch limit

// The largest batch up to kMaxBatch for which `estimate` fits memory (1 when none fits, so that
// the caller reports what does not fit).
template <class Estimate>
std::int64_t largest_fitting_batch(const Estimate& estimate) {
  std::int64_t fits = 0, fails = 1;
  while (fails <= kMaxBatch && estimate(fails).fits()) fits = fails, fails *= 2;
  fails = std::min(fails, kMaxBatch + 1);
  while (fails - fits > 1) {
    const std::int64_t mid = fits + (fails - fits) / 2;
    (estimate(mid).fits() ? fits : fails) = mid;
  }
  return std::max<std::int64_t>(fits, 1);
}
double ms(core::Seconds s) { return s.value() * 1e3; }

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

void print_human(const EstimateOptions& o, const perf::StepModel& sm, const perf::Estimate& e,
                 std::int64_t batch, std::int64_t devices, const perf::Economics& money) {
  const core::DTypes& t = sm.config().dtypes;
  fmt::print("{} on {} ({}), weights {}, activations {}, KV {}\n", sm.model().name,
             sm.system().name, describe(sm.plan()), core::to_string(t.weights),
             core::to_string(t.activations), core::to_string(t.kv));
  fmt::print("batch {} x {} input / {} output tokens{}\n\n", batch, o.input, o.output,
             o.max_batch ? " (the largest batch that fits)" : "");
  const perf::MemoryUse& m = e.memory;
  if (m.kv_capacity) {
    fmt::print("  memory per device   weights {:.1f} + activations {:.2f} = {:.1f} GiB of {:.1f} GiB "
               "usable ({:.0f}%)\n",
               gib(m.weights), gib(m.activations), gib(m.total()), gib(m.capacity),
               100.0 * m.total().value() / m.capacity.value());
    fmt::print("  KV cache in the PIM {:.2f} of {:.1f} GiB usable per device\n", gib(m.kv_cache),
               gib(*m.kv_capacity));
  } else {
    fmt::print("  memory per device   weights {:.1f} + KV {:.2f} + activations {:.2f} = {:.1f} GiB "
               "of {:.1f} GiB usable ({:.0f}%)\n",
               gib(m.weights), gib(m.kv_cache), gib(m.activations), gib(m.total()),
               gib(m.capacity), 100.0 * m.total().value() / m.capacity.value());
  }
  if (e.kv_transfer) {
    fmt::print("  P/D {}              {:.2f} GB of KV per prefill replica, {} visible of {} on the link\n",
               o.disaggregation.pd, e.kv_transfer->bytes / 1e9,
               core::format_seconds(e.kv_transfer->visible), core::format_seconds(e.kv_transfer->total));
  }
  fmt::print("  TTFT (whole batch)  {}\n", core::format_seconds(e.ttft));
  fmt::print("  TPOT (mean)         {}\n", core::format_seconds(e.tpot_mean));
  fmt::print("  total time          {}\n", core::format_seconds(e.total_time));
  fmt::print("  throughput          {:.0f} output tokens/s ({:.0f} in the decode steps)\n",
             e.output_tokens_per_s, decode_tokens_per_s(e, batch));
  fmt::print("  energy              {:.3f} J per output token (average {:.0f} W over {} devices)\n",
             e.joules_per_output_token, e.average_power.value(), devices);
  fmt::print("  efficiency          {}{}\n\n", economics_line(money),
             o.disaggregation.decode_system.empty() ? "" : " (priced as the prefill device)");
  fmt::print("  {:<18} {:>12} {:<14} {:>12} {:<14}\n", "operator class", "prefill", "bound",
             "decode", "bound");
  for (int i = 0; i < model::kOpClassCount; ++i) {
    const perf::ClassCost& p = e.prefill_by_class[i];
    const perf::ClassCost& d = e.decode_by_class[i];
    if (p.time.value() <= 0 && d.time.value() <= 0) continue;
    fmt::print("  {:<18} {:>12} {:<14} {:>12} {:<14}\n",
               model::to_string(static_cast<model::OpClass>(i)), core::format_seconds(p.time),
               perf::to_string(p.bound()), core::format_seconds(d.time), perf::to_string(d.bound()));
  }
  fmt::print("  (prefill: the batch's prefill step; decode: summed over {} decode steps; "
             "per device)\n", e.decode_steps);
}

}  // namespace

void EstimateOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("estimate", "latency, throughput, energy and memory of a batch");
  cmd->add_option("--model", model, "shipped model name or path to a config.json")->required();
  cmd->add_option("--system", system, "DEVICE:COUNT, shipped system name or system YAML")->required();
  mapping.add_to(*cmd);
  dtypes.add_to(*cmd);
  disaggregation.add_to(*cmd);
  CLI::Option* batch_option =
      cmd->add_option("--batch", batch, "sequences in the batch")
          ->check(CLI::Range(std::int64_t{1}, kMaxBatch));
  cmd->add_flag("--max-batch", max_batch,
                "use the largest batch whose weights, KV cache and activations fit")
      ->excludes(batch_option);
  cmd->add_option("--prefill-chunk", prefill_chunk,
                  "prefill tokens per step (chunked prefill): sizes the activation workspace")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40));
  cmd->add_option("--input", input, "prompt tokens per sequence")->check(CLI::Range(1, 100000000));
  cmd->add_option("--output", output, "output tokens per sequence")->check(CLI::Range(1, 100000000));
  cmd->add_option("--memory-utilization", memory_utilization,
                  "fraction of device memory the engine may use")
      ->check(CLI::Range(0.01, 1.0));
  cmd->add_flag("--json", json, "print one JSON document");
  command = cmd;
}

int run_estimate(const EstimateOptions& o) {
  const Deployment deployment = resolve_deployment(o.model, o.system, o.mapping, o.dtypes);
  const auto& [m, system, plan, config, pim] = deployment;
  if (o.input > m.max_context - o.output) {
    throw core::InputError("<command line>", "--input/--output",
                           fmt::format("{} + {} tokens exceed the {}-token context window of {}",
                                       o.input, o.output, m.max_context, m.name));
  }
  perf::StepModel sm(m, system, plan, config, pim);
  std::int64_t devices = plan.devices();
  std::unique_ptr<perf::StepModel> decode;
  std::int64_t prefill_replicas = 1, decode_replicas = 1;
  if (o.disaggregation.enabled()) {
    std::tie(prefill_replicas, decode_replicas) = o.disaggregation.pools();
    decode = o.disaggregation.decode_model(m, system, o.mapping, config);
    if (auto why = perf::pools_do_not_fit(sm, *decode, prefill_replicas, decode_replicas,
                                          o.disaggregation.decode_system.empty())) {
      throw core::InputError("<command line>", "--pd", *why);
    }
    devices = prefill_replicas * plan.devices() + decode_replicas * decode->plan().devices();
  }
  const auto estimate = [&](std::int64_t batch) {
    const perf::EstimateRequest request{batch, o.input, o.output, o.memory_utilization,
                                       o.prefill_chunk};
    return decode ? perf::estimate_disaggregated(sm, *decode, request, prefill_replicas,
                                                 decode_replicas)
                  : perf::estimate_batch(sm, request);
  };
  const std::int64_t batch = o.max_batch ? largest_fitting_batch(estimate) : o.batch;
  const perf::Estimate e = estimate(batch);
  if (!e.fits()) {
    const bool decode_pool = e.memory.fits();
    const perf::MemoryUse& tight = decode_pool ? *e.decode_memory : e.memory;
    if (o.json) {
      std::cout << nlohmann::ordered_json{{"error", does_not_fit_message(tight)},
                                          {"pool", decode_pool ? "decode" : "prefill"},
                                          {"memory", memory_json(tight)}}
                       .dump(2)
                << "\n";
    }
    std::cerr << "servesim estimate: " << (decode_pool ? "decode pool " : "")
              << does_not_fit_message(tight) << "\n";
    return kExitDoesNotFit;
  }
  const perf::Economics money =
      perf::economics(e.output_tokens_per_s, e.average_power, devices, system.device);
  if (!o.json) {
    print_human(o, sm, e, batch, devices, money);
    return kExitOk;
  }
  const core::DTypes& t = config.dtypes;
  nlohmann::ordered_json out = {
      {"model", m.name},
      {"system", system.name},
      {"tp", plan.tp},
      {"pp", plan.pp},
      {"ep", plan.ep},
      {"dp_attention", plan.dp_attention},
      {"dtypes",
       {{"weights", core::to_string(t.weights)},
        {"activations", core::to_string(t.activations)},
        {"kv", core::to_string(t.kv)}}},
      {"batch", batch},
      {"input_tokens", o.input},
      {"output_tokens", o.output},
      {"memory", memory_json(e.memory)},
      {"decode_memory", e.decode_memory ? memory_json(*e.decode_memory) : nlohmann::ordered_json()},
      {"kv_transfer_visible_ms", e.kv_transfer ? ms(e.kv_transfer->visible) : 0.0},
      {"ttft_ms", ms(e.ttft)},
      {"tpot_mean_ms", ms(e.tpot_mean)},
      {"total_s", e.total_time.value()},
      {"output_tokens_per_s", e.output_tokens_per_s},
      {"decode_tokens_per_s", decode_tokens_per_s(e, batch)},
      {"decode_joules_per_token",
       e.decode_steps > 0 ? e.decode_energy.value() / static_cast<double>(batch * e.decode_steps)
                          : 0.0},
      {"energy_j", e.energy.value()},
      {"joules_per_output_token", e.joules_per_output_token},
      {"average_power_w", e.average_power.value()},
      {"efficiency", economics_json(money)},
      {"breakdown", breakdown_json(e)},
  };
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

}  // namespace servesim::cli
