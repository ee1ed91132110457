// Workload construction: trace files through the reader registry, synthetic specs, and the
// rate-scale / max-requests / duration filters (see workload.h for the spec grammar).
#include "serving/workload.h"

#include <algorithm>
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

// The parameters each kind takes besides requests, input and output.
const std::map<std::string, std::vector<std::string>>& kind_parameters() {
  static const std::map<std::string, std::vector<std::string>> kinds = {
      {"poisson", {"rate"}}, {"gamma", {"rate", "cv"}}, {"reasoning", {"rate", "cv"}},
      {"offline", {}},       {"concurrency", {"n"}},    {"batch", {"n"}}};
  return kinds;
}

bool takes(const std::string& kind, const std::string& parameter) {
  const auto& p = kind_parameters().at(kind);
  return std::find(p.begin(), p.end(), parameter) != p.end();
}

// Whether the kind cannot run without the parameter.
bool needs(const std::string& kind, const std::string& parameter) {
  return takes(kind, parameter) && !(kind == "reasoning" && parameter == "cv");
}

constexpr double kMaxRate = 1e9, kMaxCv = 100, kMaxCount = 1e9, kMaxRequests = 1e12;

}  // namespace

std::optional<std::pair<std::string, std::string>> check_synthetic(const SyntheticSpec& s) {
  using Problem = std::pair<std::string, std::string>;
  if (kind_parameters().count(s.kind) == 0) {
    return Problem{"kind", fmt::format("unknown workload kind \"{}\": use poisson, gamma, "
                                       "reasoning, offline, concurrency or batch", s.kind)};
  }
  const std::pair<const char*, bool> given[] = {
      {"rate", s.rate.has_value()}, {"cv", s.cv.has_value()}, {"n", s.n.has_value()}};
  for (const auto& [parameter, present] : given) {
    if (present && !takes(s.kind, parameter)) {
      return Problem{parameter, fmt::format("{} takes no {}", s.kind, parameter)};
    }
    if (!present && needs(s.kind, parameter)) {
      return Problem{parameter, fmt::format("{} needs {}", s.kind, parameter)};
    }
  }
  if (s.rate && !(*s.rate > 0 && *s.rate <= kMaxRate)) {
    return Problem{"rate", fmt::format("{} must be a positive number up to {:g}", *s.rate, kMaxRate)};
  }
  if (s.cv && !(*s.cv > 0 && *s.cv <= kMaxCv)) {
    return Problem{"cv", fmt::format("{} must be a positive number up to {:g}", *s.cv, kMaxCv)};
  }
  if (s.n && !(*s.n > 0 && static_cast<double>(*s.n) <= kMaxCount)) {
    return Problem{"n", fmt::format("{} must be a positive integer up to {:g}", *s.n, kMaxCount)};
  }
  if (!(s.requests > 0 && static_cast<double>(s.requests) <= kMaxRequests)) {
    return Problem{"requests",
                   fmt::format("{} must be a positive integer up to {:g}", s.requests, kMaxRequests)};
  }
  for (const auto& [name, text] : {std::pair{"input", &s.input}, std::pair{"output", &s.output}}) {
    std::string why;
    if (!text->empty() && !LengthDistribution::parse(*text, why)) return Problem{name, why};
  }
  return std::nullopt;
}

SyntheticSpec parse_synthetic(const std::string& text, const std::string& file,
                              const std::string& path) {
  const auto fail = [&](const std::string& message, const std::string& hint = {}) {
    throw core::InputError(file, path, fmt::format("\"{}\": {}", text, message),
                           hint.empty() ? "e.g. poisson:rate=4,requests=1000,input=1024,output=256"
                                        : hint);
  };
  const auto colon = text.find(':');
  SyntheticSpec s;
  s.kind = text.substr(0, colon);
  if (kind_parameters().count(s.kind) == 0) {
    fail(fmt::format("unknown workload kind \"{}\"", s.kind),
         "use a trace file path, a shipped trace (servesim list traces) or poisson:, gamma:, "
         "reasoning:, offline:, concurrency:, batch:, servegen:DIR");
  }
  std::vector<std::string> known = kind_parameters().at(s.kind);
  for (const char* k : {"requests", "input", "output"}) known.emplace_back(k);
  std::stringstream in(colon == std::string::npos ? "" : text.substr(colon + 1));
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) fail(fmt::format("\"{}\" is not key=value", item));
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      const std::string near = core::closest_match(key, known);
      fail(fmt::format("unknown key \"{}\"", key),
           near.empty() ? "" : fmt::format("did you mean '{}'?", near));
    }
    if (key == "input" || key == "output") {
      (key == "input" ? s.input : s.output) = value;
      continue;
    }
    const bool whole = key == "n" || key == "requests";
    const double max = key == "cv" ? kMaxCv : key == "requests" ? kMaxRequests : kMaxRate;
    double v = 0;
    try {
      std::size_t used = 0;
      v = std::stod(value, &used);
      if (used != value.size()) v = -1;
    } catch (const std::exception&) {
      v = -1;
    }
    if (!(v > 0 && v <= max) || (whole && v != std::floor(v))) {
      fail(fmt::format("{}=\"{}\" must be a positive {} up to {:g}", key, value,
                       whole ? "integer" : "number", max));
    }
    if (key == "rate") s.rate = v;
    if (key == "cv") s.cv = v;
    if (key == "n") s.n = static_cast<std::int64_t>(v);
    if (key == "requests") s.requests = static_cast<std::int64_t>(v);
  }
  for (const std::string& parameter : kind_parameters().at(s.kind)) {
    const bool present = parameter == "rate" ? s.rate.has_value()
                         : parameter == "cv" ? s.cv.has_value()
                                             : s.n.has_value();
    if (!present && needs(s.kind, parameter)) fail(fmt::format("needs {}=", parameter));
  }
  if (auto problem = check_synthetic(s)) fail(problem->first + ": " + problem->second);
  return s;
}

std::string describe(const SyntheticSpec& s) {
  std::string out = s.kind + ":";
  if (s.rate) out += fmt::format("rate={},", *s.rate);
  if (s.cv) out += fmt::format("cv={},", *s.cv);
  if (s.n) out += fmt::format("n={},", *s.n);
  out += fmt::format("requests={}", s.requests);
  if (!s.input.empty()) out += ",input=" + s.input;
  if (!s.output.empty()) out += ",output=" + s.output;
  return out;
}

Workload open_synthetic(const SyntheticSpec& spec, const WorkloadOptions& o) {
  const auto length = [](const std::string& text, const LengthDistribution& fallback) {
    std::string why;
    return text.empty() ? fallback : *LengthDistribution::parse(text, why);
  };
  Workload w;
  w.description = describe(spec);
  Arrivals arrivals = Arrivals::at_zero;
  const std::string& kind = spec.kind;
  if (kind == "poisson" || (kind == "reasoning" && !spec.cv)) arrivals = Arrivals::poisson;
  if (kind == "gamma" || (kind == "reasoning" && spec.cv)) arrivals = Arrivals::gamma;
  if (kind == "concurrency" || kind == "batch") {
    w.mode = kind == "batch" ? ArrivalMode::static_batches : ArrivalMode::closed_loop;
    w.concurrency = spec.n.value_or(1);
  }
  LengthDistribution input = LengthDistribution::fixed(1024);
  LengthDistribution output = LengthDistribution::fixed(256);
  if (kind == "reasoning") {  // lengths of the bundled ServeGen deepseek-r1 descriptor
    const LengthPmfs pmfs = load_length_descriptor(reasoning_descriptor_path());
    input = LengthDistribution::empirical(pmfs.input);
    output = LengthDistribution::empirical(pmfs.output);
  }
  w.source = std::make_unique<SyntheticSource>(arrivals, spec.rate.value_or(1), spec.cv.value_or(1),
                                               spec.requests, length(spec.input, input),
                                               length(spec.output, output), o.seed);
  w.source = std::make_unique<FilteredSource>(std::move(w.source), o);
  return w;
}

bool is_synthetic_spec(const std::string& text) {
  const auto colon = text.find(':');
  return colon != std::string::npos && kind_parameters().count(text.substr(0, colon)) > 0;
}


const core::Registry<TraceReader>& trace_readers() {
  static const core::Registry<TraceReader> registry = [] {
    core::Registry<TraceReader> r("trace format");
    register_trace_readers(r);
    return r;
  }();
  return registry;
}

Workload open_workload(const std::string& trace_or_spec, const WorkloadOptions& options) {
  if (!(options.rate_scale > 0)) {
    throw core::InputError("<scenario>", "workload.rate_scale", "must be > 0");
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
    return open_synthetic(parse_synthetic(trace_or_spec, "<scenario>", "workload.generator"),
                          options);
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
