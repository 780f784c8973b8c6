#include "../commands.hpp"

#include <fmt/format.h>

namespace complaints::cli {

namespace {

struct ResolveOptions {
    std::string id, plan, outcome, amount, responsible, at;
};

}  // namespace

void add_resolve(CLI::App& command, Context& ctx) {
    auto o = std::make_shared<ResolveOptions>();
    auto* cmd = &command;
    cmd->add_option("ID", o->id, "The complaint number")->required();
    cmd->add_option("--plan", o->plan, "What is done for the customer")->required();
    cmd->add_option("--outcome", o->outcome,
                    "refund, exchange, repair, compensation, apology, explanation or none")
        ->required();
    auto* amount = cmd->add_option("--amount", o->amount, "Money paid or refunded, e.g. 128.50");
    auto* responsible =
        cmd->add_option("--responsible", o->responsible, "Who or what was responsible");
    auto* at = cmd->add_option("--at", o->at, "When it happened (default: now)");
    cmd->footer(
        "Meets the resolve milestone (and investigate, if still open) and starts the revisit "
        "clock.\n\n"
        "Example:\n  complaints resolve 20261123-TEL-001 --plan 'refund and new kettle' \\\n"
        "      --outcome refund --amount 128.50");
    cmd->callback([&ctx, o, amount, responsible, at] {
        domain::ResolutionRequest request;
        request.plan = o->plan;
        const auto outcome = domain::outcome_from_string(o->outcome);
        if (!outcome)
            throw Error(
                ExitCode::data, fmt::format("unknown outcome '{}'", o->outcome),
                {"use refund, exchange, repair, compensation, apology, explanation or none"});
        request.outcome = *outcome;
        if (amount->count()) {
            request.amount = domain::Money::parse(o->amount);
            if (!request.amount)
                throw Error(ExitCode::usage, fmt::format("bad amount '{}' for --amount", o->amount),
                            {"use a decimal number with at most two fraction digits, e.g. 128.50"});
        }
        request.responsible = opt(o->responsible, responsible);
        change_complaint(ctx, o->id, opt(o->at, at),
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return domain::resolve(c, request, policy, stamp);
                         });
    });
}

}  // namespace complaints::cli
