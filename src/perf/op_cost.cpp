// Names of bounds and the dominant-bound rule.
#include "perf/op_cost.h"

namespace servesim::perf {

std::string_view to_string(Bound b) {
  switch (b) {
    case Bound::compute: return "compute";
    case Bound::memory: return "memory";
    case Bound::communication: return "communication";
    case Bound::overhead: return "overhead";
  }
  return "?";
}

Bound dominant(Seconds compute, Seconds traffic, Seconds overhead, Bound traffic_kind) {
  if (overhead > compute && overhead > traffic) return Bound::overhead;
  return compute >= traffic ? Bound::compute : traffic_kind;
}

}  // namespace servesim::perf
