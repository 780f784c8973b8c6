// `anonymize` (SPEC §12): erases the customer's personal data of complaints
// final for longer than the policy keeps it, or of one final complaint at
// once for an erasure request (PIPL Art. 47).
#include "../commands.hpp"

#include <complaints/domain/retention.hpp>

namespace complaints::cli {

namespace {

struct AnonymizeOptions {
    std::optional<std::string> id;
    std::optional<std::string> reason;
    std::optional<std::string> as_of;
    bool dry_run = false;
};

struct Candidate {
    domain::Complaint complaint;
    std::optional<std::string> keep;  // the keep period that expired; none for --reason
};

void anonymize_one(Context& ctx, const Candidate& candidate,
                   const std::optional<std::string>& reason) {
    auto& db = ctx.db(storage::Access::write);
    const auto stamp = ctx.stamp(std::nullopt);
    db.write([&] {
        // Read again inside the transaction: another process may have changed it.
        const auto c = db.complaints().find(candidate.complaint.id);
        if (!c) throw Error(ExitCode::no_input, trf("no complaint {}", candidate.complaint.id));
        domain::AnonymizeRequest request{reason, candidate.keep,
                                         db.retention().erasable_files(c->row_id)};
        const auto done = domain::anonymize(*c, request, stamp);
        db.retention().anonymize(done.complaint, done.event, domain::anonymized_value);
    });
}

}  // namespace

void add_anonymize(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<AnonymizeOptions>();
    cmd.add_option("ID", o->id, tr("One final complaint to anonymize at once (needs --reason)"));
    add_text_option(cmd, "--reason", o->reason,
                    tr("Why one complaint is anonymized before its time (an erasure request)"));
    cmd.add_option("--as-of", o->as_of, tr("Judge the keep periods at this time (default: now)"));
    cmd.add_flag("--dry-run", o->dry_run, tr("List what would be anonymized; change nothing"));
    cmd.footer(
        tr("Anonymizes every complaint final (closed, rejected or withdrawn) for longer than\n"
           "its keep period ([severity.X] keep, else [retention] keep; without either,\n"
           "nothing is ever anonymized): the customer's name becomes its first character\n"
           "and '*', a contact keeps its last 4 digits (an e-mail address its first\n"
           "character and domain), order, description and contact notes are erased, and\n"
           "evidence content is deleted (names, sizes and hashes stay). Statistics,\n"
           "deadlines and the hash chain are unchanged; an 'anonymize' event records it.\n"
           "With ID and --reason, one final complaint is anonymized at once.\n\n"
           "Examples:\n"
           "  complaints anonymize --dry-run\n"
           "  complaints anonymize 20261116-TEL-001 --reason 'erasure request of 2026-12-01'"));
    cmd.callback([&ctx, o] {
        // Who runs it (--as, COMPLAINTS_USER or the login) must be one of
        // [people] when the policy has it, as for every changing command.
        ctx.policy().require_actor(ctx.stamp(std::nullopt).actor);
        std::vector<Candidate> candidates;
        if (o->id) {
            if (!o->reason)
                throw Error(ExitCode::usage, tr("anonymizing one complaint needs --reason"),
                            {tr("say why, e.g. --reason 'erasure request of 2026-12-01'")});
            if (o->as_of)
                throw Error(ExitCode::usage,
                            tr("--as-of is for the keep periods, not for one complaint"));
            auto c = require_complaint(ctx, *o->id);
            // Refused (open, or anonymized already) before the database is
            // opened for writing; anonymize_one checks again in its transaction.
            if (c.is_open() || c.anonymized_at) domain::anonymize(c, {}, ctx.stamp(std::nullopt));
            candidates.push_back({std::move(c), std::nullopt});
        } else {
            if (o->reason)
                throw Error(ExitCode::usage, tr("--reason is for one complaint: give its number"),
                            {"complaints anonymize ID --reason TEXT"});
            // No database: nothing to anonymize, and none is created.
            if (!ctx.db_exists()) return;
            const auto& policy = ctx.policy();
            const domain::Instant as_of =
                o->as_of ? ctx.parse_time("--as-of", *o->as_of) : ctx.now();
            auto& db = ctx.db(o->dry_run ? storage::Access::read : storage::Access::write);
            db.retention().each_final([&](const domain::Complaint& c) {
                std::string keep;
                const auto from = domain::anonymize_from(c, policy, &keep);
                if (from && *from <= as_of) candidates.push_back({c, keep});
            });
        }
        for (const auto& candidate : candidates) {
            const auto& c = candidate.complaint;
            const std::string why =
                candidate.keep ? trf("final since {}, keep {}",
                                     domain::format_local(c.closed_at.value_or(*c.last_event_at),
                                                          ctx.policy().zone),
                                     *candidate.keep)
                               : trf("reason: {}", *o->reason);
            if (!o->dry_run) anonymize_one(ctx, candidate, o->reason);
            Context::out(fmt::format("{}  {}  {}\n", c.id,
                                     o->dry_run ? tr("would be anonymized")
                                                // TRANSLATORS: a complaint whose personal data
                                                // was just erased.
                                                : tr("anonymized"),
                                     why));
        }
        // A change leaves its pages in the -wal (no checkpoint on close), and
        // older pages there still hold the erased values: fold it into the
        // file, whose freed space secure_delete has overwritten, and empty it.
        if (!o->dry_run && !candidates.empty()) ctx.db(storage::Access::write).checkpoint();
    });
}

}  // namespace complaints::cli
