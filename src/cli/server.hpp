#pragma once

namespace complaints::cli {

// Runs the same command with complaints-postgresql, the build of the tool
// that links PostgreSQL's client library (SPEC §14): the main binary does not,
// so that a SQLite-only run does not load it. Found beside the running binary
// (a build tree) or in ../libexec/complaints/ (installed). Returns only when
// it cannot be run (exit 69 with the reason, thrown as Error).
[[noreturn]] void hand_over_to_server_build(char** argv);

}  // namespace complaints::cli
