// Trace file readers: Azure LLM inference 2023 CSV (TIMESTAMP,ContextTokens,GeneratedTokens, wall
// clock timestamps), Mooncake JSONL (timestamp in ms, input_length, output_length, hash_ids) and
// plain CSV (arrival_s,input_tokens,output_tokens). Each streams line by line and rejects corrupt
// rows (negative or non-numeric tokens, time going backwards) with the file and line.
#include "serving/trace_readers.h"

#include <charconv>
#include <cmath>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/diagnostics.h"

namespace servesim::serving {
namespace {

constexpr std::int64_t kMaxTokens = std::int64_t{1} << 40;  // far beyond any context; safe to add

// A line-oriented trace: subclasses parse one line into a request or throw RowError.
class LineSource : public RequestSource {
 public:
  LineSource(std::string filename, bool skip_bad_rows, bool has_header)
      : filename_(std::move(filename)), in_(filename_), skip_(skip_bad_rows) {
    if (!in_) throw core::InputError(filename_, "", "cannot open file", "check the path");
    if (has_header) {
      std::string header;
      std::getline(in_, header);
      ++line_;
    }
  }

  std::optional<Request> next() override {
    std::string text;
    while (std::getline(in_, text)) {
      ++line_;
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (text.find_first_not_of(" \t") == std::string::npos) continue;
      try {
        Request r = parse(text);
        if (r.input_tokens < 1) throw RowError("input tokens must be >= 1");
        if (r.output_tokens < 1) throw RowError("output tokens must be >= 1");
        if (r.input_tokens > kMaxTokens || r.output_tokens > kMaxTokens) {
          throw RowError("token counts must be at most 2^40");
        }
        if (has_previous_ && r.arrival < previous_arrival_) {
          throw RowError(fmt::format("arrival time goes backwards ({:.6f} s after {:.6f} s)",
                                     r.arrival.value(), previous_arrival_.value()));
        }
        has_previous_ = true;
        previous_arrival_ = r.arrival;
        r.id = next_id_++;
        return r;
      } catch (const RowError& e) {
        if (!skip_) {
          throw core::InputError({core::Diagnostic{filename_, "", line_, e.what(),
                                                   "fix the row or skip bad rows (workload.skip_bad_rows)"}});
        }
        ++skipped_;
      }
    }
    return std::nullopt;
  }
  [[nodiscard]] std::int64_t skipped_rows() const override { return skipped_; }

 protected:
  virtual Request parse(const std::string& line) = 0;

  static std::int64_t integer(const std::string& field, const char* what) {
    std::int64_t v = 0;
    const char* begin = field.data();
    const char* end = begin + field.size();
    while (begin < end && *begin == ' ') ++begin;
    const auto [ptr, ec] = std::from_chars(begin, end, v);
    if (ec != std::errc() || ptr != end) {
      throw RowError(fmt::format("{} \"{}\" is not an integer", what, field));
    }
    return v;
  }
  static double real(const std::string& field, const char* what) {
    double v = 0;
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
    if (ec != std::errc() || ptr != field.data() + field.size() || !std::isfinite(v)) {
      throw RowError(fmt::format("{} \"{}\" is not a number", what, field));
    }
    return v;
  }
  std::vector<std::string> fields(const std::string& line, std::size_t expected) const {
    std::vector<std::vector<std::string>> records;
    try {
      records = core::parse_csv_records(line, filename_);
    } catch (const core::InputError&) {
      throw RowError("unterminated quoted field");
    }
    if (records.size() != 1 || records[0].size() != expected) {
      throw RowError(fmt::format("expected {} comma-separated fields", expected));
    }
    return records[0];
  }

 private:
  std::string filename_;
  std::ifstream in_;
  bool skip_;
  int line_ = 0;
  std::int64_t skipped_ = 0;
  std::int64_t next_id_ = 0;
  bool has_previous_ = false;
  Seconds previous_arrival_{};
};

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
    // "2023-11-16 18:15:46.6805900"
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    double s = 0;
    if (std::sscanf(f[0].c_str(), "%d-%d-%d %d:%d:%lf", &y, &mo, &d, &h, &mi, &s) != 6 || mo < 1 ||
        mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s < 0 || s >= 61) {
      throw RowError(fmt::format("TIMESTAMP \"{}\" is not YYYY-MM-DD HH:MM:SS.fraction", f[0]));
    }
    const double t = static_cast<double>(days_from_civil(y, static_cast<unsigned>(mo),
                                                         static_cast<unsigned>(d))) * 86400.0 +
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
      if (v < 1 || v > static_cast<double>(kMaxTokens) || v != std::floor(v)) {
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
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

RowError::RowError(const std::string& what) : std::runtime_error(what) {}

void register_trace_readers(core::Registry<TraceReader>& r) {
  r.add({"azure",
         "Azure LLM inference trace CSV: TIMESTAMP,ContextTokens,GeneratedTokens",
         {},
         TraceReader{[](const std::string&, const std::string& first) {
                       return first.rfind("TIMESTAMP,ContextTokens,GeneratedTokens", 0) == 0;
                     },
                     [](const std::string& f, bool skip) -> std::unique_ptr<RequestSource> {
                       return std::make_unique<AzureSource>(f, skip, true);
                     }}});
  r.add({"mooncake",
         "Mooncake JSONL: timestamp (ms), input_length, output_length, hash_ids (512-token blocks)",
         {},
         TraceReader{[](const std::string& file, const std::string& first) {
                       return ends_with(file, ".jsonl") || (!first.empty() && first[0] == '{');
                     },
                     [](const std::string& f, bool skip) -> std::unique_ptr<RequestSource> {
                       return std::make_unique<MooncakeSource>(f, skip, false);
                     }}});
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
