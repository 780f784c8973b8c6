#include "../commands.hpp"

#include <complaints/report/views.hpp>

#include <fmt/format.h>

#include <iostream>
#include <iterator>

namespace complaints::cli {

namespace {

struct RegisterOptions {
    std::string channel, category, customer, summary, contact, org, order, severity, kind, demand,
        description, received_at, ref;
};

std::string read_stdin() {
    std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    if (std::cin.bad())
        throw Error(ExitCode::io, "cannot read the description from standard input");
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

}  // namespace

void add_register(CLI::App& command, Context& ctx) {
    auto o = std::make_shared<RegisterOptions>();
    auto* cmd = &command;
    cmd->add_option("--channel", o->channel, "How it came in (phone, email, web, ...)")->required();
    cmd->add_option("--category", o->category, "What it is about (see: complaints policy show)")
        ->required();
    cmd->add_option("--customer", o->customer, "The complainant's name")->required();
    cmd->add_option("--summary", o->summary, "One line saying what is wrong")->required();
    auto* contact = cmd->add_option("--contact", o->contact, "Phone number or e-mail address");
    auto* org = cmd->add_option("--org", o->org, "The complainant's organisation");
    auto* order = cmd->add_option("--order", o->order, "Order or account number");
    auto* severity = cmd->add_option("--severity", o->severity,
                                     "general, major, urgent, ... (default: the policy's)");
    auto* kind = cmd->add_option("--kind", o->kind,
                                 "complaint, suggestion, inquiry, ... (default: the policy's)");
    auto* demand = cmd->add_option("--demand", o->demand, "What the customer asks for");
    auto* description = cmd->add_option("--description", o->description,
                                        "The full account; '-' reads standard input");
    auto* received =
        cmd->add_option("--received-at", o->received_at, "When it was received (default: now)");
    auto* ref = cmd->add_option(
        "--ref", o->ref,
        "An outside key; registering the same key again prints the existing number");
    cmd->footer(
        "Prints the new number (e.g. 20261123-TEL-001) and nothing else, so that\n"
        "  id=$(complaints register ...) works. With --format json, the whole complaint.\n\n"
        "Example:\n"
        "  complaints register --channel phone --category product --customer '王芳' \\\n"
        "      --contact 13800000000 --summary '电水壶漏水' --demand refund --severity major");
    cmd->callback(
        [&ctx, o, contact, org, order, severity, kind, demand, description, received, ref] {
            ctx.require_not_csv("a complaint number");
            const domain::Policy& policy = ctx.policy();
            domain::Registration r;
            r.channel = o->channel;
            r.category = o->category;
            r.customer.name = o->customer;
            r.customer.contact = opt(o->contact, contact);
            r.customer.organization = opt(o->org, org);
            r.customer.order = opt(o->order, order);
            r.summary = o->summary;
            r.severity = opt(o->severity, severity);
            r.kind = opt(o->kind, kind);
            r.demand = opt(o->demand, demand);
            r.description = opt(o->description, description);
            if (r.description && *r.description == "-") r.description = read_stdin();
            r.ref = opt(o->ref, ref);
            if (r.ref && r.ref->empty()) throw Error(ExitCode::usage, "--ref must not be empty");
            domain::Stamp stamp = ctx.stamp(opt(o->received_at, received), "--received-at");
            // Validate everything before the database is touched (or created).
            auto [complaint, event] = domain::register_complaint(r, policy, stamp);
            const std::string prefix = domain::number_prefix(complaint, policy);
            auto& db = ctx.db(storage::Access::write);
            std::optional<std::string> existing;
            db.write([&] {
                if (r.ref && (existing = db.find_ref(*r.ref))) return;
                db.insert(complaint, prefix, event);
            });
            if (existing) {
                Context::notice(
                    fmt::format("a complaint with ref '{}' exists already: {}; nothing registered",
                                *r.ref, *existing));
                complaint = *db.find(*existing);
            }
            if (ctx.format() == Format::json) {
                const auto events = db.events(complaint.row_id);
                ctx.out(report::complaint_json(complaint, &events, {policy, ctx.now()}));
            } else {
                ctx.out(complaint.id + "\n");
            }
        });
}

}  // namespace complaints::cli
