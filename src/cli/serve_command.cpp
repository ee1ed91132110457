// `servesim serve`: replay a trace or a synthetic workload through the serving simulator.
#include "cli/serve_command.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/unit_parse.h"
#include "model/hf_config.h"
#include "report/perfetto_trace.h"
#include "report/requests_csv.h"
#include "report/summary_json.h"
#include "serving/router.h"

namespace servesim::cli {
namespace {

namespace fs = std::filesystem;

template <class Q>
Q parse_flag(const std::string& flag, const std::string& text) {
  std::string why;
  if (auto q = core::parse_as<Q>(text, why)) {
    if (q->value() >= 0) return *q;
    why = "must not be negative";
  }
  throw core::InputError("<command line>", flag, fmt::format("\"{}\" {}", text, why));
}

serving::Slo parse_slo(const std::string& text) {
  serving::Slo slo{core::Seconds(1e300), core::Seconds(1e300)};
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq);
    if (eq == std::string::npos || (key != "ttft" && key != "tpot")) {
      throw core::InputError("<command line>", "--slo", fmt::format("\"{}\" is not ttft=TIME or tpot=TIME", item),
                             "e.g. --slo ttft=2s,tpot=100ms");
    }
    (key == "ttft" ? slo.ttft : slo.tpot) = parse_flag<core::Seconds>("--slo " + key, item.substr(eq + 1));
  }
  return slo;
}

// Progress on stderr for runs over a second, only when stderr is a terminal.
class ProgressBar : public serving::SimulationObserver {
 public:
  ProgressBar() : start_(std::chrono::steady_clock::now()) {}
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
    std::cerr << fmt::format("\rservesim serve: {} requests done, {:.0f} s simulated, {:.1f} s wall",
                             finished, now.value(), wall)
              << std::flush;
  }

 private:
  std::chrono::steady_clock::time_point start_;
  bool shown_ = false;
};

// Output files are written under temporary names and renamed only when the run succeeds, so a
// failed run leaves nothing half-written.
class OutputDir {
 public:
  explicit OutputDir(const std::string& dir) : dir_(dir) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec || !fs::is_directory(dir_)) {
      throw core::InputError(dir, "", "cannot create the output directory", ec.message());
    }
  }
  ~OutputDir() {
    for (auto& [name, stream] : files_) {
      stream.close();
      if (!committed_) fs::remove(partial(name));
    }
  }
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  std::ofstream& open(const std::string& name) {
    auto& stream = files_[name];
    stream.open(partial(name));
    if (!stream) throw core::InputError((dir_ / name).string(), "", "cannot write file");
    return stream;
  }
  void commit() {
    for (auto& [name, stream] : files_) {
      stream.close();
      fs::rename(partial(name), dir_ / name);
    }
    committed_ = true;
  }
  [[nodiscard]] std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  [[nodiscard]] fs::path partial(const std::string& name) const { return dir_ / ("." + name + ".partial"); }
  fs::path dir_;
  std::map<std::string, std::ofstream> files_;
  bool committed_ = false;
};

void print_human(const ServeOptions& o, const perf::StepModel& sm, const serving::ServeSummary& s,
                 const std::string& workload) {
  const auto ms = [](double seconds) { return seconds * 1e3; };
  const std::string pools =
      o.disaggregation.enabled() ? fmt::format("P/D {}", o.disaggregation.pd)
                                 : fmt::format("{} replica{}", o.replicas, o.replicas > 1 ? "s" : "");
  fmt::print("{} on {} ({}, {}), scheduler {}\n", sm.model().name, sm.system().name,
             describe(sm.plan()), pools, o.scheduler);
  fmt::print("workload {}\n\n", workload);
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
  if (!o.slo.empty()) {
    fmt::print("  SLO {}: {:.1f}% attained, goodput {:.2f} req/s\n", o.slo, 100 * s.slo_attainment,
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
}

}  // namespace

void ServeOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("serve", "simulate serving a trace or synthetic workload");
  cmd->add_option("--model", model, "shipped model name or path to a config.json")->required();
  cmd->add_option("--system", system, "DEVICE:COUNT, shipped system name or system YAML")->required();
  mapping.add_to(*cmd);
  dtypes.add_to(*cmd);
  cmd->add_option("--trace", trace,
                  "trace file (Azure CSV, Mooncake JSONL, arrival_s CSV) or spec such as "
                  "poisson:rate=4,requests=1000,input=1024,output=256")
      ->required();
  cmd->add_option("--scheduler", scheduler, "vllm|sarathi|orca|static (servesim list schedulers)");
  cmd->add_option("--router", router, "round-robin|least-outstanding|kv-aware");
  cmd->add_option("--replicas", replicas, "data-parallel replicas")->check(CLI::PositiveNumber);
  disaggregation.add_to(*cmd);
  cmd->add_option("--max-num-seqs", limits.max_num_seqs, "requests running at once per replica")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-num-batched-tokens", limits.max_num_batched_tokens,
                  "tokens computed per step")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--preemption", preemption, "recompute|swap")
      ->check(CLI::IsMember({"recompute", "swap"}));
  cmd->add_flag("--pim-balanced-chunks", pim_balanced_chunks,
                "on a PIM device, size each prefill chunk so device and PIM time match (L3)");
  cmd->add_option("--admission", admission,
                  "KV reserved at admission: prompt (vLLM) or full-sequence (TensorRT-LLM)")
      ->check(CLI::IsMember({"prompt", "full-sequence"}));
  cmd->add_option("--kv-memory", kv_memory,
                  "KV cache = utilisation x total memory - weights (total, vLLM) or utilisation x "
                  "memory left after weights (free, TensorRT-LLM)")
      ->check(CLI::IsMember({"total", "free"}));
  cmd->add_option("--block-size", block_size, "KV-cache block size in tokens")->check(CLI::PositiveNumber);
  cmd->add_option("--memory-utilization", memory_utilization, "fraction of device memory used")
      ->check(CLI::Range(0.01, 1.0));
  cmd->add_option("--step-overhead", step_overhead, "CPU time per step, e.g. \"1.5 ms\"");
  cmd->add_option("--slo", slo, "ttft=TIME,tpot=TIME, e.g. ttft=2s,tpot=100ms");
  cmd->add_option("--rate-scale", rate_scale, "multiply the arrival rate")->check(CLI::PositiveNumber);
  cmd->add_option("--max-requests", max_requests, "stop after this many requests")->check(CLI::PositiveNumber);
  cmd->add_option("--duration", duration, "drop requests arriving later, e.g. \"600 s\"");
  cmd->add_option("--seed", seed, "seed of synthetic workloads");
  cmd->add_flag("--skip-bad-rows", skip_bad_rows, "skip corrupt trace rows and count them");
  cmd->add_option("--out", out, "directory for summary.json, requests.csv, config.json, trace.json");
  cmd->add_flag("--json", json, "print the summary as one JSON document");
  cmd->add_flag("--quiet", quiet, "no progress bar");
  command = cmd;
}

int run_serve(const ServeOptions& o) {
  const Deployment deployment = resolve_deployment(o.model, o.system, o.mapping, o.dtypes);
  const auto& [m, system, plan, ops, pim] = deployment;
  perf::StepModel sm(m, system, plan, ops, pim);

  serving::ServeConfig config;
  config.scheduler = o.scheduler;
  config.router = o.router;
  config.replicas = o.replicas;
  config.limits = o.limits;
  config.limits.preemption =
      o.preemption == "swap" ? serving::PreemptionMode::swap : serving::PreemptionMode::recompute;
  config.pim_balanced_chunks = o.pim_balanced_chunks;
  if (o.pim_balanced_chunks && (!system.device.pim || o.scheduler != "sarathi")) {
    throw core::InputError("<command line>", "--pim-balanced-chunks",
                           "needs a device with a PIM engine and the chunking scheduler",
                           "use --scheduler sarathi on a PIM device such as a100-l3");
  }
  config.limits.admission = o.admission == "full-sequence" ? serving::Admission::full_sequence
                                                           : serving::Admission::prompt;
  config.kv_memory_rule = o.kv_memory == "free" ? serving::KvMemoryRule::fraction_of_free
                                                : serving::KvMemoryRule::fraction_of_total;
  config.block_size = o.block_size;
  config.memory_utilization = o.memory_utilization;
  config.step_overhead = o.step_overhead.empty()
                             ? serving::kDefaultStepOverhead
                             : parse_flag<core::Seconds>("--step-overhead", o.step_overhead);
  if (!o.slo.empty()) config.slo = parse_slo(o.slo);
  (void)serving::schedulers().get(config.scheduler, "<command line>", "--scheduler");
  (void)serving::routers().get(config.router, "<command line>", "--router");

  serving::WorkloadOptions wo;
  wo.rate_scale = o.rate_scale;
  if (o.max_requests > 0) wo.max_requests = o.max_requests;
  if (!o.duration.empty()) wo.duration = parse_flag<core::Seconds>("--duration", o.duration);
  wo.seed = o.seed;
  wo.skip_bad_rows = o.skip_bad_rows;
  serving::Workload workload = serving::open_workload(o.trace, wo);

  std::unique_ptr<perf::StepModel> decode;
  if (o.disaggregation.enabled()) {
    std::tie(config.prefill_replicas, config.decode_replicas) = o.disaggregation.pools();
    config.pools_share_system = o.disaggregation.decode_system.empty();
    decode = o.disaggregation.decode_model(m, system, o.mapping, ops);
  }
  for (const perf::StepModel* pool : {&sm, decode.get()}) {
    if (pool == nullptr) continue;
    const serving::Capacity capacity = serving::kv_capacity(*pool, config);
    if (!capacity.infeasible.empty()) {
      const char* which = decode == nullptr ? "" : pool == &sm ? "prefill pool " : "decode pool ";
      std::cerr << "servesim serve: " << which << capacity.infeasible << " (" << pool->system().name
                << ", " << describe(pool->plan()) << ")\n";
      return kExitDoesNotFit;
    }
  }

  std::vector<serving::SimulationObserver*> observers;
  ProgressBar progress;
  if (!o.quiet && isatty(STDERR_FILENO)) observers.push_back(&progress);
  std::unique_ptr<OutputDir> dir;
  std::unique_ptr<report::RequestsCsvWriter> requests_csv;
  std::unique_ptr<report::PerfettoTraceWriter> trace;
  if (!o.out.empty()) {
    dir = std::make_unique<OutputDir>(o.out);
    requests_csv = std::make_unique<report::RequestsCsvWriter>(dir->open("requests.csv"));
    trace = std::make_unique<report::PerfettoTraceWriter>(dir->open("trace.json"));
    observers.push_back(requests_csv.get());
    observers.push_back(trace.get());
  }
  const auto wall_start = std::chrono::steady_clock::now();
  const serving::ServeSummary summary =
      decode ? serving::simulate_disaggregated(sm, *decode, workload, config, observers)
             : serving::simulate(sm, workload, config, observers);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  std::int64_t devices = config.replicas * plan.devices();
  if (decode) {
    devices = config.prefill_replicas * plan.devices() +
              config.decode_replicas * decode->plan().devices();
  }
  const perf::Economics money = perf::economics(
      summary.output_tokens_per_s,
      core::Watts(summary.average_power_per_device_w * static_cast<double>(devices)), devices,
      system.device);
  nlohmann::ordered_json summary_doc = report::summary_json(summary);
  summary_doc["efficiency"] = economics_json(money);
  if (dir) {
    trace->close();
    dir->open("summary.json") << summary_doc.dump(2) << "\n";
    const core::DTypes& t = ops.dtypes;
    const nlohmann::ordered_json resolved = {
        {"model", m.name}, {"system", system.name}, {"tp", plan.tp}, {"pp", plan.pp},
        {"ep", plan.ep}, {"dp_attention", plan.dp_attention},
        {"replicas", config.replicas},
        {"dtypes", {{"weights", core::to_string(t.weights)},
                    {"activations", core::to_string(t.activations)},
                    {"kv", core::to_string(t.kv)}}},
        {"scheduler", config.scheduler}, {"router", config.router},
        {"max_num_seqs", config.limits.max_num_seqs},
        {"max_num_batched_tokens", config.limits.max_num_batched_tokens},
        {"preemption", o.preemption}, {"admission", o.admission}, {"pim_balanced_chunks", o.pim_balanced_chunks}, {"kv_memory", o.kv_memory},
        {"block_size", config.block_size},
        {"memory_utilization", config.memory_utilization},
        {"step_overhead_s", config.step_overhead.value()},
        {"workload", workload.description}, {"rate_scale", o.rate_scale}, {"seed", o.seed}};
    dir->open("config.json") << resolved.dump(2) << "\n";
    dir->commit();
  }
  if (o.json) {
    std::cout << summary_doc.dump(2) << "\n";
  } else {
    print_human(o, sm, summary, workload.description);
    fmt::print("  efficiency      {}{}\n", economics_line(money),
               decode && !o.disaggregation.decode_system.empty() ? " (priced as the prefill device)" : "");
    fmt::print("\n  simulated in {:.2f} s wall ({:.0f}x real time)\n", wall,
               wall > 0 ? summary.makespan_s / wall : 0.0);
    if (dir) fmt::print("  wrote {}/{{summary.json,requests.csv,config.json,trace.json}}; open trace.json in ui.perfetto.dev\n", o.out);
  }
  return kExitOk;
}

}  // namespace servesim::cli
