#include "../commands.hpp"

namespace complaints::cli {

namespace {

struct AssignOptions {
    StepOptions step;
    domain::Assignment request;
};

}  // namespace

void add_assign(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<AssignOptions>();
    add_text_option(cmd, "--to", o->request.to, tr("The person responsible"))->required();
    add_text_option(cmd, "--department", o->request.department,
                    tr("Their department (default: a reassignment keeps the complaint's; else "
                       "the category's, else the assignee's)"));
    add_text_option(cmd, "--note", o->request.note, tr("Why, or what to do first"));
    add_step_options(cmd, o->step);
    cmd.footer(
        tr("The first assignment meets the assign milestone and starts the investigate clock.\n\n"
           "Example:\n  complaints assign 20261123-TEL-001 --to zhang --department QC"));
    cmd.callback([&ctx, o] {
        change_complaint(ctx, o->step.id, o->step.at,
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return std::vector{domain::assign(c, o->request, policy, stamp)};
                         });
    });
}

}  // namespace complaints::cli
