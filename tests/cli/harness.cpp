#include "harness.hpp"

#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace cli_test {

std::string binary() {
    return COMPLAINTS_BINARY;
}

fs::path source_dir() {
    return COMPLAINTS_SOURCE_DIR;
}

std::string Result::err_first_line() const {
    return err.substr(0, err.find('\n'));
}

std::vector<std::string> Result::out_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/complaints-cli-XXXXXX";
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(m_path, ignored);
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {

void write_bytes(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

std::vector<std::string> environment(const Fixture& fixture, const EnvChanges& changes) {
    const char* path = std::getenv("PATH");
    std::map<std::string, std::optional<std::string>> env = {
        {"COMPLAINTS_DB", fixture.db()},
        {"COMPLAINTS_USER", "tester"},
        {"TZ", "Asia/Shanghai"},
        {"COMPLAINTS_NOW", "2026-11-23 10:00"},
        {"NO_COLOR", "1"},
        {"PATH", path && *path ? path : "/usr/local/bin:/usr/bin:/bin"},
    };
    if (is_server_url(fixture.db()) && fs::exists(fixture.dir() / "complaints.toml"))
        env["COMPLAINTS_POLICY"] = (fixture.dir() / "complaints.toml").string();
    for (const auto& [name, value] : changes) env[name] = value;
    std::vector<std::string> out;
    for (const auto& [name, value] : env)
        if (value) out.push_back(name + "=" + *value);
    return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

Fixture::Fixture()
    : m_server(on_server() ? std::make_unique<ServerDatabase>() : nullptr),
      m_work(m_root.path() / "work"),
      m_io(m_root.path() / "io"),
      m_db(m_server ? m_server->url() : (m_work / "complaints.db").string()) {
    fs::create_directory(m_work);
    fs::create_directory(m_io);
}

std::string Fixture::db_name() const {
    return m_server ? m_server->name() : fs::path(m_db).filename().string();
}

std::string Fixture::another_db(const std::string& name) {
    if (!m_server) return (m_work / name).string();
    auto& other = m_others[name];
    if (!other) other = std::make_unique<ServerDatabase>();
    return other->url();
}

Process Fixture::start(const std::string& program, const std::vector<std::string>& args,
                       const std::string& stdin_text, const EnvChanges& env) {
    const int n = ++m_serial;
    Process p;
    const fs::path in_file = m_io / ("in" + std::to_string(n));
    p.out_file = m_io / ("out" + std::to_string(n));
    p.err_file = m_io / ("err" + std::to_string(n));
    write_bytes(in_file, stdin_text);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in_file.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, p.out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&actions, 2, p.err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addchdir_np(&actions, m_work.c_str());

    std::vector<std::string> argv_strings{program};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<std::string> env_strings = environment(*this, env);
    auto argv = pointers(argv_strings);
    auto envp = pointers(env_strings);
    const int rc =
        ::posix_spawn(&p.pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("posix_spawn " + program + ": " + std::strerror(rc));
    return p;
}

Result Fixture::wait(const Process& process) {
    int status = 0;
    while (::waitpid(process.pid, &status, 0) < 0)
        if (errno != EINTR) throw std::runtime_error("waitpid failed");
    Result r;
    if (WIFEXITED(status))
        r.status = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        r.status = 128 + WTERMSIG(status);
    r.out = read_file(process.out_file);
    r.err = read_file(process.err_file);
    return r;
}

Result Fixture::run_program(const std::string& program, const std::vector<std::string>& args,
                            const std::string& stdin_text, const EnvChanges& env) {
    return wait(start(program, args, stdin_text, env));
}

Result Fixture::run(const std::vector<std::string>& args, const std::string& stdin_text,
                    const EnvChanges& env) {
    return run_program(binary(), args, stdin_text, env);
}

std::string Fixture::register_complaint(const std::vector<std::string>& extra,
                                        const EnvChanges& env) {
    std::vector<std::pair<std::string, std::string>> options = {
        {"--channel", "phone"},
        {"--category", "product"},
        {"--customer", "Wang Fang"},
        {"--summary", "Kettle leaks"},
    };
    REQUIRE_MESSAGE(extra.size() % 2 == 0, "register_complaint takes option/value pairs");
    for (std::size_t i = 0; i < extra.size(); i += 2) {
        bool replaced = false;
        for (auto& [name, value] : options)
            if (name == extra[i]) value = extra[i + 1], replaced = true;
        if (!replaced) options.emplace_back(extra[i], extra[i + 1]);
    }
    std::vector<std::string> args{"register"};
    for (const auto& [name, value] : options) {
        args.push_back(name);
        args.push_back(value);
    }
    const Result r = run(args, "", env);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    REQUIRE(r.out.size() > 1);
    REQUIRE(r.out.back() == '\n');
    return r.out.substr(0, r.out.size() - 1);
}

std::string Fixture::write_file(const std::string& name, const std::string& text) const {
    const fs::path path = m_work / name;
    write_bytes(path, text);
    return path.string();
}

nlohmann::json Fixture::show(const std::string& id) {
    const Result r = run({"--format", "json", "show", id});
    INFO("show " << id << " stderr: " << r.err);
    REQUIRE(r.status == 0);
    return parse_json(r.out);
}

std::string snapshot(const std::string& path) {
    if (is_server_url(path)) return server::snapshot(path);
    if (!fs::exists(path)) return "<absent>";
    try {
        SQLite::Database db(path, SQLite::OPEN_READWRITE);
        std::string out = "user_version=" + db.execAndGet("PRAGMA user_version").getString() + "\n";
        std::vector<std::string> tables;
        SQLite::Statement schema(db,
                                 "SELECT type, name, coalesce(sql, '') FROM sqlite_master "
                                 "ORDER BY type, name");
        while (schema.executeStep()) {
            out += schema.getColumn(0).getString() + " " + schema.getColumn(1).getString() + " " +
                   schema.getColumn(2).getString() + "\n";
            if (schema.getColumn(0).getString() == "table")
                tables.push_back(schema.getColumn(1).getString());
        }
        for (const auto& table : tables) {
            SQLite::Statement rows(db, "SELECT * FROM \"" + table + "\" ORDER BY rowid");
            out += "[" + table + "]\n";
            while (rows.executeStep()) {
                for (int i = 0; i < rows.getColumnCount(); ++i) {
                    const auto column = rows.getColumn(i);
                    out += column.isNull() ? std::string("NULL") : "'" + column.getString() + "'";
                    out += "|";
                }
                out += "\n";
            }
        }
        return out;
    } catch (const std::exception&) {
        std::string out = "<bytes>" + read_file(path);
        if (fs::exists(path + "-wal")) out += "<wal>" + read_file(path + "-wal");
        return out;
    }
}

long long count_rows(const std::string& path, const std::string& table) {
    if (is_server_url(path))
        return std::stoll(server::rows(path, "SELECT count(*) FROM \"" + table + "\"").at(0).at(0));
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM \"" + table + "\"").getInt64();
}

std::vector<std::string> complaint_ids(const std::string& path) {
    std::vector<std::string> ids;
    for (const auto& row : sql_rows(path, "SELECT id FROM complaint ORDER BY row_id"))
        ids.push_back(row.at(0));
    return ids;
}

bool database_exists(const std::string& path) {
    return is_server_url(path) ? server::has_schema(path) : fs::exists(path);
}

namespace {

SQLite::Statement prepared(SQLite::Database& db, const std::string& sql, const SqlParams& params) {
    SQLite::Statement s(db, sql);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        if (params[i])
            s.bind(index, *params[i]);
        else
            s.bind(index);
    }
    return s;
}

}  // namespace

struct WriteLock::Holder {
    std::unique_ptr<SQLite::Database> file;
    std::unique_ptr<server::Session> server;
};

WriteLock::WriteLock(const std::string& path) : m_holder(std::make_unique<Holder>()) {
    if (is_server_url(path)) {
        m_holder->server = std::make_unique<server::Session>(path);
        m_holder->server->run(std::string("BEGIN; SELECT pg_advisory_xact_lock(") +
                              server::k_write_lock_key + ")");
    } else {
        m_holder->file = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE);
        m_holder->file->exec("BEGIN IMMEDIATE");
    }
}

WriteLock::~WriteLock() {
    try {
        release();
    } catch (...) {
        // Closing the connection ends its transaction too.
    }
}

void WriteLock::release() {
    if (!m_holder) return;
    const auto holder = std::move(m_holder);
    if (holder->server) holder->server->run("ROLLBACK");
    if (holder->file) holder->file->exec("ROLLBACK");
}

SqlRows sql_rows(const std::string& path, const std::string& sql, const SqlParams& params) {
    if (is_server_url(path)) return server::rows(path, sql, params);
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    db.setBusyTimeout(10000);
    SQLite::Statement s = prepared(db, sql, params);
    SqlRows rows;
    while (s.executeStep()) {
        std::vector<std::string> row;
        for (int i = 0; i < s.getColumnCount(); ++i)
            row.push_back(s.getColumn(i).isNull() ? "NULL" : s.getColumn(i).getString());
        rows.push_back(std::move(row));
    }
    return rows;
}

long long sql_execute(const std::string& path, const std::string& sql, const SqlParams& params) {
    if (is_server_url(path)) return server::execute(path, sql, params);
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.setBusyTimeout(10000);
    return prepared(db, sql, params).exec();
}

void sql_script(const std::string& path, const std::string& statements) {
    if (is_server_url(path)) {
        server::Session session(path);
        session.run("SET complaints.rewriting_events = 'on'");
        session.run(statements);
        return;
    }
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.setBusyTimeout(10000);
    db.exec(statements);
}

nlohmann::json parse_json(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) FAIL("not JSON: [" << text << "]");
    return j;
}

int display_width(std::string_view text) {
    int width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        char32_t cp = byte;
        std::size_t n = 1;
        if (byte >= 0xF0)
            cp = byte & 0x07, n = 4;
        else if (byte >= 0xE0)
            cp = byte & 0x0F, n = 3;
        else if (byte >= 0xC0)
            cp = byte & 0x1F, n = 2;
        for (std::size_t k = 1; k < n && i + k < text.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        i += n;
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
        width += wide ? 2 : 1;
    }
    return width;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, in_quotes = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field += '"', ++i;
            else if (c == '"')
                in_quotes = false;
            else
                field += c;
            continue;
        }
        any = true;
        if (c == '"' && field.empty() && !quoted) {
            in_quotes = quoted = true;
        } else if (c == ',') {
            row.push_back(field), field.clear(), quoted = false;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            row.push_back(field), field.clear(), quoted = false;
            rows.push_back(row), row.clear(), any = false;
        } else {
            field += c;
        }
    }
    if (any || !field.empty() || !row.empty()) {
        row.push_back(field);
        rows.push_back(row);
    }
    return rows;
}

void check_error_shape(const Result& r) {
    INFO("stdout: [" << r.out << "]");
    INFO("stderr: [" << r.err << "]");
    CHECK(r.out.empty());
    CHECK(r.err.rfind("complaints: error: ", 0) == 0);
    // One line, possibly followed by hint: lines (SPEC §6).
    std::istringstream lines(r.err);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line))
        CHECK_MESSAGE(line.rfind("hint: ", 0) == 0, "extra line: " << line);
}

// The line number in "complaints: error: FILE:LINE:COLUMN: ..." (0 when the
// first line does not have that shape).
int reported_line(const Result& r, const std::string& file) {
    const std::regex shape(
        "complaints: error: " +
        std::regex_replace(file, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
        R"(:([0-9]+):([0-9]+): .+)");
    std::smatch m;
    const std::string line = r.err_first_line();
    if (!std::regex_match(line, m, shape)) return 0;
    return std::stoi(m[2]) >= 1 ? std::stoi(m[1]) : 0;
}

}  // namespace cli_test
