// DType sizes and names.
#include "core/dtype.h"

namespace servesim::core {

double bytes_per_element(DType t) {
  switch (t) {
    case DType::fp32: return 4.0;
    case DType::bf16: return 2.0;
    case DType::fp16: return 2.0;
    case DType::fp8: return 1.0;
    case DType::int8: return 1.0;
    case DType::int4: return 0.5;
  }
  return 2.0;
}

std::string_view to_string(DType t) {
  switch (t) {
    case DType::fp32: return "fp32";
    case DType::bf16: return "bf16";
    case DType::fp16: return "fp16";
    case DType::fp8: return "fp8";
    case DType::int8: return "int8";
    case DType::int4: return "int4";
  }
  return "?";
}

std::optional<DType> parse_dtype(std::string_view name) {
  if (name == "fp32" || name == "float32") return DType::fp32;
  if (name == "bf16" || name == "bfloat16") return DType::bf16;
  if (name == "fp16" || name == "float16") return DType::fp16;
  if (name == "fp8" || name == "float8") return DType::fp8;
  if (name == "int8") return DType::int8;
  if (name == "int4") return DType::int4;
  return std::nullopt;
}

std::string dtype_names() { return "fp32, bf16, fp16, fp8, int8, int4"; }

DType DTypes::gemm_compute() const {
  if (weights == DType::fp8 || weights == DType::int8) return weights;
  return activations;
}

DType DTypes::embedding_weights() const {
  return bytes_per_element(weights) < 2.0 ? activations : weights;
}

DType DTypes::attention_compute() const { return kv == DType::fp8 ? DType::fp8 : activations; }

}  // namespace servesim::core
