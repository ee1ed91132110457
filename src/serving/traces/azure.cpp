// Azure LLM inference trace 2023 CSV: TIMESTAMP,ContextTokens,GeneratedTokens with wall-clock
// timestamps ("2023-11-16 18:15:46.6805900"), rebased to the first row.
#include <cstdio>

#include <fmt/format.h>

#include "serving/trace_readers.h"
#include "serving/traces/formats.h"

namespace servesim::serving {
namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, public domain description).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

class AzureSource : public LineSource {
 public:
  using LineSource::LineSource;

 protected:
  Request parse(const std::string& line) override {
    const auto f = fields(line, 3);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    double s = 0;
    if (std::sscanf(f[0].c_str(), "%d-%d-%d %d:%d:%lf", &y, &mo, &d, &h, &mi, &s) != 6 || mo < 1 ||
        mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s < 0 || s >= 61) {
      throw RowError(fmt::format("TIMESTAMP \"{}\" is not YYYY-MM-DD HH:MM:SS.fraction", f[0]));
    }
    const double t = static_cast<double>(
                         days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) *
                         86400.0 +
                     h * 3600.0 + mi * 60.0 + s;
    if (!origin_) origin_ = t;
    Request r;
    r.arrival = Seconds(t - *origin_);
    r.input_tokens = integer(f[1], "ContextTokens");
    r.output_tokens = integer(f[2], "GeneratedTokens");
    return r;
  }

 private:
  std::optional<double> origin_;
};

}  // namespace

void register_azure_trace(core::Registry<TraceReader>& r) {
  r.add({"azure",
         "Azure LLM inference trace CSV: TIMESTAMP,ContextTokens,GeneratedTokens",
         {},
         TraceReader{[](const std::string&, const std::string& first) {
                       return first.rfind("TIMESTAMP,ContextTokens,GeneratedTokens", 0) == 0;
                     },
                     [](const std::string& f, bool skip) -> std::unique_ptr<RequestSource> {
                       return std::make_unique<AzureSource>(f, skip, true);
                     }}});
}

}  // namespace servesim::serving
