#include "../commands.hpp"

#include <complaints/report/views.hpp>

namespace complaints::cli {

void add_show(CLI::App& cmd, Context& ctx) {
    auto id = std::make_shared<std::string>();
    cmd.add_option("ID", *id, tr("The complaint number (any letter case)"))->required();
    cmd.footer(
        tr("Example:\n  complaints show 20261123-tel-001\n  complaints --format json show "
           "20261123-TEL-001 | jq .milestones"));
    cmd.callback([&ctx, id] {
        const Format format = ctx.format_for({N_("a complaint")});
        const domain::Policy& policy = ctx.policy();
        const domain::Complaint c = require_complaint(ctx, *id);
        const auto events = ctx.db(storage::Access::read).events().of(c.row_id);
        const report::View view{policy, ctx.now()};
        if (format == Format::json)
            ctx.out(report::complaint_json(c, &events, view));
        else
            ctx.out(report::complaint_text(c, events, view, ctx.text_style()));
    });
}

}  // namespace complaints::cli
