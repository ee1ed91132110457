// One operator of a step, as the perf layer prices it: its kind (which cost model applies), its
// class (for breakdowns), GEMM geometry where it has one, and FLOPs and bytes by kind of data.
// An Op stands for `repeat` identical instances (one per layer of the same kind).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/dtype.h"
#include "model/model_spec.h"

namespace servesim::model {

enum class OpKind {
  gemm,               // dense GEMM/GEMV: m × k times k × n
  grouped_gemm,       // `groups` GEMMs of m × k × n (MoE experts, MLA absorption per head)
  attention_prefill,  // flash-style causal attention over new tokens (reads KV once per q-block)
  attention_decode,   // one query token per sequence against its cached context
  elementwise,        // norms, activations, rotary, residual adds: streaming, memory-bound
  embedding,          // token-table gather
  all_reduce,         // collectives: `comm_bytes` is the buffer size per rank
  all_gather,
  reduce_scatter,
  all_to_all,
  send_recv,          // point-to-point activation transfer (pipeline stages)
};
inline constexpr int kOpKindCount = 11;

enum class OpClass {
  embedding,
  qkv_projection,
  attention,
  output_projection,
  ffn,
  moe_router,
  moe_experts,
  norm,
  elementwise,
  lm_head,
  communication,
};
inline constexpr int kOpClassCount = 11;

std::string_view to_string(OpKind k);
std::string_view to_string(OpClass c);
inline bool is_communication(OpKind k) {
  return k == OpKind::all_reduce || k == OpKind::all_gather || k == OpKind::reduce_scatter ||
         k == OpKind::all_to_all || k == OpKind::send_recv;
}

struct Op {
  OpKind kind = OpKind::gemm;
  OpClass cls = OpClass::ffn;
  std::string_view name;  // static string, e.g. "qkv_proj"
  DType compute = DType::bf16;
  std::int64_t m = 0, n = 0, k = 0;  // GEMM geometry (per group); decode attention: m sequences
                                     // of k cached tokens on average
  std::int64_t groups = 1;
  double flops = 0;          // per instance
  double weight_bytes = 0;   // weights read per instance
  double act_bytes = 0;      // activations read + written per instance
  double kv_bytes = 0;       // KV cache read + written per instance
  double comm_bytes = 0;     // collective buffer size per rank
  /// All-to-all only: share of the inter-node traffic left after node-level deduplication
  /// (a token bound for several experts on one node crosses the network once, as DeepEP does).
  double comm_node_dedup = 1.0;
  std::int64_t repeat = 1;   // identical instances (layers)
  /// Work of an average rank relative to this op (< 1 when the op is sized for the rank with the
  /// hottest expert): time follows the hottest rank, energy the average.
  double energy_share = 1.0;

  [[nodiscard]] double memory_bytes() const { return weight_bytes + act_bytes + kv_bytes; }
};

/// A standalone dense GEMM of m × k by k × n in one format (weights k × n, activations in and out).
Op make_gemm(std::int64_t m, std::int64_t n, std::int64_t k, DType format);

/// A standalone grouped GEMM of MoE experts: `groups` problems of m × k by k × n (each expert its
/// own weights and tokens) in one kernel. Contract: groups ≥ 1.
Op make_expert_gemm(std::int64_t groups, std::int64_t m, std::int64_t n, std::int64_t k,
                    DType format);

/// Decode attention of `batch` sequences of `kv_len` cached tokens each: `heads` query heads
/// against `kv_heads` K/V heads of `head_dim`, the cache in `kv_format` (scores in bf16 for an
/// 8-bit cache); reads the cache and writes the new token's K/V, as step_ops builds it.
Op make_decode_attention(std::int64_t batch, std::int64_t kv_len, std::int64_t heads,
                         std::int64_t kv_heads, std::int64_t head_dim, DType kv_format);

}  // namespace servesim::model
