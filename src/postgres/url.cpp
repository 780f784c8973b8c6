// Database URLs: no password in them (SPEC §14: passwords come from
// PGPASSWORD or ~/.pgpass), and a form fit for messages.

#include <complaints/postgres/session.hpp>

#include "url.hpp"

// N_ only: storage translates these messages where it shows them.
#include <complaints/domain/translate.hpp>

#include <libpq-fe.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace complaints::postgres {
namespace {

struct Parts {
    std::string scheme;    // "postgresql" or "postgres"
    std::string userinfo;  // before the '@', password included
    std::string hosts;     // host:port, or several
    std::string path;      // "/dbname"
    std::string query;     // after the '?'
};

// Splits a URL as libpq does: scheme://[userinfo@]hosts[/dbname][?query].
std::optional<Parts> split(std::string_view url) {
    Parts parts;
    for (const std::string_view scheme : {"postgresql://", "postgres://"}) {
        if (url.substr(0, scheme.size()) == scheme) {
            parts.scheme = scheme.substr(0, scheme.size() - 3);
            url.remove_prefix(scheme.size());
        }
    }
    if (parts.scheme.empty()) return std::nullopt;
    const auto query = url.find('?');
    if (query != std::string_view::npos) {
        parts.query = url.substr(query + 1);
        url = url.substr(0, query);
    }
    const auto slash = url.find('/');
    if (slash != std::string_view::npos) {
        parts.path = url.substr(slash);
        url = url.substr(0, slash);
    }
    const auto at = url.rfind('@');
    if (at != std::string_view::npos) {
        parts.userinfo = url.substr(0, at);
        url.remove_prefix(at + 1);
    }
    parts.hosts = url;
    return parts;
}

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decoded(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// The values of `key` in a query string, as written.
std::vector<std::string> query_values(std::string_view query, std::string_view key) {
    std::vector<std::string> out;
    while (!query.empty()) {
        const auto end = std::min(query.find('&'), query.size());
        const auto pair = query.substr(0, end);
        query.remove_prefix(std::min(end + 1, query.size()));
        const auto equals = pair.find('=');
        if (percent_decoded(pair.substr(0, equals)) == key)
            out.emplace_back(equals == std::string_view::npos ? "" : pair.substr(equals + 1));
    }
    return out;
}

struct OptionsDeleter {
    void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using ParsedOptions = std::unique_ptr<PQconninfoOption, OptionsDeleter>;

// The connection string parsed by libpq, or null when it cannot be.
ParsedOptions parse(const std::string& url) {
    char* error = nullptr;
    ParsedOptions options(PQconninfoParse(url.c_str(), &error));
    if (error) PQfreemem(error);
    return options;
}

std::string option(const ParsedOptions& options, std::string_view keyword) {
    for (auto* o = options.get(); o && o->keyword; ++o)
        if (o->keyword == keyword && o->val) return o->val;
    return {};
}

}  // namespace

std::optional<std::string> password_in_url(const std::string& url) {
    // Whole sentences, marked for the catalogue: the storage module shows
    // them translated (postgres_engine.cpp).
    if (const auto parts = split(url)) {
        if (parts->userinfo.find(':') != std::string::npos)
            return N_(
                "the database URL holds a password (user:password@): give it in "
                "PGPASSWORD or ~/.pgpass");
        if (!query_values(parts->query, "password").empty())
            return N_(
                "the database URL holds a password (?password=): give it in PGPASSWORD "
                "or ~/.pgpass");
    }
    // A key=value connection string, or whatever libpq reads as a password.
    if (const auto options = parse(url); options && !option(options, "password").empty())
        return N_("the database URL holds a password: give it in PGPASSWORD or ~/.pgpass");
    return std::nullopt;
}

std::string display_url(const std::string& url) {
    if (const auto parts = split(url)) {
        // The user, host and port may be in the query string instead
        // (postgresql:///db?host=%2Frun%2Fpostgresql&user=li): shown where a
        // URL puts them, still percent-encoded.
        const auto from_query = [&parts](std::string_view key) {
            const auto values = query_values(parts->query, key);
            return values.empty() ? std::string() : values.back();
        };
        auto user = parts->userinfo.substr(0, parts->userinfo.find(':'));
        if (user.empty()) user = from_query("user");
        auto hosts = parts->hosts;
        if (hosts.empty()) hosts = from_query("host");
        if (const auto port = from_query("port");
            !port.empty() && hosts.find(':') == std::string::npos)
            hosts += ":" + port;
        return parts->scheme + "://" + (user.empty() ? "" : user + "@") + hosts + parts->path;
    }
    const auto options = parse(url);
    if (!options) return "the database";
    const auto user = option(options, "user");
    const auto port = option(options, "port");
    return "postgresql://" + (user.empty() ? "" : user + "@") + option(options, "host") +
           (port.empty() ? "" : ":" + port) + "/" + option(options, "dbname");
}

namespace detail {

std::vector<std::string> secrets_of(const std::string& url) {
    std::vector<std::string> out;
    const auto add = [&out](std::string_view s) {
        if (s.empty()) return;
        out.emplace_back(s);
        if (auto decoded = percent_decoded(s); decoded != s) out.push_back(std::move(decoded));
    };
    if (const auto parts = split(url)) {
        if (const auto colon = parts->userinfo.find(':'); colon != std::string::npos)
            add(std::string_view(parts->userinfo).substr(colon + 1));
        for (const auto& p : query_values(parts->query, "password")) add(p);
    }
    if (const auto options = parse(url)) add(option(options, "password"));
    return out;
}

std::string without_secrets(std::string message, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        for (auto at = message.find(secret); at != std::string::npos;
             at = message.find(secret, at + 3))
            message.replace(at, secret.size(), "***");
    }
    return message;
}

std::string url_option(const std::string& url, std::string_view keyword) {
    return option(parse(url), keyword);
}

}  // namespace detail
}  // namespace complaints::postgres
