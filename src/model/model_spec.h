// The architecture of a decoder-only LLM as plain data, and the closed forms derived from it:
// parameter counts (total and active per token), weight bytes, KV-cache bytes per token
// (2·layers·kv_heads·head_dim·bytes for MHA/GQA; layers·(kv_lora_rank + qk_rope_head_dim)·bytes
// for MLA, DeepSeek-V2 paper §2.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/dtype.h"

namespace servesim::model {

using core::DType;
using core::DTypes;
using core::bytes_per_element;

enum class FfnKind { gated, plain };  // SwiGLU (3 matrices) vs GELU/ReLU (2 matrices)
enum class NormKind { rms, layer };

/// Multi-head latent attention (DeepSeek-V2/V3).
struct MlaSpec {
  std::int64_t q_lora_rank = 0;  // 0: queries are projected directly from the hidden state
  std::int64_t kv_lora_rank = 0;
  std::int64_t qk_nope_head_dim = 0;
  std::int64_t qk_rope_head_dim = 0;
  std::int64_t v_head_dim = 0;
};

/// Mixture of experts: routed experts (top-k of num_experts), optional shared experts.
struct MoeSpec {
  std::int64_t num_experts = 0;
  std::int64_t top_k = 0;
  std::int64_t expert_intermediate = 0;
  std::int64_t shared_experts = 0;  // each of size expert_intermediate
  std::int64_t first_dense_layers = 0;
  std::int64_t layer_frequency = 1;  // every n-th layer (after the first dense ones) is MoE
};

struct ModelSpec {
  std::string name;
  std::string family;  // the HF model_type
  std::int64_t hidden = 0;
  std::int64_t layers = 0;
  std::int64_t heads = 0;
  std::int64_t kv_heads = 0;
  std::int64_t head_dim = 0;
  std::int64_t intermediate = 0;  // dense FFN width
  std::int64_t vocab = 0;
  std::int64_t max_context = 0;
  std::optional<std::int64_t> sliding_window;
  bool tie_embeddings = false;
  bool learned_positions = false;  // GPT-2 / OPT position embedding table
  bool linear_biases = false;      // biases on projections (GPT-2, OPT)
  bool qkv_bias = false;           // biases on q/k/v only (Qwen2)
  FfnKind ffn = FfnKind::gated;
  NormKind norm = NormKind::rms;
  std::optional<MlaSpec> mla;
  std::optional<MoeSpec> moe;

  [[nodiscard]] std::int64_t moe_layers() const;
  [[nodiscard]] std::int64_t dense_layers() const { return layers - moe_layers(); }
  /// Whether layer i (0-based) is an MoE layer.
  [[nodiscard]] bool is_moe_layer(std::int64_t i) const;
};

/// Parameter counts. `active` counts top_k routed experts instead of all of them.
struct ParameterCount {
  double total = 0;
  double active = 0;
  double embedding = 0;  // token (+ position) embeddings and an untied LM head
};
ParameterCount count_parameters(const ModelSpec& m);

/// Bytes of all weights: linear layers in `dtypes.weights`, the embedding table and an untied LM
/// head in dtypes.embedding_weights().
double weight_bytes(const ModelSpec& m, const DTypes& dtypes);
/// KV-cache bytes stored per token over all layers.
double kv_bytes_per_token(const ModelSpec& m, DType kv);
/// KV-cache bytes per token for one layer and one TP shard of `tp` (kv heads replicated when
/// tp > kv_heads; MLA's latent is replicated on every shard).
double kv_bytes_per_token_per_layer(const ModelSpec& m, DType kv, std::int64_t tp);
/// Number of KV tokens a sequence of `context` tokens keeps (sliding window caps it).
std::int64_t kv_tokens_kept(const ModelSpec& m, std::int64_t context);

}  // namespace servesim::model
