// Workload construction: trace files through the reader registry, synthetic specs, and the
// rate-scale / max-requests / duration filters (see workload.h for the spec grammar).
#include "serving/workload.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "core/diagnostics.h"
#include "serving/length_distribution.h"
#include "serving/servegen_descriptor.h"
#include "serving/servegen_source.h"
#include "serving/shipped_data.h"
#include "serving/trace_readers.h"

namespace servesim::serving {
namespace {

enum class Arrivals { poisson, gamma, at_zero };

class SyntheticSource : public RequestSource {
 public:
  SyntheticSource(Arrivals arrivals, double rate, double cv, std::int64_t count,
                  LengthDistribution input, LengthDistribution output, std::uint64_t seed)
      : arrivals_(arrivals), rate_(rate), cv_(cv), count_(count), input_(input), output_(output),
        rng_(seed) {}

  std::optional<Request> next() override {
    if (produced_ >= count_) return std::nullopt;
    Request r;
    r.id = produced_++;
    if (arrivals_ != Arrivals::at_zero && r.id > 0) clock_ += gap();
    r.arrival = Seconds(clock_);
    r.input_tokens = input_.sample(rng_);
    r.output_tokens = output_.sample(rng_);
    return r;
  }

 private:
  double gap() {
    if (arrivals_ == Arrivals::poisson) return std::exponential_distribution<double>(rate_)(rng_);
    // Gamma with mean 1/rate and CV cv: shape k = 1/cv², scale θ = cv²/rate.
    const double k = 1.0 / (cv_ * cv_);
    return std::gamma_distribution<double>(k, 1.0 / (rate_ * k))(rng_);
  }

  Arrivals arrivals_;
  double rate_, cv_;
  std::int64_t count_;
  LengthDistribution input_, output_;
  std::mt19937_64 rng_;
  std::int64_t produced_ = 0;
  double clock_ = 0;
};

// Applies --rate-scale, --max-requests and --duration to any source.
class FilteredSource : public RequestSource {
 public:
  FilteredSource(std::unique_ptr<RequestSource> inner, const WorkloadOptions& o)
      : inner_(std::move(inner)), options_(o) {}

  std::optional<Request> next() override {
    if (options_.max_requests && produced_ >= *options_.max_requests) return std::nullopt;
    auto r = inner_->next();
    if (!r) return std::nullopt;
    r->arrival = r->arrival / options_.rate_scale;
    if (options_.duration && r->arrival > *options_.duration) return std::nullopt;
    ++produced_;
    return r;
  }
  [[nodiscard]] std::int64_t skipped_rows() const override { return inner_->skipped_rows(); }

 private:
  std::unique_ptr<RequestSource> inner_;
  WorkloadOptions options_;
  std::int64_t produced_ = 0;
};

[[noreturn]] void spec_error(const std::string& spec, const std::string& message,
                             const std::string& hint = {}) {
  throw core::InputError("<command line>", "--trace", fmt::format("\"{}\": {}", spec, message),
                         hint.empty() ? "e.g. poisson:rate=4,requests=1000,input=1024,output=256"
                                      : hint);
}

Workload synthetic(const std::string& spec, const WorkloadOptions& o) {
  const auto colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  std::map<std::string, std::string> keys;
  if (colon != std::string::npos) {
    std::stringstream in(spec.substr(colon + 1));
    std::string item;
    while (std::getline(in, item, ',')) {
      const auto eq = item.find('=');
      if (eq == std::string::npos) spec_error(spec, fmt::format("\"{}\" is not key=value", item));
      keys[item.substr(0, eq)] = item.substr(eq + 1);
    }
  }
  const std::map<std::string, std::vector<std::string>> allowed = {
      {"poisson", {"rate"}}, {"gamma", {"rate", "cv"}}, {"reasoning", {"rate", "cv"}},
      {"offline", {}},       {"concurrency", {"n"}},    {"batch", {"n"}}};
  auto kind_it = allowed.find(kind);
  if (kind_it == allowed.end()) {
    spec_error(spec, fmt::format("unknown workload kind \"{}\"", kind),
               "use a trace file path, a shipped trace (servesim list traces) or poisson:, "
               "gamma:, reasoning:, offline:, concurrency:, batch:, servegen:DIR");
  }
  std::vector<std::string> known = kind_it->second;
  for (const char* k : {"requests", "input", "output"}) known.emplace_back(k);
  for (const auto& [k, v] : keys) {
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      const std::string near = core::closest_match(k, known);
      spec_error(spec, fmt::format("unknown key \"{}\"", k),
                 near.empty() ? "" : fmt::format("did you mean '{}'?", near));
    }
  }
  // A positive finite number no larger than `max`; with `integer`, a whole number.
  auto number = [&](const std::string& key, double fallback, bool required, double max,
                    bool integer) {
    auto it = keys.find(key);
    if (it == keys.end()) {
      if (required) spec_error(spec, fmt::format("needs {}=", key));
      return fallback;
    }
    try {
      std::size_t used = 0;
      const double v = std::stod(it->second, &used);
      if (used == it->second.size() && v > 0 && v <= max && (!integer || v == std::floor(v))) {
        return v;
      }
    } catch (const std::exception&) {
    }
    spec_error(spec, fmt::format("{}=\"{}\" must be a positive {} up to {:g}", key, it->second,
                                 integer ? "integer" : "number", max));
  };
  auto length = [&](const std::string& key, const LengthDistribution& fallback) {
    if (!keys.count(key)) return fallback;
    std::string why;
    auto d = LengthDistribution::parse(keys[key], why);
    if (!d) spec_error(spec, fmt::format("{}: {}", key, why));
    return *d;
  };
  const auto count = static_cast<std::int64_t>(number("requests", 1000, false, 1e12, true));
  Workload w;
  w.description = spec;
  Arrivals arrivals = Arrivals::at_zero;
  double rate = 1, cv = 1;
  if (kind == "poisson") {
    arrivals = Arrivals::poisson;
    rate = number("rate", 1, true, 1e9, false);
  } else if (kind == "gamma") {
    arrivals = Arrivals::gamma;
    rate = number("rate", 1, true, 1e9, false);
    cv = number("cv", 1, true, 100, false);
  } else if (kind == "reasoning") {
    arrivals = keys.count("cv") ? Arrivals::gamma : Arrivals::poisson;
    rate = number("rate", 1, true, 1e9, false);
    cv = number("cv", 1, false, 100, false);
  } else if (kind == "concurrency" || kind == "batch") {
    w.mode = kind == "batch" ? ArrivalMode::static_batches : ArrivalMode::closed_loop;
    w.concurrency = static_cast<std::int64_t>(number("n", 1, true, 1e9, true));
  }
  LengthDistribution input = LengthDistribution::fixed(1024);
  LengthDistribution output = LengthDistribution::fixed(256);
  if (kind == "reasoning") {  // lengths of the bundled ServeGen deepseek-r1 descriptor
    const LengthPmfs pmfs = load_length_descriptor(reasoning_descriptor_path());
    input = LengthDistribution::empirical(pmfs.input);
    output = LengthDistribution::empirical(pmfs.output);
  }
  w.source = std::make_unique<SyntheticSource>(arrivals, rate, cv, count, length("input", input),
                                               length("output", output), o.seed);
  return w;
}

}  // namespace

const core::Registry<TraceReader>& trace_readers() {
  static const core::Registry<TraceReader> registry = [] {
    core::Registry<TraceReader> r("trace format");
    register_trace_readers(r);
    return r;
  }();
  return registry;
}

Workload open_workload(const std::string& trace_or_spec, const WorkloadOptions& options) {
  if (options.rate_scale <= 0) {
    throw core::InputError("<command line>", "--rate-scale", "must be > 0");
  }
  Workload w;
  std::error_code ec;
  const std::string file = std::filesystem::is_regular_file(trace_or_spec, ec)
                               ? trace_or_spec
                               : shipped_trace_path(trace_or_spec).value_or("");
  const std::string servegen_prefix = "servegen:";
  if (!file.empty()) {
    std::ifstream in(file);
    std::string first;
    std::getline(in, first);
    for (const auto& entry : trace_readers().entries()) {
      if (entry.value.recognises(file, first)) {
        w.source = entry.value.open(file, options.skip_bad_rows);
        w.description = trace_or_spec + " (" + entry.name + ")";
        break;
      }
    }
    if (!w.source) {
      throw core::InputError(file, "", "unrecognised trace format",
                             "supported: " + trace_readers().joined_names() +
                                 " (see servesim list traces)");
    }
  } else if (trace_or_spec.rfind(servegen_prefix, 0) == 0) {
    w.source = open_servegen(trace_or_spec.substr(servegen_prefix.size()), options.seed);
    w.description = trace_or_spec + " (ServeGen descriptor)";
  } else if (trace_or_spec.find(':') != std::string::npos) {
    w = synthetic(trace_or_spec, options);
  } else {
    const std::string near = core::closest_match(trace_or_spec, shipped_traces().names());
    throw core::InputError(trace_or_spec, "", "no such trace file or shipped trace",
                           (near.empty() ? "" : "did you mean '" + near + "'? ") +
                               "give a trace path, a shipped trace (" +
                               shipped_traces().joined_names() +
                               ") or a spec such as poisson:rate=4,requests=1000");
  }
  w.source = std::make_unique<FilteredSource>(std::move(w.source), options);
  return w;
}

}  // namespace servesim::serving
