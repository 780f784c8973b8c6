#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace complaints::files {

// Media types (`image/png`, `application/pdf`, `text/plain`) read from the
// content by Debian's libmagic. Its database is loaded when the object is
// made, which costs start-up time: only commands that store files make one.
class MediaTypes {
public:
    MediaTypes();  // throws Error (ExitCode::unavailable, 69) when libmagic cannot load
    ~MediaTypes();
    MediaTypes(const MediaTypes&) = delete;
    MediaTypes& operator=(const MediaTypes&) = delete;

    // The media type of a file that starts with `head` (the first
    // `k_head_bytes` bytes, or all of a shorter file). An empty file is
    // `application/x-empty`.
    [[nodiscard]] std::string of(std::span<const std::byte> head) const;

    // How much of a file's start `of` wants to see.
    static constexpr std::size_t k_head_bytes = 1024 * 1024;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace complaints::files
