/**
 * \file
 * \brief Observability: typed events (every state change, with time) and drop/behaviour counters.
 *
 * Cores emit LabEvents through an EventSink; the runner writes them as events.jsonl lines
 * `{"t":<seconds>,"node":..,"obj":..,"ev":..,<fields>}` in emission order (deterministic).
 */
#ifndef L2TPLAB_COMMON_EVENTS_H
#define L2TPLAB_COMMON_EVENTS_H

#include "model/common/compact-store.h"
#include "model/common/time.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
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

/**
 * \brief Collects events in memory (tests, reports), compactly: a run of 100,000 sessions emits
 * over 4 million events. Every text (node, object, kind, field keys and values) is interned in
 * one StringPool — they repeat: an object such as "ppp/<l2tp-user>/lcp" has a dozen events, a
 * state change "REQ_SENT -RCA-> ACK_RCVD" happens in every session. An event costs 24 bytes plus
 * 8 per field, in blocks that never copy on growth (a LabEvent in a vector cost ~300); past 16
 * blocks of each (~2 MB of events), older blocks are written to an unnamed temporary file
 * (SpillVector), so memory stays flat however long the run. Events come back as LabEvents, one
 * at a time (At) or all (Events).
 */
class EventLog : public EventSink
{
public:
    void Emit(const LabEvent& e) override;
    /** \brief Number of events held. */
    size_t Size() const;
    /** \brief The i-th event (0-based, emission order). */
    LabEvent At(size_t i) const;
    /** \brief All events, materialized (tests and small runs; big runs use At). */
    std::vector<LabEvent> Events() const;
    void Clear();

private:
    /** \brief One event: texts as StringPool ids, fields as a range of m_fields. */
    struct Record
    {
        TimeNs time;
        uint32_t node;
        uint32_t object;
        uint32_t kind;
        uint32_t firstField;
    };

    /** \brief One field: key and value as StringPool ids. */
    struct Field
    {
        uint32_t key;
        uint32_t value;
    };

    SpillVector<Record> m_records; //!< beyond a few MB, on a temporary file
    SpillVector<Field> m_fields;   //!< likewise
    StringPool m_strings;
};

/** \brief Read access to events held either in a vector or in an EventLog. */
class EventList
{
public:
    EventList(const std::vector<LabEvent>& v)
        : m_vector(&v)
    {
    }

    EventList(const EventLog& log)
        : m_log(&log)
    {
    }

    size_t
    size() const
    {
        return m_vector ? m_vector->size() : m_log->Size();
    }

    LabEvent
    operator[](size_t i) const
    {
        return m_vector ? (*m_vector)[i] : m_log->At(i);
    }

private:
    const std::vector<LabEvent>* m_vector{nullptr};
    const EventLog* m_log{nullptr};
};

/**
 * \brief Named monotonically increasing counters (drops with reasons, retransmits, ...).
 *
 * Compact, because there is a set per tunnel, per session and per PPP protocol, and 100,000
 * sessions are a workload: names are interned once per process (CounterNameId), a set holds
 * (id, value) pairs, 16 bytes each — a std::map<std::string, uint64_t> cost ~90 bytes an entry.
 * All() gives them sorted by name, so output stays deterministic.
 */
class Counters
{
public:
    void Add(const std::string& name, uint64_t n = 1);
    uint64_t Get(const std::string& name) const;
    /** \brief Every counter, sorted by name. */
    std::map<std::string, uint64_t> All() const;
    void Merge(const Counters& o);

private:
    void AddId(uint32_t id, uint64_t n);
    std::vector<std::pair<uint32_t, uint64_t>> m_values; //!< (name id, value), by id
};

/** \brief The process-wide id of a counter name (interned on first use). */
uint32_t CounterNameId(const std::string& name);
/** \brief The name of an id from CounterNameId. */
const std::string& CounterName(uint32_t id);

/** \brief Render an event as one JSON line (no trailing newline). Time in seconds, 9 decimals. */
std::string EventToJson(const LabEvent& e);

/** \brief JSON string escaping (quotes included). */
std::string JsonQuote(const std::string& s);

} // namespace ns3

#endif
