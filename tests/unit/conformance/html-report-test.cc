// report.html tests: ladder diagrams and the HTML document rendered from L2TP, PPP, IKE and ESP
// records built in memory (no tshark), plus real reference captures judged by tshark (skipped
// without tshark).

#include "conformance/check.h"
#include "conformance/l2tp-flows.h"
#include "conformance/records.h"
#include "reports/html-writer.h"
#include "reports/ladder.h"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

const std::string kLac = "10.0.0.1";
const std::string kLns = "10.0.0.2";
const std::string kEvilHost = "<script>alert(1)</script>";

AvpRecord
Avp(uint16_t type, const std::string& field, const std::string& value)
{
    AvpRecord a;
    a.type = type;
    a.typeKnown = true;
    a.mandatory = true;
    a.length = static_cast<uint16_t>(6 + value.size());
    a.fields.emplace_back(field, value);
    return a;
}

/** A control message (type 0 = ZLB) from the LAC (fromLac) or the LNS. */
L2tpRecord
Ctl(uint32_t frame,
    double t,
    bool fromLac,
    uint16_t tid,
    uint16_t sid,
    uint16_t type,
    uint16_t ns,
    uint16_t nr,
    std::vector<AvpRecord> extra = {})
{
    L2tpRecord r;
    r.frame = frame;
    r.time = static_cast<TimeNs>(t * kSec);
    r.srcIp = fromLac ? kLac : kLns;
    r.dstIp = fromLac ? kLns : kLac;
    r.srcPort = 1701;
    r.dstPort = 1701;
    r.flags = 0xc802;
    r.isControl = true;
    r.lengthBit = true;
    r.seqBit = true;
    r.version = 2;
    r.hasLength = true;
    r.tunnelId = tid;
    r.sessionId = sid;
    r.hasSequence = true;
    r.ns = ns;
    r.nr = nr;
    if (type != 0)
    {
        r.hasMessageType = true;
        r.messageType = type;
        r.avps.push_back(Avp(l2tpavp::MESSAGE_TYPE, "l2tp.avp.message_type", std::to_string(type)));
    }
    for (auto& a : extra)
    {
        r.avps.push_back(a);
    }
    return r;
}

L2tpRecord
Data(uint32_t frame, double t, bool fromLac, uint16_t tid, uint16_t sid)
{
    L2tpRecord r;
    r.frame = frame;
    r.time = static_cast<TimeNs>(t * kSec);
    r.srcIp = fromLac ? kLac : kLns;
    r.dstIp = fromLac ? kLns : kLac;
    r.srcPort = 1701;
    r.dstPort = 1701;
    r.flags = 0x0002;
    r.version = 2;
    r.tunnelId = tid;
    r.sessionId = sid;
    return r;
}

AvpRecord
Host(const std::string& n)
{
    return Avp(l2tpavp::HOST_NAME, "l2tp.avp.host_name", n);
}

AvpRecord
Atid(uint16_t id)
{
    return Avp(l2tpavp::ASSIGNED_TUNNEL_ID, "l2tp.avp.assigned_tunnel_id", std::to_string(id));
}

AvpRecord
Asid(uint16_t id)
{
    return Avp(l2tpavp::ASSIGNED_SESSION_ID, "l2tp.avp.assigned_session_id", std::to_string(id));
}

/**
 * One control connection: LAC assigns Tunnel ID 100 / Session ID 5, LNS 200 / 7. The ICRQ is
 * retransmitted once (frame 6), five data messages in two directions, a 59.9 s idle gap before the
 * HELLO, StopCCN at the end. 13 control messages + 2 data runs = 15 arrows.
 */
RecordSet
Exchange()
{
    using namespace l2tpmsg;
    RecordSet rs;
    rs.pcap = "memory/lns-wan.pcap";
    auto& v = rs.records;
    v.push_back(Ctl(1, 0.000, true, 0, 0, SCCRQ, 0, 0, {Host(kEvilHost), Atid(100)}));
    v.push_back(Ctl(2, 0.010, false, 100, 0, SCCRP, 0, 1, {Host("lns.example"), Atid(200)}));
    v.push_back(Ctl(3, 0.020, true, 200, 0, SCCCN, 1, 1));
    v.push_back(Ctl(4, 0.030, false, 100, 0, 0, 1, 2));
    v.push_back(Ctl(5, 0.040, true, 200, 0, ICRQ, 2, 1, {Asid(5)}));
    v.push_back(Ctl(6, 1.040, true, 200, 0, ICRQ, 2, 1, {Asid(5)}));
    v.push_back(Ctl(7, 1.050, false, 100, 5, ICRP, 1, 3, {Asid(7)}));
    v.push_back(Ctl(8, 1.060, true, 200, 7, ICCN, 3, 2));
    v.push_back(Ctl(9, 1.070, false, 100, 0, 0, 2, 4));
    v.push_back(Data(10, 1.100, true, 200, 7));
    v.push_back(Data(11, 1.200, true, 200, 7));
    v.push_back(Data(12, 1.300, false, 100, 5));
    v.push_back(Data(13, 1.400, true, 200, 7));
    v.push_back(Data(14, 1.600, false, 100, 5));
    v.push_back(Ctl(15, 61.500, true, 200, 0, HELLO, 4, 2));
    v.push_back(Ctl(16, 61.510, false, 100, 0, 0, 2, 5));
    AvpRecord rc = Avp(l2tpavp::RESULT_CODE, "l2tp.result_code", "1");
    v.push_back(Ctl(17, 62.000, true, 200, 0, STOPCCN, 5, 2, {rc, Atid(100)}));
    v.push_back(Ctl(18, 62.010, false, 100, 0, 0, 2, 6));
    return rs;
}

/** A report in which one MUST rule fails on frame 8 and one SHOULD rule on frame 15. */
CheckReport
FailingReport(const std::string& pcap)
{
    CheckReport c;
    c.pcap = pcap;
    c.l2tpMessages = 18;
    c.controlMessages = 13;
    c.tunnels = 1;
    c.sessions = 1;
    RuleResult must;
    must.id = "RFC2661-5.8-ns-increments";
    must.rfc = "RFC 2661";
    must.section = "5.8";
    must.requirement = "Ns increments by one per new message.";
    must.level = RuleLevel::MUST;
    must.verdict.verdict = Verdict::FAIL;
    must.verdict.failingFrames = {8};
    must.verdict.detail = "frame 8: Ns 3, expected 4 <bad>";
    RuleResult should = must;
    should.id = "RFC2661-6.5-hello-interval";
    should.level = RuleLevel::SHOULD;
    should.verdict.failingFrames = {15};
    should.verdict.detail = "frame 15: too early";
    RuleResult pass = must;
    pass.id = "RFC2661-3.1-version";
    pass.verdict.verdict = Verdict::PASS;
    pass.verdict.failingFrames.clear();
    pass.verdict.detail.clear();
    pass.verdict.checked = 18;
    c.results = {pass, should, must};
    c.summary.rules = 3;
    c.summary.passed = 1;
    c.summary.failed = 1;
    c.summary.warnings = 1;
    return c;
}

size_t
Count(const std::string& hay, const std::string& needle)
{
    size_t n = 0;
    for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1))
    {
        ++n;
    }
    return n;
}

/** The <g> element of the arrow whose id is `id`, or "". */
std::string
Arrow(const std::string& svg, const std::string& id)
{
    size_t p = svg.find("id=\"" + id + "\"");
    if (p == std::string::npos)
    {
        return "";
    }
    size_t b = svg.rfind("<g ", p);
    size_t e = svg.find("</g>", p);
    return svg.substr(b, e - b);
}

// ---- PPP inside the session of Exchange() ----

PppOption
Opt(uint8_t type, std::vector<uint8_t> value)
{
    PppOption o;
    o.type = type;
    o.length = static_cast<uint8_t>(2 + value.size());
    o.value = std::move(value);
    return o;
}

/** A PPP packet in the L2TP data message at index `l2tpIndex` of `rs` (appended there first). */
PppRecord&
AddPpp(RecordSet& rs,
       uint32_t frame,
       double t,
       bool fromLac,
       uint16_t protocol,
       uint8_t code,
       uint8_t id)
{
    rs.records.push_back(Data(frame, t, fromLac, fromLac ? 200 : 100, fromLac ? 7 : 5));
    PppRecord p;
    p.frame = frame;
    p.time = static_cast<TimeNs>(t * kSec);
    p.srcIp = fromLac ? kLac : kLns;
    p.dstIp = fromLac ? kLns : kLac;
    p.srcPort = p.dstPort = 1701;
    p.inL2tp = true;
    p.l2tpIndex = static_cast<int>(rs.records.size() - 1);
    p.l2tpTunnelId = fromLac ? 200 : 100;
    p.l2tpSessionId = fromLac ? 7 : 5;
    p.protocol = protocol;
    if (code)
    {
        p.hasHeader = true;
        p.code = code;
        p.identifier = id;
        p.length = 4;
    }
    rs.ppp.push_back(p);
    return rs.ppp.back();
}

/**
 * The control connection of Exchange() up to the ICCN's ZLB (frames 1-9), then PPP: LCP
 * Configure-Request/-Ack (10, 11), CHAP Challenge/Response (12, 13; the peer's name contains '<'),
 * IPCP Configure-Nak (14), IPv4 x3 from the LAC (15-17), IPv4 from the LNS (18), an MP fragment
 * from the LAC (19), then StopCCN and its ZLB (20, 21).
 * Arrows: 9 control + 5 PPP control + 2 runs (LAC x4, LNS x1) + 2 = 18.
 */
RecordSet
PppExchange()
{
    RecordSet rs = Exchange();
    rs.records.resize(9);
    rs.pcap = "memory/ppp.pcap";
    // (Each reference is used before the next AddPpp, which may reallocate rs.ppp.)
    const std::vector<PppOption> lcpOptions = {Opt(1, {0x05, 0xb4}), Opt(3, {0xc2, 0x23, 0x05}),
                                               Opt(5, {0x12, 0x34, 0xab, 0xcd})};
    PppRecord& req = AddPpp(rs, 10, 1.10, false, pppproto::LCP, pppcode::CONFIGURE_REQUEST, 1);
    req.hasOptions = true;
    req.options = lcpOptions;
    PppRecord& ack = AddPpp(rs, 11, 1.11, true, pppproto::LCP, pppcode::CONFIGURE_ACK, 1);
    ack.hasOptions = true;
    ack.options = lcpOptions;
    PppRecord& ch = AddPpp(rs, 12, 1.12, false, pppproto::CHAP, chapcode::CHALLENGE, 7);
    ch.SetChap({}, "lns");
    PppRecord& re = AddPpp(rs, 13, 1.13, true, pppproto::CHAP, chapcode::RESPONSE, 7);
    re.SetChap({}, "<b>alice</b>");
    PppRecord& nak = AddPpp(rs, 14, 1.14, false, pppproto::IPCP, pppcode::CONFIGURE_NAK, 2);
    nak.hasOptions = true;
    nak.options = {Opt(3, {10, 99, 0, 10})};
    AddPpp(rs, 15, 1.20, true, pppproto::IPV4, 0, 0);
    AddPpp(rs, 16, 1.21, true, pppproto::IPV4, 0, 0);
    AddPpp(rs, 17, 1.22, true, pppproto::IPV4, 0, 0);
    AddPpp(rs, 18, 1.23, false, pppproto::IPV4, 0, 0);
    PppRecord& mp = AddPpp(rs, 19, 1.24, true, pppproto::MP, 0, 0);
    mp.isMpHeader = true;
    // The reassembled inner packet of the MP fragment: an LCP Echo-Request, but still MP data.
    PppRecord inner = mp;
    inner.isMpHeader = false;
    inner.insideMp = true;
    inner.protocol = pppproto::LCP;
    inner.hasHeader = true;
    inner.code = pppcode::ECHO_REQUEST;
    rs.ppp.push_back(inner);
    AvpRecord rc = Avp(l2tpavp::RESULT_CODE, "l2tp.result_code", "1");
    rs.records.push_back(Ctl(20, 2.0, true, 200, 0, l2tpmsg::STOPCCN, 4, 2, {rc, Atid(100)}));
    rs.records.push_back(Ctl(21, 2.01, false, 100, 0, 0, 2, 5));
    return rs;
}

/** A rule result failing on the given frames. */
RuleResult
Failing(const std::string& id,
        const std::string& rfc,
        const std::string& section,
        std::vector<uint32_t> frames,
        const std::string& detail,
        RuleLevel level = RuleLevel::MUST)
{
    RuleResult r;
    r.id = id;
    r.rfc = rfc;
    r.section = section;
    r.requirement = "test requirement";
    r.level = level;
    r.verdict.verdict = Verdict::FAIL;
    r.verdict.failingFrames = std::move(frames);
    r.verdict.detail = detail;
    return r;
}

CheckReport
ReportWith(const std::string& pcap, std::vector<RuleResult> results)
{
    CheckReport c;
    c.pcap = pcap;
    c.results = std::move(results);
    c.summary.rules = static_cast<uint32_t>(c.results.size());
    c.summary.failed = c.summary.rules;
    return c;
}

// ---- IKE / ESP ----

const std::string kIni = "203.0.113.1";
const std::string kRes = "203.0.113.2";
const std::string kCkyA = "0a1b2c3d4e5f6071";
const std::string kCkyAr = "8899aabbccddeeff";
const std::string kCkyB = "1111222233334444";
const std::string kZero = "0000000000000000";

IkeRecord
Ike(uint32_t frame,
    double t,
    bool fromIni,
    uint8_t exchange,
    uint32_t msgId,
    std::vector<uint8_t> payloads,
    bool encrypted = false,
    bool visible = true,
    uint16_t port = 500)
{
    IkeRecord r;
    r.frame = frame;
    r.time = static_cast<TimeNs>(t * kSec);
    r.srcIp = fromIni ? kIni : kRes;
    r.dstIp = fromIni ? kRes : kIni;
    r.srcPort = r.dstPort = port;
    r.nonEspMarker = port == 4500;
    r.initiatorCookie = kCkyA;
    r.responderCookie = frame == 1 ? kZero : kCkyAr;
    r.majorVersion = 1;
    r.exchangeType = exchange;
    r.flags = encrypted ? isakmp::FLAG_ENCRYPTION : 0;
    r.messageId = msgId;
    r.payloadsVisible = visible;
    r.decrypted = encrypted && visible;
    for (uint8_t p : payloads)
    {
        IkePayload x;
        x.type = p;
        r.payloads.push_back(x);
    }
    return r;
}

EspRecord
Esp(uint32_t frame, double t, bool fromIni, uint32_t spi, uint32_t seq)
{
    EspRecord e;
    e.frame = frame;
    e.time = static_cast<TimeNs>(t * kSec);
    e.srcIp = fromIni ? kIni : kRes;
    e.dstIp = fromIni ? kRes : kIni;
    e.udpEncapsulated = true;
    e.srcPort = e.dstPort = 4500;
    e.spi = spi;
    e.sequence = seq;
    return e;
}

/**
 * Two IKE SAs. SA 1 (203.0.113.1 -> .2, NAT-T): MM1-MM4 on 500, MM5/MM6 on 4500 (MM5 decrypted,
 * MM6 not), QM1-QM3 (decrypted), then 12 ESP packets each way interleaved (frames 10-33), a
 * NAT-keepalive (34), QM3 again (35, a retransmission), an Informational Delete in clear (36).
 * SA 2 (another cookie, 192.0.2.10 -> .20): MM1/MM2 (frames 40, 41).
 */
RecordSet
IkeExchange()
{
    using namespace isakmp;
    const uint8_t MM = EXCHANGE_IDENTITY_PROTECTION;
    const uint8_t QM = EXCHANGE_QUICK_MODE;
    RecordSet rs;
    rs.pcap = "memory/ike.pcap";
    auto& v = rs.ike;
    v.push_back(Ike(1, 0.000, true, MM, 0, {PAYLOAD_SA, PAYLOAD_VID, PAYLOAD_VID, PAYLOAD_VID}));
    v.push_back(Ike(2, 0.001, false, MM, 0, {PAYLOAD_SA, PAYLOAD_VID}));
    v.push_back(
        Ike(3, 0.010, true, MM, 0, {PAYLOAD_KE, PAYLOAD_NONCE, PAYLOAD_NAT_D, PAYLOAD_NAT_D}));
    v.push_back(
        Ike(4, 0.020, false, MM, 0, {PAYLOAD_KE, PAYLOAD_NONCE, PAYLOAD_NAT_D, PAYLOAD_NAT_D}));
    v.push_back(Ike(5, 0.030, true, MM, 0, {PAYLOAD_ID, PAYLOAD_HASH}, true, true, 4500));
    v.push_back(Ike(6, 0.031, false, MM, 0, {}, true, false, 4500));
    v.push_back(Ike(7, 0.040, true, QM, 0x11,
                    {PAYLOAD_HASH, PAYLOAD_SA, PAYLOAD_NONCE, PAYLOAD_ID, PAYLOAD_ID}, true, true,
                    4500));
    v.push_back(Ike(8, 0.041, false, QM, 0x11,
                    {PAYLOAD_HASH, PAYLOAD_SA, PAYLOAD_NONCE, PAYLOAD_ID, PAYLOAD_ID}, true, true,
                    4500));
    v.push_back(Ike(9, 0.042, true, QM, 0x11, {PAYLOAD_HASH}, true, true, 4500));
    for (uint32_t k = 0; k < 12; ++k)
    {
        rs.esp.push_back(Esp(10 + 2 * k, 0.1 + 0.1 * k, true, 0xc1a2b3c4, k + 1));
        rs.esp.push_back(Esp(11 + 2 * k, 0.105 + 0.1 * k, false, 0xd1e2f3a4, k + 1));
    }
    NattRecord ka;
    ka.frame = 34;
    ka.time = 1.5 * kSec;
    ka.srcIp = kIni;
    ka.dstIp = kRes;
    ka.srcPort = ka.dstPort = 4500;
    ka.kind = UdpEncapKind::NAT_KEEPALIVE;
    ka.udpLength = 9;
    rs.natt.push_back(ka);
    v.push_back(Ike(35, 1.6, true, QM, 0x11, {PAYLOAD_HASH}, true, true, 4500));
    v.push_back(Ike(36, 1.7, true, EXCHANGE_INFORMATIONAL, 0x22, {PAYLOAD_HASH, PAYLOAD_DELETE},
                    false, true, 4500));
    IkeRecord b1 = Ike(40, 2.0, true, MM, 0, {PAYLOAD_SA});
    b1.srcIp = "192.0.2.10";
    b1.dstIp = "192.0.2.20";
    b1.initiatorCookie = kCkyB;
    b1.responderCookie = kZero;
    IkeRecord b2 = b1;
    b2.frame = 41;
    b2.time = static_cast<TimeNs>(2.01 * kSec);
    std::swap(b2.srcIp, b2.dstIp);
    b2.responderCookie = "5555666677778888";
    v.push_back(b1);
    v.push_back(b2);
    return rs;
}

/** The <title> text of the arrow whose id is `id`. */
std::string
ArrowTitle(const std::string& svg, const std::string& id)
{
    std::string g = Arrow(svg, id);
    size_t b = g.find("<title>");
    size_t e = g.find("</title>");
    return b == std::string::npos || e == std::string::npos ? "" : g.substr(b, e - b);
}

HtmlRunInfo
Run()
{
    HtmlRunInfo run;
    run.title = "road-warrior <b>nat</b>";
    run.description = "LAC behind NAT & an LNS; \"quoted\" <i>";
    run.file = "scenarios/rw.yaml";
    run.seed = 42;
    run.durationS = 62.5;
    run.expectations.push_back({"tunnel-up",
                                true,
                                "count >=1 of tunnel established",
                                "1 event",
                                {"RFC2661/7.2"},
                                "scenarios/rw.yaml:30:5"});
    run.expectations.push_back(
        {"no-<script>", false, "never x", "2 events <script>", {}, "scenarios/rw.yaml:40:5"});
    run.warnings.push_back("scenarios/rw.yaml:3:1: warning: <unused> key");
    run.nodeCounters.push_back({"lac", {{"l2tp/rx", 9}, {"l2tp/drop/bad-length", 0}}});
    run.nodeCounters.push_back({"lns", {{"l2tp/rx", 9}}});
    run.pcaps = {"pcaps/lns-wan.pcap", "javascript:alert(1)"};
    return run;
}

bool
HaveTshark()
{
    ProcessResult p = RunProcess({"tshark", "--version"});
    return p.started && p.exitCode == 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(reports_html)

BOOST_AUTO_TEST_CASE(ladder_has_one_arrow_per_message_and_collapsed_data_runs)
{
    RecordSet rs = Exchange();
    FlowIndex flows = BuildFlowIndex(rs.records);
    BOOST_REQUIRE_EQUAL(flows.tunnels.size(), 1u);
    std::vector<LadderEvent> ev = L2tpLadder(rs, flows, 0, nullptr);
    BOOST_REQUIRE_EQUAL(ev.size(), 15u);
    BOOST_CHECK_EQUAL(ev[0].label, "SCCRQ Ns=0 Nr=0");
    BOOST_CHECK_EQUAL(ev[0].fromLane, 0);
    BOOST_CHECK_EQUAL(ev[0].toLane, 1);
    BOOST_CHECK_EQUAL(ev[1].fromLane, 1);
    BOOST_CHECK_EQUAL(ev[3].label, "ZLB Nr=2");
    BOOST_CHECK(ev[3].style & ladderstyle::MUTED);
    BOOST_CHECK_EQUAL(ev[9].label, "PPP data \u00d73");
    BOOST_CHECK_EQUAL(ev[9].frame, 10u);
    BOOST_CHECK_EQUAL(ev[9].frameEnd, 13u);
    BOOST_CHECK_EQUAL(ev[10].label, "PPP data \u00d72");
    BOOST_CHECK_EQUAL(ev[10].fromLane, 1);
    BOOST_CHECK_EQUAL(ev[13].label, "StopCCN Ns=5 Nr=2 (result 1)");

    std::vector<LadderLane> lanes = L2tpLadderLanes(rs, flows, 0);
    BOOST_REQUIRE_EQUAL(lanes.size(), 2u);
    BOOST_CHECK_EQUAL(lanes[0].label, "10.0.0.1:1701");
    BOOST_CHECK_EQUAL(lanes[1].label, "10.0.0.2:1701");
    BOOST_CHECK(lanes[0].sublabel.find("LAC") == 0);
    BOOST_CHECK(lanes[1].sublabel.find("LNS") == 0);

    LadderOptions o;
    o.idPrefix = "t-";
    std::string svg = RenderLadderSvg("test", lanes, ev, o);
    BOOST_CHECK_EQUAL(Count(svg, "<g class=\"ev"), 15u);
    BOOST_CHECK_EQUAL(Count(svg, "<polygon"), 15u);
    BOOST_CHECK(svg.find(">SCCRQ Ns=0 Nr=0<") != std::string::npos);
    BOOST_CHECK(svg.find(">10.0.0.1:1701<") != std::string::npos);
    BOOST_CHECK(svg.find(">#10\u201313<") != std::string::npos); // frame numbers in the margin
}

BOOST_AUTO_TEST_CASE(retransmission_is_dashed)
{
    RecordSet rs = Exchange();
    FlowIndex flows = BuildFlowIndex(rs.records);
    std::vector<LadderEvent> ev = L2tpLadder(rs, flows, 0, nullptr);
    size_t dashed = 0;
    for (const auto& e : ev)
    {
        dashed += (e.style & ladderstyle::DASHED) ? 1 : 0;
    }
    BOOST_CHECK_EQUAL(dashed, 1u);
    BOOST_CHECK_EQUAL(ev[5].label, "ICRQ Ns=2 Nr=1 (retransmit)");
    LadderOptions o;
    o.idPrefix = "t-";
    std::string svg = RenderLadderSvg("test", L2tpLadderLanes(rs, flows, 0), ev, o);
    std::string re = Arrow(svg, "t-f6");
    BOOST_CHECK(re.find("stroke-dasharray") != std::string::npos);
    BOOST_CHECK(re.find("(retransmit)") != std::string::npos);
    std::string first = Arrow(svg, "t-f5");
    BOOST_CHECK(!first.empty());
    BOOST_CHECK(first.find("stroke-dasharray") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(failing_frame_is_red_with_rule_id_tooltip)
{
    RecordSet rs = Exchange();
    FlowIndex flows = BuildFlowIndex(rs.records);
    CheckReport rep = FailingReport(rs.pcap);
    std::vector<LadderEvent> ev = L2tpLadder(rs, flows, 0, &rep);
    LadderOptions o;
    o.idPrefix = "t-";
    std::string svg = RenderLadderSvg("test", L2tpLadderLanes(rs, flows, 0), ev, o);
    std::string bad = Arrow(svg, "t-f8");
    BOOST_CHECK(bad.find("stroke=\"#dc2626\"") != std::string::npos);
    size_t title = bad.find("<title>");
    BOOST_REQUIRE(title != std::string::npos);
    std::string titleText = bad.substr(title, bad.find("</title>") - title);
    BOOST_CHECK(titleText.find("RFC2661-5.8-ns-increments") != std::string::npos);
    BOOST_CHECK(titleText.find("Ns 3, expected 4 &lt;bad&gt;") != std::string::npos);
    std::string warn = Arrow(svg, "t-f15");
    BOOST_CHECK(warn.find("stroke=\"#d97706\"") != std::string::npos);
    BOOST_CHECK(warn.find("RFC2661-6.5-hello-interval") != std::string::npos);
    BOOST_CHECK(Arrow(svg, "t-f7").find("#dc2626") == std::string::npos);
    BOOST_CHECK_EQUAL(Count(svg, "#dc2626"), 3u); // line, arrowhead and label of frame 8 only
}

BOOST_AUTO_TEST_CASE(idle_gap_is_drawn_as_a_break)
{
    RecordSet rs = Exchange();
    FlowIndex flows = BuildFlowIndex(rs.records);
    std::vector<LadderEvent> ev = L2tpLadder(rs, flows, 0, nullptr);
    std::string svg = RenderLadderSvg("test", L2tpLadderLanes(rs, flows, 0), ev);
    BOOST_CHECK_EQUAL(Count(svg, "class=\"gap\""), 1u);
    BOOST_CHECK(svg.find("\u2026 59.9 s idle \u2026") != std::string::npos);
    // The 1 s retransmission interval is below the threshold: no break for it.
    BOOST_CHECK_EQUAL(FormatLadderGap(125 * kSec), "2 min 5 s");
    BOOST_CHECK_EQUAL(FormatLadderGap(3 * 3600 * kSec + 61 * kSec), "3 h 1 min");
    // The diagram stays short: 60 s of idle time does not take 60 s worth of pixels.
    size_t h = svg.find("height=\"");
    int height = std::atoi(svg.c_str() + h + 8);
    BOOST_CHECK_LT(height, 15 * 26 + 200);
}

BOOST_AUTO_TEST_CASE(everything_from_captures_and_scenarios_is_escaped)
{
    RecordSet rs = Exchange();
    CheckReport rep = FailingReport(rs.pcap);
    std::string html = RenderRunHtml(Run(), {rep}, {rs});
    BOOST_CHECK(html.find("<script>alert") == std::string::npos);
    BOOST_CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    BOOST_CHECK(html.find("<b>nat</b>") == std::string::npos);
    BOOST_CHECK(html.find("road-warrior &lt;b&gt;nat&lt;/b&gt;") != std::string::npos);
    BOOST_CHECK(html.find("&quot;quoted&quot; &lt;i&gt;") != std::string::npos);
    BOOST_CHECK(html.find("&lt;unused&gt; key") != std::string::npos);
    BOOST_CHECK(html.find("href=\"javascript:") == std::string::npos);
    BOOST_CHECK(html.find("href=\"pcaps/lns-wan.pcap\"") != std::string::npos);
    // Exactly one script element: the document's own print helper.
    BOOST_CHECK_EQUAL(Count(html, "<script"), 1u);

    BOOST_CHECK_EQUAL(HtmlEscape("a&b<c>\"d'"), "a&amp;b&lt;c&gt;&quot;d&#39;");
    BOOST_CHECK_EQUAL(HtmlEscape("caf\xc3\xa9"), "caf\xc3\xa9");
    BOOST_CHECK_EQUAL(HtmlEscape(std::string("x\xff\x01y", 4)), "x\xEF\xBF\xBD\xEF\xBF\xBDy");
    BOOST_CHECK_EQUAL(HtmlEscape("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD"); // overlong '/'
    BOOST_CHECK_EQUAL(HtmlEscape("\xe2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD"); // truncated
}

BOOST_AUTO_TEST_CASE(run_document_has_every_section)
{
    RecordSet rs = Exchange();
    CheckReport rep = FailingReport(rs.pcap);
    std::string html = RenderRunHtml(Run(), {rep}, {rs});
    BOOST_CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    BOOST_CHECK(html.find("class=\"verdict fail\">FAIL") != std::string::npos);
    BOOST_CHECK(html.find("expectations: <b>1/2</b> passed") != std::string::npos);
    BOOST_CHECK(html.find("<h2>Expectations</h2>") != std::string::npos);
    BOOST_CHECK(html.find("<code>RFC2661/7.2</code>") != std::string::npos);
    BOOST_CHECK(html.find("<h2>Conformance</h2>") != std::string::npos);
    BOOST_CHECK(html.find("RFC 2661 \u00a75.8") != std::string::npos);
    BOOST_CHECK(html.find("<h2>Counters</h2>") != std::string::npos);
    BOOST_CHECK(html.find("<code>l2tp/drop/bad-length</code>") != std::string::npos);
    BOOST_CHECK(html.find("<svg class=\"ladder\"") != std::string::npos);
    // Failures come first; passed rules are collapsed; the failing frame links to its arrow.
    size_t fail = html.find("RFC2661-5.8-ns-increments");
    size_t warn = html.find("RFC2661-6.5-hello-interval");
    size_t pass = html.find("RFC2661-3.1-version");
    BOOST_CHECK(fail < warn && warn < pass);
    BOOST_CHECK(html.find("<summary>Passed rules (1)</summary>") != std::string::npos);
    BOOST_CHECK(html.find("<a href=\"#c0-f8\">8</a>") != std::string::npos);
    BOOST_CHECK(html.find("id=\"c0-f8\"") != std::string::npos);

    // Self-contained: no external reference of any kind.
    BOOST_CHECK(html.find("http://") == std::string::npos);
    BOOST_CHECK(html.find("https://") == std::string::npos);
    BOOST_CHECK(html.find("<link") == std::string::npos);
    BOOST_CHECK(html.find(" src=") == std::string::npos);
    BOOST_CHECK(html.find("@import") == std::string::npos);

    // All passing: PASS banner.
    HtmlRunInfo ok = Run();
    ok.expectations.pop_back();
    CheckReport good = rep;
    good.results.resize(1);
    good.summary = CheckSummary{1, 1, 0, 0, 0};
    std::string okHtml = RenderRunHtml(ok, {good}, {rs});
    BOOST_CHECK(okHtml.find("class=\"verdict pass\">PASS") != std::string::npos);
    BOOST_CHECK(okHtml.find("No rule failed.") != std::string::npos);

    const char* out = std::getenv("L2TPLAB_HTML_OUT_RUN"); // for looking at it in a browser
    std::string err;
    if (out && *out)
    {
        BOOST_CHECK(WriteHtml(out, html, err));
    }
}

BOOST_AUTO_TEST_CASE(output_is_deterministic)
{
    std::string a = RenderRunHtml(Run(), {FailingReport("memory/lns-wan.pcap")}, {Exchange()});
    std::string b = RenderRunHtml(Run(), {FailingReport("memory/lns-wan.pcap")}, {Exchange()});
    BOOST_CHECK(a == b);
    RecordSet rs = Exchange();
    CheckReport real = CheckRecords(rs, {});
    std::string c = RenderCheckHtml({real}, {rs});
    std::string d = RenderCheckHtml({CheckRecords(Exchange(), {})}, {Exchange()});
    BOOST_CHECK(c == d);
    BOOST_CHECK(c.find("<h1>RFC conformance check</h1>") != std::string::npos);
    BOOST_CHECK(c.find("http://") == std::string::npos && c.find("https://") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(input_errors_and_unchecked_captures)
{
    CheckReport bad;
    bad.pcap = "missing.pcap";
    bad.ok = false;
    bad.error = "cannot read 'missing.pcap' <x>";
    RecordSet other = Exchange();
    other.pcap = "other.pcap";
    std::string html = RenderCheckHtml({bad}, {Exchange(), other});
    BOOST_CHECK(html.find("INPUT ERROR") != std::string::npos);
    BOOST_CHECK(html.find("cannot read &#39;missing.pcap&#39; &lt;x&gt;") != std::string::npos);
    BOOST_CHECK(html.find("class=\"verdict fail\"") != std::string::npos);
    BOOST_CHECK_EQUAL(Count(html, "NOT CHECKED"), 2u); // neither record set matches the report
    BOOST_CHECK(RenderCheckHtml({}, {}).find("No capture was checked.") != std::string::npos);

    std::string err;
    BOOST_CHECK(!WriteHtml("/nonexistent-dir/x/report.html", html, err));
    BOOST_CHECK(!err.empty());
}

BOOST_AUTO_TEST_CASE(real_xl2tpd_capture)
{
    if (!HaveTshark())
    {
        BOOST_TEST_MESSAGE("tshark not found: skipping the real-capture case");
        return;
    }
    const std::string pcap =
        std::string(L2TPLAB_SOURCE_DIR) + "/pcaps/reference/xl2tpd/lac-lns-basic.pcap";
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecords(pcap, ExtractOptions(), rs, err), err);
    CheckReport rep = CheckCapture(pcap, {});
    BOOST_REQUIRE(rep.ok);
    std::string html = RenderCheckHtml({rep}, {rs});
    BOOST_CHECK(html.find("<svg class=\"ladder\"") != std::string::npos);
    BOOST_CHECK(html.find("SCCRQ Ns=0 Nr=0") != std::string::npos);
    BOOST_CHECK(html.find("192.0.2.1:1701") != std::string::npos);
    BOOST_CHECK(html.find(">LAC \u00b7 TID") != std::string::npos);
    BOOST_CHECK(html.find("class=\"gap\"") != std::string::npos); // the 60 s HELLO interval
    BOOST_CHECK(html.find("http://") == std::string::npos &&
                html.find("https://") == std::string::npos);
    FlowIndex flows = BuildFlowIndex(rs.records);
    size_t arrows = 0;
    for (size_t t = 0; t < flows.tunnels.size(); ++t)
    {
        arrows += L2tpLadder(rs, flows, t, &rep).size();
    }
    BOOST_CHECK_EQUAL(Count(html, "<g class=\"ev"), arrows);
    BOOST_CHECK_EQUAL(arrows, rs.records.size()); // no data messages: one arrow per message

    const char* out = std::getenv("L2TPLAB_HTML_OUT"); // for looking at it in a browser
    if (out && *out)
    {
        BOOST_CHECK(WriteHtml(out, html, err));
    }
}

BOOST_AUTO_TEST_CASE(ppp_control_packets_are_labelled_arrows)
{
    RecordSet rs = PppExchange();
    FlowIndex flows = BuildFlowIndex(rs.records);
    BOOST_REQUIRE_EQUAL(flows.tunnels.size(), 1u);
    std::vector<LadderEvent> ev = L2tpLadder(rs, flows, 0, nullptr);
    BOOST_REQUIRE_EQUAL(ev.size(), 18u);
    BOOST_CHECK_EQUAL(ev[9].label, "LCP Conf-Req id=1 [MRU 1460, Auth CHAP/MD5, Magic 0x1234abcd]");
    BOOST_CHECK_EQUAL(ev[9].fromLane, 1); // from the LNS
    BOOST_CHECK(ev[9].style & ladderstyle::PPP);
    BOOST_CHECK_EQUAL(ev[10].label,
                      "LCP Conf-Ack id=1 [MRU 1460, Auth CHAP/MD5, Magic 0x1234abcd]");
    BOOST_CHECK_EQUAL(ev[11].label, "CHAP Challenge id=7");
    BOOST_CHECK_EQUAL(ev[12].label, "CHAP Response id=7 name=<b>alice</b>");
    BOOST_CHECK_EQUAL(ev[13].label, "IPCP Conf-Nak id=2 [IP 10.99.0.10]");
    // Network payload (IPv4, and the MP fragment whose inner packet is LCP) is collapsed.
    BOOST_CHECK_EQUAL(ev[14].label, "PPP data \u00d74");
    BOOST_CHECK_EQUAL(ev[14].frame, 15u);
    BOOST_CHECK_EQUAL(ev[14].frameEnd, 19u);
    BOOST_CHECK(ev[14].frames == (std::vector<uint32_t>{15, 16, 17, 19}));
    BOOST_CHECK(ev[14].style & ladderstyle::DATA);
    BOOST_CHECK(!(ev[14].style & ladderstyle::PPP));
    BOOST_CHECK(ev[14].tooltip.find("IPv4 \u00d73") != std::string::npos);
    BOOST_CHECK(ev[14].tooltip.find("MP fragment \u00d71") != std::string::npos);
    BOOST_CHECK_EQUAL(ev[15].label, "PPP data");
    BOOST_CHECK_EQUAL(ev[15].fromLane, 1);
    BOOST_CHECK_EQUAL(ev[16].label, "StopCCN Ns=4 Nr=2 (result 1)");
    BOOST_CHECK(ev[11].tooltip.find("Name: lns") != std::string::npos);
    BOOST_CHECK(ev[9].tooltip.find("LCP (0xc021) Configure-Request, Identifier 1") !=
                std::string::npos);

    LadderOptions o;
    o.idPrefix = "t-";
    std::string svg = RenderLadderSvg("test", L2tpLadderLanes(rs, flows, 0), ev, o);
    std::string lcp = Arrow(svg, "t-f10");
    BOOST_CHECK(lcp.find("ev-ppp") != std::string::npos);
    BOOST_CHECK(lcp.find("stroke=\"#7c3aed\"") != std::string::npos);
    BOOST_CHECK(Arrow(svg, "t-f15").find("stroke=\"#2563eb\"") != std::string::npos);
    // The document: a legend entry for PPP control, and the caption counts PPP control packets.
    std::string html = RenderCheckHtml({}, {rs});
    BOOST_CHECK(html.find("PPP control (LCP, auth, NCP)") != std::string::npos);
    BOOST_CHECK(html.find("5 PPP control packets") != std::string::npos);

    // Labels of other PPP packets.
    PppRecord pap;
    pap.protocol = pppproto::PAP;
    pap.hasHeader = true;
    pap.code = 1;
    pap.identifier = 3;
    pap.bytes = {1, 3, 0, 16, 5, 'a', 'l', 'i', 'c', 'e', 5, 's', 'e', 'c', 'r', 't'};
    pap.length = 16;
    BOOST_CHECK_EQUAL(PppLadderLabel(pap), "PAP Auth-Req id=3 peer=alice"); // never the password
    PppRecord rej;
    rej.protocol = pppproto::LCP;
    rej.hasHeader = true;
    rej.code = pppcode::PROTOCOL_REJECT;
    rej.identifier = 4;
    rej.hasRejectedProtocol = true;
    rej.rejectedProtocol = pppproto::CCP;
    BOOST_CHECK_EQUAL(PppLadderLabel(rej), "LCP Proto-Rej id=4 [CCP]");
    PppRecord v6;
    v6.protocol = pppproto::IPV6CP;
    v6.hasHeader = true;
    v6.code = pppcode::CONFIGURE_REQUEST;
    v6.identifier = 1;
    v6.hasOptions = true;
    v6.options = {Opt(1, {0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55})};
    BOOST_CHECK_EQUAL(PppLadderLabel(v6), "IPV6CP Conf-Req id=1 [IfID 0211:22ff:fe33:4455]");
    BOOST_CHECK(IsPppControlPacket(v6));
    BOOST_CHECK(!IsPppControlPacket(PppRecord()));
}

BOOST_AUTO_TEST_CASE(failing_ppp_frame_is_red_with_rule_id)
{
    RecordSet rs = PppExchange();
    FlowIndex flows = BuildFlowIndex(rs.records);
    CheckReport rep = ReportWith(
        rs.pcap, {Failing("RFC1994-4.1-response-id", "RFC 1994", "4.1", {13},
                          "frame 13: Identifier 8, Challenge had 7"),
                  // An IPsec rule failing on the same frame does not mark a PPP arrow.
                  Failing("RFC4303-2.1-spi-nonzero", "RFC 4303", "2.1", {14}, "frame 14: SPI 0"),
                  // A failure inside a collapsed run marks the run and links to it.
                  Failing("RFC1661-5-length-consistent", "RFC 1661", "5", {17}, "frame 17: bad")});
    std::vector<LadderEvent> ev = L2tpLadder(rs, flows, 0, &rep);
    LadderOptions o;
    o.idPrefix = "t-";
    std::string svg = RenderLadderSvg("test", L2tpLadderLanes(rs, flows, 0), ev, o);
    std::string bad = Arrow(svg, "t-f13");
    BOOST_CHECK(bad.find("stroke=\"#dc2626\"") != std::string::npos);
    BOOST_CHECK(bad.find("#7c3aed") == std::string::npos);
    std::string title = ArrowTitle(svg, "t-f13");
    BOOST_CHECK(title.find("FAIL RFC1994-4.1-response-id (RFC 1994 \u00a74.1)") !=
                std::string::npos);
    BOOST_CHECK(title.find("Identifier 8, Challenge had 7") != std::string::npos);
    BOOST_CHECK(Arrow(svg, "t-f14").find("#dc2626") == std::string::npos);
    BOOST_CHECK(ArrowTitle(svg, "t-f14").find("RFC4303") == std::string::npos);
    BOOST_CHECK(Arrow(svg, "t-f15").find("stroke=\"#dc2626\"") != std::string::npos);
    BOOST_CHECK(ArrowTitle(svg, "t-f15").find("RFC1661-5-length-consistent") != std::string::npos);

    std::string html = RenderCheckHtml({rep}, {rs});
    BOOST_CHECK(html.find("<a href=\"#c0-f13\">13</a>") != std::string::npos);
    BOOST_CHECK(html.find("<a href=\"#c0-f15\">17</a>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ike_sas_are_grouped_by_cookies)
{
    RecordSet rs = IkeExchange();
    std::vector<IkeSaFlow> sas = BuildIkeSaFlows(rs);
    BOOST_REQUIRE_EQUAL(sas.size(), 2u);
    BOOST_CHECK_EQUAL(sas[0].initiatorCookie, kCkyA);
    BOOST_CHECK_EQUAL(sas[0].responderCookie, kCkyAr);
    BOOST_CHECK(sas[0].startSeen);
    BOOST_CHECK_EQUAL(sas[0].ike.size(), 11u);
    BOOST_CHECK_EQUAL(sas[0].esp.size(), 24u);
    BOOST_CHECK_EQUAL(sas[0].natt.size(), 1u);
    BOOST_CHECK_EQUAL(sas[0].ip[0], kIni);
    BOOST_CHECK_EQUAL(sas[1].initiatorCookie, kCkyB);
    BOOST_CHECK_EQUAL(sas[1].ike.size(), 2u);
    BOOST_CHECK(sas[1].esp.empty());

    std::string html = RenderCheckHtml({}, {rs});
    BOOST_CHECK_EQUAL(Count(html, "<figcaption><b>IKE SA "), 2u);
    BOOST_CHECK(html.find("<b>IKE SA 1: 203.0.113.1:500\u21924500 \u2194 "
                          "203.0.113.2:500\u21924500</b>") != std::string::npos);
    BOOST_CHECK(html.find("<b>IKE SA 2: 192.0.2.10:500 \u2194 192.0.2.20:500</b>") !=
                std::string::npos);
    BOOST_CHECK(html.find("No L2TP control connection in this capture") != std::string::npos);
    BOOST_CHECK(html.find("ESP (collapsed run)") != std::string::npos);

    // A capture that starts at MM2: the responder is still drawn on the right, as "MM2 SA".
    RecordSet late = IkeExchange();
    late.ike.erase(late.ike.begin());
    std::vector<IkeSaFlow> lateSas = BuildIkeSaFlows(late);
    BOOST_REQUIRE(!lateSas.empty());
    BOOST_CHECK(!lateSas[0].startSeen);
    BOOST_CHECK_EQUAL(lateSas[0].ip[0], kIni);
    std::vector<LadderEvent> lateEv = IkeLadder(late, lateSas[0], nullptr);
    BOOST_REQUIRE(!lateEv.empty());
    BOOST_CHECK_EQUAL(lateEv[0].label, "MM2 SA");
    BOOST_CHECK_EQUAL(lateEv[0].fromLane, 1);
    BOOST_CHECK_EQUAL(lateEv[1].label, "MM3 KE Ni NAT-D\u00d72");
    BOOST_CHECK(IkeLadderLanes(late, lateSas[0])[0].sublabel.find("side A") == 0);

    // ESP between addresses without ISAKMP traffic gets a diagram of its own.
    RecordSet lone;
    lone.pcap = "memory/esp.pcap";
    lone.esp.push_back(Esp(1, 0.0, true, 0x100, 1));
    lone.esp.push_back(Esp(2, 0.1, true, 0x100, 2));
    std::vector<IkeSaFlow> espOnly = BuildIkeSaFlows(lone);
    BOOST_REQUIRE_EQUAL(espOnly.size(), 1u);
    BOOST_CHECK(espOnly[0].initiatorCookie.empty());
    std::vector<LadderEvent> ev = IkeLadder(lone, espOnly[0], nullptr);
    BOOST_REQUIRE_EQUAL(ev.size(), 1u);
    BOOST_CHECK_EQUAL(ev[0].label, "ESP SPI 0x00000100 seq 1\u20132 \u00d72");
    BOOST_CHECK(RenderCheckHtml({}, {lone}).find("ESP without IKE exchange 1") !=
                std::string::npos);
}

BOOST_AUTO_TEST_CASE(ike_ladder_labels_and_esp_runs)
{
    RecordSet rs = IkeExchange();
    std::vector<IkeSaFlow> sas = BuildIkeSaFlows(rs);
    BOOST_REQUIRE(!sas.empty());
    std::vector<LadderLane> lanes = IkeLadderLanes(rs, sas[0]);
    BOOST_CHECK_EQUAL(lanes[0].label, "203.0.113.1:500\u21924500");
    BOOST_CHECK_EQUAL(lanes[1].label, "203.0.113.2:500\u21924500");
    BOOST_CHECK(lanes[0].sublabel.find("initiator \u00b7 CKY-I 0a1b2c3d") == 0);
    BOOST_CHECK(lanes[1].sublabel.find("responder \u00b7 CKY-R 8899aabb") == 0);

    std::vector<LadderEvent> ev = IkeLadder(rs, sas[0], nullptr);
    BOOST_REQUIRE_EQUAL(ev.size(), 14u);
    BOOST_CHECK_EQUAL(ev[0].label, "MM1 SA"); // vendor IDs only in the tooltip
    BOOST_CHECK(ev[0].tooltip.find("SA VID\u00d73") != std::string::npos);
    BOOST_CHECK_EQUAL(ev[1].label, "MM2 SA");
    BOOST_CHECK_EQUAL(ev[1].fromLane, 1);
    BOOST_CHECK_EQUAL(ev[2].label, "MM3 KE Ni NAT-D\u00d72");
    BOOST_CHECK_EQUAL(ev[3].label, "MM4 KE Nr NAT-D\u00d72");
    BOOST_CHECK_EQUAL(ev[4].label, "MM5 (encrypted) ID HASH");
    BOOST_CHECK(ev[4].tooltip.find("203.0.113.1:4500 \u2192 203.0.113.2:4500 (non-ESP marker)") !=
                std::string::npos);
    BOOST_CHECK_EQUAL(ev[5].label, "MM6 (encrypted)");
    BOOST_CHECK_EQUAL(ev[6].label, "QM1 (encrypted) HASH SA Ni ID\u00d72");
    BOOST_CHECK_EQUAL(ev[7].label, "QM2 (encrypted) HASH SA Nr ID\u00d72");
    BOOST_CHECK_EQUAL(ev[8].label, "QM3 (encrypted) HASH");
    // ESP: one run per direction, with the sequence range and the count.
    BOOST_CHECK_EQUAL(ev[9].label, "ESP SPI 0xc1a2b3c4 seq 1\u201312 \u00d712");
    BOOST_CHECK_EQUAL(ev[9].fromLane, 0);
    BOOST_CHECK_EQUAL(ev[9].frame, 10u);
    BOOST_CHECK_EQUAL(ev[9].frameEnd, 32u);
    BOOST_CHECK_EQUAL(ev[9].frames.size(), 12u);
    BOOST_CHECK(ev[9].style & ladderstyle::ESP);
    BOOST_CHECK(!(ev[9].style & ladderstyle::DASHED));
    BOOST_CHECK_EQUAL(ev[10].label, "ESP SPI 0xd1e2f3a4 seq 1\u201312 \u00d712");
    BOOST_CHECK_EQUAL(ev[10].fromLane, 1);
    BOOST_CHECK_EQUAL(ev[11].label, "NAT-keepalive");
    BOOST_CHECK(ev[11].style & ladderstyle::MUTED);
    BOOST_CHECK_EQUAL(ev[12].label, "QM3 (encrypted) HASH (retransmit)");
    BOOST_CHECK(ev[12].style & ladderstyle::DASHED);
    BOOST_CHECK_EQUAL(ev[13].label, "Informational Delete");

    LadderOptions o;
    o.idPrefix = "i-";
    std::string svg = RenderLadderSvg("ike", lanes, ev, o);
    std::string esp = Arrow(svg, "i-f10");
    BOOST_CHECK(esp.find("ev-esp") != std::string::npos);
    BOOST_CHECK(esp.find("stroke=\"#0f766e\"") != std::string::npos);
    BOOST_CHECK(esp.find("stroke-dasharray") == std::string::npos);
    BOOST_CHECK(svg.find(">#10\u201332<") != std::string::npos);
    BOOST_CHECK(Arrow(svg, "i-f34").find("stroke=\"#8a94a3\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(failing_ipsec_frames_are_red)
{
    RecordSet rs = IkeExchange();
    CheckReport rep = ReportWith(
        rs.pcap,
        {Failing("RFC4303-3.3.3-sequence-increases", "RFC 4303", "3.3.3", {20},
                 "frame 20: sequence 6 after 5 <x>"),
         Failing("RFC3948-2.3-keepalive-one-octet", "RFC 3948", "2.3", {34}, "", RuleLevel::SHOULD),
         // An RFC 2661 rule on an ESP frame (its decrypted inner L2TP) does not mark the ESP run.
         Failing("RFC2661-5.8-ns-increments", "RFC 2661", "5.8", {12}, "frame 12: inner")});
    std::vector<IkeSaFlow> sas = BuildIkeSaFlows(rs);
    std::vector<LadderEvent> ev = IkeLadder(rs, sas[0], &rep);
    BOOST_CHECK(ev[9].style & ladderstyle::ERROR);
    BOOST_CHECK(ev[9].tooltip.find("FAIL RFC4303-3.3.3-sequence-increases (RFC 4303 \u00a73.3.3) "
                                   "frame 20: sequence 6 after 5 <x>") != std::string::npos);
    BOOST_CHECK(ev[9].tooltip.find("RFC2661") == std::string::npos);
    BOOST_CHECK(!(ev[10].style & (ladderstyle::ERROR | ladderstyle::WARNING)));
    BOOST_CHECK(ev[11].style & ladderstyle::WARNING);

    std::string html = RenderCheckHtml({rep}, {rs});
    // Frame 20 is in the middle of the run that starts at frame 10: the link goes to the run.
    BOOST_CHECK(html.find("<a href=\"#c0-ike1-f10\">20</a>") != std::string::npos);
    BOOST_CHECK(html.find("<a href=\"#c0-ike1-f34\">34</a>") != std::string::npos);
    BOOST_CHECK(html.find("id=\"c0-ike1-f10\"") != std::string::npos);
    BOOST_CHECK(html.find("sequence 6 after 5 &lt;x&gt;") != std::string::npos);
    BOOST_CHECK(html.find("after 5 <x>") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(ppp_and_ike_strings_are_escaped_and_output_is_deterministic)
{
    RecordSet rs = PppExchange();
    RecordSet ike = IkeExchange();
    // Both kinds of traffic in one capture, drawn in order of their first frame.
    for (auto& r : ike.ike)
    {
        r.frame += 100;
    }
    for (auto& e : ike.esp)
    {
        e.frame += 100;
    }
    for (auto& n : ike.natt)
    {
        n.frame += 100;
    }
    rs.ike = ike.ike;
    rs.esp = ike.esp;
    rs.natt = ike.natt;
    for (auto& r : rs.ike)
    {
        if (r.initiatorCookie == kCkyB)
        {
            r.initiatorCookie = "<i>0a1b2c3d4e5f</i>"; // not hex: still escaped
        }
    }
    HtmlRunInfo run = Run();
    std::string html = RenderRunHtml(run, {}, {rs});
    BOOST_CHECK(html.find("<b>alice</b>") == std::string::npos);
    BOOST_CHECK(html.find("name=&lt;b&gt;alice&lt;/b&gt;") != std::string::npos);
    BOOST_CHECK(html.find("<i>0a1b") == std::string::npos);
    BOOST_CHECK(html.find("&lt;i&gt;0a1b2c3d4e5f&lt;/i&gt;") != std::string::npos);
    BOOST_CHECK_EQUAL(Count(html, "<script"), 1u);
    // The run document shows both diagrams; the control connection comes first (frame 1).
    size_t l2tp = html.find("<b>Control connection 1:");
    size_t sa = html.find("<b>IKE SA 1:");
    BOOST_CHECK(l2tp != std::string::npos && sa != std::string::npos && l2tp < sa);
    BOOST_CHECK_EQUAL(Count(html, "<figcaption><b>IKE SA "), 2u);
    BOOST_CHECK(html.find("LCP Conf-Req id=1") != std::string::npos);
    BOOST_CHECK(html.find("ESP SPI 0xc1a2b3c4 seq 1\u201312 \u00d712") != std::string::npos);
    BOOST_CHECK(html == RenderRunHtml(run, {}, {rs}));
    const char* out = std::getenv("L2TPLAB_HTML_OUT_MIXED"); // for looking at it in a browser
    std::string err;
    if (out && *out)
    {
        BOOST_CHECK(WriteHtml(out, html, err));
    }
    BOOST_CHECK(RenderCheckHtml({}, {IkeExchange()}) == RenderCheckHtml({}, {IkeExchange()}));
}

BOOST_AUTO_TEST_CASE(real_l2tpns_capture_shows_lcp)
{
    if (!HaveTshark())
    {
        BOOST_TEST_MESSAGE("tshark not found: skipping the real-capture case");
        return;
    }
    const std::string pcap =
        std::string(L2TPLAB_SOURCE_DIR) + "/pcaps/reference/l2tpns/xl2tpd-lac.pcap";
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecords(pcap, ExtractOptions(), rs, err), err);
    CheckReport rep = CheckRecords(rs, {});
    BOOST_REQUIRE(rep.ok);
    std::string html = RenderCheckHtml({rep}, {rs});
    BOOST_CHECK(html.find(">LCP Conf-Req id=1 [MRU 1462, Auth PAP, Magic 0x") != std::string::npos);
    BOOST_CHECK(html.find("ev-ppp") != std::string::npos);
    BOOST_CHECK(html.find("SCCRQ Ns=0 Nr=0") != std::string::npos);
    BOOST_CHECK(html.find("DATA (PPP)") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(real_strongswan_capture_with_and_without_keys)
{
    if (!HaveTshark())
    {
        BOOST_TEST_MESSAGE("tshark not found: skipping the real-capture case");
        return;
    }
    const std::string base = std::string(L2TPLAB_SOURCE_DIR) + "/pcaps/reference/strongswan/";
    const std::string pcap = base + "l2tp-ipsec-natt.pcap";
    RecordSet plain;
    std::string err;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecords(pcap, ExtractOptions(), plain, err), err);
    std::string html = RenderCheckHtml({CheckRecords(plain, {})}, {plain});
    BOOST_CHECK_EQUAL(Count(html, "<figcaption><b>IKE SA "), 1u);
    BOOST_CHECK(html.find(">MM1 SA<") != std::string::npos);
    BOOST_CHECK(html.find(">MM3 KE Ni NAT-D\u00d72<") != std::string::npos);
    BOOST_CHECK(html.find(">MM5 (encrypted)<") != std::string::npos);
    BOOST_CHECK(html.find(":500\u21924500") != std::string::npos);
    BOOST_CHECK(html.find(">NAT-keepalive<") != std::string::npos);
    BOOST_CHECK(html.find("ESP SPI 0x") != std::string::npos);
    BOOST_CHECK(html.find("Control connection") == std::string::npos);

    ExtractOptions keyed;
    keyed.wiresharkConfigDir = base + "l2tp-ipsec-natt.keys";
    RecordSet rs;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecords(pcap, keyed, rs, err), err);
    CheckReport rep = CheckRecords(rs, {});
    html = RenderCheckHtml({rep}, {rs});
    BOOST_CHECK(html.find(">MM5 (encrypted) ID HASH") != std::string::npos);
    BOOST_CHECK(html.find(">QM1 (encrypted) HASH SA Ni") != std::string::npos);
    BOOST_CHECK(html.find(">Informational (encrypted) Delete<") != std::string::npos);
    // The L2TP exchange inside ESP is its own ladder, after the IKE SA that carries it.
    size_t sa = html.find("<b>IKE SA 1:");
    size_t l2tp = html.find("<b>Control connection 1:");
    BOOST_CHECK(sa != std::string::npos && l2tp != std::string::npos && sa < l2tp);
    BOOST_CHECK(html.find("inside ESP (SPI 0x") != std::string::npos);
    BOOST_CHECK(html.find(">SCCRQ Ns=0 Nr=0<") != std::string::npos);
    BOOST_CHECK(html.find("http://") == std::string::npos &&
                html.find("https://") == std::string::npos);
    const char* out = std::getenv("L2TPLAB_HTML_OUT_IKE"); // for looking at it in a browser
    if (out && *out)
    {
        BOOST_CHECK(WriteHtml(out, html, err));
    }
}

BOOST_AUTO_TEST_SUITE_END()
