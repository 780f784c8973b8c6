#include "../commands.hpp"

namespace complaints::cli {

namespace {

struct ResolveOptions {
    StepOptions step;
    domain::ResolutionRequest request;
    std::optional<std::string> amount;
};

}  // namespace

void add_resolve(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<ResolveOptions>();
    add_text_option(cmd, "--plan", o->request.plan, tr("What is done for the customer"),
                    domain::TextRule::multi_line)
        ->required();
    add_text_option(cmd, "--outcome", o->request.outcome,
                    trf("What the customer gets: a name of the policy's outcome table (built-in: "
                        "{})",
                        or_list(domain::all_names<domain::Outcome>())))
        ->required();
    cmd.add_option("--amount", o->amount, tr("Money paid or refunded, e.g. 128.50"));
    add_text_option(cmd, "--responsible", o->request.responsible,
                    tr("Who or what was responsible"));
    add_step_options(cmd, o->step);
    cmd.footer(
        tr("Meets the resolve milestone (and investigate, if still open) and starts the revisit "
           "clock.\n"
           "When the resolution needs approval (the amount is above the limit of your role in\n"
           "[authority], or the severity has requires_approval), the complaint awaits approval\n"
           "instead and the line printed says by whom; the resolve milestone is met when it is\n"
           "approved (complaints approve) and the complaint goes back to investigating if it\n"
           "is declined (complaints decline).\n\n"
           "Example:\n  complaints resolve 20261123-TEL-001 --plan 'refund and new kettle' \\\n"
           "      --outcome refund --amount 128.50"));
    cmd.callback([&ctx, o] {
        domain::ResolutionRequest request = o->request;
        if (o->amount) {
            request.amount = domain::Money::parse(*o->amount);
            if (!request.amount)
                throw Error(ExitCode::usage, trf("bad amount '{}' for --amount", *o->amount),
                            {tr("use a decimal number with at most two fraction digits, e.g. "
                                "128.50")});
        }
        change_complaint(ctx, o->step.id, o->step.at,
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return std::vector{domain::resolve(c, request, policy, stamp)};
                         });
    });
}

}  // namespace complaints::cli
