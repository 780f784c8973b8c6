// `attach ID FILE...` (SPEC §11): stores files as evidence of a complaint.
// Each file is read twice, in chunks: once before the transaction for its
// size, media type and SHA-256, and once inside it to stream a new content
// into the database, hashed again so that a file changed in between is
// refused rather than stored under the wrong hash.
#include "../commands.hpp"

#include <complaints/domain/evidence.hpp>
#include <complaints/files/file.hpp>
#include <complaints/files/media_type.hpp>
#include <complaints/files/sha256.hpp>
#include <complaints/report/views.hpp>

#include <vector>

namespace complaints::cli {

namespace {

struct AttachOptions {
    StepOptions step;
    std::vector<std::string> files;
    std::optional<std::string> note;
};

// Fills `buffer` from `file` as far as it goes: fewer bytes only at the end.
std::size_t read_full(files::InputFile& file, std::span<std::byte> buffer) {
    std::size_t filled = 0;
    while (filled < buffer.size()) {
        const std::size_t n = file.read(buffer.subspan(filled));
        if (n == 0) break;
        filled += n;
    }
    return filled;
}

// The first pass: size, SHA-256 and media type (from the first
// MediaTypes::k_head_bytes) of `file`.
void scan(files::InputFile& file, domain::EvidenceItem& item, const files::MediaTypes& types) {
    files::Sha256 hash;
    std::vector<std::byte> head;
    head.reserve(static_cast<std::size_t>(
        std::min<std::int64_t>(file.size(), files::MediaTypes::k_head_bytes)));
    std::vector<std::byte> buffer(files::k_chunk_bytes);
    std::int64_t size = 0;
    for (;;) {
        const std::size_t n = file.read(buffer);
        if (n == 0) break;
        const std::span<const std::byte> chunk(buffer.data(), n);
        hash.update(chunk);
        const std::size_t room = files::MediaTypes::k_head_bytes - head.size();
        head.insert(head.end(), chunk.begin(),
                    chunk.begin() + static_cast<std::ptrdiff_t>(std::min(room, n)));
        size += static_cast<std::int64_t>(n);
    }
    item.size = size;
    item.sha256 = hash.hex();
    item.media_type = types.of(head);
}

[[noreturn]] void changed(const files::InputFile& file) {
    throw Error(ExitCode::io,
                trf("'{}' changed while it was being attached; nothing was stored", file.path()),
                {tr("attach it again once nothing writes to it")});
}

// The second pass, inside the transaction: streams `file` into a new
// content row, checking that it still has the size and hash of the first.
void store_content(const storage::EvidenceStore& store, files::InputFile& file,
                   const domain::EvidenceItem& item) {
    file.rewind();
    files::Sha256 hash;
    std::int64_t size = 0;
    store.add_content(
        item.sha256, item.size,
        [&](std::span<std::byte> buffer) {
            const std::size_t n = read_full(file, buffer);
            if (n < buffer.size()) changed(file);  // shorter than at the first pass
            hash.update(std::span<const std::byte>(buffer.data(), n));
            size += static_cast<std::int64_t>(n);
            return n;
        },
        files::k_chunk_bytes);
    std::byte extra{};
    if (size != item.size || file.read(std::span(&extra, 1)) != 0 || hash.hex() != item.sha256)
        changed(file);
}

void attach_files(Context& ctx, const AttachOptions& o) {
    const Format format = ctx.format_for({N_("a changed complaint")});
    const domain::Policy& policy = ctx.policy();
    const domain::Stamp stamp = ctx.stamp(o.step.at);
    // Who acts is known before any file is read (77 at once); `attach` checks again.
    policy.require_actor(stamp.actor);

    std::vector<files::InputFile> inputs;
    domain::AttachRequest request;
    request.note = o.note;
    inputs.reserve(o.files.size());
    for (const auto& path : o.files) {
        inputs.emplace_back(path);  // 66 for a missing or unreadable file
        request.files.push_back({files::base_name(path), inputs.back().size(), "", ""});
    }
    domain::check_attach_files(request.files, policy);  // 65 before reading any content
    {
        const files::MediaTypes types;
        for (std::size_t i = 0; i < inputs.size(); ++i) scan(inputs[i], request.files[i], types);
    }

    auto& db = ctx.db(storage::Access::read);
    domain::Complaint complaint;
    std::vector<bool> stored_before(inputs.size());
    db.write([&] {
        complaint = require_complaint(ctx, o.step.id);
        const auto store = db.evidence();
        std::vector<std::string> existing;
        for (const auto& row : store.of(complaint.row_id)) existing.push_back(row.name);
        const domain::Event event = domain::attach(complaint, request, existing, policy, stamp);
        db.complaints().update(complaint, event);
        const std::int64_t seq = store.latest_event(complaint.row_id);
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const auto& item = request.files[i];
            stored_before[i] = store.has_content(item.sha256);
            if (!stored_before[i]) store_content(store, inputs[i], item);
            store.add(complaint.row_id, seq,
                      {item.name, item.size, item.media_type, item.sha256, stamp.actor, stamp.at,
                       event.as<domain::AttachDetails>()->note});
        }
    });

    if (format == Format::json) {
        const auto events = db.events().of(complaint.row_id);
        ctx.out(report::complaint_json(complaint, &events, {policy, ctx.now()}));
        return;
    }
    for (std::size_t i = 0; i < request.files.size(); ++i) {
        const auto& item = request.files[i];
        ctx.out(domain::printable(fmt::format(
                    "{}  {}  {}  {}  {}{}", complaint.id, item.name, domain::format_size(item.size),
                    item.media_type, item.sha256.substr(0, 12),
                    stored_before[i] ? std::string("  ") + tr("(same content as stored before)")
                                     : std::string())) +
                "\n");
    }
}

}  // namespace

void add_attach(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<AttachOptions>();
    add_step_options(cmd, o->step);
    cmd.add_option("FILE", o->files, tr("The files to store (one or more)"))->required();
    add_text_option(cmd, "--note", o->note, tr("What the files are, for whoever reads them later"));
    cmd.footer(
        tr("Stores each FILE inside the database as evidence of the complaint: its name\n"
           "(without the directory), size, media type, SHA-256 and content, added by whom\n"
           "and when, as one event. Identical content is stored once. Allowed in every\n"
           "status, also after the complaint is closed. A file above the policy's\n"
           "[evidence] max_file (default 20MB) is exit 65, a missing or unreadable one exit\n"
           "66; either way nothing is stored. Prints one line per file: number, name,\n"
           "size, media type and the first 12 digits of the SHA-256 (--format json: the\n"
           "complaint).\n\n"
           "Examples:\n"
           "  complaints attach 20261123-TEL-001 order-4411.pdf chat.txt --note 'from the shop'\n"
           "  complaints attach 20261123-TEL-001 ~/photos/kettle.jpg --at '2026-11-23 15:10'"));
    cmd.callback([&ctx, o] { attach_files(ctx, *o); });
}

}  // namespace complaints::cli
