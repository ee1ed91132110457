// Operator generation for one step (see step_ops.h for the layout and FLOP conventions).
// Norms and element-wise kernels are streaming: bytes = reads + writes of their tensors.
// MoE experts: with T tokens routed top-k over E experts, the expected number of experts that
// receive at least one token is E·(1 − (1 − k/E)^T) under uniform routing; each reads its weights.
// TP-sharded experts add the permute/unpermute passes of the CUTLASS MoE pipeline (TensorRT-LLM
// moe_kernels.cu): T·h read and T·k·h written before the grouped GEMM, the reverse after it.
#include "model/step_ops.h"

#include <algorithm>
#include <cmath>

namespace servesim::model {
namespace {

struct Builder {
  const ModelSpec& m;
  const StepBatch& b;
  const StepOpsConfig& cfg;
  std::vector<Op>& out;
  double ab;             // bytes per activation element
  double tokens;         // T seen by this rank's non-expert ops
  double global_tokens;  // T of the whole expert-parallel group
  const Fusions& fused = cfg.engine.fused;

  // Linear layers use the weight format; the LM head keeps the (16-bit) embedding format.
  enum class WeightFormat { linear, embedding };

  void gemm(OpClass cls, std::string_view name, std::int64_t rows, std::int64_t k, std::int64_t n,
            std::int64_t repeat, std::int64_t groups = 1,
            WeightFormat format = WeightFormat::linear) {
    if (rows <= 0 || k <= 0 || n <= 0 || repeat <= 0) return;
    const bool embedding = format == WeightFormat::embedding;
    const DType stored = embedding ? cfg.dtypes.embedding_weights() : cfg.dtypes.weights;
    Op op;
    op.kind = groups > 1 ? OpKind::grouped_gemm : OpKind::gemm;
    op.cls = cls;
    op.name = name;
    op.compute = embedding && stored != cfg.dtypes.weights ? cfg.dtypes.activations
                                                           : cfg.dtypes.gemm_compute();
    op.m = rows;
    op.k = k;
    op.n = n;
    op.groups = groups;
    const double g = static_cast<double>(groups), md = static_cast<double>(rows),
                 kd = static_cast<double>(k), nd = static_cast<double>(n);
    op.flops = 2.0 * g * md * kd * nd;
    op.weight_bytes = g * kd * nd * bytes_per_element(stored);
    op.act_bytes = g * (md * kd + md * nd) * ab;
    op.repeat = repeat;
    out.push_back(op);
  }

  void streaming(OpKind kind, OpClass cls, std::string_view name, double elements_read,
                 double elements_written, double flops_per_element, std::int64_t repeat) {
    if (repeat <= 0 || elements_read + elements_written <= 0) return;
    Op op;
    op.kind = kind;
    op.cls = cls;
    op.name = name;
    op.compute = cfg.dtypes.activations;
    op.act_bytes = (elements_read + elements_written) * ab;
    op.flops = flops_per_element * elements_written;
    op.repeat = repeat;
    out.push_back(op);
  }

  [[nodiscard]] std::int64_t shard(std::int64_t n) const { return std::max<std::int64_t>(1, n / cfg.tp); }

  void attention_layer() {
    const std::int64_t L = m.layers;
    const std::int64_t heads = shard(m.heads);
    const double h = static_cast<double>(m.hidden);
    norm("attn_norm", L);
    if (m.mla) {
      mla_attention(heads);
    } else {
      const std::int64_t kv_heads = std::max<std::int64_t>(1, (m.kv_heads + cfg.tp - 1) / cfg.tp);
      gemm(OpClass::qkv_projection, "qkv_proj", b.new_tokens, m.hidden,
           (heads + 2 * kv_heads) * m.head_dim, L);
      if (!fused.rope_attention) {
        const double rope_elems = tokens * static_cast<double>((heads + kv_heads) * m.head_dim);
        streaming(OpKind::elementwise, OpClass::elementwise, "rotary", rope_elems, rope_elems, 6.0,
                  L);
      }
      const double d = static_cast<double>(m.head_dim);
      attention(heads, d, d, d, L);
      gemm(OpClass::output_projection, "o_proj", b.new_tokens, heads * m.head_dim, m.hidden, L);
    }
    if (!fused.norm_residual) {
      streaming(OpKind::elementwise, OpClass::elementwise, "residual_add", 2 * tokens * h,
                tokens * h, 1.0, 2 * L);
    }
  }

  // RMSNorm over the step's tokens; with the residual add fused into it, it also reads the
  // residual and writes the sum (two passes each way instead of one).
  void norm(std::string_view name, std::int64_t repeat) {
    const double passes = fused.norm_residual ? 2.0 : 1.0;
    const double elements = tokens * static_cast<double>(m.hidden);
    streaming(OpKind::elementwise, OpClass::norm, name, passes * elements, passes * elements, 4.0,
              repeat);
  }

  // Attention kernels for the prefill and decode parts. d_qk/d_v: per-head dims of scores and
  // values; d_q_io: per-head width of the query/output activations.
  // prefill_expanded: MLA prefill reads decompressed per-head K/V (activations) instead of the
  // latent cache.
  void attention(std::int64_t heads, double d_qk, double d_v, double d_q_io, std::int64_t L,
                 bool prefill_expanded = false, bool decode_absorbed = false,
                 double absorbed_qk = 0, double absorbed_v = 0) {
    const double hd = static_cast<double>(heads);
    const double kv_token = kv_bytes_per_token_per_layer(m, cfg.dtypes.kv, cfg.tp);
    const DType compute = cfg.dtypes.attention_compute();
    if (b.prefill_tokens > 0) {
      const double pt = static_cast<double>(b.prefill_tokens);
      const double per_token_read = prefill_expanded ? hd * (d_qk + d_v) * ab : kv_token;
      attention_op(OpKind::attention_prefill, "attention_prefill", b.prefill_tokens,
                   b.prefill_pairs * hd * (2 * d_qk + 2 * d_v), pt * hd * (d_q_io + d_v) * ab,
                   b.prefill_kv_reads * per_token_read + pt * kv_token, compute, L);
    }
    if (b.decode_sequences > 0) {
      const double qk = decode_absorbed ? absorbed_qk : d_qk;
      const double v = decode_absorbed ? absorbed_v : d_v;
      const double dt = static_cast<double>(b.decode_sequences);
      attention_op(OpKind::attention_decode, "attention_decode", b.decode_sequences,
                   b.decode_context * hd * (2 * qk + 2 * v), dt * hd * (qk + v) * ab,
                   b.decode_context * kv_token + dt * kv_token, compute, L,
                   std::llround(static_cast<double>(b.decode_context) / std::max(1.0, dt)));
    }
  }

  // `rows`: query tokens (prefill) or sequences (decode); `kv_len`: a decode sequence's mean
  // cached tokens.
  void attention_op(OpKind kind, std::string_view name, std::int64_t rows, double flops,
                    double act_bytes, double kv_bytes, DType compute, std::int64_t L,
                    std::int64_t kv_len = 0) {
    Op op;
    op.kind = kind;
    op.cls = OpClass::attention;
    op.name = name;
    op.compute = compute;
    op.flops = flops;
    op.act_bytes = act_bytes;
    op.kv_bytes = kv_bytes;
    op.m = rows;
    op.k = kv_len;
    op.repeat = L;
    out.push_back(op);
  }

  void mla_attention(std::int64_t heads) {
    const MlaSpec& a = *m.mla;
    const std::int64_t L = m.layers;
    const std::int64_t qk = a.qk_nope_head_dim + a.qk_rope_head_dim;
    if (a.q_lora_rank > 0) {
      gemm(OpClass::qkv_projection, "q_down_proj", b.new_tokens, m.hidden, a.q_lora_rank, L);
      gemm(OpClass::qkv_projection, "q_up_proj", b.new_tokens, a.q_lora_rank, heads * qk, L);
    } else {
      gemm(OpClass::qkv_projection, "q_proj", b.new_tokens, m.hidden, heads * qk, L);
    }
    gemm(OpClass::qkv_projection, "kv_down_proj", b.new_tokens, m.hidden,
         a.kv_lora_rank + a.qk_rope_head_dim, L);
    const bool prefill_absorbed = cfg.mla_mode == MlaMode::absorbed;
    const bool decode_absorbed = cfg.mla_mode != MlaMode::expanded;
    // Expanded: decompress the latent of every attended token into per-head K (nope) and V.
    const auto expand_rows = static_cast<std::int64_t>(
        (prefill_absorbed ? 0.0 : b.prefill_context) + (decode_absorbed ? 0.0 : b.decode_context));
    gemm(OpClass::attention, "kv_up_proj", expand_rows, a.kv_lora_rank,
         heads * (a.qk_nope_head_dim + a.v_head_dim), L);
    // Absorbed: fold W_UK into the query and W_UV into the output, per head.
    const std::int64_t absorbed_rows = (prefill_absorbed ? b.prefill_tokens : 0) +
                                       (decode_absorbed ? b.decode_sequences : 0);
    gemm(OpClass::attention, "q_absorb", absorbed_rows, a.qk_nope_head_dim, a.kv_lora_rank, L,
         heads);
    gemm(OpClass::attention, "o_absorb", absorbed_rows, a.kv_lora_rank, a.v_head_dim, L, heads);
    const double latent_qk = static_cast<double>(a.kv_lora_rank + a.qk_rope_head_dim);
    const double latent_v = static_cast<double>(a.kv_lora_rank);
    if (prefill_absorbed) {
      attention(heads, latent_qk, latent_v, latent_qk, L, false, decode_absorbed, latent_qk,
                latent_v);
    } else {
      attention(heads, static_cast<double>(qk), static_cast<double>(a.v_head_dim),
                static_cast<double>(qk), L, true, decode_absorbed, latent_qk, latent_v);
    }
    gemm(OpClass::output_projection, "o_proj", b.new_tokens, heads * a.v_head_dim, m.hidden, L);
  }

  void dense_ffn(std::int64_t width, std::int64_t repeat, OpClass cls, std::string_view up_name,
                 std::string_view down_name) {
    const std::int64_t w = shard(width);
    const bool gated = m.ffn == FfnKind::gated;
    gemm(cls, up_name, b.new_tokens, m.hidden, gated ? 2 * w : w, repeat);
    const double wd = static_cast<double>(w);
    if (!fused.activation_gemm) {
      streaming(OpKind::elementwise, OpClass::elementwise, "activation",
                tokens * wd * (gated ? 2 : 1), tokens * wd, 8.0, repeat);
    }
    gemm(cls, down_name, b.new_tokens, w, m.hidden, repeat);
  }

  void ffn_layers() {
    norm("ffn_norm", m.layers);
    dense_ffn(m.intermediate, m.dense_layers(), OpClass::ffn, "ffn_up", "ffn_down");
    if (!m.moe || m.moe_layers() == 0) return;
    const MoeSpec& e = *m.moe;
    const std::int64_t L = m.moe_layers();
    gemm(OpClass::moe_router, "router", b.new_tokens, m.hidden, e.num_experts, L);
    if (e.shared_experts > 0) {
      dense_ffn(e.shared_experts * e.expert_intermediate, L, OpClass::moe_experts, "shared_up",
                "shared_down");
    }
    routed_experts(e, L);
  }

  // Expert-token pairs (`pairs` = T·k) on the busiest EP rank (see StepOpsConfig).
  [[nodiscard]] double busiest_rank_tokens(double pairs, std::int64_t experts) const {
    if (cfg.busiest_rank_share > 0) return pairs * cfg.busiest_rank_share;
    const double E = static_cast<double>(experts);
    const double R = static_cast<double>(cfg.redundant_experts);
    const double ep = static_cast<double>(cfg.ep);
    const double slots = E + R;
    // Copies balance ranks only if every rank can get a shared (replicated) slot.
    const bool balanced = cfg.redundant_experts == 0 || 2.0 * R >= ep;
    const double base = balanced ? pairs / ep : slots / ep * pairs / E;
    const double replaced = balanced ? pairs / slots : pairs / E;
    const double hot_copies = std::min(1.0 + R, std::ceil(cfg.expert_skew * slots / E));
    return base + std::max(0.0, cfg.expert_skew * pairs / (E * hot_copies) - replaced);
  }

  // Routed experts: TP column slices of every expert (ep = 1) or whole experts per EP rank.
  void routed_experts(const MoeSpec& e, std::int64_t L) {
    const double E = static_cast<double>(e.num_experts);
    const double k = static_cast<double>(e.top_k);
    const bool expert_parallel = cfg.ep > 1;
    const double T = expert_parallel ? global_tokens : tokens;
    const double routed = expert_parallel ? busiest_rank_tokens(T * k, e.num_experts) : T * k;
    const double slots = E + static_cast<double>(cfg.redundant_experts);
    const double local_experts = expert_parallel ? slots / static_cast<double>(cfg.ep) : E;
    const double active =
        std::min(local_experts, local_experts * (1.0 - std::pow(1.0 - k / E, T)));
    const auto groups = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(active)));
    const auto rows = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil(routed / static_cast<double>(groups))));
    const std::int64_t w = expert_parallel ? e.expert_intermediate : shard(e.expert_intermediate);
    const bool gated = m.ffn == FfnKind::gated;
    const double h = static_cast<double>(m.hidden);
    // Routing: softmax over the router logits and top-k selection, one kernel per MoE layer.
    streaming(OpKind::elementwise, OpClass::moe_router, "expert_routing", tokens * E, tokens * k,
              4.0 * E / k, L);
    // TP-sharded experts: every rank gathers its tokens into expert order before the grouped GEMM
    // (one row per token and chosen expert) and, after it, sums each token's k rows weighted by
    // the router (TensorRT-LLM's expandInputRows and finalizeMoeRouting kernels). Under EP the
    // dispatch and combine all-to-alls do this reordering.
    if (!expert_parallel) {
      streaming(OpKind::elementwise, OpClass::moe_experts, "expert_permute", tokens * h,
                routed * h, 0.0, L);
    }
    gemm(OpClass::moe_experts, "expert_up", rows, m.hidden, gated ? 2 * w : w, L, groups);
    fix_group_flops(routed, static_cast<double>(m.hidden), static_cast<double>(gated ? 2 * w : w));
    if (!fused.activation_gemm) {
      streaming(OpKind::elementwise, OpClass::elementwise, "expert_activation",
                routed * static_cast<double>(w) * (gated ? 2 : 1), routed * static_cast<double>(w),
                8.0, L);
    }
    gemm(OpClass::moe_experts, "expert_down", rows, w, m.hidden, L, groups);
    fix_group_flops(routed, static_cast<double>(w), static_cast<double>(m.hidden));
    if (!expert_parallel) {
      streaming(OpKind::elementwise, OpClass::moe_experts, "expert_unpermute", routed * h,
                tokens * h, 2.0 * k, L);
    }
    if (expert_parallel && routed > 0) {
      const double mean_share = T * k / static_cast<double>(cfg.ep) / routed;
      for (std::size_t i = out.size() - 3; i < out.size(); ++i) out[i].energy_share = mean_share;
    }
  }

  // Grouped GEMM rows are rounded up per expert; FLOPs and activations count the routed tokens.
  void fix_group_flops(double routed, double k, double n) {
    Op& op = out.back();
    op.flops = 2.0 * routed * k * n;
    op.act_bytes = routed * (k + n) * ab;
  }

  void build() {
    const double h = static_cast<double>(m.hidden);
    streaming(OpKind::embedding, OpClass::embedding, "embedding", tokens * h, tokens * h, 0.0, 1);
    attention_layer();
    ffn_layers();
    const double lt = static_cast<double>(b.logit_tokens);
    streaming(OpKind::elementwise, OpClass::norm, "final_norm", lt * h, lt * h, 4.0, 1);
    gemm(OpClass::lm_head, "lm_head", b.logit_tokens, m.hidden, shard(m.vocab), 1, 1,
         WeightFormat::embedding);

  }
};

}  // namespace

void build_step_ops(const ModelSpec& m, const StepBatch& batch, const StepOpsConfig& config,
                    std::vector<Op>& out) {
  out.clear();
  if (batch.new_tokens <= 0) return;
  const StepBatch local = batch.share(config.attention_dp);
  Builder builder{m,
                  local,
                  config,
                  out,
                  bytes_per_element(config.dtypes.activations),
                  static_cast<double>(local.new_tokens),
                  static_cast<double>(batch.new_tokens)};
  builder.build();
}

}  // namespace servesim::model
