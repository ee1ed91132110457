// Numeric formats of weights, activations and KV cache, and their storage size.
// int4 packs two values per byte (0.5 B); fp8 is E4M3/E5M2 (1 B).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace servesim::core {

enum class DType { fp32, bf16, fp16, fp8, int8, int4 };

double bytes_per_element(DType t);
std::string_view to_string(DType t);
/// "fp16", "float16", "bf16", "bfloat16", "fp8", "int8", "int4", "fp32"/"float32"; nullopt otherwise.
std::optional<DType> parse_dtype(std::string_view name);
/// The accepted names, for error hints.
std::string dtype_names();

/// The formats of one deployment. Contract (documented in docs/units.md): GEMMs run in the weight
/// format when weights are 8-bit (W8A8, activations quantised per GEMM as TensorRT-LLM FP8 does),
/// otherwise in the activation format (W4A16 dequantises int4 weights); attention runs in fp8 when
/// the KV cache is fp8, otherwise in the activation format.
struct DTypes {
  DType weights = DType::bf16;
  DType activations = DType::bf16;
  DType kv = DType::bf16;

  [[nodiscard]] DType gemm_compute() const;
  /// Format of the embedding table and LM head: quantisation recipes (TensorRT-LLM ModelOpt FP8,
  /// GPTQ/AWQ int4) keep them in 16-bit, so sub-16-bit weights fall back to the activation format.
  [[nodiscard]] DType embedding_weights() const;
  [[nodiscard]] DType attention_compute() const;
};

}  // namespace servesim::core
