// files::MediaTypes (libmagic): media types from a file's first bytes.
#include <complaints/files/media_type.hpp>

#include <doctest/doctest.h>

#include <array>
#include <string>

using complaints::files::MediaTypes;

namespace {

template <std::size_t N>
std::span<const std::byte> bytes_of(const std::array<unsigned char, N>& data) {
    return std::as_bytes(std::span(data));
}

std::span<const std::byte> bytes_of(const std::string& text) {
    return std::as_bytes(std::span(text.data(), text.size()));
}

// The smallest PNG: a 1×1 grey pixel.
constexpr std::array<unsigned char, 67> k_png = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
    0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x08,
    0xd7, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0xe2, 0x21, 0xbc, 0x33, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

}  // namespace

TEST_CASE("MediaTypes::of") {
    const MediaTypes types;
    SUBCASE("PNG") {
        CHECK(types.of(bytes_of(k_png)) == "image/png");
    }
    SUBCASE("PDF") {
        CHECK(types.of(bytes_of(std::string("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"))) ==
              "application/pdf");
    }
    SUBCASE("text, also UTF-8 Chinese") {
        CHECK(types.of(bytes_of(std::string("order 4411 was late\n"))) == "text/plain");
        CHECK(types.of(bytes_of(std::string("订单 4411 迟到了两天。\n"))) == "text/plain");
    }
    SUBCASE("empty") {
        CHECK(types.of({}) == "application/x-empty");
    }
    SUBCASE("binary noise") {
        std::array<unsigned char, 256> all{};
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<unsigned char>(255 - i);
        CHECK(types.of(bytes_of(all)) == "application/octet-stream");
    }
}
