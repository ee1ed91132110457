// Requests generated from a ServeGen descriptor (servegen_descriptor.h), lazily and in arrival
// order: each client is a renewal process in "operational time" u = Λ(t) = ∫ rate dt (time
// rescaling), whose unit-mean gaps have the shape of the window's fitted family (Gamma shape k:
// CV = 1/√k; Weibull shape c; exponential; none → exponential). The window's measured rate sets
// the mean gap, so each window's expected request count is rate × length as in the descriptor; the
// fitted scale parameter is not used (it only restates the mean, up to fitting error). Input and
// output lengths are drawn independently from the PMFs of the 6-hour dataset window in force at the
// arrival's trace window. reason_ratio is not needed: every output token is decoded alike.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "serving/workload.h"

namespace servesim::serving {

/// Opens the descriptor directory `dir` as a request stream (clients merged by arrival time, ties
/// by client number). Arrival times are seconds from the descriptor's time 0. Same dir and seed →
/// identical stream. Memory is that of the descriptor, independent of the requests generated.
/// Throws core::InputError as load_servegen_descriptor does.
std::unique_ptr<RequestSource> open_servegen(const std::string& dir, std::uint64_t seed);

}  // namespace servesim::serving
