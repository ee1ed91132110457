// Workloads: trace readers, synthetic specs, filters, and the errors of corrupt input.
#include "serving/workload.h"

#include <gtest/gtest.h>

#include "core/diagnostics.h"
#include "support/temp_file.h"

namespace servesim::serving {
namespace {

std::vector<Request> drain(Workload& w) {
  std::vector<Request> out;
  while (auto r = w.source->next()) out.push_back(*r);
  return out;
}

std::string error_of(const std::string& spec_or_file, WorkloadOptions o = {}) {
  try {
    Workload w = open_workload(spec_or_file, o);
    drain(w);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Workload, ReadsTheBundledAzureTrace) {
  Workload w = open_workload(std::string(SERVESIM_SOURCE_DIR) +
                                 "/data/traces/azure2023_AzureLLMInferenceTrace_conv.csv",
                             {});
  const auto requests = drain(w);
  ASSERT_EQ(requests.size(), 19366u);
  EXPECT_DOUBLE_EQ(requests[0].arrival.value(), 0.0);
  EXPECT_EQ(requests[0].input_tokens, 374);
  EXPECT_EQ(requests[0].output_tokens, 44);
  EXPECT_NEAR(requests[1].arrival.value(), 4.314579, 1e-6);  // 18:15:50.995169 − 18:15:46.680590
  EXPECT_NEAR(requests.back().arrival.value(), 58.4 * 60, 60);
}

TEST(Workload, ReadsMooncakeWithPrefixBlocks) {
  testing::TempFile f("t.jsonl",
                      "{\"timestamp\": 0, \"input_length\": 1100, \"output_length\": 5, "
                      "\"hash_ids\": [0, 1, 2]}\n"
                      "{\"timestamp\": 1500, \"input_length\": 600, \"output_length\": 7, "
                      "\"hash_ids\": [0, 3]}\n");
  Workload w = open_workload(f.path(), {});
  const auto r = drain(w);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_DOUBLE_EQ(r[1].arrival.value(), 1.5);
  EXPECT_EQ(r[0].prefix_blocks, (std::vector<std::uint64_t>{0, 1, 2}));
}

TEST(Workload, ReadsPlainCsv) {
  testing::TempFile f("t.csv", "arrival_s,input_tokens,output_tokens\n0.5,100,10\n1.25,200,20\n");
  Workload w = open_workload(f.path(), {});
  const auto r = drain(w);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_DOUBLE_EQ(r[1].arrival.value(), 1.25);
}

struct Corrupt {
  const char* rows;
  const char* message;
};

TEST(Workload, CorruptRowsNameFileAndLine) {
  const Corrupt cases[] = {
      {"0.5,-3,10\n", "input tokens must be >= 1"},
      {"0.5,100,0\n", "output tokens must be >= 1"},
      {"0.5,abc,10\n", "input_tokens \"abc\" is not an integer"},
      {"x,100,10\n", "arrival_s \"x\" is not a number"},
      {"2.0,100,10\n1.0,100,10\n", "arrival time goes backwards"},
      {"0.5,100\n", "expected 3 comma-separated fields"},
  };
  for (const Corrupt& c : cases) {
    testing::TempFile f("bad.csv", std::string("arrival_s,input_tokens,output_tokens\n") + c.rows);
    const std::string e = error_of(f.path());
    EXPECT_NE(e.find("bad.csv:"), std::string::npos) << c.rows << e;
    EXPECT_NE(e.find(c.message), std::string::npos) << c.rows << e;
  }
  testing::TempFile azure("a.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\nyesterday,1,1\n");
  EXPECT_NE(error_of(azure.path()).find("a.csv:2"), std::string::npos);
  testing::TempFile mooncake("m.jsonl", "{\"timestamp\": 0, \"input_length\": \"many\"}\n");
  EXPECT_NE(error_of(mooncake.path()).find("\"input_length\" must be a number"), std::string::npos);
}

TEST(Workload, SkipBadRowsCountsThem) {
  testing::TempFile f("bad.csv",
                      "arrival_s,input_tokens,output_tokens\n0.1,10,10\n0.2,-1,10\n0.3,x,1\n0.4,5,5\n");
  WorkloadOptions o;
  o.skip_bad_rows = true;
  Workload w = open_workload(f.path(), o);
  EXPECT_EQ(drain(w).size(), 2u);
  EXPECT_EQ(w.source->skipped_rows(), 2);
}

TEST(Workload, UnknownFormatAndMissingFile) {
  testing::TempFile f("weird.txt", "hello\n");
  EXPECT_NE(error_of(f.path()).find("unrecognised trace format"), std::string::npos);
  EXPECT_NE(error_of("/no/such/trace.csv").find("no such trace file"), std::string::npos);
}

TEST(Workload, SyntheticSpecs) {
  WorkloadOptions o;
  o.seed = 3;
  Workload p = open_workload("poisson:rate=10,requests=20000,input=100,output=exp:50", o);
  const auto r = drain(p);
  ASSERT_EQ(r.size(), 20000u);
  EXPECT_NEAR(r.back().arrival.value() / 20000.0, 0.1, 0.005);  // mean gap 1/rate
  double out = 0;
  for (const auto& x : r) out += static_cast<double>(x.output_tokens);
  EXPECT_NEAR(out / 20000.0, 50, 1.5);
  Workload g = open_workload("gamma:rate=10,cv=4,requests=20000", o);
  const auto gr = drain(g);
  EXPECT_NEAR(gr.back().arrival.value() / 20000.0, 0.1, 0.02);
  Workload c = open_workload("concurrency:n=4,requests=3", o);
  EXPECT_EQ(c.mode, ArrivalMode::closed_loop);
  EXPECT_EQ(c.concurrency, 4);
  Workload b = open_workload("batch:n=8", o);
  EXPECT_EQ(b.mode, ArrivalMode::static_batches);
}

TEST(Workload, FiltersScaleAndCut) {
  WorkloadOptions o;
  o.rate_scale = 2;
  o.max_requests = 10;
  Workload w = open_workload("poisson:rate=1,requests=100", o);
  const auto r = drain(w);
  ASSERT_EQ(r.size(), 10u);
  WorkloadOptions plain;
  Workload base = open_workload("poisson:rate=1,requests=100", plain);
  EXPECT_DOUBLE_EQ(r[9].arrival.value() * 2, drain(base)[9].arrival.value());
  WorkloadOptions d;
  d.duration = Seconds(5);
  Workload cut = open_workload("poisson:rate=1,requests=100", d);
  for (const auto& x : drain(cut)) EXPECT_LE(x.arrival.value(), 5.0);
}

TEST(Workload, MalformedSpecsAreExplained) {
  EXPECT_NE(error_of("poisson:requests=5").find("rate: is required but missing (add rate=VALUE)"),
            std::string::npos);
  EXPECT_NE(error_of("poisson:rate=-1").find("workload.generator: rate: must be > 0, got -1"),
            std::string::npos);
  EXPECT_NE(error_of("poisson:rat=1").find("did you mean 'rate'?"), std::string::npos);
  EXPECT_NE(error_of("zipf:rate=1").find("unknown workload kind"), std::string::npos);
  EXPECT_NE(error_of("poisson:rate=1,input=normal:5").find("is not a length"), std::string::npos);
  EXPECT_NE(error_of("poisson:rate").find("is not key=value"), std::string::npos);
  WorkloadOptions bad;
  bad.rate_scale = 0;
  EXPECT_NE(error_of("poisson:rate=1", bad).find("workload.rate_scale"), std::string::npos);
}

}  // namespace
}  // namespace servesim::serving
