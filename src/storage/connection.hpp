#pragma once

#include <complaints/domain/error.hpp>
#include <complaints/domain/names.hpp>
#include <complaints/domain/time.hpp>
#include <complaints/storage/database.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fmt/format.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace complaints::storage {

// The tool's own read-write connection, shared by the stores of each concept.
struct Connection {
    std::string path;
    bool created = false;
    std::chrono::milliseconds busy_timeout;
    SQLite::Database db;

    Connection(const std::string& p, int flags, bool was_created, std::chrono::milliseconds timeout)
        : path(p),
          created(was_created),
          busy_timeout(timeout),
          db(p, flags, static_cast<int>(timeout.count())) {}
};

// Turns SQLite's failures into the exit codes of SPEC §6.
[[noreturn]] void fail(const SQLite::Exception& e, const std::string& path);

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

// Runs `work` and maps any SQLite failure to its exit code: the one place
// where storage catches SQLite's exceptions.
template <typename Work>
auto guarded(const Connection& connection, Work&& work) -> decltype(work()) {
    try {
        return std::forward<Work>(work)();
    } catch (const SQLite::Exception& e) {
        clear_unwound_frames();
        fail(e, connection.path);
    }
}

// A stored value this build does not understand: corrupt, or written by a
// newer version (exit 74, never a silent default).
[[noreturn]] void corrupt(std::string_view what, std::string_view value);

std::optional<std::string> text_or_null(const SQLite::Column& column);
std::optional<domain::Instant> instant_or_null(const SQLite::Column& column);
domain::Instant instant(const SQLite::Column& column);

// The enum value named by `column`; exit 74 when it names none.
template <typename Enum>
Enum stored_name(const SQLite::Column& column, std::string_view what) {
    const std::string text = column.getString();
    if (const auto value = domain::parse_name<Enum>(text)) return *value;
    corrupt(what, text);
}

template <typename T>
void bind_optional(SQLite::Statement& s, const char* name, const std::optional<T>& value) {
    if (value)
        s.bind(name, *value);
    else
        s.bind(name);
}

void bind_instant(SQLite::Statement& s, const char* name, const std::optional<domain::Instant>& t);

}  // namespace complaints::storage
