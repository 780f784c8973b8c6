// `verify [--head HASH]` and `backup FILE` (SPEC §12): the proof that the
// database is what the tool wrote, and consistent copies of it.
#include "../commands.hpp"

#include <complaints/domain/replay.hpp>

namespace complaints::cli {

namespace {

std::string problem_line(const storage::Problem& p) {
    std::string line;
    if (!p.complaint.empty()) line += trf("complaint {}: ", p.complaint);
    if (p.seq != 0)
        line += p.type.empty() ? trf("event {}: ", p.seq) : trf("event {} ({}): ", p.seq, p.type);
    if (line.empty()) line = tr("database: ");
    return line + p.what;
}

// The domain's replay of each complaint, as problems of `verify`.
std::vector<storage::Problem> replay(const domain::Complaint& stored,
                                     const std::vector<domain::Event>& events) {
    std::vector<storage::Problem> out;
    for (const auto& m : domain::check_replay(stored, events))
        out.push_back({stored.id, m.seq, std::string(domain::to_string(m.type)),
                       trf("{} is {} but its events give {}", m.field, m.stored, m.replayed)});
    return out;
}

bool is_hash(const std::string& text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// Prints the outcome of a verification: `ok: …` (exit 0), or one line per
// problem and exit 65.
void report(const storage::Verification& v, std::string_view prefix) {
    if (v.problems.empty()) {
        Context::out(std::string(prefix) +
                     trf("ok: {} complaints, {} events, head {}", v.complaints, v.events, v.head) +
                     "\n");
        return;
    }
    for (const auto& p : v.problems) Context::out(fmt::format("{}{}\n", prefix, problem_line(p)));
    std::fflush(stdout);
    throw Error(ExitCode::data,
                trn("{} problem found in {} complaints and {} events",
                    "{} problems found in {} complaints and {} events", v.problems.size(),
                    v.problems.size(), v.complaints, v.events),
                {tr("each line above names the complaint and event that do not match; restore the "
                    "database from a backup that verifies, and find out who changed it")});
}

}  // namespace

void add_verify(CLI::App& cmd, Context& ctx) {
    auto head = std::make_shared<std::optional<std::string>>();
    cmd.add_option("--head", *head,
                   tr("A head printed by an earlier verify (kept off this machine): check that "
                      "the chain still holds it"))
        ->check(CLI::Validator(
            [](std::string& text) {
                return is_hash(text) ? std::string()
                                     : wants(tr("a head (64 lowercase hex digits)"), text);
            },
            "HASH"));
    cmd.footer(
        tr("Checks, and says what it checked: (1) SQLite's integrity check; (2) the hash\n"
           "chain over every event, each personal value against its digest and each\n"
           "evidence file against its SHA-256; (3) that every complaint's stored fields\n"
           "are what its events imply; (4) with --head, that the chain still holds that\n"
           "head: a truncation or a rollback to an older copy removes it.\n"
           "Exit 0 with one line 'ok: N complaints, M events, head HASH'; exit 65 with one\n"
           "line per problem, naming the complaint, the event and what does not match.\n"
           "Keep the head somewhere this machine cannot change (the monthly report mail).\n\n"
           "Example:\n  complaints verify --head \"$(cat /mnt/offsite/complaints.head)\""));
    cmd.callback([&ctx, head] {
        auto& db = ctx.db(storage::Access::read);
        report(db.integrity().verify(*head, replay), "");
    });
}

void add_backup(CLI::App& cmd, Context& ctx) {
    auto file = std::make_shared<std::string>();
    cmd.add_option("FILE", *file, tr("The copy to write (must not exist)"))->required();
    cmd.footer(
        tr("Writes a consistent copy of the database with SQLite's online backup API while\n"
           "others keep writing, then verifies the copy as verify does. An existing FILE is\n"
           "never overwritten (exit 73). The copy is readable by its owner only (0600).\n"
           "Restore by stopping every writer and copying FILE over the database (remove\n"
           "its -wal and -shm files first).\n\n"
           "Example (crontab, nightly at 02:30):\n"
           "  30 2 * * * complaints --db /srv/complaints/complaints.db backup "
           "/backup/complaints-$(date +\\%F).db"));
    cmd.callback([&ctx, file] {
        auto& db = ctx.db(storage::Access::read);
        db.integrity().backup(*file);
        const storage::Database copy(*file, storage::Access::read);
        report(copy.integrity().verify(std::nullopt, replay), fmt::format("{}: ", *file));
    });
}

}  // namespace complaints::cli
