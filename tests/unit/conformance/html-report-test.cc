// report.html tests: ladder diagrams and the HTML document rendered from L2TP records built in
// memory (no tshark), plus one real reference capture judged by tshark (skipped without tshark).

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

BOOST_AUTO_TEST_SUITE_END()
