// Chrome trace-event JSON writer (format: "Trace Event Format", Google, 2016).
#include "report/perfetto_trace.h"

#include <fmt/format.h>

namespace servesim::report {
namespace {

double us(core::Seconds s) { return s.value() * 1e6; }

}  // namespace

PerfettoTraceWriter::PerfettoTraceWriter(std::ostream& out) : out_(out) {
  out_ << "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n";
  event(R"({"ph":"M","pid":1000000,"name":"process_name","args":{"name":"requests"}})");
}

PerfettoTraceWriter::~PerfettoTraceWriter() { close(); }

void PerfettoTraceWriter::close() {
  if (closed_) return;
  closed_ = true;
  out_ << "\n]}\n";
  out_.flush();
}

void PerfettoTraceWriter::event(const std::string& json) {
  if (!first_) out_ << ",\n";
  first_ = false;
  out_ << json;
}

void PerfettoTraceWriter::on_step(const serving::StepRecord& s) {
  while (replicas_named_ <= s.replica) {
    event(fmt::format(R"({{"ph":"M","pid":{},"name":"process_name","args":{{"name":"replica {}"}}}})",
                      replicas_named_, replicas_named_));
    event(fmt::format(R"({{"ph":"M","pid":{},"tid":0,"name":"thread_name","args":{{"name":"steps"}}}})",
                      replicas_named_));
    ++replicas_named_;
  }
  const std::string name = s.prefill_sequences > 0 && s.decode_sequences > 0 ? "mixed"
                           : s.prefill_sequences > 0                        ? "prefill"
                                                                            : "decode";
  event(fmt::format(
      R"({{"ph":"X","pid":{},"tid":0,"name":"{}","ts":{:.3f},"dur":{:.3f},"args":{{"prefill_sequences":{},"prefill_tokens":{},"decode_sequences":{},"preemptions":{}}}}})",
      s.replica, name, us(s.start), us(s.end - s.start), s.prefill_sequences, s.prefill_tokens,
      s.decode_sequences, s.preemptions));
  event(fmt::format(
      R"({{"ph":"C","pid":{},"name":"kv_blocks","ts":{:.3f},"args":{{"used":{},"capacity":{}}}}})",
      s.replica, us(s.start), s.kv_blocks_used, s.kv_blocks_capacity));
  event(fmt::format(
      R"({{"ph":"C","pid":{},"name":"requests","ts":{:.3f},"args":{{"running":{},"waiting":{}}}}})",
      s.replica, us(s.start), s.running, s.waiting));
  event(fmt::format(R"({{"ph":"C","pid":{},"name":"power_w","ts":{:.3f},"args":{{"power":{:.1f}}}}})",
                    s.replica, us(s.start), s.power.value()));
}

void PerfettoTraceWriter::on_request_finished(const serving::RequestState& r) {
  const auto span = [&](const char* name, core::Seconds begin, core::Seconds end) {
    event(fmt::format(R"({{"ph":"b","cat":"request","pid":1000000,"id":{},"name":"{}","ts":{:.3f}}})",
                      r.request.id, name, us(begin)));
    event(fmt::format(R"({{"ph":"e","cat":"request","pid":1000000,"id":{},"name":"{}","ts":{:.3f}}})",
                      r.request.id, name, us(end)));
  };
  span("queued", r.request.arrival, r.first_scheduled);
  span("prefill", r.first_scheduled, r.first_token);
  if (r.finish > r.first_token) span("decode", r.first_token, r.finish);
}

}  // namespace servesim::report
