#include "../commands.hpp"

#include <complaints/domain/reminder.hpp>
#include <complaints/report/mail.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <csignal>
#include <cstdio>

namespace complaints::cli {

namespace {

struct RemindOptions {
    std::string as_of, within, sendmail = "/usr/sbin/sendmail -t -oi";
    bool dry_run = false, force = false;
};

// Hands `message` to `command` (run by /bin/sh) on its standard input.
// Returns an empty string on success, else what went wrong.
std::string hand_over(const std::string& command, const std::string& message) {
    // A mail command that exits without reading must not kill us with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    std::fflush(nullptr);
    // Its output goes to standard error: standard output is ours (--dry-run).
    FILE* pipe = ::popen(("{ " + command + "\n} 1>&2").c_str(), "w");
    if (!pipe) return "could not start it";
    const bool written = std::fwrite(message.data(), 1, message.size(), pipe) == message.size();
    const int status = ::pclose(pipe);
    if (status == -1) return "could not wait for it";
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return written ? "" : "it did not read the message";
    if (WIFEXITED(status))
        return WEXITSTATUS(status) == 127 ? "command not found (exit 127)"
                                          : fmt::format("exit {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
    return "failed";
}

}  // namespace

void add_remind(CLI::App& command, Context& ctx) {
    auto o = std::make_shared<RemindOptions>();
    auto* cmd = &command;
    auto* as_of = cmd->add_option("--as-of", o->as_of, "Judge at this time (default: now)");
    auto* within =
        cmd->add_option("--within", o->within, "Also remind of deadlines due within this, e.g. 4h");
    cmd->add_option("--sendmail", o->sendmail,
                    "The sendmail-compatible command (default: /usr/sbin/sendmail -t -oi)");
    cmd->add_flag("--dry-run", o->dry_run,
                  "Print the messages, separated by a line '--', instead of sending");
    cmd->add_flag("--force", o->force, "Remind even of milestones reminded within notify.repeat");
    cmd->footer(
        "One message per recipient: the assignee, or the head of the category's department for\n"
        "an unassigned complaint; the department head in copy once overdue by more than\n"
        "notify.escalate_after. Recipients need an e-mail address in [people]. Each reminder sent\n"
        "is recorded as an event; the same milestone is not reminded again within notify.repeat.\n"
        "Exit 69 when the mail command failed for any message (after trying all of them).\n\n"
        "Example (crontab, hourly in working hours):\n"
        "  0 9-17 * * 1-5  complaints remind --within 2h");
    cmd->callback([&ctx, o, as_of, within] {
        if (ctx.format() != Format::text)
            throw Error(ExitCode::usage, "remind prints e-mail messages, not a table or JSON",
                        {"leave out --format"});
        const domain::Policy& policy = ctx.policy();
        const domain::Instant now = ctx.now();
        const domain::Instant at = as_of->count() ? ctx.parse_time("--as-of", o->as_of) : now;
        storage::OverdueQuery q;
        q.before = at;
        if (within->count()) {
            q.before = domain::add_duration(at, Context::parse_duration("--within", o->within),
                                            policy.calendar, policy.zone);
        }
        auto& db = ctx.db(storage::Access::read);
        std::vector<domain::ReminderItem> items;
        for (const auto& row : db.overdue(q)) {
            if (!o->force && !domain::may_remind(
                                 db.last_reminder(row.row_id, row.milestone, row.due), now, policy))
                continue;
            items.push_back({row.row_id, row.id, row.milestone, row.due, row.summary, row.category,
                             row.assignee, row.department});
        }
        const domain::ReminderPlan plan = domain::plan_reminders(items, policy, at);
        for (const auto& warning : plan.warnings)
            Context::notice(fmt::format("warning: {}", warning));

        std::vector<std::pair<std::int64_t, domain::Event>> sent;
        std::size_t failed = 0;
        std::string last_failure;
        for (std::size_t i = 0; i < plan.messages.size(); ++i) {
            const auto& message = plan.messages[i];
            const std::string text = report::render_reminder(message, policy, at, now);
            if (o->dry_run) {
                Context::out(fmt::format("{}{}", i ? "--\n" : "", text));
                continue;
            }
            const std::string problem = hand_over(o->sendmail, text);
            if (!problem.empty()) {
                ++failed;
                last_failure = problem;
                Context::notice(fmt::format("warning: the mail command failed for {}: {}",
                                            message.to.email, problem));
                continue;
            }
            for (const auto& item : message.items) {
                nlohmann::json cc = nlohmann::json::array();
                for (const auto& r : message.cc) cc.push_back(r.email);
                const nlohmann::json details = {{"milestone", domain::to_string(item.milestone)},
                                                {"due", domain::format_utc(item.due)},
                                                {"to", message.to.email},
                                                {"cc", cc}};
                domain::Event event;
                event.type = "remind";
                event.at = now;
                event.recorded_at = now;
                event.actor = ctx.actor();
                event.details =
                    details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                sent.emplace_back(item.row_id, std::move(event));
            }
        }
        if (!sent.empty())
            db.write([&] {
                for (const auto& [row_id, event] : sent) db.append_event(row_id, event);
            });
        if (failed)
            throw Error(ExitCode::unavailable,
                        fmt::format("the mail command '{}' failed for {} of {} messages ({})",
                                    o->sendmail, failed, plan.messages.size(), last_failure),
                        {"check the command with --sendmail, or see the messages with --dry-run"});
    });
}

}  // namespace complaints::cli
