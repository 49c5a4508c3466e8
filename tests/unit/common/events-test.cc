// The compact event log and counters (model/common/events.h): what goes in comes back out,
// byte for byte and in order, and the output order of counters stays sorted by name.

#include "model/common/events.h"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <stdexcept>
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

BOOST_AUTO_TEST_CASE(string_pool_gives_one_id_per_text_across_growth)
{
    StringPool pool;
    std::vector<std::string> texts;
    for (int i = 0; i < 5000; ++i) // several table growths and 64 KiB arenas
    {
        texts.push_back("ppp/<l2tp-user-" + std::to_string(i) + ">/lcp");
    }
    texts.push_back("");
    texts.push_back(std::string(40000, 'x')); // longer than a quarter arena: stored on its own
    std::vector<uint32_t> ids;
    for (const std::string& t : texts)
    {
        ids.push_back(pool.Intern(t));
    }
    BOOST_CHECK_EQUAL(pool.size(), texts.size());
    for (size_t i = 0; i < texts.size(); ++i)
    {
        BOOST_CHECK_EQUAL(ids[i], i);                     // dense, in order of first sight
        BOOST_CHECK_EQUAL(pool.Intern(texts[i]), ids[i]); // the same text, the same id
        BOOST_CHECK(pool.Get(ids[i]) == texts[i]);        // views stay valid after growth
    }
    BOOST_CHECK_NE(pool.Intern("ppp/<l2tp-user-1>/lc"), ids[1]); // a prefix is another text
    pool.clear();
    BOOST_CHECK_EQUAL(pool.size(), 0u);
    BOOST_CHECK_EQUAL(pool.Intern("again"), 0u);
}

BOOST_AUTO_TEST_CASE(chunked_vector_keeps_elements_in_place_across_blocks)
{
    ChunkedVector<uint64_t, 4> v; // blocks of 16
    for (uint64_t i = 0; i < 100; ++i)
    {
        v.push_back(i * 3);
    }
    const uint64_t* first = &v[0];
    for (uint64_t i = 100; i < 1000; ++i)
    {
        v.push_back(i * 3);
    }
    BOOST_CHECK_EQUAL(v.size(), 1000u);
    BOOST_CHECK_EQUAL(first, &v[0]); // never moved by growth
    for (size_t i = 0; i < v.size(); ++i)
    {
        BOOST_REQUIRE_EQUAL(v[i], i * 3);
    }
}

BOOST_AUTO_TEST_CASE(spill_vector_keeps_few_blocks_in_memory_and_reads_back_every_record)
{
    SpillVector<uint64_t, 4, 2> v; // blocks of 16, at most 2 in memory
    for (uint64_t i = 0; i < 1000; ++i)
    {
        v.push_back(i * 7 + 1);
        BOOST_REQUIRE_LE(v.ResidentBlockCount(), 3u); // 2 full + the one being filled
    }
    BOOST_CHECK_EQUAL(v.size(), 1000u);
    for (size_t i = v.size(); i-- > 0;) // backwards: every block read back from the file
    {
        BOOST_REQUIRE_EQUAL(v.Get(i), i * 7 + 1);
    }
    for (size_t i = 0; i < v.size(); i += 37) // and jumping between blocks
    {
        BOOST_REQUIRE_EQUAL(v.Get(i), i * 7 + 1);
    }
    v.clear();
    v.push_back(5);
    BOOST_CHECK_EQUAL(v.Get(0), 5u);
}

BOOST_AUTO_TEST_CASE(spill_vector_without_a_usable_directory_keeps_everything_in_memory)
{
    const char* was = std::getenv("TMPDIR");
    const std::string saved = was != nullptr ? was : "";
    setenv("TMPDIR", "/nonexistent-l2tplab-spill-dir", 1);
    SpillVector<uint64_t, 4, 2> v;
    for (uint64_t i = 0; i < 200; ++i)
    {
        v.push_back(i + 3);
    }
    if (was != nullptr)
    {
        setenv("TMPDIR", saved.c_str(), 1);
    }
    else
    {
        unsetenv("TMPDIR");
    }
    BOOST_CHECK_EQUAL(v.ResidentBlockCount(), 13u); // ceil(200 / 16): nothing could be spilled
    for (size_t i = 0; i < v.size(); ++i)
    {
        BOOST_REQUIRE_EQUAL(v.Get(i), i + 3);
    }
}

BOOST_AUTO_TEST_CASE(event_log_past_its_memory_blocks_gives_back_every_event)
{
    // 16 blocks of 4,096 events stay in memory; 100,000 events put most of them on file.
    EventLog log;
    const size_t n = 100000;
    for (size_t i = 0; i < n; ++i)
    {
        log.Emit(Make(static_cast<TimeNs>(i), i % 2 ? "lns" : "lac", "obj/" + std::to_string(i),
                      "state", {{"i", std::to_string(i)}, {"sq", std::to_string(i * i)}}));
    }
    BOOST_TEST_REQUIRE(log.Size() == n);
    for (size_t i = 0; i < n; i += 997)
    {
        const LabEvent e = log.At(i);
        BOOST_REQUIRE_EQUAL(e.time, static_cast<TimeNs>(i));
        BOOST_REQUIRE_EQUAL(e.object, "obj/" + std::to_string(i));
        BOOST_REQUIRE_EQUAL(e.Get("sq"), std::to_string(i * i));
        BOOST_REQUIRE_EQUAL(e.fields.size(), 2u);
    }
    BOOST_CHECK_EQUAL(log.At(n - 1).Get("i"), std::to_string(n - 1));
}

BOOST_AUTO_TEST_CASE(event_log_at_refuses_an_index_past_the_end)
{
    EventLog log;
    log.Emit(Make(1, "n", "o", "k", {{"a", "b"}}));
    BOOST_CHECK_EQUAL(log.At(0).Get("a"), "b");
    BOOST_CHECK_THROW(log.At(1), std::out_of_range);
}

BOOST_AUTO_TEST_SUITE_END()
