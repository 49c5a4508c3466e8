// Issue 10, streaming: data messages of an established session are counted in the session
// (conformance/l2tp-flows.h, FlowIndexBuilder::Absorb) instead of kept as records. Proven here
// both ways on hand-made captures: what every rule passes is summarised, and summarising changes
// no verdict, no count and no detail; what a rule fails (data before the ICCN, RFC 2661 §7.4.1; a
// Session ID the peer never assigned, §4.4.4; reserved header bits, §3.1) stays a record and still
// fails, at its frame; a PPP control packet's data message is counted while the PPP packet stays a
// record that knows its session; and a summarised packet still proves that a receiver got a
// Terminate-Request it never answered (RFC 1661 §5.5).

#include "conformance/engine.h"
#include "conformance/l2tp-flows.h"
#include "conformance/pcap-writer.h"
#include "tests/unit/conformance/rule-test-support.h"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;
namespace fs = std::filesystem;

namespace
{

const std::string kLac = "192.0.2.1";
const std::string kLns = "192.0.2.2";
constexpr uint16_t kLacTid = 11;
constexpr uint16_t kLnsTid = 22;
constexpr uint16_t kLacSid = 5;
constexpr uint16_t kLnsSid = 7;

std::string
Tmp(const std::string& name)
{
    fs::path d = fs::temp_directory_path() / ("l2tplab-summarize-" + std::to_string(getpid()));
    fs::create_directories(d);
    return (d / (name + ".pcap")).string();
}

/** One capture under construction: frames at 10 ms steps unless a time is given. */
struct Capture
{
    std::vector<PcapPacket> packets;
    TimeNs next{0};

    void
    Add(const std::string& src, const std::string& dst, const RawL2tp& m, TimeNs at = -1)
    {
        PcapPacket p;
        p.time = at >= 0 ? at : next;
        next = p.time + 10 * kMs;
        p.srcIp = src;
        p.dstIp = dst;
        p.udpPayload = m.Bytes();
        packets.push_back(p);
    }

    std::string
    Write(const std::string& name) const
    {
        std::string path = Tmp(name);
        std::string err;
        BOOST_REQUIRE_MESSAGE(WritePcap(path, packets, err), err);
        return path;
    }
};

/** An IPv4 datagram in PPP (FF 03 00 21 + a 20-octet header and 8 octets). */
std::vector<uint8_t>
IpInPpp()
{
    std::vector<uint8_t> b = {0xff, 0x03, 0x00, 0x21, 0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0,
                              10,   0,    0,    1,    10,   0, 0, 2,  0, 9, 0, 9, 0,  8,  0, 0};
    return b;
}

/** A PPP control packet of that protocol and code, id, no data. */
std::vector<uint8_t>
CpInPpp(uint16_t proto, uint8_t code, uint8_t id)
{
    return {0xff, 0x03, static_cast<uint8_t>(proto >> 8), static_cast<uint8_t>(proto), code, id,
            0,    4};
}

/** Tunnel 11/22 and, unless `established` is false, call 5/7 up to its ICCN (frames 1..8). */
Capture
Setup(bool established = true)
{
    using C = RawL2tp;
    Capture c;
    c.Add(kLac, kLns,
          C::Control(1, 0, 0, 0, 0)
              .Add(RawAvp::Bytes(2, {1, 0}))
              .Add(RawAvp::U32(3, 3))
              .Add(RawAvp::Str(7, "lac"))
              .Add(RawAvp::U16(9, kLacTid)));
    c.Add(kLns, kLac,
          C::Control(2, kLacTid, 0, 0, 1)
              .Add(RawAvp::Bytes(2, {1, 0}))
              .Add(RawAvp::U32(3, 3))
              .Add(RawAvp::Str(7, "lns"))
              .Add(RawAvp::U16(9, kLnsTid)));
    c.Add(kLac, kLns, C::Control(3, kLnsTid, 0, 1, 1));
    c.Add(kLns, kLac, C::Control(0, kLacTid, 0, 1, 2));
    c.Add(kLac, kLns,
          C::Control(10, kLnsTid, 0, 2, 1).Add(RawAvp::U16(14, kLacSid)).Add(RawAvp::U32(15, 1)));
    c.Add(kLns, kLac, C::Control(11, kLacTid, kLacSid, 1, 3).Add(RawAvp::U16(14, kLnsSid)));
    if (established)
    {
        c.Add(kLac, kLns,
              C::Control(12, kLnsTid, kLnsSid, 3, 2)
                  .Add(RawAvp::U32(24, 10000000))
                  .Add(RawAvp::U32(19, 1)));
        c.Add(kLns, kLac, C::Control(0, kLacTid, 0, 2, 4));
    }
    return c;
}

RawL2tp
LacData(std::vector<uint8_t> ppp)
{
    return RawL2tp::Data(kLnsTid, kLnsSid, std::move(ppp));
}

RawL2tp
LnsData(std::vector<uint8_t> ppp)
{
    return RawL2tp::Data(kLacTid, kLacSid, std::move(ppp));
}

/** Judge with the fast engine with data summarised and every record kept: identical verdicts. */
CheckReport
JudgeBothWays(const std::string& pcap, const std::vector<std::string>& capturePoint = {})
{
    ExtractOptions o;
    o.capturePoint = capturePoint;
    CheckReport a = JudgeSummarisedAndKept(pcap, o);
    BOOST_CHECK_EQUAL(a.engine, "fast");
    return a;
}

} // namespace

BOOST_AUTO_TEST_SUITE(summarize_data)

BOOST_AUTO_TEST_CASE(established_session_data_is_counted_not_kept)
{
    Capture c = Setup();
    for (int i = 0; i < 40; ++i)
    {
        c.Add(i % 2 ? kLns : kLac, i % 2 ? kLac : kLns,
              i % 2 ? LnsData(IpInPpp()) : LacData(IpInPpp()));
    }
    const std::string pcap = c.Write("established");
    CheckReport r = JudgeBothWays(pcap);
    BOOST_CHECK(r.Passed());
    BOOST_CHECK_EQUAL(r.summarizedData, 40u);
    BOOST_CHECK_EQUAL(r.l2tpMessages, 48u);
    BOOST_CHECK_EQUAL(r.pppPackets, 40u);
    // The records: only the control messages remain; the session holds the counts per sender.
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE(ExtractL2tpRecordsFast(pcap, ExtractOptions(), rs, err));
    BOOST_CHECK_EQUAL(rs.records.size(), 8u);
    BOOST_CHECK(rs.ppp.empty());
    BOOST_REQUIRE(rs.flows);
    BOOST_REQUIRE_EQUAL(rs.flows->sessions.size(), 1u);
    const SessionFlow& s = rs.flows->sessions[0];
    BOOST_CHECK_EQUAL(s.summary[0].n + s.summary[1].n, 40u);
    BOOST_CHECK_EQUAL(s.summary[0].n, 20u);
    BOOST_CHECK_EQUAL(s.summary[0].firstFrame, 9u);
    BOOST_CHECK_EQUAL(s.summary[1].firstFrame, 10u);
    // The rules that judge data messages count the summarised ones as judged.
    const RuleResult* v = Result(r, "RFC2661-7.4-no-data-before-established");
    BOOST_REQUIRE(v);
    BOOST_CHECK(v->verdict.verdict == Verdict::PASS);
    BOOST_CHECK_EQUAL(v->verdict.checked, 20u); // the LNS's: the LAC sent the ICCN (§7.4.1)
    const RuleResult* sid = Result(r, "RFC2661-4.4.4-header-session-id");
    BOOST_REQUIRE(sid);
    BOOST_CHECK_GE(sid->verdict.checked, 40u);
    // The tshark engine keeps and counts the same.
    EngineOptions ts;
    ts.engine = CheckEngine::TSHARK;
    CheckReport t = JudgeCapture(pcap, {}, ExtractOptions(), ts);
    BOOST_REQUIRE_MESSAGE(t.ok, t.error);
    BOOST_CHECK_EQUAL(t.summarizedData, 40u);
    BOOST_CHECK(DiffVerdicts(t, r, false).empty());
}

BOOST_AUTO_TEST_CASE(cli_streams_but_html_ladders_keep_every_data_message)
{
    // `check` counts the data messages (JSON says how many); `check --html` keeps them, because
    // its ladders draw data runs.
    const std::string bin = std::string(L2TPLAB_BINARY_DIR) + "/bin/l2tplab";
    BOOST_REQUIRE_MESSAGE(fs::exists(bin), bin << " not built");
    Capture c = Setup();
    for (int i = 0; i < 10; ++i)
    {
        c.Add(kLac, kLns, LacData(IpInPpp()));
    }
    const std::string pcap = c.Write("cli");
    const std::string json = Tmp("cli-plain") + ".json";
    auto slurp = [](const std::string& path)
    {
        std::ifstream in(path);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    ProcessResult plain = RunProcess({bin, "check", "--quiet", "--json", json, pcap});
    BOOST_CHECK_EQUAL(plain.exitCode, 0);
    const std::string text = slurp(json);
    BOOST_CHECK_MESSAGE(text.find("\"data_messages_summarized\": 10") != std::string::npos, text);
    const std::string html = Tmp("cli-html") + ".html";
    ProcessResult withHtml = RunProcess({bin, "check", "--quiet", "--html", html, pcap});
    BOOST_CHECK_EQUAL(withHtml.exitCode, 0);
    BOOST_CHECK(slurp(html).find("ev-data") != std::string::npos); // a data run in the ladder
}

BOOST_AUTO_TEST_CASE(data_before_the_iccn_is_kept_and_fails)
{
    // §7.4.1: the LNS sends data before the LAC's ICCN; afterwards data flows normally.
    Capture c = Setup(false);
    c.Add(kLns, kLac, LnsData(IpInPpp())); // frame 7
    c.Add(kLac, kLns,
          RawL2tp::Control(12, kLnsTid, kLnsSid, 3, 2)
              .Add(RawAvp::U32(24, 10000000))
              .Add(RawAvp::U32(19, 1)));
    for (int i = 0; i < 6; ++i)
    {
        c.Add(kLns, kLac, LnsData(IpInPpp()));
    }
    CheckReport r = JudgeBothWays(c.Write("before-iccn"));
    ExpectRuleFailsAt(r, "RFC2661-7.4-no-data-before-established", 7);
    BOOST_CHECK_EQUAL(r.summarizedData, 6u);
}

BOOST_AUTO_TEST_CASE(unassigned_session_and_reserved_bits_are_kept_and_fail)
{
    Capture c = Setup();
    c.Add(kLac, kLns, LacData(IpInPpp()));                    // 9: summarised
    c.Add(kLac, kLns, RawL2tp::Data(kLnsTid, 99, IpInPpp())); // 10: §4.4.4
    RawL2tp bits = LacData(IpInPpp());
    bits.flags |= 0x0400;                                                      // a reserved bit (x)
    c.Add(kLac, kLns, bits);                                                   // 11: §3.1
    c.Add(kLac, kLns, RawL2tp::Data(kLnsTid, kLnsSid, CpInPpp(0xc021, 9, 1))); // 12: LCP Echo
    CheckReport r = JudgeBothWays(c.Write("bad-data"));
    ExpectRuleFailsAt(r, "RFC2661-4.4.4-header-session-id", 10);
    ExpectRuleFailsAt(r, "RFC2661-3.1-reserved-bits", 11);
    // Frames 9 and 12: the LCP packet's data message is counted too, the LCP packet is kept.
    BOOST_CHECK_EQUAL(r.summarizedData, 2u);
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE(ExtractL2tpRecordsFast(c.Write("bad-data"), ExtractOptions(), rs, err));
    BOOST_REQUIRE_EQUAL(rs.ppp.size(), 3u); // frames 10, 11 and the LCP packet
    const PppRecord& lcp = rs.ppp.back();
    BOOST_CHECK_EQUAL(lcp.protocol, 0xc021);
    BOOST_CHECK_EQUAL(lcp.frame, 12u);
    // Its L2TP record is gone; its session and sender are on the PPP record instead.
    BOOST_CHECK_EQUAL(lcp.l2tpIndex, -1);
    BOOST_REQUIRE(rs.flows);
    BOOST_REQUIRE_EQUAL(rs.flows->sessions.size(), 1u);
    BOOST_CHECK_EQUAL(lcp.l2tpSession, 0);
    BOOST_CHECK_EQUAL(lcp.l2tpSender, 0); // the LAC, which sent the SCCRQ (side 0)
    BOOST_CHECK_EQUAL(lcp.l2tpTunnelId, kLnsTid);
    BOOST_CHECK_EQUAL(lcp.l2tpSessionId, kLnsSid);
    for (const L2tpRecord& m : rs.records)
    {
        BOOST_CHECK(m.frame != 12u);
    }
}

BOOST_AUTO_TEST_CASE(summarised_data_proves_a_terminate_request_arrived)
{
    // RFC 1661 §5.5: the LAC sends Terminate-Request; the LNS (capture point) never answers but
    // keeps sending datagrams on the link 2 s later: it got the request. Those datagrams are
    // summarised, and still prove it.
    Capture c = Setup();
    c.Add(kLac, kLns, LacData(CpInPpp(0xc021, 5, 3))); // 9: Terminate-Request
    c.Add(kLns, kLac, LnsData(IpInPpp()), c.next + 2 * kSec);
    c.Add(kLns, kLac, LnsData(IpInPpp()));
    c.Add(kLns, kLac, LnsData(IpInPpp()), c.next + 2 * kSec);
    CheckReport r = JudgeBothWays(c.Write("terminate"), {kLns});
    BOOST_CHECK_EQUAL(r.summarizedData, 4u); // the Terminate-Request's message too (kept as PPP)
    ExpectRuleFailsAt(r, "RFC1661-5.5-terminate-request-answered", 9);
    // Without that later traffic nothing proves it arrived: no failure either way.
    Capture quiet = Setup();
    quiet.Add(kLac, kLns, LacData(CpInPpp(0xc021, 5, 3)));
    quiet.Add(kLac, kLns, LacData(IpInPpp()), quiet.next + 2 * kSec); // the sender's own
    CheckReport q = JudgeBothWays(quiet.Write("terminate-quiet"), {kLns});
    const RuleResult* v = Result(q, "RFC1661-5.5-terminate-request-answered");
    BOOST_REQUIRE(v);
    BOOST_CHECK(v->verdict.verdict != Verdict::FAIL);
}

BOOST_AUTO_TEST_CASE(capture_begun_mid_tunnel_judges_no_session_it_did_not_see_assigned)
{
    // tcpdump started on a busy LNS: tunnel 11/22 and call 5/7 were set up before the capture.
    using C = RawL2tp;
    Capture c;
    c.Add(kLns, kLac, C::Control(6, kLacTid, 0, 40, 30)); // 1: Hello
    c.Add(kLac, kLns, C::Control(0, kLnsTid, 0, 30, 41)); // 2: ZLB
    c.Add(kLac, kLns, LacData(IpInPpp()));                // 3: the old call's data
    c.Add(kLac, kLns,                                     // 4: a new call: ICRQ
          C::Control(10, kLnsTid, 0, 30, 41).Add(RawAvp::U16(14, 8)).Add(RawAvp::U32(15, 2)));
    c.Add(kLns, kLac, C::Control(11, kLacTid, 8, 41, 31).Add(RawAvp::U16(14, 9))); // 5: ICRP
    c.Add(kLac, kLns,
          C::Control(12, kLnsTid, 9, 31, 42)
              .Add(RawAvp::U32(24, 10000000))
              .Add(RawAvp::U32(19, 1)));                     // 6: ICCN
    c.Add(kLac, kLns, LacData(IpInPpp()));                   // 7: the old call's data again
    c.Add(kLac, kLns, RawL2tp::Data(kLnsTid, 9, IpInPpp())); // 8: the new call's data
    CheckReport r = JudgeBothWays(c.Write("mid-tunnel"));
    // Session 7 was assigned before the capture began: nothing shows it was never assigned.
    const RuleResult* sid = Result(r, "RFC2661-4.4.4-header-session-id");
    BOOST_REQUIRE(sid);
    BOOST_CHECK_MESSAGE(sid->verdict.verdict != Verdict::FAIL, sid->verdict.detail);
    BOOST_CHECK_MESSAGE(r.Passed(), "a clean capture begun mid-tunnel fails");
    // The old call's data (frames 3 and 7) is counted, not kept: no rule can judge its IDs. The
    // new call's (frame 8) is kept: the LNS's Tunnel ID was never announced in the capture.
    BOOST_CHECK_EQUAL(r.summarizedData, 2u);
}

BOOST_AUTO_TEST_CASE(old_call_data_still_proves_a_terminate_request_arrived)
{
    // Begun mid-tunnel; on the old call the LAC sends an LCP Terminate-Request the LNS (capture
    // point) never answers, though it keeps sending datagrams on that call 2 s later (RFC 1661
    // §5.5). Those datagrams are counted by endpoints, and still prove the request arrived.
    using C = RawL2tp;
    Capture c;
    c.Add(kLns, kLac, C::Control(6, kLacTid, 0, 40, 30));     // 1: Hello
    c.Add(kLac, kLns, C::Control(0, kLnsTid, 0, 30, 41));     // 2: ZLB
    c.Add(kLac, kLns, LacData(CpInPpp(0xc021, 5, 3)));        // 3: Terminate-Request
    c.Add(kLns, kLac, LnsData(IpInPpp()), c.next + 2 * kSec); // 4
    c.Add(kLns, kLac, LnsData(IpInPpp()), c.next + 1 * kSec); // 5
    CheckReport r = JudgeBothWays(c.Write("mid-terminate"), {kLns});
    BOOST_CHECK_EQUAL(r.summarizedData, 2u);
    ExpectRuleFailsAt(r, "RFC1661-5.5-terminate-request-answered", 3);
}

BOOST_AUTO_TEST_CASE(frontier_answers_sent_after_with_time_going_back)
{
    DataSummary s;
    auto add = [&s](uint32_t frame, TimeNs t)
    {
        L2tpRecord r;
        r.frame = frame;
        r.time = t;
        s.Add(r, false);
    };
    add(10, 5 * kSec);
    add(11, 9 * kSec);
    add(12, 3 * kSec); // a merged capture: time goes back
    add(13, 4 * kSec);
    BOOST_CHECK_EQUAL(s.n, 4u);
    BOOST_CHECK(s.SentAfter(9, 9 * kSec));   // frame 11
    BOOST_CHECK(!s.SentAfter(9, 10 * kSec)); // nothing that late
    BOOST_CHECK(s.SentAfter(11, 4 * kSec));  // frame 13
    BOOST_CHECK(!s.SentAfter(11, 5 * kSec)); // 12 and 13 are earlier than 5 s
    BOOST_CHECK(!s.SentAfter(13, 0));        // nothing after the last frame
    BOOST_CHECK_LE(s.frontier.size(), 3u);
}

BOOST_AUTO_TEST_SUITE_END()
