#include "pty.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace cli_test {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + std::strerror(errno));
}

// Reads `fd` into `into`; false (and closes it) at its end. A pseudo-terminal's
// master reads EIO once every slave descriptor is closed.
bool drain(int& fd, std::string& into) {
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
        into.append(buffer, static_cast<std::size_t>(n));
        return true;
    }
    if (n < 0 && errno == EINTR) return true;
    ::close(fd);
    fd = -1;
    return false;
}

}  // namespace

Result run_on_terminal(const Fixture& fixture, const std::vector<std::string>& args,
                       const EnvChanges& env, TerminalSize size, Stdout where) {
    int master = -1, slave = -1;
    winsize window{};
    window.ws_col = size.columns;
    window.ws_row = size.rows;
    if (::openpty(&master, &slave, nullptr, nullptr, &window) != 0) fail("openpty");
    // Raw: the bytes read are the bytes written.
    termios mode{};
    if (::tcgetattr(slave, &mode) != 0) fail("tcgetattr");
    ::cfmakeraw(&mode);
    if (::tcsetattr(slave, TCSANOW, &mode) != 0) fail("tcsetattr");

    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) fail("pipe");
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd < 0) fail("open /dev/null");

    // Everything the child needs is made before fork: after it, only
    // async-signal-safe calls.
    std::vector<std::string> argv_strings{binary()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<std::string> env_strings = environment(fixture, env);
    auto argv = pointers(argv_strings);
    auto envp = pointers(env_strings);
    const std::string work = fixture.dir().string();

    const pid_t pid = ::fork();
    if (pid < 0) fail("fork");
    if (pid == 0) {
        ::setsid();
        ::ioctl(slave, TIOCSCTTY, 0);
        const int in = where == Stdout::terminal ? null_fd : slave;
        const int out = where == Stdout::terminal ? slave : pipe_fds[1];
        const int err = where == Stdout::terminal ? pipe_fds[1] : slave;
        if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(126);
        for (const int fd : {master, slave, pipe_fds[0], pipe_fds[1], null_fd})
            if (fd > 2) ::close(fd);
        if (::chdir(work.c_str()) != 0) ::_exit(126);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(slave);
    ::close(pipe_fds[1]);
    ::close(null_fd);

    std::string from_terminal, from_pipe;
    int terminal_fd = master, pipe_fd = pipe_fds[0];
    while (terminal_fd >= 0 || pipe_fd >= 0) {
        pollfd fds[2] = {{terminal_fd, POLLIN, 0}, {pipe_fd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            fail("poll");
        }
        if (terminal_fd >= 0 && fds[0].revents) drain(terminal_fd, from_terminal);
        if (pipe_fd >= 0 && fds[1].revents) drain(pipe_fd, from_pipe);
    }

    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) fail("waitpid");
    Result r;
    if (WIFEXITED(status))
        r.status = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        r.status = 128 + WTERMSIG(status);
    r.out = where == Stdout::terminal ? from_terminal : from_pipe;
    r.err = where == Stdout::terminal ? from_pipe : from_terminal;
    return r;
}

}  // namespace cli_test
