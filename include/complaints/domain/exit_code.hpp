#pragma once

namespace complaints {

// The exit statuses of `complaints`, as documented in the manual (SPEC §6).
// They follow sysexits.h so that shell scripts and cron can tell failures apart.
enum class ExitCode : int {
    ok = 0,
    rows_found = 1,      // `--exit-code` was given and rows were printed
    usage = 64,          // unknown option, missing option, malformed value
    data = 65,           // unknown name, status does not allow it, out of range
    no_input = 66,       // no such complaint, missing input file, no database
    unavailable = 69,    // a program we hand work to failed
    internal = 70,       // a bug
    out_of_memory = 71,  // EX_OSERR: memory ran out (SPEC §12)
    cannot_create = 73,  // the database cannot be created
    io = 74,             // I/O error, corrupt or newer database
    temp_fail = 75,      // database locked past the busy timeout
    no_permission = 77,  // the acting person is not allowed to do this
    config = 78,         // the policy file is invalid
};

}  // namespace complaints
