/**
 * \file
 * \brief The FSM engine (model/common/fsm.h) on a toy machine: declarations by X-macro, the state
 * changes before the action, actions receive their input, re-entrant inputs are queued with their
 * data, misses are reported and change nothing.
 */

#include "model/common/fsm-doc.h"
#include "model/common/fsm.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace ns3
{

#define TOY_STATES(X)      \
    X(OFF, "switched off") \
    X(ON, "switched on")   \
    X(BROKEN, "terminal")

#define TOY_EVENTS(X)                                      \
    X(PRESS, "button pressed")                             \
    X(KICK, "kicked: raises PRESS from inside the action") \
    X(SMASH, "no row in ON")

enum class ToyState
{
    TOY_STATES(L2TPLAB_FSM_ENUM_VALUE)
};
L2TPLAB_FSM_ENUM_INFO(ToyState, TOY_STATES)

enum class ToyEvent
{
    TOY_EVENTS(L2TPLAB_FSM_ENUM_VALUE)
};
L2TPLAB_FSM_ENUM_INFO(ToyEvent, TOY_EVENTS)

} // namespace ns3

using namespace ns3;

namespace
{

using ToyInput = FsmInput<ToyEvent, std::string>;

/** \brief What the actions saw. */
struct Toy
{
    using Machine = Fsm<Toy, ToyState, ToyEvent, ToyInput>;

    void
    Record(const ToyInput& in)
    {
        seen.push_back(std::string(FsmName(fsm->GetState())) + "@" + std::to_string(in.now) + ":" +
                       (in.msg ? *in.msg : "-"));
    }
    void
    Kick(const ToyInput& in)
    {
        Record(in);
        static const std::string kInner = "inner";
        fsm->Handle({ToyEvent::PRESS, in.now + 1, &kInner});
        seen.push_back("kick-done"); // the queued PRESS has not run yet
    }

    Machine* fsm{nullptr};
    std::vector<std::string> seen;
};

const Toy::Machine::Row kToyRows[] = {
    {ToyState::OFF, ToyEvent::PRESS, &Toy::Record, "Record", ToyState::ON, FsmRowKind::RFC, "1.1",
     "Press: switch on"},
    {ToyState::OFF, ToyEvent::KICK, &Toy::Kick, "Kick", ToyState::OFF, FsmRowKind::DEFENSIVE, "",
     "kick: press later"},
    {ToyState::OFF, ToyEvent::SMASH, nullptr, "", ToyState::BROKEN, FsmRowKind::DEFENSIVE, "",
     "smash"},
    {ToyState::ON, ToyEvent::PRESS, &Toy::Record, "Record", ToyState::OFF, FsmRowKind::RFC, "1.1",
     "Press: switch off"},
    {ToyState::ON, ToyEvent::KICK, &Toy::Kick, "Kick", ToyState::ON, FsmRowKind::DEFENSIVE, "",
     "kick: press later"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(FsmEngineTests)

BOOST_AUTO_TEST_CASE(XMacroDeclaresEveryValueOnce)
{
    BOOST_TEST(FsmEnumInfo<ToyState>::kCount == 3u);
    BOOST_TEST(FsmAllValues<ToyEvent>().size() == 3u);
    BOOST_TEST(std::string(FsmName(ToyState::BROKEN)) == "BROKEN");
    BOOST_TEST(std::string(FsmDescription(ToyEvent::PRESS)) == "button pressed");
    BOOST_TEST(std::string(FsmName(static_cast<ToyState>(7))) == "?");
    const FsmTable<Toy::Machine::Row> t = MakeFsmTable(kToyRows);
    BOOST_TEST(t.size == 5u);
    BOOST_TEST(t.Find(ToyState::ON, ToyEvent::SMASH) == nullptr);
    BOOST_TEST(t.Find(ToyState::OFF, ToyEvent::SMASH) == &kToyRows[2]);
}

// The state changes before the action runs; the action gets the input's time and message.
BOOST_AUTO_TEST_CASE(ActionSeesNewStateAndItsInput)
{
    Toy toy;
    Toy::Machine m(&toy, MakeFsmTable(kToyRows), ToyState::OFF);
    toy.fsm = &m;
    const std::string msg = "hello";
    BOOST_TEST(m.Handle({ToyEvent::PRESS, 5, &msg}));
    BOOST_TEST((m.GetState() == ToyState::ON));
    BOOST_REQUIRE(toy.seen.size() == 1u);
    BOOST_TEST(toy.seen[0] == "ON@5:hello");
    BOOST_TEST(m.Handle({ToyEvent::PRESS, 6, nullptr}));
    BOOST_TEST(toy.seen[1] == "OFF@6:-");
}

// An input raised inside an action runs after it, with its own time and message.
BOOST_AUTO_TEST_CASE(ReentrantInputIsQueuedWithItsData)
{
    Toy toy;
    Toy::Machine m(&toy, MakeFsmTable(kToyRows), ToyState::OFF);
    toy.fsm = &m;
    std::vector<std::string> observed;
    m.SetObserver(
        [&observed](ToyState from, const ToyInput& in, ToyState to, bool handled)
        {
            observed.push_back(std::string(FsmName(from)) + ">" + FsmName(to) + "/" +
                               FsmName(in.event) + "@" + std::to_string(in.now) +
                               (handled ? "" : " miss"));
        });
    BOOST_TEST(m.Handle({ToyEvent::KICK, 10, nullptr}));
    BOOST_TEST((m.GetState() == ToyState::ON));
    BOOST_REQUIRE(toy.seen.size() == 3u);
    BOOST_TEST(toy.seen[0] == "OFF@10:-");
    BOOST_TEST(toy.seen[1] == "kick-done");
    BOOST_TEST(toy.seen[2] == "ON@11:inner");
    BOOST_REQUIRE(observed.size() == 2u);
    BOOST_TEST(observed[0] == "OFF>OFF/KICK@10");
    BOOST_TEST(observed[1] == "OFF>ON/PRESS@11");
}

// No row: Handle returns false, nothing changes, the observer hears a miss with to == from.
BOOST_AUTO_TEST_CASE(MissIsReportedAndChangesNothing)
{
    Toy toy;
    Toy::Machine m(&toy, MakeFsmTable(kToyRows), ToyState::ON);
    toy.fsm = &m;
    int misses = 0;
    m.SetObserver(
        [&misses](ToyState from, const ToyInput& in, ToyState to, bool handled)
        {
            misses += !handled && from == to && in.event == ToyEvent::SMASH ? 1 : 0;
        });
    BOOST_TEST(!m.Handle({ToyEvent::SMASH, 1, nullptr}));
    BOOST_TEST((m.GetState() == ToyState::ON));
    BOOST_TEST(misses == 1);
    BOOST_TEST(toy.seen.empty());
}

// The doc helpers print every row with its kind and section, and a diagram without ignore rows.
BOOST_AUTO_TEST_CASE(DocHelpers)
{
    const FsmTable<Toy::Machine::Row> t = MakeFsmTable(kToyRows);
    const std::string table = FsmDocTable(t);
    BOOST_TEST(table.find("| OFF | PRESS | `Record` | ON | RFC | §1.1 | Press: switch on |") !=
               std::string::npos);
    BOOST_TEST(table.find("| OFF | SMASH | - | BROKEN | defensive |  | smash |") !=
               std::string::npos);
    const std::string chart = FsmDocMermaid(t, ToyState::OFF);
    BOOST_TEST(chart.find("    [*] --> OFF\n") != std::string::npos);
    BOOST_TEST(chart.find("    OFF --> BROKEN : SMASH\n") != std::string::npos);
    BOOST_TEST(chart.find("    ON --> ON : KICK / Kick\n") != std::string::npos);
    BOOST_TEST(FsmDocCell("a|b") == "a\\|b");
    BOOST_TEST(FsmDocCounts(t) == "5 rows: 2 RFC cells, 3 defensive rows of ours.\n");
}

BOOST_AUTO_TEST_SUITE_END()
