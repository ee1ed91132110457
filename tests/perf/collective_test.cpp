// Collectives: monotone in message size and rank count, never faster than the slowest link allows.
#include "perf/collective.h"

#include <gtest/gtest.h>

#include "hardware/system_spec.h"
#include "support/shipped_hardware.h"

namespace servesim::perf {
namespace {

mapping::CommGroup group(const std::string& system, std::int64_t ranks) {
  return mapping::tp_group(mapping::Plan{ranks, 1}, testing::system(system));
}

TEST(Collective, MonotoneInMessageSize) {
  for (auto kind : {model::OpKind::all_reduce, model::OpKind::all_gather,
                    model::OpKind::reduce_scatter, model::OpKind::all_to_all}) {
    for (const char* sys : {"h100-sxm-80g:8", "dgx-h100x2"}) {
      const std::int64_t ranks = std::string(sys) == "dgx-h100x2" ? 16 : 8;
      double previous = 0;
      for (double bytes = 1024; bytes < 1e10; bytes *= 2) {
        const double t = collective_cost(kind, bytes, group(sys, ranks)).time.value();
        EXPECT_GE(t, previous) << model::to_string(kind) << " " << sys << " " << bytes;
        previous = t;
      }
    }
  }
}

TEST(Collective, MonotoneInRanks) {
  const auto system = testing::system("dgx-h100x2");
  for (double bytes : {8e3, 1e6, 64e6}) {
    double previous = 0;
    for (std::int64_t ranks : {2, 4, 8, 16}) {
      const auto g = mapping::tp_group(mapping::Plan{ranks, 1}, system);
      const double t = collective_cost(model::OpKind::all_reduce, bytes, g).time.value();
      EXPECT_GE(t, previous) << ranks << " ranks, " << bytes << " bytes";
      previous = t;
    }
  }
}

TEST(Collective, CrossNodeAllReduceRespectsTheNicBound) {
  // Every node must ship at least 2·(nodes−1)/nodes of the buffer through its NICs.
  const auto system = testing::system("dgx-h100x2");
  const auto g = mapping::tp_group(mapping::Plan{16, 1}, system);
  for (double bytes : {1e6, 64e6, 1e9}) {
    const double t = collective_cost(model::OpKind::all_reduce, bytes, g).time.value();
    const double nic = system.scale_out.bandwidth.value();  // peak, before efficiency
    const double bound = 2.0 * (2 - 1) / 2.0 * bytes / (8 * nic);
    EXPECT_GE(t, bound) << bytes;
    // And never faster than the same all-reduce inside one node's NVLink.
    const auto local = mapping::tp_group(mapping::Plan{8, 1}, system);
    EXPECT_GE(t, collective_cost(model::OpKind::all_reduce, bytes, local).time.value());
  }
}

TEST(Collective, RingMatchesTheAlphaBetaFormula) {
  const auto g = group("h100-sxm-80g:8", 8);
  const double bytes = 64 * 1024.0 * 1024.0;
  const CollectiveCost c = collective_cost(model::OpKind::all_reduce, bytes, g);
  EXPECT_EQ(c.algorithm, "ring");
  const double expected = 2.0 * 7 / 8 * bytes / (g.intra.bandwidth.value() * g.intra.efficiency) +
                          14 * g.intra.latency.value();
  EXPECT_DOUBLE_EQ(c.time.value(), expected);
}

TEST(Collective, TinyMessagesUseTheOneShotAlgorithm) {
  const CollectiveCost c =
      collective_cost(model::OpKind::all_reduce, 1024, group("h100-sxm-80g:8", 8));
  EXPECT_EQ(c.algorithm, "direct");
}

CollectiveLibrary library(model::AllReduceImpl impl, const std::string& device) {
  model::EngineKernels engine;
  engine.all_reduce = impl;
  return collective_library(engine, testing::device(device).calibration);
}

// NCCL: every call pays its fixed cost; small buffers go by the LL protocol (half the link rate,
// no per-step latency), large ones by the ring at the full rate; no one-shot all-reduce.
TEST(Collective, NcclPaysItsCallCostAndUsesTheLowLatencyProtocolForSmallBuffers) {
  const auto g = group("h100-sxm-80g:8", 8);
  const CollectiveLibrary nccl = library(model::AllReduceImpl::nccl, "h100-sxm-80g");
  ASSERT_GT(nccl.nccl_call.value(), 0);
  const double rate = g.intra.bandwidth.value() * g.intra.efficiency;
  const CollectiveCost small = collective_cost(model::OpKind::all_reduce, 18432, g, 1.0, nccl);
  EXPECT_EQ(small.algorithm, "ring (LL)");
  EXPECT_NEAR(small.time.value(), nccl.nccl_call.value() + 2.0 * 7 / 8 * 18432 / (0.5 * rate),
              1e-12);
  const double big = 64 * 1024.0 * 1024.0;
  const CollectiveCost large = collective_cost(model::OpKind::all_reduce, big, g, 1.0, nccl);
  EXPECT_EQ(large.algorithm, "ring");
  EXPECT_NEAR(large.time.value(),
              collective_cost(model::OpKind::all_reduce, big, g).time.value() +
                  nccl.nccl_call.value(),
              1e-12);
  for (double bytes = 1024; bytes < 1e9; bytes *= 4) {
    const CollectiveCost c = collective_cost(model::OpKind::all_reduce, bytes, g, 1.0, nccl);
    EXPECT_NE(c.algorithm, "direct") << bytes;
    EXPECT_GE(c.time, collective_cost(model::OpKind::all_reduce, bytes, g).time) << bytes;
  }
}

// The engine's custom all-reduce takes buffers up to its limit inside one switched node, at its
// own call cost; a larger buffer, or a group across nodes, goes to NCCL.
TEST(Collective, TheCustomAllReduceTakesSmallBuffersAndLeavesTheRestToNccl) {
  const auto g = group("h100-sxm-80g:8", 8);
  const CollectiveLibrary custom = library(model::AllReduceImpl::custom, "h100-sxm-80g");
  const CollectiveLibrary nccl = library(model::AllReduceImpl::nccl, "h100-sxm-80g");
  const CollectiveCost small = collective_cost(model::OpKind::all_reduce, 16384, g, 1.0, custom);
  EXPECT_EQ(small.algorithm, "custom one-shot");
  const double rate = g.intra.bandwidth.value() * g.intra.efficiency;
  EXPECT_NEAR(small.time.value(),
              custom.custom_call.value() + 7 * 16384 / rate + g.intra.latency.value(), 1e-12);
  const double limit = custom.custom_max_bytes;
  EXPECT_EQ(collective_cost(model::OpKind::all_reduce, limit, g, 1.0, custom).algorithm,
            "custom two-shot");
  const CollectiveCost beyond =
      collective_cost(model::OpKind::all_reduce, 2 * limit, g, 1.0, custom);
  EXPECT_EQ(beyond.time, collective_cost(model::OpKind::all_reduce, 2 * limit, g, 1.0, nccl).time);
  const auto two_nodes = group("dgx-h100x2", 16);
  EXPECT_EQ(collective_cost(model::OpKind::all_reduce, 65536, two_nodes, 1.0, custom).time,
            collective_cost(model::OpKind::all_reduce, 65536, two_nodes, 1.0, nccl).time);
  // Other collectives are NCCL's.
  EXPECT_EQ(collective_cost(model::OpKind::all_gather, 65536, g, 1.0, custom).time,
            collective_cost(model::OpKind::all_gather, 65536, g, 1.0, nccl).time);
}

TEST(Collective, SingleRankCostsNothing) {
  EXPECT_EQ(collective_cost(model::OpKind::all_reduce, 1e9, group("h100-sxm-80g:1", 1)).time.value(),
            0.0);
}

}  // namespace
}  // namespace servesim::perf
