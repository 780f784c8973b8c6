#include "../commands.hpp"

#include <complaints/domain/duplicates.hpp>
#include <complaints/report/views.hpp>

#include <fmt/format.h>

namespace complaints::cli {

namespace {

struct RegisterOptions {
    domain::Registration request;
    std::optional<std::string> received_at;
    bool refuse_duplicate = false;
};

// "same contact": what a possible duplicate shares, in the user's language.
std::string same_basis(domain::DuplicateBasis basis) {
    switch (basis) {
        case domain::DuplicateBasis::contact:
            // TRANSLATORS: a possible duplicate has the same contact (phone or e-mail).
            return tr("same contact");
        case domain::DuplicateBasis::order:
            // TRANSLATORS: a possible duplicate has the same order number.
            return tr("same order");
    }
    return fmt::format("same {}", domain::name_of(basis));
}

}  // namespace

std::optional<domain::DuplicateMatch> store_registration(
    const storage::ComplaintStore& complaints, domain::Complaint& complaint, domain::Event& event,
    const std::string& prefix, const domain::Policy& policy, bool refuse_duplicate) {
    std::optional<domain::DuplicateMatch> duplicate;
    if (complaint.customer.contact || complaint.customer.order)
        duplicate =
            domain::find_duplicate(complaint,
                                   complaints.duplicate_candidates(
                                       complaint, domain::duplicate_window_start(complaint, policy),
                                       complaint.received_at),
                                   policy);
    if (duplicate && refuse_duplicate)
        throw Error(ExitCode::data,
                    trf("possible duplicate of {} ({}); nothing registered", duplicate->id,
                        same_basis(duplicate->basis)),
                    {trf("see it with: complaints show {}", duplicate->id),
                     tr("register it anyway by leaving out --refuse-duplicate")});
    if (duplicate) domain::link_duplicate(complaint, event, *duplicate);
    complaints.insert(complaint, prefix, event);
    return duplicate;
}

void add_register(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<RegisterOptions>();
    auto& r = o->request;
    add_text_option(cmd, "--channel", r.channel, tr("How it came in (phone, email, web, ...)"))
        ->required();
    add_text_option(cmd, "--category", r.category,
                    tr("What it is about (see: complaints policy show)"))
        ->required();
    add_text_option(cmd, "--customer", r.customer.name, tr("The complainant's name"))->required();
    add_text_option(cmd, "--summary", r.summary, tr("One line saying what is wrong"),
                    domain::TextRule::summary)
        ->required();
    add_text_option(cmd, "--contact", r.customer.contact, tr("Phone number or e-mail address"));
    add_text_option(cmd, "--org", r.customer.organization, tr("The complainant's organisation"));
    add_text_option(cmd, "--order", r.customer.order, tr("Order or account number"));
    add_text_option(cmd, "--severity", r.severity,
                    tr("general, major, urgent, ... (default: the policy's)"));
    add_text_option(cmd, "--kind", r.kind,
                    tr("complaint, suggestion, inquiry, ... (default: the policy's)"));
    add_text_option(cmd, "--demand", r.demand, tr("What the customer asks for"));
    add_text_option(cmd, "--description", r.description,
                    tr("The full account; '-' reads standard input"), domain::TextRule::multi_line);
    cmd.add_option("--received-at", o->received_at, tr("When it was received (default: now)"));
    add_text_option(cmd, "--site", r.site,
                    tr("The branch, store or office (a name of the policy's [site] table)"));
    add_text_option(cmd, "--ref", r.ref,
                    tr("An outside key; registering the same key again prints the existing "
                       "number"));
    cmd.add_flag("--refuse-duplicate", o->refuse_duplicate,
                 tr("Register nothing (exit 65) when it looks like a duplicate of an open "
                    "complaint"));
    // TRANSLATORS: keep the example lines as they are.
    cmd.footer(
        tr("Prints the new number (e.g. 20261123-TEL-001) and nothing else, so that\n"
           "  id=$(complaints register ...) works. With --format json, the whole complaint.\n"
           "An open complaint of the same category received within [duplicates] window\n"
           "(default 30d) with the same contact (e-mail, or at least 7 digits) or order is a\n"
           "possible duplicate: a warning names it and the link is stored; with\n"
           "--refuse-duplicate nothing is registered (exit 65). --ref is checked first.\n\n"
           "Example:\n"
           "  complaints register --channel phone --category product --customer '王芳' \\\n"
           "      --contact 13800000000 --summary '电水壶漏水' --demand refund --severity major"));
    cmd.callback([&ctx, o] {
        const Format format = ctx.format_for({N_("a complaint number")});
        const domain::Policy& policy = ctx.policy();
        domain::Registration r = o->request;
        if (r.description && *r.description == "-")
            r.description = read_text_stdin("--description");
        if (r.ref && r.ref->empty()) throw Error(ExitCode::usage, tr("--ref must not be empty"));
        domain::Stamp stamp = ctx.stamp(o->received_at, "--received-at");
        // Validate everything before the database is touched (or created).
        auto [complaint, event] = domain::register_complaint(r, policy, stamp);
        const std::string prefix = domain::number_prefix(complaint, policy);
        auto& db = ctx.db(storage::Access::write);
        const auto complaints = db.complaints();
        std::optional<std::string> existing;
        std::optional<domain::DuplicateMatch> duplicate;
        db.write([&] {
            if (r.ref && (existing = complaints.find_ref(*r.ref))) return;
            duplicate = store_registration(complaints, complaint, event, prefix, policy,
                                           o->refuse_duplicate);
        });
        if (duplicate)
            Context::notice(trf("warning: possible duplicate of {} ({})", duplicate->id,
                                same_basis(duplicate->basis)));
        if (existing) {
            Context::notice(trf("a complaint with ref '{}' exists already: {}; nothing registered",
                                *r.ref, *existing));
            complaint = *complaints.find(*existing);
        }
        if (format == Format::json) {
            const auto events = db.events().of(complaint.row_id);
            ctx.out(report::complaint_json(complaint, &events, {policy, ctx.now()}));
        } else {
            ctx.out(complaint.id + "\n");
        }
    });
}

}  // namespace complaints::cli
