// Plain CSV traces: arrival_s,input_tokens,output_tokens with arrivals in seconds.
#include "serving/trace_readers.h"
#include "serving/traces/formats.h"

namespace servesim::serving {
namespace {

class PlainCsvSource : public LineSource {
 public:
  using LineSource::LineSource;

 protected:
  Request parse(const std::string& line) override {
    const auto f = fields(line, 3);
    Request r;
    r.arrival = Seconds(real(f[0], "arrival_s"));
    if (r.arrival.value() < 0) throw RowError("arrival_s must be >= 0");
    r.input_tokens = integer(f[1], "input_tokens");
    r.output_tokens = integer(f[2], "output_tokens");
    return r;
  }
};

}  // namespace

void register_csv_trace(core::Registry<TraceReader>& r) {
  r.add({"csv",
         "plain CSV: arrival_s,input_tokens,output_tokens",
         {},
         TraceReader{[](const std::string&, const std::string& first) {
                       return first.rfind("arrival_s,input_tokens,output_tokens", 0) == 0;
                     },
                     [](const std::string& f, bool skip) -> std::unique_ptr<RequestSource> {
                       return std::make_unique<PlainCsvSource>(f, skip, true);
                     }}});
}

}  // namespace servesim::serving
