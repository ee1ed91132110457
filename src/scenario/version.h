// This build's identity: the project version and, when built from a git checkout, the commit
// (with "-dirty" when the work tree had changes at build time).
#pragma once

namespace servesim::scenario {

const char* version();
/// The short commit hash, or "" when the source is not a git checkout.
const char* git_commit();

}  // namespace servesim::scenario
