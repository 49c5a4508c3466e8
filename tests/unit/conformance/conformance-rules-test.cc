// Conformance engine tests: tiny pcaps are built here from hand-made L2TP bytes (RawL2tp, not our
// codec), written with WritePcap, and judged through the REAL tshark by CheckCapture.
//
// One golden capture (two tunnels, hidden AVP, challenge/response, incoming and outgoing calls,
// data, HELLO, WEN, SLI, CDN, StopCCN with retransmissions, an LNS answering from an ephemeral
// port) passes every rule: that is each rule's positive test. Each NEGATIVE test mutates the golden
// capture to break exactly one requirement and expects FAIL on a given frame.

#include "conformance/check.h"
#include "conformance/fast-records.h"
#include "conformance/consequences.h"
#include "tests/unit/conformance/rule-test-support.h"
#include "conformance/l2tp-flows.h"
#include "conformance/pcap-writer.h"
#include "conformance/records.h"
#include "conformance/rule-catalog.h"
#include "model/l2tp/l2tp-message-spec.h"
#include "reports/json-writer.h"
#include "reports/junit-writer.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;

/**
 * Rule ids with a negative test, filled by the NEGATIVE registrations of every test file of this
 * binary (this one: RFC 2661; rules-ppp-test.cc; rules-ipsec-test.cc).
 */
std::set<std::string>&
ConformanceNegativeRules()
{
    static std::set<std::string> s;
    return s;
}

namespace
{

const std::string kLac = "10.0.0.1";
const std::string kLns = "10.0.0.2";
const std::string kLac2 = "10.0.0.3";

/** One frame of a test capture. */
struct Frame
{
    TimeNs t;
    std::string src;
    std::string dst;
    uint16_t sport;
    uint16_t dport;
    RawL2tp msg;
};

std::vector<uint8_t>
Fill(size_t n, uint8_t v)
{
    return std::vector<uint8_t>(n, v);
}

RawAvp
Pv()
{
    return RawAvp::Bytes(2, {1, 0});
}

RawAvp
Fc()
{
    return RawAvp::U32(3, 3);
}

RawAvp
Hn(const std::string& n)
{
    return RawAvp::Str(7, n);
}

RawAvp
Atid(uint16_t id)
{
    return RawAvp::U16(9, id);
}

RawAvp
Asid(uint16_t id)
{
    return RawAvp::U16(14, id);
}

RawAvp
Rc(uint16_t result)
{
    return RawAvp::Bytes(1, {0, static_cast<uint8_t>(result)});
}

RawAvp
HiddenVendorName()
{
    RawAvp a = RawAvp::Bytes(8, Fill(18, 0x5a), false);
    a.hidden = true;
    return a;
}

Frame
F(double ms,
  const std::string& src,
  const std::string& dst,
  RawL2tp m,
  uint16_t sport = 1701,
  uint16_t dport = 1701)
{
    return Frame{static_cast<TimeNs>(ms * kMs), src, dst, sport, dport, std::move(m)};
}

/** The golden capture: every rule PASSes on it (frame numbers in comments). */
std::vector<Frame>
Golden()
{
    using C = RawL2tp;
    std::vector<uint8_t> lcp = {0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04};
    std::vector<Frame> f = {
        // Tunnel 1: LAC 10.0.0.1 (Tunnel ID 11) <-> LNS 10.0.0.2 (Tunnel ID 22), all on 1701.
        /* 1 */ F(0, kLac, kLns,
                  C::Control(1, 0, 0, 0, 0)
                      .Add(Pv())
                      .Add(Hn("lac"))
                      .Add(Fc())
                      .Add(Atid(11))
                      .Add(RawAvp::U16(10, 4))
                      .Add(RawAvp::Bytes(11, Fill(16, 0x11)))),
        /* 2 */
        F(10, kLns, kLac,
          C::Control(2, 11, 0, 0, 1)
              .Add(Pv())
              .Add(Fc())
              .Add(Hn("lns"))
              .Add(Atid(22))
              .Add(RawAvp::Bytes(36, {1, 2, 3, 4}))
              .Add(HiddenVendorName())
              .Add(RawAvp::Bytes(13, Fill(16, 0x22)))
              .Add(RawAvp::Bytes(11, Fill(16, 0x33)))),
        /* 3 */
        F(20, kLac, kLns, C::Control(3, 22, 0, 1, 1).Add(RawAvp::Bytes(13, Fill(16, 0x44)))),
        /* 4 */ F(30, kLns, kLac, C::Control(0, 11, 0, 1, 2)),
        /* 5 */
        F(100, kLac, kLns, C::Control(10, 22, 0, 2, 1).Add(Asid(101)).Add(RawAvp::U32(15, 1))),
        /* 6 */ F(110, kLns, kLac, C::Control(11, 11, 101, 1, 3).Add(Asid(202))),
        /* 7 */
        F(120, kLac, kLns,
          C::Control(12, 22, 202, 3, 2).Add(RawAvp::U32(24, 10000000)).Add(RawAvp::U32(19, 1))),
        /* 8 */ F(130, kLns, kLac, C::Control(0, 11, 0, 2, 4)),
        /* 9 */ F(200, kLac, kLns, C::Data(22, 202, lcp)),
        /* 10 */ F(210, kLns, kLac, C::Data(11, 101, lcp)),
        /* 11 */ F(1000, kLns, kLac, C::Control(6, 11, 0, 2, 4)),
        /* 12 */ F(1010, kLac, kLns, C::Control(0, 22, 0, 4, 3)),
        /* 13 */
        F(1100, kLns, kLac, C::Control(16, 11, 101, 3, 4).Add(RawAvp::Bytes(35, Fill(10, 0)))),
        /* 14 */
        F(1110, kLac, kLns, C::Control(15, 22, 202, 4, 4).Add(RawAvp::Bytes(34, Fill(26, 0)))),
        /* 15 */ F(1120, kLns, kLac, C::Control(0, 11, 0, 4, 5)),
        /* 16 */ F(1200, kLac, kLns, C::Control(14, 22, 202, 5, 4).Add(Rc(3)).Add(Asid(101))),
        /* 17 */ F(1210, kLns, kLac, C::Control(0, 11, 0, 4, 6)),
        /* 18 */ F(2000, kLns, kLac, C::Control(4, 11, 0, 4, 6).Add(Atid(22)).Add(Rc(1))),
        /* 19 */ F(3000, kLns, kLac, C::Control(4, 11, 0, 4, 6).Add(Atid(22)).Add(Rc(1))),
        /* 20 */ F(5000, kLns, kLac, C::Control(4, 11, 0, 4, 6).Add(Atid(22)).Add(Rc(1))),
        /* 21 */ F(5010, kLac, kLns, C::Control(0, 22, 0, 6, 5)),
        // Tunnel 2: LAC2 10.0.0.3:5000 (ID 33) -> LNS:1701, LNS answers from port 40000 (ID 44):
        // neither port of frames 23.. is 1701, so extraction must learn 5000/40000.
        /* 22 */
        F(6000, kLac2, kLns,
          C::Control(1, 0, 0, 0, 0).Add(Pv()).Add(Hn("lac2")).Add(Fc()).Add(Atid(33)), 5000, 1701),
        /* 23 */
        F(6010, kLns, kLac2,
          C::Control(2, 33, 0, 0, 1).Add(Pv()).Add(Fc()).Add(Hn("lns")).Add(Atid(44)), 40000, 5000),
        /* 24 */ F(6020, kLac2, kLns, C::Control(3, 44, 0, 1, 1), 5000, 40000),
        /* 25 */ F(6030, kLns, kLac2, C::Control(0, 33, 0, 1, 2), 40000, 5000),
        /* 26 */
        F(6100, kLns, kLac2,
          C::Control(7, 33, 0, 1, 2)
              .Add(Asid(301))
              .Add(RawAvp::U32(15, 2))
              .Add(RawAvp::U32(16, 9600))
              .Add(RawAvp::U32(17, 64000))
              .Add(RawAvp::U32(18, 1))
              .Add(RawAvp::U32(19, 1))
              .Add(RawAvp::Str(21, "5551234")),
          40000, 5000),
        /* 27 */ F(6110, kLac2, kLns, C::Control(8, 44, 301, 2, 2).Add(Asid(401)), 5000, 40000),
        /* 28 */
        F(6120, kLac2, kLns,
          C::Control(9, 44, 301, 3, 2).Add(RawAvp::U32(24, 64000)).Add(RawAvp::U32(19, 1)), 5000,
          40000),
        /* 29 */ F(6130, kLns, kLac2, C::Control(0, 33, 0, 2, 4), 40000, 5000),
        /* 30 */ F(6200, kLac2, kLns, C::Data(44, 301, lcp), 5000, 40000),
        /* 31 */ F(7300, kLns, kLac2, C::Control(6, 33, 0, 2, 4), 40000, 5000),
        /* 32 */ F(7310, kLac2, kLns, C::Control(0, 44, 0, 4, 3), 5000, 40000),
    };
    return f;
}

/** A per-process scratch directory for the pcaps, removed at exit. */
struct ScratchDir
{
    std::string path;

    ScratchDir()
    {
        char t[] = "/tmp/l2tplab-conf-test-XXXXXX";
        const char* d = mkdtemp(t);
        path = d ? d : "";
    }

    ~ScratchDir()
    {
        if (!path.empty())
        {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    }
};

const std::string&
TmpDir()
{
    static ScratchDir dir;
    BOOST_REQUIRE_MESSAGE(!dir.path.empty(), "cannot create a scratch directory");
    return dir.path;
}

std::string
Write(const std::vector<Frame>& frames, const std::string& name)
{
    std::vector<PcapPacket> pk;
    for (const auto& f : frames)
    {
        pk.push_back(PcapPacket{f.t, f.src, f.dst, f.sport, f.dport, f.msg.Bytes()});
    }
    std::string path = TmpDir() + "/" + name + ".pcap";
    std::string err;
    BOOST_REQUIRE_MESSAGE(WritePcap(path, pk, err), err);
    return path;
}

CheckReport
Check(const std::vector<Frame>& frames,
      const std::string& name,
      const std::vector<std::string>& globs,
      const std::vector<std::string>& capturePoint = {})
{
    ExtractOptions o;
    o.capturePoint = capturePoint;
    CheckReport rep = CheckCapture(Write(frames, name), globs, o);
    BOOST_REQUIRE_MESSAGE(rep.ok, rep.error);
    return rep;
}

/**
 * Expect `rule` to FAIL on the mutated capture with `frame` among the failing frames (capture taken
 * on the host owning capturePoint, if given).
 */
void
ExpectFail(const std::vector<Frame>& frames,
           const std::string& rule,
           uint32_t frame,
           const std::vector<std::string>& capturePoint = {})
{
    ExpectRuleFailsAt(Check(frames, rule, {rule}, capturePoint), rule, frame);
}

// NEGATIVE(name, rule id, failing frame) { mutate `f` }
#define NEGATIVE(name, rule, frame)                   \
    static void name##_mutate(std::vector<Frame>& f); \
    static RegisterNegative name##_reg(rule);         \
    BOOST_AUTO_TEST_CASE(name)                        \
    {                                                 \
        std::vector<Frame> f = Golden();              \
        name##_mutate(f);                             \
        ExpectFail(f, rule, frame);                   \
    }                                                 \
    static void name##_mutate(std::vector<Frame>& f)

// NEGATIVE_AT(name, rule id, failing frame, capture point) { mutate `f` }: the capture was taken
// on the host owning that address (rules that need proof of delivery).
#define NEGATIVE_AT(name, rule, frame, at)            \
    static void name##_mutate(std::vector<Frame>& f); \
    static RegisterNegative name##_reg(rule);         \
    BOOST_AUTO_TEST_CASE(name)                        \
    {                                                 \
        std::vector<Frame> f = Golden();              \
        name##_mutate(f);                             \
        ExpectFail(f, rule, frame, {at});             \
    }                                                 \
    static void name##_mutate(std::vector<Frame>& f)

/** Expect no FAIL of `rule` (PASS or NOT_APPLICABLE); returns the verdict. */
Verdict
ExpectNoFail(const std::vector<Frame>& frames,
             const std::string& name,
             const std::string& rule,
             const std::vector<std::string>& capturePoint = {})
{
    CheckReport rep = Check(frames, name, {rule}, capturePoint);
    const RuleResult* r = Result(rep, rule);
    BOOST_REQUIRE_MESSAGE(r, "rule " << rule << " not in the report");
    BOOST_CHECK_MESSAGE(r->verdict.verdict != Verdict::FAIL,
                        name << ": " << rule
                             << " FAILs on a capture loss explains: " << r->verdict.detail);
    return r->verdict.verdict;
}

/**
 * Start of a lossy-path capture: tunnel LAC (ID 11) <-> LNS (ID 22) established, both windows 4.
 * Frames 1..4: SCCRQ, SCCRP, SCCCN, ZLB.
 */
std::vector<Frame>
LossyBase()
{
    using C = RawL2tp;
    return {
        F(0, kLac, kLns,
          C::Control(1, 0, 0, 0, 0).Add(Pv()).Add(Hn("lac")).Add(Fc()).Add(Atid(11))),
        F(10, kLns, kLac,
          C::Control(2, 11, 0, 0, 1).Add(Pv()).Add(Fc()).Add(Hn("lns")).Add(Atid(22))),
        F(20, kLac, kLns, C::Control(3, 22, 0, 1, 1)),
        F(30, kLns, kLac, C::Control(0, 11, 0, 1, 2)),
    };
}

RawL2tp
Icrq(uint16_t ns, uint16_t nr, uint16_t sid)
{
    return RawL2tp::Control(10, 22, 0, ns, nr).Add(Asid(sid)).Add(RawAvp::U32(15, sid));
}

/** The LAC's ICCN for session 202 (Tx Connect Speed, Framing Type sync). */
RawL2tp
Iccn(uint16_t ns, uint16_t nr)
{
    return RawL2tp::Control(12, 22, 202, ns, nr)
        .Add(RawAvp::U32(24, 10000000))
        .Add(RawAvp::U32(19, 1));
}

RawL2tp
Hello(uint16_t tid, uint16_t ns, uint16_t nr)
{
    return RawL2tp::Control(6, tid, 0, ns, nr);
}

/** Index in the frame vector of 1-based frame number n. */
constexpr size_t
At(size_t n)
{
    return n - 1;
}

void
RemoveAvp(Frame& fr, uint16_t type)
{
    auto& a = fr.msg.avps;
    a.erase(std::remove_if(a.begin(), a.end(),
                           [type](const RawAvp& x)
                           {
                               return x.type == type && x.vendor == 0;
                           }),
            a.end());
}

RawAvp*
FindAvp(Frame& fr, uint16_t type)
{
    for (auto& a : fr.msg.avps)
    {
        if (a.type == type)
        {
            return &a;
        }
    }
    return nullptr;
}

/**
 * Hide AVP `type` of frame `fr` the way a sender would (§4.3): H=1, an opaque value (we need no
 * secret: the rule reads the header flag), and a Random Vector right after the Message Type so
 * that only the H-bit requirement is broken. Adds the AVP first if the frame lacks it.
 */
void
HideAvp(Frame& fr, uint16_t type, bool mandatory = true)
{
    RawAvp* a = FindAvp(fr, type);
    if (!a)
    {
        fr.msg.Add(RawAvp::Bytes(type, {}, mandatory));
        a = &fr.msg.avps.back();
    }
    a->hidden = true;
    a->value = Fill(18, 0x5a);
    auto& avps = fr.msg.avps;
    avps.insert(avps.begin() + 1, RawAvp::Bytes(36, {9, 8, 7, 6}));
}

} // namespace

BOOST_AUTO_TEST_SUITE(conformance_records)

// RFC 2661 §4.3 (hidden AVPs) and §8.1 (replies from another port): what tshark gives us.
BOOST_AUTO_TEST_CASE(extracts_hidden_avps_multiple_tunnels_and_learned_ports)
{
    std::string pcap = Write(Golden(), "records");
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecords(pcap, ExtractOptions(), rs, err), err);
    BOOST_REQUIRE_EQUAL(rs.records.size(), 32u);
    for (size_t i = 0; i < rs.records.size(); ++i)
    {
        BOOST_CHECK_EQUAL(rs.records[i].frame, i + 1);
    }
    BOOST_CHECK(std::find(rs.forcedPorts.begin(), rs.forcedPorts.end(), 5000) !=
                rs.forcedPorts.end());
    BOOST_CHECK(std::find(rs.forcedPorts.begin(), rs.forcedPorts.end(), 40000) !=
                rs.forcedPorts.end());

    const L2tpRecord& sccrp = rs.records[At(2)];
    BOOST_CHECK_EQUAL(sccrp.TypeName(), "SCCRP");
    BOOST_CHECK_EQUAL(sccrp.avps.size(), 9u);
    const AvpRecord& hidden = sccrp.avps[6];
    BOOST_CHECK(hidden.hidden);
    BOOST_CHECK(!hidden.mandatory);
    BOOST_CHECK(hidden.typeKnown); // from the raw AVP header: tshark prints no type for it
    BOOST_CHECK_EQUAL(hidden.type, 8);
    BOOST_CHECK_EQUAL(hidden.length, 24);
    BOOST_CHECK(!hidden.Has("l2tp.avp.vendor_name"));
    uint64_t atid = 0;
    BOOST_CHECK(sccrp.GetUint(9, "l2tp.avp.assigned_tunnel_id", atid));
    BOOST_CHECK_EQUAL(atid, 22u);

    const L2tpRecord& scccn2 = rs.records[At(24)];
    BOOST_CHECK_EQUAL(scccn2.TypeName(), "SCCCN");
    BOOST_CHECK_EQUAL(scccn2.srcPort, 5000);
    BOOST_CHECK_EQUAL(scccn2.dstPort, 40000);
    BOOST_CHECK(scccn2.forcedPort);
    BOOST_CHECK_EQUAL(scccn2.time, 6020 * kMs);
    BOOST_CHECK(rs.records[At(4)].IsZlb());
    BOOST_CHECK(!rs.records[At(9)].isControl);
    BOOST_CHECK_EQUAL(rs.records[At(9)].sessionId, 202);

    FlowIndex fx = BuildFlowIndex(rs.records);
    BOOST_REQUIRE_EQUAL(fx.tunnels.size(), 2u);
    BOOST_CHECK_EQUAL(fx.tunnels[0].side[0].id, 11);
    BOOST_CHECK_EQUAL(fx.tunnels[0].side[1].id, 22);
    BOOST_CHECK_EQUAL(fx.tunnels[1].side[0].id, 33);
    BOOST_CHECK_EQUAL(fx.tunnels[1].side[1].id, 44);
    BOOST_CHECK(fx.tunnels[0].startSeen && fx.tunnels[1].startSeen);
    BOOST_REQUIRE_EQUAL(fx.sessions.size(), 2u);
    BOOST_CHECK_EQUAL(fx.sessions[0].establishedFrame, 7u);
    BOOST_CHECK_EQUAL(fx.sessions[1].establishedFrame, 28u);
    BOOST_CHECK_EQUAL(fx.sessions[1].requestType, l2tpmsg::OCRQ);
    for (size_t i = 0; i < rs.records.size(); ++i)
    {
        BOOST_CHECK_MESSAGE(fx.tunnelOf[i] >= 0, "frame " << i + 1 << " not placed in a tunnel");
    }
}

// A tunnel lives between two addresses (RFC 2661 §8.1 lets the answer come from another port, not
// from another address): an SCCRP from a third address carrying the LAC's Tunnel ID is another
// tunnel and must not take over the LAC's side of the established one (it did: the LNS's later
// messages then fell out of their tunnel and the §5.8 rules misjudged them).
BOOST_AUTO_TEST_CASE(a_third_address_does_not_rebind_a_tunnel)
{
    std::vector<Frame> f = Golden();
    f.insert(
        f.begin() + 3,
        F(25, "10.0.0.9", kLac,
          RawL2tp::Control(2, 11, 0, 0, 1).Add(Pv()).Add(Hn("other")).Add(Atid(77)))); // frame 4
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE_MESSAGE(
        ExtractL2tpRecordsFast(Write(f, "third-address"), ExtractOptions(), rs, err), err);
    FlowIndex fx = BuildFlowIndex(rs.records);
    auto tunnelAt = [&](uint32_t frame)
    {
        for (size_t i = 0; i < rs.records.size(); ++i)
        {
            if (rs.records[i].frame == frame)
            {
                return fx.tunnelOf[i];
            }
        }
        return -2;
    };
    BOOST_TEST(tunnelAt(1) >= 0);
    BOOST_TEST(tunnelAt(4) != tunnelAt(1));  // the third address: a tunnel of its own
    BOOST_TEST(tunnelAt(5) == tunnelAt(1));  // the LNS's ZLB (golden frame 4) stays in its tunnel
    BOOST_TEST(tunnelAt(12) == tunnelAt(1)); // and so does its HELLO (golden frame 11)
    // The golden tunnel still passes every §5.8 rule; only the stray SCCRP may be judged.
    const CheckReport rep = CheckRecords(rs, {"RFC2661-5.8-*"});
    for (const RuleResult& r : rep.results)
    {
        for (uint32_t fr : r.verdict.failingFrames)
        {
            BOOST_CHECK_MESSAGE(fr == 4, r.id << " fails golden frame " << fr);
        }
    }
}

// A decoded-as port must not turn unrelated traffic into L2TP: same port number, other endpoints.
BOOST_AUTO_TEST_CASE(learned_port_does_not_capture_unrelated_endpoints)
{
    std::vector<Frame> f = Golden();
    RawL2tp junk = RawL2tp::Control(6, 99, 0, 0, 0); // would decode as HELLO if taken as L2TP
    f.push_back(F(7400, "192.0.2.7", "192.0.2.8", junk, 5000, 5000));
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecords(Write(f, "unrelated"), ExtractOptions(), rs, err),
                          err);
    BOOST_CHECK_EQUAL(rs.records.size(), 32u);
}

// Malformed AVPs: tshark's expert info reaches the record.
BOOST_AUTO_TEST_CASE(malformed_frame_is_flagged)
{
    std::vector<Frame> f = Golden();
    RawAvp bad = RawAvp::U16(15, 1);
    bad.lengthOverride = 4;
    f[At(5)].msg.avps.insert(f[At(5)].msg.avps.begin() + 1, bad);
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecords(Write(f, "malformed"), ExtractOptions(), rs, err),
                          err);
    BOOST_CHECK(rs.records[At(5)].malformed);
    BOOST_CHECK(!rs.records[At(5)].expertErrors.empty());
    BOOST_CHECK(!rs.records[At(1)].malformed);
}

BOOST_AUTO_TEST_CASE(missing_tshark_is_a_clear_error)
{
    ExtractOptions o;
    o.tshark = "/nonexistent/tshark-for-test";
    RecordSet rs;
    std::string err;
    BOOST_CHECK(!ExtractL2tpRecords(Write(Golden(), "notshark"), o, rs, err));
    BOOST_CHECK_MESSAGE(
        err.find("not found") != std::string::npos && err.find("tshark") != std::string::npos, err);
    CheckReport rep = CheckCapture(TmpDir() + "/notshark.pcap", {}, o);
    BOOST_CHECK(!rep.ok);
    BOOST_CHECK(!rep.Passed());
}

BOOST_AUTO_TEST_CASE(odd_file_names_and_missing_files)
{
    std::vector<Frame> f = Golden();
    std::string odd = Write(f, "-odd name; $(echo x) 'q'");
    CheckReport rep = CheckCapture(odd, {"RFC2661-3.1-*"});
    BOOST_CHECK_MESSAGE(rep.ok, rep.error);
    BOOST_CHECK_EQUAL(rep.l2tpMessages, 32u);
    CheckReport missing = CheckCapture(TmpDir() + "/does-not-exist.pcap", {});
    BOOST_CHECK(!missing.ok);
    BOOST_CHECK(missing.error.find("does-not-exist") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(conformance_rules)

// Positive test of every RFC 2661 rule: the golden capture passes all of them, none is
// NOT_APPLICABLE. (The PPP and IPsec families have their own golden captures.)
BOOST_AUTO_TEST_CASE(golden_capture_passes_every_rule)
{
    CheckReport rep = Check(Golden(), "golden", {"RFC2661-*"});
    BOOST_CHECK_EQUAL(rep.results.size(), GetL2tpRules().size());
    BOOST_CHECK_EQUAL(rep.tunnels, 2u);
    for (const auto& r : rep.results)
    {
        BOOST_CHECK_MESSAGE(r.verdict.verdict == Verdict::PASS,
                            r.id << " (" << r.Citation() << "): " << ToString(r.verdict.verdict)
                                 << " " << r.verdict.detail);
    }
    BOOST_CHECK(rep.Passed());
    BOOST_CHECK_EQUAL(rep.summary.passed, GetL2tpRules().size());
}

// Every rule of every family: the registrations come from all test files of this binary.
BOOST_AUTO_TEST_CASE(every_rule_has_a_negative_test)
{
    for (const auto& r : GetRuleCatalog())
    {
        BOOST_CHECK_MESSAGE(ConformanceNegativeRules().count(r.id),
                            r.id << " has no negative test");
    }
}

BOOST_AUTO_TEST_CASE(catalog_ids_unique_and_well_formed)
{
    std::set<std::string> ids;
    for (const auto& r : GetRuleCatalog())
    {
        BOOST_CHECK_MESSAGE(ids.insert(r.id).second, "duplicate id " << r.id);
        std::string id = r.id;
        BOOST_CHECK_MESSAGE(id.rfind("RFC", 0) == 0 && id.find('-') != std::string::npos &&
                                id.substr(3, id.find('-') - 3) ==
                                    std::string(r.rfc).substr(std::string(r.rfc).find(' ') + 1),
                            id << " does not start with RFC<number of " << r.rfc << ">-");
        BOOST_CHECK(r.predicate != nullptr);
        BOOST_CHECK(std::string(r.requirement).size() > 10);
    }
    for (const auto& m : GetMessageSpecs())
    {
        BOOST_CHECK(!m.required.empty() && m.required.front() == 0);
        for (uint16_t t : m.required)
        {
            BOOST_CHECK_MESSAGE(FindAvpSpec(t),
                                "AVP " << t << " of " << m.name << " not in the AVP table");
        }
    }
}

// One source of RFC facts: the H-bit rule's requirement text names exactly the never-hidden rows of
// the model's AVP table (RFC 2661 §4.4.x "This AVP MUST NOT be hidden"), and the engine's AVP and
// message lookups are the model's rows.
BOOST_AUTO_TEST_CASE(h_bit_rule_and_tables_are_the_models)
{
    const Rule* rule = nullptr;
    for (const auto& r : GetRuleCatalog())
    {
        rule = std::string(r.id) == "RFC2661-4.4-h-bit" ? &r : rule;
    }
    BOOST_REQUIRE(rule != nullptr);
    const std::string text = rule->requirement;
    size_t neverHidden = 0;
    for (const L2tpAvpInfo& row : kL2tpAvpTable)
    {
        bool never = row.hide == L2tpHideRule::NEVER_HIDE;
        neverHidden += never ? 1 : 0;
        BOOST_CHECK_MESSAGE((text.find(row.name) != std::string::npos) == never,
                            row.name << " (§" << row.section << ") is " << ToString(row.hide)
                                     << " but the rule text " << (never ? "omits" : "names")
                                     << " it");
        BOOST_CHECK(FindAvpSpec(static_cast<uint16_t>(row.type)) == &row);
    }
    BOOST_CHECK_EQUAL(neverHidden, 9u);
    BOOST_CHECK(FindAvpSpec(20) == nullptr); // reserved (§4.4)
    BOOST_REQUIRE_EQUAL(GetMessageSpecs().size(), kL2tpMessageSpecCount);
    for (size_t i = 0; i < kL2tpMessageSpecCount; ++i)
    {
        const MessageSpec& m = GetMessageSpecs()[i];
        BOOST_CHECK_EQUAL(m.type, static_cast<uint16_t>(kL2tpMessageSpecs[i].type));
        BOOST_CHECK_EQUAL(m.required.size(), kL2tpMessageSpecs[i].RequiredAvps().size());
    }
}

BOOST_AUTO_TEST_CASE(globs_select_rules)
{
    std::vector<std::string> unmatched;
    BOOST_CHECK_EQUAL(SelectRules({}).size(), GetRuleCatalog().size());
    BOOST_CHECK_EQUAL(SelectRules({"*"}).size(), GetRuleCatalog().size());
    BOOST_CHECK_EQUAL(SelectRules({"rfc2661/*"}).size(),
                      GetL2tpRules().size()); // scenario spelling
    size_t families = 0;
    for (const RuleFamily& f : GetRuleFamilies())
    {
        families += f.rules->size();
    }
    BOOST_CHECK_EQUAL(families, GetRuleCatalog().size());
    auto r58 = SelectRules({"RFC2661-5.8-*"});
    BOOST_CHECK(r58.size() >= 5);
    for (const Rule* r : r58)
    {
        BOOST_CHECK_EQUAL(std::string(r->section).substr(0, 3), "5.8");
    }
    auto none = SelectRules({"RFC9999-*", "RFC2661-3.1-version"}, &unmatched);
    BOOST_CHECK_EQUAL(none.size(), 1u);
    BOOST_REQUIRE_EQUAL(unmatched.size(), 1u);
    BOOST_CHECK_EQUAL(unmatched[0], "RFC9999-*");
}

// Header (RFC 2661 §3.1)
NEGATIVE(neg_control_header_p_bit, "RFC2661-3.1-control-header-bits", 3) // §3.1: P bit MUST be 0
{
    f[At(3)].msg.flags |= 0x0100;
}

NEGATIVE(neg_version, "RFC2661-3.1-version", 3) // §3.1: Ver MUST be 2
{
    f[At(3)].msg.flags = (f[At(3)].msg.flags & 0xFFF0) | 3;
}

NEGATIVE(neg_header_reserved_bits, "RFC2661-3.1-reserved-bits", 3) // §3.1: reserved bits MUST be 0
{
    f[At(3)].msg.flags |= 0x0010;
}

NEGATIVE(neg_well_formed, "RFC2661-3.1-well-formed", 5) // §4.1: an AVP runs past the message
{
    RawAvp* csn = FindAvp(f[At(5)], 15);
    csn->lengthOverride = 200;
}

// §3.1: Length is the total length of the message: AVPs after a short Length are outside it.
NEGATIVE(neg_length_shorter_than_avps, "RFC2661-3.1-length-field", 1)
{
    f[At(1)].msg.lengthOverride = static_cast<int>(f[At(1)].msg.Bytes().size()) - 8;
}

// §3.1: the Length of a data message (L bit set) is checked too.
NEGATIVE(neg_data_length, "RFC2661-3.1-length-field", 9)
{
    f[At(9)].msg.lengthOverride = static_cast<int>(f[At(9)].msg.Bytes().size()) - 4;
}

// AVPs (RFC 2661 §4.1, §4.3, §4.4)
NEGATIVE(neg_avp_length, "RFC2661-4.1-avp-length", 5) // §4.1: AVP Length >= 6
{
    RawAvp bad = RawAvp::U16(15, 1);
    bad.lengthOverride = 4;
    f[At(5)].msg.avps.insert(f[At(5)].msg.avps.begin() + 1, bad);
}

NEGATIVE(neg_avp_reserved_bits,
         "RFC2661-4.1-avp-reserved-bits",
         5) // §4.1: AVP reserved bits MUST be 0
{
    FindAvp(f[At(5)], 15)->reservedBits = 0x1;
}

NEGATIVE(neg_random_vector_after_hidden, "RFC2661-4.3-random-vector-precedes-hidden", 2) // §4.3
{
    auto& a = f[At(2)].msg.avps;
    std::swap(a[5], a[6]); // hidden Vendor Name now before the Random Vector
}

NEGATIVE(neg_m_bit_host_name, "RFC2661-4.4-m-bit", 1) // §4.4.3: Host Name M bit MUST be 1
{
    FindAvp(f[At(1)], 7)->mandatory = false;
}

// The H-bit rule reads the never-hidden column of the model's AVP table; one negative test per AVP
// whose RFC 2661 §4.4.x text says "This AVP MUST NOT be hidden (the H-bit MUST be 0)".
NEGATIVE(neg_h_bit_host_name, "RFC2661-4.4-h-bit", 1) // §4.4.3 Host Name: MUST NOT be hidden
{
    HideAvp(f[At(1)], 7);
}

NEGATIVE(neg_h_bit_result_code, "RFC2661-4.4-h-bit", 16) // §4.4.2 Result Code: MUST NOT be hidden
{
    HideAvp(f[At(16)], 1);
}

NEGATIVE(neg_h_bit_protocol_version, "RFC2661-4.4-h-bit", 2) // §4.4.3 Protocol Version
{
    HideAvp(f[At(2)], 2);
}

NEGATIVE(neg_h_bit_tie_breaker, "RFC2661-4.4-h-bit", 1) // §4.4.3 Tie Breaker (M=0): never hidden
{
    HideAvp(f[At(1)], 5, false);
}

NEGATIVE(neg_h_bit_receive_window, "RFC2661-4.4-h-bit", 1) // §4.4.3 Receive Window Size
{
    HideAvp(f[At(1)], 10);
}

NEGATIVE(neg_h_bit_q931_cause_code, "RFC2661-4.4-h-bit", 16) // §4.4.4 Q.931 Cause Code (CDN)
{
    HideAvp(f[At(16)], 12);
}

NEGATIVE(neg_h_bit_sequencing_required, "RFC2661-4.4-h-bit", 28) // §4.4.4 Sequencing Required
{
    HideAvp(f[At(28)], 39);
}

NEGATIVE(neg_message_type_not_first, "RFC2661-4.4.1-message-type-first", 1) // §4.4.1
{
    auto& a = f[At(1)].msg.avps;
    std::swap(a[0], a[1]);
}

NEGATIVE(neg_message_type_m_bit, "RFC2661-4.4.1-message-type-flags", 1) // §4.4.1: M=1, H=0
{
    f[At(1)].msg.avps[0].mandatory = false;
}

NEGATIVE(neg_random_vector_m_bit, "RFC2661-4.4.1-random-vector-flags", 2) // §4.4.1: M=1, H=0
{
    FindAvp(f[At(2)], 36)->mandatory = false;
}

NEGATIVE(neg_protocol_version_value, "RFC2661-4.4.3-protocol-version-value", 1) // §4.4.3: 1.0
{
    FindAvp(f[At(1)], 2)->value = {1, 1};
}

NEGATIVE(neg_empty_host_name, "RFC2661-4.4.3-host-name-length", 1) // §4.4.3: at least one octet
{
    FindAvp(f[At(1)], 7)->value.clear();
}

NEGATIVE(neg_sccrq_tunnel_id,
         "RFC2661-4.4.3-sccrq-tunnel-id-zero",
         22) // §4.4.3: Tunnel ID 0 before assignment
{
    f[At(22)].msg.tunnelId = 5;
}

NEGATIVE(neg_assigned_session_id_zero, "RFC2661-5.3-assigned-ids-nonzero", 5) // §5.3: 0 is reserved
{
    FindAvp(f[At(5)], 14)->value = {0, 0};
}

// Required AVPs (RFC 2661 §6.x): each message loses one AVP it MUST carry
NEGATIVE(neg_sccrq_required, "RFC2661-6.1-sccrq-required-avps", 1) // §6.1: Framing Capabilities
{
    RemoveAvp(f[At(1)], 3);
}

NEGATIVE(neg_sccrp_required, "RFC2661-6.2-sccrp-required-avps", 2) // §6.2: Host Name
{
    RemoveAvp(f[At(2)], 7);
}

NEGATIVE(neg_stopccn_required, "RFC2661-6.4-stopccn-required-avps", 18) // §6.4: Result Code
{
    RemoveAvp(f[At(18)], 1);
}

NEGATIVE(neg_icrq_required, "RFC2661-6.6-icrq-required-avps", 5) // §6.6: Call Serial Number
{
    RemoveAvp(f[At(5)], 15);
}

NEGATIVE(neg_icrp_required, "RFC2661-6.7-icrp-required-avps", 6) // §6.7: Assigned Session ID
{
    RemoveAvp(f[At(6)], 14);
}

NEGATIVE(neg_iccn_required, "RFC2661-6.8-iccn-required-avps", 7) // §6.8: Framing Type
{
    RemoveAvp(f[At(7)], 19);
}

NEGATIVE(neg_ocrq_required, "RFC2661-6.9-ocrq-required-avps", 26) // §6.9: Called Number
{
    RemoveAvp(f[At(26)], 21);
}

NEGATIVE(neg_ocrp_required, "RFC2661-6.10-ocrp-required-avps", 27) // §6.10: Assigned Session ID
{
    RemoveAvp(f[At(27)], 14);
}

NEGATIVE(neg_occn_required, "RFC2661-6.11-occn-required-avps", 28) // §6.11: (Tx) Connect Speed
{
    RemoveAvp(f[At(28)], 24);
}

NEGATIVE(neg_cdn_required, "RFC2661-6.12-cdn-required-avps", 16) // §6.12: Result Code
{
    RemoveAvp(f[At(16)], 1);
}

NEGATIVE(neg_wen_required, "RFC2661-6.13-wen-required-avps", 14) // §6.13: Call Errors
{
    RemoveAvp(f[At(14)], 34);
}

NEGATIVE(neg_sli_required, "RFC2661-6.14-sli-required-avps", 13) // §6.14: ACCM
{
    RemoveAvp(f[At(13)], 35);
}

// Reliable delivery (RFC 2661 §5.8)
// §5.8: Ns increments by one. A skip alone is what loss of the skipped messages before the capture
// point looks like; a skip beyond the receiver's window from its last acknowledgement is not: the
// LNS acknowledged Nr 2 (frame 4) with window 4, so Ns 6 cannot be a new message.
NEGATIVE(neg_ns_skips_beyond_window, "RFC2661-5.8-ns-increments", 5)
{
    f[At(5)].msg.ns = 6;
}

// §5.8, provable at the capture point: the LAC's ICRQ takes Ns 3, skipping 2 (within the window,
// so no loss could explain it by count alone); the LNS's ICRP then acknowledges Nr 3, i.e. Ns 2,
// which never passed the capture point: the LAC skipped it.
NEGATIVE(neg_ns_skip_proven_by_peer_nr, "RFC2661-5.8-ns-increments", 5)
{
    for (size_t n : {5, 7, 14, 16})
    {
        ++f[At(n)].msg.ns; // the LAC's later messages keep counting from the skipped value
    }
    f[At(12)].msg.ns = 5;
    f[At(21)].msg.ns = 7;
    for (size_t n : {6, 8, 11, 13, 15, 17, 18, 19, 20})
    {
        ++f[At(n)].msg.nr; // the LNS acknowledges them (and so the skipped Ns 2)
    }
}

NEGATIVE(neg_ns_reused, "RFC2661-5.8-ns-increments", 7) // §5.8: a new message takes a new Ns
{
    f[At(7)].msg.ns = 2; // the ICCN reuses the ICRQ's Ns
}

NEGATIVE(neg_ns_first_not_zero, "RFC2661-5.8-ns-increments", 2) // §5.8: the first message has Ns 0
{
    f[At(2)].msg.ns = 1;
}

// §5.8: a ZLB carries the next Ns. Its Ns may run ahead of what the capture showed (messages lost
// before the capture point), but never behind an Ns already sent...
NEGATIVE(neg_zlb_ns_behind, "RFC2661-5.8-zlb-ns", 12)
{
    f[At(12)].msg.ns = 3; // the LAC already sent Ns 3 (ICCN, frame 7)
}

// ... nor beyond the receiver's window from the last acknowledgement (Nr 4 in frame 11, window 4).
NEGATIVE(neg_zlb_ns_beyond_window, "RFC2661-5.8-zlb-ns", 12)
{
    f[At(12)].msg.ns = 9;
}

NEGATIVE(neg_nr_acks_unsent, "RFC2661-5.8-nr-valid", 3) // §5.8: Nr = next expected, never beyond
{
    f[At(3)].msg.nr = 2;
}

NEGATIVE(neg_nr_goes_back, "RFC2661-5.8-nr-valid", 14) // §5.8: Nr never decreases
{
    f[At(14)].msg.nr = 2;
}

// RFC 2661 §5.8: "The retransmitted message contains the same Ns value, but the Nr value MUST be
// updated with the sequence number of the next expected message." xl2tpd retransmits its stored
// HELLO with the Nr it had when first sent: that is RFC2661-5.8-retransmit-nr-updated's fault, and
// only its (nr-valid judges a retransmission for acknowledging unsent messages and for going below
// its first transmission's Nr).
static std::vector<Frame>
RetransmittedHello(uint16_t retransmittedNr)
{
    std::vector<Frame> f = LossyBase();
    f.push_back(F(1000, kLns, kLac, Hello(11, 1, 2)));                  // 5: HELLO Ns 1 Nr 2
    f.push_back(F(1010, kLac, kLns, Icrq(2, 2, 101)));                  // 6: ICRQ acks it
    f.push_back(F(1020, kLns, kLac, RawL2tp::Control(0, 11, 0, 2, 3))); // 7: ZLB Nr 3
    f.push_back(F(2000, kLns, kLac, Hello(11, 1, retransmittedNr)));    // 8: HELLO again
    return f;
}

BOOST_AUTO_TEST_CASE(retransmission_carries_the_updated_nr)
{
    CheckReport rep = Check(RetransmittedHello(3), "nr-retransmit",
                            {"RFC2661-5.8-nr-valid", "RFC2661-5.8-retransmit-nr-updated"});
    for (const char* id : {"RFC2661-5.8-nr-valid", "RFC2661-5.8-retransmit-nr-updated"})
    {
        const RuleResult* r = Result(rep, id);
        BOOST_REQUIRE(r);
        BOOST_CHECK_MESSAGE(r->verdict.verdict == Verdict::PASS, id << ": " << r->verdict.detail);
    }
}

static RegisterNegative neg_retransmission_keeps_its_stale_nr_reg(
    "RFC2661-5.8-retransmit-nr-updated");

BOOST_AUTO_TEST_CASE(neg_retransmission_keeps_its_stale_nr)
{
    // Nr 2 again after the ZLB in frame 7 said Nr 3: one fault, one failing rule.
    CheckReport rep = Check(RetransmittedHello(2), "nr-retransmit-stale",
                            {"RFC2661-5.8-nr-valid", "RFC2661-5.8-retransmit-nr-updated"});
    ExpectRuleFailsAt(rep, "RFC2661-5.8-retransmit-nr-updated", 8);
    const RuleResult* nr = Result(rep, "RFC2661-5.8-nr-valid");
    BOOST_REQUIRE(nr);
    BOOST_CHECK_MESSAGE(nr->verdict.verdict == Verdict::PASS, nr->verdict.detail);
}

BOOST_AUTO_TEST_CASE(neg_retransmission_nr_below_its_first)
{
    ExpectRuleFailsAt(Check(RetransmittedHello(1), "nr-retransmit-low", {"RFC2661-5.8-nr-valid"}),
                      "RFC2661-5.8-nr-valid", 8);
}

// §5.8: every message is acknowledged. Capture taken on the LAC: the StopCCN provably arrived
// (frame 18) and the LAC's ZLB 3 s later still does not acknowledge it.
NEGATIVE_AT(neg_stopccn_never_acked, "RFC2661-5.8-control-acked", 18, kLac)
{
    f[At(21)].msg.nr = 4;
}

// Without a capture point, the receiver's own traffic proves delivery: LNS2 answers the SCCRQ with
// an SCCRP addressed to the Tunnel ID the SCCRQ assigned, yet never acknowledges it.
NEGATIVE(neg_sccrq_processed_never_acked, "RFC2661-5.8-control-acked", 22)
{
    for (size_t n : {23, 25, 26, 29, 31})
    {
        f[At(n)].msg.nr = 0;
    }
}

// §6.5 + §5.8: HELLO is acknowledged. Capture taken on LAC2, where the HELLO arrived.
NEGATIVE_AT(neg_hello_never_acked, "RFC2661-6.5-hello-acked", 31, kLac2)
{
    f[At(31)].t = 6300 * kMs;
    f[At(32)].msg.nr = 2;
}

// §5.8: exponential backoff. Intervals 1 s then 0.2 s: no loss of copies before the capture point
// explains it (an observed interval can only be the sum of several true ones).
NEGATIVE(neg_backoff_shrinks, "RFC2661-5.8-retransmit-backoff", 20)
{
    f[At(20)].t = 3200 * kMs;
}

NEGATIVE(neg_initial_timeout_short,
         "RFC2661-5.8-initial-retransmit-timeout",
         19) // §5.8: 1 s recommended
{
    f[At(19)].t = 2300 * kMs;
}

// Identifiers (RFC 2661 §4.4.3, §4.4.4)
NEGATIVE(neg_scccn_wrong_tunnel_id,
         "RFC2661-4.4.3-header-tunnel-id",
         3) // §4.4.3: SCCCN uses the peer's ID
{
    f[At(3)].msg.tunnelId = 23;
}

NEGATIVE(neg_sccrp_wrong_tunnel_id,
         "RFC2661-4.4.3-header-tunnel-id",
         2) // §4.4.3: SCCRP uses the peer's ID
{
    f[At(2)].msg.tunnelId = 12;
}

NEGATIVE(neg_hello_tunnel_id_zero,
         "RFC2661-4.4.3-header-tunnel-id",
         11) // §4.4.3: 0 only before assignment
{
    f[At(11)].msg.tunnelId = 0;
}

// §4.4.2: a Result Code AVP of 9 octets (a one-octet Error Code) is malformed.
NEGATIVE(neg_result_code_length_9, "RFC2661-4.4.2-result-code-length", 16)
{
    FindAvp(f[At(16)], 1)->value = {0, 3, 0};
}

// §4.4.2: Length 8 (Result Code only, no Error Code) and 10 (with an Error Code) are both valid;
// xl2tpd has been reported to reject 8, the RFC allows it.
BOOST_AUTO_TEST_CASE(result_code_length_8_and_10_pass)
{
    std::vector<Frame> f = Golden(); // CDN (16) and StopCCN (18-20) carry 8-octet Result Codes
    CheckReport eight = Check(f, "rc-8", {"RFC2661-4.4.2-*", "RFC2661-3.1-*", "RFC2661-6.*"});
    FindAvp(f[At(16)], 1)->value = {0, 3, 0, 0};
    FindAvp(f[At(18)], 1)->value = {0, 2, 0, 6, 'b', 'y', 'e'};
    CheckReport ten = Check(f, "rc-10", {"RFC2661-4.4.2-*", "RFC2661-3.1-*", "RFC2661-6.*"});
    for (const CheckReport* rep : {&eight, &ten})
    {
        BOOST_CHECK_MESSAGE(rep->Passed(), rep->pcap);
        const RuleResult* r = Result(*rep, "RFC2661-4.4.2-result-code-length");
        BOOST_REQUIRE(r);
        BOOST_CHECK_MESSAGE(r->verdict.verdict == Verdict::PASS, r->verdict.detail);
        BOOST_CHECK_EQUAL(r->verdict.checked, 4u);
    }
}

NEGATIVE(neg_iccn_wrong_session_id,
         "RFC2661-4.4.4-header-session-id",
         7) // §4.4.4: peer's Session ID
{
    f[At(7)].msg.sessionId = 203;
}

NEGATIVE(neg_hello_with_session_id,
         "RFC2661-4.4.4-header-session-id",
         11) // tunnel message: Session ID 0
{
    f[At(11)].msg.sessionId = 101;
}

NEGATIVE(neg_stopccn_other_tunnel_id,
         "RFC2661-4.4.3-stopccn-tunnel-id",
         18) // §4.4.3: same ID as first sent
{
    for (size_t n : {18, 19, 20})
    {
        FindAvp(f[At(n)], 9)->value = {0, 23};
    }
}

NEGATIVE(neg_no_challenge_response, "RFC2661-4.4.3-challenge-response", 3) // §4.4.3 / §5.1.1
{
    RemoveAvp(f[At(3)], 13);
}

// §7.4.1: the LNS may send data only once it received the ICCN (it cannot before the capture point
// saw the ICCN). Data from the LAC before the captured ICCN is not judged: its ICCN may have been
// lost before the capture point.
NEGATIVE(neg_data_before_iccn, "RFC2661-7.4-no-data-before-established", 7)
{
    Frame data = f[At(10)];
    data.t = 115 * kMs;
    f.erase(f.begin() + At(10));
    f.insert(f.begin() + At(7),
             data); // the LNS's data becomes frame 7, before the ICCN (now frame 8)
}

BOOST_AUTO_TEST_SUITE_END()

// Loss between a sender and the capture point (the project's own lossy simulations): each capture
// below is what a compliant pair of implementations produces when some packets are lost before the
// capture point; the rules must not FAIL on it (PASS or NOT_APPLICABLE).
BOOST_AUTO_TEST_SUITE(conformance_loss_before_capture)

// l2tp-lossy, capture downstream of the loss: the ICRQ was sent at +0, +1 s, +3 s, +7 s (backoff 1,
// 2, 4 s) and the +1 s copy was lost, so the capture shows intervals 3 s then 4 s.
BOOST_AUTO_TEST_CASE(backoff_with_a_copy_lost_before_the_capture)
{
    std::vector<Frame> f = LossyBase();
    f.push_back(F(1000, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(4000, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(8000, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(8010, kLns, kLac, RawL2tp::Control(11, 11, 101, 1, 3).Add(Asid(202))));
    BOOST_CHECK(ExpectNoFail(f, "loss-backoff", "RFC2661-5.8-retransmit-backoff") == Verdict::PASS);
    BOOST_CHECK(ExpectNoFail(f, "loss-backoff-at", "RFC2661-5.8-retransmit-backoff", {kLns}) ==
                Verdict::PASS);
    BOOST_CHECK(ExpectNoFail(f, "loss-initial", "RFC2661-5.8-initial-retransmit-timeout") ==
                Verdict::PASS);
    // The rule still bites on the same capture when the third interval shrinks below what any
    // merge of true intervals allows.
    f.push_back(F(8500, kLac, kLns, Icrq(2, 1, 101)));
    ExpectFail(f, "RFC2661-5.8-retransmit-backoff", 9);
}

// l2tp-many-clients: an SCCRP held in the LNS's ARP queue is released together with its first
// retransmission (0 ms apart): one transmission event, not a 0 ms initial timeout.
BOOST_AUTO_TEST_CASE(copies_released_together_are_one_transmission)
{
    using C = RawL2tp;
    std::vector<Frame> f = {
        F(0, kLac, kLns,
          C::Control(1, 0, 0, 0, 0).Add(Pv()).Add(Hn("lac")).Add(Fc()).Add(Atid(11))),
        F(1000, kLns, kLac,
          C::Control(2, 11, 0, 0, 1).Add(Pv()).Add(Fc()).Add(Hn("lns")).Add(Atid(22))),
        F(1000.3, kLns, kLac,
          C::Control(2, 11, 0, 0, 1).Add(Pv()).Add(Fc()).Add(Hn("lns")).Add(Atid(22))),
        F(3000, kLns, kLac,
          C::Control(2, 11, 0, 0, 1).Add(Pv()).Add(Fc()).Add(Hn("lns")).Add(Atid(22))),
        F(3010, kLac, kLns, C::Control(3, 22, 0, 1, 1)),
        F(3020, kLns, kLac, C::Control(0, 11, 0, 1, 2)),
    };
    BOOST_CHECK(ExpectNoFail(f, "arp-initial", "RFC2661-5.8-initial-retransmit-timeout", {kLns}) ==
                Verdict::PASS);
    ExpectNoFail(f, "arp-backoff", "RFC2661-5.8-retransmit-backoff", {kLns});
    // 18 ms apart (the widest spread l2tp-many-clients shows under CSMA contention): still one
    // event.
    f[2].t = 1018 * kMs;
    BOOST_CHECK(ExpectNoFail(f, "arp-initial-18", "RFC2661-5.8-initial-retransmit-timeout") ==
                Verdict::PASS);
    // Copies 300 ms apart are two transmissions: the SHOULD is violated.
    f[2].t = 1300 * kMs;
    ExpectFail(f, "RFC2661-5.8-initial-retransmit-timeout", 3);
    // A sender retransmitting every 30 ms is not hidden by the grouping (groups are anchored at
    // their first copy): events at +30, +90, +150 ms (frames 3, 5, 7) give 60 ms intervals.
    std::vector<Frame> g(f.begin(), f.begin() + 2);
    for (int n = 1; n <= 6; ++n)
    {
        g.push_back(
            F(1000 + 30 * n, kLns, kLac,
              RawL2tp::Control(2, 11, 0, 0, 1).Add(Pv()).Add(Fc()).Add(Hn("lns")).Add(Atid(22))));
    }
    ExpectFail(g, "RFC2661-5.8-initial-retransmit-timeout", 5);
}

// l2tp-many-clients, LNS capture: the ICRP (Ns 1) was dropped in the LNS's own device queue before
// the capture point; the LNS then acknowledges the retransmitted ICRQ with a ZLB carrying Ns 2 (the
// next Ns), and the ICRP retransmission appears 1 s later.
BOOST_AUTO_TEST_CASE(zlb_ns_ahead_of_a_message_dropped_before_the_capture)
{
    std::vector<Frame> f = LossyBase();
    f.push_back(F(100, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(1100, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(1100.5, kLns, kLac, RawL2tp::Control(0, 11, 0, 2, 3)));
    f.push_back(F(1101, kLns, kLac, RawL2tp::Control(11, 11, 101, 1, 3).Add(Asid(202))));
    f.push_back(F(1110, kLac, kLns, Iccn(3, 2)));
    f.push_back(F(1120, kLns, kLac, RawL2tp::Control(0, 11, 0, 2, 4)));
    for (const char* rule : {"RFC2661-5.8-zlb-ns", "RFC2661-5.8-ns-increments",
                             "RFC2661-5.8-nr-valid", "RFC2661-5.8-control-acked"})
    {
        BOOST_CHECK(ExpectNoFail(f, "dropped-icrp", rule, {kLns}) == Verdict::PASS);
        BOOST_CHECK(ExpectNoFail(f, "dropped-icrp-noat", rule) == Verdict::PASS);
    }
}

// Ns 2 lost before the capture, Ns 3 seen, then Ns 2's retransmission: a gap, filled later.
BOOST_AUTO_TEST_CASE(ns_gap_filled_by_a_later_retransmission)
{
    std::vector<Frame> f = LossyBase();
    f.push_back(F(150, kLac, kLns, Icrq(3, 1, 102)));
    f.push_back(
        F(160, kLns, kLac, RawL2tp::Control(0, 11, 0, 1, 2))); // cannot acknowledge Ns 3 yet
    f.push_back(F(1100, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(1110, kLns, kLac, RawL2tp::Control(0, 11, 0, 1, 4)));
    BOOST_CHECK(ExpectNoFail(f, "ns-gap", "RFC2661-5.8-ns-increments") == Verdict::PASS);
    BOOST_CHECK(ExpectNoFail(f, "ns-gap-at", "RFC2661-5.8-ns-increments", {kLns}) == Verdict::PASS);
    BOOST_CHECK(ExpectNoFail(f, "ns-gap-zlb", "RFC2661-5.8-zlb-ns") == Verdict::PASS);
}

// l2tp-keepalive-loss: the path dies; the LAC's HELLO is retransmitted and never acknowledged, then
// the LAC gives up. Nobody can be blamed: the HELLO never reached the LNS.
BOOST_AUTO_TEST_CASE(hello_into_a_dead_path_is_not_blamed)
{
    std::vector<Frame> f = LossyBase();
    for (double t : {20000.0, 21000.0, 23000.0, 27000.0, 35000.0})
    {
        f.push_back(F(t, kLac, kLns, Hello(22, 2, 1)));
    }
    f.push_back(F(51000, kLac, kLns, RawL2tp::Control(4, 22, 0, 3, 1).Add(Atid(11)).Add(Rc(2))));
    f.push_back(F(83000, kLac, kLns, RawL2tp::Control(4, 22, 0, 3, 1).Add(Atid(11)).Add(Rc(2))));
    for (const std::vector<std::string>& at : {std::vector<std::string>{}, {kLac}, {kLns}})
    {
        ExpectNoFail(f, "dead-hello", "RFC2661-6.5-hello-acked", at);
        ExpectNoFail(f, "dead-stopccn", "RFC2661-5.8-control-acked", at);
        ExpectNoFail(f, "dead-backoff", "RFC2661-5.8-retransmit-backoff", at);
    }
    // The LNS kept talking (ZLBs with a stale Nr) after the HELLO arrived at it: now it is to
    // blame, but only where the capture proves the arrival (capture point = LNS).
    std::vector<Frame> g(f.begin(), f.begin() + 5);
    g.push_back(F(22000, kLns, kLac, RawL2tp::Control(0, 11, 0, 1, 2)));
    BOOST_CHECK(ExpectNoFail(g, "alive-noat", "RFC2661-6.5-hello-acked") ==
                Verdict::NOT_APPLICABLE);
    BOOST_CHECK(ExpectNoFail(g, "alive-at-lac", "RFC2661-6.5-hello-acked", {kLac}) ==
                Verdict::NOT_APPLICABLE);
    ExpectFail(g, "RFC2661-6.5-hello-acked", 5, {kLns});
}

// Capture on the LNS: the LAC's Ns 2 never arrived, Ns 3 did; the LNS keeps Nr 2 (it cannot deliver
// Ns 3 in order): not a missing acknowledgement.
BOOST_AUTO_TEST_CASE(no_blame_for_out_of_order_arrival)
{
    std::vector<Frame> f = LossyBase();
    f.push_back(F(150, kLac, kLns, Icrq(3, 1, 102)));
    f.push_back(F(1500, kLns, kLac, RawL2tp::Control(0, 11, 0, 1, 2)));
    f.push_back(F(5000, kLns, kLac, RawL2tp::Control(0, 11, 0, 1, 2)));
    BOOST_CHECK(ExpectNoFail(f, "ooo", "RFC2661-5.8-control-acked", {kLns}) == Verdict::PASS);
    CheckReport rep = Check(f, "ooo-detail", {"RFC2661-5.8-control-acked"}, {kLns});
    BOOST_CHECK_MESSAGE(rep.results[0].verdict.detail.find("Ns 2 never arrived") !=
                            std::string::npos,
                        rep.results[0].verdict.detail);
}

// Capture on the LNS: its ICRP (Session ID 202) left and was lost after the capture point; the LAC
// gives up with a CDN carrying Session ID 0 (it never learned 202). Not a header-session-id
// violation.
BOOST_AUTO_TEST_CASE(session_id_zero_after_an_assignment_lost_after_the_capture)
{
    std::vector<Frame> f = LossyBase();
    f.push_back(F(100, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(110, kLns, kLac, RawL2tp::Control(11, 11, 101, 1, 3).Add(Asid(202))));
    f.push_back(F(1100, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(1101, kLns, kLac, RawL2tp::Control(0, 11, 0, 2, 3)));
    f.push_back(F(5000, kLac, kLns, RawL2tp::Control(14, 22, 0, 3, 1).Add(Rc(3)).Add(Asid(101))));
    ExpectNoFail(f, "sid-lost", "RFC2661-4.4.4-header-session-id", {kLns});
    ExpectNoFail(f, "sid-lost-noat", "RFC2661-4.4.4-header-session-id");
    // Once the LAC acknowledged the ICRP (Nr 2), Session ID 0 is a violation.
    f.back().msg.nr = 2;
    ExpectFail(f, "RFC2661-4.4.4-header-session-id", 9);
}

// RFC 2661 §4.3/§4.4.4: the LAC hides its Assigned Session ID (no secret given to the checker), so
// the LNS's ICRP carrying that Session ID must not be blamed; a Session ID nobody could have
// assigned in clear is still judged where no hidden assignment exists (neg_iccn_wrong_session_id).
BOOST_AUTO_TEST_CASE(session_id_assigned_in_a_hidden_avp_is_not_blamed)
{
    std::vector<Frame> f = LossyBase();
    RawAvp hiddenAsid = RawAvp::Bytes(14, Fill(18, 0x6b));
    hiddenAsid.hidden = true;
    f.push_back(F(100, kLac, kLns,
                  RawL2tp::Control(10, 22, 0, 2, 1)
                      .Add(RawAvp::Bytes(36, Fill(16, 0x21)))
                      .Add(hiddenAsid)
                      .Add(RawAvp::U32(15, 1))));
    f.push_back(F(110, kLns, kLac, RawL2tp::Control(11, 11, 29011, 1, 3).Add(Asid(202))));
    ExpectNoFail(f, "hidden-asid", "RFC2661-4.4.4-header-session-id");
    ExpectNoFail(f, "hidden-asid-at", "RFC2661-4.4.4-header-session-id", {kLns});
}

// The LAC's ICCN was lost before the capture point; the LAC (established once it sent the ICCN)
// sends data, then the ICCN retransmission appears.
BOOST_AUTO_TEST_CASE(data_after_an_iccn_lost_before_the_capture)
{
    std::vector<Frame> f = LossyBase();
    std::vector<uint8_t> lcp = {0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04};
    f.push_back(F(100, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(110, kLns, kLac, RawL2tp::Control(11, 11, 101, 1, 3).Add(Asid(202))));
    f.push_back(F(130, kLac, kLns, RawL2tp::Data(22, 202, lcp)));
    f.push_back(F(1120, kLac, kLns, Iccn(3, 2)));
    f.push_back(F(1130, kLns, kLac, RawL2tp::Control(0, 11, 0, 2, 4)));
    f.push_back(F(1140, kLns, kLac, RawL2tp::Data(11, 101, lcp)));
    BOOST_CHECK(ExpectNoFail(f, "iccn-lost", "RFC2661-7.4-no-data-before-established") ==
                Verdict::PASS);
}

// The LNS's ICRP is lost, so both ends retransmit (§5.8): the LNS its ICRP, the LAC its ICRQ (same
// Ns), which the capture shows after the ICRP. The repeated ICRQ is the same call, not a new one:
// the LNS's data after the ICCN belongs to an established session (a setup storm showed this).
BOOST_AUTO_TEST_CASE(a_request_retransmitted_after_the_reply_is_the_same_call)
{
    std::vector<Frame> f = LossyBase();
    std::vector<uint8_t> lcp = {0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04};
    const RawL2tp icrp = RawL2tp::Control(11, 11, 101, 1, 3).Add(Asid(202));
    f.push_back(F(100, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(110, kLns, kLac, icrp));
    f.push_back(F(1110, kLns, kLac, icrp));
    f.push_back(F(1112, kLac, kLns, Icrq(2, 1, 101)));
    f.push_back(F(1113, kLns, kLac, RawL2tp::Control(0, 11, 0, 2, 3)));
    f.push_back(F(1120, kLac, kLns, Iccn(3, 2)));
    f.push_back(F(1130, kLns, kLac, RawL2tp::Control(0, 11, 0, 2, 4)));
    f.push_back(F(1140, kLns, kLac, RawL2tp::Data(11, 101, lcp)));
    BOOST_CHECK(ExpectNoFail(f, "icrq-crosses-icrp", "RFC2661-7.4-no-data-before-established") ==
                Verdict::PASS);
    // The same ICRQ with a new Ns after a CDN is a new call with a reused Session ID: its data
    // before its own ICCN is a violation again.
    f.push_back(F(2000, kLac, kLns, RawL2tp::Control(14, 22, 202, 4, 2).Add(Rc(3)).Add(Asid(101))));
    f.push_back(F(2010, kLns, kLac, RawL2tp::Control(0, 11, 0, 2, 5)));
    f.push_back(F(2100, kLac, kLns, Icrq(5, 2, 101)));
    f.push_back(F(2110, kLns, kLac, RawL2tp::Data(11, 101, lcp)));
    ExpectFail(f, "RFC2661-7.4-no-data-before-established", static_cast<uint32_t>(f.size()));
}

// The capture-point API: CheckRecords overload, ExtractOptions::capturePoint, normalisation, JSON.
BOOST_AUTO_TEST_CASE(capture_point_api)
{
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecords(Write(Golden(), "cp-api"), ExtractOptions(), rs, err),
                          err);
    CheckReport none = CheckRecords(rs, {"RFC2661-5.8-*"});
    BOOST_CHECK(none.capturePoint.empty());
    CheckReport at =
        CheckRecords(rs, {"RFC2661-5.8-*"}, {"10.0.0.2", "2001:DB8:0::1", "10.0.0.2", "bogus"});
    BOOST_REQUIRE_EQUAL(at.capturePoint.size(), 2u);
    BOOST_CHECK_EQUAL(at.capturePoint[0], "10.0.0.2");
    BOOST_CHECK_EQUAL(at.capturePoint[1], "2001:db8::1");
    BOOST_CHECK(at.Passed() && none.Passed());
    BOOST_CHECK_EQUAL(CheckReportJson(at, CheckJsonDetail::EVERY_RULE)["capture_point"][0],
                      "10.0.0.2");
    BOOST_CHECK_EQUAL(NormalizeAddress("010.0.0.1x"), "");
    BOOST_CHECK_EQUAL(NormalizeAddress("::ffff:10.0.0.1"), "::ffff:10.0.0.1");

    FlowIndex fx = BuildFlowIndex(rs.records);
    RuleContext ctx{rs.records, fx};
    BOOST_CHECK(!ctx.AtCapturePoint("10.0.0.2"));
    ctx.capturePoint = {"2001:db8::1", "10.0.0.2"};
    BOOST_CHECK(ctx.AtCapturePoint("10.0.0.2"));
    BOOST_CHECK(ctx.AtCapturePoint("2001:DB8::0:1"));
    BOOST_CHECK(!ctx.AtCapturePoint("10.0.0.1"));

    // The same mutated capture: FAIL only where the capture point proves delivery.
    std::vector<Frame> f = Golden();
    f[At(21)].msg.nr = 4;
    BOOST_CHECK(
        Result(Check(f, "cp-noat", {"RFC2661-5.8-control-acked"}), "RFC2661-5.8-control-acked")
            ->verdict.verdict == Verdict::PASS);
    BOOST_CHECK(Result(Check(f, "cp-lns", {"RFC2661-5.8-control-acked"}, {kLns}),
                       "RFC2661-5.8-control-acked")
                    ->verdict.verdict == Verdict::PASS);
    CheckReport lac = Check(f, "cp-lac", {"RFC2661-5.8-control-acked"}, {kLac});
    BOOST_CHECK(!lac.Passed());
    BOOST_CHECK_EQUAL(lac.capturePoint.size(), 1u);
    // Issue 11: a failure that rests on the capture point's assumption says so in its detail.
    const RuleResult* failed = Result(lac, "RFC2661-5.8-control-acked");
    BOOST_REQUIRE(failed);
    BOOST_CHECK(failed->verdict.detail.find("relies on --at") != std::string::npos);
    // ... and a failure that does not use the capture point carries no such caveat.
    std::vector<Frame> g = Golden();
    g[At(3)].msg.flags = static_cast<uint16_t>((g[At(3)].msg.flags & 0xFFF0) | 3);
    CheckReport other = Check(g, "cp-ver", {"RFC2661-3.1-version"}, {kLac});
    const RuleResult* ver = Result(other, "RFC2661-3.1-version");
    BOOST_REQUIRE(ver);
    BOOST_CHECK(ver->verdict.verdict == Verdict::FAIL);
    BOOST_CHECK(ver->verdict.detail.find("relies on --at") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

// One fault, one verdict (conformance/consequences.h): each capture is the golden one with ONE
// field changed (lengths kept consistent); exactly one rule may fail, and what follows from the
// fault on the same flow is shown as its consequence, not counted.
BOOST_AUTO_TEST_SUITE(conformance_one_fault_one_verdict)

// RFC 2661 §3.1: an ICRP without the L bit (no Length field, the rest shifted consistently) is
// read by tshark as a ZLB; its Assigned Session ID and Ns vanish, so the LAC's later Nr, Session
// IDs and the LNS's data used to fail nr-valid, header-session-id and 7.4 as well.
BOOST_AUTO_TEST_CASE(control_message_without_l_bit)
{
    std::vector<Frame> f = Golden();
    f[At(6)].msg.flags &= static_cast<uint16_t>(~0x4000);
    CheckReport rep = Check(f, "one-l-bit", {});
    BOOST_CHECK_GE(ExpectOneVerdict(rep, "RFC2661-3.1-control-header-bits", 6), 2u);
    const RuleResult* data = Result(rep, "RFC2661-7.4-no-data-before-established");
    BOOST_REQUIRE(data);
    BOOST_CHECK(data->verdict.verdict == Verdict::CONSEQUENCE);
    BOOST_CHECK(data->verdict.detail.find("consequence of RFC2661-3.1-control-header-bits at "
                                          "frame 6") != std::string::npos);
    BOOST_CHECK(!rep.Passed());
}

// RFC 2661 §4.4.4: one ICCN with a wrong Session ID establishes no session, so the LNS's data
// looked "before established" (§7.4.1): one verdict, the data failures its consequence.
BOOST_AUTO_TEST_CASE(iccn_with_a_wrong_session_id)
{
    std::vector<Frame> f = Golden();
    f[At(7)].msg.sessionId = 203;
    CheckReport rep = Check(f, "one-iccn-sid", {});
    BOOST_CHECK_GE(ExpectOneVerdict(rep, "RFC2661-4.4.4-header-session-id", 7), 1u);
}

// RFC 2661 §3.1: an SCCCN with Ver 3 is no L2TPv2 message, so the LNS's ZLB acknowledging it
// looked like acknowledging an unsent message (§5.8 nr-valid).
BOOST_AUTO_TEST_CASE(scccn_with_a_wrong_version)
{
    std::vector<Frame> f = Golden();
    f[At(3)].msg.flags = static_cast<uint16_t>((f[At(3)].msg.flags & 0xFFF0) | 3);
    CheckReport rep = Check(f, "one-version", {});
    BOOST_CHECK_GE(ExpectOneVerdict(rep, "RFC2661-3.1-version", 3), 1u);
    // JSON: the root violation lists what follows from it; the summary counts it once.
    nlohmann::ordered_json j = CheckReportJson(rep);
    BOOST_CHECK_EQUAL(j["rules"]["fail"], 1);
    BOOST_CHECK_GE(j["rules"]["consequence"].get<int>(), 1);
    BOOST_REQUIRE_EQUAL(j["violations"].size(), 1u);
    BOOST_CHECK_EQUAL(j["violations"][0]["consequences"][0]["id"], "RFC2661-5.8-nr-valid");
}

// §3.1: a data message whose Length is 4 short: tshark misreads its PPP payload; one verdict.
BOOST_AUTO_TEST_CASE(data_message_with_a_short_length)
{
    std::vector<Frame> f = Golden();
    f[At(9)].msg.lengthOverride = static_cast<int>(f[At(9)].msg.Bytes().size()) - 4;
    ExpectOneVerdict(Check(f, "one-data-length", {}), "RFC2661-3.1-length-field", 9);
}

// §5.8: a ZLB whose Ns runs behind: the other sequence rules do not pile up on it.
BOOST_AUTO_TEST_CASE(sequence_fault)
{
    std::vector<Frame> f = Golden();
    f[At(5)].msg.ns = 6; // beyond the LNS's window from its last acknowledgement
    CheckReport rep = Check(f, "one-ns", {});
    ExpectOneVerdict(rep, "RFC2661-5.8-ns-increments", 5);
}

// A consequence is not a licence: once the flow has resynchronised (a later message of the same
// sender passes the rule), an independent fault of the same kind is a root again.
BOOST_AUTO_TEST_CASE(independent_fault_after_resynchronisation_is_counted)
{
    std::vector<Frame> f = Golden();
    f[At(3)].msg.flags = static_cast<uint16_t>((f[At(3)].msg.flags & 0xFFF0) | 3);
    f[At(11)].msg.nr = 1; // the LNS's HELLO: Nr goes back (frames 6 and 8 passed in between)
    CheckReport rep = Check(f, "one-resync", {});
    std::vector<std::string> failed = FailedRules(rep);
    BOOST_CHECK(std::find(failed.begin(), failed.end(), "RFC2661-3.1-version") != failed.end());
    const RuleResult* nr = Result(rep, "RFC2661-5.8-nr-valid");
    BOOST_REQUIRE(nr);
    BOOST_CHECK(nr->verdict.verdict == Verdict::FAIL);
    const auto& ff = nr->verdict.failingFrames;
    BOOST_CHECK(std::find(ff.begin(), ff.end(), 11u) != ff.end());
    BOOST_CHECK(std::find(ff.begin(), ff.end(), 4u) == ff.end());
    BOOST_CHECK_GE(rep.summary.failed, 2u);
}

// Faults on different flows never explain each other: tunnel 2's fault is its own verdict.
BOOST_AUTO_TEST_CASE(faults_on_other_flows_are_separate)
{
    std::vector<Frame> f = Golden();
    f[At(3)].msg.flags = static_cast<uint16_t>((f[At(3)].msg.flags & 0xFFF0) | 3);
    f[At(28)].msg.sessionId = 302; // tunnel 2's OCCN with a wrong Session ID
    CheckReport rep = Check(f, "one-two-flows", {});
    std::vector<std::string> failed = FailedRules(rep);
    BOOST_CHECK(std::find(failed.begin(), failed.end(), "RFC2661-3.1-version") != failed.end());
    BOOST_CHECK(std::find(failed.begin(), failed.end(), "RFC2661-4.4.4-header-session-id") !=
                failed.end());
    BOOST_CHECK_GE(rep.summary.failed, 2u);
}

// The table itself: every glob names at least one catalog rule (no stale ids).
BOOST_AUTO_TEST_CASE(consequence_table_names_catalog_rules)
{
    for (const ConsequenceRow& row : GetConsequenceTable())
    {
        for (const auto* list : {&row.explained, &row.causes})
        {
            for (const char* g : *list)
            {
                std::vector<std::string> unmatched;
                SelectRules({g}, &unmatched);
                BOOST_CHECK_MESSAGE(unmatched.empty(),
                                    "consequence table: " << g << " matches no rule");
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(conformance_reports)

BOOST_AUTO_TEST_CASE(json_and_junit_are_deterministic_and_cite_frames)
{
    std::vector<Frame> bad = Golden();
    bad[At(5)].msg.ns = 6; // beyond the LNS's window from its last acknowledgement
    CheckReport good = Check(Golden(), "rep-good", {"RFC2661-5.8-*", "RFC2661-6.1-*"});
    CheckReport fail = Check(bad, "rep-bad", {"RFC2661-5.8-*", "RFC2661-6.1-*"});
    BOOST_CHECK(good.Passed());
    BOOST_CHECK(!fail.Passed());
    BOOST_CHECK_GE(fail.summary.failed, 1u);

    std::string j1 = ConformanceReportsToJson({good, fail});
    std::string j2 = ConformanceReportsToJson({good, fail});
    BOOST_CHECK_EQUAL(j1, j2);
    BOOST_CHECK(j1.find("\"failing_frames\"") != std::string::npos);
    // One vocabulary with a run's report.json: result pass/fail/error, counts pass/fail/warn.
    nlohmann::json doc = nlohmann::json::parse(j1);
    BOOST_CHECK_EQUAL(doc["result"], "fail");
    BOOST_CHECK_EQUAL(doc["summary"]["fail"], fail.summary.failed);
    BOOST_CHECK_EQUAL(doc["summary"]["pass"], good.summary.passed + fail.summary.passed);
    BOOST_CHECK_EQUAL(doc["captures"][0]["result"], "pass");
    BOOST_CHECK_EQUAL(doc["captures"][1]["result"], "fail");
    BOOST_CHECK(!doc.contains("passed") && !doc["summary"].contains("failed"));
    // Fixed key order: re-serializing through an insertion-ordered object gives the same text.
    BOOST_CHECK_EQUAL(nlohmann::ordered_json::parse(j1).dump(2) + "\n", j1);

    std::string x = ConformanceReportsToJunit({good, fail});
    BOOST_CHECK_EQUAL(x, ConformanceReportsToJunit({good, fail}));
    BOOST_CHECK(x.find("<testsuite name=\"rep-good.pcap\"") != std::string::npos);
    BOOST_CHECK(x.find("name=\"RFC2661-5.8-ns-increments\"") != std::string::npos);
    BOOST_CHECK(x.find("<failure message=\"RFC 2661 \u00a75.8 MUST violated in frame(s) 5") !=
                std::string::npos);

    CheckReport err = CheckCapture(TmpDir() + "/nope.pcap", {});
    std::string xe = ConformanceReportsToJunit({err});
    BOOST_CHECK(xe.find("<error message=\"cannot read capture") != std::string::npos);
    nlohmann::json je = nlohmann::json::parse(ConformanceReportsToJson({err}));
    BOOST_CHECK_EQUAL(je["summary"]["input_errors"], 1);
    BOOST_CHECK_EQUAL(je["result"], "error");
    BOOST_CHECK_EQUAL(je["captures"][0]["result"], "error");
    BOOST_CHECK(je["captures"][0]["error"].get<std::string>().find("cannot read capture") == 0);

    std::string e;
    BOOST_CHECK(WriteJsonReport(TmpDir() + "/report.json", {good, fail}, e));
    BOOST_CHECK(WriteJunitReport(TmpDir() + "/junit.xml", {good, fail}, e));
    BOOST_CHECK(!WriteJsonReport("/nonexistent-dir/report.json", {good}, e));
}

// The element of a run's report.json `conformance.captures[]` and of `check --json`: one
// serialiser, keys in a fixed order; the failed rule is listed with its citation and frames.
BOOST_AUTO_TEST_CASE(check_report_json_is_the_run_element)
{
    std::vector<Frame> bad = Golden();
    bad[At(5)].msg.ns = 6;
    CheckReport fail = Check(bad, "elem-bad", {"RFC2661-5.8-*"});
    BOOST_REQUIRE(!fail.Passed());
    nlohmann::ordered_json j = CheckReportJson(fail);
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it)
    {
        keys.push_back(it.key());
    }
    const std::vector<std::string> want = {"capture",  "result", "l2tp_messages", "tunnels",
                                           "sessions", "rules",  "violations"};
    BOOST_CHECK_EQUAL_COLLECTIONS(keys.begin(), keys.end(), want.begin(), want.end());
    BOOST_CHECK_EQUAL(j["result"], "fail");
    BOOST_CHECK_EQUAL(j["rules"].dump(),
                      nlohmann::ordered_json({{"total", fail.summary.rules},
                                              {"pass", fail.summary.passed},
                                              {"fail", fail.summary.failed},
                                              {"warn", fail.summary.warnings},
                                              {"not_applicable", fail.summary.notApplicable},
                                              {"consequence", fail.summary.consequences}})
                          .dump());
    BOOST_REQUIRE(!j["violations"].empty());
    const auto& v = j["violations"][0];
    BOOST_CHECK_EQUAL(v.begin().key(), "id");
    BOOST_CHECK_EQUAL(v["ref"], "RFC 2661 \u00a75.8");
    BOOST_CHECK(!v["frames"].empty());
    // EVERY_RULE is the same element followed by the extraction facts and every verdict.
    nlohmann::ordered_json full = CheckReportJson(fail, CheckJsonDetail::EVERY_RULE);
    BOOST_CHECK_EQUAL(full["results"].size(), fail.results.size());
    nlohmann::ordered_json head;
    for (auto it = full.begin(); it != full.end() && it.key() != "tshark"; ++it)
    {
        head[it.key()] = it.value();
    }
    BOOST_CHECK_EQUAL(head.dump(), j.dump());

    CheckReport err = CheckCapture(TmpDir() + "/nope.pcap", {});
    nlohmann::ordered_json e = CheckReportJson(err);
    BOOST_CHECK_EQUAL(e["result"], "error");
    BOOST_CHECK_EQUAL(std::next(e.begin(), 2).key(), "error");
}

BOOST_AUTO_TEST_CASE(xml_escaping)
{
    BOOST_CHECK_EQUAL(XmlEscape("a<b>&\"c'\x01"), "a&lt;b&gt;&amp;&quot;c&apos;?");
}

BOOST_AUTO_TEST_CASE(catalog_exports_as_json)
{
    std::string j = RuleCatalogToJson();
    for (const auto& r : GetRuleCatalog())
    {
        BOOST_CHECK(j.find(std::string("\"") + r.id + "\"") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
