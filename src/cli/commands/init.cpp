#include "../commands.hpp"

#include <complaints/policy/policy_file.hpp>

#include <fmt/format.h>

#include <sys/stat.h>
#include <fstream>

namespace complaints::cli {

void add_init(CLI::App& command, Context& ctx) {
    auto* cmd = &command;
    cmd->footer(
        tr("Running it again changes nothing.\n\nExample:\n  complaints --db "
           "/srv/complaints/complaints.db init"));
    cmd->callback([&ctx] {
        auto& db = ctx.db(storage::Access::write);
        // On an existing database, init also folds the -wal into the file
        // (no change does): the way to make it readable without a -shm in a
        // directory readers may not write.
        if (!db.created()) {
            db.checkpoint();
            Context::notice(trf("database '{}' already exists", ctx.options.db));
        }
        if (storage::is_server_url(ctx.options.db)) {
            // Nothing is beside a database on a server: the policy file is the
            // sites' to share (--policy or COMPLAINTS_POLICY).
            if (db.created())
                Context::notice(
                    tr("created the complaints schema; give every site the same policy file with "
                       "--policy or COMPLAINTS_POLICY ('complaints policy show' prints the "
                       "built-in one)"));
            return;
        }
        // Where the policy is looked for: beside the database's real path.
        const std::string path = ctx.policy_beside_db();
        struct stat info {};
        if (::stat(path.c_str(), &info) == 0) {
            Context::notice(trf("policy file '{}' already exists", path));
            return;
        }
        const std::string text = policy::to_toml(policy::builtin(), policy::Comments::explain);
        std::ofstream file(path, std::ios::binary);
        file << text;
        file.close();
        if (!file) throw Error(ExitCode::io, trf("cannot write the starter policy '{}'", path));
        Context::notice(
            trf("wrote starter policy '{}'; edit it, then: complaints policy check", path));
    });
}

}  // namespace complaints::cli
