// The one user of OpenSSL: SHA-256 from libcrypto.
//
// The low-level SHA256_Init/Update/Final rather than the EVP interface: EVP
// (OpenSSL 3) pulls the provider machinery into a static binary, whose
// relocations alone cost every command about 0.2M instructions at start-up;
// these functions bring in the SHA-256 code only. They are deprecated in
// OpenSSL 3.0 in favour of EVP but kept, and compute the same digest.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/files/sha256.hpp>

#include <openssl/sha.h>

#include <array>

namespace complaints::files {

struct Sha256::Impl {
    SHA256_CTX ctx{};
};

namespace {

[[noreturn]] void fail(const char* what) {
    throw Error(ExitCode::internal, trf("SHA-256 (OpenSSL): {} failed", what));
}

}  // namespace

Sha256::Sha256() : m_impl(std::make_unique<Impl>()) {
    if (SHA256_Init(&m_impl->ctx) != 1) fail("SHA256_Init");
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::span<const std::byte> bytes) {
    if (bytes.empty()) return;
    if (SHA256_Update(&m_impl->ctx, bytes.data(), bytes.size()) != 1) fail("SHA256_Update");
}

std::string Sha256::hex() {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    if (SHA256_Final(digest.data(), &m_impl->ctx) != 1) fail("SHA256_Final");
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(digest.size() * 2);
    for (const unsigned char byte : digest) {
        out += k_digits[byte >> 4];
        out += k_digits[byte & 0x0f];
    }
    return out;
}

std::string sha256_hex(std::span<const std::byte> bytes) {
    Sha256 hash;
    hash.update(bytes);
    return hash.hex();
}

}  // namespace complaints::files
