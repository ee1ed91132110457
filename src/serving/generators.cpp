// The generator registry and the KIND:key=value,... grammar (see generators.h).
#include "serving/generators.h"

#include <fmt/format.h>

#include "core/diagnostics.h"
#include "serving/generators/kinds.h"

namespace servesim::serving {

const core::Registry<GeneratorFactory>& generators() {
  static const core::Registry<GeneratorFactory> registry = [] {
    core::Registry<GeneratorFactory> r("workload kind");
    register_poisson_generator(r);
    register_gamma_generator(r);
    register_reasoning_generator(r);
    register_offline_generator(r);
    register_concurrency_generator(r);
    register_batch_generator(r);
    return r;
  }();
  return registry;
}

core::Selection parse_synthetic(const std::string& text, const std::string& file,
                                const std::string& path) {
  const auto colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  const auto* entry = generators().find(kind);
  if (entry == nullptr) {
    throw core::InputError(
        file, path, fmt::format("\"{}\": unknown workload kind \"{}\"", text, kind),
        "use a trace file path, a shipped trace (servesim list traces), servegen:DIR or a "
        "generator: " +
            generators().joined_names() + " (servesim list generators)");
  }
  core::Diagnostics diag(file);
  core::ParamValues params = core::read_params(
      entry->params, colon == std::string::npos ? "" : text.substr(colon + 1), diag, path);
  diag.throw_if_errors();
  return {entry->name, std::move(params)};
}

std::string synthetic_text(const core::Selection& generator) {
  return generator.name + ":" + generator.params.to_text();
}

Workload open_synthetic(const core::Selection& generator, const WorkloadOptions& options) {
  const auto& entry = generators().get(generator.name, "<scenario>", "workload.generator.kind");
  Workload w = entry.value(generator.params, options);
  w.description = synthetic_text(generator);
  apply_options(w, options);
  return w;
}

bool is_synthetic_spec(const std::string& text) {
  const auto colon = text.find(':');
  return colon != std::string::npos && generators().find(text.substr(0, colon)) != nullptr;
}

}  // namespace servesim::serving
