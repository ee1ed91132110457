// Serving summary → JSON (see summary_json.h).
#include "report/summary_json.h"

namespace servesim::report {
namespace {

nlohmann::ordered_json latency_ms(const serving::LatencySummary& l) {
  return {{"mean", l.mean * 1e3}, {"p50", l.p50 * 1e3}, {"p90", l.p90 * 1e3},
          {"p99", l.p99 * 1e3},   {"max", l.max * 1e3}, {"count", l.count}};
}

}  // namespace

nlohmann::ordered_json summary_json(const serving::ServeSummary& s) {
  nlohmann::ordered_json rejected = nlohmann::ordered_json::object();
  for (const auto& [reason, n] : s.rejected_reasons) rejected[reason] = n;
  return {
      {"requests", {{"arrived", s.requests}, {"completed", s.completed}, {"rejected", s.rejected},
                    {"rejected_reasons", rejected}, {"skipped_rows", s.skipped_rows}}},
      {"tokens", {{"input", s.input_tokens}, {"output", s.output_tokens},
                  {"prefill_computed", s.prefill_tokens_computed}}},
      {"makespan_s", s.makespan_s},
      {"in_flight_max", s.in_flight_max},
      {"ttft_ms", latency_ms(s.ttft)},
      {"tpot_ms", latency_ms(s.tpot)},
      {"itl_ms", latency_ms(s.itl)},
      {"e2e_ms", latency_ms(s.e2e)},
      {"throughput", {{"requests_per_s", s.requests_per_s},
                      {"input_tokens_per_s", s.input_tokens_per_s},
                      {"output_tokens_per_s", s.output_tokens_per_s}}},
      {"goodput_requests_per_s", s.goodput_requests_per_s},
      {"slo_attainment", s.slo_attainment},
      {"kv_cache", {{"capacity_blocks", s.kv_capacity_blocks},
                    {"utilization_mean", s.kv_utilization_mean},
                    {"utilization_max", s.kv_utilization_max},
                    {"prefix_hit_rate", s.prefix_cache_hit_rate}}},
      {"batch_size", {{"mean", s.batch_size_mean}, {"max", s.batch_size_max}}},
      {"pools", {{"prefill_input_tokens_per_s", s.prefill_pool_input_tokens_per_s},
                 {"decode_output_tokens_per_s", s.decode_pool_output_tokens_per_s}}},
      {"kv_transfer", {{"bytes", s.kv_transfer_bytes},
                       {"visible_wait_ms", latency_ms(s.kv_transfer_wait)}}},
      {"steps", s.steps},
      {"preemptions", s.preemptions},
      {"energy", {{"total_j", s.energy_j}, {"joules_per_output_token", s.joules_per_output_token},
                  {"average_power_per_device_w", s.average_power_per_device_w}}},
  };
}

}  // namespace servesim::report
