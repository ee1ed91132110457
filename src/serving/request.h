// A request as the workload gives it, and its state while the simulator serves it.
#pragma once

#include <cstdint>
#include <vector>

#include "core/units.h"

namespace servesim::serving {

using core::Seconds;

struct Request {
  std::int64_t id = 0;
  Seconds arrival{};
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::vector<std::uint64_t> prefix_blocks;  // Mooncake hash_ids: 512-token prefix blocks
};

/// Tokens per prefix block of the Mooncake traces.
inline constexpr std::int64_t kPrefixBlockTokens = 512;

enum class Phase { waiting, running, swapped, transferring, finished };

/// Serving state of one request (owned by the simulation; schedulers move pointers to it).
/// A request first prefills `prompt_target` tokens (its prompt; after a preemption by recompute,
/// its prompt plus the tokens generated so far), emitting one token when the prefill completes,
/// then decodes one token per step until it has generated its output.
struct RequestState {
  Request request;
  Phase phase = Phase::waiting;
  std::int64_t prompt_target = 0;  // tokens to prefill before decoding
  std::int64_t prefilled = 0;      // progress toward prompt_target (incl. a cached prefix)
  std::int64_t kv_tokens = 0;      // tokens whose KV is held
  std::int64_t generated = 0;      // output tokens emitted
  std::int64_t cached_prefix = 0;  // prompt tokens served by the prefix cache
  std::int64_t blocks = 0;         // KV blocks held (on device, or on host while swapped)
  std::int64_t preemptions = 0;
  std::int64_t replica = 0;
  Seconds first_scheduled{};
  Seconds first_token{};
  Seconds last_token{};
  Seconds finish{};
  Seconds front_end{};  // the engine's per-request front-end latency (ServeConfig)
  bool scheduled_once = false;

  [[nodiscard]] bool prefill_done() const { return prefilled >= prompt_target; }
  [[nodiscard]] std::int64_t remaining_prompt() const { return prompt_target - prefilled; }
  [[nodiscard]] bool finished() const { return generated >= request.output_tokens; }
  /// Latencies as the client sees them: from its arrival, with the front end's share.
  [[nodiscard]] Seconds ttft() const { return first_token - request.arrival + front_end; }
  [[nodiscard]] Seconds e2e() const { return finish - request.arrival + front_end; }
  /// Time per output token after the first (0 for a single-token output).
  [[nodiscard]] Seconds tpot() const {
    return request.output_tokens > 1
               ? (finish - first_token) / static_cast<double>(request.output_tokens - 1)
               : Seconds{};
  }
};

}  // namespace servesim::serving
