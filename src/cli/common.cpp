// Command-line value conversion (see common.h).
#include "cli/common.h"

#include <fmt/format.h>

#include "core/diagnostics.h"

namespace servesim::cli {

core::DType parse_dtype_flag(const std::string& flag, const std::string& value) {
  if (auto t = core::parse_dtype(value)) return *t;
  throw core::InputError("<command line>", flag, fmt::format("unknown data type \"{}\"", value),
                         "use one of " + core::dtype_names());
}

void MappingFlags::add_to(CLI::App& command) {
  command.add_option("--tp", tp, "tensor-parallel degree")->check(CLI::PositiveNumber);
  command.add_option("--pp", pp, "pipeline-parallel degree")->check(CLI::PositiveNumber);
}

mapping::Plan MappingFlags::plan(const model::ModelSpec& m,
                                 const hardware::SystemSpec& system) const {
  const mapping::Plan p{tp, pp};
  if (auto why = mapping::check_plan(p, m, system)) {
    throw core::InputError("<command line>", "--tp/--pp", *why,
                           "choose degrees that divide the heads and fit the system");
  }
  return p;
}

void DTypeFlags::add_to(CLI::App& command) {
  command.add_option("--weights", weights, "weight format: fp32|bf16|fp16|fp8|int8|int4");
  command.add_option("--activations", activations, "activation format: fp32|bf16|fp16|fp8");
  command.add_option("--kv", kv, "KV-cache format (default: the activation format)");
}

core::DTypes DTypeFlags::dtypes() const {
  core::DTypes t;
  t.weights = parse_dtype_flag("--weights", weights);
  t.activations = parse_dtype_flag("--activations", activations);
  t.kv = kv.empty() ? t.activations : parse_dtype_flag("--kv", kv);
  return t;
}

}  // namespace servesim::cli
