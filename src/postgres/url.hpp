#pragma once

// What connecting needs of a URL besides password_in_url and display_url.

#include <string>
#include <string_view>
#include <vector>

namespace complaints::postgres::detail {

// The password of `url`, as written and percent-decoded, in every place libpq
// would take one from: what a message must never show.
std::vector<std::string> secrets_of(const std::string& url);
// `message` with every one of `secrets` replaced by ***.
std::string without_secrets(std::string message, const std::vector<std::string>& secrets);
// The value of `keyword` (libpq's name: "options", "connect_timeout", ...)
// in `url`, empty when it has none or cannot be parsed.
std::string url_option(const std::string& url, std::string_view keyword);

}  // namespace complaints::postgres::detail
