// Per-request CSV (see requests_csv.h).
#include "report/requests_csv.h"

#include <fmt/format.h>

namespace servesim::report {

RequestsCsvWriter::RequestsCsvWriter(std::ostream& out) : out_(out) {
  out_ << "id,replica,arrival_s,first_scheduled_s,first_token_s,finish_s,input_tokens,"
          "output_tokens,cached_prefix_tokens,preemptions,ttft_s,tpot_s,e2e_s\n";
}

void RequestsCsvWriter::on_request_finished(const serving::RequestState& r) {
  out_ << fmt::format("{},{},{:.6f},{:.6f},{:.6f},{:.6f},{},{},{},{},{:.6f},{:.6f},{:.6f}\n",
                      r.request.id, r.replica, r.request.arrival.value(), r.first_scheduled.value(),
                      r.first_token.value(), r.finish.value(), r.request.input_tokens,
                      r.request.output_tokens, r.cached_prefix, r.preemptions, r.ttft().value(),
                      r.tpot().value(), r.e2e().value());
}

}  // namespace servesim::report
