#include "context.hpp"
#include "streams.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/policy/policy_file.hpp>

#include <fmt/format.h>

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace complaints::cli {

namespace {

// A hint: N_(), shown through tr().
constexpr const char* k_time_forms =
    N_("use YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS ('T' may replace the space), "
       "optionally followed by Z or +HH:MM, or 'now'");

bool file_exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// COMPLAINTS_BUSY_TIMEOUT in milliseconds (default 5000); exit 64 when malformed.
std::chrono::milliseconds busy_timeout() {
    const char* text = std::getenv("COMPLAINTS_BUSY_TIMEOUT");
    if (!text || !*text) return storage::k_default_busy_timeout;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (*end != '\0' || value < 0 || value > 3'600'000)
        throw Error(ExitCode::usage,
                    trf("bad COMPLAINTS_BUSY_TIMEOUT '{}': give milliseconds, e.g. 5000", text));
    return std::chrono::milliseconds(value);
}

// The register must be kept in a file: SQLite's names for a database that
// is no file (':memory:', the empty name of a temporary database) and its
// URIs are refused, not opened as something else.
void check_db_path(const std::string& path) {
    if (storage::is_server_url(path)) return;  // a PostgreSQL server (SPEC §14)
    if (path.empty() || path == ":memory:" || path.starts_with("file:"))
        throw Error(ExitCode::usage,
                    trf("--db '{}' is not a file: the register must be kept in a file", path),
                    {tr("give the path of the database file with --db or COMPLAINTS_DB, e.g. "
                        "--db complaints.db")});
}

}  // namespace

Format Context::format() const {
    // CLI11 checked the name against the same list.
    return domain::parse_name<Format>(options.format).value_or(Format::text);
}

Format Context::format_for(const Output& output) const {
    const Format f = format();
    // What the command prints ("a complaint"), marked N_() by the command.
    const std::string what = tr(std::string(output.what));
    if (f == Format::xlsx && !output.xlsx)
        throw Error(ExitCode::usage, trf("--format xlsx is for tables; {} is not one", what),
                    {tr("use --format text, json or csv")});
    if (f == Format::xlsx && (!output_path || *output_path == "-"))
        throw Error(ExitCode::usage, tr("--format xlsx needs -o FILE"),
                    {tr("a spreadsheet is not written to standard output: give the file to "
                        "write, e.g. -o report.xlsx")});
    if (f == Format::csv && !output.csv && output.json)
        throw Error(ExitCode::usage, trf("--format csv is for tables; {} is not one", what),
                    {tr("use --format text or --format json")});
    if ((f == Format::csv && !output.csv) || (f == Format::json && !output.json))
        throw Error(ExitCode::usage,
                    trf("{} comes only as text, not as {}", what, domain::name_of(f)),
                    {tr("leave out --format")});
    return f;
}

const domain::Policy& Context::policy() {
    if (m_policy) return *m_policy;
    if (!options.policy.empty()) {
        m_policy = policy::load(options.policy);
    } else if (storage::is_server_url(options.db)) {
        // A database on a server has nothing beside it: every site gives the
        // same file with --policy or COMPLAINTS_POLICY.
        m_policy = policy::builtin();
    } else {
        const std::string beside = policy_beside_db();
        m_policy = file_exists(beside) ? policy::load(beside) : policy::builtin();
    }
    return *m_policy;
}

std::string Context::policy_beside_db() const {
    // Beside the file itself, symbolic links resolved (SPEC §12): a database
    // reached through a link to it or to its directory has one policy. A
    // database not created yet: its directory, resolved.
    if (char* real = ::realpath(options.db.c_str(), nullptr)) {
        const std::string path = real;
        std::free(real);
        return directory_of(path) + "/complaints.toml";
    }
    const std::string dir = directory_of(options.db);
    if (char* real = ::realpath(dir.c_str(), nullptr)) {
        const std::string path = real;
        std::free(real);
        return (path == "/" ? "" : path) + "/complaints.toml";
    }
    return dir + "/complaints.toml";
}

storage::Database& Context::db(storage::Access access) {
    const bool opened = m_db != nullptr;
    auto& db = db_quietly(access);
    if (!opened && db.created()) notice(trf("created database '{}'", options.db));
    return db;
}

storage::Database& Context::db_quietly(storage::Access access) {
    if (!m_db) {
        check_db_path(options.db);
        // A file size limit (RLIMIT_FSIZE) must make a write fail with an
        // error SQLite reports, rolled back, not kill the process midway.
        std::signal(SIGXFSZ, SIG_IGN);
        m_db = std::make_unique<storage::Database>(options.db, access, busy_timeout(),
                                                   [](const std::string& text) { notice(text); });
    }
    return *m_db;
}

void Context::discard_created_db() {
    if (!m_db || !m_db->created()) return;
    if (storage::is_server_url(options.db)) {
        m_db->discard_created();  // the schema made, dropped if still empty
        m_db.reset();
        return;
    }
    m_db.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((options.db + suffix).c_str());
}

bool Context::db_exists() {
    if (m_db) return true;
    if (storage::is_server_url(options.db)) {
        // On a server, whether the tool's schema is there: connecting asks.
        try {
            db_quietly(storage::Access::read);
            return true;
        } catch (const Error& e) {
            if (e.code() == ExitCode::no_input) return false;
            throw;
        }
    }
    return !options.db.empty() && file_exists(options.db);
}

domain::Instant Context::now() {
    if (m_now) return *m_now;
    if (const char* fixed = std::getenv("COMPLAINTS_NOW"); fixed && *fixed) {
        const auto system =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        const auto t = domain::parse_time(fixed, policy().zone, system);
        if (!t)
            throw Error(ExitCode::usage, trf("bad COMPLAINTS_NOW '{}'", fixed), {tr(k_time_forms)});
        m_now = *t;
    } else {
        m_now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    }
    return *m_now;
}

std::optional<domain::Instant> Context::fixed_now() {
    const char* fixed = std::getenv("COMPLAINTS_NOW");
    if (!fixed || !*fixed) return std::nullopt;
    return now();
}

domain::Instant Context::parse_time(std::string_view option, const std::string& value) {
    const auto current = now();
    if (auto t = domain::parse_time(value, policy().zone, current)) return *t;
    throw Error(ExitCode::usage, trf("bad time '{}' for {}", value, option), {tr(k_time_forms)});
}

TimeRange Context::parse_range(const std::optional<std::string>& from,
                               const std::optional<std::string>& to) {
    TimeRange range;
    if (from) range.from = parse_time("--from", *from);
    if (to) range.to = parse_time("--to", *to);
    if (range.from && range.to) check_range(*range.from, *from, *range.to, *to);
    return range;
}

void Context::check_range(domain::Instant from, std::string_view from_text, domain::Instant to,
                          std::string_view to_text) {
    if (from <= to) return;
    throw Error(ExitCode::usage,
                trf("--from '{}' is after --to '{}': the range is reversed", from_text, to_text),
                {tr("give the earlier time to --from; the range is [--from, --to)")});
}

domain::Duration Context::parse_duration(std::string_view option, const std::string& value) {
    if (auto d = domain::Duration::parse(value)) return *d;
    throw Error(ExitCode::usage, trf("bad duration '{}' for {}", value, option),
                {tr("use Nm, Nh, Nd, Nbh (working hours) or Nwd (working days), e.g. 4h or 2wd")});
}

std::string Context::actor() const {
    if (!options.actor.empty()) return options.actor;
    if (const char* user = std::getenv("USER"); user && *user) return user;
    return "unknown";
}

DueWindow Context::due_window(const std::optional<std::string>& as_of,
                              const std::optional<std::string>& within) {
    const domain::Policy& p = policy();
    DueWindow window;
    window.at = as_of ? parse_time("--as-of", *as_of) : now();
    window.before = within ? domain::add_duration(window.at, parse_duration("--within", *within),
                                                  p.calendar, p.zone)
                           : window.at;
    if (within) window.bound = storage::Bound::inclusive;
    return window;
}

domain::Stamp Context::stamp(const std::optional<std::string>& at, std::string_view option) {
    domain::Stamp stamp;
    stamp.actor = actor();
    stamp.recorded_at = now();
    stamp.at = at ? parse_time(option, *at) : stamp.recorded_at;
    return stamp;
}

report::TextStyle Context::text_style() const {
    report::TextStyle style;
    if (!::isatty(STDOUT_FILENO)) return style;
    style.color = std::getenv("NO_COLOR") == nullptr;
    struct winsize size {};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        style.width = size.ws_col;
    if (const char* columns = std::getenv("COLUMNS"); columns && std::atoi(columns) > 0)
        style.width = std::atoi(columns);
    return style;
}

namespace {

// Where `out` writes when a command was given -o FILE (one run, one thread).
OutputFile* g_output = nullptr;

}  // namespace

Context::Context() = default;

Context::~Context() {
    if (m_output && g_output == m_output.get()) g_output = nullptr;
}

OutputFile& Context::output_file() {
    if (!m_output) {
        m_output = std::make_unique<OutputFile>(output_path);
        if (format() != Format::xlsx) g_output = m_output.get();
    }
    return *m_output;
}

void Context::commit_output() {
    if (!m_output) return;
    g_output = nullptr;
    // Once: a second call (after `report overdue --exit-code` committed) has
    // nothing left to do.
    const std::unique_ptr<OutputFile> file = std::move(m_output);
    file->commit();
}

void Context::out(std::string_view text) {
    if (g_output) {
        g_output->write(text);
        return;
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
}

void Context::notice(std::string_view text) {
    std::fprintf(stderr, "complaints: %.*s\n", static_cast<int>(text.size()), text.data());
}

}  // namespace complaints::cli
