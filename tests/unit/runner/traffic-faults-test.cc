// Unit tests: the traffic and fault keys of the scenario loader (df, timeout, until, delay, drop
// with match), the drop match table and its classifier (runner/fault-match.h, RFC 2661 §3.1 and
// §4.4.1, RFC 1661 §2 and §5), and the flow results behind `traffic/<name>/...`
// (runner/traffic-results.h).
#include "doc-sync-support.h"
#include "loader-test-support.h"

#include "runner/fault-match.h"
#include "runner/schema.h"
#include "runner/support.h"
#include "runner/traffic-results.h"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace ns3;
using namespace ns3::loadertest;

namespace
{

using Frame = std::vector<uint8_t>;

void
Put16(Frame& f, uint16_t v)
{
    f.push_back(static_cast<uint8_t>(v >> 8));
    f.push_back(static_cast<uint8_t>(v));
}

/** \brief A PPP-framed (ns-3 point-to-point) IPv4 datagram around `l4` of protocol `proto`. */
Frame
Ipv4Frame(uint8_t proto, const Frame& l4, uint16_t fragment = 0)
{
    Frame f;
    Put16(f, 0x0021); // ns-3's PppHeader: IPv4
    f.push_back(0x45);
    f.push_back(0);
    Put16(f, static_cast<uint16_t>(20 + l4.size()));
    Put16(f, 1);
    Put16(f, fragment);
    f.push_back(64);
    f.push_back(proto);
    Put16(f, 0);
    for (uint8_t b : {192, 0, 2, 1, 192, 0, 2, 2})
    {
        f.push_back(b);
    }
    f.insert(f.end(), l4.begin(), l4.end());
    return f;
}

Frame
Udp(uint16_t src, uint16_t dst, const Frame& body)
{
    Frame f;
    Put16(f, src);
    Put16(f, dst);
    Put16(f, static_cast<uint16_t>(8 + body.size()));
    Put16(f, 0);
    f.insert(f.end(), body.begin(), body.end());
    return f;
}

/** \brief An L2TP control message (RFC 2661 §3.1: T, L, S set, Ver 2) with Message Type `type`. */
Frame
L2tpControl(int type)
{
    Frame body;
    if (type > 0)
    {
        Put16(body, 0x8008); // M bit, AVP length 8 (§4.1)
        Put16(body, 0);      // IETF
        Put16(body, 0);      // Message Type AVP (§4.4.1)
        Put16(body, static_cast<uint16_t>(type));
    }
    Frame f;
    Put16(f, 0xc802);
    Put16(f, static_cast<uint16_t>(12 + body.size()));
    Put16(f, 7);
    Put16(f, 0);
    Put16(f, 1);
    Put16(f, 2);
    f.insert(f.end(), body.begin(), body.end());
    return Ipv4Frame(17, Udp(1701, 1701, f));
}

/** \brief An L2TP data message (T=0, Ver 2) carrying `ppp`. */
Frame
L2tpData(const Frame& ppp)
{
    Frame f;
    Put16(f, 0x0002);
    Put16(f, 7);
    Put16(f, 9);
    f.insert(f.end(), ppp.begin(), ppp.end());
    return Ipv4Frame(17, Udp(1701, 1701, f));
}

/** \brief The names of every table row the frame matches. */
std::set<std::string>
Matches(const Frame& f)
{
    PacketClass c = ClassifyFrame(f.data(), f.size());
    std::set<std::string> out;
    for (const FaultMatchSpec& m : FaultMatchTable())
    {
        if (FaultMatches(m, c))
        {
            out.insert(m.name);
        }
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(runner_traffic_keys)

BOOST_AUTO_TEST_CASE(ping_df_and_timeout)
{
    Scenario s;
    auto ok = Errors(kBase + "traffic:\n"
                             "  - {name: p, at: 1s, from: lac, to: lns, kind: icmp-echo, df: yes, "
                             "timeout: 250ms, size: 1400}\n"
                             "  - {name: q, at: 1s, from: lac, to: lns, kind: icmp-echo}\n",
                     &s);
    BOOST_TEST_REQUIRE(ok.empty(), Dump(ok));
    BOOST_TEST(s.traffic[0].dontFragment);
    BOOST_TEST(s.traffic[0].timeout == 250 * kMs);
    BOOST_TEST(!s.traffic[1].dontFragment); // default no
    BOOST_TEST(s.traffic[1].timeout == kSec);
}

BOOST_AUTO_TEST_CASE(bad_traffic_combinations)
{
    auto e = Errors(kBase + "traffic:\n"                                                       // 7
                            "  - {name: u, at: 1s, from: lac, to: lns, kind: udp, df: yes}\n"  // 8
                            "  - {name: v, at: 1s, from: lac, to: lns, kind: udp, size: 15}\n" // 9
                            "  - {name: p, at: 1s, from: lac, to: lns, kind: icmp-echo, timeout: "
                            "0s}\n"); // 10
    BOOST_TEST_REQUIRE(e.size() == 3u, Dump(e));
    CHECK_ERROR(e, 8, 54, "'df' only applies to kind icmp-echo");
    CHECK_ERROR(e, 9, 60, "udp size must be at least 16 bytes");
    CHECK_ERROR(e, 10, 69, "timeout must be greater than 0");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(runner_fault_keys)

BOOST_AUTO_TEST_CASE(new_fault_kinds_load)
{
    Scenario s;
    auto ok =
        Errors(kBase + "faults:\n"
                       "  - {name: d, at: 2s, link: wan, action: delay, delay: 40ms, until: "
                       "5s}\n"
                       "  - {name: x, at: 3s, link: wan, action: drop, match: lcp-echo-reply}\n"
                       "  - {name: l, at: 4s, link: wan, action: loss, value: 50%, until: 6s}\n"
                       "  - {name: c, at: 7s, link: wan, action: down, until: 8s}\n",
               &s);
    BOOST_TEST_REQUIRE(ok.empty(), Dump(ok));
    BOOST_TEST_REQUIRE(s.faults.size() == 4u);
    BOOST_TEST((s.faults[0].action == FaultAction::DELAY));
    BOOST_TEST(s.faults[0].delay == 40 * kMs);
    BOOST_TEST(s.faults[0].until == 5 * kSec);
    BOOST_TEST((s.faults[1].action == FaultAction::DROP));
    BOOST_TEST(s.faults[1].match == "lcp-echo-reply");
    BOOST_TEST(s.faults[1].until == kNever); // no until: for the rest of the run
    BOOST_TEST(s.faults[2].until == 6 * kSec);
    BOOST_TEST((s.faults[3].action == FaultAction::DOWN));
}

BOOST_AUTO_TEST_CASE(bad_fault_combinations_point_at_the_key)
{
    auto e = Errors(kBase + "faults:\n"                                        // 7
                            "  - {name: a, at: 1s, link: wan, action: drop}\n" // 8
                            "  - {name: b, at: 1s, link: wan, action: drop, match: lcp-echo-rep}\n"
                            "  - {name: c, at: 5s, link: wan, action: down, until: 5s}\n" // 10
                            "  - {name: d, at: 1s, link: wan, action: up, until: 2s}\n"   // 11
                            "  - {name: f, at: 1s, link: wan, action: loss, value: 1%, delay: 1s}\n"
                            "  - {name: g, at: 1s, link: wan, action: delay}\n" // 13
                            "  - {name: h, at: 1s, link: wan, action: down, match: l2tp-hello}\n"
                            "  - {name: i, at: 1s, link: wan, action: down, until: 31s}\n"); // 15
    BOOST_TEST_REQUIRE(e.size() == 8u, Dump(e));
    CHECK_ERROR(e, 8, 5, "missing required key 'match' in fault (action drop needs it)");
    CHECK_ERROR(e, 9, 55, "unknown match 'lcp-echo-rep' in fault (did you mean 'lcp-echo-reply'?)");
    CHECK_ERROR(e, 10, 55, "until 5s must be after at 5s");
    CHECK_ERROR(e, 11, 46, "'until' only applies to action down, loss, delay, drop");
    CHECK_ERROR(e, 12, 59, "'delay' only applies to action delay");
    CHECK_ERROR(e, 13, 5, "missing required key 'delay' in fault (action delay needs it)");
    CHECK_ERROR(e, 14, 48, "'match' only applies to action drop");
    CHECK_ERROR(e, 15, 55, "time 31s is after the end of the run (duration 30s)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(runner_fault_match)

BOOST_AUTO_TEST_CASE(table_names_unique_and_in_the_schema_doc)
{
    std::set<std::string> names;
    for (const FaultMatchSpec& m : FaultMatchTable())
    {
        BOOST_TEST(names.insert(m.name).second, "duplicate match " << m.name);
        BOOST_TEST(FindFaultMatch(m.name) == &m);
        BOOST_TEST(FaultMatchMarkdown().find(std::string("`") + m.name + "`") != std::string::npos);
        BOOST_TEST(std::string(m.what).find("RFC") != std::string::npos, m.name << " cites no RFC");
    }
    BOOST_TEST(FindFaultMatch("lcp-echo") == nullptr);
    BOOST_TEST(names.count("lcp-echo-reply") == 1u);
    BOOST_TEST(names.count("l2tp-hello") == 1u);
}

// RFC 2661 §4.4.1: the Message Type AVP is the first AVP; HELLO is type 6 (§6.5).
BOOST_AUTO_TEST_CASE(l2tp_control_by_message_type)
{
    BOOST_TEST((Matches(L2tpControl(6)) == std::set<std::string>{"l2tp-control", "l2tp-hello"}));
    BOOST_TEST((Matches(L2tpControl(1)) == std::set<std::string>{"l2tp-control", "l2tp-sccrq"}));
    BOOST_TEST((Matches(L2tpControl(14)) == std::set<std::string>{"l2tp-control", "l2tp-cdn"}));
    // §5.8: a ZLB is a control message without AVPs.
    BOOST_TEST((Matches(L2tpControl(0)) == std::set<std::string>{"l2tp-control", "l2tp-zlb"}));
}

// RFC 1661 §5.8: Echo-Reply is LCP code 10, Echo-Request 9; §6.5/§6.6: FF 03 may be omitted and
// the protocol compressed, LCP itself never is, but the classifier accepts both forms.
BOOST_AUTO_TEST_CASE(ppp_in_l2tp_data_by_protocol_and_code)
{
    Frame echoReply = {0xff, 0x03, 0xc0, 0x21, 10, 1, 0, 8, 0, 0, 0, 1};
    BOOST_TEST((Matches(L2tpData(echoReply)) ==
                std::set<std::string>{"l2tp-data", "lcp", "lcp-echo-reply"}));
    Frame echoRequestNoAcfc = {0xc0, 0x21, 9, 1, 0, 8, 0, 0, 0, 1};
    BOOST_TEST((Matches(L2tpData(echoRequestNoAcfc)) ==
                std::set<std::string>{"l2tp-data", "lcp", "lcp-echo-request"}));
    Frame chap = {0xff, 0x03, 0xc2, 0x23, 1, 1, 0, 4};
    BOOST_TEST((Matches(L2tpData(chap)) == std::set<std::string>{"l2tp-data", "chap"}));
    Frame ipcp = {0xff, 0x03, 0x80, 0x21, 1, 1, 0, 4};
    BOOST_TEST((Matches(L2tpData(ipcp)) == std::set<std::string>{"l2tp-data", "ipcp"}));
    Frame ipPfc = {0x21, 0x45}; // PFC: 1-octet protocol 0x21 (§6.5)
    BOOST_TEST((Matches(L2tpData(ipPfc)) == std::set<std::string>{"l2tp-data", "ppp-ipv4"}));
}

BOOST_AUTO_TEST_CASE(outer_icmp_ike_esp_and_non_matches)
{
    BOOST_TEST((Matches(Ipv4Frame(1, {0, 0, 0, 0, 0, 1, 0, 1})) ==
                std::set<std::string>{"icmp-echo-reply"}));
    BOOST_TEST((Matches(Ipv4Frame(1, {8, 0, 0, 0, 0, 1, 0, 1})) ==
                std::set<std::string>{"icmp-echo-request"}));
    BOOST_TEST((Matches(Ipv4Frame(50, {0, 0, 1, 0})) == std::set<std::string>{"esp"}));
    BOOST_TEST(
        (Matches(Ipv4Frame(17, Udp(500, 500, {1, 2, 3, 4}))) == std::set<std::string>{"ike"}));
    BOOST_TEST((Matches(Ipv4Frame(17, Udp(4500, 4500, {0, 0, 0, 0, 1}))) ==
                std::set<std::string>{"ike"})); // RFC 3948 §2.2 non-ESP marker
    BOOST_TEST(
        (Matches(Ipv4Frame(17, Udp(4500, 4500, {0, 0, 1, 0, 1}))) == std::set<std::string>{"esp"}));
    BOOST_TEST(Matches(Ipv4Frame(17, Udp(53, 53, {1, 2, 3}))).empty());
    // A non-first fragment carries no UDP header: never classified as L2TP.
    BOOST_TEST(Matches(Ipv4Frame(17, Udp(1701, 1701, {0xc8, 0x02}), 0x0010)).empty());
}

BOOST_AUTO_TEST_CASE(ethernet_and_bare_ipv4_frames)
{
    Frame ip = L2tpControl(6);
    Frame bare(ip.begin() + 2, ip.end());
    BOOST_TEST(Matches(bare).count("l2tp-hello") == 1u);
    Frame eth(12, 0x02);
    Put16(eth, 0x0800);
    eth.insert(eth.end(), bare.begin(), bare.end());
    BOOST_TEST(Matches(eth).count("l2tp-hello") == 1u);
}

// Malformed input: every truncation of every sample is classified without reading past its end
// (ASan/valgrind would flag it) and a truncated L2TP message never passes for a whole one.
BOOST_AUTO_TEST_CASE(truncated_frames_are_safe)
{
    std::vector<Frame> samples = {L2tpControl(6), L2tpControl(0),
                                  L2tpData({0xff, 0x03, 0xc0, 0x21, 10, 1, 0, 8, 0, 0, 0, 1}),
                                  Ipv4Frame(1, {0, 0, 0, 0})};
    for (const Frame& s : samples)
    {
        for (size_t n = 0; n < s.size(); ++n)
        {
            Frame cut(s.begin(), s.begin() + static_cast<long>(n));
            std::set<std::string> m = Matches(cut);
            BOOST_TEST(m.count("l2tp-hello") == 0u, "prefix " << n);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(runner_flow_results)

BOOST_AUTO_TEST_CASE(ping_results_and_state_values)
{
    FlowResult r;
    r.kind = TrafficKind::ICMP_ECHO;
    std::string v;
    BOOST_TEST(r.StateValue("loss-percent", v));
    BOOST_TEST(v == "0"); // nothing sent: no loss
    r.sent = 10;
    r.received = 8;
    r.rttMs.Add(4.5);
    r.rttMs.Add(5.5);
    BOOST_TEST(r.LossPercent() == 20.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.StateValue("rtt-avg", v));
    BOOST_TEST(v == "5");
    BOOST_TEST(r.StateValue("rtt-min", v));
    BOOST_TEST(v == "4.5");
    BOOST_TEST(r.StateValue("rtt-max", v));
    BOOST_TEST(v == "5.5");
    BOOST_TEST(!r.StateValue("rtt", v));
    // Every documented field is answered.
    for (const TrafficStateField& f : TrafficStateFields())
    {
        BOOST_TEST(r.StateValue(f.field, v), f.field);
    }
}

BOOST_AUTO_TEST_CASE(tcp_throughput_and_completion)
{
    FlowResult r;
    r.kind = TrafficKind::TCP;
    r.start = 2 * kSec;
    r.totalBytes = 1000000;
    r.received = 500000;
    r.lastRx = 3 * kSec;
    BOOST_TEST(r.LossPercent() == 50.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.ThroughputBps() == 4e6, boost::test_tools::tolerance(1e-9));
    std::string v;
    BOOST_TEST(r.StateValue("completion-time", v));
    BOOST_TEST(v == "-1");
    r.received = 1000000;
    r.completed = 4 * kSec;
    BOOST_TEST(r.LossPercent() == 0.0);
    BOOST_TEST(r.ThroughputBps() == 4e6, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(r.StateValue("completion-time", v));
    BOOST_TEST(v == "2");
    RunFlow f = r.ToRunFlow();
    BOOST_TEST(f.unit == "bytes");
    BOOST_TEST(f.metrics.at(0).first == "throughput_bps");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(runner_traffic_support)

BOOST_AUTO_TEST_CASE(traffic_runs_over_the_underlay)
{
    auto check = [](const std::string& extra, std::vector<ScenarioError>& errors)
    {
        Scenario s;
        std::vector<ScenarioError> loadErrors;
        BOOST_TEST_REQUIRE(LoadScenarioFromString(kBase + extra, "x.yaml", s, loadErrors),
                           Dump(loadErrors));
        std::vector<std::string> warnings;
        CheckSupported(s, errors, warnings);
    };
    std::vector<ScenarioError> errors;
    check("traffic: [{name: p, at: 1s, from: lac, to: lns, kind: icmp-echo}]\n", errors);
    BOOST_TEST(errors.empty(), Dump(errors));
    errors.clear();
    check("traffic: [{name: u, at: 1s, from: lac, to: lns, kind: udp, port: 1701}]\n", errors);
    BOOST_TEST_REQUIRE(errors.size() == 1u, Dump(errors));
    BOOST_TEST(errors[0].ToString().find("x.yaml:7:11: error: traffic 'u': UDP port 1701") == 0u);

    // A node on no addressed link can neither send nor be resolved as `to`.
    Scenario s;
    std::vector<ScenarioError> loadErrors;
    const std::string noAddress = "name: t\n"
                                  "run: {duration: 30s}\n"
                                  "topology:\n"
                                  "  nodes: {a: host, b: host, c: host}\n"
                                  "  links: [{name: l, ends: [a:ether1, b:ether1], net: "
                                  "192.0.2.0/30}]\n"
                                  "traffic:\n"
                                  "  - {name: p, at: 1s, from: c, to: a, kind: icmp-echo}\n"
                                  "  - {name: q, at: 1s, from: a, to: c, kind: icmp-echo}\n"
                                  "  - {name: r, at: 1s, from: a, to: 203.0.113.9, kind: tcp}\n";
    BOOST_TEST_REQUIRE(LoadScenarioFromString(noAddress, "x.yaml", s, loadErrors),
                       Dump(loadErrors));
    errors.clear();
    std::vector<std::string> warnings;
    CheckSupported(s, errors, warnings);
    BOOST_TEST_REQUIRE(errors.size() == 2u, Dump(errors));
    BOOST_TEST(errors[0].ToString().find(
                   "x.yaml:7:5: error: traffic 'p': node 'c' has no IPv4 address to send from") ==
               0u);
    BOOST_TEST(errors[1].ToString().find("x.yaml:8:5: error: traffic 'q': node 'c' has no IPv4 "
                                         "address") == 0u);
    // An address nobody owns is not refused: the flow just loses its packets.
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(runner_fault_match_docs)

BOOST_AUTO_TEST_CASE(docs_in_sync)
{
    CheckGeneratedDocBlock("MATCHES", FaultMatchMarkdown(), "runner_fault_match_docs/docs_in_sync");
}

BOOST_AUTO_TEST_SUITE_END()
