// The scenario layer: scenario files load with every field checked and write back to the same
// scenario; evaluate() returns metrics or a typed infeasibility, never an exception for a design;
// independent evaluations on threads equal the serial ones; lower layers' errors name the
// scenario's fields and file.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "scenario/evaluate.h"
#include "scenario/evaluation_json.h"
#include "scenario/scenario_fields.h"
#include "scenario/scenario_yaml.h"
#include "serving/generators.h"
#include "support/temp_file.h"
#include "support/shipped_hardware.h"

namespace servesim::scenario {
namespace {

ScenarioSpec from_yaml(const std::string& text) { return parse_scenario_text(text, "s.yaml", false); }

std::string error_of(const std::string& text) {
  try {
    (void)from_yaml(text);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

const char* kFull = R"(model: {name: llama-3.1-8b, max_context: 65536}
dtypes: {weights: fp8, activations: bf16, kv: fp8}
hardware:
  system: "h100-sxm-80g:2"
  overrides: {memory.bandwidth: "3000 GB/s"}
  use_pim: false
  pim_sub_batches: 1
mapping: {tp: 2, pp: 1, ep: 1, dp_attention: false, overlap_all_reduce: true,
          two_batch_overlap: false, redundant_experts: 0, expert_skew: 1.5,
          expert_routing: "zipf:1.1"}
workload:
  generator: {kind: gamma, rate: 3.5, cv: 2, requests: 40, input: "uniform:100:200", output: "exp:50"}
  rate_scale: 2
  max_requests: 30
  duration: 600 s
  skip_bad_rows: true
batch: {size: max, input: 256, output: 64, prefill_chunk: 1024}
serving: {scheduler: sarathi, router: least-outstanding, replicas: 1, max_num_seqs: 64,
          max_num_batched_tokens: 2048, preemption: swap, admission: full-sequence,
          kv_memory: free, block_size: 32, pim_balanced_chunks: false}
engine: {memory_utilization: 0.8, step_overhead: 2 ms, step_overhead_per_sequence: 5 us,
         fusions: {norm_residual: true}, all_reduce: nccl, custom_all_reduce_max: 4 MiB,
         eager_launch: 3 us}
slo: {ttft: 2 s, tpot: 80 ms}
constraints: {max_power: 5 kW, max_area: 4000 mm2, max_temperature: 95 C}
seed: 7
fidelity: estimate
)";

TEST(ScenarioFile, EveryFieldLoadsAndWritesBackToTheSameScenario) {
  const ScenarioSpec s = from_yaml(kFull);
  EXPECT_EQ(s.model.max_context, 65536);
  EXPECT_EQ(s.dtypes.weights, core::DType::fp8);
  EXPECT_EQ(s.hardware.overrides,
            (hardware::DeviceEdits{{"memory.bandwidth", "3000 GB/s"}}));
  EXPECT_FALSE(s.hardware.use_pim);
  EXPECT_DOUBLE_EQ(s.mapping.expert_skew, 1.5);
  EXPECT_EQ(s.mapping.expert_routing, "zipf:1.1");
  EXPECT_EQ(s.engine.fusions.norm_residual, true);
  EXPECT_FALSE(s.engine.fusions.rope_attention.has_value());
  EXPECT_EQ(s.engine.all_reduce, model::AllReduceImpl::nccl);
  EXPECT_DOUBLE_EQ(s.engine.custom_all_reduce_max->value(), 4 * core::kMiB);
  EXPECT_DOUBLE_EQ(s.engine.eager_launch->value(), 3e-6);
  ASSERT_TRUE(s.workload.generator.has_value());
  EXPECT_EQ(s.workload.generator->name, "gamma");
  EXPECT_DOUBLE_EQ(s.workload.generator->params.number("cv"), 2.0);
  EXPECT_DOUBLE_EQ(s.workload.duration->value(), 600.0);
  EXPECT_TRUE(s.batch.largest_fitting);
  EXPECT_EQ(s.serving.scheduler.params.text("preemption"), "swap");
  EXPECT_DOUBLE_EQ(s.engine.step_overhead_per_sequence->value(), 5e-6);
  EXPECT_DOUBLE_EQ(s.slo.tpot->value(), 0.08);
  EXPECT_DOUBLE_EQ(s.constraints.max_power->value(), 5000.0);
  EXPECT_NEAR(s.constraints.max_area->value(), 4000e-6, 1e-15);
  EXPECT_NEAR(core::to_celsius(*s.constraints.max_temperature), 95.0, 1e-9);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.fidelity, Fidelity::estimate);
  // Written and read again: the same scenario, field by field, and the same text.
  const std::string yaml = scenario_yaml(s);
  const ScenarioSpec again = from_yaml(yaml);
  EXPECT_EQ(scenario_json(again).dump(), scenario_json(s).dump());
  EXPECT_EQ(scenario_yaml(again), yaml);
}

TEST(ScenarioFile, ASchedulerOrRouterMayCarryItsParametersInAMapping) {
  const std::string head = "model: llama-3.1-8b\nhardware: {system: \"h100-sxm-80g:1\"}\n";
  const ScenarioSpec nested =
      from_yaml(head + "serving: {scheduler: {name: orca, max_num_seqs: 12, preemption: swap}}\n");
  const ScenarioSpec flat =
      from_yaml(head + "serving: {scheduler: orca, max_num_seqs: 12, preemption: swap}\n");
  EXPECT_EQ(nested.serving.scheduler, flat.serving.scheduler);
  EXPECT_EQ(nested.serving.scheduler.params.integer("max_num_seqs"), 12);
  EXPECT_EQ(scenario_yaml(nested), scenario_yaml(flat));  // written back in the flat form
  // Parameters without a name keep the default scheduler.
  EXPECT_EQ(from_yaml(head + "serving: {max_num_seqs: 3}\n").serving.scheduler.name, "vllm");
  // A router without parameters is written back as its name.
  const ScenarioSpec router = from_yaml(head + "serving: {router: {name: kv-aware}}\n");
  EXPECT_EQ(router.serving.router.name, "kv-aware");
  EXPECT_EQ(scenario_json(router)["serving"]["router"], "kv-aware");
}

TEST(ScenarioFile, NonDefaultPolicyParametersWriteBackAndReadAgainUnchanged) {
  const ScenarioSpec s = from_yaml(
      "model: llama-3.1-8b\nhardware: {system: \"h100-sxm-80g:1\"}\n"
      "workload: {generator: {kind: reasoning, rate: 7.5, cv: 1.5, requests: 12, "
      "output: \"lognormal:300:2\"}}\n"
      "serving: {scheduler: {name: static, max_num_seqs: 3, preemption: swap}, "
      "router: {name: least-outstanding}}\n");
  const ScenarioSpec again = from_yaml(scenario_yaml(s));
  ASSERT_TRUE(again.workload.generator.has_value());
  EXPECT_EQ(*again.workload.generator, *s.workload.generator);
  EXPECT_EQ(again.workload.generator->params.text("output"), "lognormal:300:2");
  EXPECT_FALSE(again.workload.generator->params.has("input"));  // still the ServeGen PMF
  EXPECT_EQ(again.serving.scheduler, s.serving.scheduler);
  EXPECT_EQ(again.serving.scheduler.params.integer("max_num_seqs"), 3);
  EXPECT_EQ(again.serving.router, s.serving.router);
  EXPECT_EQ(scenario_yaml(again), scenario_yaml(s));
  // The flat form keeps every key of `serving` distinct from the scheduler's parameters.
  for (const auto& e : serving::schedulers().entries()) {
    for (const char* key :
         {"scheduler", "router", "replicas", "kv_memory", "block_size", "pim_balanced_chunks"}) {
      EXPECT_EQ(e.params.find(key), nullptr) << e.name << " " << key;
    }
  }
}

// Sets one field; returns the problems ("" when none).
std::string set(ScenarioSpec& s, const std::string& path, const std::string& value) {
  core::Diagnostics diag("space.yaml");
  set_scenario_field(s, path, value, diag);
  std::string out;
  for (const auto& d : diag.errors()) out += d.to_string() + "\n";
  return out;
}

TEST(ScenarioFields, AnyFieldIsSetByItsPathWithTheFilesChecks) {
  ScenarioSpec s = from_yaml(kFull);
  EXPECT_EQ(set(s, "mapping.tp", "4"), "");
  EXPECT_EQ(s.mapping.tp, 4);
  EXPECT_EQ(set(s, "model", "llama-3.1-70b"), "");
  EXPECT_EQ(s.model.name, "llama-3.1-70b");
  EXPECT_EQ(set(s, "model.max_context", "4096"), "");
  EXPECT_EQ(s.model.max_context, 4096);
  EXPECT_EQ(set(s, "hardware.overrides.memory.bandwidth", "4 TB/s"), "");
  EXPECT_EQ(set(s, "hardware.overrides.compute.units", "100"), "");
  EXPECT_EQ(s.hardware.overrides, (hardware::DeviceEdits{{"memory.bandwidth", "4 TB/s"},
                                                         {"compute.units", "100"}}));
  EXPECT_EQ(set(s, "serving.max_num_seqs", "128"), "");
  EXPECT_EQ(set(s, "serving.scheduler", "vllm"), "");  // keeps the settings the two share
  EXPECT_EQ(s.serving.scheduler.name, "vllm");
  EXPECT_EQ(s.serving.scheduler.params.integer("max_num_seqs"), 128);
  EXPECT_EQ(set(s, "workload.generator.rate", "9"), "");
  EXPECT_DOUBLE_EQ(s.workload.generator->params.number("rate"), 9);
  EXPECT_EQ(set(s, "workload.generator.kind", "poisson"), "");
  EXPECT_DOUBLE_EQ(s.workload.generator->params.number("rate"), 9);
  EXPECT_EQ(set(s, "batch.size", "16"), "");
  EXPECT_FALSE(s.batch.largest_fitting);
  EXPECT_EQ(set(s, "slo.ttft", "500 ms"), "");
  EXPECT_DOUBLE_EQ(s.slo.ttft->value(), 0.5);
  EXPECT_EQ(set(s, "fidelity", "simulate"), "");
  EXPECT_EQ(s.fidelity, Fidelity::simulate);
  // What is set writes back and reads again to the same scenario.
  EXPECT_EQ(scenario_json(from_yaml(scenario_json(s).dump())), scenario_json(s));
}

TEST(ScenarioFields, BadPathsAndValuesAreNamed) {
  ScenarioSpec s = from_yaml(kFull);
  EXPECT_NE(set(s, "maping.tp", "4").find("maping: is not a field (did you mean 'mapping'?"),
            std::string::npos);
  EXPECT_NE(set(s, "mapping.tp", "0").find("mapping.tp: must be >= 1, got 0"), std::string::npos);
  EXPECT_NE(set(s, "mapping", "4").find("mapping: is a mapping"), std::string::npos);
  EXPECT_NE(set(s, "hardware.overrides.memory.bandwith", "1 TB/s")
                .find("hardware.overrides.memory.bandwith: is not a device field (did you mean "
                      "'memory.bandwidth'?"),
            std::string::npos);
  EXPECT_NE(set(s, "serving.max_num_seq", "4").find("serving.max_num_seq: is not a field"),
            std::string::npos);
  EXPECT_NE(set(s, "workload.generator.ratee", "4").find("gamma has no parameter \"ratee\""),
            std::string::npos);
  EXPECT_NE(set(s, "slo.ttft", "5").find("slo.ttft: \"5\""), std::string::npos);
  EXPECT_NE(set(s, "batch.size", "many").find("\"many\" is neither an integer >= 1 nor max"),
            std::string::npos);
  EXPECT_NE(set(s, "hardware.pim_sub_batches", "3").find("must be 1 (serial) or 2"),
            std::string::npos);
}

TEST(ScenarioFields, TheReferenceListsEveryField) {
  std::vector<std::string> paths;
  for (const core::FieldDoc& d : scenario_fields().docs()) paths.push_back(d.path);
  for (const char* path : {"model.name", "dtypes.kv", "hardware.overrides.FIELD", "mapping.tp",
                           "disaggregation.decode_tp", "workload.generator.kind", "batch.size",
                           "serving.scheduler", "engine.step_overhead", "slo.tpot",
                           "constraints.max_area", "seed", "fidelity"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), path), paths.end()) << path;
  }
}

TEST(ScenarioFile, OnlyTheModelAndTheSystemAreRequired) {
  const ScenarioSpec s = from_yaml("model: llama-3.1-8b\nhardware: {system: \"h100-sxm-80g:1\"}\n");
  EXPECT_EQ(s.model.name, "llama-3.1-8b");
  EXPECT_EQ(s.serving.scheduler.name, "vllm");
  EXPECT_EQ(s.fidelity, Fidelity::simulate);
  EXPECT_NE(error_of("hardware: {system: x}\n").find("s.yaml:1: error: model: is required"),
            std::string::npos);
  EXPECT_NE(error_of("model: m\n").find("hardware: is required"), std::string::npos);
}

struct BadField {
  const char* yaml;
  const char* message;
};

TEST(ScenarioFile, BadFieldsNameThePathTheLineAndTheFix) {
  const std::string head = "model: llama-3.1-8b\nhardware: {system: \"h100-sxm-80g:1\"}\n";
  const BadField cases[] = {
      {"mapping: {tq: 2}\n", "s.yaml:3: error: mapping.tq: unknown key (did you mean 'tp'?)"},
      {"servng: {}\n", "servng: unknown key (did you mean 'serving'?)"},
      {"serving: {scheduler: sarathy}\n",
       "serving.scheduler: unknown scheduler 'sarathy' (did you mean 'sarathi'?"},
      {"serving: {router: random}\n", "serving.router: unknown router 'random'"},
      {"serving: {preemption: drop}\n", "serving.preemption: unknown preemption \"drop\""},
      {"serving: {max_num_seqs: 0}\n",
       "s.yaml:3: error: serving.max_num_seqs: must be >= 1, got 0"},
      {"serving: {scheduler: {name: orca, max_num_seq: 4}}\n",
       "serving.scheduler.max_num_seq: unknown key (did you mean 'max_num_seqs'?)"},
      {"serving: {scheduler: {name: orca}, max_num_seqs: 4}\n",
       "serving.max_num_seqs: unknown key"},
      {"serving: {router: {name: kv-aware, depth: 2}}\n", "serving.router.depth: unknown key"},
      {"dtypes: {weights: fp6}\n", "dtypes.weights: unknown data type \"fp6\""},
      {"mapping: {tp: 0}\n", "mapping.tp: must be >= 1"},
      {"mapping: {expert_skew: 0.5}\n", "mapping.expert_skew: must be >= 1"},
      {"engine: {memory_utilization: 1.5}\n", "engine.memory_utilization: must be a fraction"},
      {"engine: {step_overhead: 3}\n", "engine.step_overhead: \"3\" a bare number has no unit"},
      {"slo: {ttft: fast}\n", "slo.ttft: \"fast\""},
      {"workload: {generator: {kind: zipf}}\n", "workload.generator.kind: unknown workload kind"},
      {"workload: {generator: {kind: poisson}}\n",
       "workload.generator.rate: is required but missing"},
      {"workload: {generator: {kind: offline, rate: 2}}\n",
       "s.yaml:3: error: workload.generator.rate: unknown key (known keys: kind, requests, input, "
       "output)"},
      {"workload: {generator: {kind: poisson, rate: 2, requets: 5}}\n",
       "workload.generator.requets: unknown key (did you mean 'requests'?)"},
      {"workload: {generator: {kind: gamma, rate: 2, cv: 0}}\n",
       "workload.generator.cv: must be > 0, got 0"},
      {"workload: {generator: {kind: poisson, rate: 1, input: \"normal:5\"}}\n",
       "workload.generator.input:"},
      {"workload: {trace: azure-conv, generator: {kind: offline}}\n",
       "workload.generator: a workload has either a trace or a generator, not both"},
      {"workload: {rate_scale: 0}\n", "workload.rate_scale: must be > 0"},
      {"fidelity: exact\n", "fidelity: unknown fidelity \"exact\""},
      {"constraints: {max_power: 5 GB}\n", "constraints.max_power:"},
      {"seed: -1\n", "seed: must be >= 0"},
  };
  for (const BadField& c : cases) {
    const std::string e = error_of(head + c.yaml);
    EXPECT_NE(e.find(c.message), std::string::npos) << c.yaml << "\n" << e;
  }
  EXPECT_NE(error_of("model: m\nhardware: {system: x, pim_sub_batches: 3}\n")
                .find("hardware.pim_sub_batches: must be 1 (serial) or 2"),
            std::string::npos);
}

TEST(ScenarioFile, EveryShippedScenarioLoadsAndIsFeasible) {
  int shipped = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(SERVESIM_SOURCE_DIR) + "/configs/scenarios")) {
    const ScenarioSpec s = load_scenario(entry.path().string());
    for (Fidelity f : {Fidelity::estimate, Fidelity::simulate}) {
      const Evaluation e = evaluate(s, f, testing::environment());
      EXPECT_TRUE(e.feasible()) << entry.path() << " " << to_string(f);
    }
    ++shipped;
  }
  EXPECT_GE(shipped, 2);
}

ScenarioSpec small(Fidelity fidelity = Fidelity::simulate) {
  ScenarioSpec s;
  s.model.name = "llama-3.1-8b";
  s.hardware.system = "h100-sxm-80g:1";
  s.workload.generator =
      serving::parse_synthetic("poisson:rate=20,requests=60,input=200,output=20", "test", "small");
  s.fidelity = fidelity;
  return s;
}

TEST(Evaluate, BothFidelitiesFillTheCommonFigures) {
  for (Fidelity f : {Fidelity::estimate, Fidelity::simulate}) {
    const Evaluation e = evaluate(small(f), testing::environment());
    ASSERT_TRUE(e.feasible()) << to_string(f);
    const Metrics& m = e.metrics();
    EXPECT_EQ(m.fidelity, f);
    EXPECT_EQ(m.devices, 1);
    EXPECT_GT(m.output_tokens_per_s, 0);
    EXPECT_GT(m.ttft_mean.value(), 0);
    EXPECT_GT(m.tpot_mean.value(), 0);
    EXPECT_GT(m.joules_per_output_token, 0);
    EXPECT_GT(m.average_power.value(), 0);
    EXPECT_EQ(m.batch.has_value(), f == Fidelity::estimate);
    EXPECT_EQ(m.serve.has_value(), f == Fidelity::simulate);
    if (m.serve) {
      EXPECT_EQ(m.serve->completed, 60);
    }
    const auto doc = evaluation_json(e);
    EXPECT_EQ(doc["scenario"]["fidelity"], to_string(f));
    EXPECT_FALSE(doc["provenance"]["version"].get<std::string>().empty());
  }
}

void expect_infeasible(const ScenarioSpec& s, InfeasibilityKind kind, const std::string& field,
                       const std::string& reason) {
  const Evaluation e = evaluate(s, testing::environment());
  ASSERT_FALSE(e.feasible()) << to_string(kind);
  EXPECT_EQ(e.infeasibility().kind, kind);
  EXPECT_EQ(e.infeasibility().field, field);
  EXPECT_NE(e.infeasibility().reason.find(reason), std::string::npos) << e.infeasibility().reason;
  EXPECT_EQ(infeasibility_json(e)["infeasible"], to_string(kind));
}

TEST(Evaluate, InvalidMappingIsAValueWithItsReason) {
  ScenarioSpec s = small();
  s.hardware.system = "h100-sxm-80g:8";
  s.mapping.tp = 3;
  expect_infeasible(s, InfeasibilityKind::invalid_mapping, "mapping",
                    "TP 3 does not divide the 32 attention heads");
  s.mapping.tp = 2;
  s.serving.replicas = 5;
  expect_infeasible(s, InfeasibilityKind::invalid_mapping, "serving.replicas",
                    "5 replicas of 2 devices do not fit");
  s.serving.replicas = 1;
  s.disaggregation = DisaggregationSpec{3, 2, "", {}, {}, {}};
  expect_infeasible(s, InfeasibilityKind::invalid_mapping, "disaggregation", "do not fit");
}

TEST(Evaluate, DoesNotFitIsAValueAtBothFidelities) {
  ScenarioSpec s = small(Fidelity::estimate);
  s.model.name = "llama-3.1-70b";
  expect_infeasible(s, InfeasibilityKind::does_not_fit, "batch", "does not fit: needs 131.5 GiB");
  EXPECT_TRUE(evaluate(s, testing::environment()).infeasibility().memory.has_value());
  s.fidelity = Fidelity::simulate;
  expect_infeasible(s, InfeasibilityKind::does_not_fit, "engine.memory_utilization",
                    "does not fit");
}

TEST(Evaluate, ExceedingAConstraintIsAValueWithTheNumbers) {
  ScenarioSpec s = small();
  s.constraints.max_power = core::Watts(600);
  expect_infeasible(s, InfeasibilityKind::exceeds_power, "constraints.max_power",
                    "peak power 700 W exceeds the limit of 600 W");
  s.constraints = {};
  s.constraints.max_area = core::Area(800e-6);
  expect_infeasible(s, InfeasibilityKind::exceeds_area, "constraints.max_area",
                    "silicon area 814 mm² exceeds the limit of 800 mm²");
  ScenarioSpec hot = small();
  hot.model.name = "llama-3.1-8b";
  hot.hardware.system = "lamosys-dc:1";
  hot.constraints.max_temperature = core::celsius(60);
  expect_infeasible(hot, InfeasibilityKind::exceeds_temperature, "constraints.max_temperature",
                    "DRAM temperature 65.0 °C exceeds the limit of 60.0 °C");
  hot.constraints.max_temperature = core::celsius(85);
  EXPECT_TRUE(evaluate(hot, Fidelity::estimate, testing::environment()).feasible());
}

TEST(Evaluate, ALimitTheDeviceCannotBeCheckedAgainstIsAnInputError) {
  ScenarioSpec s = small();
  s.constraints.max_temperature = core::celsius(90);
  s.origin = "mine.yaml";
  try {
    (void)evaluate(s, testing::environment());
    FAIL() << "expected an InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("mine.yaml: error: constraints.max_temperature: no device "
                                         "of the deployment has a DRAM temperature"),
              std::string::npos)
        << e.what();
  }
}

TEST(Evaluate, LowerLayersErrorsNameTheScenarioFieldAndFile) {
  const auto error = [](ScenarioSpec s) -> std::string {
    s.origin = "mine.yaml";
    try {
      (void)evaluate(s, testing::environment());
    } catch (const core::InputError& e) {
      return e.what();
    }
    return "";
  };
  ScenarioSpec s = small();
  s.hardware.system = "h100-sxm-80g:12";
  EXPECT_NE(error(s).find("mine.yaml: error: hardware.system: 12 devices do not fill whole nodes"),
            std::string::npos)
      << error(s);
  s = small();
  s.hardware.overrides = {{"memory.bandwith", "1 TB/s"}};
  EXPECT_NE(error(s).find("mine.yaml: error: hardware.overrides.memory.bandwith: is not a field "
                          "(did you mean 'bandwidth'?"),
            std::string::npos)
      << error(s);
  s = small();
  s.serving.scheduler.name = "fifo";
  EXPECT_NE(error(s).find("mine.yaml: error: serving.scheduler: unknown scheduler 'fifo'"),
            std::string::npos)
      << error(s);
  s = small();
  s.model.name = "qwen3-235b-a22b";
  s.hardware.system = "dgx-h100x2";
  s.mapping = {2, 1, 16, true, false, false, 0, 100.0, std::nullopt};
  EXPECT_NE(error(s).find("mine.yaml: error: mapping.expert_skew: 100 exceeds E/k = 16"),
            std::string::npos)
      << error(s);
  s.mapping = {2, 1, 16, true, false, false, 0, 1.5, "zipf:1"};
  EXPECT_NE(error(s).find("mapping.expert_routing: and mapping.expert_skew both describe"),
            std::string::npos)
      << error(s);
  s.mapping = {2, 1, 16, true, false, false, 0, 1.0, "histogram:1/2"};
  EXPECT_NE(error(s).find("mapping.expert_routing: the histogram has 2 weights for 128 experts"),
            std::string::npos)
      << error(s);
  s = small();
  s.mapping.expert_routing = "zipf:1";
  EXPECT_NE(error(s).find("mapping.expert_routing: applies to MoE models only"), std::string::npos)
      << error(s);
  s = small();
  s.serving.pim_balanced_chunks = true;
  EXPECT_NE(error(s).find("serving.pim_balanced_chunks: needs a device with a PIM engine"),
            std::string::npos);
  s = small();
  s.workload.generator.reset();
  EXPECT_NE(error(s).find("workload: has neither a trace nor a generator"), std::string::npos);
}

TEST(Evaluate, SixteenScenariosOnTwoThreadsGiveTheSerialResults) {
  std::vector<ScenarioSpec> specs;
  for (int i = 0; i < 16; ++i) {
    ScenarioSpec s = small(i % 4 == 3 ? Fidelity::estimate : Fidelity::simulate);
    s.model.name = i % 2 ? "llama-3.1-8b" : "mistral-7b";
    s.serving.scheduler = serving::schedulers().select(i % 3 ? "vllm" : "sarathi");
    s.workload.generator->params.set("rate", 5.0 + i);
    s.seed = static_cast<std::uint64_t>(i);
    s.batch.size = 1 + i;
    specs.push_back(s);
  }
  std::vector<std::string> serial;
  for (const ScenarioSpec& s : specs) serial.push_back(evaluation_json(evaluate(s, testing::environment())).dump());
  const std::vector<Evaluation> parallel = evaluate_all(specs, testing::environment(), 2);
  ASSERT_EQ(parallel.size(), specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    EXPECT_EQ(evaluation_json(parallel[i]).dump(), serial[i]) << i;
  }
  // Different scenarios give different results (the comparison above could not pass vacuously).
  EXPECT_NE(serial[0], serial[1]);
}

TEST(Evaluate, EvaluateAllRethrowsTheFirstBadInputInInputOrder) {
  std::vector<ScenarioSpec> specs(3, small());
  specs[1].model.name = "no-such-model";
  specs[1].origin = "second";
  specs[2].model.name = "another-missing-model";
  specs[2].origin = "third";
  try {
    (void)evaluate_all(specs, testing::environment(), 2);
    FAIL() << "expected an InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-model"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace servesim::scenario
