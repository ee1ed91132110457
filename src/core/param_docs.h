// Parameter schemas as documentation: the markdown table docs/config-reference.md embeds (through
// `servesim list reference`) and the plain-text list `servesim list` prints, from the same specs
// the readers check against.
#pragma once

#include <string>
#include <string_view>

#include "core/params.h"

namespace servesim::core {

/// A parameter's type as people read it: "integer", "number", "time", "true or false",
/// "recompute or swap", "length".
std::string type_name(const ParamSpec& spec);
/// Its default as written, "required", or "none" (absent: the help says what happens).
std::string default_name(const ParamSpec& spec);
/// Its accepted values beyond the type: "≥ 1", "> 0, ≤ 1e+09"; "" when any value of the type is.
std::string range_name(const ParamSpec& spec);

/// The schema as a markdown table (header, then one row per parameter); "" for an empty schema.
std::string markdown_table(const ParamSchema& schema);

/// The schema as plain-text lines, one per parameter, each starting with `indent`; "" for an
/// empty schema.
std::string plain_list(const ParamSchema& schema, std::string_view indent);

}  // namespace servesim::core
