// Collectives on ring, mesh, torus and photonic fabrics: monotone, ordered by wiring, and never
// faster than the fabric's bisection allows.
#include <gtest/gtest.h>

#include "perf/collective.h"

namespace servesim::perf {
namespace {

using hardware::Topology;

mapping::CommGroup fabric(Topology t, std::int64_t ranks, std::int64_t x = 0, std::int64_t y = 0,
                          std::int64_t radix = 0) {
  hardware::LinkSpec l;
  l.kind = "test";
  l.bandwidth = core::BytesPerSecond(100e9);
  l.latency = core::Seconds(1e-6);
  l.topology = t;
  l.shape_x = x;
  l.shape_y = y;
  l.radix = radix;
  return mapping::CommGroup{ranks, ranks, l, l};
}

double time_of(model::OpKind kind, double bytes, const mapping::CommGroup& g) {
  return collective_cost(kind, bytes, g).time.value();
}

TEST(Topology, EveryFabricIsMonotoneInMessageSize) {
  const mapping::CommGroup groups[] = {
      fabric(Topology::switch_fabric, 16), fabric(Topology::photonic, 16, 0, 0, 8),
      fabric(Topology::ring, 16), fabric(Topology::mesh2d, 16, 4, 4),
      fabric(Topology::torus2d, 16, 4, 4)};
  for (const auto& g : groups) {
    for (auto kind : {model::OpKind::all_reduce, model::OpKind::all_gather,
                      model::OpKind::reduce_scatter, model::OpKind::all_to_all}) {
      double previous = 0;
      for (double bytes = 1e3; bytes < 1e10; bytes *= 4) {
        const double t = time_of(kind, bytes, g);
        ASSERT_TRUE(std::isfinite(t)) << model::to_string(kind);
        EXPECT_GE(t, previous) << model::to_string(kind) << " " << bytes;
        previous = t;
      }
    }
  }
}

TEST(Topology, WraparoundLinksNeverHurt) {
  for (auto kind : {model::OpKind::all_reduce, model::OpKind::all_to_all}) {
    for (double bytes : {1e4, 1e7, 1e9}) {
      EXPECT_LE(time_of(kind, bytes, fabric(Topology::torus2d, 16, 4, 4)),
                time_of(kind, bytes, fabric(Topology::mesh2d, 16, 4, 4)));
    }
  }
}

TEST(Topology, AllToAllIsBisectionBound) {
  const double bytes = 1e9;
  // 16 ranks: n²/4 pairs · S/n each way = S·n/4 bytes cross the cut.
  for (const auto& [g, cut] : {std::pair{fabric(Topology::ring, 16), 2.0},
                               std::pair{fabric(Topology::mesh2d, 16, 4, 4), 4.0},
                               std::pair{fabric(Topology::torus2d, 16, 4, 4), 8.0}}) {
    const double bound = bytes * 16 / 4 / (cut * 100e9);
    EXPECT_GE(time_of(model::OpKind::all_to_all, bytes, g), bound);
  }
  // With the same injection bandwidth per device (a torus device has 4 links), a switch has full
  // bisection and wins the all-to-all.
  mapping::CommGroup wide_switch = fabric(Topology::switch_fabric, 16);
  wide_switch.intra.bandwidth = core::BytesPerSecond(4 * 100e9);
  EXPECT_LT(time_of(model::OpKind::all_to_all, bytes, wide_switch),
            time_of(model::OpKind::all_to_all, bytes, fabric(Topology::torus2d, 16, 4, 4)));
}

TEST(Topology, PhotonicBeyondItsRadixPaysASecondHop) {
  const double small = 1e3;
  EXPECT_GT(time_of(model::OpKind::all_to_all, small, fabric(Topology::photonic, 16, 0, 0, 8)),
            time_of(model::OpKind::all_to_all, small, fabric(Topology::photonic, 16, 0, 0, 16)));
}

TEST(Topology, RingFabricRunsTwoRings) {
  const double bytes = 1e9;
  EXPECT_NEAR(time_of(model::OpKind::all_reduce, bytes, fabric(Topology::switch_fabric, 8)) /
                  time_of(model::OpKind::all_reduce, bytes, fabric(Topology::ring, 8)),
              2.0, 0.01);
}

}  // namespace
}  // namespace servesim::perf
