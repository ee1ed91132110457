// Parse, then derive: a spec holds what its file says; derive() gives peaks, bandwidth, power,
// area and price; typed what-ifs change the spec, and the derived device follows them; the
// process table and the data root are arguments, not globals.
#include "hardware/device.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hardware/system.h"
#include "support/shipped_hardware.h"
#include "support/temp_file.h"

namespace servesim::hardware {
namespace {

const ProcessTable& table() { return testing::environment().process_table; }

DeviceSpec spec(const std::string& name) { return load_device(name, testing::root()); }

// Applies one what-if and returns the problems ("" when none).
std::string edit(DeviceSpec& d, const std::string& path, const std::string& value) {
  try {
    apply_device_edits(d, {{path, value}}, "<scenario>", "hardware.overrides");
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Derive, ASpecHoldsOnlyWhatItsFileSays) {
  const DeviceSpec pc = spec("lamosys-pc");
  EXPECT_TRUE(pc.compute.compute_template.has_value());
  EXPECT_FALSE(pc.power.tdp.has_value());                // derived, not given
  EXPECT_FALSE(pc.memory.bandwidth.has_value());         // from the technology
  EXPECT_DOUBLE_EQ(pc.compute.peak[index_of(core::DType::bf16)].value(), 0.0);
  const Device d = derive(pc, table());
  EXPECT_NEAR(d.peak_for(core::DType::bf16).value(), 2.0 * 128 * 64 * 32 * 0.8e9, 1);
  EXPECT_DOUBLE_EQ(d.memory_bandwidth.value(), effective_bandwidth(*pc.memory.technology).value());
  EXPECT_GT(d.tdp.value(), d.idle_power.value());
  ASSERT_TRUE(d.die_area && d.price);
}

TEST(Derive, ATypedWhatIfOnATemplateMovesPeakPowerAreaAndPrice) {
  const Device base = derive(spec("lamosys-pc"), table());
  DeviceSpec wider = spec("lamosys-pc");
  EXPECT_EQ(edit(wider, "compute.template.systolic.cores", "256"), "");
  EXPECT_EQ(wider.compute.compute_template->systolic->cores, 256);
  const Device d = derive(wider, table());
  EXPECT_DOUBLE_EQ(d.peak_for(core::DType::bf16).value(),
                   2 * base.peak_for(core::DType::bf16).value());
  EXPECT_GT(d.tdp, base.tdp);
  EXPECT_GT(*d.die_area, *base.die_area);
  EXPECT_GT(*d.price, *base.price);
  DeviceSpec layers = spec("lamosys-pc");
  EXPECT_EQ(edit(layers, "memory.technology.layers", "8"), "");
  EXPECT_NEAR(derive(layers, table()).memory_bandwidth.value(), 2 * base.memory_bandwidth.value(),
              1e-6 * base.memory_bandwidth.value());
}

TEST(Derive, WhatIfsAreCheckedAsTheFileIs) {
  DeviceSpec d = spec("lamosys-pc");
  EXPECT_NE(edit(d, "compute.template.systolic.base_rows", "7")
                .find("hardware.overrides.compute.template.systolic.base_rows: must divide rows"),
            std::string::npos);
  d = spec("h100-sxm-80g");
  EXPECT_NE(edit(d, "compute.template.systolic.rows", "8")
                .find("hardware.overrides.compute.template: is not described"),
            std::string::npos);
  EXPECT_NE(edit(d, "memory.pim.stacks", "4").find("hardware.overrides.memory.pim"),
            std::string::npos);
  d = spec("a100-l3");
  EXPECT_NE(edit(d, "memory.pim.stacks", "4").find("a dimm-pim has ranks, not HBM stacks"),
            std::string::npos);
  EXPECT_EQ(edit(d, "memory.pim.rank_bandwidth", "100 GB/s"), "");
  EXPECT_NE(edit(d, "power.tdp", "10 W").find("hardware.overrides.power.idle: exceeds power.tdp"),
            std::string::npos);
}

TEST(Derive, AtAnotherPointClockAndDramTemperatureMoveOnlyThePerformance) {
  const Device nominal = derive(spec("lamosys-dc"), table());
  OperatingPoint hot = nominal.point;
  hot.dram_temperature = core::celsius(105);
  hot.compute_clock_scale = 0.5;
  const Device d = at(nominal, hot);
  EXPECT_DOUBLE_EQ(d.peak_for(core::DType::bf16).value(),
                   0.5 * nominal.peak_for(core::DType::bf16).value());
  EXPECT_LT(d.memory_bandwidth, nominal.memory_bandwidth);
  EXPECT_EQ(d.tdp, nominal.tdp);
  EXPECT_EQ(*d.price, *nominal.price);
  EXPECT_EQ(at(d, nominal.point).memory_bandwidth, nominal.memory_bandwidth);  // no compounding
}

TEST(Derive, AProcessTableIsAnArgumentNotAGlobal) {
  ProcessTable dearer = table();
  for (ProcessNode& n : dearer.nodes) n.wafer_cost = n.wafer_cost * 2.0;
  const Device shipped = derive(spec("lamosys-pc"), table());
  const Device dear = derive(spec("lamosys-pc"), dearer);
  EXPECT_GT(*dear.price, *shipped.price);
  EXPECT_EQ(*dear.die_area, *shipped.die_area);
  EXPECT_EQ(*derive(spec("lamosys-pc"), table()).price, *shipped.price);
}

TEST(DeviceSpec, EveryShippedDeviceWritesBackToTheSameSpec) {
  for (const std::string& name : testing::root().shipped_names("devices", ".yaml")) {
    const DeviceSpec d = spec(name);
    const nlohmann::ordered_json written = device_fields().write(d);
    const DeviceSpec again = core::read_document(
        core::ConfigDocument::parse(written.dump(), name, true), [](core::ConfigNode& node) {
          DeviceSpec read;
          device_fields().read(node, read);
          return read;
        });
    EXPECT_EQ(device_fields().write(again), written) << name;
    const Device a = derive(d, table()), b = derive(again, table());
    EXPECT_EQ(a.peak_for(core::DType::bf16), b.peak_for(core::DType::bf16)) << name;
    EXPECT_EQ(a.memory_bandwidth, b.memory_bandwidth) << name;
    EXPECT_EQ(a.tdp, b.tdp) << name;
  }
}

TEST(Links, TheSystemHoldsTheLinksAndItsOwnFabricWins) {
  const System mesh = testing::system("lamosys-pc-x8");
  EXPECT_EQ(mesh.scale_up.shape_x, 2);  // the system's 2x4 grid, not the chiplet's own 4x4
  EXPECT_EQ(mesh.scale_out.kind, "aib2-interposer");
  EXPECT_EQ(mesh.host.kind, load_device("lamosys-pc", testing::root()).links.host.kind);
  const System dgx = testing::system("a100-sxm-80g:8");
  EXPECT_EQ(dgx.scale_up.kind, spec("a100-sxm-80g").links.scale_up.kind);
}

TEST(DataRoot, NamesResolveUnderTheRootTheyAreGiven) {
  testing::TempFile model("unused", "");
  const std::filesystem::path root = std::filesystem::path(model.path()).parent_path() / "root";
  std::filesystem::create_directories(root / "configs" / "devices");
  std::filesystem::copy_file(*testing::root().resolve("h100-sxm-80g", "devices", ".yaml"),
                             root / "configs" / "devices" / "my-gpu.yaml");
  const core::DataRoot mine(root.string());
  EXPECT_EQ(load_device("my-gpu", mine).name, "h100-sxm-80g");
  EXPECT_EQ(mine.shipped_names("devices", ".yaml"), std::vector<std::string>{"my-gpu"});
  EXPECT_THROW((void)load_device("my-gpu", testing::root()), core::InputError);
  EXPECT_EQ(mine.data_file("traces/x.csv"), (root / "data" / "traces" / "x.csv").string());
}

}  // namespace
}  // namespace servesim::hardware
