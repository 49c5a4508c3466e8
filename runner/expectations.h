/**
 * \file
 * \brief Expectation evaluation: a loaded Scenario's `expect:` entries against the events and
 *        state snapshots of a run. Pure functions, no ns-3.
 *
 * State checks need values at given simulated times. The runner calls CollectStateProbes()
 * before the run, schedules one snapshot per probe (at, node, path), stores the values (e.g.
 * in a MapStateQuery) and passes that StateQuery to EvaluateExpectations() afterwards.
 */
#ifndef L2TPLAB_RUNNER_EXPECTATIONS_H
#define L2TPLAB_RUNNER_EXPECTATIONS_H

#include "runner/scenario.h"

#include "model/common/events.h"
#include "model/common/text.h" // GlobMatch: path-style globs of event matchers
#include "model/common/time.h"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

/** \brief Verdict of one expectation. */
struct ExpectationResult
{
    std::string id;       //!< Expectation::id
    bool pass{false};     //!< verdict
    std::string kind;     //!< "event", "state" or "never"
    std::string expected; //!< human readable: "count >=1 of events node=lac obj=... within 0s~5s"
    std::string actual;   //!< human readable, e.g. "0 matching events"
    std::vector<std::string> refs; //!< Expectation::refs
    SourceLocation where;          //!< the expectation in the scenario file
    /**
     * \brief Indices (into the events vector given to EvaluateExpectations) of the matching
     *        events (event: all matches inside the window; never: the offending ones). At
     *        most 100 are kept.
     */
    std::vector<size_t> matches;
    /** \brief One line per state check ("PASS lns l2tp/tunnels/established at 20s: 200 eq 200"). */
    std::vector<std::string> details;
};

/** \brief One value the runner must snapshot during the simulation. */
struct StateProbe
{
    TimeNs at{0};     //!< when
    std::string node; //!< concrete node
    std::string path; //!< state path

    /** \brief Order by time, then node, then path. */
    bool
    operator<(const StateProbe& o) const
    {
        return std::tie(at, node, path) < std::tie(o.at, o.node, o.path);
    }
    /** \brief Equality. */
    bool
    operator==(const StateProbe& o) const
    {
        return at == o.at && node == o.node && path == o.path;
    }
};

/** \brief Read access to state snapshots. */
class StateQuery
{
public:
    virtual ~StateQuery() = default;
    /**
     * \brief The value of `path` on `node` at time `at`.
     * \return false if no value is known (path unknown, not sampled, ...)
     */
    virtual bool Query(TimeNs at,
                       const std::string& node,
                       const std::string& path,
                       std::string& value) const = 0;
};

/** \brief A StateQuery backed by a map (runner snapshots, tests). */
class MapStateQuery : public StateQuery
{
public:
    /** \brief Record a value. */
    void
    Set(TimeNs at, const std::string& node, const std::string& path, const std::string& value)
    {
        m_values[std::make_tuple(at, node, path)] = value;
    }

    bool
    Query(TimeNs at,
          const std::string& node,
          const std::string& path,
          std::string& value) const override
    {
        auto it = m_values.find(std::make_tuple(at, node, path));
        if (it == m_values.end())
        {
            return false;
        }
        value = it->second;
        return true;
    }

private:
    std::map<std::tuple<TimeNs, std::string, std::string>, std::string> m_values; //!< snapshots
};

/** \brief Every (at, node, path) any state check needs: sorted, without duplicates. */
std::vector<StateProbe> CollectStateProbes(const Scenario& scenario);

/**
 * \brief Evaluate every expectation of the scenario, in declaration order.
 * \param scenario loaded scenario (for expectations and counted-node base names)
 * \param events every event of the run, in emission order
 * \param q state snapshots
 * \return one result per expectation
 */
std::vector<ExpectationResult> EvaluateExpectations(const Scenario& scenario,
                                                    const EventList& events,
                                                    const StateQuery& q);

/**
 * \brief Warnings (not errors) for `event:`/`never:` expectations whose `ev` glob matches no
 * declared event kind (runner/observables.h): the file is legal, but `ev: establshed` would count
 * nothing (an `event` expectation then always fails, a `never` always passes). Each line is
 * "file:line:col: warning: ...", with a did-you-mean when a declared kind is close.
 * \param kinds the declared kinds (DeclaredEventKinds(); a parameter so tests can pass their own)
 */
std::vector<std::string> UnknownEventKindWarnings(const Scenario& scenario,
                                                  const std::vector<std::string>& kinds);

/** \brief UnknownEventKindWarnings() against every layer's declared kinds. */
std::vector<std::string> UnknownEventKindWarnings(const Scenario& scenario);

/**
 * \brief Does `e` match `m`? A node pattern also matches against the node's base name
 *        (`baseOf`: concrete -> base; may be empty).
 */
bool EventMatches(const EventMatch& m,
                  const LabEvent& e,
                  const std::map<std::string, std::string>& baseOf);

/**
 * \brief Compare `actual` with a check's right-hand side (numbers, then IPv4, then strings).
 * \return true if the check holds
 */
bool CompareStateValue(const StateCheck& check, const std::string& actual);

} // namespace ns3

#endif
