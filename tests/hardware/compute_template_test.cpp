// Compute template schema: dataflows and vector units parse, the derived counts add up, and an
// unknown or ill-typed template field is reported with its path and a hint (exit code 2 in the
// CLI, which maps InputError to it).
#include "hardware/compute_template.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "hardware/device_spec.h"
#include "support/temp_file.h"
#include "support/shipped_hardware.h"

namespace servesim::hardware {
namespace {

std::string ador_with(const std::string& from, const std::string& to) {
  std::ifstream in(*testing::root().resolve("ador-like", "devices", ".yaml"));
  std::stringstream text;
  text << in.rdbuf();
  return std::regex_replace(text.str(), std::regex(from), to,
                            std::regex_constants::format_first_only);
}

std::string error_of(const std::string& yaml) {
  testing::TempFile f("template.yaml", yaml);
  try {
    (void)testing::device(f.path());
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ComputeTemplate, AdorLikeHasBothEnginesAndVectorUnits) {
  const Device d = testing::device("ador-like");
  const ComputeTemplate& t = *d.compute_template;
  ASSERT_TRUE(t.systolic && t.mac_tree && t.vector);
  EXPECT_EQ(t.systolic->dataflow, Dataflow::weight_stationary);
  EXPECT_EQ(t.matrix_macs(), 8 * 128 * 128 + 64 * 1024);
  EXPECT_DOUBLE_EQ(t.matrix_peak().value(), 2.0 * static_cast<double>(t.matrix_macs()) * 1e9);
  EXPECT_DOUBLE_EQ(t.vector->peak().value(), 8 * 256 * 1e9);
  EXPECT_DOUBLE_EQ(t.sram().value(), 8 * core::kMiB + 32 * core::kMiB);
  EXPECT_DOUBLE_EQ(d.peak_for(core::DType::bf16).value(), t.matrix_peak().value());
}

TEST(ComputeTemplate, DataflowsParse) {
  for (const auto& [name, dataflow] :
       {std::pair{"output-stationary", Dataflow::output_stationary},
        std::pair{"input-stationary", Dataflow::input_stationary}}) {
    testing::TempFile f("df.yaml", ador_with("dataflow: weight-stationary",
                                             std::string("dataflow: ") + name));
    EXPECT_EQ(testing::device(f.path()).compute_template->systolic->dataflow, dataflow) << name;
  }
}

TEST(ComputeTemplate, UnknownOrIllTypedFieldsNameThePathAndAHint) {
  const std::string unknown = error_of(ador_with("      rows: 128", "      rowz: 128"));
  EXPECT_NE(unknown.find("compute.template.systolic.rowz: unknown key (did you mean 'rows'?)"),
            std::string::npos)
      << unknown;
  const std::string ill_typed = error_of(ador_with("      rows: 128", "      rows: many"));
  EXPECT_NE(ill_typed.find("compute.template.systolic.rows:"), std::string::npos) << ill_typed;
  const std::string bare = error_of(ador_with("frequency: \"1 GHz\"", "frequency: 1"));
  EXPECT_NE(bare.find("compute.template.systolic.frequency: \"1\" a bare number has no unit"),
            std::string::npos)
      << bare;
  const std::string dataflow = error_of(ador_with("dataflow: weight-stationary", "dataflow: row-stationary"));
  EXPECT_NE(dataflow.find("compute.template.systolic.dataflow: unknown dataflow \"row-stationary\""),
            std::string::npos)
      << dataflow;
  EXPECT_NE(dataflow.find("use one of weight-stationary, output-stationary, input-stationary"),
            std::string::npos)
      << dataflow;
  const std::string lanes = error_of(ador_with("      lanes: 256", "      lane: 256"));
  EXPECT_NE(lanes.find("compute.template.vector.lane: unknown key (did you mean 'lanes'?)"),
            std::string::npos)
      << lanes;
  const std::string engine = error_of(ador_with("    mac_tree:", "    mac_trees:"));
  EXPECT_NE(engine.find("compute.template.mac_trees: unknown key (did you mean 'mac_tree'?)"),
            std::string::npos)
      << engine;
}

TEST(ComputeTemplate, PartitionedArraysMustBeWeightStationary) {
  const std::string e = error_of(ador_with(
      "      dataflow: weight-stationary", "      dataflow: output-stationary\n      base_rows: 8"));
  EXPECT_NE(e.find("compute.template.systolic.base_rows: needs a weight-stationary array"),
            std::string::npos)
      << e;
}

}  // namespace
}  // namespace servesim::hardware
