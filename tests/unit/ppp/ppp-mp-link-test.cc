/**
 * \file
 * \brief Multilink (RFC 1990) on a PppLink: MRRU negotiation outcomes (§5.1.1), datagrams above
 * the link MRU crossing as MP fragments up to the MRRU, a lost fragment losing exactly its
 * datagram (§4.1), the short sequence format (§5.1.2), and a peer that Acks the MRRU without
 * speaking MP (a field bug: plain frames accepted and counted, no MP sent to it).
 */

#include "model/ppp/ppp-frame.h"
#include "model/ppp/ppp-link-observables.h"
#include "model/ppp/ppp-link.h"
#include "model/ppp/ppp-observables.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <deque>
#include <functional>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr TimeNs kDelay = 5 * kMs;

class Wire;

/** \brief True if `kind` is a row of `table`. */
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

/** \brief One end of the link and what it told its owner. */
class End : public PppLink::Owner
{
public:
    End(Wire& w, int id, const PppLinkConfig& cfg)
        : m_wire(w)
        , m_id(id)
        , link(cfg, *this)
    {
    }

    void PppSendFrame(const Bytes& frame, TimeNs now) override;

    void
    PppHangup(PppHangupReason, TimeNs) override
    {
    }

    bool
    PppAuthorize(const std::string&, PppIpcpConfig& ipcp, std::string&, TimeNs) override
    {
        ipcp.localAddress = 0x0a000001;
        ipcp.peerAddress = 0x0a000002;
        return true;
    }

    void
    PppDatagramIn(uint16_t protocol, const Bytes& d, TimeNs) override
    {
        datagrams.emplace_back(protocol, d);
    }

    void
    PppEvent(const std::string& sub,
             const std::string& kind,
             const std::vector<std::pair<std::string, std::string>>& fields,
             TimeNs) override
    {
        if (sub.empty())
        {
            BOOST_TEST((Declared(kPppLinkObservables, kind) || Declared(kPppAuthObservables, kind)),
                       "undeclared event " << kind);
        }
        if (kind == "multilink")
        {
            multilink = fields;
        }
    }

    /** \brief Field of the `multilink` event ("" if none). */
    std::string
    Ml(const std::string& key) const
    {
        for (const auto& kv : multilink)
        {
            if (kv.first == key)
            {
                return kv.second;
            }
        }
        return "";
    }

    Wire& m_wire;
    int m_id;
    PppLink link;
    std::vector<std::pair<uint16_t, Bytes>> datagrams;
    std::vector<std::pair<std::string, std::string>> multilink;
    std::vector<Bytes> sent;
};

/** \brief Two ends, in-order delivery after kDelay; `drop` may discard a frame in flight. */
class Wire
{
public:
    Wire(const PppLinkConfig& client, const PppLinkConfig& server)
        : a(*this, 0, client)
        , b(*this, 1, server)
    {
    }

    void
    Send(int from, const Bytes& frame)
    {
        if (!drop || !drop(from, frame))
        {
            queue.push_back({now + kDelay, 1 - from, frame});
        }
    }

    void
    RunUntil(TimeNs until)
    {
        for (int guard = 0; guard < 100000; ++guard)
        {
            TimeNs next = std::min(a.link.NextDeadline(), b.link.NextDeadline());
            if (!queue.empty())
            {
                next = std::min(next, queue.front().at);
            }
            if (next > until)
            {
                now = until;
                return;
            }
            now = std::max(now, next);
            if (!queue.empty() && queue.front().at <= now)
            {
                Frame f = queue.front();
                queue.pop_front();
                (f.to == 0 ? a : b).link.FrameIn(f.bytes, now);
                continue;
            }
            if (a.link.NextDeadline() <= now)
            {
                a.link.OnTimer(now);
            }
            if (b.link.NextDeadline() <= now)
            {
                b.link.OnTimer(now);
            }
        }
        BOOST_FAIL("the wire did not settle");
    }

    /** \brief Both lower layers up, then run until the network is up. */
    void
    Connect()
    {
        a.link.LowerUp(now);
        b.link.LowerUp(now);
        RunUntil(5 * kSec);
        BOOST_REQUIRE(a.link.NetworkUp());
        BOOST_REQUIRE(b.link.NetworkUp());
    }

    struct Frame
    {
        TimeNs at;
        int to;
        Bytes bytes;
    };

    TimeNs now{0};
    End a; //!< client
    End b; //!< server
    std::deque<Frame> queue;
    std::function<bool(int, const Bytes&)> drop;
};

void
End::PppSendFrame(const Bytes& frame, TimeNs)
{
    sent.push_back(frame);
    m_wire.Send(m_id, frame);
}

/** \brief A RouterOS-like end: MRU 1450 (max-mtu/max-mru defaults), `mrru` (0 = disabled). */
PppLinkConfig
Config(PppLinkRole role, uint16_t mrru)
{
    PppLinkConfig c;
    c.role = role;
    c.lcp.mru = 1450;
    c.lcp.maxPeerMru = 1450;
    c.lcp.mrru = mrru;
    if (mrru != 0)
    {
        c.lcp.endpointDiscriminator = {
            1, 'r', 'o', 's', static_cast<uint8_t>(role == PppLinkRole::CLIENT ? 'c' : 's')};
    }
    c.lcp.magicSeed = role == PppLinkRole::CLIENT ? 11 : 22;
    if (role == PppLinkRole::SERVER)
    {
        c.lcp.authRequire = {PppAuthMethod::PAP};
        c.lookup = [](const std::string&)
        {
            PppSecretAnswer a;
            a.password = "pw";
            return a;
        };
    }
    else
    {
        c.lcp.authAccept = {PppAuthMethod::PAP};
        c.user = "alice";
        c.password = "pw";
    }
    return c;
}

/** \brief An IPv4-looking datagram of `size` octets. */
Bytes
Datagram(size_t size, uint8_t seed = 0)
{
    Bytes d(size);
    for (size_t i = 0; i < size; ++i)
    {
        d[i] = static_cast<uint8_t>(seed + i * 7);
    }
    d[0] = 0x45;
    return d;
}

/** \brief Protocol of a frame (0 if it does not decode). */
uint16_t
ProtocolOf(const Bytes& frame)
{
    PppFrame f;
    return DecodePppFrame(frame.data(), frame.size(), f) == PppFrameError::NONE ? f.protocol : 0;
}

/** \brief Frames of `protocol` that an end sent after index `from`. */
size_t
CountSent(const End& e, uint16_t protocol, size_t from = 0)
{
    size_t n = 0;
    for (size_t i = from; i < e.sent.size(); ++i)
    {
        n += ProtocolOf(e.sent[i]) == protocol ? 1 : 0;
    }
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(PppMpLinkTests)

// §5.1.1: both ends with an MRRU: MP both ways, the interface MTU becomes the peer's MRRU, and a
// 1500-octet datagram crosses a 1450-octet MRU as two fragments (RouterOS mrru=1600).
BOOST_AUTO_TEST_CASE(full_size_datagram_crosses_a_smaller_mru)
{
    Wire w(Config(PppLinkRole::CLIENT, 1600), Config(PppLinkRole::SERVER, 1600));
    w.Connect();
    BOOST_TEST(w.a.link.MpSend());
    BOOST_TEST(w.a.link.MpReceive());
    BOOST_TEST(w.a.link.MpMtu() == 1600u);
    BOOST_TEST(w.a.Ml("send") == "mp");
    BOOST_TEST(w.a.Ml("receive") == "mp");
    BOOST_TEST(w.a.Ml("format") == "long");
    BOOST_TEST(w.b.link.Lcp().Result().peerEndpointDiscriminator == (Bytes{1, 'r', 'o', 's', 'c'}),
               boost::test_tools::per_element());
    const size_t mark = w.a.sent.size();
    BOOST_TEST(w.a.link.SendDatagram(kPppIpv4, Datagram(1500), w.now));
    BOOST_TEST(w.a.link.SendDatagram(kPppIpv4, Datagram(100, 1), w.now));
    w.RunUntil(w.now + kSec);
    BOOST_TEST(CountSent(w.a, kPppMp, mark) == 3u); // 2 fragments + 1 whole (B+E)
    BOOST_TEST(CountSent(w.a, kPppIpv4, mark) == 0u);
    for (size_t i = mark; i < w.a.sent.size(); ++i)
    {
        PppFrame f;
        BOOST_REQUIRE(DecodePppFrame(w.a.sent[i].data(), w.a.sent[i].size(), f) ==
                      PppFrameError::NONE);
        BOOST_TEST(f.info.size() <= 1450u); // every MP frame fits the peer's MRU
    }
    BOOST_REQUIRE(w.b.datagrams.size() == 2u);
    BOOST_TEST(w.b.datagrams[0].first == kPppIpv4);
    BOOST_TEST(w.b.datagrams[0].second == Datagram(1500), boost::test_tools::per_element());
    BOOST_TEST(w.b.datagrams[1].second == Datagram(100, 1), boost::test_tools::per_element());
    BOOST_TEST(w.a.link.MpCounters().fragmentsOut == 3u);
    BOOST_REQUIRE(w.b.link.MpRxCounters() != nullptr);
    BOOST_TEST(w.b.link.MpRxCounters()->packetsOut == 2u);
    BOOST_TEST(w.b.link.MpCounters().plainIn == 0u);
}

// §5.1.1: datagrams above the peer's MRRU are not sent.
BOOST_AUTO_TEST_CASE(datagram_above_the_peer_mrru_is_refused)
{
    Wire w(Config(PppLinkRole::CLIENT, 1600), Config(PppLinkRole::SERVER, 1600));
    w.Connect();
    BOOST_TEST(w.a.link.SendDatagram(kPppIpv4, Datagram(1600), w.now));
    BOOST_TEST(!w.a.link.SendDatagram(kPppIpv4, Datagram(1601), w.now));
    BOOST_TEST(w.a.link.MpCounters().overMrruOut == 1u);
    w.RunUntil(w.now + kSec);
    BOOST_TEST(w.b.datagrams.size() == 1u);
}

// Without an MRRU on one end: the other end's MRRU is Rejected, no MP, MTU as before.
BOOST_AUTO_TEST_CASE(one_end_without_mrru_means_no_multilink)
{
    Wire w(Config(PppLinkRole::CLIENT, 1600), Config(PppLinkRole::SERVER, 0));
    w.Connect();
    BOOST_TEST(!w.a.link.MpSend());
    BOOST_TEST(!w.a.link.MpReceive());
    BOOST_TEST(w.a.link.MpMtu() == 0u);
    BOOST_TEST(w.a.multilink.empty());
    const size_t mark = w.a.sent.size();
    BOOST_TEST(w.a.link.SendDatagram(kPppIpv4, Datagram(1400), w.now));
    w.RunUntil(w.now + kSec);
    BOOST_TEST(CountSent(w.a, kPppIpv4, mark) == 1u);
    BOOST_TEST(CountSent(w.a, kPppMp, mark) == 0u);
    // An MP frame to an end that never negotiated it: Protocol-Reject (RFC 1661 §5.7).
    w.b.link.FrameIn(EncodePppFrame(kPppMp, Bytes{0xc0, 0, 0, 0, 0x21, 0x45}, false, false), w.now);
    BOOST_TEST(w.b.link.Counters().protocolRejectsOut == 1u);
    BOOST_TEST(w.b.datagrams.size() == 1u);
}

// §4.1: losing one fragment loses exactly its datagram; the next ones arrive.
BOOST_AUTO_TEST_CASE(lost_fragment_loses_exactly_its_datagram)
{
    Wire w(Config(PppLinkRole::CLIENT, 1600), Config(PppLinkRole::SERVER, 1600));
    w.Connect();
    int mpSeen = 0;
    w.drop = [&](int from, const Bytes& f)
    {
        // The client's third MP frame: the second fragment of the second datagram.
        return from == 0 && ProtocolOf(f) == kPppMp && ++mpSeen == 4;
    };
    for (uint8_t i = 0; i < 4; ++i)
    {
        BOOST_TEST(w.a.link.SendDatagram(kPppIpv4, Datagram(1500, i), w.now));
    }
    w.RunUntil(w.now + kSec);
    BOOST_REQUIRE(w.b.datagrams.size() == 3u);
    BOOST_TEST(w.b.datagrams[0].second == Datagram(1500, 0), boost::test_tools::per_element());
    BOOST_TEST(w.b.datagrams[1].second == Datagram(1500, 2), boost::test_tools::per_element());
    BOOST_TEST(w.b.datagrams[2].second == Datagram(1500, 3), boost::test_tools::per_element());
    BOOST_REQUIRE(w.b.link.MpRxCounters() != nullptr);
    BOOST_TEST(w.b.link.MpRxCounters()->lostFragment == 1u);
}

// §5.1.2: an end that asks for short sequence numbers receives 2-octet MP headers.
BOOST_AUTO_TEST_CASE(short_sequence_format_on_the_wire)
{
    PppLinkConfig server = Config(PppLinkRole::SERVER, 1600);
    server.lcp.shortSequence = true;
    Wire w(Config(PppLinkRole::CLIENT, 1600), server);
    w.Connect();
    BOOST_TEST(w.a.Ml("format") == "short");
    BOOST_TEST(w.b.Ml("format") == "long");
    const size_t mark = w.a.sent.size();
    BOOST_TEST(w.a.link.SendDatagram(kPppIpv4, Datagram(1500), w.now));
    w.RunUntil(w.now + kSec);
    BOOST_REQUIRE(w.a.sent.size() == mark + 2);
    PppFrame f;
    BOOST_REQUIRE(DecodePppFrame(w.a.sent[mark].data(), w.a.sent[mark].size(), f) ==
                  PppFrameError::NONE);
    BOOST_TEST(f.info[0] == 0x80); // B, 12-bit sequence 0
    BOOST_TEST(f.info[1] == 0x00);
    BOOST_TEST(f.info[2] == 0x00); // the IPv4 Protocol field follows the 2-octet header
    BOOST_TEST(f.info[3] == 0x21);
    BOOST_REQUIRE(w.b.datagrams.size() == 1u);
    BOOST_TEST(w.b.datagrams[0].second == Datagram(1500), boost::test_tools::per_element());
}

// The field bug: a peer that Acks our MRRU but has no multilink. We accept MP (it may never
// come), send plain frames (it announced no MRRU), accept its plain frames and count them; the
// interface MTU stays the peer's MRU.
BOOST_AUTO_TEST_CASE(peer_that_acks_mrru_without_multilink)
{
    PppLinkConfig broken = Config(PppLinkRole::SERVER, 0);
    broken.lcp.ackMrruWithoutMp = true;
    Wire w(Config(PppLinkRole::CLIENT, 1600), broken);
    w.Connect();
    BOOST_TEST(!w.a.link.MpSend());
    BOOST_TEST(w.a.link.MpReceive());
    BOOST_TEST(w.a.link.MpMtu() == 0u);
    BOOST_TEST(w.a.Ml("send") == "plain");
    BOOST_TEST(w.a.Ml("receive") == "mp");
    BOOST_TEST(!w.b.link.MpSend());
    BOOST_TEST(!w.b.link.MpReceive());
    const size_t mark = w.a.sent.size();
    BOOST_TEST(w.a.link.SendDatagram(kPppIpv4, Datagram(1000), w.now));
    BOOST_TEST(w.b.link.SendDatagram(kPppIpv4, Datagram(1000, 3), w.now));
    w.RunUntil(w.now + kSec);
    BOOST_TEST(CountSent(w.a, kPppMp, mark) == 0u);
    BOOST_TEST(w.b.datagrams.size() == 1u);
    BOOST_REQUIRE(w.a.datagrams.size() == 1u);
    BOOST_TEST(w.a.datagrams[0].second == Datagram(1000, 3), boost::test_tools::per_element());
    BOOST_TEST(w.a.link.MpCounters().plainIn >= 1u);
}

// Malformed MP (a header cut short) is counted and dropped; LCP inside MP is refused.
BOOST_AUTO_TEST_CASE(malformed_mp_and_link_control_inside_mp)
{
    Wire w(Config(PppLinkRole::CLIENT, 1600), Config(PppLinkRole::SERVER, 1600));
    w.Connect();
    const uint64_t before = w.b.link.Counters().malformed;
    w.b.link.FrameIn(EncodePppFrame(kPppMp, Bytes{0xc0, 0}, false, false), w.now);
    BOOST_TEST(w.b.link.MpCounters().malformed == 1u);
    BOOST_TEST(w.b.link.Counters().malformed == before + 1);
    // An LCP Echo-Request wrapped in MP (B+E, sequence 0): not for the bundle.
    w.b.link.FrameIn(EncodePppFrame(kPppMp,
                                    Bytes{0xc0, 0, 0, 0, 0xc0, 0x21, 9, 1, 0, 8, 0, 0, 0, 1}, false,
                                    false),
                     w.now);
    BOOST_TEST(w.b.link.MpCounters().linkControlIn == 1u);
    BOOST_TEST(w.b.datagrams.empty());
}

BOOST_AUTO_TEST_SUITE_END()
