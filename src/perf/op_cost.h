// The price of one operator instance on one engine: time, energy, work, traffic and what bounds it.
#pragma once

#include <string_view>

#include "core/units.h"

namespace servesim::perf {

using core::Bytes;
using core::Flops;
using core::Joules;
using core::Seconds;

/// What limits an op: its arithmetic (compute), its memory traffic (memory), a link
/// (communication), or fixed per-kernel/per-message latency (overhead).
enum class Bound { compute, memory, communication, overhead };
inline constexpr int kBoundCount = 4;
std::string_view to_string(Bound b);

struct OpCost {
  Seconds time{};
  Joules energy{};   // dynamic energy only; static power is charged per step by the step model
  Flops flops{};
  Bytes bytes{};     // memory or link bytes moved
  Bound bound = Bound::compute;
};

/// The bound whose time is largest among compute, memory (or communication) and overhead.
Bound dominant(Seconds compute, Seconds traffic, Seconds overhead, Bound traffic_kind);

/// A kernel's cost when the host issues kernels one at a time, each taking `eager_launch` to
/// launch: at least that long (bound: overhead). Unchanged for 0 (CUDA-graph replay). Inline: it
/// sits on the step model's hot path.
inline OpCost launched(OpCost kernel, Seconds eager_launch) {
  if (kernel.time < eager_launch) {
    kernel.time = eager_launch;
    kernel.bound = Bound::overhead;
  }
  return kernel;
}

}  // namespace servesim::perf
