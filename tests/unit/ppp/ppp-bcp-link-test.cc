/**
 * \file
 * \brief BCP inside PppLink: it opens next to IPCP when the profile bridges, bridged frames
 * (0x0031) cross only once BCP is Opened and are dropped and counted before (RFC 1661 §3.3-3.5,
 * RFC 3518 §4), an end that does not bridge Protocol-Rejects BCP (RFC 1661 §5.7) and the link
 * stays routed.
 */

#include "model/ppp/ppp-frame.h"
#include "model/ppp/ppp-link-observables.h"
#include "model/ppp/ppp-link.h"
#include "model/ppp/ppp-observables.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

bool
Declared(const ObservableTable& table, const std::string& kind)
{
    for (size_t i = 0; i < table.eventCount; ++i)
    {
        if (kind == table.events[i].kind)
        {
            return true;
        }
    }
    return false;
}

/** One end of the wire: a link and what it told its owner. */
class BridgeEnd : public PppLink::Owner
{
public:
    BridgeEnd(std::deque<std::pair<int, Bytes>>& wire, int id, const PppLinkConfig& cfg)
        : m_wire(wire)
        , m_id(id)
        , link(cfg, *this)
    {
    }

    void
    PppSendFrame(const Bytes& frame, TimeNs /*now*/) override
    {
        m_wire.emplace_back(1 - m_id, frame);
    }

    void
    PppHangup(PppHangupReason /*reason*/, TimeNs /*now*/) override
    {
        ++hangups;
    }

    void
    PppBridgeUp(const PppBcpResult& /*r*/, TimeNs /*now*/) override
    {
        ++bridgeUps;
    }

    void
    PppBridgeDown(TimeNs /*now*/) override
    {
        ++bridgeDowns;
    }

    void
    PppBridgedFrameIn(const Bytes& ethernet, TimeNs /*now*/) override
    {
        frames.push_back(ethernet);
    }

    void
    PppEvent(const std::string& sub,
             const std::string& kind,
             const std::vector<std::pair<std::string, std::string>>& /*fields*/,
             TimeNs /*now*/) override
    {
        const bool declared =
            sub.empty() ? Declared(kPppLinkObservables, kind) || Declared(kPppAuthObservables, kind)
                        : Declared(kPppCpObservables, kind);
        BOOST_TEST(declared, "undeclared event kind " << kind);
        kinds.push_back(kind);
    }

    std::deque<std::pair<int, Bytes>>& m_wire;
    int m_id;
    PppLink link;
    int hangups{0};
    int bridgeUps{0};
    int bridgeDowns{0};
    std::vector<Bytes> frames;
    std::vector<std::string> kinds;
};

PppLinkConfig
Config(PppLinkRole role, bool bridge, uint64_t seed)
{
    PppLinkConfig c;
    c.role = role;
    c.lcp.magicSeed = seed;
    c.seed = seed;
    c.bridge = bridge;
    if (role == PppLinkRole::SERVER)
    {
        c.ipcp.localAddress = 0x0a000001;
        c.ipcp.peerAddress = 0x0a000002;
    }
    return c;
}

/** A client and a server without authentication, delivering frames in order. */
struct Pair
{
    std::deque<std::pair<int, Bytes>> wire;
    BridgeEnd a;
    BridgeEnd b;
    TimeNs now{0};

    Pair(bool clientBridges, bool serverBridges)
        : a(wire, 0, Config(PppLinkRole::CLIENT, clientBridges, 11))
        , b(wire, 1, Config(PppLinkRole::SERVER, serverBridges, 22))
    {
    }
    void
    Run()
    {
        for (int guard = 0; guard < 10000 && !wire.empty(); ++guard)
        {
            auto [to, frame] = wire.front();
            wire.pop_front();
            now += kMs;
            (to == 0 ? a : b).link.FrameIn(frame, now);
        }
    }
};

Bytes
Ethernet()
{
    Bytes f = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06};
    f.resize(60, 0);
    return f;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ppp_bcp_link)

// RouterOS profile bridge=: BCP opens in the Network phase next to IPCP; Ethernet frames cross
// as 0x0031 both ways, unchanged.
BOOST_AUTO_TEST_CASE(bcp_opens_next_to_ipcp_and_frames_cross)
{
    Pair p(true, true);
    p.a.link.LowerUp(0);
    p.b.link.LowerUp(0);
    p.Run();
    BOOST_TEST(p.a.link.NetworkUp());
    BOOST_TEST(p.a.link.BridgeUp());
    BOOST_TEST(p.b.link.BridgeUp());
    BOOST_TEST(p.a.bridgeUps == 1);
    BOOST_TEST(std::count(p.a.kinds.begin(), p.a.kinds.end(), "bcp-up") == 1);
    BOOST_TEST(p.a.link.SendBridged(Ethernet(), p.now));
    BOOST_TEST(p.b.link.SendBridged(Ethernet(), p.now));
    p.Run();
    BOOST_REQUIRE(p.b.frames.size() == 1u);
    BOOST_TEST(p.b.frames[0] == Ethernet(), boost::test_tools::per_element());
    BOOST_REQUIRE(p.a.frames.size() == 1u);
    BOOST_TEST(p.a.link.Counters().bridgedOut == 1u);
    BOOST_TEST(p.b.link.Counters().bridgedIn == 1u);
    p.a.link.LowerDown(p.now);
    BOOST_TEST(p.a.bridgeDowns == 1);
    BOOST_TEST(!p.a.link.SendBridged(Ethernet(), p.now));
}

// RFC 1661 §3.3: a bridged frame during Link Establishment is discarded and counted; RFC 1661
// §3.5 / RFC 3518 §4: in the Network phase but before BCP is Opened, likewise.
BOOST_AUTO_TEST_CASE(bridged_frames_before_bcp_opened_are_dropped_and_counted)
{
    Pair p(true, true);
    p.b.link.LowerUp(0);
    const Bytes frame =
        EncodePppFrame(kPppBridged, EncodeBcpFrame(Ethernet(), false), false, false);
    p.b.link.FrameIn(frame, 0);
    BOOST_TEST(p.b.link.Counters().bridgedDropped == 1u);
    BOOST_TEST(p.b.link.Counters().discarded == 1u);
    BOOST_TEST(p.b.frames.empty());
    BOOST_TEST(p.b.link.Counters().protocolRejectsOut == 0u);

    // Drive both ends to the Network phase but keep BCP from opening: hold back every BCP frame.
    p.a.link.LowerUp(0);
    for (int guard = 0; guard < 10000 && !p.wire.empty(); ++guard)
    {
        auto [to, f] = p.wire.front();
        p.wire.pop_front();
        PppFrame d;
        if (DecodePppFrame(f.data(), f.size(), d) == PppFrameError::NONE && d.protocol == kPppBcp)
        {
            continue;
        }
        (to == 0 ? p.a : p.b).link.FrameIn(f, ++p.now);
    }
    BOOST_TEST(p.b.link.NetworkUp());
    BOOST_TEST(!p.b.link.BridgeUp());
    BOOST_REQUIRE(p.b.link.Bcp() != nullptr);
    p.b.link.FrameIn(frame, p.now);
    BOOST_TEST(p.b.link.Counters().bridgedDropped == 2u);
    BOOST_TEST(p.b.link.Bcp()->Counter("bcp/frame/not-opened") == 1u);
    BOOST_TEST(p.b.frames.empty());
    BOOST_TEST(!p.b.link.SendBridged(Ethernet(), p.now));
}

// A frame that does not decode (RFC 3518 §4.2) with BCP Opened is dropped, counted by reason,
// and reported; a good one after it still crosses.
BOOST_AUTO_TEST_CASE(malformed_bridged_frame_counted_by_reason)
{
    Pair p(true, true);
    p.a.link.LowerUp(0);
    p.b.link.LowerUp(0);
    p.Run();
    BOOST_REQUIRE(p.b.link.BridgeUp());
    p.b.link.FrameIn(EncodePppFrame(kPppBridged, Bytes{0x00, 0x01, 0xff}, false, false), p.now);
    p.b.link.FrameIn(EncodePppFrame(kPppBridged, Bytes{0x10, 0x01, 0, 0, 0}, false, false), p.now);
    BOOST_TEST(p.b.link.Counters().bridgedDropped == 2u);
    BOOST_TEST(p.b.link.Bcp()->Counter("bcp/frame/truncated") == 1u);
    BOOST_TEST(p.b.link.Bcp()->Counter("bcp/frame/bridge-control") == 1u);
    BOOST_TEST(std::count(p.b.kinds.begin(), p.b.kinds.end(), "bridged-frame-dropped") == 2);
    BOOST_TEST(p.b.frames.empty());
    BOOST_TEST(p.a.link.SendBridged(Ethernet(), p.now));
    p.Run();
    BOOST_TEST(p.b.frames.size() == 1u);
}

// An end without bridge= does not know BCP: it Protocol-Rejects it (RFC 1661 §5.7); the bridging
// end stops BCP (RXJ-) and the link stays up, routed only. Its 0x0031 frames are rejected too.
BOOST_AUTO_TEST_CASE(peer_without_bridge_protocol_rejects_bcp)
{
    Pair p(true, false);
    p.a.link.LowerUp(0);
    p.b.link.LowerUp(0);
    p.Run();
    BOOST_TEST(p.a.link.NetworkUp());
    BOOST_TEST(!p.a.link.BridgeUp());
    BOOST_TEST(p.b.link.Counters().protocolRejectsOut >= 1u);
    BOOST_REQUIRE(p.a.link.Bcp() != nullptr);
    BOOST_TEST((p.a.link.Bcp()->State() == PppCpState::STOPPED));
    BOOST_TEST(p.a.link.Bcp()->Counter("bcp/protocol-rejected-by-peer") == 1u);
    BOOST_TEST(p.a.hangups == 0);
    const uint64_t rejects = p.b.link.Counters().protocolRejectsOut;
    p.b.link.FrameIn(EncodePppFrame(kPppBridged, EncodeBcpFrame(Ethernet(), false), false, false),
                     p.now);
    BOOST_TEST(p.b.link.Counters().protocolRejectsOut == rejects + 1);
}

BOOST_AUTO_TEST_SUITE_END()
