// Evidence files (SPEC §11) for `evidence` and `show`, in text, CSV and JSON.
#include <complaints/domain/evidence.hpp>
#include <complaints/domain/text.hpp>
#include <complaints/report/evidence.hpp>

#include "render_support.hpp"

#include <fmt/format.h>

namespace complaints::report {

using namespace detail;
using storage::EvidenceRow;

std::vector<EvidenceRow> evidence_of(const std::vector<domain::Event>& events) {
    std::vector<EvidenceRow> rows;
    for (const auto& e : events) {
        const auto* d = e.as<domain::AttachDetails>();
        if (!d) continue;
        for (const auto& file : d->files)
            rows.push_back(
                {file.name, file.size, file.media_type, file.sha256, e.actor, e.at, d->note});
    }
    return rows;
}

Table evidence_table(const std::vector<EvidenceRow>& rows, Names names, const View& view) {
    const bool text = names == Names::labels;
    Table t;
    t.columns = {{"name"},     {"size", Align::right},    {"media_type"}, {"sha256"}, {"added_by"},
                 {"added_at"}, {"note", Align::left, "-"}};
    for (const auto& row : rows)
        t.rows.push_back({row.name, text ? domain::format_size(row.size) : std::to_string(row.size),
                          row.media_type, text ? row.sha256.substr(0, k_short_hash) : row.sha256,
                          row.added_by, domain::format_local(row.added_at, view.policy.zone),
                          row.note});
    return t;
}

ordered_json detail::evidence_array(const std::vector<EvidenceRow>& rows, const View& view) {
    ordered_json out = ordered_json::array();
    for (const auto& row : rows)
        out.push_back({{"name", row.name},
                       {"size", row.size},
                       {"media_type", row.media_type},
                       {"sha256", row.sha256},
                       {"added_by", row.added_by},
                       {"added_at", time_json(row.added_at, view)},
                       {"note", optional_json(row.note)}});
    return out;
}

std::string evidence_json(const std::vector<EvidenceRow>& rows, const View& view) {
    return dump(evidence_array(rows, view));
}

std::string evidence_text(const std::vector<EvidenceRow>& rows, const View& view,
                          const TextStyle& style) {
    if (rows.empty()) return "";
    std::string out = "\n" + bold("evidence", style) + "\n";
    for (const auto& row : rows) {
        std::string line = fmt::format("  {} {}: {} ({}, {}, sha256 {})",
                                       domain::format_local(row.added_at, view.policy.zone),
                                       row.added_by, row.name, domain::format_size(row.size),
                                       row.media_type, row.sha256.substr(0, k_short_hash));
        if (row.note) line += fmt::format("; {}", *row.note);
        out += domain::printable(line) + "\n";  // stored text: no control characters
    }
    return out;
}

}  // namespace complaints::report
