#pragma once

#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/policy.hpp>
#include <complaints/report/table.hpp>
#include <complaints/storage/database.hpp>
#include <complaints/storage/reports.hpp>

#include <complaints/domain/translate.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace complaints::cli {

enum class Format { text, json, csv, xlsx };

}  // namespace complaints::cli

namespace complaints::domain {
template <>
struct EnumNames<cli::Format> {
    static constexpr std::array<std::string_view, 4> k_names{"text", "json", "csv", "xlsx"};
};
}  // namespace complaints::domain

namespace complaints::cli {

// What a command prints, for the one check of --format: which formats it
// comes in besides text, and what it is ("a complaint") for the error.
struct Output {
    std::string_view what;
    bool json = true;
    bool csv = false;
    // A spreadsheet (--format xlsx, with -o): the tables of `list`, `report`,
    // `query` and `export`.
    bool xlsx = false;
};

class OutputFile;

// The global options, as CLI11 fills them.
struct GlobalOptions {
    std::string db = "complaints.db";
    std::string policy;  // empty: beside the database, else built-in
    std::string actor;   // empty: $USER, else "unknown"
    std::string format = "text";
};

// One global option: `run` adds each of k_global_options to the command line
// and skips its value when finding the command word, so a new global option
// is a member above and a line below, and nothing else.
struct GlobalOption {
    const char* name;
    std::string GlobalOptions::*member;
    const char* env;  // or nullptr
    const char* help;
};

inline constexpr std::array<GlobalOption, 4> k_global_options{{
    {"--db", &GlobalOptions::db, "COMPLAINTS_DB", N_("The database file (default: complaints.db)")},
    {"--policy", &GlobalOptions::policy, "COMPLAINTS_POLICY",
     N_("The policy file (default: complaints.toml beside the database, else built-in)")},
    {"--as", &GlobalOptions::actor, "COMPLAINTS_USER",
     N_("Who is acting, recorded on every change (default: $USER)")},
    {"--format", &GlobalOptions::format, nullptr,
     N_("Output format: text, json, csv or xlsx (tables only; xlsx needs -o FILE)")},
}};

// The window of `report overdue` and `remind`: judged at `at`, deadlines
// strictly before `at` (overdue), or with --within at or before `at` plus
// that duration (SPEC §10, corrections: `--within 1wd` takes in the next
// working day's deadlines, which end exactly at the close of work).
struct DueWindow {
    domain::Instant at{};
    domain::Instant before{};
    storage::Bound bound = storage::Bound::exclusive;

    // The overdue query of this window.
    [[nodiscard]] storage::OverdueQuery query() const { return {before, {}, {}, bound}; }
};

// The --from and --to of a command: [from, to), either open.
struct TimeRange {
    std::optional<domain::Instant> from, to;
};

// Everything a command needs from the run: options, the policy and database
// (opened on first use), the clock, and where output goes.
class Context {
public:
    GlobalOptions options;
    // -o FILE of a command that prints a table: its output goes to the file,
    // written whole or not at all (`output_file`, `commit_output`).
    std::optional<std::string> output_path;

    Context();
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    [[nodiscard]] Format format() const;
    // The format to print `output` in: --format, refused with exit 64 when
    // `output` does not come in it. Every command's one check of --format.
    Format format_for(const Output& output) const;

    // The policy in use: --policy / COMPLAINTS_POLICY, else complaints.toml
    // beside the database when it exists, else the built-in policy.
    const domain::Policy& policy();
    // Where the policy beside the database is: complaints.toml in the
    // directory of the database's real path (symbolic links resolved), or of
    // its directory's real path when the file does not exist yet.
    [[nodiscard]] std::string policy_beside_db() const;
    // The database, opened on first use. Access::write creates a missing one
    // (with a notice on standard error). A --db that names no file
    // (':memory:', '', a `file:` URI) is exit 64.
    storage::Database& db(storage::Access access);
    // The same without the notice when it creates the database: the command
    // says so itself once it succeeded (`import`, which removes a database it
    // created when it fails).
    storage::Database& db_quietly(storage::Access access);
    // Closes the database and removes it when this run created it (with its
    // -wal and -shm): a command that failed after creating it leaves none.
    void discard_created_db();
    // True when the database exists (the file, or the schema on a server) or
    // is open already; creates nothing.
    [[nodiscard]] bool db_exists();

    // Now: COMPLAINTS_NOW when set (for tests and demos), else the system clock.
    [[nodiscard]] domain::Instant now();
    // COMPLAINTS_NOW when set, else nothing: the clock is the system's.
    [[nodiscard]] std::optional<domain::Instant> fixed_now();
    // The time given to `option`, read in the policy's zone; exit 64 when malformed.
    domain::Instant parse_time(std::string_view option, const std::string& value);
    // --from and --to, read in the policy's zone; exit 64 when either is
    // malformed or the range is reversed (`check_range`).
    TimeRange parse_range(const std::optional<std::string>& from,
                          const std::optional<std::string>& to);
    // Refuses (exit 64) a range that starts after it ends, naming both values
    // as given (`to_text` "now" for a default). Every command's one check of a
    // reversed --from/--to; an equal pair is an empty range, not an error.
    static void check_range(domain::Instant from, std::string_view from_text, domain::Instant to,
                            std::string_view to_text);
    // A time limit given to `option`; exit 64 when malformed.
    static domain::Duration parse_duration(std::string_view option, const std::string& value);
    // --as-of (default now) and --within (default nothing) of `report
    // overdue` and `remind`.
    DueWindow due_window(const std::optional<std::string>& as_of,
                         const std::optional<std::string>& within);
    // Who acts and when, for a command with `--at`.
    domain::Stamp stamp(const std::optional<std::string>& at, std::string_view option = "--at");
    [[nodiscard]] std::string actor() const;

    [[nodiscard]] report::TextStyle text_style() const;
    // The file of -o (`output_path`), opened on first use: from then on,
    // `out` writes to it (but for xlsx, which the workbook writes itself).
    OutputFile& output_file();
    // Puts the file of -o in place, when one was opened (run.cpp, after the
    // command succeeded); without it, the file is left as it was.
    void commit_output();
    // Writes to standard output, or to the file of -o.
    static void out(std::string_view text);
    // A notice or warning on standard error: `complaints: TEXT`.
    static void notice(std::string_view text);

private:
    std::optional<domain::Policy> m_policy;
    std::unique_ptr<storage::Database> m_db;
    std::optional<domain::Instant> m_now;
    std::unique_ptr<OutputFile> m_output;
};

}  // namespace complaints::cli
