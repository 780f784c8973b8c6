#pragma once

namespace complaints::cli {

// Runs `complaints` with the process's arguments and returns its exit status.
// The one place where errors become a message on standard error and a code.
int run(int argc, char** argv);

}  // namespace complaints::cli
