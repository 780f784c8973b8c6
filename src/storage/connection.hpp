#pragma once

#include <complaints/domain/error.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>
#include <complaints/domain/translate.hpp>
#include <complaints/storage/database.hpp>

#include "engine.hpp"
#include "statement_cache.hpp"

#include <fmt/format.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace complaints::storage {

// The tool's connection to its database, whichever the engine, shared by
// the stores of each concept.
struct Connection {
    explicit Connection(std::unique_ptr<Engine> e) : engine(std::move(e)) {}

    std::unique_ptr<Engine> engine;
    // Statements run once per row, prepared once (after `engine`: finalized
    // before its connection closes).
    StatementCache statements;
    // The last event of the hash chain (seq, hash) as this write transaction
    // left it: read once, then kept by insert_event, since writers take turns
    // and no other can add one meanwhile. Forgotten when a write begins or ends.
    std::optional<ChainHead> chain_tip;

    [[nodiscard]] sql::Session& session() const { return engine->session(); }
    // The database for messages.
    [[nodiscard]] const std::string& name() const { return engine->name(); }
    // The cached statement for `sql`, reset when the lease ends.
    StatementCache::Lease cached(std::string_view sql) { return statements.get(session(), sql); }
    // A statement of its own for `sql` (run once, or stepped while a cached
    // one of the same text is in use).
    [[nodiscard]] std::unique_ptr<sql::Statement> prepare(std::string_view sql) const {
        return session().prepare(sql);
    }
};

// SQLiteCpp is not built with AddressSanitizer, so an exception it throws
// unwinds our instrumented frames without clearing their stack redzones, and
// ASan's own clean-up at the next throw then trips over them ("CHECK failed:
// asan_thread.cpp:371"). Clears the stack below the caller's frame; nothing
// in a build without ASan.
inline void clear_unwound_frames() {
#if defined(__SANITIZE_ADDRESS__)
    char here = 0;
    constexpr std::uintptr_t k_span = 256 * 1024;
    const auto top = reinterpret_cast<std::uintptr_t>(&here);
    __asan_unpoison_memory_region(reinterpret_cast<void*>(top - k_span), k_span);
#endif
}

// Runs `work` and maps any failure of the engine to its exit code: the one
// place where the stores catch the engine's failures.
template <typename Work>
auto guarded(const Connection& connection, Work&& work) -> decltype(work()) {
    try {
        return std::forward<Work>(work)();
    } catch (const sql::Failure& e) {
        clear_unwound_frames();
        connection.engine->fail(e);
    }
}

// A stored value this build does not understand: corrupt, or written by a
// newer version (exit 74, never a silent default). `what` is a literal marked
// with N_ (translated in the message).
[[noreturn]] void corrupt(std::string_view what, std::string_view value);

std::optional<std::string> text_or_null(const sql::Value& column);
std::optional<domain::Instant> instant_or_null(const sql::Value& column);
domain::Instant instant(const sql::Value& column);

// The enum value named by `column`; exit 74 when it names none.
template <typename Enum>
Enum stored_name(const sql::Value& column, std::string_view what) {
    const std::string_view text = column.view();
    if (const auto value = domain::parse_name<Enum>(text)) return *value;
    corrupt(what, text);
}

template <typename T>
void bind_optional(sql::Statement& s, int index, const std::optional<T>& value) {
    if (value)
        s.bind(index, *value);
    else
        s.bind_null(index);
}

template <typename T>
void bind_optional(sql::Statement& s, const char* name, const std::optional<T>& value) {
    if (value)
        s.bind(name, *value);
    else
        s.bind(name);
}

void bind_instant(sql::Statement& s, const char* name, const std::optional<domain::Instant>& t);
void bind_instant(sql::Statement& s, int index, const std::optional<domain::Instant>& t);

}  // namespace complaints::storage
