// Systems: DEVICE:COUNT shorthand, shipped multi-node YAML, and their errors.
#include "hardware/system_spec.h"

#include <gtest/gtest.h>

#include "support/temp_file.h"
#include "support/shipped_hardware.h"

namespace servesim::hardware {
namespace {

std::string error_of(const std::string& spec) {
  try {
    (void)testing::system(spec);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SystemSpec, DeviceCountIsOneNode) {
  const System s = testing::system("h100-sxm-80g:8");
  EXPECT_EQ(s.nodes, 1);
  EXPECT_EQ(s.devices_per_node, 8);
  EXPECT_DOUBLE_EQ(s.scale_up.bandwidth.value(), 450e9);
}

TEST(SystemSpec, CountsBeyondANodeFillWholeNodes) {
  const System s = testing::system("a100-sxm-80g:16");
  EXPECT_EQ(s.nodes, 2);
  EXPECT_EQ(s.devices_per_node, 8);
  EXPECT_DOUBLE_EQ(s.scale_out.bandwidth.value(), 25e9);
}

TEST(SystemSpec, EveryShippedSystemLoads) {
  const auto names = testing::root().shipped_names("systems", ".yaml");
  ASSERT_GE(names.size(), 1u);
  for (const auto& name : names) {
    const System s = testing::system(name);
    EXPECT_GT(s.device_count(), 0) << name;
    EXPECT_GT(s.scale_out.bandwidth.value(), 0) << name;
  }
  EXPECT_EQ(testing::system("dgx-h100x2").device_count(), 16);
}

TEST(SystemSpec, Errors) {
  EXPECT_NE(error_of("h100-sxm-80g:12").find("do not fill whole nodes"), std::string::npos);
  EXPECT_NE(error_of("h100-sxm-80g:x").find("COUNT must be a positive integer"), std::string::npos);
  EXPECT_NE(error_of("h100-sxm-80g:0").find("COUNT must be a positive integer"), std::string::npos);
  EXPECT_NE(error_of("tpu:4").find("no such device"), std::string::npos);
  EXPECT_NE(error_of("nonsense").find("use DEVICE:COUNT"), std::string::npos);
}

TEST(SystemSpec, FabricsFromYaml) {
  testing::TempFile mesh("mesh.yaml",
                         "name: m\ndevice: h100-sxm-80g\nnodes: 1\ndevices_per_node: 16\n"
                         "scale_up: {kind: aib2, topology: mesh2d, shape: \"4x4\", "
                         "bandwidth: \"200 GB/s\", latency: \"20 ns\"}\n");
  const System s = testing::system(mesh.path());
  EXPECT_EQ(s.scale_up.topology, Topology::mesh2d);
  EXPECT_EQ(s.scale_up.shape_x, 4);
  testing::TempFile big("big.yaml",
                        "name: m\ndevice: h100-sxm-80g\nnodes: 1\ndevices_per_node: 20\n"
                        "scale_up: {kind: aib2, topology: mesh2d, shape: \"4x4\", "
                        "bandwidth: \"200 GB/s\", latency: \"20 ns\"}\n");
  EXPECT_NE(error_of(big.path()).find("do not fit a 4x4 grid"), std::string::npos);
  testing::TempFile bad("bad.yaml",
                        "name: m\ndevice: h100-sxm-80g\nnodes: 1\ndevices_per_node: 4\n"
                        "scale_up: {kind: x, topology: hypercube, bandwidth: \"1 GB/s\", "
                        "latency: \"1 us\"}\n");
  EXPECT_NE(error_of(bad.path()).find("unknown topology \"hypercube\""), std::string::npos);
  testing::TempFile shape("shape.yaml",
                          "name: m\ndevice: h100-sxm-80g\nnodes: 1\ndevices_per_node: 4\n"
                          "scale_up: {kind: x, topology: torus2d, shape: \"four\", "
                          "bandwidth: \"1 GB/s\", latency: \"1 us\"}\n");
  EXPECT_NE(error_of(shape.path()).find("is not XxY"), std::string::npos);
  EXPECT_EQ(testing::system("h100-photonic-x32").scale_up.radix, 16);
}

TEST(SystemSpec, YamlErrorsNameTheKey) {
  testing::TempFile f("sys.yaml", "name: x\ndevice: h100-sxm-80g\nnodes: 2\ndevices_per_node: 16\n");
  EXPECT_NE(error_of(f.path()).find("devices_per_node"), std::string::npos);
  testing::TempFile g("sys.yaml", "name: x\ndevice: h100-sxm-80g\nnodes: 0\ndevices_per_node: 8\n");
  EXPECT_NE(error_of(g.path()).find("nodes: must be >= 1"), std::string::npos);
}

}  // namespace
}  // namespace servesim::hardware
