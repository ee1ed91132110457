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

TEST(Collective, SingleRankCostsNothing) {
  EXPECT_EQ(collective_cost(model::OpKind::all_reduce, 1e9, group("h100-sxm-80g:1", 1)).time.value(),
            0.0);
}

}  // namespace
}  // namespace servesim::perf
