// Helpers shared by the subcommands: turning command-line values into specs, with errors that
// name the flag (InputError from "<command line>").
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "core/dtype.h"
#include "hardware/system_spec.h"
#include "mapping/plan.h"
#include "model/model_spec.h"
#include "model/step_ops.h"
#include "perf/economics.h"
#include "perf/step_model.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <utility>

namespace servesim::cli {

/// Exit codes of the command-line contract.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitDoesNotFit = 3;

/// The economics of a result as JSON (null where the device lacks an area or a price) and as one
/// line for people.
nlohmann::ordered_json economics_json(const perf::Economics& e);
std::string economics_line(const perf::Economics& e);

/// "TP8 PP1", "TP1 EP32 DP-attention PP1": how a plan is printed.
std::string describe(const mapping::Plan& plan);

core::DType parse_dtype_flag(const std::string& flag, const std::string& value);

/// The mapping flags shared by estimate and serve.
struct MappingFlags {
  mapping::Plan layout;  // --tp, --pp, --ep, --dp-attention, the overlap flags, --redundant-experts
  double expert_skew = 1.0;
  std::int64_t pim_sub_batches = 2;
  bool no_pim = false;
  std::int64_t max_context = 0;  // > 0: overrides the model's context window (a what-if)
  std::vector<std::string> device_overrides;  // --set KEY=VALUE on the device YAML
  void add_to(CLI::App& command);
  /// The plan, or InputError naming the flag and the reason when the plan cannot run.
  [[nodiscard]] mapping::Plan plan(const model::ModelSpec& m, const hardware::SystemSpec& system,
                                   const std::string& flags = "--tp/--pp/--ep/--dp-attention") const;
  /// Sets the model-level options of the flags (expert skew) on `config`.
  void apply(model::StepOpsConfig& config) const;
  /// The system as priced: without its PIM engines under --no-pim.
  [[nodiscard]] hardware::SystemSpec applied(hardware::SystemSpec system) const;
  [[nodiscard]] perf::PimSchedule pim_schedule() const { return {pim_sub_batches}; }
};

/// The model, system and plan that --model, --system, the mapping and the data-type flags name.
struct Deployment {
  model::ModelSpec model;
  hardware::SystemSpec system;
  mapping::Plan plan;
  model::StepOpsConfig ops;
  perf::PimSchedule pim;
};

/// Loads and validates a deployment; InputError for any bad flag or file.
Deployment resolve_deployment(const std::string& model_name, const std::string& system_name,
                              const MappingFlags& mapping, const struct DTypeFlags& dtypes);

/// Prefill/decode disaggregation flags shared by estimate and serve: --pd PxD and the decode
/// pool's system and mapping (each defaults to the prefill pool's).
struct DisaggregationFlags {
  std::string pd;
  std::string decode_system;
  MappingFlags decode_mapping;
  CLI::Option* decode_tp_option = nullptr;
  CLI::Option* decode_ep_option = nullptr;
  CLI::Option* decode_dp_option = nullptr;
  void add_to(CLI::App& command);
  [[nodiscard]] bool enabled() const { return !pd.empty(); }
  /// {P, D} from --pd; InputError when it is not PxD with positive counts.
  [[nodiscard]] std::pair<std::int64_t, std::int64_t> pools() const;
  /// The decode pool's step model (same model and formats as `ops`); a decode flag that is not
  /// given takes the prefill pool's value.
  [[nodiscard]] std::unique_ptr<perf::StepModel> decode_model(const model::ModelSpec& m,
                                                              const hardware::SystemSpec& system,
                                                              const MappingFlags& prefill_mapping,
                                                              const model::StepOpsConfig& ops) const;
};

/// The data-type flags shared by estimate and serve.
struct DTypeFlags {
  std::string weights = "bf16";
  std::string activations = "bf16";
  std::string kv;  // empty: same as activations
  void add_to(CLI::App& command);
  [[nodiscard]] core::DTypes dtypes() const;
};

}  // namespace servesim::cli
