#include "sendmail.hpp"

#include <fmt/format.h>

#include <sys/wait.h>
#include <csignal>
#include <cstdio>

namespace complaints::cli {

std::string send_mail(const std::string& command, const std::string& message) {
    // A mail command that exits without reading must not kill us with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    std::fflush(nullptr);
    // Its output goes to standard error: standard output is ours (--dry-run).
    FILE* pipe = ::popen(("{ " + command + "\n} 1>&2").c_str(), "w");
    if (!pipe) return "could not start it";
    const bool written = std::fwrite(message.data(), 1, message.size(), pipe) == message.size();
    const int status = ::pclose(pipe);
    if (status == -1) return "could not wait for it";
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return written ? "" : "it did not read the message";
    if (WIFEXITED(status))
        return WEXITSTATUS(status) == 127 ? "command not found (exit 127)"
                                          : fmt::format("exit {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
    return "failed";
}

}  // namespace complaints::cli
