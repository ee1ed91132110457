// concurrency: a closed loop of n clients; a request arrives when another finishes.
#include "serving/generators/kinds.h"
#include "serving/generators/synthetic.h"

namespace servesim::serving {

void register_concurrency_generator(core::Registry<GeneratorFactory>& r) {
  r.add({"concurrency",
         "closed loop: n requests in flight, the next when one finishes",
         {count_param("requests in flight"), requests_param(), input_param(), output_param()},
         [](const core::ParamValues& p, std::uint64_t seed) {
           return released_by_completion(ArrivalMode::closed_loop, p, seed);
         }});
}

}  // namespace servesim::serving
