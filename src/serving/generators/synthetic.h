// What the synthetic kinds share: the parameters several of them take, declared once, and the
// request stream they all produce (arrivals by a process, lengths drawn independently, seeded).
#pragma once

#include <cstdint>
#include <string>

#include "core/params.h"
#include "serving/length_distribution.h"
#include "serving/workload.h"

namespace servesim::serving {

/// rate: requests per second (required).
core::ParamSpec rate_param();
/// cv: the coefficient of variation of the inter-arrival times, `presence` as the kind needs it.
core::ParamSpec cv_param(core::Presence presence, std::string help);
/// n: a count of requests (required), e.g. in flight or per batch.
core::ParamSpec count_param(std::string help);
/// requests: how many the stream holds (default 1000).
core::ParamSpec requests_param();
/// input or output: a length distribution (N, uniform:A:B, exp:MEAN, lognormal:MEAN:CV), with a
/// default when `presence` is defaulted.
core::ParamSpec length_param(std::string name, core::Presence presence, std::string default_text,
                             std::string help);
/// input and output with their usual defaults (1024 and 256 tokens).
core::ParamSpec input_param();
core::ParamSpec output_param();

/// The length distribution of parameter `name`. Contract: it has a value, checked by its spec.
LengthDistribution length_of(const core::ParamValues& params, const std::string& name);

/// How requests arrive: a Poisson process of `rate`, Gamma inter-arrival times with mean 1/rate
/// and coefficient of variation `cv`, or all at t = 0.
struct ArrivalProcess {
  enum class Kind { poisson, gamma, at_zero } kind = Kind::at_zero;
  double rate = 1;
  double cv = 1;
};

/// An open-loop workload of `requests` requests: for each, the gap to the previous arrival, then
/// its input and output lengths, drawn from one generator seeded by `seed`.
Workload synthetic_workload(const ArrivalProcess& arrivals, LengthDistribution input,
                            LengthDistribution output, std::int64_t requests, std::uint64_t seed);

/// The workload of a kind that releases requests as others finish (closed loop or static
/// batches of n): every request available at t = 0, with p's requests, input and output.
Workload released_by_completion(ArrivalMode mode, const core::ParamValues& params,
                                std::uint64_t seed);

}  // namespace servesim::serving
