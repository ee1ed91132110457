// Systems: DEVICE:COUNT shorthand, shipped multi-node YAML, and their errors.
#include "hardware/system_spec.h"

#include <gtest/gtest.h>

#include "core/config_paths.h"
#include "support/temp_file.h"

namespace servesim::hardware {
namespace {

std::string error_of(const std::string& spec) {
  try {
    (void)load_system(spec);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SystemSpec, DeviceCountIsOneNode) {
  const SystemSpec s = load_system("h100-sxm-80g:8");
  EXPECT_EQ(s.nodes, 1);
  EXPECT_EQ(s.devices_per_node, 8);
  EXPECT_DOUBLE_EQ(s.scale_up.bandwidth.value(), 450e9);
}

TEST(SystemSpec, CountsBeyondANodeFillWholeNodes) {
  const SystemSpec s = load_system("a100-sxm-80g:16");
  EXPECT_EQ(s.nodes, 2);
  EXPECT_EQ(s.devices_per_node, 8);
  EXPECT_DOUBLE_EQ(s.scale_out.bandwidth.value(), 25e9);
}

TEST(SystemSpec, EveryShippedSystemLoads) {
  const auto names = core::shipped_names("systems", ".yaml");
  ASSERT_GE(names.size(), 1u);
  for (const auto& name : names) {
    const SystemSpec s = load_system(name);
    EXPECT_GT(s.device_count(), 0) << name;
    EXPECT_GT(s.scale_out.bandwidth.value(), 0) << name;
  }
  EXPECT_EQ(load_system("dgx-h100x2").device_count(), 16);
}

TEST(SystemSpec, Errors) {
  EXPECT_NE(error_of("h100-sxm-80g:12").find("do not fill whole nodes"), std::string::npos);
  EXPECT_NE(error_of("h100-sxm-80g:x").find("COUNT must be a positive integer"), std::string::npos);
  EXPECT_NE(error_of("h100-sxm-80g:0").find("COUNT must be a positive integer"), std::string::npos);
  EXPECT_NE(error_of("tpu:4").find("no such device"), std::string::npos);
  EXPECT_NE(error_of("nonsense").find("use DEVICE:COUNT"), std::string::npos);
}

TEST(SystemSpec, YamlErrorsNameTheKey) {
  testing::TempFile f("sys.yaml", "name: x\ndevice: h100-sxm-80g\nnodes: 2\ndevices_per_node: 16\n");
  EXPECT_NE(error_of(f.path()).find("devices_per_node"), std::string::npos);
  testing::TempFile g("sys.yaml", "name: x\ndevice: h100-sxm-80g\nnodes: 0\ndevices_per_node: 8\n");
  EXPECT_NE(error_of(g.path()).find("nodes: must be >= 1"), std::string::npos);
}

}  // namespace
}  // namespace servesim::hardware
