#pragma once

// What the renderers of report share (views.cpp, complaint.cpp). Private to
// the report module.

#include <complaints/domain/event.hpp>
#include <complaints/domain/text.hpp>
#include <complaints/report/views.hpp>
#include <complaints/storage/evidence.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace complaints::report::detail {

using nlohmann::ordered_json;

inline ordered_json optional_json(const std::optional<std::string>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

inline ordered_json time_json(const std::optional<domain::Instant>& t, const View& view) {
    return t ? ordered_json(domain::format_rfc3339(*t, view.policy.zone)) : ordered_json(nullptr);
}

// `j` indented by two, invalid UTF-8 replaced by U+FFFD, and no control
// character left raw (domain::json_printable).
inline std::string dump(const ordered_json& j) {
    return domain::json_printable(j.dump(2, ' ', false, ordered_json::error_handler_t::replace)) +
           "\n";
}

inline ordered_json nullable(const std::optional<bool>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

inline ordered_json nullable(const std::optional<int>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

// The label of `name` in `table` (the name when the policy has no entry).
inline std::string label(domain::Table table, const std::string& name, const View& view) {
    return view.policy.label(table, name);
}

class JsonWriter;

// The evidence files as a JSON array (report/evidence.cpp): what `evidence
// --format json` prints and the `evidence` key of the complaint object.
void put_evidence(JsonWriter& w, const std::vector<storage::EvidenceRow>& rows, const View& view);

}  // namespace complaints::report::detail
