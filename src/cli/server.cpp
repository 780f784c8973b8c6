#include "server.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <unistd.h>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

namespace complaints::cli {

std::string own_directory() {
    char buffer[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0) return ".";
    const std::string path(buffer, static_cast<std::size_t>(n));
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

void hand_over(char** argv, const char* build, std::string_view does, std::string hint) {
    const std::string dir = own_directory();
    std::string tried;
    for (const std::string& candidate : {fmt::format("{}/{}", dir, build),
                                         fmt::format("{}/../libexec/complaints/{}", dir, build)}) {
        ::execv(candidate.c_str(), argv);
        tried +=
            fmt::format("{}{} ({})", tried.empty() ? "" : ", ", candidate, std::strerror(errno));
    }
    throw Error(ExitCode::unavailable, trf("cannot run {}, which {}: tried {}", build, does, tried),
                {std::move(hint)});
}

void hand_over_to_server_build(char** argv) {
    hand_over(argv, "complaints-postgresql", tr("reaches PostgreSQL servers"),
              tr("install complaints with its PostgreSQL support (cmake --install), or use an "
                 "SQLite file"));
}

}  // namespace complaints::cli
