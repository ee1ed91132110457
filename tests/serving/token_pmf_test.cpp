// ServeGen PMF strings: accepted spellings, every malformed form with its message, sampling.
#include "serving/token_pmf.h"

#include <gtest/gtest.h>

namespace servesim::serving {
namespace {

struct Valid {
  const char* text;
  double mean;
  bool empty;
};

TEST(TokenPmf, AcceptsServeGenSpellings) {
  const Valid cases[] = {
      {"{45: 0.25, 46: 0.75}", 45.75, false},
      {"  {45:0.25,46:0.75}  ", 45.75, false},
      {"{45.0: 0.25, 46: 0.75,}", 45.75, false},  // float keys, trailing comma
      {"{1: 2.5e-01, 3: 7.5E-1}", 2.5, false},    // scientific notation
      {"{\n 10: 0.5,\n 20: 0.5\n}", 15, false},
      {"{7: 0.0, 8: 1.0}", 8, false},  // zero-probability entries
      {"{5: 0.4999, 6: 0.5}", 5.0 * 0.4999 / 0.9999 + 6.0 * 0.5 / 0.9999, false},  // renormalised
      {"{}", 0, true},
      {" { } ", 0, true},
  };
  for (const Valid& c : cases) {
    std::string error;
    const auto pmf = TokenPmf::parse(c.text, error);
    ASSERT_TRUE(pmf.has_value()) << c.text << ": " << error;
    EXPECT_NEAR(pmf->mean(), c.mean, 1e-9) << c.text;
    EXPECT_EQ(pmf->empty(), c.empty) << c.text;
  }
}

struct Malformed {
  const char* text;
  const char* message;
};

TEST(TokenPmf, MalformedTextIsExplained) {
  const Malformed cases[] = {
      {"", "found the end instead of '{' at character 0"},
      {"[45: 1]", "found '[' instead of '{'"},
      {"{45: 1", "found the end instead of ',' or '}'"},
      {"{45 1}", "instead of ':' after 45"},
      {"{45: }", "instead of the probability of 45"},
      {"{a: 1}", "found 'a' instead of a token count"},
      {"{45: 1, , 46: 0}", "found ',' instead of a token count"},
      {"{45: -0.5, 46: 1.5}", "probability -0.5 of 45 is negative"},
      {"{0: 1}", "token count 0 is not a whole number from 1 to 2^40"},
      {"{4.5: 1}", "token count 4.5 is not a whole number"},
      {"{-3: 1}", "token count -3 is not a whole number"},
      {"{45: 0.5, 45: 0.5}", "token count 45 appears twice"},
      {"{45: 0.5, 46: 0.2}", "probabilities sum to 0.7; expected 1"},
      {"{45: 0, 46: 0}", "probabilities sum to 0; expected 1"},
      {"{45: 1} x", "found 'x' after the closing '}'"},
      {"{45: nan}", "instead of the probability of 45"},
      {"{45: inf}", "instead of the probability of 45"},
      {"{45: 0.5 46: 0.5}", "found '4' instead of ',' or '}'"},
  };
  for (const Malformed& c : cases) {
    std::string error;
    EXPECT_FALSE(TokenPmf::parse(c.text, error).has_value()) << c.text;
    EXPECT_NE(error.find(c.message), std::string::npos) << c.text << " -> " << error;
  }
  std::string error;
  (void)TokenPmf::parse("{45 1}", error);
  EXPECT_NE(error.find("expected a PMF such as"), std::string::npos) << error;
}

TEST(TokenPmf, SamplesFollowTheProbabilities) {
  std::string error;
  const auto pmf = TokenPmf::parse("{10: 0.2, 20: 0.0, 30: 0.8}", error);
  ASSERT_TRUE(pmf);
  std::mt19937_64 rng(7);
  int tens = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const std::int64_t v = pmf->sample(rng);
    ASSERT_TRUE(v == 10 || v == 30) << v;  // never a zero-probability count
    tens += v == 10;
  }
  EXPECT_NEAR(tens / double(n), 0.2, 0.005);
  std::mt19937_64 a(3), b(3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(pmf->sample(a), pmf->sample(b));
}

}  // namespace
}  // namespace servesim::serving
