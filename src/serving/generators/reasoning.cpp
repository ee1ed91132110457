// reasoning: long-output traffic. Lengths are drawn from the bundled ServeGen DeepSeek-R1
// descriptor (data/workloads/servegen_reason_deepseek_r1.json; docs/workloads.md) unless input
// or output is given; arrivals are Poisson at `rate`, or Gamma with `cv` when it is given.
#include <optional>

#include "serving/generators/kinds.h"
#include "serving/generators/synthetic.h"
#include "serving/servegen_descriptor.h"
#include "serving/shipped_data.h"

namespace servesim::serving {

void register_reasoning_generator(core::Registry<GeneratorFactory>& r) {
  using core::Presence;
  r.add({"reasoning",
         "long-output reasoning traffic with ServeGen DeepSeek-R1 lengths",
         {rate_param(),
          cv_param(Presence::optional,
                   "coefficient of variation of the inter-arrival times; none: Poisson arrivals"),
          requests_param(),
          length_param("input", Presence::optional, "",
                       "prompt tokens per request; none: the ServeGen PMF (mean 1,268)"),
          length_param("output", Presence::optional, "",
                       "output tokens per request; none: the ServeGen PMF (mean 1,527)")},
         [](const core::ParamValues& p, const WorkloadOptions& o) {
           std::optional<LengthPmfs> pmfs;
           if (!p.has("input") || !p.has("output")) {
             if (o.data == nullptr) {
               throw core::InputError("<scenario>", "workload.generator",
                                      "reasoning lengths come from the bundled ServeGen "
                                      "descriptor, and no data root was given",
                                      "give input and output lengths");
             }
             pmfs = load_length_descriptor(reasoning_descriptor_path(*o.data));
           }
           const LengthDistribution input =
               p.has("input") ? length_of(p, "input") : LengthDistribution::empirical(pmfs->input);
           const LengthDistribution output = p.has("output")
                                                 ? length_of(p, "output")
                                                 : LengthDistribution::empirical(pmfs->output);
           const ArrivalProcess arrivals =
               p.has("cv")
                   ? ArrivalProcess{ArrivalProcess::Kind::gamma, p.number("rate"), p.number("cv")}
                   : ArrivalProcess{ArrivalProcess::Kind::poisson, p.number("rate")};
           return synthetic_workload(arrivals, input, output, p.integer("requests"), o.seed);
         }});
}

}  // namespace servesim::serving
