#include "../commands.hpp"

namespace complaints::cli {

void add_contact(CLI::App& cmd, Context& ctx) {
    struct Options {
        StepOptions step;
        domain::ContactRequest request;
        std::optional<domain::Direction> direction;
    };
    auto o = std::make_shared<Options>();
    add_text_option(cmd, "--note", o->request.note, tr("What was said or done"))->required();
    add_text_option(cmd, "--via", o->request.via,
                    tr("The channel used: a channel name (default: the complaint's channel)"));
    cmd.add_option("--direction", o->direction,
                   tr("in (the customer got in touch) or out (we did; the default)"))
        ->transform(enum_choice<domain::Direction>());
    add_step_options(cmd, o->step);
    cmd.footer(
        tr("Records one contact with the customer: a call, a message, a visit. The first\n"
           "contact meets the acknowledge milestone (the customer was told the complaint\n"
           "was received). Allowed in every status that is not final, also on hold.\n\n"
           "Example:\n  complaints contact 20261123-TEL-001 --note 'told her we are on it' --via "
           "phone"));
    cmd.callback([&ctx, o] {
        domain::ContactRequest request = o->request;
        if (o->direction) request.direction = *o->direction;
        change_complaint(ctx, o->step.id, o->step.at,
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return std::vector{domain::contact(c, request, policy, stamp)};
                         });
    });
}

}  // namespace complaints::cli
