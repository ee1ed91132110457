// Mooncake JSONL traces: one object per line with timestamp (ms), input_length, output_length and
// optional hash_ids (512-token prefix blocks, which drive the prefix cache).
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "serving/trace_readers.h"
#include "serving/traces/formats.h"

namespace servesim::serving {
namespace {

class MooncakeSource : public LineSource {
 public:
  using LineSource::LineSource;

 protected:
  Request parse(const std::string& line) override {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error&) {
      throw RowError("not a JSON object");
    }
    auto need_number = [&](const char* key) -> const nlohmann::json& {
      if (!j.is_object() || !j.contains(key) || !j[key].is_number()) {
        throw RowError(fmt::format("\"{}\" must be a number", key));
      }
      return j[key];
    };
    Request r;
    r.arrival = Seconds(need_number("timestamp").get<double>() * 1e-3);
    if (r.arrival.value() < 0) throw RowError("timestamp must be >= 0");
    for (const char* key : {"input_length", "output_length"}) {
      const double v = need_number(key).get<double>();
      if (v < 1 || v > static_cast<double>(kMaxTraceTokens) || v != std::floor(v)) {
        throw RowError(fmt::format("\"{}\" must be an integer from 1 to 2^40", key));
      }
    }
    r.input_tokens = need_number("input_length").get<std::int64_t>();
    r.output_tokens = need_number("output_length").get<std::int64_t>();
    if (j.contains("hash_ids")) {
      if (!j["hash_ids"].is_array()) throw RowError("\"hash_ids\" must be a list of integers");
      for (const auto& h : j["hash_ids"]) {
        if (!h.is_number_unsigned()) throw RowError("\"hash_ids\" must be non-negative integers");
        r.prefix_blocks.push_back(h.get<std::uint64_t>());
      }
    }
    return r;
  }
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

void register_mooncake_trace(core::Registry<TraceReader>& r) {
  r.add({"mooncake",
         "Mooncake JSONL: timestamp (ms), input_length, output_length, hash_ids (512-token blocks)",
         {},
         TraceReader{[](const std::string& file, const std::string& first) {
                       return ends_with(file, ".jsonl") || (!first.empty() && first[0] == '{');
                     },
                     [](const std::string& f, bool skip) -> std::unique_ptr<RequestSource> {
                       return std::make_unique<MooncakeSource>(f, skip, false);
                     }}});
}

}  // namespace servesim::serving
