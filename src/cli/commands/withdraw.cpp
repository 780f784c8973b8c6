#include "../commands.hpp"

namespace complaints::cli {

void add_withdraw(CLI::App& cmd, Context& ctx) {
    struct Options {
        StepOptions step;
        std::optional<std::string> note;
    };
    auto o = std::make_shared<Options>();
    cmd.add_option("--note", o->note, "What the customer said");
    add_step_options(cmd, o->step);
    cmd.footer(
        "The customer withdrew the complaint: it becomes withdrawn (final), from any\n"
        "status that is not final, also on hold.\n\n"
        "Example:\n  complaints withdraw 20261123-TEL-001 --note 'found the receipt'");
    cmd.callback([&ctx, o] {
        change_complaint(ctx, o->step.id, o->step.at,
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return std::vector{domain::withdraw(c, o->note, policy, stamp)};
                         });
    });
}

}  // namespace complaints::cli
