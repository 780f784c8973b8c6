#include "../commands.hpp"

#include <complaints/report/views.hpp>

namespace complaints::cli {

void add_show(CLI::App& command, Context& ctx) {
    auto id = std::make_shared<std::string>();
    auto* cmd = &command;
    cmd->add_option("ID", *id, "The complaint number (any letter case)")->required();
    cmd->footer(
        "Example:\n  complaints show 20261123-tel-001\n  complaints --format json show "
        "20261123-TEL-001 | jq .milestones");
    cmd->callback([&ctx, id] {
        ctx.require_not_csv("a complaint");
        const domain::Policy& policy = ctx.policy();
        const domain::Complaint c = require_complaint(ctx, *id);
        const auto events = ctx.db(storage::Access::read).events(c.row_id);
        const report::View view{policy, ctx.now()};
        if (ctx.format() == Format::json)
            ctx.out(report::complaint_json(c, &events, view));
        else
            ctx.out(report::complaint_text(c, events, view, ctx.text_style()));
    });
}

}  // namespace complaints::cli
