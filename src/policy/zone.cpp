#include <complaints/domain/error.hpp>
#include <complaints/policy/policy_file.hpp>

#include <unistd.h>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>

namespace complaints::policy {

namespace {

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(buffer).str();
}

std::string zone_dir() {
    const char* dir = std::getenv("TZDIR");
    return (dir && *dir) ? std::string(dir) : std::string("/usr/share/zoneinfo");
}

// IANA names are relative paths of letters, digits and a few signs; refuse
// anything that could escape the zone directory.
bool is_zone_name(std::string_view name) {
    if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos)
        return false;
    for (const char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' || c == '+';
        if (!ok) return false;
    }
    return true;
}

std::optional<domain::TimeZone> zone_from_file(const std::string& name, const std::string& path) {
    const auto bytes = read_file(path);
    if (!bytes) return std::nullopt;
    try {
        return domain::TimeZone::from_tzif(name, *bytes);
    } catch (const Error&) {
        return std::nullopt;
    }
}

// The IANA name behind /etc/localtime, when it is a link into a zone directory.
std::string local_zone_name() {
    char target[4096];
    const ssize_t n = ::readlink("/etc/localtime", target, sizeof target - 1);
    if (n > 0) {
        const std::string link(target, static_cast<std::size_t>(n));
        const auto at = link.find("zoneinfo/");
        if (at != std::string::npos) return link.substr(at + 9);
    }
    if (auto name = read_file("/etc/timezone")) {
        while (!name->empty() && (name->back() == '\n' || name->back() == ' ')) name->pop_back();
        if (is_zone_name(*name)) return *name;
    }
    return "localtime";
}

}  // namespace

std::optional<domain::TimeZone> load_zone(std::string_view name) {
    if (name == "UTC" || name == "Etc/UTC") {
        if (auto zone = zone_from_file(std::string(name), zone_dir() + "/" + std::string(name)))
            return zone;
        return domain::TimeZone::utc();
    }
    if (!is_zone_name(name)) return std::nullopt;
    return zone_from_file(std::string(name), zone_dir() + "/" + std::string(name));
}

domain::TimeZone system_zone() {
    if (const char* tz = std::getenv("TZ"); tz && *tz) {
        std::string_view spec(tz);
        if (spec.front() == ':') spec.remove_prefix(1);
        if (!spec.empty() && spec.front() == '/') {
            if (auto zone = zone_from_file(std::string(spec), std::string(spec))) return *zone;
        } else if (auto zone = load_zone(spec)) {
            return *zone;
        } else if (auto posix = domain::TimeZone::from_posix(spec)) {
            return *posix;
        }
        return domain::TimeZone::utc();
    }
    if (auto zone = zone_from_file(local_zone_name(), "/etc/localtime")) return *zone;
    return domain::TimeZone::utc();
}

}  // namespace complaints::policy
