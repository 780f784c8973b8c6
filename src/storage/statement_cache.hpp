#pragma once

#include <complaints/storage/sql.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace complaints::storage {

// Statements prepared once per connection and kept, for the statements a
// command runs once per row: `import` stores hundreds of thousands of events,
// and preparing each INSERT again was 41 % of its instructions (SQLite's
// parser), more than the INSERTs themselves.
//
// `get` leases a statement: ready to bind, and on the lease's end reset (so
// no half-read SELECT keeps a read open) with its bindings cleared. A
// statement already leased (one use nested in another) is prepared afresh
// for the inner lease. Cleared before its connection's handle is replaced or
// closed (it is declared after the handle in `Connection`).
class StatementCache {
public:
    class Lease {
    public:
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease(Lease&& other) noexcept
            : m_statement(other.m_statement),
              m_own(std::move(other.m_own)),
              m_leased(other.m_leased) {
            other.m_statement = nullptr;
            other.m_leased = nullptr;
        }
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (!m_statement) return;
            try {
                m_statement->reset();
                m_statement->clear_bindings();
            } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
            }
            if (m_leased) *m_leased = false;
        }
        sql::Statement& operator*() const { return *m_statement; }
        sql::Statement* operator->() const { return m_statement; }

    private:
        friend class StatementCache;
        Lease(sql::Statement* statement, bool* leased) : m_statement(statement), m_leased(leased) {}
        explicit Lease(std::unique_ptr<sql::Statement> own)
            : m_statement(own.get()), m_own(std::move(own)) {}

        sql::Statement* m_statement;
        std::unique_ptr<sql::Statement> m_own;
        bool* m_leased = nullptr;
    };

    Lease get(sql::Session& session, std::string_view sql) {
        auto found = m_entries.find(sql);
        if (found == m_entries.end())
            found = m_entries.emplace(std::string(sql), Entry{session.prepare(sql), false}).first;
        Entry& entry = found->second;
        if (entry.leased) return Lease(session.prepare(sql));
        entry.leased = true;
        return {entry.statement.get(), &entry.leased};
    }

    // Finalizes every statement: before the handle they belong to goes.
    void clear() { m_entries.clear(); }

private:
    struct Entry {
        std::unique_ptr<sql::Statement> statement;
        bool leased;
    };
    std::map<std::string, Entry, std::less<>> m_entries;
};

}  // namespace complaints::storage
