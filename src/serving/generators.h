// Synthetic workloads: a registry of generator kinds (`servesim list generators`; one file per
// kind under serving/generators/), each with the schema of its parameters. A scenario's
// `workload.generator: {kind: poisson, rate: 4, requests: 1000}` and the text grammar
// KIND:key=value,... (`poisson:rate=4,requests=1000,input=exp:256`) are read against the same
// schema, with the same checks and messages.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/registry.h"
#include "serving/workload.h"

namespace servesim::serving {

/// Opens a kind's request stream from its parameter values (of its registry entry's schema) and
/// the seed; the caller applies the WorkloadOptions filters.
using GeneratorFactory =
    std::function<Workload(const core::ParamValues&, const WorkloadOptions& options)>;
const core::Registry<GeneratorFactory>& generators();

/// Parses KIND:key=value,... Throws core::InputError at `file`/`path` naming the unknown kind or
/// the key at fault.
core::Selection parse_synthetic(const std::string& text, const std::string& file,
                                const std::string& path);

/// The generator in the grammar, every parameter that has a value included (what a run reports
/// as its workload; parse_synthetic() reads it back to the same generator).
std::string synthetic_text(const core::Selection& generator);

/// Opens a synthetic workload with the filters of `options`. Throws core::InputError (at
/// "<scenario>", workload.generator.kind) for an unknown kind. Contract: the generator holds
/// values of its kind's schema.
Workload open_synthetic(const core::Selection& generator, const WorkloadOptions& options);

/// Whether `text` is generator text (KIND:... with a registered KIND) rather than a trace.
bool is_synthetic_spec(const std::string& text);

}  // namespace servesim::serving
