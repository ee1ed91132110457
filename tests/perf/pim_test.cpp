// PIM engines: AttAcc's power-limited internal bandwidth, attention never faster than the internal
// bandwidth allows, energy as the sum of its parts, L3's rankset and re-layout rules.
#include "perf/pim_attention.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "hardware/device_spec.h"
#include "model/hf_config.h"
#include "model/step_ops.h"
#include "support/temp_file.h"
#include "support/shipped_hardware.h"

namespace servesim::perf {
namespace {

hardware::PimSpec attacc(hardware::PimPlacement placement) {
  hardware::PimSpec p;
  p.kind = hardware::PimKind::hbm_pim;
  p.stacks = 5;
  p.stack_bandwidth = core::BytesPerSecond(670.4e9);
  p.placement = placement;
  p.ops_per_byte = 1.0;
  p.capacity = core::gibibytes(80);
  p.energy = core::JoulesPerByte(8 * 0.55e-12);
  p.pu_energy = core::JoulesPerFlop(0.5e-12);
  p.launch = core::Seconds(1e-6);
  return p;
}

TEST(Pim, AttAccInternalBandwidthIsPowerLimited) {
  using hardware::PimPlacement;
  EXPECT_DOUBLE_EQ(hardware::internal_bandwidth(attacc(PimPlacement::bank)).value(), 5 * 670.4e9 * 9);
  EXPECT_DOUBLE_EQ(hardware::internal_bandwidth(attacc(PimPlacement::bank_group)).value(),
                   5 * 670.4e9 * 3);
  EXPECT_DOUBLE_EQ(hardware::internal_bandwidth(attacc(PimPlacement::buffer_die)).value(),
                   5 * 670.4e9);
}

model::Op decode_attention(std::int64_t batch, std::int64_t context) {
  const model::ModelSpec m = model::load_model("gpt3-175b", testing::root());
  model::StepBatch b;
  b.add({1, context, true}, m, batch);
  std::vector<model::Op> ops;
  model::build_step_ops(m, b, model::StepOpsConfig{}, ops);
  for (const model::Op& op : ops) {
    if (op.kind == model::OpKind::attention_decode) return op;
  }
  return {};
}

TEST(Pim, AttentionIsNeverFasterThanTheInternalBandwidth) {
  for (auto placement : {hardware::PimPlacement::bank, hardware::PimPlacement::bank_group,
                         hardware::PimPlacement::buffer_die}) {
    const hardware::PimSpec p = attacc(placement);
    for (std::int64_t context : {128, 2048, 32768}) {
      const model::Op op = decode_attention(64, context);
      const OpCost c = pim_attention_cost(op, p);
      EXPECT_GE(c.time.value(), op.kv_bytes / hardware::internal_bandwidth(p).value());
      EXPECT_DOUBLE_EQ(c.energy.value(), op.kv_bytes * p.energy.value() + op.flops * p.pu_energy.value());
    }
  }
}

TEST(Pim, DimmPimKeepsThreeQuartersOfItsComputeWhileTransferring) {
  hardware::PimSpec l3;
  l3.kind = hardware::PimKind::dimm_pim;
  l3.channels = 16;
  l3.dimms_per_channel = 2;
  l3.ranks_per_dimm = 2;
  l3.rank_bandwidth = core::BytesPerSecond(4 * 19.2e9);
  l3.ops_per_byte = 1;
  l3.capacity = core::Bytes(2e12);
  l3.launch = core::Seconds(0);
  const model::Op op = decode_attention(256, 16384);
  const core::Seconds work = pim_attention_cost(op, l3).time;
  // Work that ends within the transfer runs at 75%; beyond it, only the transfer's span is slowed.
  EXPECT_NEAR(during_transfer(work, work * 2.0, l3).value(), work.value() / 0.75, 1e-12);
  EXPECT_NEAR(during_transfer(work, work * 0.5, l3).value(), work.value() * (1 + 0.5 * 0.25), 1e-12);
  EXPECT_DOUBLE_EQ(during_transfer(work, core::Seconds{}, l3).value(), work.value());
  EXPECT_DOUBLE_EQ(relayout_time(l3, core::Seconds(1)).value(), 0.0);
  l3.in_flight_relayout = false;
  EXPECT_DOUBLE_EQ(relayout_time(l3, core::Seconds(1)).value(), 2.0);
}

TEST(Pim, DeviceYamlCarriesAPimEngine) {
  std::ifstream in(std::string(SERVESIM_SOURCE_DIR) + "/configs/devices/a100-sxm-80g.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const std::string anchor = "  l2: \"40 MiB\"\n";
  const std::string pim =
      anchor +
      "  pim: {kind: hbm-pim, stacks: 5, stack_bandwidth: \"670.4 GB/s\", placement: bank-group, "
      "ops_per_byte: 1, capacity: \"80 GiB\", energy: \"0.55 pJ/bit\", pu_energy: \"0.5 pJ/FLOP\", "
      "launch: \"1 us\"}\n";
  yaml.replace(yaml.find(anchor), anchor.size(), pim);
  testing::TempFile f("attacc.yaml", yaml);
  const hardware::Device d = testing::device(f.path());
  ASSERT_TRUE(d.pim.has_value());
  EXPECT_DOUBLE_EQ(hardware::internal_bandwidth(*d.pim).value(), 5 * 670.4e9 * 3);
  std::string bad = yaml;
  bad.replace(bad.find("bank-group"), 10, "rank-level");
  testing::TempFile g("bad.yaml", bad);
  try {
    (void)testing::device(g.path());
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("memory.pim.placement: unknown placement"), std::string::npos);
  }
}

}  // namespace
}  // namespace servesim::perf
