// The metric catalog (see metrics.h).
#include "dse/metrics.h"

namespace servesim::dse {
namespace {

using scenario::Metrics;
using Value = std::optional<double>;

double ms(core::Seconds s) { return s.value() * 1e3; }

// A figure of the simulation only.
template <class F>
Value served(const Metrics& m, F f) {
  return m.serve ? Value(f(*m.serve)) : std::nullopt;
}

void add(core::Registry<MetricDef>& r, const char* name, const char* summary, const char* unit,
         Better better, Value (*value)(const Metrics&), const char* estimate_proxy = nullptr) {
  r.add({name, summary, {}, MetricDef{unit, better, value, estimate_proxy}});
}

void register_throughput(core::Registry<MetricDef>& r) {
  add(r, "output_tokens_per_s", "output tokens per second of the whole deployment", "tok/s",
      Better::higher, [](const Metrics& m) -> Value { return m.output_tokens_per_s; });
  add(r, "requests_per_s", "completed requests per second (simulation)", "req/s", Better::higher,
      [](const Metrics& m) {
        return served(m, [](const auto& s) { return s.requests_per_s; });
      },
      "output_tokens_per_s");
  add(r, "goodput_requests_per_s", "requests per second meeting the SLO (simulation)", "req/s",
      Better::higher,
      [](const Metrics& m) {
        return served(m, [](const auto& s) { return s.goodput_requests_per_s; });
      },
      "output_tokens_per_s");
  add(r, "slo_attainment", "share of requests meeting the SLO (simulation)", "", Better::higher,
      [](const Metrics& m) { return served(m, [](const auto& s) { return s.slo_attainment; }); });
  add(r, kMaxRateMetric,
      "highest request rate meeting the SLO attainment target (capacity search, simulation)",
      "req/s", Better::higher, [](const Metrics&) -> Value { return std::nullopt; },
      "output_tokens_per_s");
  add(r, "decode_tokens_per_s", "decode-step output tokens per second (estimate)", "tok/s",
      Better::higher, [](const Metrics& m) {
        return m.batch ? Value(m.batch->decode_tokens_per_s) : std::nullopt;
      });
}

void register_latency(core::Registry<MetricDef>& r) {
  add(r, "ttft_mean_ms", "mean time to first token", "ms", Better::lower,
      [](const Metrics& m) -> Value { return ms(m.ttft_mean); });
  add(r, "tpot_mean_ms", "mean time per output token", "ms", Better::lower,
      [](const Metrics& m) -> Value { return ms(m.tpot_mean); });
  add(r, "ttft_p90_ms", "90th percentile TTFT (simulation)", "ms", Better::lower,
      [](const Metrics& m) { return served(m, [](const auto& s) { return s.ttft.p90 * 1e3; }); },
      "ttft_mean_ms");
  add(r, "ttft_p99_ms", "99th percentile TTFT (simulation)", "ms", Better::lower,
      [](const Metrics& m) { return served(m, [](const auto& s) { return s.ttft.p99 * 1e3; }); },
      "ttft_mean_ms");
  add(r, "tpot_p90_ms", "90th percentile TPOT (simulation)", "ms", Better::lower,
      [](const Metrics& m) { return served(m, [](const auto& s) { return s.tpot.p90 * 1e3; }); },
      "tpot_mean_ms");
  add(r, "tpot_p99_ms", "99th percentile TPOT (simulation)", "ms", Better::lower,
      [](const Metrics& m) { return served(m, [](const auto& s) { return s.tpot.p99 * 1e3; }); },
      "tpot_mean_ms");
  add(r, "e2e_p99_ms", "99th percentile end-to-end latency (simulation)", "ms", Better::lower,
      [](const Metrics& m) { return served(m, [](const auto& s) { return s.e2e.p99 * 1e3; }); });
}

void register_efficiency(core::Registry<MetricDef>& r) {
  add(r, "tokens_per_s_per_watt", "output tokens per second per watt of average power",
      "tok/s/W", Better::higher,
      [](const Metrics& m) -> Value { return m.economics.tokens_per_s_per_watt; });
  add(r, "tokens_per_s_per_mm2", "output tokens per second per mm² of compute silicon",
      "tok/s/mm²", Better::higher,
      [](const Metrics& m) -> Value { return m.economics.tokens_per_s_per_mm2; });
  add(r, "tokens_per_s_per_dollar", "output tokens per second per dollar of hardware price",
      "tok/s/$", Better::higher, [](const Metrics& m) -> Value {
        if (!m.hardware.price || m.hardware.price->value() <= 0) return std::nullopt;
        return m.output_tokens_per_s / m.hardware.price->value();
      });
  add(r, "dollars_per_million_tokens",
      "hardware depreciation and energy per million output tokens", "$/Mtok", Better::lower,
      [](const Metrics& m) -> Value { return m.economics.dollars_per_million_tokens; });
  add(r, "joules_per_token", "energy per output token", "J/tok", Better::lower,
      [](const Metrics& m) -> Value { return m.joules_per_output_token; });
  add(r, "average_power_w", "average power of all devices", "W", Better::lower,
      [](const Metrics& m) -> Value { return m.average_power.value(); });
}

void register_hardware(core::Registry<MetricDef>& r) {
  add(r, "devices", "devices the deployment occupies", "", Better::lower,
      [](const Metrics& m) -> Value { return static_cast<double>(m.hardware.devices); });
  add(r, "peak_power_w", "peak (TDP) power of all devices", "W", Better::lower,
      [](const Metrics& m) -> Value { return m.hardware.peak_power.value(); });
  add(r, "silicon_area_mm2", "compute-die area of all devices", "mm²", Better::lower,
      [](const Metrics& m) -> Value {
        return m.hardware.silicon_area ? Value(m.hardware.silicon_area->value() * 1e6)
                                       : std::nullopt;
      });
  add(r, "price_usd", "price of all devices", "$", Better::lower, [](const Metrics& m) -> Value {
    return m.hardware.price ? Value(m.hardware.price->value()) : std::nullopt;
  });
}

}  // namespace

const core::Registry<MetricDef>& metrics() {
  static const core::Registry<MetricDef> registry = [] {
    core::Registry<MetricDef> r("metric");
    register_throughput(r);
    register_latency(r);
    register_efficiency(r);
    register_hardware(r);
    return r;
  }();
  return registry;
}

std::map<std::string, double> metric_values(const scenario::Metrics& m) {
  std::map<std::string, double> out;
  for (const auto& e : metrics().entries()) {
    if (const auto v = e.value.value(m)) out[e.name] = *v;
  }
  return out;
}

}  // namespace servesim::dse
