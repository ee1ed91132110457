// Parameter counts and KV bytes from the architecture (closed forms; see model_spec.h).
// Checked against published totals: Llama-3.1-70B 70.6 B, Mixtral-8x7B 46.7 B / 12.9 B active,
// DeepSeek-V3 671 B / 37 B active (main model, without the multi-token-prediction module).
#include "model/model_spec.h"

#include <algorithm>

namespace servesim::model {
namespace {

double attention_parameters(const ModelSpec& m) {
  const double h = static_cast<double>(m.hidden);
  if (m.mla) {
    const MlaSpec& a = *m.mla;
    const double qk_dim = static_cast<double>(a.qk_nope_head_dim + a.qk_rope_head_dim);
    const double heads = static_cast<double>(m.heads);
    double q = 0;
    if (a.q_lora_rank > 0) {
      const double r = static_cast<double>(a.q_lora_rank);
      q = h * r + r + r * heads * qk_dim;  // down-projection, its norm, up-projection
    } else {
      q = h * heads * qk_dim;
    }
    const double c = static_cast<double>(a.kv_lora_rank);
    const double kv = h * (c + static_cast<double>(a.qk_rope_head_dim)) + c +
                      c * heads * static_cast<double>(a.qk_nope_head_dim + a.v_head_dim);
    const double o = heads * static_cast<double>(a.v_head_dim) * h;
    return q + kv + o;
  }
  const double q_dim = static_cast<double>(m.heads * m.head_dim);
  const double kv_dim = static_cast<double>(m.kv_heads * m.head_dim);
  double p = h * q_dim + 2 * h * kv_dim + q_dim * h;
  if (m.linear_biases) p += q_dim + 2 * kv_dim + h;
  if (m.qkv_bias) p += q_dim + 2 * kv_dim;
  return p;
}

double ffn_parameters(const ModelSpec& m, std::int64_t width) {
  const double h = static_cast<double>(m.hidden);
  const double f = static_cast<double>(width);
  double p = (m.ffn == FfnKind::gated ? 3.0 : 2.0) * h * f;
  if (m.linear_biases) p += f + h;
  return p;
}

double norm_parameters(const ModelSpec& m) {
  return m.norm == NormKind::layer ? 2.0 * static_cast<double>(m.hidden)
                                   : static_cast<double>(m.hidden);
}

}  // namespace

std::int64_t ModelSpec::moe_layers() const {
  if (!moe) return 0;
  std::int64_t n = 0;
  for (std::int64_t i = 0; i < layers; ++i) n += is_moe_layer(i) ? 1 : 0;
  return n;
}

bool ModelSpec::is_moe_layer(std::int64_t i) const {
  if (!moe || i < moe->first_dense_layers) return false;
  return (i - moe->first_dense_layers) % std::max<std::int64_t>(1, moe->layer_frequency) == 0;
}

ParameterCount count_parameters(const ModelSpec& m) {
  const double h = static_cast<double>(m.hidden);
  ParameterCount c;
  c.embedding = static_cast<double>(m.vocab) * h;
  if (m.learned_positions) c.embedding += static_cast<double>(m.max_context) * h;
  const double lm_head = m.tie_embeddings ? 0.0 : static_cast<double>(m.vocab) * h;
  c.embedding += lm_head;

  const double per_layer_common = attention_parameters(m) + 2 * norm_parameters(m);
  const double dense_ffn = ffn_parameters(m, m.intermediate);
  const double n_moe = static_cast<double>(m.moe_layers());
  const double n_dense = static_cast<double>(m.dense_layers());

  double moe_total = 0, moe_active = 0;
  if (m.moe) {
    const MoeSpec& e = *m.moe;
    const double expert = ffn_parameters(m, e.expert_intermediate);
    const double router = h * static_cast<double>(e.num_experts);
    const double shared = static_cast<double>(e.shared_experts) * expert;
    moe_total = static_cast<double>(e.num_experts) * expert + router + shared;
    moe_active = static_cast<double>(e.top_k) * expert + router + shared;
  }
  const double body_common = static_cast<double>(m.layers) * per_layer_common +
                             n_dense * dense_ffn + norm_parameters(m);
  c.total = c.embedding + body_common + n_moe * moe_total;
  c.active = c.embedding + body_common + n_moe * moe_active;
  return c;
}

double weight_bytes(const ModelSpec& m, const DTypes& dtypes) {
  const ParameterCount c = count_parameters(m);
  return (c.total - c.embedding) * bytes_per_element(dtypes.weights) +
         c.embedding * bytes_per_element(dtypes.embedding_weights());
}

double kv_bytes_per_token_per_layer(const ModelSpec& m, DType kv, std::int64_t tp) {
  const double b = bytes_per_element(kv);
  if (m.mla) return static_cast<double>(m.mla->kv_lora_rank + m.mla->qk_rope_head_dim) * b;
  const std::int64_t heads_per_shard = std::max<std::int64_t>(1, (m.kv_heads + tp - 1) / tp);
  return 2.0 * static_cast<double>(heads_per_shard * m.head_dim) * b;
}

double kv_bytes_per_token(const ModelSpec& m, DType kv) {
  return static_cast<double>(m.layers) * kv_bytes_per_token_per_layer(m, kv, 1);
}

std::int64_t kv_tokens_kept(const ModelSpec& m, std::int64_t context) {
  return m.sliding_window ? std::min(context, *m.sliding_window) : context;
}

}  // namespace servesim::model
