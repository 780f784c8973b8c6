#pragma once

#include <complaints/domain/policy.hpp>
#include <complaints/domain/time.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace complaints::policy {

// The built-in policy of SPEC §3.3, in the system's local time zone.
domain::Policy builtin();

// Reads a policy from TOML `text`; `source` names it in messages. What the
// text leaves out comes from the built-in policy. Every error (syntax, an
// unknown key, a bad value) throws `Error` (ExitCode::config) whose message is
// `SOURCE:LINE:COLUMN: message`.
domain::Policy parse(std::string_view text, const std::string& source);

// Reads the policy file at `path`: `parse` of its contents. A missing or
// unreadable file throws `Error` (ExitCode::no_input).
domain::Policy load(const std::string& path);

enum class Comments { none, explain };

// The policy as a TOML file that `parse` accepts and that reads back to the
// same policy. With `Comments::explain`, each section says what it means
// (the starter file `init` writes).
std::string to_toml(const domain::Policy& policy, Comments comments);

// `[evidence] max_file` as the policy file writes it: "20MB", with the
// largest unit (GB, MB, KB, B; multiples of 1024) that divides `bytes` exactly.
std::string size_text(std::int64_t bytes);

// The zone called `name` (an IANA name such as "Asia/Shanghai") from the
// system's zone database (`TZDIR`, else /usr/share/zoneinfo); nullopt when
// there is no such zone or its file is not a valid TZif file.
std::optional<domain::TimeZone> load_zone(std::string_view name);

// The system's local zone: `TZ` when set (a zone name, a path after ':' or a
// POSIX TZ string), else /etc/localtime, else UTC.
domain::TimeZone system_zone();

}  // namespace complaints::policy
