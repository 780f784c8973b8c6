#include "../commands.hpp"

#include <complaints/domain/approval.hpp>

namespace complaints::cli {

void add_approve(CLI::App& cmd, Context& ctx) {
    add_note_step(
        cmd, ctx, tr("Why it is approved"),
        tr("Approves the resolution proposed for a complaint awaiting approval: the\n"
           "proposal becomes its resolution, the resolve milestone is met now and the\n"
           "revisit clock starts here (a kind that closes at resolve closes). The\n"
           "approver's role must be one of [authority] approvers, its limit must cover\n"
           "the amount, and the approver must not be the person who proposed it (exit 77,\n"
           "naming the check that failed). Without [people], anyone but the proposer.\n\n"
           "Example:\n  complaints --as wang approve 20261123-TEL-001 --note 'receipt checked'"),
        domain::approve);
}

void add_decline(CLI::App& cmd, Context& ctx) {
    struct Options {
        StepOptions step;
        std::string note;
    };
    auto o = std::make_shared<Options>();
    add_text_option(cmd, "--note", o->note, tr("Why it is declined"))->required();
    add_step_options(cmd, o->step);
    cmd.footer(
        tr("Declines the resolution proposed for a complaint awaiting approval: the\n"
           "complaint goes back to investigating, and the declined proposal stays in the\n"
           "history and in show. Same authority as approve (exit 77 otherwise).\n\n"
           "Example:\n"
           "  complaints --as wang decline 20261123-TEL-001 --note 'offer a repair first'"));
    cmd.callback([&ctx, o] {
        change_complaint(ctx, o->step.id, o->step.at,
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return std::vector{domain::decline(c, o->note, policy, stamp)};
                         });
    });
}

}  // namespace complaints::cli
