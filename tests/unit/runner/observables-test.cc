// Unit tests: declared observables (model/common/observables.h, runner/observables.h) — table
// invariants and docs/scenario-reference.md's generated event and counter tables stay in sync (the
// loader's warning on an undeclared event kind: expectations-test.cc).
#include "runner/observables.h"
#include "tests/unit/runner/doc-sync-support.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace ns3;

BOOST_AUTO_TEST_SUITE(runner_observables)

BOOST_AUTO_TEST_CASE(tables_well_formed)
{
    std::set<std::string> rows;
    std::set<std::string> counters;
    for (const ObservableTable& t : DeclaredObservables())
    {
        for (size_t i = 0; i < t.eventCount; ++i)
        {
            const EventKindSpec& e = t.events[i];
            BOOST_TEST_CONTEXT(t.layer << " " << e.object << " " << e.kind)
            {
                BOOST_TEST(rows.insert(std::string(e.object) + " " + e.kind).second); // unique
                BOOST_TEST(std::string(e.when).size() > 10u);
                BOOST_TEST(std::string(e.when).find('|') == std::string::npos);
                BOOST_TEST(std::string(e.when).find('<') == std::string::npos);
            }
        }
        for (size_t i = 0; i < t.counterCount; ++i)
        {
            BOOST_TEST(counters.insert(std::string(t.counterPrefix) + t.counters[i].name).second);
            BOOST_TEST(std::string(t.counters[i].when).find('|') == std::string::npos);
        }
    }
    // Issue 6: the hand-written table missed these; they are emitted, so they are declared.
    std::vector<std::string> kinds = DeclaredEventKinds(DeclaredObservables());
    for (const char* k : {"fsm-miss", "tie-breaker", "wen", "sli", "fault", "redial-scheduled"})
    {
        BOOST_TEST((std::find(kinds.begin(), kinds.end(), k) != kinds.end()), k);
    }
}

BOOST_AUTO_TEST_CASE(patterns)
{
    BOOST_TEST(ObservablePatternMatches("l2tp/tunnel/<id>", "l2tp/tunnel/7"));
    BOOST_TEST(!ObservablePatternMatches("l2tp/tunnel/<id>", "l2tp/tunnel/"));
    BOOST_TEST(ObservablePatternMatches("drop/decode/<error>", "drop/decode/AVP_OVERRUN"));
    BOOST_TEST(!ObservablePatternMatches("drop/unknown-tunnel", "drop/unknown-session"));
    const auto& all = DeclaredObservables();
    BOOST_TEST(FindEventKind(all, "state", "l2tp/tunnel/3/session/9") != nullptr);
    BOOST_TEST(FindEventKind(all, "wen", "l2tp/tunnel/3") == nullptr); // session-only kind
    BOOST_TEST(FindEventKind(all, "fault", "link/wan") != nullptr);
    BOOST_TEST(FindCounter(all.front(), "channel/hello-tx") != nullptr);
    BOOST_TEST(FindCounter(all.front(), "channel/hello-rx") == nullptr);
}

BOOST_AUTO_TEST_CASE(events_docs_in_sync)
{
    std::string md = RenderObservableEventsMarkdown();
    BOOST_TEST(md.find("| l2tp | `l2tp/tunnel/<id>/session/<id>` | `wen` |") != std::string::npos);
    CheckGeneratedDocBlock("EVENTS", md, "runner_observables/events_docs_in_sync");
}

BOOST_AUTO_TEST_CASE(counters_docs_in_sync)
{
    std::string md = RenderObservableCountersMarkdown();
    BOOST_TEST(md.find("`l2tp/counters/channel/retransmit`") != std::string::npos);
    CheckGeneratedDocBlock("COUNTERS", md, "runner_observables/counters_docs_in_sync");
}

BOOST_AUTO_TEST_SUITE_END()
