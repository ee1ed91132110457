// What a serving engine's kernels do beyond the model's arithmetic (configs/engines/*.yaml,
// scenario/engine_profile.h): which small kernels it fuses into their neighbours, which all-reduce
// implementation it calls, and whether it launches kernels from a CUDA graph or one at a time.
// The defaults are the model as written: no fusion, the fastest collective algorithm with no
// per-call cost, graph launches.
#pragma once

#include "core/units.h"

namespace servesim::model {

/// Element-wise kernels an engine folds into a neighbouring kernel, each saving one launch floor
/// and the traffic of its own pass over the activations.
struct Fusions {
  bool norm_residual = false;    // the residual add inside the next RMSNorm (vLLM fused_add_rms_norm)
  bool rope_attention = false;   // rotary embedding applied inside the attention kernel
  bool activation_gemm = false;  // gated activation in the up-projection GEMM's epilogue
};

/// Who runs the TP all-reduce (perf/collective.h):
///   ideal  — the fastest algorithm, no per-call cost (hardware studies; the default);
///   custom — the engine's one-shot/two-shot kernel inside one NVLink node up to a size, NCCL
///            beyond it (TensorRT-LLM, vLLM, SGLang);
///   nccl   — NCCL for every collective (plain PyTorch).
enum class AllReduceImpl { ideal, custom, nccl };

/// What the engine's kernels do: its fusions, its all-reduce and its launch mode. The defaults
/// (no fusion, ideal collectives, graph launches) are the model as written.
struct EngineKernels {
  Fusions fused;
  AllReduceImpl all_reduce = AllReduceImpl::ideal;
  core::Bytes custom_all_reduce_max{8 * core::kMiB};  // custom: largest buffer it takes
  /// Eager launches: the host needs this long to issue one kernel, so a kernel shorter than it
  /// leaves the device idle (0: CUDA-graph replay, the launch cost is in the device floor).
  core::Seconds eager_launch{};
};

}  // namespace servesim::model
