// Area, cost and peak power from the process-node table: the LaMoSys3.5D chiplets' derived area
// and power come within 10% of the published figures (seeds.md §1), the area is the sum of its
// parts, the yield and dies-per-wafer formulas hold, overrides win, and bad input is explained.
#include "hardware/area_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numbers>
#include <regex>
#include <sstream>

#include "hardware/peak_power.h"
#include "support/temp_file.h"
#include "support/shipped_hardware.h"

namespace servesim::hardware {
namespace {

TEST(AreaModel, LamosysChipletsComeWithinTenPercentOfPublished) {
  struct Published {
    const char* name;
    double area_mm2, power_w;
  };
  for (const Published& p : {Published{"lamosys-pc", 546, 438}, Published{"lamosys-dc", 584, 638}}) {
    const Device d = testing::device(p.name);
    ASSERT_TRUE(d.die_area.has_value()) << p.name;
    EXPECT_NEAR(d.die_area->value() * 1e6 / p.area_mm2, 1.0, 0.10) << p.name;
    EXPECT_NEAR(d.tdp.value() / p.power_w, 1.0, 0.10) << p.name;
    EXPECT_DOUBLE_EQ(d.tdp.value(), peak_power(d, d.spec->links.scale_up).total().value()) << p.name;
  }
}

TEST(AreaModel, AreaIsTheSumOfItsParts) {
  const Device d = testing::device("lamosys-pc");
  const ProcessTable& t = testing::environment().process_table;
  const ProcessNode& node = *t.node("28nm");
  const AreaBreakdown a = area_breakdown(*d.spec, node, *t.memory("3d-dram"), *t.link("aib2"));
  EXPECT_DOUBLE_EQ(a.macs.value(), 128.0 * 64 * 32 * node.mac_area.value());
  EXPECT_DOUBLE_EQ(a.sram.value(), 64 * core::kMiB * node.sram_area.value());
  EXPECT_DOUBLE_EQ(a.memory_phy.value(), 4.0 * 32 * 256 * 1600e-12);  // one 40 µm pitch per bit
  EXPECT_NEAR(a.link_phy.value(), 4 * 1.2e-6, 1e-15);                  // four 200 GB/s AIB ports
  EXPECT_DOUBLE_EQ(a.dram_layer.value(), 8e9 * 40e-6 / 1e9);           // 8 GB per layer
  EXPECT_DOUBLE_EQ(a.logic().value(),
                   (a.macs + a.sram + a.memory_phy + a.link_phy + a.vector).value());
  EXPECT_DOUBLE_EQ(a.die().value(), std::max(a.logic(), a.dram_layer).value());
  EXPECT_DOUBLE_EQ(d.die_area->value(), a.die().value());
  // Price: the die and the memory, as manufactured.
  const CostBreakdown c = manufacturing_cost(a.die(), d.memory_capacity, node, *t.memory("3d-dram"), t);
  EXPECT_DOUBLE_EQ(c.memory.value(), 32 * 15.0);
  EXPECT_NEAR(d.price->value(), c.total().value(), 1e-9);
}

TEST(AreaModel, YieldAndDiesPerWaferFollowTheirFormulas) {
  const Length wafer(0.3);
  const core::Area die(100e-6);  // 100 mm²
  EXPECT_NEAR(dies_per_wafer(die, wafer),
              std::numbers::pi * 0.15 * 0.15 / 100e-6 - std::numbers::pi * 0.3 / std::sqrt(200e-6),
              1e-9);
  EXPECT_DOUBLE_EQ(negative_binomial_yield(die, 0.0, 3), 1.0);
  EXPECT_NEAR(negative_binomial_yield(die, 0.1, 3), std::pow(1 + 1.0 * 0.1 / 3, -3), 1e-12);
  double previous = 1.0;
  for (double mm2 : {50.0, 200.0, 400.0, 800.0}) {
    const double y = negative_binomial_yield(core::Area(mm2 * 1e-6), 0.09, 3);
    EXPECT_LT(y, previous) << mm2;
    previous = y;
  }
  EXPECT_DOUBLE_EQ(dies_per_wafer(core::Area(1.0), wafer), 0.0);  // a die larger than the wafer
}

TEST(AreaModel, PeakPowerIsTheSumOfEnergyTimesRate) {
  const Device d = testing::device("lamosys-pc");
  const PowerBreakdown p = peak_power(d, d.spec->links.scale_up);
  EXPECT_DOUBLE_EQ(p.idle.value(), 40);
  EXPECT_NEAR(p.compute.value(), 2.0 * 128 * 64 * 32 * 0.8e9 * 0.5e-12, 1e-9);
  EXPECT_NEAR(p.memory.value(), d.memory_bandwidth.value() * 8 * (0.55 + 1.01 + 0.25) * 1e-12, 1e-9);
  EXPECT_NEAR(p.links.value(), 4 * 2 * 200e9 * 8 * 0.5e-12, 1e-9);
}

std::string lamosys_with(const std::string& from, const std::string& to) {
  std::ifstream in(*testing::root().resolve("lamosys-pc", "devices", ".yaml"));
  std::stringstream text;
  text << in.rdbuf();
  return std::regex_replace(text.str(), std::regex(from), to,
                            std::regex_constants::format_first_only);
}

Device load_text(const std::string& yaml) {
  testing::TempFile f("device.yaml", yaml);
  return testing::device(f.path());
}

std::string error_of(const std::string& yaml) {
  try {
    (void)load_text(yaml);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(AreaModel, ExplicitAreaPriceAndTdpOverrideTheDerivedOnes) {
  const Device d = load_text(lamosys_with(
      "  process_node: 28nm", "  process_node: 28nm\n  die_area: \"500 mm²\"\n  price: \"$$9000\""));
  EXPECT_DOUBLE_EQ(d.die_area->value(), 500e-6);
  EXPECT_DOUBLE_EQ(d.price->value(), 9000);
  const Device area_only =
      load_text(lamosys_with("  process_node: 28nm", "  process_node: 28nm\n  die_area: \"500 mm²\""));
  EXPECT_DOUBLE_EQ(area_only.price->value(), testing::device("lamosys-pc").price->value());
  const Device tdp = load_text(lamosys_with("  idle: \"40 W\"", "  idle: \"40 W\"\n  tdp: \"450 W\""));
  EXPECT_DOUBLE_EQ(tdp.tdp.value(), 450);
}

TEST(AreaModel, GrossMarginRaisesTheDerivedPrice) {
  const Device d =
      load_text(lamosys_with("  process_node: 28nm", "  process_node: 28nm\n  gross_margin: 0.6"));
  EXPECT_NEAR(d.price->value(), testing::device("lamosys-pc").price->value() / 0.4, 1e-6);
  EXPECT_NE(error_of(lamosys_with("  process_node: 28nm", "  process_node: 28nm\n  gross_margin: 1.5"))
                .find("cost.gross_margin: must be below 1"),
            std::string::npos);
}

TEST(AreaModel, BadProcessInputIsExplained) {
  const std::string unknown = error_of(lamosys_with("process_node: 28nm", "process_node: 6nm"));
  EXPECT_NE(unknown.find("cost.process_node: unknown process node \"6nm\""), std::string::npos)
      << unknown;
  EXPECT_NE(unknown.find("use one of 28nm, 16nm, 7nm"), std::string::npos) << unknown;
  const std::string link = error_of(lamosys_with("kind: aib2", "kind: warp-link"));
  EXPECT_NE(link.find("links.scale_up.kind: \"warp-link\" has no PHY in the process table"),
            std::string::npos)
      << link;
  std::ifstream in(*testing::root().resolve("h100-sxm-80g", "devices", ".yaml"));
  std::stringstream gpu;
  gpu << in.rdbuf();
  const std::string no_template =
      error_of(std::regex_replace(gpu.str(), std::regex("\ncost:\n"), "\ncost:\n  process_node: 7nm\n"));
  EXPECT_NE(no_template.find("cost.process_node: needs compute.template and memory.technology"),
            std::string::npos)
      << no_template;
  const std::string no_tdp =
      error_of(std::regex_replace(gpu.str(), std::regex("  tdp: [^\n]*\n"), ""));
  EXPECT_NE(no_tdp.find("power.tdp: is required"), std::string::npos) << no_tdp;
}

}  // namespace
}  // namespace servesim::hardware
