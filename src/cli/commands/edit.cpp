#include "../commands.hpp"

namespace complaints::cli {

void add_edit(CLI::App& cmd, Context& ctx) {
    struct Options {
        StepOptions step;
        domain::EditRequest request;
    };
    auto o = std::make_shared<Options>();
    auto& r = o->request;
    add_text_option(cmd, "--reason", r.reason, tr("Why it is changed (kept in the history)"))
        ->required();
    add_text_option(cmd, "--category", r.category, tr("The category"));
    add_text_option(cmd, "--severity", r.severity, tr("The severity (raising it escalates)"));
    add_text_option(cmd, "--kind", r.kind, tr("The kind"));
    add_text_option(cmd, "--site", r.site, tr("The site"));
    add_text_option(cmd, "--customer", r.customer, tr("The complainant's name"));
    add_text_option(cmd, "--contact", r.contact,
                    tr("Phone number or e-mail address ('' clears it)"));
    add_text_option(cmd, "--org", r.org, tr("The complainant's organisation ('' clears it)"));
    add_text_option(cmd, "--order", r.order, tr("Order or account number ('' clears it)"));
    add_text_option(cmd, "--summary", r.summary, tr("One line saying what is wrong"),
                    domain::TextRule::summary);
    add_text_option(cmd, "--description", r.description,
                    tr("The full account; '-' reads standard input ('' clears it)"),
                    domain::TextRule::multi_line);
    add_text_option(cmd, "--demand", r.demand, tr("What the customer asks for ('' clears it)"));
    add_step_options(cmd, o->step);
    cmd.footer(tr(
        "Corrects or changes a complaint that is not final; the channel and the number\n"
        "never change. The history keeps every changed field's old and new value. A new\n"
        "kind, category or severity recomputes the deadline of every started, unmet\n"
        "milestone from its clock start under the current policy, plus any time held;\n"
        "the new deadline may already be past.\n\n"
        "Example:\n"
        "  complaints edit 20261123-TEL-001 --severity major --reason 'customer is a hospital'"));
    cmd.callback([&ctx, o] {
        domain::EditRequest request = o->request;
        if (request.description && *request.description == "-")
            request.description = read_text_stdin("--description");
        change_complaint(ctx, o->step.id, o->step.at,
                         [&](auto& c, const auto& policy, const auto& stamp) {
                             return std::vector{domain::edit(c, request, policy, stamp)};
                         });
    });
}

}  // namespace complaints::cli
