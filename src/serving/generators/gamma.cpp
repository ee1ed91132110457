// gamma: open-loop arrivals with Gamma inter-arrival times of mean 1/rate and coefficient of
// variation cv (cv > 1: burstier than Poisson).
#include "serving/generators/kinds.h"
#include "serving/generators/synthetic.h"

namespace servesim::serving {

void register_gamma_generator(core::Registry<GeneratorFactory>& r) {
  r.add({"gamma",
         "Gamma inter-arrival times with a coefficient of variation (bursty traffic)",
         {rate_param(),
          cv_param(core::Presence::required, "coefficient of variation of the inter-arrival times"),
          requests_param(), input_param(), output_param()},
         [](const core::ParamValues& p, const WorkloadOptions& o) {
           return synthetic_workload(
               {ArrivalProcess::Kind::gamma, p.number("rate"), p.number("cv")},
               length_of(p, "input"), length_of(p, "output"), p.integer("requests"), o.seed);
         }});
}

}  // namespace servesim::serving
