// The compact event log and counters (model/common/events.h): what goes in comes back out,
// byte for byte and in order, and the output order of counters stays sorted by name.

#include "model/common/events.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ns3;

BOOST_AUTO_TEST_SUITE(common_events)

namespace
{

LabEvent
Make(TimeNs t,
     const std::string& node,
     const std::string& object,
     const std::string& kind,
     std::vector<std::pair<std::string, std::string>> fields)
{
    LabEvent e;
    e.time = t;
    e.node = node;
    e.object = object;
    e.kind = kind;
    e.fields = std::move(fields);
    return e;
}

} // namespace

BOOST_AUTO_TEST_CASE(event_log_gives_back_every_event_as_emitted)
{
    const std::vector<LabEvent> in = {
        Make(1, "lns", "ppp/<l2tp-u>/lcp", "state", {{"from", "Req-Sent"}, {"to", "Opened"}}),
        Make(2, "lac1", "l2tp/tunnel/7", "established", {}), // no fields at all
        Make(2, "lns", "ppp/<l2tp-u>/lcp", "state", {{"from", ""}, {"to", "a \"quoted\"\nvalue"}}),
        Make(9, "lns", "ppp/<l2tp-u>/lcp", "state", {{"to", "Opened"}, {"to", "twice"}}),
    };
    EventLog log;
    for (const LabEvent& e : in)
    {
        log.Emit(e);
    }
    BOOST_TEST_REQUIRE(log.Size() == in.size());
    const std::vector<LabEvent> out = log.Events();
    for (size_t i = 0; i < in.size(); ++i)
    {
        BOOST_TEST(EventToJson(log.At(i)) == EventToJson(in[i]));
        BOOST_TEST(out[i].fields == in[i].fields);
        BOOST_TEST(out[i].time == in[i].time);
    }
    const EventList view(log);
    BOOST_TEST(view.size() == 4u);
    BOOST_TEST(view[3].Get("to") == "Opened"); // the first of two equal keys, as LabEvent::Get
    BOOST_CHECK_THROW(log.At(4), std::out_of_range);
    log.Clear();
    BOOST_TEST(log.Size() == 0u);
}

BOOST_AUTO_TEST_CASE(counters_add_merge_and_list_sorted_by_name)
{
    Counters a;
    a.Add("tx/zlb");
    a.Add("rx/sccrq", 2);
    a.Add("tx/zlb", 3);
    BOOST_TEST(a.Get("tx/zlb") == 4u);
    BOOST_TEST(a.Get("rx/sccrq") == 2u);
    BOOST_TEST(a.Get("never/counted/anywhere") == 0u);
    Counters b;
    b.Add("drop/malformed");
    b.Add("rx/sccrq");
    a.Merge(b);
    const std::map<std::string, uint64_t> all = a.All();
    std::vector<std::string> names;
    for (const auto& kv : all)
    {
        names.push_back(kv.first);
    }
    BOOST_TEST(names == (std::vector<std::string>{"drop/malformed", "rx/sccrq", "tx/zlb"}));
    BOOST_TEST(all.at("rx/sccrq") == 3u);
    BOOST_TEST(CounterName(CounterNameId("tx/zlb")) == "tx/zlb");
}

BOOST_AUTO_TEST_SUITE_END()
