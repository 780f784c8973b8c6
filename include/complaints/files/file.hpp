#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace complaints::files {

// How much of a file is read or written at a time: evidence streams through
// buffers of this size and is never held whole in memory.
inline constexpr std::size_t k_chunk_bytes = 64 * 1024;

// The last part of `path` (`/tmp/scan/投诉记录.txt` → `投诉记录.txt`), or ""
// when it has none (`dir/`).
[[nodiscard]] std::string base_name(const std::string& path);

// A regular file opened for reading in chunks.
class InputFile {
public:
    // Opens `path`; throws `Error` (no_input, 66) naming it when it is
    // missing, unreadable or not a regular file (a directory).
    explicit InputFile(std::string path);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    InputFile(InputFile&& other) noexcept;
    InputFile& operator=(InputFile&& other) noexcept;

    [[nodiscard]] const std::string& path() const { return m_path; }
    // The size when it was opened.
    [[nodiscard]] std::int64_t size() const { return m_size; }
    // Reads up to `buffer.size()` bytes into `buffer`; 0 at the end. A read
    // error throws `Error` (io, 74) naming the file.
    [[nodiscard]] std::size_t read(std::span<std::byte> buffer);
    // Back to the first byte, for a second pass.
    void rewind();

private:
    std::string m_path;
    int m_fd = -1;
    std::int64_t m_size = 0;
};

// A file that appears under its name only when complete: written in chunks to
// a temporary file in the target's directory, then put in place by `commit`,
// which never replaces an existing file. Dropped without `commit`, the
// temporary file is removed, so nothing is left behind.
class NewFile {
public:
    // Creates the temporary file beside `target`; throws `Error`
    // (cannot_create, 73) when it cannot.
    explicit NewFile(std::filesystem::path target);
    ~NewFile();
    NewFile(const NewFile&) = delete;
    NewFile& operator=(const NewFile&) = delete;

    // Appends `bytes`; a write error throws `Error` (io, 74).
    void write(std::span<const std::byte> bytes);
    // Flushes the content to the disk and gives it the target's name. An
    // existing file of that name is kept and `Error` (cannot_create, 73)
    // thrown; the temporary file is then removed.
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temporary;
    int m_fd = -1;
    bool m_committed = false;
};

// True when something (a file, a directory, a dangling link) is at `path`.
[[nodiscard]] bool exists(const std::filesystem::path& path);

// Creates `dir` and any missing parents; throws `Error` (cannot_create, 73)
// naming it when that fails or `dir` is not a directory.
void make_directories(const std::filesystem::path& dir);

}  // namespace complaints::files
