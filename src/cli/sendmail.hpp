#pragma once

#include <string>

namespace complaints::cli {

// Hands `message` to the sendmail-compatible `command` (run by /bin/sh) on
// its standard input; the command's own output goes to standard error.
// Returns an empty string when the command read the whole message and
// exited 0, else what went wrong ("exit 1", "command not found (exit 127)",
// "it did not read the whole message", ...). The only place that runs a
// program.
std::string send_mail(const std::string& command, const std::string& message);

}  // namespace complaints::cli
