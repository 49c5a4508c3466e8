/**
 * \file
 * \brief The event sink the IKE unit tests share: keeps every event, counts and finds them by kind.
 */
#ifndef L2TPLAB_TESTS_IKE_TEST_SINK_H
#define L2TPLAB_TESTS_IKE_TEST_SINK_H

#include "model/common/events.h"

#include <string>
#include <vector>

namespace ns3
{

/** Counts events by kind and keeps them. */
struct IkeTestSink : EventSink
{
    std::vector<LabEvent> events;

    void
    Emit(const LabEvent& e) override
    {
        events.push_back(e);
    }

    size_t
    Count(const std::string& kind) const
    {
        size_t n = 0;
        for (const auto& e : events)
        {
            n += e.kind == kind ? 1 : 0;
        }
        return n;
    }

    size_t
    CountWith(const std::string& kind, const std::string& field, const std::string& value) const
    {
        size_t n = 0;
        for (const auto& e : events)
        {
            n += (e.kind == kind && e.Get(field) == value) ? 1 : 0;
        }
        return n;
    }

    const LabEvent*
    Find(const std::string& kind) const
    {
        for (const auto& e : events)
        {
            if (e.kind == kind)
            {
                return &e;
            }
        }
        return nullptr;
    }
};

} // namespace ns3

#endif
