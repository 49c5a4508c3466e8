/**
 * \file
 * \brief What a run lets you observe, declared as data: the event kinds a layer emits (events.jsonl
 * `ev`) and the counters it keeps (state paths, report.json `nodes.<node>.counters`).
 *
 * Each layer owns one ObservableTable (L2TP: model/l2tp/l2tp-observables.h; the runner's own
 * events: runner/observables.cc). The tables are constexpr rows so that any stage can read them
 * without linking the layer: the scenario loader warns about an expectation on a kind no layer
 * emits, docs/scenario-reference.md's event and counter tables are rendered from them (and a unit
 * test fails when the doc drifts), and tests prove that every kind a layer emits is declared.
 */
#ifndef L2TPLAB_COMMON_OBSERVABLES_H
#define L2TPLAB_COMMON_OBSERVABLES_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief Whether some code path emits a declared event kind today. */
enum class ObservableReach : uint8_t
{
    REACHABLE,         //!< emitted by the layer; a test shows it
    NOT_YET_REACHABLE, //!< declared (the code can emit it) but no input reaches it yet
};

/** \brief One event kind: `{"obj": object, "ev": kind, <fields>}` in events.jsonl. */
struct EventKindSpec
{
    const char* kind;      //!< `ev`, e.g. "established"
    const char* object;    //!< `obj` pattern, e.g. "l2tp/tunnel/<id>"; <x> stands for one segment
    const char* fields;    //!< field names in emission order, comma separated ("" = none)
    const char* when;      //!< what happened (one sentence, cites the RFC where it applies)
    ObservableReach reach; //!< see ObservableReach
};

/** \brief One counter (or a family of counters: `<x>` stands for any non-empty text). */
struct CounterSpec
{
    const char* name; //!< e.g. "tunnel/retransmit", "drop/decode/<error>"
    const char* when; //!< what it counts
};

/** \brief A layer's declared observables. */
struct ObservableTable
{
    const char* layer;           //!< "l2tp", "runner", later "ppp", "ipsec", ...
    const char* counterPrefix;   //!< state path prefix of its counters ("l2tp/counters/")
    const EventKindSpec* events; //!< rows
    size_t eventCount;           //!< number of rows
    const CounterSpec* counters; //!< rows
    size_t counterCount;         //!< number of rows
};

/** \brief Build a table from two arrays. */
template <size_t NE, size_t NC>
constexpr ObservableTable
MakeObservableTable(const char* layer,
                    const char* counterPrefix,
                    const EventKindSpec (&events)[NE],
                    const CounterSpec (&counters)[NC])
{
    return ObservableTable{layer, counterPrefix, events, NE, counters, NC};
}

/** \brief Build a table of a layer that keeps no counters. */
template <size_t NE>
constexpr ObservableTable
MakeObservableTable(const char* layer, const EventKindSpec (&events)[NE])
{
    return ObservableTable{layer, "", events, NE, nullptr, 0};
}

/**
 * \brief Does a declared name/pattern match a concrete name? `<x>` matches one or more characters
 * (any, '/' included); everything else matches itself.
 */
bool ObservablePatternMatches(const std::string& pattern, const std::string& name);

/** \brief The row declaring (kind, object), or nullptr. */
const EventKindSpec* FindEventKind(const std::vector<ObservableTable>& tables,
                                   const std::string& kind,
                                   const std::string& object);

/** \brief The row declaring a counter name (without the prefix), or nullptr. */
const CounterSpec* FindCounter(const ObservableTable& table, const std::string& name);

/** \brief Every declared event kind, sorted and unique. */
std::vector<std::string> DeclaredEventKinds(const std::vector<ObservableTable>& tables);

/** \brief The markdown event table (header, rows; trailing newline) for docs. */
std::string RenderEventTableMarkdown(const std::vector<ObservableTable>& tables);

/** \brief The markdown counter table (header, rows; trailing newline) for docs. */
std::string RenderCounterTableMarkdown(const std::vector<ObservableTable>& tables);

} // namespace ns3

#endif
