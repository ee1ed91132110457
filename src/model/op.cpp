// Names of op kinds and classes (used in breakdowns and JSON output).
#include "model/op.h"

namespace servesim::model {

Op make_gemm(std::int64_t m, std::int64_t n, std::int64_t k, DType format) {
  Op op;
  op.kind = OpKind::gemm;
  op.name = "gemm";
  op.compute = format;
  op.m = m;
  op.n = n;
  op.k = k;
  const double b = bytes_per_element(format);
  const double md = static_cast<double>(m), nd = static_cast<double>(n), kd = static_cast<double>(k);
  op.flops = 2.0 * md * nd * kd;
  op.weight_bytes = kd * nd * b;
  op.act_bytes = (md * kd + md * nd) * b;
  return op;
}

Op make_expert_gemm(std::int64_t groups, std::int64_t m, std::int64_t n, std::int64_t k,
                    DType format) {
  Op op = make_gemm(m, n, k, format);
  op.kind = groups > 1 ? OpKind::grouped_gemm : OpKind::gemm;
  op.name = "expert_gemm";
  op.cls = OpClass::moe_experts;
  op.groups = groups;
  const auto g = static_cast<double>(groups);
  op.flops *= g;
  op.weight_bytes *= g;
  op.act_bytes *= g;
  return op;
}

Op make_decode_attention(std::int64_t batch, std::int64_t kv_len, std::int64_t heads,
                         std::int64_t kv_heads, std::int64_t head_dim, DType kv_format) {
  Op op;
  op.kind = OpKind::attention_decode;
  op.cls = OpClass::attention;
  op.name = "attention_decode";
  op.compute = bytes_per_element(kv_format) < 2 ? DType::bf16 : kv_format;
  op.m = batch;
  op.k = kv_len;
  const double b = static_cast<double>(batch), l = static_cast<double>(kv_len);
  const double h = static_cast<double>(heads), d = static_cast<double>(head_dim);
  op.flops = b * l * h * 4.0 * d;
  op.act_bytes = b * h * 2.0 * d * bytes_per_element(op.compute);
  op.kv_bytes = b * (l + 1) * 2.0 * static_cast<double>(kv_heads) * d * bytes_per_element(kv_format);
  return op;
}

std::string_view to_string(OpKind k) {
  switch (k) {
    case OpKind::gemm: return "gemm";
    case OpKind::grouped_gemm: return "grouped_gemm";
    case OpKind::attention_prefill: return "attention_prefill";
    case OpKind::attention_decode: return "attention_decode";
    case OpKind::elementwise: return "elementwise";
    case OpKind::embedding: return "embedding";
    case OpKind::all_reduce: return "all_reduce";
    case OpKind::all_gather: return "all_gather";
    case OpKind::reduce_scatter: return "reduce_scatter";
    case OpKind::all_to_all: return "all_to_all";
    case OpKind::send_recv: return "send_recv";
  }
  return "?";
}

std::string_view to_string(OpClass c) {
  switch (c) {
    case OpClass::embedding: return "embedding";
    case OpClass::qkv_projection: return "qkv_projection";
    case OpClass::attention: return "attention";
    case OpClass::output_projection: return "output_projection";
    case OpClass::ffn: return "ffn";
    case OpClass::moe_router: return "moe_router";
    case OpClass::moe_experts: return "moe_experts";
    case OpClass::norm: return "norm";
    case OpClass::elementwise: return "elementwise";
    case OpClass::lm_head: return "lm_head";
    case OpClass::communication: return "communication";
  }
  return "?";
}

}  // namespace servesim::model
