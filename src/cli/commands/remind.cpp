#include "../commands.hpp"
#include "../sendmail.hpp"

#include <complaints/domain/reminder.hpp>
#include <complaints/report/mail.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <array>
#include <chrono>
#include <random>
#include <string>

namespace complaints::cli {

namespace {

struct RemindOptions {
    std::optional<std::string> as_of, within;
    std::string sendmail = "/usr/sbin/sendmail -t -oi";
    bool dry_run = false, force = false;
};

using domain::Repeat;

// A claim older than this belongs to a run that crashed or hung: another run
// takes it over (and may send that reminder again).
constexpr std::chrono::minutes k_stale_claim{15};

// Who holds a claim: this run, told apart from every other run, on this
// machine or another sharing the database.
std::string claim_owner(const std::string& actor, domain::Instant now) {
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
    std::random_device random;
    return fmt::format("{}@{} pid {} at {} #{:08x}", actor, host.data(), ::getpid(),
                       domain::format_utc(now), random());
}

// Releases this run's claims when it ends early (an exception), so that the
// next run need not wait for them to go stale. A failure then is ignored:
// the claims go stale in time.
struct ClaimGuard {
    const storage::EventLog& events;
    const std::string& owner;
    bool held = false;
    ClaimGuard(const storage::EventLog& e, const std::string& o) : events(e), owner(o) {}
    ClaimGuard(const ClaimGuard&) = delete;
    ClaimGuard& operator=(const ClaimGuard&) = delete;
    ~ClaimGuard() {
        if (!held) return;
        try {
            events.release_claims(owner);
        } catch (...) {
        }
    }
};

}  // namespace

void add_remind(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<RemindOptions>();
    cmd.add_option("--as-of", o->as_of, tr("Judge at this time (default: now)"));
    cmd.add_option("--within", o->within, tr("Also remind of deadlines due within this, e.g. 4h"));
    cmd.add_option("--sendmail", o->sendmail,
                   tr("The sendmail-compatible command (default: /usr/sbin/sendmail -t -oi)"));
    cmd.add_flag("--dry-run", o->dry_run,
                 tr("Print the messages, separated by a line '--', instead of sending"));
    cmd.add_flag("--force", o->force,
                 tr("Remind even of milestones reminded within notify.repeat"));
    cmd.footer(tr(
        "One message per recipient: the assignee, or the head of the category's department for\n"
        "an unassigned complaint. Milestones overdue by more than notify.escalate_after also go,\n"
        "in a copy listing only them, to the head of the assignee's department (or the head's\n"
        "manager when the head is the one reminded). Recipients need an e-mail address in\n"
        "[people]. Each department head's message also lists the complaints of the department\n"
        "awaiting approval (to the head's manager when the head proposed it). Each reminder\n"
        "sent is recorded as an event; the same milestone (or proposal) is not reminded again\n"
        "within notify.repeat.\n"
        "A message is sent when the mail command read all of it and exited 0. Each reminder is\n"
        "claimed in the database before it is handed over, so overlapping runs never send it\n"
        "twice; a run that cannot claim (the database locked) sends nothing: exit 75.\n"
        "Exit 69 when the mail command failed for any message (after trying all of them).\n\n"
        "Example (crontab, hourly in working hours):\n"
        "  0 9-17 * * 1-5  complaints remind --within 2h"));
    cmd.callback([&ctx, o] {
        ctx.format_for({N_("the output of remind (e-mail messages)"), false, false});
        const domain::Policy& policy = ctx.policy();
        const domain::Instant now = ctx.now();
        const DueWindow window = ctx.due_window(o->as_of, o->within);
        // No database, no complaints: nothing to send, so cron mails nothing
        // (SPEC §10, corrections to §9). The options are checked all the same.
        if (!ctx.db_exists()) return;
        // What to send, less what another run is sending: chosen and claimed
        // in one short IMMEDIATE transaction (SPEC §12), so that two runs
        // never both find a reminder unsent and send it. A dry run claims
        // nothing and writes nothing.
        auto& db = ctx.db(o->dry_run ? storage::Access::read : storage::Access::write);
        const auto events = db.events();
        const std::string owner = claim_owner(ctx.actor(), now);
        std::vector<domain::ReminderItem> items;
        std::vector<domain::ApprovalItem> approvals;
        const auto choose = [&] {
            const Repeat repeat = o->force ? Repeat::always : Repeat::after_interval;
            // Who gets what: the unmet milestones in the window, less those
            // reminded within notify.repeat, grouped by recipient.
            std::vector<domain::ReminderItem> due;
            for (const auto& row : db.reports().overdue(window.query()))
                due.push_back({row.row_id, row.id, row.milestone, row.due, row.summary,
                               row.category, row.assignee, row.department});
            items =
                domain::select_reminders(due,
                                         o->force ? std::vector<std::optional<domain::Instant>>{}
                                                  : events.last_reminded(due),
                                         now, policy, repeat);
            // The complaints awaiting approval (SPEC §11), for their department
            // heads, under the same repeat rule per proposal.
            const auto waiting = db.reports().awaiting_approval(window.at);
            approvals =
                domain::select_reminders(waiting,
                                         o->force ? std::vector<std::optional<domain::Instant>>{}
                                                  : events.last_reminded(waiting),
                                         now, policy, repeat);
        };
        ClaimGuard claims(events, owner);
        if (o->dry_run) {
            choose();
        } else {
            db.write([&] {
                choose();
                std::vector<storage::ReminderKey> keys;
                for (const auto& item : items)
                    keys.push_back({item.row_id, item.milestone, item.due, false});
                for (const auto& approval : approvals)
                    keys.push_back(
                        {approval.row_id, domain::Milestone::resolve, approval.proposed_at, true});
                claims.held = !keys.empty();
                const auto claimed = events.claim_reminders(keys, now, now - k_stale_claim, owner);
                std::vector<domain::ReminderItem> claimed_items;
                std::vector<domain::ApprovalItem> claimed_approvals;
                for (std::size_t i = 0; i < items.size(); ++i)
                    if (claimed[i]) claimed_items.push_back(std::move(items[i]));
                for (std::size_t i = 0; i < approvals.size(); ++i)
                    if (claimed[items.size() + i])
                        claimed_approvals.push_back(std::move(approvals[i]));
                items = std::move(claimed_items);
                approvals = std::move(claimed_approvals);
            });
        }
        const domain::ReminderPlan plan =
            domain::plan_reminders(items, policy, window.at, approvals);
        for (const auto& warning : plan.warnings) Context::notice(trf("warning: {}", warning));

        std::vector<bool> handed_over(plan.messages.size(), false);
        std::size_t failed = 0;
        std::string last_failure;
        for (std::size_t i = 0; i < plan.messages.size(); ++i) {
            const auto& message = plan.messages[i];
            const std::string text =
                report::render_reminder(message, policy, window.at, now, i + 1);
            if (o->dry_run) {
                Context::out(fmt::format("{}{}", i ? "--\n" : "", text));
                continue;
            }
            if (const std::string problem = send_mail(o->sendmail, text); !problem.empty()) {
                ++failed;
                last_failure = problem;
                Context::notice(
                    trf("warning: the mail command failed for {}: {}", message.to.email, problem));
                continue;
            }
            handed_over[i] = true;
        }
        // The reminders handed over are recorded, and every claim of this run
        // released, in one transaction: what failed is free for the next run.
        const auto sent = domain::reminder_events(plan, handed_over, now, ctx.actor());
        if (claims.held) {
            db.write([&] {
                for (const auto& [row_id, event] : sent) events.append(row_id, event);
                events.release_claims(owner);
            });
            claims.held = false;
        }
        if (failed)
            throw Error(ExitCode::unavailable,
                        trf("the mail command '{}' failed for {} of {} messages ({})", o->sendmail,
                            failed, plan.messages.size(), last_failure),
                        {tr("check the command with --sendmail, or see the messages with "
                            "--dry-run")});
    });
}

}  // namespace complaints::cli
