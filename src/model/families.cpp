// Family readers: field names follow each family's Hugging Face configuration class
// (LlamaConfig, MistralConfig, MixtralConfig, Qwen2Config, Qwen3MoeConfig, DeepseekV3Config,
// GPT2Config, OPTConfig in huggingface/transformers).
#include "model/families.h"

namespace servesim::model {
namespace {

using core::ConfigNode;
using core::Range;

// Llama-style decoder: RMSNorm, SwiGLU, rotary positions, optional GQA and explicit head_dim.
void read_llama_like(ConfigNode& c, ModelSpec& m) {
  m.hidden = c.integer("hidden_size");
  m.layers = c.integer("num_hidden_layers");
  m.heads = c.integer("num_attention_heads");
  m.kv_heads = c.optional_integer("num_key_value_heads").value_or(m.heads);
  m.head_dim = c.optional_integer("head_dim").value_or(m.heads > 0 ? m.hidden / m.heads : 0);
  m.intermediate = c.integer("intermediate_size");
  m.vocab = c.integer("vocab_size");
  m.max_context = c.optional_integer("max_position_embeddings").value_or(4096);
  m.tie_embeddings = c.flag("tie_word_embeddings", false);
  m.ffn = FfnKind::gated;
  m.norm = NormKind::rms;
}

void read_llama(ConfigNode& c, ModelSpec& m) { read_llama_like(c, m); }

void read_mistral(ConfigNode& c, ModelSpec& m) {
  read_llama_like(c, m);
  m.sliding_window = c.optional_integer("sliding_window");
}

void read_mixtral(ConfigNode& c, ModelSpec& m) {
  read_mistral(c, m);
  MoeSpec e;
  e.num_experts = c.integer("num_local_experts");
  e.top_k = c.integer("num_experts_per_tok");
  e.expert_intermediate = m.intermediate;
  m.moe = e;
}

void read_qwen2(ConfigNode& c, ModelSpec& m) {
  read_llama_like(c, m);
  m.qkv_bias = true;
  if (c.flag("use_sliding_window", false)) m.sliding_window = c.optional_integer("sliding_window");
}

void read_qwen3_moe(ConfigNode& c, ModelSpec& m) {
  read_llama_like(c, m);
  MoeSpec e;
  e.num_experts = c.integer("num_experts");
  e.top_k = c.integer("num_experts_per_tok");
  e.expert_intermediate = c.integer("moe_intermediate_size");
  e.layer_frequency = c.optional_integer("decoder_sparse_step").value_or(1);
  m.moe = e;
}

void read_deepseek_v3(ConfigNode& c, ModelSpec& m) {
  read_llama_like(c, m);
  MlaSpec a;
  a.q_lora_rank = c.optional_integer("q_lora_rank", Range::non_negative).value_or(0);
  a.kv_lora_rank = c.integer("kv_lora_rank");
  a.qk_nope_head_dim = c.integer("qk_nope_head_dim");
  a.qk_rope_head_dim = c.integer("qk_rope_head_dim");
  a.v_head_dim = c.integer("v_head_dim");
  m.mla = a;
  m.head_dim = a.qk_nope_head_dim + a.qk_rope_head_dim;
  m.kv_heads = m.heads;
  MoeSpec e;
  e.num_experts = c.integer("n_routed_experts");
  e.top_k = c.integer("num_experts_per_tok");
  e.expert_intermediate = c.integer("moe_intermediate_size");
  e.shared_experts = c.optional_integer("n_shared_experts", Range::non_negative).value_or(0);
  e.first_dense_layers = c.optional_integer("first_k_dense_replace", Range::non_negative).value_or(0);
  e.layer_frequency = c.optional_integer("moe_layer_freq").value_or(1);
  m.moe = e;
}

// GPT-2 naming (also used for the GPT-3 family): LayerNorm, GELU MLP, learned positions, biases.
void read_gpt2(ConfigNode& c, ModelSpec& m) {
  m.hidden = c.integer("n_embd");
  m.layers = c.integer("n_layer");
  m.heads = c.integer("n_head");
  m.kv_heads = m.heads;
  m.head_dim = m.heads > 0 ? m.hidden / m.heads : 0;
  m.intermediate = c.optional_integer("n_inner").value_or(4 * m.hidden);
  m.vocab = c.integer("vocab_size");
  m.max_context = c.optional_integer("n_positions").value_or(1024);
  m.tie_embeddings = c.flag("tie_word_embeddings", true);
  m.learned_positions = true;
  m.linear_biases = true;
  m.ffn = FfnKind::plain;
  m.norm = NormKind::layer;
}

void read_opt(ConfigNode& c, ModelSpec& m) {
  m.hidden = c.integer("hidden_size");
  m.layers = c.integer("num_hidden_layers");
  m.heads = c.integer("num_attention_heads");
  m.kv_heads = m.heads;
  m.head_dim = m.heads > 0 ? m.hidden / m.heads : 0;
  m.intermediate = c.integer("ffn_dim");
  m.vocab = c.integer("vocab_size");
  m.max_context = c.optional_integer("max_position_embeddings").value_or(2048);
  m.tie_embeddings = c.flag("tie_word_embeddings", true);
  m.learned_positions = true;
  m.linear_biases = true;
  m.ffn = FfnKind::plain;
  m.norm = NormKind::layer;
}

}  // namespace

void register_model_families(core::Registry<FamilyReader>& r) {
  r.add({"llama", "Llama 2/3: RMSNorm, SwiGLU, RoPE, GQA", {}, read_llama});
  r.add({"mistral", "Mistral: Llama layout with a sliding attention window", {}, read_mistral});
  r.add({"mixtral", "Mixtral: Mistral with top-k routed SwiGLU experts", {}, read_mixtral});
  r.add({"qwen2", "Qwen2/QwQ: Llama layout with q/k/v biases", {}, read_qwen2});
  r.add({"qwen3_moe", "Qwen3-MoE: GQA with many small routed experts", {}, read_qwen3_moe});
  r.add({"deepseek_v3",
         "DeepSeek-V3/R1: MLA, shared + routed experts, first layers dense",
         {},
         read_deepseek_v3});
  r.add({"gpt2", "GPT-2 naming, used for the GPT-3 family: LayerNorm, GELU, learned positions",
         {},
         read_gpt2});
  r.add({"opt", "OPT: LayerNorm, ReLU MLP, learned positions", {}, read_opt});
}

}  // namespace servesim::model
