// Evidence files (SPEC §11) for `evidence` and `show`, in text, CSV and JSON.
#include <complaints/domain/evidence.hpp>
#include <complaints/domain/text.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/report/evidence.hpp>

#include "json_writer.hpp"
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
    t.columns = {{N_("name")},
                 {N_("size"), Align::right},
                 {N_("media_type")},
                 {N_("sha256")},
                 {N_("added_by")},
                 {N_("added_at")},
                 {N_("note"), Align::left, "-"}};
    for (const auto& row : rows)
        t.rows.push_back({row.name, text ? domain::format_size(row.size) : std::to_string(row.size),
                          row.media_type, text ? row.sha256.substr(0, k_short_hash) : row.sha256,
                          row.added_by, domain::format_local(row.added_at, view.policy.zone),
                          row.note});
    return t;
}

void detail::put_evidence(JsonWriter& w, const std::vector<EvidenceRow>& rows, const View& view) {
    w.begin_array();
    for (const auto& row : rows)
        w.begin_object()
            .member("name", row.name)
            .member("size", row.size)
            .member("media_type", row.media_type)
            .member("sha256", row.sha256)
            .member("added_by", row.added_by)
            .member("added_at", domain::format_rfc3339(row.added_at, view.policy.zone))
            .member("note", row.note)
            .end_object();
    w.end_array();
}

std::string evidence_json(const std::vector<EvidenceRow>& rows, const View& view) {
    std::string out;
    JsonWriter w(out, 2);
    put_evidence(w, rows, view);
    out += '\n';
    return out;
}

std::string evidence_text(const std::vector<EvidenceRow>& rows, const View& view,
                          const TextStyle& style) {
    if (rows.empty()) return "";
    // TRANSLATORS: the heading of the evidence files in `show`.
    std::string out = "\n" + bold(tr("evidence"), style) + "\n";
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
