#include "connection.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace complaints::postgres::detail {

using storage::sql::Failure;
using storage::sql::FailureKind;

namespace {

// SPEC §14's exit codes follow the SQLSTATE's class, with a few codes of
// their own.
FailureKind kind_of(std::string_view state) {
    const auto in = [&state](std::initializer_list<std::string_view> codes) {
        for (const auto code : codes)
            if (state == code) return true;
        return false;
    };
    const auto class_ = state.substr(0, 2);
    if (in({"40001", "40P01"})) return FailureKind::serialization;
    if (state == "55P03") return FailureKind::busy;
    if (state == "57014") return FailureKind::timeout;
    if (state == "25006") return FailureKind::read_only;
    if (class_ == "42") return FailureKind::syntax;
    if (class_ == "23") return FailureKind::constraint;
    if (class_ == "53") return FailureKind::no_memory;
    if (class_ == "08" || class_ == "28" || in({"3D000", "57P01", "57P02", "57P03"}))
        return FailureKind::unreachable;
    if (in({"XX001", "XX002"})) return FailureKind::corrupt;
    return FailureKind::other;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool is_error(const PGresult* result) {
    switch (PQresultStatus(result)) {
        case PGRES_COMMAND_OK:
        case PGRES_TUPLES_OK:
        case PGRES_EMPTY_QUERY:
        case PGRES_PIPELINE_SYNC:
            return false;
        default:
            return true;
    }
}

}  // namespace

std::string one_line(std::string_view message) {
    // libpq indents the lines that explain the one before ("\tIs the server
    // running ...?"); a message of several attempts has one line each.
    std::string out;
    while (!message.empty()) {
        const auto end = std::min(message.find('\n'), message.size());
        const auto line = message.substr(0, end);
        message.remove_prefix(std::min(end + 1, message.size()));
        if (line.empty() || std::isspace(static_cast<unsigned char>(line.front()))) continue;
        if (!out.empty()) out += "; ";
        out += trim(line);
    }
    return out;
}

Failure failure_of(PGconn* connection, const PGresult* result) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message;
    if (primary) {
        message = primary;
        for (auto& c : message)
            if (c == '\n' || c == '\r') c = ' ';
        message = trim(message);
    } else if (result && *PQresultErrorMessage(result)) {
        message = one_line(PQresultErrorMessage(result));
    } else if (connection) {
        message = one_line(PQerrorMessage(connection));
    }
    if (message.empty()) message = "the server gave no reason";
    const bool lost = !connection || PQstatus(connection) == CONNECTION_BAD;
    // libpq's own allocation failures ("out of memory for query result",
    // "cannot allocate memory for input buffer") come without a SQLSTATE,
    // and the latter drops the connection: they are memory, not the server.
    const bool memory =
        (!state || !*state) && (message.find("out of memory") != std::string::npos ||
                                message.find("cannot allocate memory") != std::string::npos);
    const auto kind = memory ? FailureKind::no_memory
                      : lost ? FailureKind::unreachable
                             : kind_of(state ? state : "");
    return Failure(kind, message, 0, state ? state : "");
}

void Connection::close() noexcept {
    if (m_connection) PQfinish(m_connection);
    m_connection = nullptr;
    transaction_ended();
}

void Connection::require_open() const {
    if (!m_connection) throw Failure(FailureKind::unreachable, "the session is closed");
    if (PQstatus(m_connection) != CONNECTION_OK)
        throw Failure(FailureKind::unreachable, "the connection to the server was lost: " +
                                                    one_line(PQerrorMessage(m_connection)));
}

bool Connection::in_explicit_transaction() const {
    if (!m_connection || m_implicit) return false;
    const auto s = status();
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

void Connection::defer(std::string sql, bool transaction_bound) {
    if (m_connection) m_deferred.emplace_back(std::move(sql), transaction_bound);
}

std::vector<Result> Connection::pipeline(std::span<const Command> commands,
                                         std::vector<Result>* done) {
    require_open();
    PGconn* c = m_connection;
    // In an aborted transaction every command but ROLLBACK fails: keep the
    // deferred ones (a DEALLOCATE must not be lost) for after it.
    std::vector<std::string> deferred;
    if (status() != PQTRANS_INERROR) {
        for (auto& d : m_deferred) deferred.push_back(std::move(d.first));
        m_deferred.clear();
    }
    const auto lost = [this, c] {
        auto failure = failure_of(c, nullptr);
        after_exchange();
        // Memory (libpq's own allocation) stays memory: exit 71, not 69.
        const auto kind = failure.kind() == FailureKind::no_memory ? FailureKind::no_memory
                                                                   : FailureKind::unreachable;
        return Failure(kind, failure.what(), 0, failure.state());
    };
    if (PQenterPipelineMode(c) != 1) throw lost();
    bool sent = true;
    for (const auto& sql : deferred)
        sent = sent && PQsendQueryParams(c, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0);
    // A part of their own: a deferred command that fails does not abort the commands.
    if (!deferred.empty()) sent = sent && PQpipelineSync(c);
    // The queued runs head the commands' part: one failing aborts the rest.
    // (In an aborted transaction they could only fail: they go.)
    auto queued = std::move(m_queued);
    m_queued.clear();
    if (status() == PQTRANS_INERROR) queued.clear();
    for (const auto& q : queued) {
        std::vector<const char*> values(q.values.size());
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = q.null[i] ? nullptr : q.values[i].c_str();
        sent = sent && PQsendQueryPrepared(c, q.name.c_str(), static_cast<int>(values.size()),
                                           values.data(), q.lengths.data(), q.formats.data(), 0);
    }
    for (const auto& command : commands) {
        const auto& p = command.parameters;
        const auto n = static_cast<int>(p.values.size());
        switch (command.kind) {
            case Command::Kind::prepare:
                sent = sent && PQsendPrepare(c, command.name, command.sql,
                                             static_cast<int>(p.types.size()), p.types.data());
                break;
            case Command::Kind::describe:
                sent = sent && PQsendDescribePrepared(c, command.name);
                break;
            case Command::Kind::run_prepared:
                sent = sent && PQsendQueryPrepared(c, command.name, n, p.values.data(),
                                                   p.lengths.data(), p.formats.data(), 0);
                break;
            case Command::Kind::run:
                sent = sent && PQsendQueryParams(c, command.sql, n, p.types.data(), p.values.data(),
                                                 p.lengths.data(), p.formats.data(), 0);
                break;
        }
    }
    sent = sent && PQpipelineSync(c);
    if (!sent) throw lost();

    // Each command's result is followed by a null; a sync point by none.
    const auto next = [this, c, &lost]() {
        Result result(PQgetResult(c));
        if (PQstatus(c) == CONNECTION_BAD) throw lost();
        if (result && PQresultStatus(result.get()) != PGRES_PIPELINE_SYNC)
            while (PGresult* extra = PQgetResult(c)) PQclear(extra);
        return result;
    };
    for (std::size_t i = 0; i < deferred.size(); ++i) next();
    if (!deferred.empty()) next();
    std::optional<Failure> first;
    for (std::size_t i = 0; i < queued.size(); ++i) {
        const auto result = next();
        if ((!result || is_error(result.get())) && !first && result &&
            PQresultStatus(result.get()) != PGRES_PIPELINE_ABORTED)
            first = failure_of(c, result.get());
    }
    std::vector<Result> results;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        auto result = next();
        if (!result || is_error(result.get())) {
            if (!first && result && PQresultStatus(result.get()) != PGRES_PIPELINE_ABORTED)
                first = failure_of(c, result.get());
        } else if (!first) {
            results.push_back(std::move(result));
        }
    }
    next();  // the sync point
    PQexitPipelineMode(c);
    after_exchange();
    if (first || results.size() < commands.size()) {
        if (done) *done = std::move(results);
        throw first ? *first : Failure(FailureKind::other, "the server skipped a command");
    }
    return results;
}

void Connection::queue(std::string_view name, const Parameters& parameters) {
    Queued q{std::string(name), {}, {}, {}, {}};
    const auto n = parameters.values.size();
    q.values.reserve(n);
    q.null.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const char* value = parameters.values[i];
        const auto length = static_cast<std::size_t>(parameters.lengths[i]);
        // Text goes as a C string, a binary value by its length.
        q.values.emplace_back(value
                                  ? std::string(value, parameters.formats[i] == 1
                                                           ? length
                                                           : std::char_traits<char>::length(value))
                                  : std::string());
        q.null.push_back(value == nullptr);
    }
    q.lengths.assign(parameters.lengths.begin(), parameters.lengths.end());
    q.formats.assign(parameters.formats.begin(), parameters.formats.end());
    m_queued.push_back(std::move(q));
    if (m_queued.size() >= k_max_queued) pipeline({});
}

void Connection::simple(std::string_view script) {
    if ((!m_deferred.empty() || !m_queued.empty()) && m_connection && status() != PQTRANS_INERROR)
        pipeline({});
    require_open();
    const Result result(PQexec(m_connection, std::string(script).c_str()));
    if (!result || is_error(result.get())) {
        auto failure = failure_of(m_connection, result.get());
        after_exchange();
        throw failure;
    }
    after_exchange();
}

void Connection::after_exchange() noexcept {
    if (!m_connection) return;
    const auto s = status();
    const bool open = s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
    if ((m_transaction_open || m_implicit) && !open) transaction_ended();
    m_transaction_open = open;
    // The store never sees the implicit transaction: when an error aborts
    // it, it goes at once (with the cursors still open in it).
    if (m_implicit && s == PQTRANS_INERROR) {
        PQclear(PQexec(m_connection, "ROLLBACK"));
        transaction_ended();
        m_transaction_open = false;
    }
}

void Connection::transaction_ended() {
    ++m_generation;
    m_queued.clear();
    m_implicit = false;
    m_cursors = 0;
    std::erase_if(m_deferred, [](const auto& d) { return d.second; });
}

void Connection::cursor_closed(std::string_view cursor, std::uint64_t generation, bool may_throw) {
    if (generation != m_generation || !m_connection) return;  // gone with its transaction
    --m_cursors;
    if (m_implicit && m_cursors == 0) {
        try {
            end_implicit_transaction();
        } catch (const Failure&) {
            if (may_throw) throw;
        }
    } else {
        defer("CLOSE " + std::string(cursor), true);
    }
}

void Connection::end_implicit_transaction() {
    const Command commit{Command::Kind::run, nullptr, "COMMIT", {}};
    pipeline({&commit, 1});
}

}  // namespace complaints::postgres::detail
