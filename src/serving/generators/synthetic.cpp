// Shared parameters and the synthetic request stream (see synthetic.h). Gamma gaps: shape
// k = 1/cv², scale θ = cv²/rate, so the mean is 1/rate.
#include "serving/generators/synthetic.h"

#include <memory>
#include <random>

namespace servesim::serving {
namespace {

using core::ParamType;
using core::Presence;
using core::Range;

class SyntheticSource : public RequestSource {
 public:
  SyntheticSource(const ArrivalProcess& arrivals, std::int64_t count, LengthDistribution input,
                  LengthDistribution output, std::uint64_t seed)
      : arrivals_(arrivals), count_(count), input_(input), output_(output), rng_(seed) {}

  std::optional<Request> next() override {
    if (produced_ >= count_) return std::nullopt;
    Request r;
    r.id = produced_++;
    if (arrivals_.kind != ArrivalProcess::Kind::at_zero && r.id > 0) clock_ += gap();
    r.arrival = Seconds(clock_);
    r.input_tokens = input_.sample(rng_);
    r.output_tokens = output_.sample(rng_);
    return r;
  }

 private:
  double gap() {
    if (arrivals_.kind == ArrivalProcess::Kind::poisson) {
      return std::exponential_distribution<double>(arrivals_.rate)(rng_);
    }
    const double k = 1.0 / (arrivals_.cv * arrivals_.cv);
    return std::gamma_distribution<double>(k, 1.0 / (arrivals_.rate * k))(rng_);
  }

  ArrivalProcess arrivals_;
  std::int64_t count_;
  LengthDistribution input_, output_;
  std::mt19937_64 rng_;
  std::int64_t produced_ = 0;
  double clock_ = 0;
};

std::optional<std::string> length_problem(const std::string& text) {
  std::string why;
  if (LengthDistribution::parse(text, why)) return std::nullopt;
  return why;
}

}  // namespace

core::ParamSpec rate_param() {
  return {.name = "rate",
          .type = ParamType::number,
          .range = Range::positive,
          .at_most = 1e9,
          .presence = Presence::required,
          .help = "requests per second"};
}

core::ParamSpec cv_param(Presence presence, std::string help) {
  return {.name = "cv",
          .type = ParamType::number,
          .range = Range::positive,
          .at_most = 100,
          .presence = presence,
          .help = std::move(help)};
}

core::ParamSpec count_param(std::string help) {
  return {.name = "n",
          .type = ParamType::integer,
          .range = Range::at_least_one,
          .at_most = 1e9,
          .presence = Presence::required,
          .help = std::move(help)};
}

core::ParamSpec requests_param() {
  return {.name = "requests",
          .type = ParamType::integer,
          .range = Range::at_least_one,
          .at_most = 1e12,
          .default_text = "1000",
          .help = "requests in the stream"};
}

core::ParamSpec length_param(std::string name, Presence presence, std::string default_text,
                             std::string help) {
  return {.name = std::move(name),
          .type = ParamType::text,
          .text_kind = "length",
          .check = length_problem,
          .presence = presence,
          .default_text = std::move(default_text),
          .help = std::move(help)};
}

core::ParamSpec input_param() {
  return length_param("input", Presence::defaulted, "1024", "prompt tokens per request");
}

core::ParamSpec output_param() {
  return length_param("output", Presence::defaulted, "256", "output tokens per request");
}

LengthDistribution length_of(const core::ParamValues& params, const std::string& name) {
  std::string why;
  return *LengthDistribution::parse(params.text(name), why);
}

Workload synthetic_workload(const ArrivalProcess& arrivals, LengthDistribution input,
                            LengthDistribution output, std::int64_t requests, std::uint64_t seed) {
  Workload w;
  w.source = std::make_unique<SyntheticSource>(arrivals, requests, input, output, seed);
  return w;
}

Workload released_by_completion(ArrivalMode mode, const core::ParamValues& p, std::uint64_t seed) {
  Workload w = synthetic_workload({}, length_of(p, "input"), length_of(p, "output"),
                                  p.integer("requests"), seed);
  w.mode = mode;
  w.concurrency = p.integer("n");
  return w;
}

}  // namespace servesim::serving
