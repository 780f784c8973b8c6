#pragma once

#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>
#include <complaints/domain/lifecycle.hpp>
#include <complaints/domain/policy.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace complaints::domain {

// `attach`: the files of one call, as read by the command (name, size, media
// type, SHA-256), and the note.
struct AttachRequest {
    std::vector<EvidenceItem> files;
    std::optional<std::string> note;
};

// The checks of the files of one `attach` that need only their names and
// sizes, so that the command can make them before reading any content: each
// name usable (not empty, `.` or `..`, no control characters), no name twice
// in the call, and no file above `[evidence] max_file`. Throws `Error`
// (data, 65) naming the first file that fails.
void check_attach_files(std::span<const EvidenceItem> files, const Policy& policy);

// `attach`: records the files of `request` on `c`, in every status (final
// ones too). Checks the actor, the files (`check_attach_files`), that `c`
// has no evidence of the same name yet (`existing`: the names it has), and
// the time (not before the latest recorded step, not in the future). Moves
// `last_event_at`; the status and milestones do not change.
Event attach(Complaint& c, const AttachRequest& request, std::span<const std::string> existing,
             const Policy& policy, const Stamp& stamp);

// A size in bytes as people read it: `812 bytes`, `64.0 KB`, `5.2 MB`,
// `1.5 GB` (units of 1024).
std::string format_size(std::int64_t bytes);

}  // namespace complaints::domain
