// The SQLite engine: opening and creating the database file, its
// transactions and checkpoints (see sqlite_engine.hpp).
#include "sqlite_engine.hpp"

#include "connection.hpp"
#include "schema.hpp"

#include <complaints/domain/error.hpp>
#include <complaints/domain/translate.hpp>

#include <SQLiteCpp/Transaction.h>

#include <fmt/format.h>

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>

namespace complaints::storage {

namespace {

[[noreturn]] void fail_with(int code, int extended, const char* what, const std::string& path) {
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        throw Error(ExitCode::temp_fail,
                    trf("the database '{}' stayed locked by other writers", path),
                    {tr("try again; COMPLAINTS_BUSY_TIMEOUT (milliseconds) sets how long to "
                        "wait")});
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        throw Error(ExitCode::io,
                    trf("'{}' is not a complaints database or is corrupt: {}", path, what));
    if (code == SQLITE_NOMEM || extended == SQLITE_IOERR_NOMEM)
        throw Error(ExitCode::out_of_memory, tr("out of memory"));
    if (code == SQLITE_CONSTRAINT)
        throw Error(ExitCode::internal, trf("database constraint failed: {}", what));
    throw Error(ExitCode::io, trf("database '{}': {}", path, what));
}

}  // namespace

void fail(const SQLite::Exception& e, const std::string& path) {
    fail_with(e.getErrorCode(), e.getExtendedErrorCode(), e.what(), path);
}

void SqliteEngine::fail(const sql::Failure& e) const {
    fail_with(e.code() & 0xff, e.code(), e.what(), path);
}

std::string SqliteEngine::file_uri(const std::string& path) {
    std::string uri = "file:";
    for (const unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~')
            uri += static_cast<char>(c);
        else
            uri += fmt::format("%{:02X}", c);
    }
    return uri;
}

namespace {

// What the first 100 bytes of a database file say, read without SQLite.
struct Header {
    bool sqlite = false;    // starts with "SQLite format 3\0"
    bool empty = false;     // 0 bytes
    long user_version = 0;  // PRAGMA user_version as the file holds it
};

std::optional<Header> read_header(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::array<unsigned char, 100> bytes{};
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    Header h;
    h.empty = got == 0;
    h.sqlite = got == bytes.size() &&
               std::memcmp(bytes.data(), "SQLite format 3", 16) == 0;  // with its NUL
    if (!h.sqlite) return h;
    h.user_version =
        static_cast<long>((std::uint32_t{bytes[60]} << 24) | (std::uint32_t{bytes[61]} << 16) |
                          (std::uint32_t{bytes[62]} << 8) | bytes[63]);
    return h;
}

std::optional<off_t> file_size(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    return info.st_size;
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

[[noreturn]] void not_ours(const std::string& path, const std::string& why) {
    throw Error(ExitCode::io, trf("'{}' is not a complaints database", path),
                {why, tr("give the right one with --db or COMPLAINTS_DB; nothing was changed")});
}

[[noreturn]] void newer(const std::string& path, int version) {
    throw Error(ExitCode::io,
                trf("the database '{}' has schema version {}, newer than this "
                    "complaints understands ({})",
                    path, version, k_schema_version),
                {tr("use a newer version of complaints")});
}

int user_version(SQLite::Database& db) {
    return db.execAndGet("PRAGMA user_version").getInt();
}

bool has_complaint_table(SQLite::Database& db) {
    return db.execAndGet(
                 "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = "
                 "'complaint'")
               .getInt() > 0;
}

bool has_any_schema(SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt() > 0;
}

// Refuses, before SQLite opens it, a file that cannot be this tool's
// database: an empty file, one that is not SQLite, and an SQLite file whose
// user_version is 0 (this tool's databases have 1 or more) when no -wal file
// could hold a newer header. SQLite never touches such a file, so it stays
// byte for byte as it was, without -wal or -shm beside it.
void check_header(const std::string& path) {
    const auto header = read_header(path);
    if (!header) return;  // unreadable: SQLite says why
    if (header->empty) not_ours(path, tr("the file is empty"));
    if (!header->sqlite) not_ours(path, tr("the file is not an SQLite database"));
    const auto wal = file_size(path + "-wal");
    if (header->user_version == 0 && (!wal || *wal == 0))
        not_ours(path, tr("it is an SQLite database of another program"));
}

bool readonly_or_cantopen(const SQLite::Exception& e) {
    return e.getErrorCode() == SQLITE_CANTOPEN || e.getErrorCode() == SQLITE_READONLY;
}

// Removes `path` and the files SQLite keeps beside it, if they exist.
void remove_database_files(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) ::unlink((path + suffix).c_str());
}

std::atomic<unsigned> g_copies{0};

// A reading command opens the file read-only (SQLITE_OPEN_READONLY, never
// created) and never writes it: no migration, no journal_mode switch, no
// PRAGMA that writes. A WAL database read-only still needs its -shm (the
// wal-index) and, from SQLite 3.22, SQLite creates the -shm and an empty -wal
// when the directory allows it, or uses existing ones read-only
// (https://sqlite.org/wal.html, "Read-Only Databases"). When neither is
// possible (a read-only directory or mount with no -shm beside the file) the
// first read fails with SQLITE_CANTOPEN. Then, and only when no -wal file
// with content exists (nothing committed outside the database file), the file
// is opened again with `immutable=1`: SQLite reads it without locks or -shm.
// Nobody can be writing it at that moment (a writer keeps the -wal in
// existence while it is connected); if a writer who may write the directory
// starts during the read, the read may fail as corrupt (74) but changes
// nothing. A -wal with content and no way to make a -shm is refused (74):
// immutable would silently read the database without its last changes.
std::unique_ptr<SqliteEngine> open_for_reading(const std::string& path,
                                               std::chrono::milliseconds busy_timeout) {
    check_header(path);
    const int timeout = static_cast<int>(busy_timeout.count());
    const std::string uri = SqliteEngine::file_uri(path);
    std::string read_uri = uri + "?mode=ro";
    std::optional<SQLite::Database> db;
    int version = 0;
    bool ours = false;
    const auto inspect = [&] {
        db.emplace(read_uri, SQLite::OPEN_READONLY | SQLite::OPEN_URI | k_no_mutex, timeout);
        version = user_version(*db);
        ours = version > 0 && has_complaint_table(*db);
    };
    try {
        try {
            inspect();
        } catch (const SQLite::Exception& e) {
            clear_unwound_frames();
            const auto wal = file_size(path + "-wal");
            const bool directory_writable = ::access(directory_of(path).c_str(), W_OK) == 0;
            if (!readonly_or_cantopen(e) || directory_writable) throw;
            if (wal && *wal > 0)
                throw Error(ExitCode::io,
                            trf("cannot read the database '{}': its -wal file holds "
                                "changes, and this user may not create the -shm file "
                                "needed to read them in '{}'",
                                path, directory_of(path)),
                            {tr("run 'complaints init' once as a user who may write that "
                                "directory (it folds the -wal into the database), then read "
                                "again")});
            db.reset();
            read_uri = uri + "?mode=ro&immutable=1";
            inspect();
        }
    } catch (const SQLite::Exception& e) {
        clear_unwound_frames();
        fail(e, path);
    }
    if (version > k_schema_version) newer(path, version);
    if (!ours)
        not_ours(path, tr("it has no complaint table: an SQLite database of another program"));
    if (version == k_schema_version) {
        // Settings of this connection only, as a writer's: nothing is written.
        try {
            db->exec("PRAGMA synchronous = FULL");
            db->exec("PRAGMA foreign_keys = ON");
        } catch (const SQLite::Exception& e) {
            clear_unwound_frames();
            fail(e, path);
        }
        return std::make_unique<SqliteEngine>(path, std::move(*db), busy_timeout, read_uri, true);
    }
    // An older schema: migrations write, so the reading command reads a
    // migrated copy in memory (SPEC §7 and §12). The copy is a shared-cache
    // in-memory database with a name of its own, so that `query` can open a
    // second connection to it through `read_uri`.
    const std::string copy_uri =
        fmt::format("file:complaints-copy-{}-{}?mode=memory&cache=shared", ::getpid(), ++g_copies);
    try {
        SQLite::Database copy(
            copy_uri, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_URI | k_no_mutex,
            timeout);
        sqlite3_backup* backup =
            sqlite3_backup_init(copy.getHandle(), "main", db->getHandle(), "main");
        if (!backup) throw SQLite::Exception(copy.getHandle(), sqlite3_errcode(copy.getHandle()));
        const int stepped = sqlite3_backup_step(backup, -1);
        const int finished = sqlite3_backup_finish(backup);
        if (stepped != SQLITE_DONE) throw SQLite::Exception(sqlite3_errstr(stepped), stepped);
        if (finished != SQLITE_OK) throw SQLite::Exception(copy.getHandle(), finished);
        db.reset();
        auto connection =
            std::make_unique<SqliteEngine>(path, std::move(copy), busy_timeout, copy_uri, true);
        migrate(*connection);
        connection->db.exec("PRAGMA synchronous = FULL");
        connection->db.exec("PRAGMA foreign_keys = ON");
        connection->migrated_from = version;
        return connection;
    } catch (const SQLite::Exception& e) {
        clear_unwound_frames();
        fail(e, path);
    }
}

// Creates the database at `path` whole or not at all: the schema is made in a
// new file beside it (mode 0600 whatever the umask), checkpointed into that
// file, and only then linked to `path`, which never replaces a file. A
// failure (a full disk, a file size limit) removes the new file, so no empty
// or half-made database is left behind; a concurrent creator that linked
// first wins and this run opens its database. Returns true when this run
// created `path`.
bool create(const std::string& path, std::chrono::milliseconds busy_timeout) {
    // A -wal with content beside a missing database is what remains of one
    // removed without it (they stay between commands: no checkpoint on
    // close). SQLite would replay its pages into the new file. Seen before
    // the database is found missing, it cannot be a concurrent creator's:
    // that one's -wal appears only after its database got its name.
    if (const auto wal = file_size(path + "-wal"); wal && *wal > 0) {
        struct stat info {};
        if (::lstat(path.c_str(), &info) != 0 && errno == ENOENT)
            throw Error(ExitCode::cannot_create,
                        trf("cannot create the database '{}': '{}-wal' is left from a "
                            "database of that name that was removed without it",
                            path, path),
                        {tr("put that database back, or, if it is gone for good, move its -wal "
                            "and -shm files away")});
    }
    std::string temp = path + ".new-XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0)
        throw Error(ExitCode::cannot_create,
                    trf("cannot create the database '{}': {}", path, std::strerror(errno)),
                    {tr("check that the directory exists and is writable")});
    // SQLite gives the -wal and -shm files the database's mode.
    const bool moded = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
    ::close(fd);
    try {
        if (!moded)
            throw Error(ExitCode::cannot_create,
                        trf("cannot create the database '{}': {}", path, std::strerror(errno)));
        {
            SqliteEngine connection(temp,
                                    SQLite::Database(SqliteEngine::file_uri(temp),
                                                     SQLite::OPEN_READWRITE | SQLite::OPEN_URI,
                                                     static_cast<int>(busy_timeout.count())),
                                    busy_timeout, "", false);
            // Nobody sees the file before it gets its name, and it gets it
            // only after the one fsync below: the steps need no sync of their
            // own (there were a dozen).
            connection.db.exec("PRAGMA synchronous = OFF");
            migrate(connection);
            // Everything into the file itself before it gets its name; the
            // close then removes the empty -wal and the -shm.
            SQLite::Statement checkpoint(connection.db, "PRAGMA wal_checkpoint(TRUNCATE)");
            if (!checkpoint.executeStep() || checkpoint.getColumn(0).getInt() != 0)
                throw Error(ExitCode::cannot_create,
                            trf("cannot create the database '{}': the new file could not be "
                                "checkpointed",
                                path));
        }
        const int made = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
        const bool synced = made >= 0 && ::fsync(made) == 0;
        const int sync_error = errno;
        if (made >= 0) ::close(made);
        if (!synced)
            throw Error(ExitCode::cannot_create, trf("cannot create the database '{}': {}", path,
                                                     std::strerror(sync_error)));
        bool linked = ::link(temp.c_str(), path.c_str()) == 0;
        if (!linked && errno != EEXIST)
            throw Error(ExitCode::cannot_create,
                        trf("cannot create the database '{}': {}", path, std::strerror(errno)),
                        {tr("check that the directory is writable")});
        remove_database_files(temp);
        if (linked) {
            // The new name must survive a crash as the file's content does.
            const int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dir >= 0) {
                ::fsync(dir);
                ::close(dir);
            }
        }
        return linked;
    } catch (const SQLite::Exception& e) {
        clear_unwound_frames();
        remove_database_files(temp);
        if (e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED) fail(e, path);
        throw Error(ExitCode::cannot_create,
                    trf("cannot create the database '{}': {}", path, e.what()),
                    {tr("check that the directory is writable and the disk has room")});
    } catch (...) {
        remove_database_files(temp);
        throw;
    }
}

// One durable commit is one fdatasync of the -wal (synchronous=FULL), and a
// command that changes something makes no other as a rule (SPEC §13). By
// default the last connection to close checkpoints the WAL into the database
// file (three more syncs) and deletes the -wal: every command would pay for
// it. Instead the -wal and -shm stay beside the database between commands.
//
// SQLite's own automatic checkpoint does not keep such a -wal small: a
// process that opens the database alone rebuilds the wal-index from the -wal
// (reading all of it), and the rebuilt index counts nothing as copied into
// the database yet, so the -wal is never started again from its beginning;
// it would grow for ever, and each commit past 1000 pages would copy all of
// it again. So the commit that takes the -wal past `k_checkpoint_pages`
// checkpoints it and truncates it to nothing (TRUNCATE), without waiting for
// readers (busy timeout 0 for that call): with readers still in it, the
// pages no reader needs are copied, and a later commit tries again.
constexpr int k_checkpoint_pages = 1000;

int checkpoint_when_large(void* busy_timeout_ms, sqlite3* db, const char* name, int pages) {
    if (pages < k_checkpoint_pages) return SQLITE_OK;
    sqlite3_busy_timeout(db, 0);
    if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr) ==
        SQLITE_BUSY)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    sqlite3_busy_timeout(db, static_cast<int>(reinterpret_cast<std::intptr_t>(busy_timeout_ms)));
    return SQLITE_OK;  // the commit stands whatever the checkpoint did
}

void without_checkpoint_on_close(SQLite::Database& db, std::chrono::milliseconds busy_timeout) {
    sqlite3_db_config(db.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_wal_hook(
        db.getHandle(), checkpoint_when_large,
        reinterpret_cast<void*>(static_cast<std::intptr_t>(busy_timeout.count())));  // NOLINT
}

// A changing command opens the file read-write (never creating it here:
// `create` did), refuses another program's SQLite file, and migrates an older
// schema forward.
std::unique_ptr<SqliteEngine> open_for_writing(const std::string& path,
                                               std::chrono::milliseconds busy_timeout) {
    const std::string uri = SqliteEngine::file_uri(path);
    try {
        SQLite::Database db(uri, SQLite::OPEN_READWRITE | SQLite::OPEN_URI | k_no_mutex,
                            static_cast<int>(busy_timeout.count()));
        // A file of another program is left alone. An empty one (no schema
        // at all) becomes a database, as SQLite makes one of an empty file.
        // (A file at this build's version is this tool's: migrate leaves it
        // alone, and the check costs a statement on every change.)
        const int version = user_version(db);
        if (version > k_schema_version) newer(path, version);
        if (version != k_schema_version && has_any_schema(db) && !has_complaint_table(db))
            not_ours(path, tr("it has no complaint table: an SQLite database of another program"));
        db.exec("PRAGMA synchronous = FULL");
        without_checkpoint_on_close(db, busy_timeout);
        auto connection =
            std::make_unique<SqliteEngine>(path, std::move(db), busy_timeout, uri, false);
        migrate(*connection);
        connection->db.exec("PRAGMA foreign_keys = ON");
        return connection;
    } catch (const SQLite::Exception& e) {
        clear_unwound_frames();
        fail(e, path);
    }
}

}  // namespace

std::unique_ptr<SqliteEngine> SqliteEngine::open(
    const std::string& path, Access access, std::chrono::milliseconds busy_timeout,
    const std::function<void(const std::string&)>& notice) {
    struct stat info {};
    bool exists = ::stat(path.c_str(), &info) == 0;
    if (!exists && access == Access::read)
        throw Error(ExitCode::no_input, trf("no database at '{}'", path),
                    {tr("give the right one with --db or COMPLAINTS_DB, or create it with "
                        "'complaints init' or by registering a complaint")});
    if (access == Access::read) {
        auto engine = open_for_reading(path, busy_timeout);
        engine->notice = notice;
        return engine;
    }
    const bool created = !exists && create(path, busy_timeout);
    auto engine = open_for_writing(path, busy_timeout);
    engine->was_created = created;
    return engine;
}

void SqliteEngine::closing() {
    // Said at the end, and only when the command did not change anything:
    // a command that read first and then changed has upgraded the file.
    if (migrated_from && notice)
        notice(
            trf("database '{}' has schema version {}; read through a migrated copy in memory "
                "(any changing command upgrades the file)",
                path, *migrated_from));
}

void SqliteEngine::write(const std::function<void()>& work,
                         const std::function<void()>& reopening) {
    // A command that read first (Access::read) and now changes: the file is
    // opened again for writing, and an older schema migrated for real.
    if (read_only) {
        auto writable = open_for_writing(path, busy_timeout);
        // The stores hold on to the Connection itself: only its handle changes.
        reopening();
        db = std::move(writable->db);
        read_uri = std::move(writable->read_uri);
        read_only = false;
        migrated_from.reset();
    }
    try {
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        work();
        transaction.commit();
    } catch (const SQLite::Exception& e) {
        clear_unwound_frames();
        storage::fail(e, path);
    }
}

void SqliteEngine::read_snapshot(const std::function<void()>& work) {
    try {
        SQLite::Transaction snapshot(db, SQLite::TransactionBehavior::DEFERRED);
        work();
    } catch (const SQLite::Exception& e) {
        clear_unwound_frames();
        storage::fail(e, path);
    }
}

bool SqliteEngine::checkpoint() {
    const auto s = m_session.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    return s->step() && s->column(0).integer() == 0;
}

std::string SqliteEngine::setting(const std::string& name) {
    const auto s = m_session.prepare("PRAGMA " + name);
    s->step();
    return s->column(0).text();
}

void SqliteEngine::erase_securely() {
    // Freed pages are overwritten with zeros, so the erased values do not
    // linger in the file.
    m_session.execute("PRAGMA secure_delete = ON");
}

}  // namespace complaints::storage
