// `servesim list`: shipped models, devices, systems and experiments, and the registry families with
// each entry's summary and parameters.
#include "cli/list_command.h"

#include <fmt/format.h>

#include "cli/common.h"
#include "cli/experiment_file.h"
#include "core/param_docs.h"
#include "dse/metrics.h"
#include "dse/space.h"
#include "dse/strategy.h"
#include "core/unit_parse.h"
#include "hardware/device.h"
#include "model/hf_config.h"
#include "perf/collective.h"
#include "perf/perf_engine.h"
#include "scenario/engine_profile.h"
#include "scenario/scenario_fields.h"
#include "serving/generators.h"
#include "serving/router.h"
#include "serving/scheduler.h"
#include "serving/shipped_data.h"
#include "serving/workload.h"

namespace servesim::cli {
namespace {

// Each entry's name and summary, then its parameters (name, type, default, range, help).
template <class Registry>
void print_registry(const Registry& r) {
  for (const auto& e : r.entries()) {
    fmt::print("{:<18} {}\n", e.name, e.summary);
    fmt::print("{}", core::plain_list(e.params, "    "));
  }
}

// A markdown table of a registry, then its entries' parameter tables (one for consecutive entries
// with the same parameters), for docs/config-reference.md; `where` says how a scenario uses it.
template <class Registry>
void print_markdown(const char* title, const Registry& r, std::string_view where = {}) {
  fmt::print("### {} ({})\n\n", title, r.family());
  if (!where.empty()) fmt::print("{}\n\n", where);
  fmt::print("| name | what it is |\n|---|---|\n");
  for (const auto& e : r.entries()) fmt::print("| `{}` | {} |\n", e.name, e.summary);
  fmt::print("\n");
  const auto& entries = r.entries();
  for (std::size_t first = 0, end = 0; first < entries.size(); first = end) {
    const std::string table = core::markdown_table(entries[first].params);
    std::string names;
    for (end = first; end < entries.size() && core::markdown_table(entries[end].params) == table;
         ++end) {
      names += fmt::format("{}`{}`", names.empty() ? "" : ", ", entries[end].name);
    }
    if (!table.empty()) fmt::print("Parameters of {}:\n\n{}\n", names, table);
  }
}

// `text` as one markdown table cell: its pipes ("true | false") escaped.
std::string table_cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// The fields a file or what-if may set under `prefix` ("" for all), as a markdown table.
void print_fields_markdown(const std::vector<core::FieldDoc>& fields, const std::string& prefix) {
  fmt::print("| field | takes | required |\n|---|---|---|\n");
  for (const core::FieldDoc& f : fields) {
    if (f.path.rfind(prefix, 0) != 0) continue;
    fmt::print("| `{}` | {} | {} |\n", f.path, table_cell(f.takes), f.required ? "yes" : "");
  }
  fmt::print("\n");
}

// Each perf engine with the device fields its parameters are.
void print_perf_engines() {
  const auto fields = hardware::device_fields().docs();
  for (const auto& e : perf::perf_engines().entries()) {
    fmt::print("{:<18} {}\n    parameters: the device's {}.* fields\n", e.name, e.summary,
               e.value.device_fields);
    for (const core::FieldDoc& f : fields) {
      if (f.path.rfind(e.value.device_fields, 0) == 0) fmt::print("    {:<48} {}\n", f.path, f.takes);
    }
  }
}

// The registries and the device fields as markdown (docs/config-reference.md embeds this output;
// a test compares them).
void print_reference() {
  fmt::print("### Scenario fields (`servesim run FILE`, `--config FILE`; explore parameters)\n\n");
  print_fields_markdown(scenario::scenario_fields().docs(), "");
  fmt::print("### Device fields (`configs/devices/NAME.yaml`; what-ifs: `hardware.overrides`, "
             "`--set FIELD=VALUE`)\n\n");
  print_fields_markdown(hardware::device_fields().docs(), "");
  print_markdown("Model families", model::model_families());
  print_markdown("Perf engines", perf::perf_engines(),
                 "An op is priced by the first engine that applies to it on the device; an "
                 "engine's parameters are the device fields of its section in the table above "
                 "(`calibration.*`, `compute.template.*`, `memory.pim.*`).");
  print_markdown("Collective algorithms", perf::collective_algorithms());
  print_markdown("Schedulers", serving::schedulers(),
                 "`serving.scheduler` names one; its parameters are keys of `serving` beside it, "
                 "or of a mapping `serving.scheduler: {name: NAME, ...}`.");
  print_markdown("Routers", serving::routers(),
                 "`serving.router` names one, or is a mapping `{name: NAME, ...}` with its "
                 "parameters.");
  print_markdown("Workload generators", serving::generators(),
                 "`workload.generator: {kind: KIND, ...}` with the kind's parameters, or the text "
                 "`KIND:key=value,...` wherever a trace is named (`poisson:rate=4,requests=1000`). "
                 "A length is `N`, `uniform:A:B`, `exp:MEAN` or `lognormal:MEAN:CV`.");
  print_markdown("Trace formats", serving::trace_readers());
  print_markdown("Search strategies", dse::strategies(),
                 "`strategy: {name: NAME, ...}` in a space file (`servesim explore`), with the "
                 "strategy's parameters.");
  fmt::print("### Metrics (metric)\n\nWhat a space's `constraints` and `objectives` name; a "
             "metric the analytic estimate lacks is screened by its proxy.\n\n"
             "| name | unit | better | screened by | what it is |\n|---|---|---|---|---|\n");
  for (const auto& e : dse::metrics().entries()) {
    fmt::print("| `{}` | {} | {} | {} | {} |\n", e.name, e.value.unit,
               e.value.better == dse::Better::higher ? "higher" : "lower",
               e.value.estimate_proxy ? fmt::format("`{}`", e.value.estimate_proxy) : "",
               e.summary);
  }
  fmt::print("\n");
  fmt::print("### Scale-up topologies\n\n| name | what it is |\n|---|---|\n");
  for (const auto& t : hardware::topologies()) fmt::print("| `{}` | {} |\n", t.name, t.summary);
}

}  // namespace

void ListOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("list", "list models, devices, systems, families, collectives");
  cmd->add_option("what", what,
                  "models|devices|systems|scenarios|experiments|families|perf-engines|collectives|"
                  "schedulers|routers|generators|traces|topologies|device-fields|scenario-fields|"
                  "spaces|strategies|metrics|engines|reference")
      ->required()
      ->check(CLI::IsMember({"models", "devices", "systems", "scenarios", "experiments", "families",
                             "perf-engines", "collectives", "schedulers", "routers", "generators",
                             "traces", "topologies", "device-fields", "scenario-fields",
                             "spaces", "strategies", "metrics", "engines", "reference"}));
  command = cmd;
}

int run_list(const ListOptions& o, const scenario::Environment& env) {
  if (o.what == "models") {
    for (const auto& name : env.root.shipped_names("models", ".json")) {
      const model::ModelSpec m = model::load_model(name, env.root);
      const model::ParameterCount p = model::count_parameters(m);
      fmt::print("{:<18} {:<12} {:>7.1f} B params ({:.1f} B active)  {} layers, hidden {}\n", name,
                 m.family, p.total / 1e9, p.active / 1e9, m.layers, m.hidden);
    }
  } else if (o.what == "devices") {
    for (const auto& name : env.root.shipped_names("devices", ".yaml")) {
      const hardware::Device d =
          hardware::derive(hardware::load_device(name, env.root), env.process_table);
      fmt::print("{:<16} {:>13} {:>11} {:>10}  {}\n", name,
                 core::format_rate(d.peak_for(core::DType::bf16)),
                 core::format_bandwidth(d.memory_bandwidth), core::format_bytes(d.memory_capacity),
                 d.description);
    }
  } else if (o.what == "systems") {
    for (const auto& name : env.root.shipped_names("systems", ".yaml")) fmt::print("{}\n", name);
    fmt::print("(any DEVICE:COUNT also names a system, e.g. h100-sxm-80g:8)\n");
  } else if (o.what == "scenarios") {
    for (const auto& name : env.root.shipped_names("scenarios", ".yaml")) fmt::print("{}\n", name);
    fmt::print("(run one with: servesim run NAME)\n");
  } else if (o.what == "experiments") {
    for (const auto& name : env.root.shipped_names("experiments", ".yaml")) {
      fmt::print("{:<12} {}\n", name, load_experiment(name, env.root).description);
    }
    fmt::print("(run one with: servesim experiment NAME)\n");
  } else if (o.what == "families") {
    print_registry(model::model_families());
  } else if (o.what == "reference") {
    print_reference();
  } else if (o.what == "topologies") {
    for (const auto& t : hardware::topologies()) fmt::print("{:<18} {}\n", t.name, t.summary);
    fmt::print("{:<18} {}\n", "(scale-out)",
               "nodes joined by one NIC per device on a non-blocking fat-tree (InfiniBand, "
               "Ethernet); host links (PCIe, CXL) per device");
  } else if (o.what == "spaces") {
    for (const auto& name : env.root.shipped_names("spaces", ".yaml")) {
      fmt::print("{:<16} {}\n", name, dse::load_space(name, env.root).description);
    }
    fmt::print("(search one with: servesim explore NAME)\n");
  } else if (o.what == "engines") {
    for (const auto& name : scenario::engine_profile_names(env.root)) {
      fmt::print("{:<12} {}\n", name, scenario::load_engine_profile(name, env.root).description);
    }
    fmt::print("(use one with: engine: {{profile: NAME}} in a scenario, or --engine NAME)\n");
  } else if (o.what == "strategies") {
    print_registry(dse::strategies());
  } else if (o.what == "metrics") {
    for (const auto& e : dse::metrics().entries()) {
      fmt::print("{:<28} {:<10} {:<7} {}\n", e.name, e.value.unit,
                 e.value.better == dse::Better::higher ? "higher" : "lower", e.summary);
    }
  } else if (o.what == "perf-engines") {
    print_perf_engines();
  } else if (o.what == "device-fields" || o.what == "scenario-fields") {
    const auto fields = o.what == "device-fields" ? hardware::device_fields().docs()
                                                  : scenario::scenario_fields().docs();
    for (const core::FieldDoc& f : fields) {
      fmt::print("{:<52} {}{}\n", f.path, f.takes, f.required ? " (required)" : "");
    }
  } else if (o.what == "collectives") {
    print_registry(perf::collective_algorithms());
  } else if (o.what == "schedulers") {
    print_registry(serving::schedulers());
  } else if (o.what == "routers") {
    print_registry(serving::routers());
  } else if (o.what == "generators") {
    print_registry(serving::generators());
    fmt::print(
        "(--trace KIND:key=value,..., e.g. poisson:rate=4,requests=1000,input=exp:256; a "
        "length is N, uniform:A:B, exp:MEAN or lognormal:MEAN:CV)\n");
  } else {
    print_registry(serving::trace_readers());
    fmt::print("shipped traces (--trace NAME):\n");
    print_registry(serving::shipped_traces());
    fmt::print("synthetic (--trace KIND:key=value,...): {} (servesim list generators)\n",
               serving::generators().joined_names());
    fmt::print("servegen:DIR: a ServeGen descriptor directory (chunk-N-trace.csv, "
               "chunk-N-dataset.json)\n");
  }
  return kExitOk;
}

}  // namespace servesim::cli
