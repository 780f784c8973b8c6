// files::Sha256 (OpenSSL): the known vectors of FIPS 180-2, in one call and
// fed in pieces.
#include <complaints/files/sha256.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using complaints::files::Sha256;
using complaints::files::sha256_hex;

namespace {

std::span<const std::byte> bytes_of(const std::string& text) {
    return std::as_bytes(std::span(text.data(), text.size()));
}

}  // namespace

TEST_CASE("Sha256: known vectors") {
    CHECK(sha256_hex({}) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex(bytes_of("abc")) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex(bytes_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("Sha256: fed in pieces equals one call") {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += static_cast<char>(i % 256);
    Sha256 hash;
    SUBCASE("uneven pieces") {
        for (std::size_t at = 0; at < text.size();) {
            const std::size_t n = std::min<std::size_t>(text.size() - at, 1 + at % 7919);
            hash.update(bytes_of(text).subspan(at, n));
            at += n;
        }
    }
    SUBCASE("empty pieces change nothing") {
        hash.update({});
        hash.update(bytes_of(text));
        hash.update({});
    }
    CHECK(hash.hex() == sha256_hex(bytes_of(text)));
}

TEST_CASE("Sha256: a million 'a'") {
    const std::string block(1000, 'a');
    Sha256 hash;
    for (int i = 0; i < 1000; ++i) hash.update(bytes_of(block));
    CHECK(hash.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
