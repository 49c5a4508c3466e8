/**
 * \file
 * \brief LCP (ppp-lcp.h) end to end: two instances back to back (client and server), options of
 * RFC 1661 §6 and RFC 1990 §5.1, Authentication-Protocol negotiation and fallback (§6.2), MRU
 * clamp (§6.1), Magic-Number loop detection (§6.4), Echo (§5.8), Discard (§5.9), Protocol-Reject
 * (§5.7), Max-Failure (§4.6) and the auth-method option codec.
 */

#include "model/ppp/ppp-auth-method.h"
#include "model/ppp/ppp-frame.h"
#include "model/ppp/ppp-lcp.h"
#include "ppp-test-support.h"

#include <boost/test/unit_test.hpp>

using namespace ns3;
using namespace ns3::ppptest;

namespace
{

using S = PppCpState;
using M = PppAuthMethod;

/** A client and a server LCP on one wire. */
struct LcpPair
{
    BackToBack wire;
    PppLcp client;
    PppLcp server;

    ~LcpPair()
    {
        CheckCountersDeclared(client);
        CheckCountersDeclared(server);
    }
    LcpPair(PppLcpConfig c, PppLcpConfig s)
        : client(WithSeed(c, 11), wire.a)
        , server(WithSeed(s, 22), wire.b)
    {
        wire.Attach(client, server);
    }
    static PppLcpConfig
    WithSeed(PppLcpConfig c, uint64_t seed)
    {
        if (c.magicSeed == 1)
        {
            c.magicSeed = seed;
        }
        return c;
    }
    void
    Run()
    {
        wire.OpenBoth();
        wire.Run();
    }
    /** Auth-Protocol values of the server's Configure-Requests, in order. */
    std::vector<M>
    ServerAuthRequests() const
    {
        std::vector<M> out;
        for (const PppCpPacket& p : wire.b.sent)
        {
            if (p.code != kPppConfigureRequest)
            {
                continue;
            }
            std::vector<PppCpOption> o;
            std::string why;
            BOOST_REQUIRE(DecodePppCpOptions(p.data, o, why));
            for (const PppCpOption& x : o)
            {
                M m = M::NONE;
                if (x.type == kLcpAuthProtocol && DecodePppAuthOption(x.data, m))
                {
                    out.push_back(m);
                }
            }
        }
        return out;
    }
};

PppLcpConfig
Server(std::vector<M> require)
{
    PppLcpConfig c;
    c.authRequire = std::move(require);
    return c;
}

PppLcpConfig
Client(std::vector<M> accept)
{
    PppLcpConfig c;
    c.authAccept = std::move(accept);
    return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(PppLcpTests)

// RFC 1334 §3.1, RFC 1994 §3, RFC 2433 §2, RFC 2759 §2: the Auth-Protocol option data.
// RFC 1661 §6 leaves the option order to the sender: the authenticator puts Authentication-Protocol
// first, then MRU and Magic-Number, as a real RouterOS LNS's Configure-Request does; the peer that
// asks for no authentication starts with MRU.
BOOST_AUTO_TEST_CASE(ServerRequestOrderIsRouterOs)
{
    PppLcpConfig server1450 = Server({M::MSCHAP_V2});
    server1450.mru = 1450; // RouterOS's max-mru: sent (1500 would not be)
    PppLcpConfig client1450 = Client({M::MSCHAP_V2});
    client1450.mru = 1450;
    LcpPair p(client1450, server1450);
    p.Run();
    auto firstRequestTypes = [](const std::vector<PppCpPacket>& sent)
    {
        std::vector<uint8_t> types;
        for (const PppCpPacket& pk : sent)
        {
            if (pk.code == kPppConfigureRequest)
            {
                std::vector<PppCpOption> o;
                std::string why;
                BOOST_REQUIRE(DecodePppCpOptions(pk.data, o, why));
                for (const PppCpOption& x : o)
                {
                    types.push_back(x.type);
                }
                break;
            }
        }
        return types;
    };
    const std::vector<uint8_t> server = firstRequestTypes(p.wire.b.sent);
    BOOST_REQUIRE_GE(server.size(), 3u);
    BOOST_TEST(server[0] == kLcpAuthProtocol);
    BOOST_TEST(server[1] == kLcpMru);
    BOOST_TEST(server[2] == kLcpMagicNumber);
    const std::vector<uint8_t> client = firstRequestTypes(p.wire.a.sent);
    BOOST_REQUIRE(!client.empty());
    BOOST_TEST(client[0] == kLcpMru);
}

BOOST_AUTO_TEST_CASE(AuthOptionCodec)
{
    BOOST_TEST(PppAuthOptionData(M::PAP) == (Bytes{0xc0, 0x23}), boost::test_tools::per_element());
    BOOST_TEST(PppAuthOptionData(M::CHAP_MD5) == (Bytes{0xc2, 0x23, 0x05}),
               boost::test_tools::per_element());
    BOOST_TEST(PppAuthOptionData(M::MSCHAP_V1) == (Bytes{0xc2, 0x23, 0x80}),
               boost::test_tools::per_element());
    BOOST_TEST(PppAuthOptionData(M::MSCHAP_V2) == (Bytes{0xc2, 0x23, 0x81}),
               boost::test_tools::per_element());
    BOOST_TEST(PppAuthOptionData(M::NONE).empty());
    for (M m : {M::PAP, M::CHAP_MD5, M::MSCHAP_V1, M::MSCHAP_V2})
    {
        M back = M::NONE;
        BOOST_TEST(DecodePppAuthOption(PppAuthOptionData(m), back));
        BOOST_TEST((back == m));
        M parsed = M::NONE;
        BOOST_TEST(ParsePppAuthMethod(PppAuthMethodName(m), parsed));
        BOOST_TEST((parsed == m));
    }
    M m;
    BOOST_TEST(!DecodePppAuthOption({0xc2, 0x23, 0x06}, m)); // unknown CHAP algorithm
    BOOST_TEST(!DecodePppAuthOption({0xc2, 0x23}, m));       // CHAP without algorithm
    BOOST_TEST(!DecodePppAuthOption({0xc0, 0x23, 0x00}, m)); // PAP with data
    BOOST_TEST(!DecodePppAuthOption({0xc0}, m));
    BOOST_TEST(!ParsePppAuthMethod("eap", m));
    BOOST_TEST(std::string(PppAuthMethodName(M::MSCHAP_V2)) == "mschap2");
}

// The LCP option table is data: types unique, lengths sane, Rejected rows say why.
BOOST_AUTO_TEST_CASE(OptionTableIsSane)
{
    const PppOptionTable t = LcpOptionTable();
    for (const PppOptionSpec& a : t)
    {
        BOOST_TEST(a.minLength >= 2);
        BOOST_TEST(a.minLength <= a.maxLength);
        BOOST_TEST(std::string(a.ref).find("RFC") == 0u);
        BOOST_TEST(std::string(a.note).size() > 3u);
        size_t n = 0;
        for (const PppOptionSpec& b : t)
        {
            n += a.type == b.type ? 1 : 0;
        }
        BOOST_TEST(n == 1u);
    }
    BOOST_TEST((t.Find(kLcpQualityProtocol)->support == PppOptionSupport::REJECTED));
    BOOST_TEST(PppOptionLabel(t, kLcpMru) == "Maximum-Receive-Unit(1)");
    BOOST_TEST(PppOptionLabel(t, 99) == "type 99");
}

// A server asking for MS-CHAPv2, a client that accepts it: both Opened, results agree (§6.2,
// §6.4: each records the other's Magic-Number).
BOOST_AUTO_TEST_CASE(OpensWithAuthAndMagic)
{
    LcpPair p(Client({M::MSCHAP_V2}), Server({M::MSCHAP_V2}));
    p.Run();
    BOOST_TEST((p.client.State() == S::OPENED));
    BOOST_TEST((p.server.State() == S::OPENED));
    BOOST_TEST((p.server.Result().authByUs == M::MSCHAP_V2));
    BOOST_TEST((p.client.Result().authByPeer == M::MSCHAP_V2));
    BOOST_TEST((p.client.Result().authByUs == M::NONE));
    BOOST_TEST(p.client.Result().ourMagic != 0u);
    BOOST_TEST(p.client.Result().peerMagic == p.server.Result().ourMagic);
    BOOST_TEST(p.server.Result().peerMagic == p.client.Result().ourMagic);
    BOOST_TEST(p.client.Result().ourMagic != p.server.Result().ourMagic);
    BOOST_TEST(p.client.Result().peerMru == 1500);
    BOOST_TEST(!p.client.Result().txPfc);
    BOOST_TEST(p.wire.a.ups == 1);
    BOOST_TEST(p.wire.b.ups == 1);
    BOOST_TEST(p.client.Counter("lcp/tx/configure-request") == 1u);
}

// §6.2 fallback: the peer Naks with a method the authenticator also allows: it switches to it.
BOOST_AUTO_TEST_CASE(AuthFallbackToNakedMethod)
{
    LcpPair p(Client({M::PAP}), Server({M::MSCHAP_V2, M::CHAP_MD5, M::PAP}));
    p.Run();
    BOOST_TEST((p.server.State() == S::OPENED));
    BOOST_TEST((p.server.Result().authByUs == M::PAP));
    BOOST_TEST((p.client.Result().authByPeer == M::PAP));
    const std::vector<M> asked = p.ServerAuthRequests();
    BOOST_TEST((asked == std::vector<M>{M::MSCHAP_V2, M::PAP}));
    const PppCpPacket* nak = p.wire.a.Last(kPppConfigureNak);
    BOOST_REQUIRE(nak != nullptr);
    BOOST_TEST(nak->data == (Bytes{kLcpAuthProtocol, 4, 0xc0, 0x23}),
               boost::test_tools::per_element());
}

// The peer Naks with a method the authenticator does not allow: it moves to its next method;
// the client's preferred method comes first in its Nak.
BOOST_AUTO_TEST_CASE(AuthNakOfUnallowedMovesToNext)
{
    LcpPair p(Client({M::CHAP_MD5, M::PAP}), Server({M::MSCHAP_V2, M::MSCHAP_V1, M::CHAP_MD5}));
    p.Run();
    BOOST_TEST((p.server.State() == S::OPENED));
    BOOST_TEST((p.server.Result().authByUs == M::CHAP_MD5));
    BOOST_TEST((p.ServerAuthRequests() == std::vector<M>{M::MSCHAP_V2, M::CHAP_MD5}));
}

// List exhausted: the authenticator fails ('auth-negotiation-failed') and closes LCP.
BOOST_AUTO_TEST_CASE(AuthListExhaustedFails)
{
    LcpPair p(Client({M::PAP}), Server({M::MSCHAP_V2, M::CHAP_MD5}));
    p.Run();
    BOOST_TEST(p.wire.b.HasEvent("auth-negotiation-failed"));
    BOOST_TEST(p.server.Counter("lcp/auth-negotiation-failed") == 1u);
    BOOST_TEST((p.server.State() == S::CLOSED));
    BOOST_TEST(p.wire.b.ups == 0);
    BOOST_TEST(p.wire.b.CountSent(kPppTerminateRequest) >= 1u);
    BOOST_TEST((p.ServerAuthRequests() == std::vector<M>{M::MSCHAP_V2, M::CHAP_MD5}));
}

// A peer that accepts no method Rejects the option (§6.2): the authenticator fails.
BOOST_AUTO_TEST_CASE(AuthRejectedFails)
{
    LcpPair p(Client({}), Server({M::PAP}));
    p.Run();
    const PppCpPacket* rej = p.wire.a.Last(kPppConfigureReject);
    BOOST_REQUIRE(rej != nullptr);
    BOOST_TEST(rej->data == (Bytes{kLcpAuthProtocol, 4, 0xc0, 0x23}),
               boost::test_tools::per_element());
    BOOST_TEST(p.wire.b.HasEvent("auth-negotiation-failed"));
    BOOST_TEST((p.server.State() == S::CLOSED));
}

// No authentication on either side: Opened with NONE both ways.
BOOST_AUTO_TEST_CASE(NoAuth)
{
    LcpPair p(Client({M::PAP}), Server({}));
    p.Run();
    BOOST_TEST((p.server.State() == S::OPENED));
    BOOST_TEST((p.server.Result().authByUs == M::NONE));
    BOOST_TEST((p.client.Result().authByPeer == M::NONE));
    BOOST_TEST(p.ServerAuthRequests().empty());
}

// §6.1 MRU: a value above maxPeerMru is Nak'd with maxPeerMru; the client takes it.
BOOST_AUTO_TEST_CASE(MruClamp)
{
    PppLcpConfig c;
    c.mru = 1600;
    PppLcpConfig s;
    s.maxPeerMru = 1450;
    LcpPair p(c, s);
    p.Run();
    BOOST_TEST((p.client.State() == S::OPENED));
    const PppCpPacket* nak = p.wire.b.Last(kPppConfigureNak);
    BOOST_REQUIRE(nak != nullptr);
    BOOST_TEST(nak->data == (Bytes{kLcpMru, 4, 0x05, 0xaa}), boost::test_tools::per_element());
    BOOST_TEST(p.client.Result().ourMru == 1450);
    BOOST_TEST(p.server.Result().peerMru == 1450);
    // The server does not send the default 1500 (§6.1), so the client sees the default.
    BOOST_TEST(p.client.Result().peerMru == 1500);
}

BOOST_AUTO_TEST_CASE(MruBelowLimitAcked)
{
    PppLcpConfig c;
    c.mru = 1400;
    PppLcpConfig s;
    s.maxPeerMru = 1450;
    LcpPair p(c, s);
    p.Run();
    BOOST_TEST(p.wire.b.CountSent(kPppConfigureNak) == 0u);
    BOOST_TEST(p.server.Result().peerMru == 1400);
}

// §6.5/§6.6: the side that asks for PFC/ACFC receives compressed frames; the other may send them.
BOOST_AUTO_TEST_CASE(PfcAcfc)
{
    PppLcpConfig c;
    c.pfc = c.acfc = true;
    LcpPair p(c, PppLcpConfig{});
    p.Run();
    BOOST_TEST(p.client.Result().rxPfc);
    BOOST_TEST(p.client.Result().rxAcfc);
    BOOST_TEST(!p.client.Result().txPfc);
    BOOST_TEST(p.server.Result().txPfc);
    BOOST_TEST(p.server.Result().txAcfc);
    BOOST_TEST(!p.server.Result().rxPfc);
}

// RFC 1990 §5.1.1/§5.1.3: MRRU Acked only with multilink enabled; Endpoint Discriminator recorded.
BOOST_AUTO_TEST_CASE(MultilinkOptions)
{
    PppLcpConfig c;
    c.mrru = 1600;
    c.endpointDiscriminator = {1, 'a', 'b'};
    LcpPair refused(c, PppLcpConfig{});
    refused.Run();
    BOOST_TEST((refused.client.State() == S::OPENED));
    const PppCpPacket* rej = refused.wire.b.Last(kPppConfigureReject);
    BOOST_REQUIRE(rej != nullptr);
    BOOST_TEST(rej->data == (Bytes{kLcpMrru, 4, 0x06, 0x40}), boost::test_tools::per_element());
    BOOST_TEST(refused.server.Result().peerMrru == 0);
    BOOST_TEST(refused.server.Result().peerEndpointDiscriminator == c.endpointDiscriminator,
               boost::test_tools::per_element());

    PppLcpConfig s;
    s.mrru = 1600;
    LcpPair ml(c, s);
    ml.Run();
    BOOST_TEST(ml.server.Result().peerMrru == 1600);
    BOOST_TEST(ml.client.Result().peerMrru == 1600);
    // Both directions Acked: each end knows MP may come in (ourMrru) and may be sent (peerMrru).
    BOOST_TEST(ml.client.Result().ourMrru == 1600);
    BOOST_TEST(ml.server.Result().ourMrru == 1600);
    BOOST_TEST(!ml.client.Result().txShortSequence); // the long format unless asked (§5.1.2)
}

// RFC 1990 §5.1.2: the short sequence format is asked for only with an MRRU, Acked by a peer
// with multilink, Rejected by one without.
BOOST_AUTO_TEST_CASE(MultilinkShortSequence)
{
    PppLcpConfig c;
    c.mrru = 1600;
    c.shortSequence = true;
    PppLcpConfig s;
    s.mrru = 1614;
    LcpPair ml(c, s);
    ml.Run();
    BOOST_TEST(ml.client.Result().rxShortSequence);
    BOOST_TEST(ml.server.Result().txShortSequence);
    BOOST_TEST(!ml.server.Result().rxShortSequence);
    BOOST_TEST(ml.client.Result().peerMrru == 1614);

    LcpPair refused(c, PppLcpConfig{});
    refused.Run();
    const PppCpPacket* rej = refused.wire.b.Last(kPppConfigureReject);
    BOOST_REQUIRE(rej != nullptr);
    BOOST_TEST(rej->data == (Bytes{kLcpMrru, 4, 0x06, 0x40, kLcpShortSequence, 2}),
               boost::test_tools::per_element());
    BOOST_TEST(!refused.client.Result().rxShortSequence);
    BOOST_TEST(refused.client.Result().ourMrru == 0);
}

// RFC 1990 §5.1.3: class and length of an Endpoint Discriminator must agree; others Rejected.
BOOST_AUTO_TEST_CASE(EndpointDiscriminatorClasses)
{
    BOOST_TEST(ValidEndpointDiscriminator({0}));
    BOOST_TEST(!ValidEndpointDiscriminator({0, 1}));
    BOOST_TEST(ValidEndpointDiscriminator({1, 'r', 'o', 's'}));
    BOOST_TEST(ValidEndpointDiscriminator({2, 192, 0, 2, 1}));
    BOOST_TEST(!ValidEndpointDiscriminator({2, 192, 0, 2}));
    BOOST_TEST(ValidEndpointDiscriminator({3, 0, 0x0c, 0x42, 1, 2, 3}));
    BOOST_TEST(!ValidEndpointDiscriminator({3, 0, 0x0c, 0x42}));
    BOOST_TEST(!ValidEndpointDiscriminator(Bytes(17, 5)));
    BOOST_TEST(!ValidEndpointDiscriminator({6, 1}));
    BOOST_TEST(!ValidEndpointDiscriminator({}));

    PppLcpConfig c;
    c.endpointDiscriminator = {2, 10, 0, 0}; // class 2 needs 4 address octets
    LcpPair p(c, PppLcpConfig{});
    p.Run();
    BOOST_TEST((p.client.State() == S::OPENED));
    const PppCpPacket* rej = p.wire.b.Last(kPppConfigureReject);
    BOOST_REQUIRE(rej != nullptr);
    BOOST_TEST(rej->data == (Bytes{kLcpEndpointDiscriminator, 6, 2, 10, 0, 0}),
               boost::test_tools::per_element());
    BOOST_TEST(p.server.Result().peerEndpointDiscriminator.empty());
}

// The field bug (a peer that Acks the MRRU without multilink): our MRRU is Acked, the peer's
// own request carries none, so MP may come in but must not be sent.
BOOST_AUTO_TEST_CASE(MrruAckedByAPeerWithoutMultilink)
{
    PppLcpConfig c;
    c.mrru = 1600;
    PppLcpConfig broken;
    broken.ackMrruWithoutMp = true;
    LcpPair p(c, broken);
    p.Run();
    BOOST_TEST((p.client.State() == S::OPENED));
    BOOST_TEST(p.client.Result().ourMrru == 1600);
    BOOST_TEST(p.client.Result().peerMrru == 0);
}

// §6.4: a link looped back to itself sees its own Configure-Requests: the Magic-Number is Nak'd
// with a new value; repeated, the 'looped-back' event fires and LCP closes: it never opens.
BOOST_AUTO_TEST_CASE(LoopbackDetected)
{
    Recorder rec;
    PppLcpConfig cfg;
    cfg.timers.maxConfigure = 4;
    PppLcp lcp(cfg, rec);
    std::deque<Bytes> loop;
    rec.forward = [&loop](const Bytes& b, TimeNs)
    {
        loop.push_back(b);
    };
    lcp.Open(0);
    lcp.Up(0);
    TimeNs now = 0;
    for (int i = 0; i < 200 && (!loop.empty() || lcp.NextDeadline() != kNever); ++i)
    {
        if (!loop.empty())
        {
            Bytes b = loop.front();
            loop.pop_front();
            lcp.Input(b, now);
            continue;
        }
        now = lcp.NextDeadline();
        lcp.OnTimer(now);
    }
    BOOST_TEST(rec.HasEvent("looped-back"));
    BOOST_TEST(lcp.Counter("lcp/looped-back") >= 1u);
    BOOST_TEST(lcp.Counter("lcp/magic/own-value-received") >= 2u);
    BOOST_TEST(rec.ups == 0);
    BOOST_TEST((lcp.State() == S::CLOSED));
}

// RFC 1661 §5.4: an option not acceptable as such is Configure-Rejected, the rest of the request
// unchanged. ACCM (RFC 1662 §7.1) only matters for async HDLC framing: a RouterOS LNS Rejects it
// (real capture: an xl2tpd/pppd LAC's MRU, ACCM, Magic-Number got a Reject of ACCM alone); with
// rejectAccm off it is Acked.
BOOST_AUTO_TEST_CASE(AccmRejectedLikeRouterOs)
{
    const std::vector<PppCpOption> request{{kLcpMru, {0x05, 0x78}},
                                           {kLcpAccm, {0, 0, 0, 0}},
                                           {kLcpMagicNumber, {0xfa, 0x19, 0x48, 0x2b}}};
    for (bool reject : {true, false})
    {
        Recorder rec;
        PppLcpConfig c;
        c.rejectAccm = reject;
        PppLcp lcp(c, rec);
        lcp.Up(0);
        lcp.Open(0);
        lcp.Input(Configure(kPppConfigureRequest, 1, request), kMs);
        const PppCpPacket* rej = rec.Last(kPppConfigureReject);
        const PppCpPacket* ack = rec.Last(kPppConfigureAck);
        if (reject)
        {
            BOOST_REQUIRE(rej != nullptr);
            BOOST_TEST(rej->id == 1);
            BOOST_TEST((rej->data == Bytes{kLcpAccm, 6, 0, 0, 0, 0}));
            BOOST_TEST(ack == nullptr);
        }
        else
        {
            BOOST_TEST(rej == nullptr);
            BOOST_REQUIRE(ack != nullptr);
            BOOST_TEST(ack->data.size() == 16u); // all three options acknowledged
        }
    }
}

// §6.4: a peer whose request carries our Magic-Number gets a Nak with a different, non-zero one;
// zero is always Nak'd.
BOOST_AUTO_TEST_CASE(OwnOrZeroMagicNaked)
{
    Recorder rec;
    PppLcp lcp(PppLcpConfig{}, rec);
    lcp.Up(0);
    lcp.Open(0);
    const uint32_t ours = lcp.CurrentMagic();
    const Bytes own{static_cast<uint8_t>(ours >> 24), static_cast<uint8_t>(ours >> 16),
                    static_cast<uint8_t>(ours >> 8), static_cast<uint8_t>(ours)};
    lcp.Input(Configure(kPppConfigureRequest, 9, {{kLcpMagicNumber, own}}), kMs);
    const PppCpPacket* nak = rec.Last(kPppConfigureNak);
    BOOST_REQUIRE(nak != nullptr);
    BOOST_TEST(nak->id == 9);
    BOOST_REQUIRE(nak->data.size() == 6u);
    BOOST_TEST(nak->data[0] == kLcpMagicNumber);
    BOOST_TEST(Bytes(nak->data.begin() + 2, nak->data.end()) != own);
    lcp.Input(Configure(kPppConfigureRequest, 10, {{kLcpMagicNumber, {0, 0, 0, 0}}}), kMs);
    BOOST_TEST(rec.Last(kPppConfigureNak)->id == 10);
    BOOST_TEST(!rec.HasEvent("looped-back")); // one suspicion is not yet a loop
}

// §5.8 Echo: answered only in Opened, with our Magic-Number and the request's data; the reply
// reaches the owner with the peer's Magic-Number; our own magic coming back is a loop.
BOOST_AUTO_TEST_CASE(Echo)
{
    LcpPair p(PppLcpConfig{}, PppLcpConfig{});
    p.client.SendEchoRequest(0);
    BOOST_TEST(p.client.Counter("lcp/tx/refused/echo-request") == 1u);
    p.Run();
    p.client.SendEchoRequest(p.wire.now);
    p.wire.Run();
    BOOST_TEST(p.server.Counter("lcp/tx/echo-reply") == 1u);
    BOOST_REQUIRE(p.wire.a.echoReplies.size() == 1u);
    BOOST_TEST(p.wire.a.echoReplies[0] == p.server.Result().ourMagic);
    const uint32_t m = p.client.Result().ourMagic;
    const Bytes own{static_cast<uint8_t>(m >> 24), static_cast<uint8_t>(m >> 16),
                    static_cast<uint8_t>(m >> 8), static_cast<uint8_t>(m), 0x55};
    p.client.Input(Packet(kPppEchoRequest, 3, own), p.wire.now);
    BOOST_TEST(p.client.Counter("lcp/drop/echo-own-magic") == 1u);
    BOOST_TEST(p.client.Counter("lcp/tx/echo-reply") == 0u);
    p.client.Input(Packet(kPppEchoRequest, 4, {1, 2}), p.wire.now); // shorter than a magic
    BOOST_TEST(p.client.Counter("lcp/drop/malformed/echo-short") == 1u);
    p.client.Input(Packet(kPppDiscardRequest, 5, {0, 0, 0, 0, 9}), p.wire.now);
    BOOST_TEST(p.client.Counter("lcp/rx/discard-request") == 1u);
    BOOST_TEST(p.client.Counter("lcp/tx/echo-reply") == 0u);
    BOOST_TEST((p.client.State() == S::OPENED));
    // The peer's echo request data is echoed back after our magic.
    p.client.Input(Packet(kPppEchoRequest, 6, {0, 0, 0, 1, 0xab}), p.wire.now);
    const PppCpPacket* rep = p.wire.a.Last(kPppEchoReply);
    BOOST_REQUIRE(rep != nullptr);
    BOOST_TEST(rep->id == 6);
    BOOST_TEST(rep->data.size() == 5u);
    BOOST_TEST(rep->data[4] == 0xab);
}

// Echo-Request outside Opened is ignored (§5.8, table: RXR in Req-Sent is "6").
BOOST_AUTO_TEST_CASE(EchoOutsideOpenedIgnored)
{
    Recorder rec;
    PppLcp lcp(PppLcpConfig{}, rec);
    lcp.Up(0);
    lcp.Open(0);
    lcp.Input(Packet(kPppEchoRequest, 1, {0, 0, 0, 0}), kMs);
    BOOST_TEST(rec.CountSent(kPppEchoReply) == 0u);
}

// §5.7 Protocol-Reject: passed up in Opened (RXJ+, stays Opened), truncated to the peer's MRU
// when sent; LCP rejected is catastrophic (RXJ-); outside Opened, discarded.
BOOST_AUTO_TEST_CASE(ProtocolReject)
{
    PppLcpConfig c;
    c.mru = 100;
    PppLcpConfig s;
    s.maxPeerMru = 100;
    LcpPair p(c, s);
    p.server.SendProtocolReject(kPppIpv6cp, {1, 2, 3}, 0);
    BOOST_TEST(p.server.Counter("lcp/tx/refused/protocol-reject") == 1u);
    p.Run();
    p.server.SendProtocolReject(kPppIpv6cp, Bytes(500, 0x42), p.wire.now);
    const PppCpPacket* pr = p.wire.b.Last(kPppProtocolReject);
    BOOST_REQUIRE(pr != nullptr);
    BOOST_TEST(pr->data.size() + 4 <= 100u);
    BOOST_TEST(pr->data[0] == 0x80);
    BOOST_TEST(pr->data[1] == 0x57);
    p.wire.Run();
    BOOST_TEST((p.wire.a.protocolRejected == std::vector<uint16_t>{kPppIpv6cp}));
    BOOST_TEST((p.client.State() == S::OPENED));
    BOOST_TEST(p.wire.a.HasEvent("protocol-rejected"));

    p.client.Input(Packet(kPppProtocolReject, 7, {0xc0, 0x21, 1}), p.wire.now);
    BOOST_TEST((p.client.State() == S::STOPPING)); // RXJ- in Opened: tld,irc,str/5
    BOOST_TEST(p.wire.a.downs == 1);

    Recorder rec;
    PppLcp lcp(PppLcpConfig{}, rec);
    lcp.Up(0);
    lcp.Open(0);
    lcp.Input(Packet(kPppProtocolReject, 1, {0x80, 0x21}), kMs);
    BOOST_TEST(lcp.Counter("lcp/drop/protocol-reject-not-opened") == 1u);
    BOOST_TEST(rec.protocolRejected.empty());
    lcp.Input(Packet(kPppProtocolReject, 1, {0x80}), kMs);
    BOOST_TEST(lcp.Counter("lcp/drop/malformed/protocol-reject-short") == 1u);
}

// §4.6 Max-Failure: after Max-Failure Naks without an Ack, the option is Rejected instead.
BOOST_AUTO_TEST_CASE(MaxFailureTurnsNaksIntoRejects)
{
    Recorder rec;
    PppLcpConfig cfg;
    cfg.maxPeerMru = 1450;
    cfg.timers.maxFailure = 2;
    PppLcp lcp(cfg, rec);
    lcp.Up(0);
    lcp.Open(0);
    for (uint8_t id = 1; id <= 3; ++id)
    {
        lcp.Input(Configure(kPppConfigureRequest, id, {{kLcpMru, {0x07, 0xd0}}}), id * kMs);
    }
    BOOST_TEST(rec.CountSent(kPppConfigureNak) == 2u);
    BOOST_TEST(rec.CountSent(kPppConfigureReject) == 1u);
    BOOST_TEST(rec.Last(kPppConfigureReject)->data == (Bytes{kLcpMru, 4, 0x07, 0xd0}),
               boost::test_tools::per_element());
    BOOST_TEST(lcp.Counter("lcp/max-failure") == 1u);
}

// Unknown, Rejected-by-table and wrong-length options are Configure-Rejected, with Reject taking
// precedence over Nak (§5.4), and the packet answered with the request's Identifier.
BOOST_AUTO_TEST_CASE(RejectsUnknownAndMalformedOptions)
{
    Recorder rec;
    PppLcpConfig cfg;
    cfg.maxPeerMru = 1000;
    PppLcp lcp(cfg, rec);
    lcp.Up(0);
    lcp.Open(0);
    lcp.Input(Configure(kPppConfigureRequest, 42,
                        {{kLcpMru, {0x07, 0xd0}},                   // would be Nak'd
                         {kLcpQualityProtocol, {0xc0, 0x25, 0, 0}}, // Rejected by the table
                         {kLcpMagicNumber, {1, 2, 3}},              // wrong length
                         {0x55, {}}}),                              // unknown
              kMs);
    const PppCpPacket* rej = rec.Last(kPppConfigureReject);
    BOOST_REQUIRE(rej != nullptr);
    BOOST_TEST(rej->id == 42);
    BOOST_TEST(rej->data == (Bytes{kLcpQualityProtocol, 6, 0xc0, 0x25, 0, 0, kLcpMagicNumber, 5, 1,
                                   2, 3, 0x55, 2}),
               boost::test_tools::per_element());
    BOOST_TEST(rec.CountSent(kPppConfigureNak) == 0u);
}

// A lost Configure-Request is recovered by the Restart timer (TO+ -> scr).
BOOST_AUTO_TEST_CASE(RecoversFromLoss)
{
    LcpPair p(Client({M::PAP}), Server({M::PAP}));
    p.wire.dropToB = 1;
    p.wire.dropToA = 1;
    p.Run();
    BOOST_TEST((p.client.State() == S::OPENED));
    BOOST_TEST((p.server.State() == S::OPENED));
    BOOST_TEST(p.client.Counter("lcp/timeout") + p.server.Counter("lcp/timeout") >= 1u);
}

// Close from Opened: Terminate-Request / -Ack, both sides leave Opened with tld.
BOOST_AUTO_TEST_CASE(CloseTerminates)
{
    LcpPair p(PppLcpConfig{}, PppLcpConfig{});
    p.Run();
    p.client.Close(p.wire.now);
    p.wire.Run();
    BOOST_TEST((p.client.State() == S::CLOSED));
    BOOST_TEST((p.server.State() == S::STOPPED));
    BOOST_TEST(p.wire.a.downs == 1);
    BOOST_TEST(p.wire.b.downs == 1);
    BOOST_TEST(p.wire.b.finishes == 1);
}

BOOST_AUTO_TEST_SUITE_END()
