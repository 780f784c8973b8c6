#include "../commands.hpp"
#include "../streams.hpp"

#include <complaints/domain/interchange.hpp>
#include <complaints/domain/replay.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <sys/stat.h>
#include <unistd.h>

namespace complaints::cli {

namespace {

struct ImportOptions {
    std::string file;
    std::optional<std::string> format;
    bool dry_run = false;
};

// What an import did.
struct Counts {
    std::size_t imported = 0;
    std::size_t present = 0;  // already here: skipped
};

// Thrown at the end of a dry run, inside the transaction, so that it rolls back.
struct DryRunDone {};

// A longer line is refused rather than held: a complaint with its whole
// history is a few KiB; 16 MiB is far past any real one.
constexpr std::size_t k_max_line_bytes = std::size_t{16} << 20;

// The error of one line of the input as `FILE:LINE: message` (exit 65). An
// error of the database (74, 75) or the machine (71) is not the line's and
// stays as it is.
[[noreturn]] void fail_at(const std::string& name, std::size_t line, const Error& e) {
    const ExitCode code = e.code();
    if (code == ExitCode::io || code == ExitCode::temp_fail || code == ExitCode::out_of_memory ||
        code == ExitCode::cannot_create)
        throw e;
    throw Error(ExitCode::data, fmt::format("{}:{}: {}", name, line, e.what()), e.hints());
}

class Importer {
public:
    Importer(Context& ctx, const domain::Policy& policy, storage::Database& db, std::string name,
             std::istream& in, Progress& progress)
        : m_policy(policy),
          m_db(db),
          m_name(std::move(name)),
          m_in(in),
          m_progress(progress),
          m_now(ctx.now()),
          m_actor(ctx.actor()) {}

    // JSON Lines as `export` writes them: each complaint recreated with its
    // number and whole history, and an `import` event.
    void jsonl() {
        const auto complaints = m_db.complaints();
        const auto log = m_db.events();
        std::string line;
        std::size_t number = 0;
        std::size_t bytes = 0;
        while (std::getline(m_in, line)) {
            ++number;
            bytes += line.size() + 1;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            try {
                if (line.size() > k_max_line_bytes)
                    throw Error(ExitCode::data,
                                trf("a line longer than {} MiB", k_max_line_bytes >> 20));
                domain::ExportedComplaint x = domain::parse_export_line(line, m_policy.zone);
                domain::Complaint c = domain::replay(x.events);
                c.id = x.id;
                if (x.status && *x.status != domain::to_string(c.status))
                    throw Error(
                        ExitCode::data,
                        trf("complaint {} says it is '{}', but its events make it "
                            "'{}'",
                            x.id, domain::printable(*x.status), domain::to_string(c.status)));
                if (const auto existing = complaints.find(x.id)) {
                    if (const auto difference =
                            domain::history_difference(log.of(existing->row_id), x.events))
                        throw Error(ExitCode::data,
                                    trf("complaint {} is here already with another "
                                        "history: {}",
                                        x.id, *difference),
                                    {tr("the same number was given to two complaints: import "
                                        "into another database, or leave this line out")});
                    ++m_counts.present;
                } else {
                    domain::Event imported;
                    imported.at = m_now;
                    imported.recorded_at = m_now;
                    imported.actor = m_actor;
                    imported.details = domain::ImportDetails{m_name};
                    x.events.push_back(std::move(imported));
                    complaints.insert_imported(c, x.events);
                    ++m_counts.imported;
                }
            } catch (const Error& e) {
                fail_at(m_name, number, e);
            }
            m_progress.update(m_counts.imported + m_counts.present, bytes);
        }
        if (m_in.bad()) throw Error(ExitCode::io, trf("cannot read '{}'", m_name));
    }

    // CSV with a header row: each row registered as `register` would,
    // idempotent by `ref`.
    void csv() {
        const auto complaints = m_db.complaints();
        domain::CsvReader reader(m_in);
        std::vector<std::string> fields;
        std::optional<domain::CsvColumns> columns;
        try {
            while (reader.next(fields)) {
                if (!columns) {
                    columns = domain::read_csv_header(fields, ignorable_columns());
                    if (!columns->ignored.empty())
                        notice(1, trf("ignored columns (not read by import): {}",
                                      join(columns->ignored)));
                    continue;
                }
                row(complaints, *columns, fields, reader.line());
                m_progress.update(m_counts.imported + m_counts.present, reader.bytes_read());
            }
        } catch (const Error& e) {
            fail_at(m_name, reader.line(), e);
        }
        if (m_in.bad()) throw Error(ExitCode::io, trf("cannot read '{}'", m_name));
        if (!columns)
            throw Error(ExitCode::data, trf("{}:1: no header row: the file is empty", m_name),
                        {tr("the first row names the columns: received_at, channel, category, "
                            "customer_name, summary, ...")});
    }

    [[nodiscard]] const Counts& counts() const { return m_counts; }

private:
    void row(const storage::ComplaintStore& complaints, const domain::CsvColumns& columns,
             const std::vector<std::string>& fields, std::size_t line) {
        domain::CsvComplaint row = domain::read_csv_complaint(columns, fields);
        const domain::Registration& r = row.registration;
        if (r.ref && complaints.find_ref(*r.ref)) {
            ++m_counts.present;
            return;
        }
        const auto received = domain::parse_time(row.received_at, m_policy.zone, m_now);
        if (!received)
            throw Error(ExitCode::data,
                        trf("received_at '{}' is not a time from 1970 to 9999",
                            domain::printable(row.received_at)),
                        {tr("write YYYY-MM-DD HH:MM (in the policy's zone) or with an offset, "
                            "2026-11-23T14:30+08:00")});
        const domain::Stamp stamp{m_actor, *received, m_now};
        auto [complaint, event] = domain::register_complaint(r, m_policy, stamp);
        const std::string prefix = domain::number_prefix(complaint, m_policy);
        if (const auto duplicate =
                store_registration(complaints, complaint, event, prefix, m_policy, false))
            notice(line, duplicate->basis == domain::DuplicateBasis::order
                             ? trf("warning: {} is a possible duplicate of {} (same order)",
                                   complaint.id, duplicate->id)
                             : trf("warning: {} is a possible duplicate of {} (same contact)",
                                   complaint.id, duplicate->id));
        ++m_counts.imported;
    }

    // The columns of complaint_facts that an import does not read: those of
    // `export --format csv` beyond the import columns.
    std::vector<std::string> ignorable_columns() {
        std::vector<std::string> names;
        storage::QuerySink sink;
        sink.columns = [&](const std::vector<std::string>& columns) { names = columns; };
        sink.row = [](const std::vector<storage::Value>&) {};
        m_db.query("SELECT * FROM complaint_facts LIMIT 0", {}, storage::QueryLimits{}, sink);
        return names;
    }

    void notice(std::size_t line, const std::string& text) {
        m_progress.finish();
        Context::notice(fmt::format("{}:{}: {}", m_name, line, text));
    }

    static std::string join(const std::vector<std::string>& names) {
        std::string out;
        for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
        return out;
    }

    const domain::Policy& m_policy;
    storage::Database& m_db;
    std::string m_name;
    std::istream& m_in;
    Progress& m_progress;
    domain::Instant m_now;
    std::string m_actor;
    Counts m_counts;
};

// A scratch database for a dry run when there is none yet: the import is
// checked against an empty one, and nothing is left behind.
class ScratchDirectory {
public:
    ScratchDirectory() {
        m_path = temporary_directory() + "/complaints-dry-run-XXXXXX";
        if (!::mkdtemp(m_path.data()))
            throw Error(
                ExitCode::cannot_create,
                trf("cannot create a scratch directory for --dry-run: {}", std::strerror(errno)),
                {tr("set TMPDIR to a directory you may write")});
    }
    ~ScratchDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

}  // namespace

void add_import(CLI::App& cmd, Context& ctx) {
    auto o = std::make_shared<ImportOptions>();
    cmd.add_option("FILE", o->file, tr("The file to read; '-' reads standard input"))->required();
    cmd.add_option("--format", o->format,
                   tr("jsonl (an export) or csv (a spreadsheet); default: csv for a .csv file, "
                      "else jsonl"))
        ->check(CLI::IsMember({"jsonl", "csv"}));
    cmd.add_flag("--dry-run", o->dry_run, tr("Check everything, write nothing"));
    cmd.footer(
        tr("JSON Lines, as 'complaints export' writes them: each complaint is recreated with\n"
           "its number and its whole history (times, actors) and an 'import' event is added.\n"
           "A number that is here already is skipped when its history is the same (importing\n"
           "a file twice changes nothing) and refused (exit 65) when it differs.\n\n"
           "CSV with a header row: received_at, channel, category, customer_name, summary\n"
           "(required); kind, severity, site, customer_contact, customer_organization,\n"
           "customer_order, demand, description, ref (optional). Each row is registered as\n"
           "'register' would (new number, deadlines from the policy, duplicate warnings);\n"
           "a row whose ref is here already is skipped.\n\n"
           "All rows or none: the first bad row is exit 65 with FILE:LINE: what is wrong, and\n"
           "nothing is imported. On a terminal, a progress bar on standard error.\n\n"
           "Example:\n"
           "  complaints import --dry-run old-system.csv && complaints import old-system.csv\n"
           "  complaints --db site-a.db export | complaints --db head-office.db import -"));
    cmd.callback([&ctx, o] {
        const domain::Policy& policy = ctx.policy();
        const bool csv =
            o->format ? *o->format == "csv"
                      : o->file.size() > 4 && o->file.compare(o->file.size() - 4, 4, ".csv") == 0;
        std::ifstream file;
        std::istream* in = &std::cin;
        std::optional<std::size_t> size;
        if (o->file != "-") {
            struct stat st {};
            if (::stat(o->file.c_str(), &st) != 0 || S_ISDIR(st.st_mode))
                throw Error(ExitCode::no_input,
                            trf("cannot read '{}': {}", domain::printable(o->file),
                                S_ISDIR(st.st_mode) ? tr("a directory") : std::strerror(errno)),
                            {tr("give the file that 'complaints export' or a spreadsheet wrote")});
            file.open(o->file, std::ios::binary);
            if (!file)
                throw Error(
                    ExitCode::no_input,
                    trf("cannot read '{}': {}", domain::printable(o->file), std::strerror(errno)));
            if (S_ISREG(st.st_mode)) size = static_cast<std::size_t>(st.st_size);
            in = &file;
        }
        const std::string name = o->file;
        Progress progress(tr("importing"), size);

        std::optional<ScratchDirectory> scratch;
        std::optional<storage::Database> scratch_db;
        storage::Database* db = nullptr;
        if (o->dry_run && !ctx.db_exists()) {
            scratch.emplace();
            scratch_db.emplace(scratch->path() + "/dry-run.db", storage::Access::write);
            db = &*scratch_db;
        } else {
            db = &ctx.db_quietly(storage::Access::write);
        }
        Importer importer(ctx, policy, *db, name, *in, progress);
        try {
            db->write([&] {
                if (csv)
                    importer.csv();
                else
                    importer.jsonl();
                if (o->dry_run) throw DryRunDone{};
            });
        } catch (const DryRunDone&) {
        } catch (const Error&) {
            // All or nothing: a database this import created goes too.
            if (!scratch) ctx.discard_created_db();
            throw;
        }
        progress.finish();
        if (!scratch && db->created())
            Context::notice(trf("created database '{}'", ctx.options.db));
        const Counts& n = importer.counts();
        const std::string skipped =
            n.present ? trf(" ({} here already, skipped)", n.present) : std::string();
        const std::string nothing =
            o->dry_run ? std::string(tr("; nothing written (--dry-run)")) : std::string();
        ctx.out((o->dry_run ? trn("would import {} complaint{}{}", "would import {} complaints{}{}",
                                  n.imported, n.imported, skipped, nothing)
                            : trn("imported {} complaint{}{}", "imported {} complaints{}{}",
                                  n.imported, n.imported, skipped, nothing)) +
                "\n");
    });
}

}  // namespace complaints::cli
