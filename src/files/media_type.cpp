// The one user of libmagic: media types from a file's content.
#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/files/media_type.hpp>

#include <fmt/format.h>

#include <magic.h>

namespace complaints::files {

struct MediaTypes::Impl {
    magic_t cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    ~Impl() {
        if (cookie) magic_close(cookie);
    }
};

MediaTypes::MediaTypes() : m_impl(std::make_unique<Impl>()) {
    if (!m_impl->cookie)
        throw Error(ExitCode::unavailable, tr("cannot start libmagic to read media types"));
    // The compiled database of Debian's libmagic-mgc (/usr/lib/file/magic.mgc),
    // or the one MAGIC names.
    if (magic_load(m_impl->cookie, nullptr) != 0)
        throw Error(ExitCode::unavailable,
                    trf("cannot load libmagic's database: {}",
                        magic_error(m_impl->cookie) ? magic_error(m_impl->cookie) : "?"),
                    {tr("install Debian's libmagic-mgc (it provides /usr/lib/file/magic.mgc), or "
                        "point MAGIC at a compiled magic file")});
}

MediaTypes::~MediaTypes() = default;

std::string MediaTypes::of(std::span<const std::byte> head) const {
    if (head.empty()) return "application/x-empty";
    const char* type = magic_buffer(m_impl->cookie, head.data(), head.size());
    if (!type) return "application/octet-stream";
    return type;
}

}  // namespace complaints::files
