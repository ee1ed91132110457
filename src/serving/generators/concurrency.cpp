// concurrency: a closed loop of n clients; a request arrives when another finishes.
#include "serving/generators/kinds.h"
#include "serving/generators/synthetic.h"

namespace servesim::serving {

void register_concurrency_generator(core::Registry<GeneratorFactory>& r) {
  r.add({"concurrency",
         "closed loop: n requests in flight, the next when one finishes",
         {count_param("requests in flight"), requests_param(), input_param(), output_param()},
         [](const core::ParamValues& p, const WorkloadOptions& o) {
           return released_by_completion(ArrivalMode::closed_loop, p, o.seed);
         }});
}

}  // namespace servesim::serving
