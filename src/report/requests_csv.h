// Per-request records as CSV, streamed as requests finish:
// id,replica,arrival_s,first_scheduled_s,first_token_s,finish_s,input_tokens,output_tokens,
// cached_prefix_tokens,preemptions,ttft_s,tpot_s,e2e_s
#pragma once

#include <ostream>

#include "serving/observer.h"

namespace servesim::report {

class RequestsCsvWriter : public serving::SimulationObserver {
 public:
  explicit RequestsCsvWriter(std::ostream& out);
  void on_request_finished(const serving::RequestState& request) override;

 private:
  std::ostream& out_;
};

}  // namespace servesim::report
