/**
 * \file
 * \brief Tests of PppLink (RFC 1661 §3 phases over LCP, authentication and IPCP): a client and a
 * server link on an in-memory wire with a virtual clock. Covers the phase order, every
 * authentication method end to end, refusals, the §3.3-3.5 receive rules, Protocol-Reject (§5.7)
 * and RouterOS's keepalive schedule.
 */

#include "model/ppp/ppp-frame.h"
#include "model/ppp/ppp-link-observables.h"
#include "model/ppp/ppp-link.h"
#include "model/ppp/ppp-observables.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr TimeNs kDelay = 5 * kMs;      //!< one-way wire delay
constexpr uint32_t kLocal = 0x0a010101; //!< 10.1.1.1 (server)
constexpr uint32_t kPeer = 0x0a010164;  //!< 10.1.1.100 (client)

class Harness;

/** \brief One end: a PppLink plus what it told its owner. */
class End : public PppLink::Owner
{
public:
    End(Harness& h, int id, const PppLinkConfig& cfg)
        : m_h(h)
        , m_id(id)
        , link(cfg, *this)
    {
    }

    End(Harness& h, int id, std::shared_ptr<const PppLinkConfig> cfg, PppLinkOwn own)
        : m_h(h)
        , m_id(id)
        , link(std::move(cfg), std::move(own), *this)
    {
    }

    void PppSendFrame(const Bytes& frame, TimeNs now) override;

    void
    PppHangup(PppHangupReason reason, TimeNs now) override
    {
        hangups.emplace_back(reason, now);
    }

    bool
    PppAuthorize(const std::string& user,
                 PppIpcpConfig& ipcp,
                 std::string& refusal,
                 TimeNs /*now*/) override
    {
        authorized.push_back(user);
        if (!refuseWith.empty())
        {
            refusal = refuseWith;
            return false;
        }
        ipcp.localAddress = kLocal;
        ipcp.peerAddress = kPeer;
        return true;
    }

    void
    PppNetworkUp(const PppIpcpResult& r, TimeNs now) override
    {
        up = r;
        upAt = now;
    }

    void
    PppNetworkDown(TimeNs now) override
    {
        downAt = now;
    }

    void
    PppIpv6Up(const PppIpv6cpResult& r, TimeNs now) override
    {
        v6 = r;
        v6UpAt = now;
    }

    void
    PppIpv6Down(TimeNs now) override
    {
        v6DownAt = now;
    }

    void
    PppDatagramIn(uint16_t protocol, const Bytes& d, TimeNs /*now*/) override
    {
        datagrams.emplace_back(protocol, d);
    }

    void
    PppEvent(const std::string& sub,
             const std::string& kind,
             const std::vector<std::pair<std::string, std::string>>& fields,
             TimeNs now) override
    {
        events.push_back({kind, fields, now, sub});
    }

    /** \brief Times of events of one kind. */
    std::vector<TimeNs>
    Times(const std::string& kind) const
    {
        std::vector<TimeNs> t;
        for (const auto& e : events)
        {
            if (e.kind == kind)
            {
                t.push_back(e.time);
            }
        }
        return t;
    }

    struct Ev
    {
        std::string kind;
        std::vector<std::pair<std::string, std::string>> fields;
        TimeNs time;
        std::string sub;
    };

    Harness& m_h;
    int m_id;
    PppLink link;
    std::vector<std::pair<PppHangupReason, TimeNs>> hangups;
    std::vector<std::string> authorized;
    std::string refuseWith;
    PppIpcpResult up;
    TimeNs upAt{kNever};
    TimeNs downAt{kNever};
    PppIpv6cpResult v6;
    TimeNs v6UpAt{kNever};
    TimeNs v6DownAt{kNever};
    std::vector<std::pair<uint16_t, Bytes>> datagrams;
    std::vector<Ev> events;
    std::vector<Bytes> sent; //!< every frame this end sent
};

/** \brief Two ends and a wire; `mute[i]` drops what end i sends. */
class Harness
{
public:
    Harness(const PppLinkConfig& client, const PppLinkConfig& server)
        : a(*this, 0, client)
        , b(*this, 1, server)
    {
    }

    /** \brief The server's link shares `server` (an LNS's sessions do), with its own values. */
    Harness(const PppLinkConfig& client,
            std::shared_ptr<const PppLinkConfig> server,
            PppLinkOwn own)
        : a(*this, 0, client)
        , b(*this, 1, std::move(server), std::move(own))
    {
    }

    void
    Send(int from, const Bytes& frame)
    {
        if (!mute[from])
        {
            wire.push_back({now + kDelay, 1 - from, frame});
        }
    }

    /** \brief Bring both lower layers up at `now`. */
    void
    Up()
    {
        a.link.LowerUp(now);
        b.link.LowerUp(now);
    }

    /** \brief Run the clock until `until` (frames and timers in time order). */
    void
    RunUntil(TimeNs until)
    {
        for (int guard = 0; guard < 100000; ++guard)
        {
            TimeNs next = std::min(a.link.NextDeadline(), b.link.NextDeadline());
            for (const auto& f : wire)
            {
                next = std::min(next, f.at);
            }
            if (next > until)
            {
                now = until;
                return;
            }
            now = std::max(now, next);
            auto it = std::find_if(wire.begin(), wire.end(),
                                   [&](const Frame& f)
                                   {
                                       return f.at <= now;
                                   });
            if (it != wire.end())
            {
                Frame f = *it;
                wire.erase(it);
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
        BOOST_FAIL("the harness did not settle");
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
    std::deque<Frame> wire;
    bool mute[2]{false, false};
};

void
End::PppSendFrame(const Bytes& frame, TimeNs /*now*/)
{
    sent.push_back(frame);
    m_h.Send(m_id, frame);
}

std::map<std::string, std::string> g_secrets = {{"alice", "wonderland"}, {"bob", "builder"}};

PppLinkConfig
ClientConfig(std::vector<PppAuthMethod> allow, const std::string& user, const std::string& pw)
{
    PppLinkConfig c;
    c.role = PppLinkRole::CLIENT;
    c.lcp.mru = 1450;
    c.lcp.maxPeerMru = 1450;
    c.lcp.authAccept = std::move(allow);
    c.lcp.magicSeed = 11;
    c.user = user;
    c.password = pw;
    c.seed = 3;
    return c;
}

PppLinkConfig
ServerConfig(std::vector<PppAuthMethod> require)
{
    PppLinkConfig c;
    c.role = PppLinkRole::SERVER;
    c.lcp.mru = 1450;
    c.lcp.maxPeerMru = 1450;
    c.lcp.authRequire = std::move(require);
    c.lcp.magicSeed = 22;
    c.seed = 5;
    c.lookup = [](const std::string& user)
    {
        PppSecretAnswer a;
        auto it = g_secrets.find(user);
        if (it == g_secrets.end())
        {
            a.refusal = PppAuthFailure::UNKNOWN_USER;
        }
        else
        {
            a.password = it->second;
        }
        return a;
    };
    return c;
}

const std::vector<PppAuthMethod> kAll = {PppAuthMethod::PAP, PppAuthMethod::CHAP_MD5,
                                         PppAuthMethod::MSCHAP_V1, PppAuthMethod::MSCHAP_V2};

/** \brief Protocols of the frames an end sent, in order. */
std::vector<uint16_t>
Protocols(const End& e)
{
    std::vector<uint16_t> out;
    for (const Bytes& f : e.sent)
    {
        PppFrame fr;
        BOOST_REQUIRE(DecodePppFrame(f.data(), f.size(), fr) == PppFrameError::NONE);
        out.push_back(fr.protocol);
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ppp_link)

BOOST_AUTO_TEST_CASE(every_method_brings_the_network_up)
{
    for (PppAuthMethod m : kAll)
    {
        BOOST_TEST_CONTEXT("method " << PppAuthMethodName(m))
        {
            Harness h(ClientConfig(kAll, "alice", "wonderland"), ServerConfig({m}));
            h.Up();
            h.RunUntil(5 * kSec);
            BOOST_TEST((h.a.link.Phase() == PppPhase::NETWORK));
            BOOST_TEST((h.b.link.Phase() == PppPhase::NETWORK));
            BOOST_TEST(h.b.link.PeerName() == "alice");
            BOOST_TEST(h.a.link.NetworkUp());
            BOOST_TEST(h.b.link.NetworkUp());
            // RFC 1332 §3.3: the client asked for 0.0.0.0 and took the address the server Nak'd.
            BOOST_TEST(h.a.up.local == kPeer);
            BOOST_TEST(h.a.up.peer == kLocal);
            BOOST_TEST(h.b.up.local == kLocal);
            BOOST_TEST(h.b.up.peer == kPeer);
            BOOST_TEST((h.a.link.Lcp().Result().authByPeer == m));
            BOOST_TEST((h.b.link.Lcp().Result().authByUs == m));
            BOOST_TEST(h.a.hangups.empty());
            BOOST_TEST(h.b.hangups.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(links_sharing_a_configuration_keep_their_own_seeds_and_lookup)
{
    // An LNS's sessions share one PppLinkConfig; each keeps its own Magic-Number seed (RFC 1661
    // §6.4: chosen to be unique), challenge seed and secrets lookup.
    const PppLinkConfig cfg = ServerConfig({PppAuthMethod::MSCHAP_V2});
    auto shared = std::make_shared<const PppLinkConfig>(cfg);
    const PppLinkConfig client = ClientConfig(kAll, "alice", "wonderland");

    Harness copied(client, cfg);
    Harness same(client, shared, PppLinkOwn::Of(cfg));
    PppLinkOwn other;
    other.lcpMagicSeed = 99;
    other.seed = 77;
    other.lookup = [](const std::string& /*user*/)
    {
        PppSecretAnswer a;
        a.refusal = PppAuthFailure::UNKNOWN_USER;
        return a;
    };
    Harness own(client, shared, other);
    for (Harness* h : {&copied, &same, &own})
    {
        h->Up();
        h->RunUntil(5 * kSec);
    }
    // The shared form with the configuration's own values is the copy, frame for frame.
    BOOST_TEST(same.b.sent == copied.b.sent);
    BOOST_TEST(same.b.link.NetworkUp());
    // Another seed: another Magic-Number in the first Configure-Request.
    BOOST_REQUIRE(!own.b.sent.empty());
    BOOST_TEST(own.b.sent.front() != copied.b.sent.front());
    BOOST_TEST(own.b.link.Lcp().CurrentMagic() != copied.b.link.Lcp().CurrentMagic());
    // Another lookup: alice is unknown there, although the shared configuration knows her.
    BOOST_TEST(!own.b.link.NetworkUp());
    BOOST_TEST((own.b.link.AuthFailure() == PppAuthFailure::UNKNOWN_USER));
}

BOOST_AUTO_TEST_CASE(phases_in_rfc1661_order)
{
    // RFC 1661 §3.2: Establish -> Authenticate -> Network; the first frames are LCP only (§3.3),
    // and IPCP starts only after authentication (§3.4/3.5).
    Harness h(ClientConfig(kAll, "alice", "wonderland"), ServerConfig({PppAuthMethod::CHAP_MD5}));
    h.Up();
    h.RunUntil(5 * kSec);
    std::vector<uint16_t> p = Protocols(h.b);
    BOOST_REQUIRE(!p.empty());
    BOOST_TEST(p.front() == kPppLcp);
    auto firstChap = std::find(p.begin(), p.end(), kPppChap);
    auto firstIpcp = std::find(p.begin(), p.end(), kPppIpcp);
    BOOST_REQUIRE(firstChap != p.end());
    BOOST_REQUIRE(firstIpcp != p.end());
    BOOST_TEST((firstChap < firstIpcp));
    BOOST_TEST(std::all_of(p.begin(), firstChap,
                           [](uint16_t x)
                           {
                               return x == kPppLcp;
                           }));
    std::vector<std::string> phases;
    for (const auto& e : h.b.events)
    {
        if (e.kind == "phase")
        {
            phases.push_back(e.fields.at(0).second);
        }
    }
    BOOST_TEST((phases == std::vector<std::string>{"establish", "authenticate", "network"}));
}

BOOST_AUTO_TEST_CASE(wrong_password_fails_and_hangs_up)
{
    for (PppAuthMethod m : kAll)
    {
        BOOST_TEST_CONTEXT("method " << PppAuthMethodName(m))
        {
            Harness h(ClientConfig(kAll, "alice", "queen-of-hearts"), ServerConfig({m}));
            h.Up();
            h.RunUntil(40 * kSec);
            BOOST_TEST(!h.a.link.NetworkUp());
            BOOST_TEST(!h.b.link.NetworkUp());
            BOOST_TEST(h.b.authorized.empty()); // never asked to grant anything
            BOOST_REQUIRE(!h.b.hangups.empty());
            BOOST_TEST((h.b.hangups.front().first == PppHangupReason::AUTH_FAILED));
            BOOST_TEST((h.b.link.AuthFailure() == PppAuthFailure::WRONG_PASSWORD));
            BOOST_TEST(h.b.Times("ipcp-up").empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(unknown_user_fails)
{
    Harness h(ClientConfig(kAll, "mallory", "x"), ServerConfig({PppAuthMethod::MSCHAP_V2}));
    h.Up();
    h.RunUntil(40 * kSec);
    BOOST_TEST(!h.b.link.NetworkUp());
    BOOST_TEST((h.b.link.AuthFailure() == PppAuthFailure::UNKNOWN_USER));
}

BOOST_AUTO_TEST_CASE(disallowed_method_never_authenticates)
{
    // The client allows only PAP, the server offers only MS-CHAPv2: LCP cannot agree on an
    // Auth-Protocol, so no session is granted (RFC 1661 §6.2 Nak/Reject fallback exhausted).
    Harness h(ClientConfig({PppAuthMethod::PAP}, "alice", "wonderland"),
              ServerConfig({PppAuthMethod::MSCHAP_V2}));
    h.Up();
    h.RunUntil(60 * kSec);
    BOOST_TEST(!h.a.link.NetworkUp());
    BOOST_TEST(!h.b.link.NetworkUp());
    BOOST_TEST(h.b.authorized.empty());
    BOOST_TEST(!h.b.hangups.empty());
}

BOOST_AUTO_TEST_CASE(fallback_to_a_method_both_allow)
{
    // Server prefers MS-CHAPv2 then CHAP; the client allows CHAP and PAP: they settle on CHAP.
    Harness h(ClientConfig({PppAuthMethod::PAP, PppAuthMethod::CHAP_MD5}, "bob", "builder"),
              ServerConfig({PppAuthMethod::MSCHAP_V2, PppAuthMethod::CHAP_MD5}));
    h.Up();
    h.RunUntil(5 * kSec);
    BOOST_TEST(h.b.link.NetworkUp());
    BOOST_TEST((h.b.link.Lcp().Result().authByUs == PppAuthMethod::CHAP_MD5));
}

BOOST_AUTO_TEST_CASE(refused_grant_hangs_up_without_ipcp)
{
    Harness h(ClientConfig(kAll, "alice", "wonderland"), ServerConfig({PppAuthMethod::CHAP_MD5}));
    h.b.refuseWith = "pool vpn exhausted";
    h.Up();
    h.RunUntil(20 * kSec);
    BOOST_TEST(h.b.authorized == std::vector<std::string>{"alice"});
    BOOST_TEST(!h.b.link.NetworkUp());
    BOOST_REQUIRE(!h.b.hangups.empty());
    BOOST_TEST((h.b.hangups.front().first == PppHangupReason::REFUSED));
    std::vector<uint16_t> p = Protocols(h.b);
    BOOST_TEST((std::find(p.begin(), p.end(), kPppIpcp) == p.end()));
}

BOOST_AUTO_TEST_CASE(datagrams_cross_only_when_ipcp_is_open)
{
    Harness h(ClientConfig(kAll, "alice", "wonderland"), ServerConfig({PppAuthMethod::PAP}));
    Bytes ip = {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 1, 0, 0, 10, 1, 1, 100, 10, 1, 1, 1};
    BOOST_TEST(!h.a.link.SendDatagram(kPppIpv4, ip, 0)); // §3.5: no IPCP yet
    h.Up();
    h.RunUntil(5 * kSec);
    BOOST_TEST(h.a.link.SendDatagram(kPppIpv4, ip, h.now));
    h.RunUntil(6 * kSec);
    BOOST_REQUIRE(h.b.datagrams.size() == 1u);
    BOOST_TEST(h.b.datagrams[0].first == kPppIpv4);
    BOOST_TEST(h.b.datagrams[0].second == ip);
}

BOOST_AUTO_TEST_CASE(ip_before_network_phase_is_discarded)
{
    // RFC 1661 §3.3: non-LCP packets during Link Establishment are silently discarded.
    Harness h(ClientConfig(kAll, "alice", "wonderland"), ServerConfig({PppAuthMethod::PAP}));
    h.Up();
    Bytes early = EncodePppFrame(kPppIpv4, Bytes{0x45, 0, 0, 20}, false, false);
    h.b.link.FrameIn(early, 0);
    BOOST_TEST(h.b.link.Counters().discarded == 1u);
    BOOST_TEST(h.b.datagrams.empty());
    BOOST_TEST(h.b.link.Counters().protocolRejectsOut == 0u);
}

BOOST_AUTO_TEST_CASE(unknown_protocol_gets_protocol_reject)
{
    // RFC 1661 §5.7: a frame of an unsupported protocol, once LCP is Opened, is answered with an
    // LCP Protocol-Reject (code 8) carrying the rejected protocol.
    Harness h(ClientConfig(kAll, "alice", "wonderland"), ServerConfig({PppAuthMethod::PAP}));
    h.Up();
    h.RunUntil(5 * kSec);
    const size_t before = h.b.sent.size();
    h.b.link.FrameIn(EncodePppFrame(0x8029, Bytes{1, 1, 0, 4}, false, false), h.now); // ATCP
    BOOST_TEST(h.b.link.Counters().protocolRejectsOut == 1u);
    BOOST_REQUIRE(h.b.sent.size() == before + 1);
    PppFrame f;
    BOOST_REQUIRE(DecodePppFrame(h.b.sent.back().data(), h.b.sent.back().size(), f) ==
                  PppFrameError::NONE);
    BOOST_TEST(f.protocol == kPppLcp);
    BOOST_REQUIRE(f.info.size() >= 6u);
    BOOST_TEST(f.info[0] == 8);    // Protocol-Reject
    BOOST_TEST(f.info[4] == 0x80); // the rejected protocol
    BOOST_TEST(f.info[5] == 0x29);
}

BOOST_AUTO_TEST_CASE(malformed_frame_is_counted_and_dropped)
{
    Harness h(ClientConfig(kAll, "alice", "wonderland"), ServerConfig({PppAuthMethod::PAP}));
    h.Up();
    h.RunUntil(5 * kSec);
    h.b.link.FrameIn(Bytes{}, h.now);
    h.b.link.FrameIn(Bytes{0xff, 0x03, 0x00}, h.now); // protocol field cut short
    BOOST_TEST(h.b.link.Counters().malformed == 2u);
    BOOST_TEST(h.b.link.NetworkUp());
}

BOOST_AUTO_TEST_CASE(routeros_keepalive_schedule)
{
    // The client goes silent at 10 s. With keepalive-timeout 10 s the server sends its first
    // Echo-Request 10 s after the last frame it heard, then one a second; each unanswered one is
    // logged "LCP missed echo reply", and after five it hangs up (RouterOS behaviour).
    PppLinkConfig server = ServerConfig({PppAuthMethod::CHAP_MD5});
    server.keepaliveTimeout = 10 * kSec;
    Harness h(ClientConfig(kAll, "alice", "wonderland"), server);
    h.Up();
    h.RunUntil(10 * kSec);
    BOOST_REQUIRE(h.b.link.NetworkUp());
    // Before the silence: an idle link is probed after 10 s and the reply resets the schedule.
    h.mute[0] = true;
    h.RunUntil(60 * kSec);
    std::vector<TimeNs> missed = h.b.Times("lcp-echo-missed");
    BOOST_REQUIRE(missed.size() == 5u);
    for (size_t i = 1; i < missed.size(); ++i)
    {
        BOOST_TEST(missed[i] - missed[i - 1] == kSec);
    }
    BOOST_REQUIRE(h.b.hangups.size() == 1u);
    BOOST_TEST((h.b.hangups[0].first == PppHangupReason::KEEPALIVE_TIMEOUT));
    BOOST_TEST(h.b.hangups[0].second == missed.back());
    BOOST_TEST(h.b.link.Counters().echoesSent == 5u);
}

BOOST_AUTO_TEST_CASE(answered_echoes_keep_the_link)
{
    PppLinkConfig server = ServerConfig({PppAuthMethod::CHAP_MD5});
    server.keepaliveTimeout = 10 * kSec;
    Harness h(ClientConfig(kAll, "alice", "wonderland"), server);
    h.Up();
    h.RunUntil(100 * kSec);
    BOOST_TEST(h.b.link.NetworkUp());
    BOOST_TEST(h.b.hangups.empty());
    BOOST_TEST(h.b.link.Counters().echoesSent >= 8u); // one per idle 10 s
    BOOST_TEST(h.b.Times("lcp-echo-missed").empty());
}

BOOST_AUTO_TEST_CASE(profile_session_timeout_closes_the_link)
{
    // RouterOS ppp/profile session-timeout: the connection stays up at most this long. The link
    // closes as any administrative close does: LCP Terminate-Request (RFC 1661 §3.7), and the
    // owner hangs up once LCP has finished.
    PppLinkConfig server = ServerConfig({PppAuthMethod::CHAP_MD5});
    server.sessionTimeout = 30 * kSec;
    Harness h(ClientConfig(kAll, "alice", "wonderland"), server);
    h.Up();
    h.RunUntil(5 * kSec);
    BOOST_REQUIRE(h.b.link.NetworkUp());
    TimeNs networkAt = kNever;
    for (const auto& e : h.b.events)
    {
        for (const auto& f : e.fields)
        {
            networkAt = e.kind == "phase" && f.second == "network" ? e.time : networkAt;
        }
    }
    BOOST_REQUIRE(networkAt != kNever);
    h.RunUntil(29 * kSec);
    BOOST_TEST(h.b.hangups.empty()); // not before its time, traffic or none
    h.RunUntil(60 * kSec);
    std::vector<TimeNs> fired = h.b.Times("session-timeout");
    BOOST_REQUIRE_EQUAL(fired.size(), 1u);
    BOOST_TEST(fired[0] == networkAt + 30 * kSec);
    BOOST_REQUIRE_EQUAL(h.b.hangups.size(), 1u);
    BOOST_TEST((h.b.hangups[0].first == PppHangupReason::SESSION_TIMEOUT));
    BOOST_TEST(h.b.hangups[0].second >= fired[0]);
    BOOST_TEST((h.a.link.Lcp().State() != PppCpState::OPENED)); // the peer was told (Terminate)
    BOOST_TEST(h.a.hangups.size() == 1u);
    BOOST_TEST(h.b.Times("idle-timeout").empty());
}

BOOST_AUTO_TEST_CASE(profile_idle_timeout_counts_only_traffic)
{
    // RouterOS ppp/profile idle-timeout: "terminated if there are no activity". Datagrams keep
    // the link; LCP echoes (keepalive every 5 s here) do not.
    PppLinkConfig client = ClientConfig(kAll, "alice", "wonderland");
    client.idleTimeout = 20 * kSec;
    PppLinkConfig server = ServerConfig({PppAuthMethod::CHAP_MD5});
    server.keepaliveTimeout = 5 * kSec;
    Harness h(client, server);
    h.Up();
    h.RunUntil(5 * kSec);
    BOOST_REQUIRE(h.a.link.NetworkUp());
    const Bytes datagram(28, 0x45);
    TimeNs last = 0;
    for (TimeNs t = 10 * kSec; t <= 60 * kSec; t += 15 * kSec)
    {
        h.RunUntil(t);
        BOOST_REQUIRE(h.a.link.SendDatagram(kPppIpv4, datagram, h.now));
        last = h.now;
    }
    BOOST_TEST(h.a.hangups.empty());
    BOOST_TEST(h.b.link.Counters().echoesSent > 0u);
    h.RunUntil(last + 19 * kSec);
    BOOST_TEST(h.a.hangups.empty());
    h.RunUntil(last + 30 * kSec);
    std::vector<TimeNs> fired = h.a.Times("idle-timeout");
    BOOST_REQUIRE_EQUAL(fired.size(), 1u);
    BOOST_TEST(fired[0] == last + 20 * kSec);
    BOOST_REQUIRE_EQUAL(h.a.hangups.size(), 1u);
    BOOST_TEST((h.a.hangups[0].first == PppHangupReason::IDLE_TIMEOUT));
}

BOOST_AUTO_TEST_CASE(lower_down_takes_the_network_down)
{
    Harness h(ClientConfig(kAll, "alice", "wonderland"), ServerConfig({PppAuthMethod::PAP}));
    h.Up();
    h.RunUntil(5 * kSec);
    BOOST_REQUIRE(h.a.link.NetworkUp());
    h.a.link.LowerDown(h.now);
    BOOST_TEST(!h.a.link.NetworkUp());
    BOOST_TEST(h.a.downAt == h.now);
    BOOST_TEST((h.a.link.Phase() == PppPhase::DEAD));
    // A second connection negotiates from scratch.
    h.wire.clear();
    h.b.link.LowerDown(h.now);
    h.Up();
    h.RunUntil(10 * kSec);
    BOOST_TEST(h.a.link.NetworkUp());
    BOOST_TEST(h.b.link.NetworkUp());
}

/** \brief True if `kind` is a row of `table` (any object pattern). */
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

/** \brief A link config with IPv6 (IPV6CP) on or off, identifiers from `seed`. */
PppLinkConfig
WithIpv6(PppLinkConfig c, bool on, uint64_t seed, uint64_t fixedId = 0)
{
    c.ipv6 = on;
    c.ipv6cp.magicSeed = seed;
    c.ipv6cp.interfaceId = fixedId;
    return c;
}

/** \brief Value of field `key` of the last event `kind` of an end ("" if none). */
std::string
LastField(const End& e, const std::string& kind, const std::string& key)
{
    std::string v;
    for (const auto& ev : e.events)
    {
        if (ev.kind == kind)
        {
            for (const auto& f : ev.fields)
            {
                if (f.first == key)
                {
                    v = f.second;
                }
            }
        }
    }
    return v;
}

BOOST_AUTO_TEST_CASE(ipv6cp_opens_next_to_ipcp_when_both_ends_have_ipv6)
{
    // RFC 5072 §1/§4.1: IPV6CP runs in the Network phase next to IPCP; each end's
    // Interface-Identifier is non-zero and differs from the peer's; the link-local address is
    // fe80::<identifier> (§5). IPv6 datagrams (protocol 0x0057) cross only while it is Opened.
    Harness h(WithIpv6(ClientConfig(kAll, "alice", "wonderland"), true, 101),
              WithIpv6(ServerConfig({PppAuthMethod::CHAP_MD5}), true, 202));
    Bytes v6 = Bytes(40, 0);
    v6[0] = 0x60;
    BOOST_TEST(!h.a.link.SendDatagram(kPppIpv6, v6, 0));
    h.Up();
    h.RunUntil(5 * kSec);
    BOOST_TEST(h.a.link.NetworkUp());
    BOOST_TEST(h.a.link.Ipv6Up());
    BOOST_TEST(h.b.link.Ipv6Up());
    BOOST_TEST(h.a.v6UpAt != kNever);
    BOOST_TEST(h.a.v6.local != 0u);
    BOOST_TEST(h.a.v6.peer != 0u);
    BOOST_TEST(h.a.v6.local != h.a.v6.peer);
    BOOST_TEST(h.a.v6.local == h.b.v6.peer);
    BOOST_TEST(h.a.v6.peer == h.b.v6.local);
    BOOST_TEST(LastField(h.a, "ipv6cp-up", "local") == LastField(h.b, "ipv6cp-up", "peer"));
    BOOST_TEST(LastField(h.a, "ipv6cp-up", "local").rfind("fe80::", 0) == 0u);
    BOOST_TEST(h.a.link.SendDatagram(kPppIpv6, v6, h.now));
    h.RunUntil(6 * kSec);
    BOOST_REQUIRE(h.b.datagrams.size() == 1u);
    BOOST_TEST(h.b.datagrams[0].first == kPppIpv6);
    // Same seeds, same identifiers (deterministic, seeded).
    Harness again(WithIpv6(ClientConfig(kAll, "alice", "wonderland"), true, 101),
                  WithIpv6(ServerConfig({PppAuthMethod::CHAP_MD5}), true, 202));
    again.Up();
    again.RunUntil(5 * kSec);
    BOOST_TEST(again.a.v6.local == h.a.v6.local);
    // The lower layer going away takes IPv6 down with IPv4.
    h.a.link.LowerDown(h.now);
    BOOST_TEST(!h.a.link.Ipv6Up());
    BOOST_TEST(h.a.v6DownAt == h.now);
}

BOOST_AUTO_TEST_CASE(ipv6cp_colliding_identifiers_are_naked_apart)
{
    // RFC 5072 §4.1: equal identifiers: a Configure-Nak with a different non-zero identifier.
    Harness h(WithIpv6(ClientConfig(kAll, "alice", "wonderland"), true, 7, 0x4242),
              WithIpv6(ServerConfig({PppAuthMethod::PAP}), true, 8, 0x4242));
    h.Up();
    h.RunUntil(5 * kSec);
    BOOST_REQUIRE(h.a.link.Ipv6Up());
    BOOST_TEST(h.a.v6.local != h.b.v6.local);
    BOOST_TEST(h.a.v6.local != 0u);
    BOOST_TEST(h.b.v6.local != 0u);
    BOOST_REQUIRE(h.a.link.Ipv6cp() != nullptr);
    BOOST_TEST(h.a.link.Ipv6cp()->Counter("ipv6cp/interface-id/collision") +
                   h.b.link.Ipv6cp()->Counter("ipv6cp/interface-id/collision") >=
               1u);
}

BOOST_AUTO_TEST_CASE(ipv6_disabled_end_protocol_rejects_ipv6cp_and_ipv4_stays)
{
    // RouterOS ipv6/settings disable-ipv6=yes on the server: it does not run IPV6CP, so the
    // client's Configure-Request is answered with LCP Protocol-Reject (RFC 1661 §5.7); the client
    // stops IPV6CP (RXJ-, Stopped) and the link stays up with IPv4 only.
    Harness h(WithIpv6(ClientConfig(kAll, "alice", "wonderland"), true, 101),
              WithIpv6(ServerConfig({PppAuthMethod::PAP}), false, 202));
    h.Up();
    h.RunUntil(30 * kSec);
    BOOST_TEST(h.a.link.NetworkUp());
    BOOST_TEST(h.b.link.NetworkUp());
    BOOST_TEST(!h.a.link.Ipv6Up());
    BOOST_TEST(h.b.link.Ipv6cp() == nullptr);
    BOOST_TEST(h.b.link.Counters().protocolRejectsOut >= 1u);
    BOOST_REQUIRE(h.a.link.Ipv6cp() != nullptr);
    BOOST_TEST((h.a.link.Ipv6cp()->State() == PppCpState::STOPPED));
    BOOST_TEST(h.a.link.Ipv6cp()->Counter("ipv6cp/protocol-rejected-by-peer") == 1u);
    BOOST_TEST(LastField(h.a, "protocol-rejected", "protocol") == "IPV6CP");
    BOOST_TEST(h.a.hangups.empty());
    BOOST_TEST(h.b.hangups.empty());
    // After the reject the client sent no further IPV6CP packet (§5.7: stop sending it).
    const std::vector<uint16_t> sent = Protocols(h.a);
    const size_t ipv6cpSent = static_cast<size_t>(std::count(sent.begin(), sent.end(), kPppIpv6cp));
    BOOST_TEST(ipv6cpSent == 1u);
    Bytes v6 = Bytes(40, 0);
    v6[0] = 0x60;
    BOOST_TEST(!h.a.link.SendDatagram(kPppIpv6, v6, h.now));
}

BOOST_AUTO_TEST_CASE(ipv6_disabled_both_ends_sends_no_ipv6cp)
{
    Harness h(WithIpv6(ClientConfig(kAll, "alice", "wonderland"), false, 101),
              WithIpv6(ServerConfig({PppAuthMethod::PAP}), false, 202));
    h.Up();
    h.RunUntil(10 * kSec);
    BOOST_TEST(h.a.link.NetworkUp());
    const std::vector<uint16_t> sent = Protocols(h.a);
    BOOST_TEST(std::count(sent.begin(), sent.end(), kPppIpv6cp) == 0);
    BOOST_TEST(h.b.link.Counters().protocolRejectsOut == 0u);
}

PppLinkConfig
WithMpls(PppLinkConfig c, PppMplsPolicy p)
{
    c.mpls = p;
    return c;
}

/** \brief How many frames of `protocol` an end sent. */
size_t
SentOf(const End& e, uint16_t protocol)
{
    const std::vector<uint16_t> sent = Protocols(e);
    return static_cast<size_t>(std::count(sent.begin(), sent.end(), protocol));
}

BOOST_AUTO_TEST_CASE(mplscp_opens_between_two_routeros_ends_with_an_empty_request)
{
    // RFC 3032 §4.3.1: MPLSCP is LCP's exchange on protocol 0x8281 with no options, in the
    // Network phase; RouterOS (use-mpls default) sends it next to IPCP.
    Harness h(WithMpls(ClientConfig(kAll, "alice", "wonderland"), PppMplsPolicy::YES),
              WithMpls(ServerConfig({PppAuthMethod::MSCHAP_V2}), PppMplsPolicy::YES));
    h.Up();
    h.RunUntil(5 * kSec);
    BOOST_TEST(h.a.link.NetworkUp());
    for (End* e : {&h.a, &h.b})
    {
        BOOST_REQUIRE(e->link.Mplscp() != nullptr);
        BOOST_TEST((e->link.Mplscp()->State() == PppCpState::OPENED));
        BOOST_TEST(e->Times("mplscp-up").size() == 1u);
    }
    // Our Configure-Request is Code 1 with no option: Length 4, as RouterOS's.
    bool found = false;
    for (const Bytes& f : h.a.sent)
    {
        PppFrame fr;
        BOOST_REQUIRE(DecodePppFrame(f.data(), f.size(), fr) == PppFrameError::NONE);
        if (fr.protocol == kPppMplscp && fr.info.size() >= 4 && fr.info[0] == 1)
        {
            found = true;
            BOOST_TEST(fr.info.size() == 4u);
            BOOST_TEST((fr.info[2] << 8 | fr.info[3]) == 4);
        }
    }
    BOOST_TEST(found);
    // §4.3.2: labelled packets may cross now; none are forwarded here, so they are counted.
    h.b.link.FrameIn(EncodePppFrame(kPppMplsUnicast, Bytes(20, 0), false, false), h.now);
    BOOST_TEST(h.b.link.Counters().mplsDropped == 1u);
    BOOST_TEST(h.b.link.Counters().protocolRejectsOut == 0u);
    // The lower layer going away takes MPLSCP down with the NCPs.
    h.a.link.LowerDown(h.now);
    BOOST_TEST(h.a.Times("mplscp-down").size() == 1u);
}

BOOST_AUTO_TEST_CASE(mplscp_options_are_rejected_and_refused_mpls_leaves_the_link_up)
{
    // §4.3.1 "Configuration Option Types: None": any option in the peer's request is Rejected.
    Harness h(WithMpls(ClientConfig(kAll, "alice", "wonderland"), PppMplsPolicy::YES),
              WithMpls(ServerConfig({PppAuthMethod::PAP}), PppMplsPolicy::YES));
    h.Up();
    h.RunUntil(5 * kSec);
    const size_t before = h.b.sent.size();
    h.b.link.FrameIn(EncodePppFrame(kPppMplscp, Bytes{1, 9, 0, 7, 42, 3, 0}, false, false), h.now);
    // In Opened, a Configure-Request restarts the negotiation (RFC 1661 §4.3: tld/scr) and is
    // answered with a Configure-Reject of its option.
    int rejects = 0;
    for (size_t k = before; k < h.b.sent.size(); ++k)
    {
        PppFrame fr;
        BOOST_REQUIRE(DecodePppFrame(h.b.sent[k].data(), h.b.sent[k].size(), fr) ==
                      PppFrameError::NONE);
        if (fr.protocol == kPppMplscp && fr.info[0] == 4)
        {
            ++rejects;
            BOOST_TEST(fr.info[1] == 9); // same Identifier
            BOOST_TEST((fr.info == Bytes{4, 9, 0, 7, 42, 3, 0}));
        }
    }
    BOOST_TEST(rejects == 1);

    // use-mpls=no on the server (a peer without MPLS, as pppd): the client's Configure-Request is
    // Protocol-Rejected (RFC 1661 §5.7); the client stops MPLSCP and the link stays up.
    Harness no(WithMpls(ClientConfig(kAll, "alice", "wonderland"), PppMplsPolicy::YES),
               WithMpls(ServerConfig({PppAuthMethod::PAP}), PppMplsPolicy::NO));
    no.Up();
    no.RunUntil(30 * kSec);
    BOOST_TEST(no.a.link.NetworkUp());
    BOOST_TEST(no.b.link.Mplscp() == nullptr);
    BOOST_TEST(SentOf(no.b, kPppMplscp) == 0u);
    BOOST_REQUIRE(no.a.link.Mplscp() != nullptr);
    BOOST_TEST((no.a.link.Mplscp()->State() == PppCpState::STOPPED));
    BOOST_TEST(SentOf(no.a, kPppMplscp) == 1u); // §5.7: no more after the Protocol-Reject
    BOOST_TEST(LastField(no.a, "protocol-rejected", "protocol") == "MPLSCP");
    BOOST_TEST(no.a.hangups.empty());
    // Labelled packets to an end without MPLSCP are Protocol-Rejected too.
    const uint64_t rejectsOut = no.b.link.Counters().protocolRejectsOut;
    no.b.link.FrameIn(EncodePppFrame(kPppMplsUnicast, Bytes(20, 0), false, false), no.now);
    BOOST_TEST(no.b.link.Counters().protocolRejectsOut == rejectsOut + 1);
}

BOOST_AUTO_TEST_CASE(mpls_required_hangs_up_when_the_peer_refuses_mplscp)
{
    Harness h(WithMpls(ClientConfig(kAll, "alice", "wonderland"), PppMplsPolicy::REQUIRED),
              WithMpls(ServerConfig({PppAuthMethod::PAP}), PppMplsPolicy::NO));
    h.Up();
    h.RunUntil(30 * kSec);
    BOOST_REQUIRE(!h.a.hangups.empty());
    BOOST_TEST((h.a.hangups[0].first == PppHangupReason::MPLS_REQUIRED));
    BOOST_TEST(LastField(h.a, "link-close", "reason") == "mpls-required");
    // And the same client with a peer that runs MPLSCP stays up.
    Harness ok(WithMpls(ClientConfig(kAll, "alice", "wonderland"), PppMplsPolicy::REQUIRED),
               WithMpls(ServerConfig({PppAuthMethod::PAP}), PppMplsPolicy::YES));
    ok.Up();
    ok.RunUntil(30 * kSec);
    BOOST_TEST(ok.a.hangups.empty());
    BOOST_TEST(ok.a.link.NetworkUp());
}

BOOST_AUTO_TEST_CASE(every_emitted_kind_is_declared)
{
    // Observables are data: every kind the link (or its protocols, forwarded with a `sub`) emits
    // has a row in model/ppp/ppp-link-observables.h or model/ppp/ppp-observables.h.
    std::vector<End::Ev> all;
    for (const char* pw : {"wonderland", "wrong"})
    {
        PppLinkConfig server = ServerConfig({PppAuthMethod::MSCHAP_V2});
        server.keepaliveTimeout = 10 * kSec;
        Harness h(WithMpls(WithIpv6(ClientConfig(kAll, "alice", pw), true, 3), PppMplsPolicy::YES),
                  WithMpls(WithIpv6(server, true, 4), PppMplsPolicy::YES));
        h.Up();
        h.RunUntil(10 * kSec);
        h.b.link.FrameIn(EncodePppFrame(0x8029, Bytes{1, 1, 0, 4}, false, false), h.now);
        h.b.link.FrameIn(Bytes{0xff}, h.now);
        h.mute[0] = true;
        h.RunUntil(60 * kSec);
        all.insert(all.end(), h.a.events.begin(), h.a.events.end());
        all.insert(all.end(), h.b.events.begin(), h.b.events.end());
    }
    std::set<std::string> seen;
    for (const End::Ev& e : all)
    {
        seen.insert(e.kind);
        const bool ok = e.sub.empty() ? Declared(kPppLinkObservables, e.kind) ||
                                            Declared(kPppAuthObservables, e.kind)
                                      : Declared(kPppCpObservables, e.kind);
        BOOST_TEST(ok, "undeclared event kind '" << e.kind << "' (sub '" << e.sub << "')");
    }
    for (const char* k : {"phase", "lcp-up", "authenticated", "auth-failed", "ipcp-up", "ipv6cp-up",
                          "protocol-reject-sent", "frame-malformed", "lcp-echo-missed",
                          "keepalive-timeout", "link-close"})
    {
        BOOST_TEST(seen.count(k) == 1u, "never emitted: " << k);
    }
}

BOOST_AUTO_TEST_SUITE_END()
