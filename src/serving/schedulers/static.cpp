// Static batching: admit up to max_num_seqs requests when nothing runs, then run them to
// completion (prefills first, then decodes) before the next batch is admitted.
#include "serving/schedulers/policies.h"

namespace servesim::serving {
namespace {

class StaticScheduler : public Scheduler {
 public:
  using Scheduler::Scheduler;
  void schedule(ReplicaQueues& q, std::vector<StepWork>& work) override {
    work.clear();
    if (q.running.empty()) {
      while (admit_next(q)) {
      }
    }
    for (RequestState* r : q.running) {
      if (!r->prefill_done()) work.push_back({r, r->remaining_prompt()});
    }
    if (!work.empty()) return;
    reserve_decodes(q, work);
  }
};

}  // namespace

void register_static_scheduler(core::Registry<SchedulerFactory>& r) {
  r.add({"static", "static batches run to completion", scheduler_limits_schema(),
         [](const core::ParamValues& p) {
           return std::make_unique<StaticScheduler>(scheduler_limits(p));
         }});
}

}  // namespace servesim::serving
