// `evidence ID` (SPEC §11): lists a complaint's evidence, or writes the files
// back out (--extract DIR, -o -), checking each one's SHA-256 on the way out.
#include "../commands.hpp"

#include <complaints/domain/evidence.hpp>
#include <complaints/files/file.hpp>
#include <complaints/files/sha256.hpp>
#include <complaints/report/evidence.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace complaints::cli {

namespace {

struct EvidenceOptions {
    std::string id;
    std::optional<std::string> extract;
    std::optional<std::string> name;
    std::optional<std::string> output;
};

[[noreturn]] void mismatch(const std::string& id, const storage::EvidenceRow& row,
                           const std::string& found) {
    throw Error(ExitCode::io,
                trf("the stored content of '{}' (complaint {}) does not match its SHA-256 "
                    "{}: it reads as {}; nothing was written for it",
                    row.name, id, row.sha256.substr(0, report::k_short_hash),
                    found.substr(0, report::k_short_hash)),
                {tr("the database was changed outside complaints or is damaged; restore it from a "
                    "backup")});
}

// Streams the stored content of `row` to `sink`, returning its SHA-256 and
// size as read.
std::pair<std::string, std::int64_t> stream(
    const storage::EvidenceStore& store, const storage::EvidenceRow& row,
    const std::function<void(std::span<const std::byte>)>& sink) {
    files::Sha256 hash;
    std::int64_t size = 0;
    store.read_content(
        row.sha256,
        [&](std::span<const std::byte> bytes) {
            hash.update(bytes);
            size += static_cast<std::int64_t>(bytes.size());
            if (sink) sink(bytes);
        },
        files::k_chunk_bytes);
    return {hash.hex(), size};
}

void check(const std::string& id, const storage::EvidenceRow& row,
           const std::pair<std::string, std::int64_t>& read) {
    if (read.first != row.sha256 || read.second != row.size) mismatch(id, row, read.first);
}

std::string names_of(const std::vector<storage::EvidenceRow>& rows) {
    std::string names;
    for (const auto& row : rows) names += (names.empty() ? "" : ", ") + row.name;
    return names;
}

// --extract DIR: refuses (73) when any target exists before writing
// anything; then each file goes through a temporary file that is renamed
// into place only once its hash matched.
void extract(Context& ctx, Format format, const std::string& id,
             const storage::EvidenceStore& store, const std::vector<storage::EvidenceRow>& rows,
             const std::filesystem::path& dir) {
    for (const auto& row : rows)
        if (files::exists(dir / row.name))
            throw Error(ExitCode::cannot_create,
                        trf("'{}' exists; an existing file is never overwritten",
                            (dir / row.name).string()),
                        {tr("extract into another directory, or move the file away first")});
    files::make_directories(dir);
    nlohmann::ordered_json written = nlohmann::ordered_json::array();
    for (const auto& row : rows) {
        const auto target = dir / row.name;
        files::NewFile file(target);
        check(id, row, stream(store, row, [&](auto bytes) { file.write(bytes); }));
        file.commit();
        if (format == Format::json)
            written.push_back({{"name", row.name},
                               {"path", target.string()},
                               {"size", row.size},
                               {"sha256", row.sha256}});
        else
            ctx.out(domain::printable(trf("{}  {}  sha256 {} checked", target.string(),
                                          domain::format_size(row.size),
                                          row.sha256.substr(0, report::k_short_hash))) +
                    "\n");
    }
    if (format == Format::json)
        ctx.out(domain::json_printable(
                    written.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) +
                "\n");
}

// -o -: the content is hashed in a first pass and written only when it
// matches; hashed again while written.
void to_stdout(Context& ctx, const std::string& id, const storage::EvidenceStore& store,
               const storage::EvidenceRow& row) {
    check(id, row, stream(store, row, nullptr));
    check(id, row, stream(store, row, [&](std::span<const std::byte> bytes) {
              ctx.out(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
          }));
}

void run_evidence(Context& ctx, const EvidenceOptions& o) {
    const bool listing = !o.extract && !o.output;
    const Format format = ctx.format_for(
        o.output
            ? Output{N_("a file written to standard output"), false, false}
            : Output{listing ? N_("the evidence list") : N_("the files extracted"), true, listing});
    const domain::Policy& policy = ctx.policy();
    const domain::Complaint c = require_complaint(ctx, o.id);
    const auto store = ctx.db(storage::Access::read).evidence();
    std::vector<storage::EvidenceRow> rows = store.of(c.row_id);
    if (o.name) {
        const auto all = rows;
        std::erase_if(rows, [&](const auto& row) { return row.name != *o.name; });
        if (rows.empty())
            throw Error(ExitCode::no_input,
                        trf("complaint {} has no evidence named '{}'", c.id, *o.name),
                        {all.empty() ? std::string(tr("it has no evidence at all"))
                                     : trf("its files: {}", names_of(all))});
    }
    const report::View view{policy, ctx.now()};
    if (listing) {
        if (format == Format::json)
            ctx.out(report::evidence_json(rows, view));
        else
            print_table(
                ctx, report::evidence_table(
                         rows, format == Format::text ? report::Names::labels : report::Names::keys,
                         view));
        return;
    }
    if (o.output) {
        if (*o.output != "-")
            throw Error(ExitCode::usage, trf("-o takes only '-', got '{}'", *o.output),
                        {tr("to write files into a directory, use --extract DIR")});
        if (rows.empty())
            throw Error(ExitCode::no_input, trf("complaint {} has no evidence", c.id));
        if (rows.size() > 1)
            throw Error(ExitCode::usage,
                        trf("complaint {} has {} files; -o - writes one", c.id, rows.size()),
                        {trf("choose one with --name: {}", names_of(rows))});
        to_stdout(ctx, c.id, store, rows.front());
        return;
    }
    if (rows.empty()) {
        ctx.notice(trf("complaint {} has no evidence; nothing to extract", c.id));
        if (format == Format::json) ctx.out("[]\n");
        return;
    }
    extract(ctx, format, c.id, store, rows, *o.extract);
}

}  // namespace

void add_evidence(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<EvidenceOptions>();
    cmd.add_option("ID", o->id, tr("The complaint number (any letter case)"))->required();
    auto* extract =
        cmd.add_option("--extract", o->extract, tr("Write the files into DIR (created if missing)"))
            ->type_name("DIR");
    cmd.add_option("--name", o->name, tr("Only the file of this name"));
    cmd.add_option("-o,--output", o->output,
                   tr("'-': write one file to standard output (with --name unless there is one)"))
        ->type_name("-")
        ->excludes(extract);
    cmd.footer(
        tr("Lists the files attached to a complaint: name, size, media type, the first 12\n"
           "digits of the SHA-256 (JSON and CSV: all 64), who added it, when, and the note.\n"
           "--extract writes them back, checking each SHA-256 on the way out: a file whose\n"
           "stored content does not match is not written (exit 74); an existing file is\n"
           "never overwritten (exit 73, and then nothing is written).\n\n"
           "Examples:\n"
           "  complaints evidence 20261123-TEL-001\n"
           "  complaints evidence 20261123-TEL-001 --extract ./case-001\n"
           "  complaints evidence 20261123-TEL-001 --name kettle.jpg -o - > kettle.jpg"));
    cmd.callback([&ctx, o] { run_evidence(ctx, *o); });
}

}  // namespace complaints::cli
