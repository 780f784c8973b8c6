// The one user of OpenSSL: SHA-256 through the EVP digest interface.
#include <complaints/domain/error.hpp>
#include <complaints/files/sha256.hpp>

#include <openssl/evp.h>

#include <array>

namespace complaints::files {

struct Sha256::Impl {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Impl() { EVP_MD_CTX_free(ctx); }
};

namespace {

[[noreturn]] void fail(const char* what) {
    throw Error(ExitCode::internal, std::string("SHA-256 (OpenSSL): ") + what + " failed");
}

}  // namespace

Sha256::Sha256() : m_impl(std::make_unique<Impl>()) {
    if (!m_impl->ctx) fail("EVP_MD_CTX_new");
    if (EVP_DigestInit_ex(m_impl->ctx, EVP_sha256(), nullptr) != 1) fail("EVP_DigestInit_ex");
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::span<const std::byte> bytes) {
    if (bytes.empty()) return;
    if (EVP_DigestUpdate(m_impl->ctx, bytes.data(), bytes.size()) != 1) fail("EVP_DigestUpdate");
}

std::string Sha256::hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_impl->ctx, digest.data(), &length) != 1) fail("EVP_DigestFinal_ex");
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += k_digits[digest[i] >> 4];
        out += k_digits[digest[i] & 0x0f];
    }
    return out;
}

std::string sha256_hex(std::span<const std::byte> bytes) {
    Sha256 hash;
    hash.update(bytes);
    return hash.hex();
}

}  // namespace complaints::files
