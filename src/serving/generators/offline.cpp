// offline: every request available at t = 0 (a throughput benchmark).
#include "serving/generators/kinds.h"
#include "serving/generators/synthetic.h"

namespace servesim::serving {

void register_offline_generator(core::Registry<GeneratorFactory>& r) {
  r.add({"offline",
         "every request at t = 0",
         {requests_param(), input_param(), output_param()},
         [](const core::ParamValues& p, const WorkloadOptions& o) {
           return synthetic_workload({}, length_of(p, "input"), length_of(p, "output"),
                                     p.integer("requests"), o.seed);
         }});
}

}  // namespace servesim::serving
