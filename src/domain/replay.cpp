// TEMPORARY placeholder until helper h6's replay lands (replaced on merge).
#include <complaints/domain/replay.hpp>

namespace complaints::domain {

std::vector<ReplayMismatch> check_replay(const Complaint&, const std::vector<Event>&) {
    return {};
}

}  // namespace complaints::domain
