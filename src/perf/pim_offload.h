// Attention offload to a PIM engine within one engine step (L3, AttAcc, NeuPIMs): the device runs
// the dense layers, prefill attention and collectives; the PIM runs decode attention over the KV
// cache it holds (pim_attention.h).
//
// Link traffic (PIM at `host` or `peer`, hardware/pim.h): per layer and decode sequence, the query
// and the new key/value go to the PIM and the attention output comes back, synchronously, on the
// critical path of the PIM side; a prefill's new KV is copied to the PIM asynchronously while the
// device computes. A prompt being prefilled in chunks keeps the KV of its earlier chunks (and its
// prefix-cache hits) in a staging area of device memory; what does not fit there is fetched back
// from the PIM before the device attends over it. All of it shares the one link.
//
// Sub-batch interleaving: with two sub-batches the device computes one while the PIM attends the
// other, layer by layer (a two-stage pipeline with two jobs). With device time D and PIM time P of
// both sub-batches together (each sub-batch re-runs the dense ops, so D exceeds the whole batch's
// device time when weights dominate) over L layers, the step takes max(D, P) + min(D, P) / (2L)
// (the fill of the first layer); with one sub-batch D + P. The step model picks the faster.
#pragma once

#include <cstdint>

#include "hardware/system.h"
#include "model/model_spec.h"
#include "model/step_batch.h"
#include "perf/op_cost.h"

namespace servesim::perf {

/// How the serving software drives a PIM: 1 sub-batch (serial), or up to 2 (L3 and NeuPIMs),
/// used when the hardware can overlap (hardware::can_overlap) and interleaving is faster.
struct PimSchedule {
  std::int64_t sub_batches = 2;
};

/// Static power of one device with its PIM engines.
core::Watts idle_power(const hardware::Device& device);

/// The link between a device and its PIM (host link or scale-up), or nullptr for device memory.
const hardware::LinkSpec* pim_link(const hardware::System& system);

struct PimExchange {
  Seconds synchronous{};    // decode Q/K/V out and attention output back
  Seconds context_fetch{};  // cached prompt context beyond the staging area, brought back
  Seconds asynchronous{};   // prefill KV copied into the PIM
  Joules energy{};
};

/// Device memory (per device) a PIM at the host or a peer leaves for staging prompts being
/// prefilled: kStagingShare of capacity minus the weights (the rest holds activations and the
/// runtime). An assumption, not a measurement.
inline constexpr double kStagingShare = 0.8;
Bytes staging_capacity(const hardware::Device& device, double weight_bytes);

/// Link traffic of one step on one device (TP shard `tp`, `layers` layers of the stage, `staging`
/// bytes of staging area). Contract: zero when the device has no PIM or the PIM is in device memory.
PimExchange pim_exchange(const hardware::System& system, const model::ModelSpec& m,
                         const model::DTypes& dtypes, const model::StepBatch& batch,
                         std::int64_t tp, std::int64_t layers, Bytes staging);

/// Step time of device work `device_time` and PIM work `pim_time` over `layers` layers.
Seconds overlapped_step(Seconds device_time, Seconds pim_time, std::int64_t layers,
                        std::int64_t sub_batches);

}  // namespace servesim::perf
