#pragma once

#include <string>
#include <string_view>

namespace complaints::cli {

// The directory of the running binary ("." when it cannot be read).
[[nodiscard]] std::string own_directory();

// Runs the same command line with `build`, another build of the tool, found
// beside the running binary (a build tree) or in ../libexec/complaints/
// (installed). Returns only when it cannot be run: exit 69, naming what the
// build `does` and where it was looked for, with `hint`.
[[noreturn]] void hand_over(char** argv, const char* build, std::string_view does,
                            std::string hint);

// Runs the same command with complaints-postgresql, the build of the tool
// that links PostgreSQL's client library (SPEC §14): the main binary does not,
// so that a SQLite-only run does not load it.
[[noreturn]] void hand_over_to_server_build(char** argv);

}  // namespace complaints::cli
