#include "server.hpp"

#include <complaints/domain/error.hpp>

#include <fmt/format.h>

#include <unistd.h>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

namespace complaints::cli {

namespace {

constexpr const char* k_server_build = "complaints-postgresql";

std::string own_directory() {
    char buffer[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0) return ".";
    const std::string path(buffer, static_cast<std::size_t>(n));
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

void hand_over_to_server_build(char** argv) {
    const std::string dir = own_directory();
    std::string tried;
    for (const std::string& candidate :
         {fmt::format("{}/{}", dir, k_server_build),
          fmt::format("{}/../libexec/complaints/{}", dir, k_server_build)}) {
        ::execv(candidate.c_str(), argv);
        tried +=
            fmt::format("{}{} ({})", tried.empty() ? "" : ", ", candidate, std::strerror(errno));
    }
    throw Error(ExitCode::unavailable,
                fmt::format("cannot run {}, which reaches PostgreSQL servers: tried {}",
                            k_server_build, tried),
                {"install complaints with its PostgreSQL support (cmake --install), or use an "
                 "SQLite file"});
}

}  // namespace complaints::cli
