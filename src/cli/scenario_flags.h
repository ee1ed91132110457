// The command-line face of a scenario: each flag of `estimate` and `serve` is bound to one
// scenario field. The scenario of a command is `--config SCENARIO.yaml` (or the defaults) with the
// flags that were given laid over it; errors the library reports against a scenario field are
// reported against the flag that set it.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/diagnostics.h"
#include "scenario/scenario_spec.h"

namespace servesim::cli {

class ScenarioFlags {
 public:
  /// --config, --model, --system, the mapping, formats, what-if and P/D flags.
  void add_deployment(CLI::App& command);
  /// --batch, --max-batch, --input, --output, --prefill-chunk (the estimate's static batch).
  void add_batch(CLI::App& command);
  /// --trace, the scheduler and engine flags, --slo, the workload limits and --seed.
  void add_serving(CLI::App& command);
  /// --memory-utilization (both commands).
  void add_engine(CLI::App& command);

  /// The scenario: the --config file (or defaults) with every given flag applied. Throws
  /// core::InputError naming the flag for a malformed value, or when --model or --system is
  /// neither given nor in the file.
  [[nodiscard]] scenario::ScenarioSpec spec() const;

  /// `error` with each diagnostic about a scenario field that a flag set (or any field, when the
  /// scenario came from the command line alone) pointed at that flag.
  [[nodiscard]] core::InputError in_flag_terms(const core::InputError& error) const;

  /// The flag (or flags, "--tp/--pp") that set a scenario field; "" when no flag does.
  [[nodiscard]] std::string flag_for(const std::string& field) const;

 private:
  struct Binding {
    CLI::Option* option;
    std::string field;  // the scenario field (a prefix of the paths the library reports)
    std::function<void(scenario::ScenarioSpec&)> apply;
  };
  /// Remembers that `option` sets `field` by `apply`; returns `option`.
  CLI::Option* record(CLI::Option* option, const std::string& field,
                      std::function<void(scenario::ScenarioSpec&)> apply);
  template <class T>
  CLI::Option* bind(CLI::App& command, const std::string& flag, T& storage, const std::string& help,
                    const std::string& field, std::function<void(scenario::ScenarioSpec&)> apply);
  CLI::Option* bind_flag(CLI::App& command, const std::string& flag, bool& storage,
                         const std::string& help, const std::string& field,
                         std::function<void(scenario::ScenarioSpec&)> apply);

  /// --max-num-seqs, --max-num-batched-tokens, --preemption and --admission: a flag for each of
  /// the parameters every scheduler takes, with the parameter's help, read by its schema.
  void add_scheduler_parameters(CLI::App& command);

  /// Whether a flag that sets `field`, a field inside it or a field it is inside was given.
  [[nodiscard]] bool given(const std::string& field) const;

  std::vector<Binding> bindings_;
  std::string config_;
  // Values as given on the command line (scenario fields where the types agree).
  scenario::ScenarioSpec given_;
  std::string weights_, activations_, kv_, pd_, trace_, slo_, step_overhead_, duration_;
  std::string expert_routing_;
  std::vector<std::string> set_;  // --set FIELD=VALUE
  std::string scheduler_, router_;
  std::map<std::string, std::string> scheduler_params_;  // by parameter name, as given
  std::int64_t max_requests_ = 0;
  scenario::DisaggregationSpec given_pools_;
  std::int64_t decode_tp_ = 1, decode_ep_ = 1;
  bool decode_dp_attention_ = false;
  bool no_pim_ = false;
  bool max_batch_ = false;
};

}  // namespace servesim::cli
