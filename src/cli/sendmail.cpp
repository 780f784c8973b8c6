#include "sendmail.hpp"

#include <complaints/domain/translate.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

extern char** environ;

namespace complaints::cli {

namespace {

// A file descriptor closed when it goes out of scope.
class Descriptor {
public:
    explicit Descriptor(int fd = -1) : m_fd(fd) {}
    ~Descriptor() { close(); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    void close() {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
};

// How long to wait for the command to take more of the message before
// looking whether it has ended without reading the rest.
constexpr int k_poll_ms = 100;

}  // namespace

std::string send_mail(const std::string& command, const std::string& message) {
    std::fflush(nullptr);
    // The message goes through a pipe of which we keep the reading end too:
    // the command sees the end of the message when we close the writing end,
    // and once it has ended, what it left in the pipe shows that it did not
    // read the whole message (`true` reads nothing, yet exits 0). Writing
    // then never fails with EPIPE, so no SIGPIPE either; a full pipe is
    // waited on, looking every k_poll_ms whether the command has ended.
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return tr("could not make a pipe for it");
    Descriptor reader(fds[0]), writer(fds[1]);
    ::fcntl(writer.get(), F_SETFL, ::fcntl(writer.get(), F_GETFL) | O_NONBLOCK);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // Its standard input is the pipe; its output goes to standard error:
    // standard output is ours (--dry-run). dup2 clears close-on-exec.
    posix_spawn_file_actions_adddup2(&actions, reader.get(), STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
    const std::string shell_command = "{ " + command + "\n}";
    const char* argv[] = {"sh", "-c", shell_command.c_str(), nullptr};
    pid_t pid = -1;
    const int spawned =
        ::posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return tr("could not start it");

    int status = 0;
    bool ended = false;
    std::size_t written = 0;
    while (written < message.size()) {
        const ssize_t n = ::write(writer.get(), message.data() + written, message.size() - written);
        if (n > 0) {
            written += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) break;
        pollfd p{writer.get(), POLLOUT, 0};
        if (::poll(&p, 1, k_poll_ms) == 0) {
            const pid_t done = ::waitpid(pid, &status, WNOHANG);
            if (done == pid) {
                ended = true;
                break;
            }
        }
    }
    writer.close();
    if (!ended) {
        pid_t done;
        while ((done = ::waitpid(pid, &status, 0)) == -1 && errno == EINTR) {
        }
        if (done != pid) return tr("could not wait for it");
    }
    int unread = 0;
    if (::ioctl(reader.get(), FIONREAD, &unread) != 0) unread = 0;
    const bool read_all = written == message.size() && unread == 0;

    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return read_all ? "" : tr("it did not read the whole message");
    // TRANSLATORS: what went wrong with the mail command: "exit 1".
    if (WIFEXITED(status))
        return WEXITSTATUS(status) == 127 ? tr("command not found (exit 127)")
                                          : trf("exit {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return trf("killed by signal {}", WTERMSIG(status));
    // TRANSLATORS: the mail command failed (no more is known).
    return tr("failed");
}

}  // namespace complaints::cli
