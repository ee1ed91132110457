// CSV reader: quoting rules, line numbers, and robustness on fuzzed input.
#include "core/csv.h"

#include <gtest/gtest.h>

#include <random>

#include "core/diagnostics.h"
#include "support/temp_file.h"

namespace servesim::core {
namespace {

TEST(Csv, QuotedFieldsAndDoubledQuotes) {
  auto r = parse_csv_records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\r\n3,\n", "t.csv");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1][0], "x, y");
  EXPECT_EQ(r[1][1], "say \"hi\"");
  EXPECT_EQ(r[2][1], "");
}

TEST(Csv, UnterminatedQuoteNamesTheLine) {
  try {
    (void)parse_csv_records("a,b\n1,\"open\n", "t.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("t.csv:2"), std::string::npos) << e.what();
  }
}

TEST(Csv, RowWithTooManyFieldsIsRejected) {
  testing::TempFile f("t.csv", "a,b\n1,2,3\n");
  EXPECT_THROW((void)read_csv(f.path()), InputError);
}

TEST(Csv, EmptyFileIsRejected) {
  testing::TempFile f("t.csv", "");
  EXPECT_THROW((void)read_csv(f.path()), InputError);
}

TEST(Csv, ShortRowsArePaddedAndLinesKept) {
  testing::TempFile f("t.csv", "a,b,c\n1\n\n4,5,6\n");
  const CsvTable t = read_csv(f.path());
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].size(), 3u);
  EXPECT_EQ(t.row_lines[1], 4);
  EXPECT_EQ(t.column("c"), 2);
  EXPECT_EQ(t.column("z"), -1);
}

TEST(Csv, FuzzedInputParsesOrThrowsInputError) {
  std::mt19937 rng(11);
  const std::string alphabet = "ab,\"\n\r 1";
  for (int i = 0; i < 5000; ++i) {
    std::string s;
    for (int j = 0; j < 30; ++j) s += alphabet[rng() % alphabet.size()];
    try {
      (void)parse_csv_records(s, "fuzz.csv");
    } catch (const InputError&) {
    }
  }
}

}  // namespace
}  // namespace servesim::core
