// Running and reporting one scenario (see run_scenario.h).
#include "cli/run_scenario.h"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "cli/output_dir.h"
#include "core/unit_parse.h"
#include "report/perfetto_trace.h"
#include "report/requests_csv.h"
#include "scenario/deployment.h"
#include "scenario/evaluate.h"
#include "scenario/evaluation_json.h"
#include "scenario/scenario_yaml.h"

namespace servesim::cli {
namespace {

using scenario::Evaluation;
using scenario::ScenarioSpec;

double gib(core::Bytes b) { return b.value() / core::kGiB; }
double ms(double seconds) { return seconds * 1e3; }

// Progress on stderr for runs over a second, only when stderr is a terminal.
class ProgressBar : public serving::SimulationObserver {
 public:
  explicit ProgressBar(std::string command)
      : command_(std::move(command)), start_(std::chrono::steady_clock::now()) {}
  ~ProgressBar() override {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  void on_progress(std::int64_t finished, core::Seconds now) override {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (wall < 1.0) return;
    shown_ = true;
    std::cerr << fmt::format("\rservesim {}: {} requests done, {:.0f} s simulated, {:.1f} s wall",
                             command_, finished, now.value(), wall)
              << std::flush;
  }

 private:
  std::string command_;
  std::chrono::steady_clock::time_point start_;
  bool shown_ = false;
};

std::string pools_text(const ScenarioSpec& s) {
  if (s.disaggregation) {
    return fmt::format("P/D {}x{}", s.disaggregation->prefill_replicas,
                       s.disaggregation->decode_replicas);
  }
  return fmt::format("{} replica{}", s.serving.replicas, s.serving.replicas > 1 ? "s" : "");
}

const char* priced_note(const Evaluation& e) {
  return e.deployment.decode_system.empty() ? "" : " (priced as the prefill device)";
}

void print_estimate(const Evaluation& ev) {
  const scenario::BatchFigures& f = *ev.metrics().batch;
  const perf::Estimate& e = f.estimate;
  const scenario::DeploymentInfo& d = ev.deployment;
  const core::DTypes& t = d.dtypes;
  fmt::print("{} on {} ({}), weights {}, activations {}, KV {}\n", d.model, d.system,
             scenario::describe(d.plan), core::to_string(t.weights),
             core::to_string(t.activations), core::to_string(t.kv));
  fmt::print("batch {} x {} input / {} output tokens{}\n\n", f.batch, f.input_tokens,
             f.output_tokens, ev.scenario.batch.largest_fitting ? " (the largest batch that fits)" : "");
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
    fmt::print("  {}              {:.2f} GB of KV per prefill replica, {} visible of {} on the link\n",
               pools_text(ev.scenario), e.kv_transfer->bytes / 1e9,
               core::format_seconds(e.kv_transfer->visible), core::format_seconds(e.kv_transfer->total));
  }
  fmt::print("  TTFT (whole batch)  {}\n", core::format_seconds(e.ttft));
  fmt::print("  TPOT (mean)         {}\n", core::format_seconds(e.tpot_mean));
  fmt::print("  total time          {}\n", core::format_seconds(e.total_time));
  fmt::print("  throughput          {:.0f} output tokens/s ({:.0f} in the decode steps)\n",
             e.output_tokens_per_s, f.decode_tokens_per_s);
  fmt::print("  energy              {:.3f} J per output token (average {:.0f} W over {} devices)\n",
             e.joules_per_output_token, e.average_power.value(), ev.metrics().devices);
  fmt::print("  efficiency          {}{}\n\n", economics_line(ev.metrics().economics), priced_note(ev));
  fmt::print("  {:<18} {:>12} {:<14} {:>12} {:<14}\n", "operator class", "prefill", "bound",
             "decode", "bound");
  for (int i = 0; i < model::kOpClassCount; ++i) {
    const perf::ClassCost& p = e.prefill_by_class[i];
    const perf::ClassCost& c = e.decode_by_class[i];
    if (p.time.value() <= 0 && c.time.value() <= 0) continue;
    fmt::print("  {:<18} {:>12} {:<14} {:>12} {:<14}\n",
               model::to_string(static_cast<model::OpClass>(i)), core::format_seconds(p.time),
               perf::to_string(p.bound()), core::format_seconds(c.time), perf::to_string(c.bound()));
  }
  fmt::print("  (prefill: the batch's prefill step; decode: summed over {} decode steps; "
             "per device)\n", e.decode_steps);
}

std::string slo_text(const scenario::SloSpec& slo) {
  std::string out;
  if (slo.ttft) out += "ttft=" + core::format_seconds(*slo.ttft);
  if (slo.tpot) out += std::string(out.empty() ? "" : ",") + "tpot=" + core::format_seconds(*slo.tpot);
  return out;
}

void print_serve(const Evaluation& ev, double wall) {
  const serving::ServeSummary& s = *ev.metrics().serve;
  const scenario::DeploymentInfo& d = ev.deployment;
  fmt::print("{} on {} ({}, {}), scheduler {}\n", d.model, d.system, scenario::describe(d.plan),
             pools_text(ev.scenario), ev.scenario.serving.scheduler.name);
  fmt::print("workload {}\n\n", d.workload);
  fmt::print("  requests        {} completed, {} rejected{}\n", s.completed, s.rejected,
             s.skipped_rows ? fmt::format(", {} bad rows skipped", s.skipped_rows) : "");
  for (const auto& [reason, n] : s.rejected_reasons) fmt::print("                  {}: {}\n", reason, n);
  fmt::print("  simulated       {:.1f} s (first arrival to last completion), {} steps\n",
             s.makespan_s, s.steps);
  fmt::print("  throughput      {:.2f} req/s, {:.0f} input tok/s, {:.0f} output tok/s\n",
             s.requests_per_s, s.input_tokens_per_s, s.output_tokens_per_s);
  fmt::print("  {:<14}{:>10}{:>10}{:>10}{:>10}  (ms)\n", "", "mean", "p50", "p90", "p99");
  for (const auto& [name, l] : {std::pair{"TTFT", s.ttft}, std::pair{"TPOT", s.tpot},
                                std::pair{"ITL", s.itl}, std::pair{"E2E", s.e2e}}) {
    fmt::print("  {:<14}{:>10.1f}{:>10.1f}{:>10.1f}{:>10.1f}\n", name, ms(l.mean), ms(l.p50),
               ms(l.p90), ms(l.p99));
  }
  if (const std::string slo = slo_text(ev.scenario.slo); !slo.empty()) {
    fmt::print("  SLO {}: {:.1f}% attained, goodput {:.2f} req/s\n", slo, 100 * s.slo_attainment,
               s.goodput_requests_per_s);
  }
  fmt::print("  KV cache        {} blocks; utilisation mean {:.0f}%, max {:.0f}%; prefix hits {:.1f}%\n",
             s.kv_capacity_blocks, 100 * s.kv_utilization_mean, 100 * s.kv_utilization_max,
             100 * s.prefix_cache_hit_rate);
  fmt::print("  batch size      mean {:.1f}, max {:.0f}; {} preemptions\n", s.batch_size_mean,
             s.batch_size_max, s.preemptions);
  if (s.decode_pool_output_tokens_per_s > 0) {
    fmt::print("  pools           prefill {:.0f} input tok/s, decode {:.0f} output tok/s (over each "
               "pool's busy span)\n",
               s.prefill_pool_input_tokens_per_s, s.decode_pool_output_tokens_per_s);
  }
  if (s.kv_transfer_bytes > 0) {
    fmt::print("  KV transfer     {:.2f} GB prefill -> decode; visible wait mean {:.2f} ms, p99 {:.2f} ms\n",
               s.kv_transfer_bytes / 1e9, ms(s.kv_transfer_wait.mean), ms(s.kv_transfer_wait.p99));
  }
  fmt::print("  energy          {:.3f} J per output token; {:.0f} W average per device\n",
             s.joules_per_output_token, s.average_power_per_device_w);
  fmt::print("  efficiency      {}{}\n", economics_line(ev.metrics().economics), priced_note(ev));
  fmt::print("\n  simulated in {:.2f} s wall ({:.0f}x real time)\n", wall,
             wall > 0 ? s.makespan_s / wall : 0.0);
}

// An infeasible design on stderr (and as JSON on stdout with --json); its exit code.
int report_infeasible(const Evaluation& ev, const ReportOptions& o, const ScenarioFlags* flags) {
  const scenario::Infeasibility& why = ev.infeasibility();
  if (why.kind == scenario::InfeasibilityKind::invalid_mapping) {
    const core::InputError error(ev.scenario.origin, why.field, why.reason);
    std::cerr << (flags != nullptr ? flags->in_flag_terms(error) : error).what() << "\n";
    return kExitBadInput;
  }
  if (o.json) std::cout << scenario::infeasibility_json(ev).dump(2) << "\n";
  std::cerr << "servesim " << o.command << ": " << (why.pool.empty() ? "" : why.pool + " pool ")
            << why.reason << "\n";
  return kExitDoesNotFit;
}

}  // namespace

int run_scenario(const ScenarioSpec& spec, const ReportOptions& o, const ScenarioFlags* flags,
                 const scenario::Environment& env) {
  const bool simulate = spec.fidelity == scenario::Fidelity::simulate;
  scenario::Hooks hooks;
  ProgressBar progress(o.command);
  if (simulate && !o.quiet && isatty(STDERR_FILENO)) hooks.observers.push_back(&progress);
  std::unique_ptr<OutputDir> dir;
  std::unique_ptr<report::RequestsCsvWriter> requests_csv;
  std::unique_ptr<report::PerfettoTraceWriter> trace;
  if (!o.out.empty()) {
    dir = std::make_unique<OutputDir>(o.out);
    if (simulate) {
      requests_csv = std::make_unique<report::RequestsCsvWriter>(dir->open("requests.csv"));
      trace = std::make_unique<report::PerfettoTraceWriter>(dir->open("trace.json"));
      hooks.observers.push_back(requests_csv.get());
      hooks.observers.push_back(trace.get());
    }
  }
  const auto wall_start = std::chrono::steady_clock::now();
  const Evaluation ev = scenario::evaluate(spec, env, hooks);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (!ev.feasible()) return report_infeasible(ev, o, flags);
  const nlohmann::ordered_json doc = scenario::evaluation_json(ev);
  if (dir) {
    if (trace) trace->close();
    dir->open("summary.json") << doc.dump(2) << "\n";
    dir->open("scenario.yaml") << scenario::scenario_yaml(ev.scenario);
    dir->commit();
  }
  if (o.json) {
    std::cout << doc.dump(2) << "\n";
    return kExitOk;
  }
  if (simulate) {
    print_serve(ev, wall);
  } else {
    print_estimate(ev);
  }
  if (dir) {
    fmt::print("  wrote {}/{{{}}}{}\n", o.out,
               simulate ? "summary.json,requests.csv,trace.json,scenario.yaml"
                        : "summary.json,scenario.yaml",
               simulate ? "; open trace.json in ui.perfetto.dev" : "");
  }
  return kExitOk;
}

}  // namespace servesim::cli
