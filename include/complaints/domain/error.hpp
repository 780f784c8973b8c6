#pragma once

#include <complaints/domain/exit_code.hpp>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace complaints {

// The one error type of the project. It carries the exit status and the
// message the user sees (lower-case headline, offending value quoted), plus
// optional hint lines. Refused business actions and environment failures
// alike are thrown as `Error`; only `cli::run` catches it.
class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message, std::vector<std::string> hints = {})
        : std::runtime_error(message), m_code(code), m_hints(std::move(hints)) {}

    [[nodiscard]] ExitCode code() const noexcept { return m_code; }
    [[nodiscard]] const std::vector<std::string>& hints() const noexcept { return m_hints; }

private:
    ExitCode m_code;
    std::vector<std::string> m_hints;
};

}  // namespace complaints
