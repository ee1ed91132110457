// poisson: open-loop Poisson arrivals at `rate` requests per second.
#include "serving/generators/kinds.h"
#include "serving/generators/synthetic.h"

namespace servesim::serving {

void register_poisson_generator(core::Registry<GeneratorFactory>& r) {
  r.add({"poisson",
         "Poisson arrivals at a rate",
         {rate_param(), requests_param(), input_param(), output_param()},
         [](const core::ParamValues& p, const WorkloadOptions& o) {
           return synthetic_workload({ArrivalProcess::Kind::poisson, p.number("rate")},
                                     length_of(p, "input"), length_of(p, "output"),
                                     p.integer("requests"), o.seed);
         }});
}

}  // namespace servesim::serving
