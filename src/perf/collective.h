// Collectives under the alpha-beta model on a two-level topology (NVSwitch nodes joined by one
// NIC per device). For S bytes per rank over N ranks, n of them per node, a link of bandwidth
// B·efficiency and per-step latency α:
//   ring all-reduce   2(N−1)/N·S / B + 2(N−1)·α      (all-gather, reduce-scatter: half of it);
//                     across nodes, NCCL runs one ring channel per NIC, so the inter-node part is
//                     2(N−1)/N·S / (n·B_nic), overlapped with the intra-node part;
//   tree all-reduce   (multi-node) intra-node reduce-scatter + all-gather, and a binary tree over
//                     the nodes on S/n per rank: 2(S/n)/B_nic + 2·⌈log2 nodes⌉·α_nic;
//   direct            one-shot on a switch or photonic fabric: every rank reads all peers' buffers
//                     at once ((N−1)·S / B + α) for all-reduce; (N−1)/N·S / B + α for all-gather,
//                     reduce-scatter and all-to-all (a photonic fabric beyond its radix: 2α);
//   2d-ring           on a mesh/torus of X×Y: rings along X then Y, 2(X−1)/X·S + 2(Y−1)/Y·S/X
//                     bytes per rank over one (mesh) or two (torus) links per dimension;
//   bisection         all-to-all on a ring/mesh/torus: S·N/4 bytes cross the bisection of 2 (ring),
//                     Y (mesh) or 2Y (torus) links.
// A ring fabric runs two rings in opposite directions (twice the per-link bandwidth).
// The fastest applicable algorithm is chosen, as NCCL's tuner does by message size.
// Who runs the collective (CollectiveLibrary, from the engine: model::AllReduceImpl) adds:
//   ideal   nothing: every algorithm above, no per-call cost (hardware studies);
//   nccl    a fixed cost per call (kernel launch, channel setup and the ranks' handshake:
//           calibration.nccl_call_overhead), no one-shot except all-to-all, and for the ring a
//           second protocol, LL: each 8-byte store carries 4 bytes of data and a 4-byte flag, so
//           it moves data at half the link rate but needs no per-step synchronisation inside a
//           node (across nodes the network latency stays); NCCL uses it for small messages (NCCL
//           documentation, NCCL_PROTO; the faster of the two is taken);
//   custom  the engine's own all-reduce inside one switched node up to a buffer size: one-shot
//           ((N−1)·S / B + α) or two-shot (reduce-scatter + all-gather, 2(N−1)/N·S / B + 2α), plus
//           calibration.custom_all_reduce_overhead (vLLM custom_all_reduce, TensorRT-LLM
//           AllReduce plugin); anything else goes to NCCL.
// Sources: Thakur et al., "Optimization of collective communication operations in MPICH" (2005);
// NCCL documentation (rings, trees, channels, protocols).
#pragma once

#include <optional>
#include <string>
#include <functional>

#include "core/registry.h"
#include "mapping/plan.h"
#include "model/engine_kernels.h"
#include "model/op.h"

namespace servesim::perf {

struct CollectiveCost {
  core::Seconds time{};
  double intra_bytes = 0;  // bytes each rank sends over its scale-up link
  double inter_bytes = 0;  // bytes each rank sends over its scale-out link
  std::string algorithm;
};

/// Time of `kind` over `group` for a buffer of `bytes` per rank; nullopt when the algorithm does
/// not apply (e.g. tree inside one node, one-shot across nodes).
using CollectiveAlgorithm = std::function<std::optional<CollectiveCost>(
    model::OpKind kind, double bytes, const mapping::CommGroup& group, double node_dedup)>;

const core::Registry<CollectiveAlgorithm>& collective_algorithms();

/// Who runs the collectives and the fixed costs of a call (see the header).
struct CollectiveLibrary {
  model::AllReduceImpl impl = model::AllReduceImpl::ideal;
  double custom_max_bytes = model::EngineKernels{}.custom_all_reduce_max.value();
  core::Seconds nccl_call{};
  core::Seconds custom_call{};
};

/// The library of an engine's kernels on a device (its calibrated call costs).
CollectiveLibrary collective_library(const model::EngineKernels& engine,
                                     const hardware::Calibration& device);

/// The cost under `library`: `ideal`, the fastest applicable algorithm; `nccl`, the fastest of
/// NCCL's (no one-shot all-reduce, all-gather or reduce-scatter; the ring also by its LL protocol)
/// plus the call cost, which every NCCL collective pays (all-to-all and send/receive too; it was
/// fitted on eager all-reduces, an upper bound under CUDA graphs); `custom`, the engine's
/// all-reduce where it takes the buffer, NCCL's otherwise. A group of one rank costs nothing.
/// `node_dedup` scales the inter-node bytes of an all-to-all (model::Op::comm_node_dedup).
/// Contract: kind is a communication kind (model::is_communication).
CollectiveCost collective_cost(model::OpKind kind, double bytes, const mapping::CommGroup& group,
                               double node_dedup = 1.0, const CollectiveLibrary& library = {});

}  // namespace servesim::perf
