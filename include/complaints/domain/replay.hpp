#pragma once
// TEMPORARY placeholder until helper h6's replay lands (replaced on merge).
#include <complaints/domain/complaint.hpp>
#include <complaints/domain/event.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace complaints::domain {

struct ReplayMismatch {
    std::int64_t seq = 0;
    EventType type = EventType::registration;
    std::string field, stored, replayed;
};

std::vector<ReplayMismatch> check_replay(const Complaint& stored, const std::vector<Event>& events);

}  // namespace complaints::domain
