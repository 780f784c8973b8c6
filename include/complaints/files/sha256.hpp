#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace complaints::files {

// SHA-256 fed in pieces, from OpenSSL's libcrypto (EVP), so that a file of
// any size is hashed while it streams through.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;

    void update(std::span<const std::byte> bytes);
    // The digest as 64 lowercase hex digits; the object is then spent.
    [[nodiscard]] std::string hex();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The SHA-256 of `bytes` in one call.
[[nodiscard]] std::string sha256_hex(std::span<const std::byte> bytes);

}  // namespace complaints::files
