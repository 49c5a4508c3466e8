/**
 * \file
 * \brief Observability: typed events (every state change, with time) and drop/behaviour counters.
 *
 * Cores emit LabEvents through an EventSink; the runner writes them as events.jsonl lines
 * `{"t":<seconds>,"node":..,"obj":..,"ev":..,<fields>}` in emission order (deterministic).
 */
#ifndef L2TPLAB_COMMON_EVENTS_H
#define L2TPLAB_COMMON_EVENTS_H

#include "model/common/time.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/** \brief One observable happening. */
struct LabEvent
{
    TimeNs time{0};     //!< when (sim time)
    std::string node;   //!< node name (filled by the adapter)
    std::string object; //!< e.g. "l2tp/tunnel/3", "l2tp/tunnel/3/session/7"
    std::string kind;   //!< e.g. "state", "drop", "retransmit", "give-up", "established"
    std::vector<std::pair<std::string, std::string>> fields; //!< ordered key/values

    /** \brief Value of a field, or "" if absent. */
    std::string
    Get(const std::string& key) const
    {
        for (const auto& kv : fields)
        {
            if (kv.first == key)
            {
                return kv.second;
            }
        }
        return "";
    }
};

/** \brief Receives events. */
class EventSink
{
public:
    virtual ~EventSink() = default;
    virtual void Emit(const LabEvent& e) = 0;
};

/** \brief Collects events in memory (tests, reports). */
class EventLog : public EventSink
{
public:
    void
    Emit(const LabEvent& e) override
    {
        m_events.push_back(e);
    }
    const std::vector<LabEvent>&
    Events() const
    {
        return m_events;
    }
    void
    Clear()
    {
        m_events.clear();
    }

private:
    std::vector<LabEvent> m_events; //!< in emission order
};

/** \brief Named monotonically increasing counters (drops with reasons, retransmits, ...). */
class Counters
{
public:
    void
    Add(const std::string& name, uint64_t n = 1)
    {
        m_values[name] += n;
    }
    uint64_t
    Get(const std::string& name) const
    {
        auto it = m_values.find(name);
        return it == m_values.end() ? 0 : it->second;
    }
    const std::map<std::string, uint64_t>&
    All() const
    {
        return m_values;
    }
    void
    Merge(const Counters& o)
    {
        for (const auto& kv : o.m_values)
        {
            m_values[kv.first] += kv.second;
        }
    }

private:
    std::map<std::string, uint64_t> m_values; //!< sorted, so output is deterministic
};

/** \brief Render an event as one JSON line (no trailing newline). Time in seconds, 9 decimals. */
std::string EventToJson(const LabEvent& e);

/** \brief JSON string escaping (quotes included). */
std::string JsonQuote(const std::string& s);

} // namespace ns3

#endif
