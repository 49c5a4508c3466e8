// PPP family rules (RFC 1661, 1994, 2759, 1332, 3518, 1990): synthetic PPP-in-L2TP captures built
// from hand-made bytes (not our PPP codec), written with WritePcap and judged through the REAL
// tshark. A golden capture passes every PPP rule (none NOT_APPLICABLE): the positive test of each
// rule; each NEGATIVE test mutates it to break one requirement and expects FAIL on a given frame.
// The real l2tpns capture (LCP Configure-Request in an L2TP data message) is a positive test too.

#include "conformance/check.h"
#include "conformance/engine.h"
#include "tests/unit/conformance/rule-test-support.h"
#include "conformance/pcap-writer.h"
#include "conformance/records.h"
#include "conformance/rule-catalog.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

const std::string kA = "10.0.0.1"; // LAC side of link 1 (also the MP sender)
const std::string kB = "10.0.0.2"; // LNS (both links)
const std::string kC = "10.0.0.3"; // LAC side of link 2 (MS-CHAPv2)
const std::string kD = "10.0.0.4"; // LAC side of link 3 (PAP)

using Bytes = std::vector<uint8_t>;

/** A PPP packet: control packets are built from code/identifier/options/data. */
struct Pkt
{
    uint16_t proto{0};
    bool control{true};
    uint8_t code{0};
    uint8_t id{0};
    std::vector<Bytes> options; //!< full Type/Length/Value options
    Bytes data;                 //!< after the options (control) or the whole payload (not control)
    int lengthOverride{-1};

    Bytes
    Ppp() const
    {
        Bytes b = {0xff, 0x03, static_cast<uint8_t>(proto >> 8), static_cast<uint8_t>(proto)};
        if (!control)
        {
            b.insert(b.end(), data.begin(), data.end());
            return b;
        }
        Bytes body;
        for (const auto& o : options)
        {
            body.insert(body.end(), o.begin(), o.end());
        }
        body.insert(body.end(), data.begin(), data.end());
        size_t len = lengthOverride >= 0 ? static_cast<size_t>(lengthOverride) : 4 + body.size();
        b.push_back(code);
        b.push_back(id);
        b.push_back(static_cast<uint8_t>(len >> 8));
        b.push_back(static_cast<uint8_t>(len));
        b.insert(b.end(), body.begin(), body.end());
        return b;
    }
};

struct PFrame
{
    double ms;
    std::string src;
    std::string dst;
    Pkt p;
};

/** The golden capture, with names for the frames mutations touch. */
struct Capture
{
    std::vector<PFrame> f;
    std::map<std::string, size_t> at; //!< name -> index

    void
    Add(const std::string& name, double ms, const std::string& s, const std::string& d, Pkt p)
    {
        if (!name.empty())
        {
            at[name] = f.size();
        }
        f.push_back(PFrame{ms, s, d, std::move(p)});
    }

    Pkt&
    operator[](const std::string& name)
    {
        return f.at(at.at(name)).p;
    }

    /** 1-based frame number of a named frame. */
    uint32_t
    Frame(const std::string& name) const
    {
        return static_cast<uint32_t>(at.at(name) + 1);
    }
};

Bytes
Opt(uint8_t type, Bytes v)
{
    Bytes o = {type, static_cast<uint8_t>(2 + v.size())};
    o.insert(o.end(), v.begin(), v.end());
    return o;
}

Bytes
U32(uint32_t x)
{
    return {static_cast<uint8_t>(x >> 24), static_cast<uint8_t>(x >> 16),
            static_cast<uint8_t>(x >> 8), static_cast<uint8_t>(x)};
}

Pkt
Cp(uint16_t proto, uint8_t code, uint8_t id, std::vector<Bytes> opts = {}, Bytes data = {})
{
    Pkt p;
    p.proto = proto;
    p.code = code;
    p.id = id;
    p.options = std::move(opts);
    p.data = std::move(data);
    return p;
}

Pkt
Raw(uint16_t proto, Bytes payload)
{
    Pkt p;
    p.proto = proto;
    p.control = false;
    p.data = std::move(payload);
    return p;
}

/** Every PPP-family rule (the one-fault tests judge with all of them). */
const std::vector<std::string> kPppGlobs = {"RFC1661-*", "RFC1994-*", "RFC2759-*", "RFC1332-*",
                                            "RFC5072-*", "RFC3518-*", "RFC1990-*", "RFC1334-*"};

constexpr uint16_t LCP = 0xc021;
constexpr uint16_t PAP = 0xc023;
constexpr uint16_t CHAP = 0xc223;
constexpr uint16_t IPCP = 0x8021;
constexpr uint16_t BCP = 0x8031;
constexpr uint16_t IPV6CP = 0x8057;
constexpr uint16_t MP = 0x003d;
constexpr uint32_t kMagicA = 0xaaaa0001;
constexpr uint32_t kMagicB = 0xbbbb0002;

Bytes
ChapValue(size_t n, uint8_t fill, const std::string& name)
{
    Bytes b = {static_cast<uint8_t>(n)};
    b.insert(b.end(), n, fill);
    b.insert(b.end(), name.begin(), name.end());
    return b;
}

Bytes
MsChapV2Response()
{
    Bytes v(49, 0);
    for (size_t i = 0; i < 16; ++i)
    {
        v[i] = static_cast<uint8_t>(0x40 + i); // Peer-Challenge
    }
    for (size_t i = 24; i < 48; ++i)
    {
        v[i] = static_cast<uint8_t>(0x80 + i); // NT-Response
    }
    Bytes b = {49};
    b.insert(b.end(), v.begin(), v.end());
    std::string n = "carol";
    b.insert(b.end(), n.begin(), n.end());
    return b;
}

/** RFC 2759 §5 Success Message: S= and the 20-octet Authenticator Response in upper-case hex. */
Bytes
MsChapV2Success()
{
    std::string m = "S=0123456789ABCDEF0123456789ABCDEF01234567 M=OK";
    return Bytes(m.begin(), m.end());
}

/** RFC 1334 §2.2.1 Authenticate-Request data: Peer-ID Length, Peer-ID, Passwd-Length, Password. */
Bytes
PapRequest(const std::string& id, const std::string& pw)
{
    Bytes b = {static_cast<uint8_t>(id.size())};
    b.insert(b.end(), id.begin(), id.end());
    b.push_back(static_cast<uint8_t>(pw.size()));
    b.insert(b.end(), pw.begin(), pw.end());
    return b;
}

/** RFC 1334 §2.2.2 Authenticate-Ack/Nak data: Msg-Length, Message. */
Bytes
PapMessage(const std::string& m)
{
    Bytes b = {static_cast<uint8_t>(m.size())};
    b.insert(b.end(), m.begin(), m.end());
    return b;
}

Capture
Golden()
{
    Capture c;
    Bytes mru1500 = Opt(1, {0x05, 0xdc});
    Bytes mru1400 = Opt(1, {0x05, 0x78});
    Bytes authMd5 = Opt(3, {0xc2, 0x23, 0x05});
    Bytes magicA = Opt(5, U32(kMagicA));
    Bytes magicB = Opt(5, U32(kMagicB));
    Bytes pfc = Opt(7, {});
    Bytes mrru = Opt(17, {0x05, 0xea});
    Bytes ssnhf = Opt(18, {});
    // Link 1 (A <-> B): LCP with a Reject, a Nak, Acks; CHAP-MD5; echo; code/protocol rejects.
    c.Add("reqA1", 0, kA, kB, Cp(LCP, 1, 1, {mru1500, magicA, pfc, mrru, ssnhf}));
    c.Add("rejB1", 5, kB, kA, Cp(LCP, 4, 1, {pfc}));
    c.Add("reqA2", 10, kA, kB, Cp(LCP, 1, 2, {mru1500, magicA, mrru, ssnhf}));
    c.Add("ackB2", 15, kB, kA, Cp(LCP, 2, 2, {mru1500, magicA, mrru, ssnhf}));
    c.Add("reqB10", 20, kB, kA, Cp(LCP, 1, 10, {mru1400, authMd5, magicB}));
    c.Add("nakA10", 25, kA, kB, Cp(LCP, 3, 10, {mru1500}));
    c.Add("reqB11", 30, kB, kA, Cp(LCP, 1, 11, {mru1500, authMd5, magicB}));
    c.Add("ackA11", 35, kA, kB, Cp(LCP, 2, 11, {mru1500, authMd5, magicB}));
    c.Add("challenge", 40, kB, kA, Cp(CHAP, 1, 7, {}, ChapValue(16, 0x11, "lns")));
    c.Add("response", 45, kA, kB, Cp(CHAP, 2, 7, {}, ChapValue(16, 0x22, "alice")));
    c.Add("success", 50, kB, kA, Cp(CHAP, 3, 7, {}, {'O', 'K'}));
    c.Add("ipcpReq", 60, kA, kB,
          Cp(IPCP, 1, 1, {Opt(3, {0, 0, 0, 0}), Opt(2, {0x00, 0x2d, 0x0f, 0x01})}));
    c.Add("ipcpNak", 65, kB, kA, Cp(IPCP, 3, 1, {Opt(3, {10, 99, 0, 10})}));
    c.Add("ipv6cpReq", 66, kA, kB, Cp(IPV6CP, 1, 1, {Opt(1, Bytes(8, 0))}));
    c.Add("ipv6cpNak", 67, kB, kA, Cp(IPV6CP, 3, 1, {Opt(1, {2, 0x11, 0x22, 0x33, 0, 0, 0, 5})}));
    c.Add("bcpReq", 70, kA, kB,
          Cp(BCP, 1, 1, {Opt(3, {1}), Opt(4, {1}), Opt(6, {0, 0, 0, 0, 0, 0})}));
    c.Add("echoReq", 100, kA, kB, Cp(LCP, 9, 20, {}, U32(kMagicA)));
    c.Add("echoRep", 105, kB, kA, Cp(LCP, 10, 20, {}, U32(kMagicB)));
    c.Add("discard", 110, kA, kB, Cp(LCP, 11, 21, {}, U32(kMagicA)));
    c.Add("unknownCode", 120, kA, kB, Cp(LCP, 0x20, 30, {}, {0xde, 0xad}));
    c.Add("codeRej", 125, kB, kA, Cp(LCP, 7, 31, {}, {0x20, 30, 0x00, 0x06, 0xde, 0xad}));
    c.Add("protoRej1", 130, kB, kA, Cp(LCP, 8, 40, {}, {0x80, 0x57, 0x01, 0x01, 0x00, 0x04}));
    c.Add("protoRej2", 135, kB, kA, Cp(LCP, 8, 41, {}, {0x80, 0x57, 0x01, 0x02, 0x00, 0x04}));
    c.Add("mp1", 200, kA, kB, Raw(MP, {0x80, 0x00, 0x00, 0x01, 0x00, 0x21, 0x45, 0x00}));
    c.Add("mp2", 210, kA, kB, Raw(MP, {0x40, 0x00, 0x00, 0x02, 0x00, 0x14}));
    // Link 2 (C <-> B): MS-CHAPv2 negotiated and used.
    c.Add("reqC1", 300, kC, kB, Cp(LCP, 1, 1, {Opt(5, U32(0xcccc0003))}));
    c.Add("reqB1c", 305, kB, kC,
          Cp(LCP, 1, 1, {Opt(3, {0xc2, 0x23, 0x81}), Opt(5, U32(0xdddd0004))}));
    c.Add("ackC1", 310, kC, kB,
          Cp(LCP, 2, 1, {Opt(3, {0xc2, 0x23, 0x81}), Opt(5, U32(0xdddd0004))}));
    c.Add("ackB1c", 315, kB, kC, Cp(LCP, 2, 1, {Opt(5, U32(0xcccc0003))}));
    c.Add("challenge2", 320, kB, kC, Cp(CHAP, 1, 3, {}, ChapValue(16, 0x33, "lns")));
    c.Add("response2", 325, kC, kB, Cp(CHAP, 2, 3, {}, MsChapV2Response()));
    c.Add("success2", 330, kB, kC, Cp(CHAP, 3, 3, {}, MsChapV2Success()));
    // Link 3 (D <-> B): PAP negotiated and used, the first request refused, then accepted.
    c.Add("reqB1d", 400, kB, kD, Cp(LCP, 1, 1, {Opt(3, {0xc0, 0x23}), Opt(5, U32(0xeeee0005))}));
    c.Add("ackD1", 405, kD, kB, Cp(LCP, 2, 1, {Opt(3, {0xc0, 0x23}), Opt(5, U32(0xeeee0005))}));
    c.Add("papReq1", 410, kD, kB, Cp(PAP, 1, 1, {}, PapRequest("dave", "wrong")));
    c.Add("papNak", 415, kB, kD, Cp(PAP, 3, 1, {}, PapMessage("bad")));
    c.Add("papReq2", 420, kD, kB, Cp(PAP, 1, 2, {}, PapRequest("dave", "secret")));
    c.Add("papAck", 425, kB, kD, Cp(PAP, 2, 2, {}, PapMessage("welcome")));
    // Termination of link 1, then traffic 2 s later so every answer window is judged.
    c.Add("termReq", 1000, kA, kB, Cp(LCP, 5, 50));
    c.Add("termAck", 1005, kB, kA, Cp(LCP, 6, 50));
    c.Add("", 3000, kC, kB, Cp(LCP, 9, 2, {}, U32(0xcccc0003)));
    c.Add("", 3005, kB, kC, Cp(LCP, 10, 2, {}, U32(0xdddd0004)));
    return c;
}

struct ScratchDir
{
    std::string path;

    ScratchDir()
    {
        char t[] = "/tmp/l2tplab-ppp-test-XXXXXX";
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

/** This binary's scratch directory (removed at exit). */
const std::string&
TmpDir()
{
    static ScratchDir dir;
    return dir.path;
}

std::string
Write(const Capture& c, const std::string& name)
{
    const std::string& dirPath = TmpDir();
    BOOST_REQUIRE(!dirPath.empty());
    std::vector<PcapPacket> pk;
    for (const auto& f : c.f)
    {
        // L2TP data message (T=0, L=0, S=0, Ver 2), Tunnel/Session IDs by direction.
        uint16_t tid = f.src == kB ? 11 : 22;
        uint16_t sid = f.src == kB ? (f.dst == kC ? 103 : (f.dst == kD ? 104 : 101))
                                   : (f.src == kC ? 203 : (f.src == kD ? 204 : 201));
        RawL2tp m;
        m.flags = 0x0002;
        m.tunnelId = tid;
        m.sessionId = sid;
        m.payload = f.p.Ppp();
        pk.push_back(
            PcapPacket{static_cast<TimeNs>(f.ms * kMs), f.src, f.dst, 1701, 1701, m.Bytes()});
    }
    std::string path = dirPath + "/" + name + ".pcap";
    std::string err;
    BOOST_REQUIRE_MESSAGE(WritePcap(path, pk, err), err);
    return path;
}

void
ExpectFail(const Capture& c,
           const std::string& rule,
           uint32_t frame,
           const std::vector<std::string>& at = {})
{
    ExtractOptions o;
    o.capturePoint = at; // the capture was taken on the host owning these addresses
    CheckReport rep = CheckCapture(Write(c, rule), {rule}, o);
    ExpectRuleFailsAt(rep, rule, frame);
}

// NEGATIVE(name, rule id, frame name) { mutate `c` }: FAIL expected on the named frame.
#define NEGATIVE(name, rule, frameName)       \
    static void name##_mutate(Capture& c);    \
    static RegisterNegative name##_reg(rule); \
    BOOST_AUTO_TEST_CASE(name)                \
    {                                         \
        Capture c = Golden();                 \
        uint32_t frame = c.Frame(frameName);  \
        name##_mutate(c);                     \
        ExpectFail(c, rule, frame);           \
    }                                         \
    static void name##_mutate(Capture& c)

// NEGATIVE_AT(name, rule id, frame name, capture point): as NEGATIVE, the capture taken on that
// host.
#define NEGATIVE_AT(name, rule, frameName, at) \
    static void name##_mutate(Capture& c);     \
    static RegisterNegative name##_reg(rule);  \
    BOOST_AUTO_TEST_CASE(name)                 \
    {                                          \
        Capture c = Golden();                  \
        uint32_t frame = c.Frame(frameName);   \
        name##_mutate(c);                      \
        ExpectFail(c, rule, frame, {at});      \
    }                                          \
    static void name##_mutate(Capture& c)

} // namespace

BOOST_AUTO_TEST_SUITE(conformance_rules_ppp)

BOOST_AUTO_TEST_CASE(extracts_ppp_records)
{
    RecordSet rs;
    std::string err;
    BOOST_REQUIRE_MESSAGE(ExtractL2tpRecords(Write(Golden(), "records"), ExtractOptions(), rs, err),
                          err);
    Capture g = Golden();
    // One record per frame, plus the packet tshark reassembles from the two MP fragments.
    BOOST_REQUIRE_EQUAL(rs.ppp.size(), g.f.size() + 1);
    auto byFrame = [&rs](uint32_t frame) -> const PppRecord&
    {
        for (const auto& r : rs.ppp)
        {
            if (r.frame == frame && !r.insideMp)
            {
                return r;
            }
        }
        BOOST_FAIL("no PPP record for frame " << frame);
        return rs.ppp.front();
    };
    BOOST_CHECK_EQUAL(std::count_if(rs.ppp.begin(), rs.ppp.end(),
                                    [](const PppRecord& r)
                                    {
                                        return r.insideMp;
                                    }),
                      1);
    const PppRecord& req = byFrame(g.Frame("reqA1"));
    BOOST_CHECK(req.inL2tp);
    BOOST_CHECK_EQUAL(req.protocol, pppproto::LCP);
    BOOST_CHECK_EQUAL(req.code, pppcode::CONFIGURE_REQUEST);
    BOOST_REQUIRE_EQUAL(req.options.size(), 5u);
    BOOST_CHECK_EQUAL(req.options[1].type, 5);
    BOOST_CHECK_EQUAL(req.options[1].length, 6);
    BOOST_CHECK(req.options[2].value.empty());
    const PppRecord& echo = byFrame(g.Frame("echoReq"));
    BOOST_CHECK(echo.hasMagic);
    BOOST_CHECK_EQUAL(echo.magic, kMagicA);
    const PppRecord& resp = byFrame(g.Frame("response2"));
    BOOST_CHECK(resp.hasChapValue);
    BOOST_CHECK_EQUAL(resp.chapValueSize, 49);
    BOOST_CHECK_EQUAL(resp.ChapName(), "carol");
    const PppRecord& pr = byFrame(g.Frame("protoRej1"));
    BOOST_CHECK(pr.hasRejectedProtocol);
    BOOST_CHECK_EQUAL(pr.rejectedProtocol, pppproto::IPV6CP);
    const PppRecord& mp = byFrame(g.Frame("mp1"));
    BOOST_CHECK(mp.isMpHeader && mp.mpBegin && !mp.mpEnd);
    BOOST_CHECK_EQUAL(mp.mpSequence, 1u);
    BOOST_CHECK_EQUAL(rs.records.size(), g.f.size()); // one L2TP data message per frame
}

// Positive test of every PPP-family rule.
BOOST_AUTO_TEST_CASE(golden_ppp_capture_passes_every_ppp_rule)
{
    CheckReport rep = CheckCapture(Write(Golden(), "golden"), kPppGlobs);
    BOOST_REQUIRE_MESSAGE(rep.ok, rep.error);
    BOOST_CHECK_EQUAL(rep.results.size(), GetPppRules().size());
    for (const auto& r : rep.results)
    {
        BOOST_CHECK_MESSAGE(r.verdict.verdict == Verdict::PASS,
                            r.id << " (" << r.Citation() << "): " << ToString(r.verdict.verdict)
                                 << " " << r.verdict.detail);
    }
}

// The real l2tpns LCP Configure-Request (MRU, Auth PAP, Magic, MRRU, Endpoint Discriminator).
BOOST_AUTO_TEST_CASE(l2tpns_reference_capture_passes)
{
    CheckReport rep =
        CheckCapture(std::string(L2TPLAB_SOURCE_DIR) + "/pcaps/reference/l2tpns/xl2tpd-lac.pcap",
                     {"RFC1661-*", "RFC1990-*"});
    BOOST_REQUIRE_MESSAGE(rep.ok, rep.error);
    BOOST_CHECK_EQUAL(rep.pppPackets, 1u);
    for (const char* id :
         {"RFC1661-5-length-consistent", "RFC1661-6.4-magic-nonzero", "RFC1990-5.1.1-mrru-length"})
    {
        const RuleResult* r = Result(rep, id);
        BOOST_REQUIRE(r);
        BOOST_CHECK_MESSAGE(r->verdict.verdict == Verdict::PASS, id << ": " << r->verdict.detail);
    }
    BOOST_CHECK(rep.Passed());
}

// RFC 1661 §5: Length beyond the octets received.
NEGATIVE(neg_lcp_length_too_long, "RFC1661-5-length-consistent", "echoReq")
{
    c["echoReq"].lengthOverride = 20;
}

// RFC 1661 §5.2: Configure-Ack Identifier is the request's.
NEGATIVE(neg_ack_id, "RFC1661-5.2-configure-ack-id", "ackB2")
{
    c["ackB2"].id = 99;
}

// RFC 1661 §5.2: acknowledged options are not modified.
NEGATIVE(neg_ack_options_modified, "RFC1661-5.2-configure-ack-options", "ackB2")
{
    c["ackB2"].options[0] = Opt(1, {0x05, 0xd0});
}

// RFC 1661 §5.2: acknowledged options are not reordered.
NEGATIVE(neg_ack_options_reordered, "RFC1661-5.2-configure-ack-options", "ackA11")
{
    std::swap(c["ackA11"].options[0], c["ackA11"].options[1]);
}

// RFC 1661 §5.3: Configure-Nak Identifier.
NEGATIVE(neg_nak_id, "RFC1661-5.3-configure-nak-id", "nakA10")
{
    c["nakA10"].id = 77;
}

// RFC 1661 §5.3: a boolean option is rejected, not Nak'd.
NEGATIVE(neg_nak_boolean, "RFC1661-5.3-configure-nak-no-boolean", "nakA10")
{
    c["nakA10"].options.push_back(Opt(8, {}));
}

// RFC 1661 §5.4: Configure-Reject Identifier.
NEGATIVE(neg_reject_id, "RFC1661-5.4-configure-reject-id", "rejB1")
{
    c["rejB1"].id = 5;
}

// RFC 1661 §5.4: a rejected option must come from the request.
NEGATIVE(neg_reject_foreign_option, "RFC1661-5.4-configure-reject-options", "rejB1")
{
    c["rejB1"].options = {Opt(8, {})};
}

// RFC 1661 §5.4: rejected options keep the request's order.
NEGATIVE(neg_reject_reordered, "RFC1661-5.4-configure-reject-options", "rejB1")
{
    c["rejB1"].options = {Opt(18, {}), Opt(7, {})};
}

// RFC 1661 §5.5: Terminate-Ack Identifier.
NEGATIVE(neg_terminate_ack_id, "RFC1661-5.5-terminate-ack-id", "termAck")
{
    c["termAck"].id = 51;
}

// RFC 1661 §5.5: a Terminate-Request is answered.
// The request provably reached B (capture taken on B) and B kept sending on the link 1.1 s later,
// without a Terminate-Ack. Without the capture point the request may have been lost after the tap.
NEGATIVE_AT(neg_terminate_unanswered, "RFC1661-5.5-terminate-request-answered", "termReq", kB)
{
    c["termAck"] = Cp(LCP, 11, 52, {}, U32(kMagicB)); // a Discard-Request instead of the ack
    c.f.at(c.at.at("termAck")).ms = 2100;
}

// RFC 1661 §5.6: Code-Reject of a code LCP defines.
NEGATIVE(neg_code_reject_known_code, "RFC1661-5.6-code-reject-wellformed", "codeRej")
{
    c["codeRej"].data[0] = 9;
}

// RFC 1661 §5.6: an unknown code is answered by a Code-Reject carrying it.
NEGATIVE_AT(neg_unknown_code_not_rejected, "RFC1661-5.6-unknown-code-rejected", "unknownCode", kB)
{
    c["codeRej"].data[1] = 29;            // rejects another packet
    c.f.at(c.at.at("termAck")).ms = 1200; // B still sends on link 1 a second after it got it
}

// Loss before/after the capture point: an unanswered request is not blamed unless the capture
// proves the receiver got it (capture on the receiver, and the receiver kept sending on the link).
BOOST_AUTO_TEST_CASE(unanswered_requests_need_proof_of_delivery)
{
    Capture c = Golden();
    c["termAck"] = Cp(LCP, 11, 52, {}, U32(kMagicB));
    c.f.at(c.at.at("termAck")).ms = 2100;
    c["codeRej"].data[1] = 29;
    std::string pcap = Write(c, "unanswered");
    for (const std::vector<std::string>& at : {std::vector<std::string>{}, {kA}, {kC}})
    {
        ExtractOptions o;
        o.capturePoint = at;
        CheckReport rep = CheckCapture(
            pcap, {"RFC1661-5.5-terminate-request-answered", "RFC1661-5.6-unknown-code-rejected"},
            o);
        BOOST_REQUIRE(rep.ok);
        for (const auto& r : rep.results)
        {
            BOOST_CHECK_MESSAGE(r.verdict.verdict != Verdict::FAIL,
                                r.id << " at " << (at.empty() ? "-" : at[0]) << ": "
                                     << r.verdict.detail);
        }
    }
}

// RFC 1661 §5.7: Protocol-Reject without a Rejected-Protocol field.
NEGATIVE(neg_protocol_reject_short, "RFC1661-5.7-protocol-reject-wellformed", "protoRej1")
{
    c["protoRej1"].data = {0x80};
}

// RFC 1661 §5.7: the Identifier changes for each Protocol-Reject.
NEGATIVE(neg_protocol_reject_same_id, "RFC1661-5.7-protocol-reject-id-changes", "protoRej2")
{
    c["protoRej2"].id = 40;
}

// RFC 1661 §5.8: Echo-Reply Identifier.
NEGATIVE(neg_echo_reply_id, "RFC1661-5.8-echo-reply-id", "echoRep")
{
    c["echoRep"].id = 21;
}

// RFC 1661 §5.8: the reply carries the sender's own magic, not the peer's.
NEGATIVE(neg_echo_reply_peer_magic, "RFC1661-5.8-echo-magic", "echoRep")
{
    c["echoRep"].data = U32(kMagicA);
}

// RFC 1661 §6.4: Magic-Number 0 requested.
NEGATIVE(neg_magic_zero, "RFC1661-6.4-magic-nonzero", "reqB11")
{
    c["reqB11"].options[2] = Opt(5, U32(0));
}

// RFC 1661 §6.4: the peer's magic equals the acker's own (loop) and is Acked anyway.
NEGATIVE(neg_magic_loop_acked, "RFC1661-6.4-magic-loop", "ackA11")
{
    c["reqB11"].options[2] = Opt(5, U32(kMagicA));
    c["ackA11"].options[2] = Opt(5, U32(kMagicA));
}

// RFC 1994 §4.1: Response Identifier.
NEGATIVE(neg_chap_response_id, "RFC1994-4.1-response-id", "response")
{
    c["response"].id = 8;
}

// RFC 1994 §4.2: Success Identifier.
NEGATIVE(neg_chap_success_id, "RFC1994-4.2-success-failure-id", "success")
{
    c["success"].id = 9;
}

// RFC 1994 §4.1: MD5 Response value is 16 octets.
NEGATIVE(neg_chap_md5_size, "RFC1994-4.1-md5-value-size", "response")
{
    c["response"].data = ChapValue(20, 0x22, "alice");
}

// RFC 2759 §4: MS-CHAPv2 Response Value-Size 49.
NEGATIVE(neg_mschapv2_size, "RFC2759-4-response-value-size", "response2")
{
    c["response2"].data = ChapValue(48, 0x44, "carol");
}

// RFC 2759 §4: reserved octets zero.
NEGATIVE(neg_mschapv2_reserved, "RFC2759-4-response-reserved-zero", "response2")
{
    c["response2"].data[1 + 20] = 0x01;
}

// RFC 2759 §4: Flags zero.
NEGATIVE(neg_mschapv2_flags, "RFC2759-4-response-flags-zero", "response2")
{
    c["response2"].data[1 + 48] = 0x01;
}

// RFC 1332 §3.3: IP-Address option length 6.
NEGATIVE(neg_ipcp_address_length, "RFC1332-3.3-ip-address-length", "ipcpReq")
{
    c["ipcpReq"].options[0] = Opt(3, {0, 0, 0});
}

// RFC 1332 §3.2: IP-Compression-Protocol length >= 4.
NEGATIVE(neg_ipcp_compression_length, "RFC1332-3.2-ip-compression-length", "ipcpReq")
{
    c["ipcpReq"].options[1] = Opt(2, {0x00});
}

// RFC 1332 §3.3: Nak of a requested address gives a usable address.
NEGATIVE(neg_ipcp_nak_zero, "RFC1332-3.3-nak-address-nonzero", "ipcpNak")
{
    c["ipcpNak"].options[0] = Opt(3, {0, 0, 0, 0});
}

// RFC 5072 §4.1: the Interface-Identifier option is 10 octets.
NEGATIVE(neg_ipv6cp_id_length, "RFC5072-4.1-interface-id-length", "ipv6cpReq")
{
    c["ipv6cpReq"].options[0] = Opt(1, {0, 0, 0, 0});
}

// RFC 5072 §4.1: a Nak of a zero (or colliding) identifier suggests a non-zero one.
NEGATIVE(neg_ipv6cp_nak_zero, "RFC5072-4.1-nak-interface-id-nonzero", "ipv6cpNak")
{
    c["ipv6cpNak"].options[0] = Opt(1, Bytes(8, 0));
}

// RFC 3518 §5: MAC-Support is 3 octets.
NEGATIVE(neg_bcp_mac_support_length, "RFC3518-5-option-lengths", "bcpReq")
{
    c["bcpReq"].options[0] = Opt(3, {1, 0});
}

// RFC 1990 §5.1.1: MRRU option length 4.
NEGATIVE(neg_mrru_length, "RFC1990-5.1.1-mrru-length", "reqA2")
{
    c["reqA2"].options[2] = Opt(17, {0x05, 0xea, 0x00});
    c["ackB2"].options[2] = Opt(17, {0x05, 0xea, 0x00});
}

// RFC 1990 §5.1.2: Short Sequence Number Header Format option length 2.
NEGATIVE(neg_ssnhf_length, "RFC1990-5.1.2-short-seq-length", "reqA2")
{
    c["reqA2"].options[3] = Opt(18, {0});
}

// RFC 1990 §3: the sequence number increases with every fragment.
NEGATIVE(neg_mp_sequence_repeats, "RFC1990-3-sequence-increases", "mp2")
{
    c["mp2"].data[3] = 0x01;
}

// RFC 1661 §5.2: the detail of a Configure-Ack that differs from its request names the option.
BOOST_AUTO_TEST_CASE(ack_detail_names_the_differing_option)
{
    Capture c = Golden();
    c["ackB2"].options[1] = Opt(5, U32(kMagicA + 1));
    CheckReport rep = CheckCapture(Write(c, "ack-diff"), {"RFC1661-5.2-configure-ack-options"});
    const RuleResult* r = Result(rep, "RFC1661-5.2-configure-ack-options");
    BOOST_REQUIRE(r);
    BOOST_CHECK(r->verdict.verdict == Verdict::FAIL);
    BOOST_CHECK_MESSAGE(r->verdict.detail.find("option #2: the Ack has type 5 length 6 value "
                                               "aaaa0002, the request type 5 length 6 value "
                                               "aaaa0001") != std::string::npos,
                        r->verdict.detail);
    c = Golden();
    std::swap(c["ackA11"].options[0], c["ackA11"].options[1]);
    rep = CheckCapture(Write(c, "ack-reorder"), {"RFC1661-5.2-configure-ack-options"});
    r = Result(rep, "RFC1661-5.2-configure-ack-options");
    BOOST_REQUIRE(r);
    BOOST_CHECK_MESSAGE(r->verdict.detail.find("the same options reordered") != std::string::npos,
                        r->verdict.detail);
}

// RFC 1661 §5.1: the Identifier changes when the options change (same Identifier, other options).
NEGATIVE(neg_request_id_reused, "RFC1661-5.1-identifier-changes", "reqA2")
{
    c["reqA2"].id = 1;
    c["ackB2"].id = 1;
}

// RFC 1661 §5.1: a retransmission (same options) may keep its Identifier.
BOOST_AUTO_TEST_CASE(retransmitted_request_keeps_its_identifier)
{
    Capture c = Golden();
    c.Add("", 3010, kC, kB, Cp(LCP, 1, 1, {Opt(5, U32(0xcccc0003))}));
    c.Add("", 4010, kC, kB, Cp(LCP, 1, 1, {Opt(5, U32(0xcccc0003))}));
    CheckReport rep = CheckCapture(Write(c, "retransmit-id"), {"RFC1661-5.1-identifier-changes"});
    const RuleResult* r = Result(rep, "RFC1661-5.1-identifier-changes");
    BOOST_REQUIRE(r);
    BOOST_CHECK_MESSAGE(r->verdict.verdict == Verdict::PASS, r->verdict.detail);
}

// RFC 1661 §6.1: a Maximum-Receive-Unit option of length 3 is malformed (it is 4).
NEGATIVE(neg_mru_length_3, "RFC1661-6-option-lengths", "reqA2")
{
    c["reqA2"].options[0] = Opt(1, {0x05});
    c["ackB2"].options[0] = Opt(1, {0x05});
}

// RFC 2759 §5: the Success Message is S= and 40 UPPER-case hex digits.
NEGATIVE(neg_mschapv2_success_lowercase, "RFC2759-5-success-message", "success2")
{
    std::string m = "S=0123456789abcdef0123456789abcdef01234567 M=OK";
    c["success2"].data = Bytes(m.begin(), m.end());
}

NEGATIVE(neg_mschapv2_success_short, "RFC2759-5-success-message", "success2")
{
    c["success2"].data = {'S', '=', '0'};
}

// RFC 1334 §2.2.2: an Authenticate-Ack copies the Identifier of the request it answers.
NEGATIVE(neg_pap_ack_id, "RFC1334-2.2-ack-nak-id", "papAck")
{
    c["papAck"].id = 9;
}

// RFC 1334 §2.2.1: Length = 6 + Peer-ID Length + Passwd-Length.
NEGATIVE(neg_pap_request_length, "RFC1334-2.2-packet-length", "papReq2")
{
    c["papReq2"].data[0] = 5; // Peer-ID Length claims 5 octets for "dave"
}

NEGATIVE(neg_pap_nak_length, "RFC1334-2.2-packet-length", "papNak")
{
    c["papNak"].data.push_back('!'); // one octet beyond Msg-Length inside Length
}

/**
 * A capture of a PPP interface (link type PPP, what `pcaps/<node>-l2tp-out1.pcap` is) does not say
 * which end sent a packet. RFC 1661 §6.4: a Configure-Ack that carries the PEER's Magic-Number is
 * right; only acknowledging one's own is a loop. Without directions the rules that compare a
 * sender with itself cannot tell the ends apart and must not judge (before: a false FAIL of
 * RFC1661-6.4-magic-loop on every clean PPP interface capture).
 */
BOOST_AUTO_TEST_CASE(ppp_interface_capture_without_directions_is_not_a_loop)
{
    auto frame = [](Bytes cp)
    {
        Bytes f = {0xff, 0x03};
        f.insert(f.end(), cp.begin(), cp.end());
        return f;
    };
    auto lcp = [](uint8_t code, uint8_t id, uint32_t magic)
    {
        Bytes b = {0xc0, 0x21, code, id, 0, 14, 1, 4, 0x05, 0xdc, 5, 6};
        Bytes m = U32(magic);
        b.insert(b.end(), m.begin(), m.end());
        return b;
    };
    // A asks (magic A), B asks (magic B), B acks A's (magic A), A acks B's (magic B); B's
    // Identifier is 7, or 1 like A's (RouterOS and pppd both start at 1): then an Ack cannot be
    // paired with its request either, and §5.2's options rule must not judge it against the
    // acker's own request (before: a false FAIL of RFC1661-5.2-configure-ack-options).
    for (uint8_t idB : {7, 1})
    {
        std::vector<Bytes> frames = {frame(lcp(1, 1, kMagicA)), frame(lcp(1, idB, kMagicB)),
                                     frame(lcp(2, 1, kMagicA)), frame(lcp(2, idB, kMagicB))};
        // Classic pcap, link type 9 (PPP), one frame per 10 ms.
        Bytes file = {0xd4, 0xc3, 0xb2, 0xa1, 2,    0,    4, 0, 0, 0, 0, 0,
                      0,    0,    0,    0,    0xff, 0xff, 0, 0, 9, 0, 0, 0};
        uint32_t usec = 0;
        for (const Bytes& f : frames)
        {
            uint32_t n = static_cast<uint32_t>(f.size());
            Bytes h = {0,
                       0,
                       0,
                       0,
                       static_cast<uint8_t>(usec),
                       static_cast<uint8_t>(usec >> 8),
                       static_cast<uint8_t>(usec >> 16),
                       0,
                       static_cast<uint8_t>(n),
                       0,
                       0,
                       0,
                       static_cast<uint8_t>(n),
                       0,
                       0,
                       0};
            file.insert(file.end(), h.begin(), h.end());
            file.insert(file.end(), f.begin(), f.end());
            usec += 10000;
        }
        std::string path = TmpDir() + "/ppp-interface.pcap";
        {
            std::FILE* fp = std::fopen(path.c_str(), "wb");
            BOOST_REQUIRE(fp);
            std::fwrite(file.data(), 1, file.size(), fp);
            std::fclose(fp);
        }
        for (CheckEngine e : {CheckEngine::FAST, CheckEngine::TSHARK})
        {
            EngineOptions eng;
            eng.engine = e;
            CheckReport r = JudgeCapture(path, {"RFC1661-*"}, ExtractOptions(), eng);
            BOOST_REQUIRE_MESSAGE(r.ok, r.error);
            BOOST_CHECK_EQUAL(r.pppPackets, 4u);
            const RuleResult* loop = Result(r, "RFC1661-6.4-magic-loop");
            BOOST_REQUIRE(loop);
            BOOST_CHECK_MESSAGE(loop->verdict.verdict == Verdict::NOT_APPLICABLE,
                                ToString(loop->verdict.verdict) << ": " << loop->verdict.detail);
            BOOST_CHECK_MESSAGE(r.Passed(), "engine " << ToString(e) << ", B's id " << int(idB));
            const RuleResult* ackId = Result(r, "RFC1661-5.2-configure-ack-id");
            BOOST_REQUIRE(ackId);
            BOOST_CHECK(ackId->verdict.verdict == Verdict::PASS); // a request with that id exists
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

// One fault, one verdict (conformance/consequences.h), PPP family: one field changed, one rule.
BOOST_AUTO_TEST_SUITE(conformance_one_fault_one_verdict_ppp)

// RFC 1661 §6.1: an MRU of length 3 in a Configure-Request the peer acknowledges as it should have
// been (length 4): the Ack then differs from the malformed request, a consequence, not a verdict.
BOOST_AUTO_TEST_CASE(malformed_option_in_a_request)
{
    Capture c = Golden();
    c["reqA2"].options[0] = Opt(1, {0x05});
    CheckReport rep = CheckCapture(Write(c, "one-mru"), kPppGlobs);
    BOOST_CHECK_GE(ExpectOneVerdict(rep, "RFC1661-6-option-lengths", c.Frame("reqA2")), 1u);
}

// RFC 1661 §5.2: an Ack with the wrong Identifier: matched to no request, so option and magic
// rules that follow the Ack do not blame it again.
BOOST_AUTO_TEST_CASE(ack_with_a_wrong_identifier)
{
    Capture c = Golden();
    c["ackB2"].id = 3;
    ExpectOneVerdict(CheckCapture(Write(c, "one-ack-id"), kPppGlobs),
                     "RFC1661-5.2-configure-ack-id", c.Frame("ackB2"));
}

// RFC 2759 §4: a 48-octet MS-CHAPv2 Response: the Reserved/Flags positions are meaningless then.
BOOST_AUTO_TEST_CASE(mschapv2_response_of_the_wrong_size)
{
    Capture c = Golden();
    Bytes& d = c["response2"].data;
    d[0] = 48;
    d.erase(d.begin() + 49); // drop the Flags octet, keep the Name
    ExpectOneVerdict(CheckCapture(Write(c, "one-v2-size"), kPppGlobs),
                     "RFC2759-4-response-value-size", c.Frame("response2"));
}

// RFC 1334 §2.2.1: a PAP request with a wrong Peer-ID Length is one verdict.
BOOST_AUTO_TEST_CASE(pap_request_with_a_wrong_length)
{
    Capture c = Golden();
    c["papReq2"].data[0] = 5;
    ExpectOneVerdict(CheckCapture(Write(c, "one-pap"), kPppGlobs), "RFC1334-2.2-packet-length",
                     c.Frame("papReq2"));
}

BOOST_AUTO_TEST_SUITE_END()
