// Reading and writing evidence files in chunks, with POSIX calls: a new file
// is created exclusively under a temporary name and renamed into place
// without replacing anything.
#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/files/file.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace complaints::files {

namespace {

std::string reason(int error) {
    return std::strerror(error);
}

}  // namespace

std::string base_name(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

InputFile::InputFile(std::string path) : m_path(std::move(path)) {
    m_fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0)
        throw Error(ExitCode::no_input, trf("cannot read '{}': {}", m_path, reason(errno)));
    struct stat info {};
    if (::fstat(m_fd, &info) != 0) {
        const int error = errno;
        ::close(m_fd);
        m_fd = -1;
        throw Error(ExitCode::no_input, trf("cannot read '{}': {}", m_path, reason(error)));
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(m_fd);
        m_fd = -1;
        throw Error(ExitCode::no_input, trf("cannot read '{}': {}", m_path,
                                            // TRANSLATORS: inserted as the 2nd {} of "cannot read
                                            // '{}': {}" (elsewhere the system's reason).
                                            S_ISDIR(info.st_mode) ? tr("it is a directory")
                                                                  : tr("not a regular file")));
    }
    m_size = static_cast<std::int64_t>(info.st_size);
}

InputFile::~InputFile() {
    if (m_fd >= 0) ::close(m_fd);
}

InputFile::InputFile(InputFile&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1)), m_size(other.m_size) {}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_path = std::move(other.m_path);
        m_fd = std::exchange(other.m_fd, -1);
        m_size = other.m_size;
    }
    return *this;
}

std::size_t InputFile::read(std::span<std::byte> buffer) {
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer.data(), buffer.size());
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        throw Error(ExitCode::io, trf("cannot read '{}': {}", m_path, reason(errno)));
    }
}

void InputFile::rewind() {
    if (::lseek(m_fd, 0, SEEK_SET) != 0)
        throw Error(ExitCode::io, trf("cannot read '{}' again: {}", m_path, reason(errno)));
}

NewFile::NewFile(std::filesystem::path target) : m_target(std::move(target)) {
    const auto dir = m_target.parent_path();
    std::string pattern = (dir / ("." + m_target.filename().string() + ".XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    m_fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (m_fd < 0)
        throw Error(ExitCode::cannot_create,
                    trf("cannot create a file in '{}': {}", dir.string(), reason(errno)));
    m_temporary = name.data();
    // mkostemp makes the file private (0600); the extracted file gets the
    // permissions of any new file (0666 less the umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(m_fd, 0666 & ~mask);
}

NewFile::~NewFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed && !m_temporary.empty()) ::unlink(m_temporary.c_str());
}

void NewFile::write(std::span<const std::byte> bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(ExitCode::io,
                        trf("cannot write '{}': {}", m_target.string(), reason(errno)));
        }
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
}

void NewFile::commit() {
    if (::fsync(m_fd) != 0 || ::close(std::exchange(m_fd, -1)) != 0)
        throw Error(ExitCode::io, trf("cannot write '{}': {}", m_target.string(), reason(errno)));
    const auto exists_error = [&] {
        return Error(ExitCode::cannot_create,
                     trf("'{}' exists; an existing file is never overwritten", m_target.string()),
                     {tr("extract into another directory, or move the file away first")});
    };
    if (::renameat2(AT_FDCWD, m_temporary.c_str(), AT_FDCWD, m_target.c_str(), RENAME_NOREPLACE) ==
        0) {
        m_committed = true;
        return;
    }
    if (errno == EEXIST) throw exists_error();
    if (errno != EINVAL && errno != ENOSYS)
        throw Error(ExitCode::cannot_create,
                    trf("cannot create '{}': {}", m_target.string(), reason(errno)));
    // A file system without RENAME_NOREPLACE: a hard link also refuses an
    // existing name.
    if (::link(m_temporary.c_str(), m_target.c_str()) != 0) {
        if (errno == EEXIST) throw exists_error();
        throw Error(ExitCode::cannot_create,
                    trf("cannot create '{}': {}", m_target.string(), reason(errno)));
    }
    ::unlink(m_temporary.c_str());
    m_committed = true;
}

bool exists(const std::filesystem::path& path) {
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0;
}

void make_directories(const std::filesystem::path& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error || !std::filesystem::is_directory(dir, error))
        throw Error(
            ExitCode::cannot_create,
            trf("cannot create the directory '{}': {}", dir.string(),
                // TRANSLATORS: inserted as the 2nd {} of "cannot create the directory '{}': {}".
                error ? error.message() : std::string(tr("a file of that name exists"))));
}

}  // namespace complaints::files
