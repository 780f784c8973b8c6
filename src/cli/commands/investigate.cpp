#include "../commands.hpp"

namespace complaints::cli {

namespace {

struct InvestigateOptions {
    StepOptions step;
    domain::Finding request;
};

}  // namespace

void add_investigate(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<InvestigateOptions>();
    add_text_option(cmd, "--finding", o->request.text, tr("What was found"),
                    domain::TextRule::multi_line)
        ->required();
    add_text_option(cmd, "--cause", o->request.cause, tr("The root cause"));
    cmd.add_option("--substantiated", o->request.substantiated,
                   tr("Was the complaint justified: yes or no"))
        ->transform(CLI::Validator(
            [](std::string& text) {
                if (text != "yes" && text != "no") return wants(tr("yes or no"), text);
                text = text == "yes" ? "1" : "0";
                return std::string();
            },
            "yes|no"));
    cmd.add_flag("--complete", o->request.complete,
                 tr("The investigation is finished (meets the investigate milestone)"));
    add_step_options(cmd, o->step);
    cmd.footer(
        tr("Each call adds a finding.\n\nExample:\n"
           "  complaints investigate 20261123-TEL-001 --finding 'seal cracked in batch 42' \\\n"
           "      --cause 'supplier defect' --substantiated yes --complete"));
    cmd.callback([&ctx, o] {
        change_complaint(ctx, o->step.id, o->step.at,
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return std::vector{domain::investigate(c, o->request, policy, stamp)};
                         });
    });
}

}  // namespace complaints::cli
