// Range descriptions for field docs (see fields.h).
#include "core/fields.h"

namespace servesim::core {

std::string describe_range(Range range) {
  switch (range) {
    case Range::any: return "";
    case Range::positive: return "> 0";
    case Range::non_negative: return ">= 0";
    case Range::fraction: return "in (0, 1]";
    case Range::at_least_one: return ">= 1";
  }
  return "";
}

}  // namespace servesim::core
