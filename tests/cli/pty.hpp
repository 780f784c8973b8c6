// Runs the binary with its standard output on a pseudo-terminal (or on a
// pipe), for what the tool does differently on a terminal (SPEC §8): cutting
// text tables to the terminal's width and colour.
#pragma once

#include "harness.hpp"

#include <string>
#include <vector>

namespace cli_test {

// Where the child's standard output goes.
enum class Stdout {
    terminal,  // the slave of a new pseudo-terminal (standard input and error: files)
    pipe,      // a pipe, while standard input and standard error are the terminal's slave
};

struct TerminalSize {
    unsigned short columns = 80;
    unsigned short rows = 24;
};

// Runs the binary with `args` in `fixture`'s directory and with the same
// hermetic environment as `Fixture::run` (changed by `env`), standard output
// going to `where`. The terminal is raw (no "\n" to "\r\n" translation) and
// has the window size `size`. `Result::out` holds exactly the bytes written
// to standard output; `Result::err` standard error (empty with Stdout::pipe,
// whose standard error is the terminal).
Result run_on_terminal(const Fixture& fixture, const std::vector<std::string>& args,
                       const EnvChanges& env = {}, TerminalSize size = {},
                       Stdout where = Stdout::terminal);

}  // namespace cli_test
