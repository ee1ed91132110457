// Long-context and reasoning workloads: the shipped Mooncake trace, ServeGen descriptors
// (servegen:DIR) and the bundled reasoning workload (reasoning:rate=R).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "core/diagnostics.h"
#include "serving/workload.h"
#include "support/shipped.h"

namespace servesim::serving {
namespace {

namespace fs = std::filesystem;

// A fresh directory of named files, removed afterwards.
class TempDir {
 public:
  explicit TempDir(const std::map<std::string, std::string>& files) {
    static int counter = 0;
    path_ = (fs::temp_directory_path() /
             ("servesim-servegen-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                .string();
    fs::create_directories(path_);
    for (const auto& [name, text] : files) std::ofstream(fs::path(path_) / name) << text;
  }
  ~TempDir() { fs::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Options that find the shipped traces and descriptors of this checkout.
WorkloadOptions shipped() {
  WorkloadOptions o;
  o.data = &servesim::testing::root();
  return o;
}

std::vector<Request> drain(Workload& w) {
  std::vector<Request> out;
  while (auto r = w.source->next()) out.push_back(*r);
  return out;
}

std::string error_of(const std::string& spec) {
  try {
    Workload w = open_workload(spec, shipped());
    drain(w);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

struct Means {
  double input = 0, output = 0;
};

Means means(const std::vector<Request>& requests) {
  Means m;
  for (const Request& r : requests) {
    m.input += static_cast<double>(r.input_tokens);
    m.output += static_cast<double>(r.output_tokens);
  }
  m.input /= static_cast<double>(requests.size());
  m.output /= static_cast<double>(requests.size());
  return m;
}

TEST(LongContext, ShippedMooncakeTraceLoadsByName) {
  Workload w = open_workload("mooncake-conv", shipped());
  const auto requests = drain(w);
  ASSERT_EQ(requests.size(), 12031u);
  const Means m = means(requests);
  EXPECT_NEAR(m.input, 12035, 0.01 * 12035);
  EXPECT_NEAR(m.output, 343, 0.01 * 343);
  EXPECT_FALSE(requests[0].prefix_blocks.empty());
  EXPECT_NEAR(requests.back().arrival.value(), 3537, 60);  // 3,537 s per the source README
  Workload azure = open_workload("azure-conv", shipped());
  EXPECT_EQ(drain(azure).size(), 19366u);
  const std::string unknown = error_of("mooncake-chat");
  EXPECT_NE(unknown.find("did you mean 'mooncake-conv'?"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("shipped trace (azure-conv, azure-code, mooncake-conv)"),
            std::string::npos);
}

// Two clients over three 600 s windows; client 1 is silent in the middle window.
const std::map<std::string, std::string> kDescriptor = {
    {"chunk-0-trace.csv",
     "0,2.0,3.0,Gamma,0.111,4.5\n600,1.0,1.2,Weibull,0.8,1.1\n"
     "1200,0.5,1,Exponential,0,0\n"},
    {"chunk-0-dataset.json",
     R"({"0": {"input_tokens": "{100: 0.5, 300: 0.5}", "output_tokens": "{1000: 1.0}",
               "reason_ratio": "{0.5: 1.0}"},
         "1200": {"input_tokens": "{50: 1.0}", "output_tokens": "{10: 0.5, 30: 0.5}"}})"},
    {"chunk-1-trace.csv", "0,1.0,1,,0,0\n600,0,0,,0,0\n1200,3.0,2.0,Gamma,0.25,2\n"},
    {"chunk-1-dataset.json", R"({"0": {"input_tokens": "{4000: 1}", "output_tokens": "{2: 1}"}})"},
};

TEST(ServeGen, GeneratesEachWindowsRequestsWithItsLengths) {
  TempDir dir(kDescriptor);
  Workload w = open_workload("servegen:" + dir.path(), {});
  const auto r = drain(w);
  // Expected requests: client 0: 1200 + 600 + 300; client 1: 600 + 0 + 1800 → 4,500.
  EXPECT_NEAR(static_cast<double>(r.size()), 4500, 4 * std::sqrt(4500.0) * 3);
  std::map<std::pair<int, int>, int> per_window;  // (window, input) → count
  auto count = [&](int window, int input) { return per_window[std::make_pair(window, input)]; };
  for (std::size_t i = 0; i < r.size(); ++i) {
    ASSERT_EQ(r[i].id, static_cast<std::int64_t>(i));
    ASSERT_GE(r[i].input_tokens, 1);
    ASSERT_GE(r[i].output_tokens, 1);
    if (i > 0) {
      ASSERT_GE(r[i].arrival.value(), r[i - 1].arrival.value());
    }
    ASSERT_LT(r[i].arrival.value(), 1800.0 + 1e-6);
    ++per_window[{static_cast<int>(r[i].arrival.value() / 600),
                  static_cast<int>(r[i].input_tokens)}];
  }
  // Window 1: only client 0 (rate 1.0 → 600), lengths from its t=0 PMFs (100 or 300, never 4000).
  EXPECT_EQ(count(1, 4000), 0);
  EXPECT_NEAR(count(1, 100) + count(1, 300), 600, 150);
  // Window 2: client 0 uses its 1200 s PMFs (input 50) at rate 0.5; client 1 at rate 3.0.
  EXPECT_NEAR(count(2, 50), 300, 90);
  EXPECT_NEAR(count(2, 4000), 1800, 450);
  EXPECT_EQ(count(2, 100), 0);
}

TEST(ServeGen, SameSeedSameStreamOtherSeedOther) {
  TempDir dir(kDescriptor);
  WorkloadOptions a, b;
  a.seed = b.seed = 5;
  Workload w1 = open_workload("servegen:" + dir.path(), a);
  Workload w2 = open_workload("servegen:" + dir.path(), b);
  const auto r1 = drain(w1), r2 = drain(w2);
  ASSERT_EQ(r1.size(), r2.size());
  for (std::size_t i = 0; i < r1.size(); ++i) {
    ASSERT_EQ(r1[i].arrival.value(), r2[i].arrival.value());
    ASSERT_EQ(r1[i].input_tokens, r2[i].input_tokens);
    ASSERT_EQ(r1[i].output_tokens, r2[i].output_tokens);
  }
  WorkloadOptions c;
  c.seed = 6;
  Workload w3 = open_workload("servegen:" + dir.path(), c);
  EXPECT_NE(drain(w3)[10].arrival.value(), r1[10].arrival.value());
}

struct BadDescriptor {
  std::string file;
  std::string text;
  std::string message;  // the error names the file, then this
};

TEST(ServeGen, MalformedDescriptorsNameFileFieldAndExpectation) {
  const BadDescriptor cases[] = {
      {"chunk-0-dataset.json",
       R"({"0": {"input_tokens": "{100: 0.5, 300 0.5}", "output_tokens": "{1000: 1.0}"}})",
       "0.input_tokens: found '0' instead of ':' after 300"},
      {"chunk-0-dataset.json", R"({"0": {"input_tokens": "{100: 1}"}})",
       "0.output_tokens: missing or not a string"},
      {"chunk-0-dataset.json",
       R"({"0": {"input_tokns": "{1: 1}", "input_tokens": "{1: 1}", "output_tokens": "{1: 1}"}})",
       "did you mean 'input_tokens'?"},
      {"chunk-0-dataset.json", R"({"0": {"input_tokens": "{}", "output_tokens": "{}"}})",
       "empty PMF, but window 0 s has 2 requests/s"},
      {"chunk-0-dataset.json", R"({"600": {"input_tokens": "{1: 1}", "output_tokens": "{1: 1}"}})",
       "no PMFs at or before window 0 s"},
      {"chunk-0-dataset.json", "{\"0\": ", "not valid JSON"},
      {"chunk-0-trace.csv", "0,2.0,3.0,Pareto,1,1\n", "fitted_dist"},
      {"chunk-0-trace.csv", "0,2.0,3.0,Gamma,-1,1\n", "the Gamma shape, a number > 0"},
      {"chunk-0-trace.csv", "0,fast,3.0,Gamma,1,1\n", "rate"},
      {"chunk-0-trace.csv", "0,2.0,3.0\n", "6 fields"},
      {"chunk-0-trace.csv", "600,1,1,,0,0\n0,1,1,,0,0\n", "windows in ascending start order"},
  };
  for (const BadDescriptor& c : cases) {
    auto files = kDescriptor;
    files[c.file] = c.text;
    TempDir dir(files);
    const std::string e = error_of("servegen:" + dir.path());
    EXPECT_NE(e.find(c.file), std::string::npos) << c.text << "\n" << e;
    EXPECT_NE(e.find(c.message), std::string::npos) << c.text << "\n" << e;
  }
  auto files = kDescriptor;
  files.erase("chunk-1-dataset.json");
  TempDir missing_partner(files);
  EXPECT_NE(error_of("servegen:" + missing_partner.path()).find("chunk-1-dataset.json"),
            std::string::npos);
  EXPECT_NE(error_of("servegen:/no/such/dir").find("no such ServeGen descriptor directory"),
            std::string::npos);
  TempDir empty(std::map<std::string, std::string>{{"README", "nothing here"}});
  EXPECT_NE(error_of("servegen:" + empty.path()).find("no chunk-<client>-trace.csv files"),
            std::string::npos);
}

TEST(Reasoning, LengthsFollowTheBundledDescriptor) {
  WorkloadOptions o = shipped();
  o.seed = 11;
  Workload w = open_workload("reasoning:rate=20,requests=200000", o);
  const auto r = drain(w);
  ASSERT_EQ(r.size(), 200000u);
  const Means m = means(r);
  // Request-weighted means of the ServeGen deepseek-r1 descriptor: input 1,268, output 1,527.
  EXPECT_NEAR(m.input, 1268, 0.03 * 1268);
  EXPECT_NEAR(m.output, 1527, 0.03 * 1527);
  EXPECT_GT(m.output, m.input);  // a long-output workload
  for (const Request& x : r) {
    ASSERT_GE(x.input_tokens, 1);
    ASSERT_GE(x.output_tokens, 1);
  }
  EXPECT_NEAR(r.back().arrival.value() / 200000.0, 1.0 / 20, 0.002);
  Workload again = open_workload("reasoning:rate=20,requests=200000", o);
  const auto r2 = drain(again);
  for (std::size_t i : {0u, 999u, 199999u}) {
    EXPECT_EQ(r2[i].input_tokens, r[i].input_tokens);
    EXPECT_EQ(r2[i].output_tokens, r[i].output_tokens);
    EXPECT_EQ(r2[i].arrival.value(), r[i].arrival.value());
  }
}

TEST(Reasoning, SpecKeysAndErrors) {
  Workload bursty = open_workload("reasoning:rate=5,cv=3,requests=20000,output=100", shipped());
  const auto r = drain(bursty);
  EXPECT_TRUE(
      std::all_of(r.begin(), r.end(), [](const Request& x) { return x.output_tokens == 100; }));
  double sum = 0, sum2 = 0, prev = 0;
  for (const Request& x : r) {
    const double gap = x.arrival.value() - prev;
    prev = x.arrival.value();
    sum += gap;
    sum2 += gap * gap;
  }
  const double n = static_cast<double>(r.size());
  const double mean = sum / n;
  EXPECT_NEAR(std::sqrt(sum2 / n - mean * mean) / mean, 3.0, 0.4);  // the requested CV
  EXPECT_NE(error_of("reasoning:requests=5").find("rate: is required"), std::string::npos);
  EXPECT_NE(error_of("reasoning:rate=1,cv=0").find("cv: must be > 0, got 0"), std::string::npos);
  // Without a data root, the bundled lengths cannot be read; given lengths need none.
  try {
    (void)open_workload("reasoning:rate=1,requests=2", {});
    ADD_FAILURE() << "expected an InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no data root was given"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW((void)open_workload("reasoning:rate=1,requests=2,input=10,output=10", {}));
}

}  // namespace
}  // namespace servesim::serving
