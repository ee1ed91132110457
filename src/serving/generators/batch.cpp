// batch: static batches of n requests; the next batch starts when the whole batch has finished.
#include "serving/generators/kinds.h"
#include "serving/generators/synthetic.h"

namespace servesim::serving {

void register_batch_generator(core::Registry<GeneratorFactory>& r) {
  r.add({"batch",
         "static batches of n requests, the next after all finish",
         {count_param("requests per batch"), requests_param(), input_param(), output_param()},
         [](const core::ParamValues& p, const WorkloadOptions& o) {
           return released_by_completion(ArrivalMode::static_batches, p, o.seed);
         }});
}

}  // namespace servesim::serving
