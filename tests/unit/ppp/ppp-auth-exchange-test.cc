// PPP authentication exchanges, both ends, every method: PAP (RFC 1334 §2), CHAP-MD5 (RFC 1994),
// MS-CHAPv1 (RFC 2433), MS-CHAPv2 (RFC 2759). Positive and negative: right and wrong password,
// unknown user, disabled secret, service not allowed, tampered response, stale identifier, a
// peer refusing a bad authenticator response, retransmission and timeouts after maxTries,
// malformed input; plus the method table (LCP option data) and the packet codecs.

#include "model/common/observables.h"
#include "model/ppp/ppp-auth.h"
#include "model/ppp/ppp-chap.h"
#include "model/ppp/ppp-mschap.h"
#include "model/ppp/ppp-observables.h"
#include "model/ppp/ppp-pap.h"

#include <boost/test/unit_test.hpp>

#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t kPap = 0xc023;
constexpr uint16_t kChap = 0xc223;

const PppAuthMethod kAllMethods[] = {PppAuthMethod::PAP, PppAuthMethod::CHAP_MD5,
                                     PppAuthMethod::MSCHAP_V1, PppAuthMethod::MSCHAP_V2};

/** Every kind and counter any side produced in this process (for the observables check). */
std::set<std::string> g_kinds;
std::set<std::string> g_counters;

/** Records what one end sends, decides and reports. */
struct Side : public PppAuthOwner
{
    std::vector<std::pair<uint16_t, Bytes>> out; //!< not yet delivered
    std::vector<std::pair<uint16_t, Bytes>> all; //!< everything sent
    int doneCalls{0};
    bool ok{false};
    PppAuthFailure why{PppAuthFailure::NONE};
    std::string name;
    std::vector<std::pair<std::string, std::string>> events;

    void
    AuthSend(uint16_t protocol, const Bytes& info, TimeNs) override
    {
        out.emplace_back(protocol, info);
        all.emplace_back(protocol, info);
    }
    void
    AuthDone(bool o, PppAuthFailure w, const std::string& n, TimeNs) override
    {
        ++doneCalls;
        ok = o;
        why = w;
        name = n;
    }
    void
    AuthEvent(const std::string& kind, const std::string& detail, TimeNs) override
    {
        events.emplace_back(kind, detail);
        g_kinds.insert(kind);
    }
    bool
    HasEvent(const std::string& kind, const std::string& needle = "") const
    {
        for (const auto& e : events)
        {
            if (e.first == kind && e.second.find(needle) != std::string::npos)
            {
                return true;
            }
        }
        return false;
    }
};

PppSecretAnswer
Secrets(const std::string& user)
{
    // RouterOS /ppp secret: alice (l2tp allowed), bob (disabled), carol (service=pptp).
    PppSecretAnswer a;
    if (user == "alice")
    {
        a.password = "Secret-1";
    }
    else if (user == "bob")
    {
        a.refusal = PppAuthFailure::SECRET_DISABLED;
    }
    else if (user == "carol")
    {
        a.refusal = PppAuthFailure::SERVICE_NOT_ALLOWED;
    }
    else
    {
        a.refusal = PppAuthFailure::UNKNOWN_USER;
    }
    return a;
}

/** An authenticator (server) and a peer (client) joined by a lossless wire under test control. */
struct Pair
{
    Side server;
    Side client;
    PppAuthTimers timers;
    PppAuthenticator auth;
    PppAuthPeer peer;
    TimeNs now{0};

    Pair(PppAuthMethod m, const std::string& user, const std::string& password, uint32_t tries = 10)
        : timers{3 * kSec, tries}
        , auth(m, "MikroTik", Secrets, 42, timers, server)
        , peer(m, user, password, 7, timers, client)
    {
    }

    ~Pair()
    {
        for (const auto& kv : auth.GetCounters().All())
        {
            g_counters.insert(kv.first);
        }
        for (const auto& kv : peer.GetCounters().All())
        {
            g_counters.insert(kv.first);
        }
    }

    /** Deliver everything in flight, both ways, until quiet. */
    void
    Pump()
    {
        while (!server.out.empty() || !client.out.empty())
        {
            auto s = std::move(server.out);
            server.out.clear();
            for (auto& f : s)
            {
                peer.Input(f.first, f.second, now);
            }
            auto c = std::move(client.out);
            client.out.clear();
            for (auto& f : c)
            {
                auth.Input(f.first, f.second, now);
            }
        }
    }

    void
    Start()
    {
        auth.Start(now);
        peer.Start(now);
        Pump();
    }

    /** Fire timers (delivering or dropping what they send) until both are done or time runs out. */
    void
    RunTimers(bool deliver, TimeNs until = 600 * kSec)
    {
        while (!(auth.Done() && peer.Done()))
        {
            TimeNs next = std::min(auth.NextDeadline(), peer.NextDeadline());
            if (next == kNever || next > until)
            {
                return;
            }
            now = next;
            auth.OnTimer(now);
            peer.OnTimer(now);
            if (deliver)
            {
                Pump();
            }
            else
            {
                server.out.clear();
                client.out.clear();
            }
        }
    }
};

PppChapPacket
Chap(const Bytes& info)
{
    PppChapPacket p;
    std::string why;
    BOOST_REQUIRE_MESSAGE(DecodePppChapPacket(info, p, why), why);
    return p;
}

PppPapPacket
Pap(const Bytes& info)
{
    PppPapPacket p;
    std::string why;
    BOOST_REQUIRE_MESSAGE(DecodePppPapPacket(info, p, why), why);
    return p;
}

/** The verdict packet the authenticator sent last (its message). */
std::string
LastMessage(const Side& server)
{
    BOOST_REQUIRE(!server.all.empty());
    const auto& f = server.all.back();
    return f.first == kPap ? Pap(f.second).message : Chap(f.second).message;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ppp_auth_exchange)

BOOST_AUTO_TEST_CASE(method_table_and_lcp_option_data)
{
    // RFC 1334 §3.1, RFC 1994 §3, RFC 2433 §2, RFC 2759 §2.
    BOOST_CHECK_EQUAL(ToHex(PppAuthOptionData(PppAuthMethod::PAP)), "c023");
    BOOST_CHECK_EQUAL(ToHex(PppAuthOptionData(PppAuthMethod::CHAP_MD5)), "c22305");
    BOOST_CHECK_EQUAL(ToHex(PppAuthOptionData(PppAuthMethod::MSCHAP_V1)), "c22380");
    BOOST_CHECK_EQUAL(ToHex(PppAuthOptionData(PppAuthMethod::MSCHAP_V2)), "c22381");
    BOOST_CHECK(PppAuthOptionData(PppAuthMethod::NONE).empty());
    for (PppAuthMethod m : kAllMethods)
    {
        PppAuthMethod back = PppAuthMethod::NONE;
        BOOST_CHECK(DecodePppAuthOption(PppAuthOptionData(m), back) && back == m);
        BOOST_CHECK(ParsePppAuthMethod(PppAuthMethodName(m), back) && back == m);
    }
    BOOST_CHECK_EQUAL(PppAuthMethodName(PppAuthMethod::MSCHAP_V2), std::string("mschap2"));
    BOOST_CHECK_EQUAL(PppAuthMethodName(PppAuthMethod::CHAP_MD5), std::string("chap"));
    PppAuthMethod out = PppAuthMethod::PAP;
    BOOST_CHECK(!ParsePppAuthMethod("MSCHAP2", out) && out == PppAuthMethod::PAP);
    Bytes b;
    for (const char* bad : {"c22306", "c223", "c02305", "c0", "", "c22381ff", "8021"})
    {
        BOOST_REQUIRE(FromHex(bad, b));
        BOOST_CHECK_MESSAGE(!DecodePppAuthOption(b, out), bad);
    }
}

BOOST_AUTO_TEST_CASE(codecs_round_trip_and_ignore_padding)
{
    PppChapPacket c;
    c.code = 1;
    c.id = 9;
    c.value = {1, 2, 3};
    c.name = "MikroTik";
    Bytes wire = EncodePppChapPacket(c);
    BOOST_CHECK_EQUAL(ToHex(wire), "0109001003010203" + ToHex(Bytes(c.name.begin(), c.name.end())));
    wire.push_back(0xee); // link padding beyond Length (RFC 1994 §4)
    PppChapPacket d = Chap(wire);
    BOOST_CHECK(d.code == 1 && d.id == 9 && d.value == c.value && d.name == "MikroTik");

    PppPapPacket p;
    p.code = 1;
    p.id = 3;
    p.peerId = "alice";
    p.password = "pw";
    Bytes pw = EncodePppPapPacket(p);
    BOOST_CHECK_EQUAL(ToHex(pw), "0103000d05616c69636502"
                                 "7077");
    PppPapPacket q = Pap(pw);
    BOOST_CHECK(q.peerId == "alice" && q.password == "pw");
    PppPapPacket ack;
    ack.code = 2;
    ack.id = 3;
    ack.message = "ok";
    BOOST_CHECK_EQUAL(ToHex(EncodePppPapPacket(ack)), "02030007026f6b");
}

BOOST_AUTO_TEST_CASE(codecs_refuse_malformed)
{
    std::string why;
    PppChapPacket c;
    PppPapPacket p;
    Bytes b;
    // shorter than the header, Length < 4, Length beyond the data, unknown code, Value-Size 0,
    // Value-Size beyond Length.
    for (const char* bad : {"", "01", "010100", "01010003", "0101000a0102", "0901000400",
                            "0101000500", "0101000610ff"})
    {
        BOOST_REQUIRE(FromHex(bad, b));
        BOOST_CHECK_MESSAGE(!DecodePppChapPacket(b, c, why), bad);
    }
    // PAP: Peer-ID length past Length, Passwd-Length missing, Msg-Length past Length, code 4.
    for (const char* bad : {"0101000509", "01010006016100", "0101000601", "0201000509", "04010004"})
    {
        BOOST_REQUIRE(FromHex(bad, b));
        BOOST_CHECK_MESSAGE(!DecodePppPapPacket(b, p, why), bad);
    }
}

BOOST_AUTO_TEST_CASE(right_password_every_method)
{
    for (PppAuthMethod m : kAllMethods)
    {
        BOOST_TEST_CONTEXT(PppAuthMethodName(m))
        {
            Pair x(m, "alice", "Secret-1");
            x.Start();
            BOOST_CHECK(x.auth.Succeeded());
            BOOST_CHECK(x.peer.Succeeded());
            BOOST_CHECK_EQUAL(x.server.doneCalls, 1);
            BOOST_CHECK_EQUAL(x.client.doneCalls, 1);
            BOOST_CHECK(x.server.ok && x.client.ok);
            BOOST_CHECK_EQUAL(x.auth.PeerName(), "alice");
            BOOST_CHECK_EQUAL(x.server.name, "alice");
            BOOST_CHECK_EQUAL(x.client.name, m == PppAuthMethod::PAP ? "" : "MikroTik");
            BOOST_CHECK(x.auth.NextDeadline() == kNever && x.peer.NextDeadline() == kNever);
            BOOST_CHECK(x.server.all.back().first == (m == PppAuthMethod::PAP ? kPap : kChap));
            size_t keyLen = m == PppAuthMethod::MSCHAP_V2   ? 40
                            : m == PppAuthMethod::MSCHAP_V1 ? 24
                                                            : 0;
            BOOST_CHECK_EQUAL(x.auth.MasterKeyMaterial().size(), keyLen);
            BOOST_CHECK(x.auth.MasterKeyMaterial() == x.peer.MasterKeyMaterial());
            BOOST_CHECK(x.server.HasEvent("auth-success", "peer=alice"));
            BOOST_CHECK(x.client.HasEvent("auth-success"));
        }
    }
}

BOOST_AUTO_TEST_CASE(none_succeeds_at_once)
{
    Pair x(PppAuthMethod::NONE, "alice", "x");
    x.Start();
    BOOST_CHECK(x.auth.Succeeded() && x.peer.Succeeded());
    BOOST_CHECK(x.server.all.empty() && x.client.all.empty());
}

BOOST_AUTO_TEST_CASE(refusals_every_method)
{
    struct Case
    {
        const char* user;
        const char* password;
        PppAuthFailure why;
        const char* msError;
    };
    const Case cases[] = {
        {"alice", "secret-1", PppAuthFailure::WRONG_PASSWORD, "E=691"},
        {"mallory", "Secret-1", PppAuthFailure::UNKNOWN_USER, "E=691"},
        {"bob", "Secret-1", PppAuthFailure::SECRET_DISABLED, "E=647"},
        {"carol", "Secret-1", PppAuthFailure::SERVICE_NOT_ALLOWED, "E=649"},
    };
    for (PppAuthMethod m : kAllMethods)
    {
        for (const Case& c : cases)
        {
            BOOST_TEST_CONTEXT(PppAuthMethodName(m) << " " << PppAuthFailureName(c.why))
            {
                Pair x(m, c.user, c.password);
                x.Start();
                BOOST_CHECK(x.auth.Done() && !x.auth.Succeeded());
                BOOST_CHECK(x.auth.Failure() == c.why);
                BOOST_CHECK(x.server.why == c.why && !x.server.ok);
                BOOST_CHECK(x.peer.Failure() == PppAuthFailure::REJECTED_BY_PEER);
                BOOST_CHECK(x.auth.MasterKeyMaterial().empty());
                BOOST_CHECK(x.peer.MasterKeyMaterial().empty());
                BOOST_CHECK(x.server.HasEvent("auth-failure",
                                              std::string("reason=") + PppAuthFailureName(c.why)));
                std::string msg = LastMessage(x.server);
                BOOST_CHECK_EQUAL(x.peer.PeerMessage(), msg);
                // The verdict on the wire: PAP Nak (§2.2.2) / CHAP Failure (§4.2).
                const auto& last = x.server.all.back();
                BOOST_CHECK_EQUAL(last.second[0], m == PppAuthMethod::PAP ? 3 : 4);
                if (m == PppAuthMethod::MSCHAP_V2)
                {
                    // RFC 2759 §6: "E=eeeeeeeeee R=r C=cccc... V=vvvvvvvvvv M=<msg>".
                    BOOST_CHECK_EQUAL(msg.rfind(std::string(c.msError) + " R=0 C=", 0), 0u);
                    BOOST_CHECK_EQUAL(msg.find(" V=3 M="), 12u + 32);
                }
                else if (m == PppAuthMethod::MSCHAP_V1)
                {
                    BOOST_CHECK_EQUAL(msg.rfind(std::string(c.msError) + " R=0", 0), 0u);
                }
                else
                {
                    BOOST_CHECK(msg.find("authentication failed") != std::string::npos);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(chap_md5_wire_format_rfc1994)
{
    Pair x(PppAuthMethod::CHAP_MD5, "alice", "Secret-1");
    x.auth.Start(0);
    BOOST_REQUIRE_EQUAL(x.server.out.size(), 1u);
    BOOST_CHECK_EQUAL(x.server.out[0].first, kChap);
    PppChapPacket ch = Chap(x.server.out[0].second);
    BOOST_CHECK_EQUAL(ch.code, 1);
    BOOST_CHECK_EQUAL(ch.value.size(), 16u);
    BOOST_CHECK_EQUAL(ch.name, "MikroTik");
    x.peer.Start(0);
    x.peer.Input(kChap, x.server.out[0].second, 0);
    BOOST_REQUIRE_EQUAL(x.client.out.size(), 1u);
    PppChapPacket r = Chap(x.client.out[0].second);
    BOOST_CHECK_EQUAL(r.code, 2);
    BOOST_CHECK_EQUAL(r.id, ch.id); // §4.1: copied from the Challenge
    BOOST_CHECK_EQUAL(r.name, "alice");
    Md5Digest want = ChapMd5Response(ch.id, "Secret-1", ch.value);
    BOOST_CHECK(r.value == Bytes(want.begin(), want.end()));
    // The same seed gives the same challenge (reproducible runs); another seed another one.
    Side s2;
    PppAuthenticator again(PppAuthMethod::CHAP_MD5, "MikroTik", Secrets, 42, x.timers, s2);
    again.Start(0);
    BOOST_CHECK(Chap(s2.out[0].second).value == ch.value);
    Side s3;
    PppAuthenticator other(PppAuthMethod::CHAP_MD5, "MikroTik", Secrets, 43, x.timers, s3);
    other.Start(0);
    BOOST_CHECK(Chap(s3.out[0].second).value != ch.value);
}

BOOST_AUTO_TEST_CASE(mschap_wire_formats)
{
    {
        // RFC 2433 §3: 8-octet challenge; Response value 49 = LM[24] NT[24] Use-NT 1.
        Pair x(PppAuthMethod::MSCHAP_V1, "alice", "Secret-1");
        x.auth.Start(0);
        x.peer.Start(0);
        PppChapPacket ch = Chap(x.server.out[0].second);
        BOOST_CHECK_EQUAL(ch.value.size(), 8u);
        x.Pump();
        PppChapPacket r = Chap(x.client.all[0].second);
        BOOST_REQUIRE_EQUAL(r.value.size(), 49u);
        BOOST_CHECK(Bytes(r.value.begin(), r.value.begin() + 24) == Bytes(24, 0));
        BOOST_CHECK(Bytes(r.value.begin() + 24, r.value.begin() + 48) ==
                    MsChapV1NtResponse(ch.value, "Secret-1"));
        BOOST_CHECK_EQUAL(r.value[48], 1);
        BOOST_CHECK(x.peer.Succeeded());
    }
    {
        // RFC 2759 §4: 16-octet challenge; Response = PeerChallenge[16] 0[8] NT[24] Flags 0;
        // §5: Success "S=<40 hex> M=<message>".
        Pair x(PppAuthMethod::MSCHAP_V2, "alice", "Secret-1");
        x.Start();
        PppChapPacket ch = Chap(x.server.all[0].second);
        PppChapPacket r = Chap(x.client.all[0].second);
        PppChapPacket ok = Chap(x.server.all[1].second);
        BOOST_CHECK_EQUAL(ch.value.size(), 16u);
        BOOST_REQUIRE_EQUAL(r.value.size(), 49u);
        Bytes peerChallenge(r.value.begin(), r.value.begin() + 16);
        Bytes nt(r.value.begin() + 24, r.value.begin() + 48);
        BOOST_CHECK(Bytes(r.value.begin() + 16, r.value.begin() + 24) == Bytes(8, 0));
        BOOST_CHECK_EQUAL(r.value[48], 0);
        BOOST_CHECK(nt == MsChapV2NtResponse(ch.value, peerChallenge, "alice", "Secret-1"));
        BOOST_CHECK_EQUAL(ok.code, 3);
        // RouterOS's Success carries the authenticator response alone (no " M=" text).
        BOOST_CHECK_EQUAL(ok.message, MsChapV2AuthenticatorResponse("Secret-1", nt, peerChallenge,
                                                                    ch.value, "alice"));
        // The exposed material gives RFC 3079's master key on both ends.
        Bytes m = x.peer.MasterKeyMaterial();
        BOOST_CHECK(Bytes(m.begin() + 16, m.end()) == nt);
        BOOST_CHECK_EQUAL(MppeMasterKey(Bytes(m.begin(), m.begin() + 16), nt).size(), 16u);
    }
}

BOOST_AUTO_TEST_CASE(tampered_response_is_refused)
{
    for (PppAuthMethod m :
         {PppAuthMethod::CHAP_MD5, PppAuthMethod::MSCHAP_V1, PppAuthMethod::MSCHAP_V2})
    {
        BOOST_TEST_CONTEXT(PppAuthMethodName(m))
        {
            Pair x(m, "alice", "Secret-1");
            x.auth.Start(0);
            x.peer.Start(0);
            x.peer.Input(kChap, x.server.out[0].second, 0);
            x.server.out.clear();
            PppChapPacket r = Chap(x.client.out[0].second);
            r.value[30 % r.value.size()] ^= 0x01; // inside the hash / NT-Response
            x.auth.Input(kChap, EncodePppChapPacket(r), 0);
            BOOST_CHECK(x.auth.Failure() == PppAuthFailure::WRONG_PASSWORD);
            // Wrong Value-Size: malformed response, refused.
            Pair y(m, "alice", "Secret-1");
            y.auth.Start(0);
            PppChapPacket bad;
            bad.code = 2;
            bad.id = Chap(y.server.out[0].second).id;
            bad.value = Bytes(15, 1);
            bad.name = "alice";
            y.auth.Input(kChap, EncodePppChapPacket(bad), 0);
            BOOST_CHECK(y.auth.Failure() == PppAuthFailure::MALFORMED);
        }
    }
    // MS-CHAPv1 with Use-NT 0 (LM response only) is not accepted.
    Pair z(PppAuthMethod::MSCHAP_V1, "alice", "Secret-1");
    z.auth.Start(0);
    z.peer.Start(0);
    z.peer.Input(kChap, z.server.out[0].second, 0);
    PppChapPacket r = Chap(z.client.out[0].second);
    r.value[48] = 0;
    z.auth.Input(kChap, EncodePppChapPacket(r), 0);
    BOOST_CHECK(z.auth.Failure() == PppAuthFailure::WRONG_PASSWORD);
}

BOOST_AUTO_TEST_CASE(stale_identifier_is_discarded)
{
    // RFC 1994 §4.1: every Challenge has a new Identifier; a Response to an older one is dropped.
    for (PppAuthMethod m : {PppAuthMethod::CHAP_MD5, PppAuthMethod::MSCHAP_V2})
    {
        Pair x(m, "alice", "Secret-1");
        x.auth.Start(0);
        x.peer.Start(0);
        Bytes first = x.server.out[0].second;
        x.server.out.clear();
        x.now = 3 * kSec;
        x.auth.OnTimer(x.now); // retransmission: Challenge #2
        BOOST_REQUIRE_EQUAL(x.server.out.size(), 1u);
        Bytes second = x.server.out[0].second;
        x.server.out.clear();
        BOOST_CHECK(Chap(first).id != Chap(second).id);
        BOOST_CHECK(Chap(first).value != Chap(second).value);
        BOOST_CHECK(x.server.HasEvent("auth-retransmit", "try=2"));
        x.peer.Input(kChap, first, x.now); // the peer answers the old one (late delivery)
        Bytes stale = x.client.out.back().second;
        x.auth.Input(kChap, stale, x.now);
        BOOST_CHECK(!x.auth.Done());
        BOOST_CHECK_EQUAL(x.auth.GetCounters().Get("drop/stale-id"), 1u);
        BOOST_CHECK(x.server.out.empty()); // no verdict for it
        x.client.out.clear();
        x.peer.Input(kChap, second, x.now);
        x.Pump();
        BOOST_CHECK(x.auth.Succeeded() && x.peer.Succeeded());
        // A Success carrying the old Identifier would have been dropped by the peer as well.
        Pair y(m, "alice", "Secret-1");
        y.Start();
        PppChapPacket s = Chap(y.server.all.back().second);
        BOOST_CHECK_EQUAL(y.peer.GetCounters().Get("drop/stale-id"), 0u);
        Side ps;
        PppAuthPeer p2(m, "alice", "Secret-1", 7, y.timers, ps);
        p2.Start(0);
        p2.Input(kChap, y.server.all.front().second, 0);
        s.id ^= 0x55;
        p2.Input(kChap, EncodePppChapPacket(s), 0);
        BOOST_CHECK(!p2.Done());
        BOOST_CHECK_EQUAL(p2.GetCounters().Get("drop/stale-id"), 1u);
    }
}

BOOST_AUTO_TEST_CASE(peer_verifies_the_authenticator_response_rfc2759_5)
{
    const char* forged[] = {"S=0000000000000000000000000000000000000000 M=welcome", "M=welcome", "",
                            "S=407A5589115FD0D6209F510FE9C04566932CDA56"};
    for (const char* text : forged)
    {
        BOOST_TEST_CONTEXT(text)
        {
            Pair x(PppAuthMethod::MSCHAP_V2, "alice", "Secret-1");
            x.auth.Start(0);
            x.peer.Start(0);
            x.peer.Input(kChap, x.server.out[0].second, 0);
            PppChapPacket s;
            s.code = 3;
            s.id = Chap(x.client.out[0].second).id;
            s.message = text;
            x.peer.Input(kChap, EncodePppChapPacket(s), 0);
            BOOST_CHECK(x.peer.Done() && !x.peer.Succeeded());
            BOOST_CHECK(x.peer.Failure() == PppAuthFailure::BAD_AUTHENTICATOR_RESPONSE);
            BOOST_CHECK(x.client.why == PppAuthFailure::BAD_AUTHENTICATOR_RESPONSE);
            BOOST_CHECK_EQUAL(x.peer.GetCounters().Get("bad-authenticator-response"), 1u);
            BOOST_CHECK(x.peer.MasterKeyMaterial().empty());
        }
    }
    // The genuine one, in lower-case hex, is accepted (compared case-insensitively).
    Pair y(PppAuthMethod::MSCHAP_V2, "alice", "Secret-1");
    y.auth.Start(0);
    y.peer.Start(0);
    y.peer.Input(kChap, y.server.out[0].second, 0);
    y.auth.Input(kChap, y.client.out[0].second, 0);
    PppChapPacket ok = Chap(y.server.all.back().second);
    BOOST_REQUIRE_EQUAL(ok.code, 3);
    for (size_t i = 2; i < 42; ++i)
    {
        ok.message[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(ok.message[i])));
    }
    y.peer.Input(kChap, EncodePppChapPacket(ok), 0);
    BOOST_CHECK(y.peer.Succeeded());
}

BOOST_AUTO_TEST_CASE(chap_retransmits_then_times_out)
{
    // No peer: maxTries Challenges, restart apart, each with a new Identifier; then TIMEOUT.
    Pair x(PppAuthMethod::CHAP_MD5, "alice", "Secret-1", 4);
    x.auth.Start(0);
    x.RunTimers(false);
    BOOST_CHECK(x.auth.Failure() == PppAuthFailure::TIMEOUT);
    BOOST_CHECK_EQUAL(x.server.all.size(), 4u);
    std::set<uint8_t> ids;
    for (const auto& f : x.server.all)
    {
        ids.insert(Chap(f.second).id);
    }
    BOOST_CHECK_EQUAL(ids.size(), 4u);
    BOOST_CHECK_EQUAL(x.now, 12 * kSec);
    BOOST_CHECK_EQUAL(x.auth.GetCounters().Get("retransmit"), 3u);
    BOOST_CHECK_EQUAL(x.auth.GetCounters().Get("timeout"), 1u);
    BOOST_CHECK(x.server.HasEvent("auth-failure", "reason=timeout"));
    // The waiting CHAP peer gives up after restart x maxTries.
    Pair y(PppAuthMethod::MSCHAP_V2, "alice", "Secret-1", 4);
    y.peer.Start(0);
    BOOST_CHECK_EQUAL(y.peer.NextDeadline(), 12 * kSec);
    y.peer.OnTimer(12 * kSec - 1);
    BOOST_CHECK(!y.peer.Done());
    y.peer.OnTimer(12 * kSec);
    BOOST_CHECK(y.peer.Failure() == PppAuthFailure::TIMEOUT);
}

BOOST_AUTO_TEST_CASE(pap_retransmits_then_times_out)
{
    // RFC 1334 §2.2.1: the peer repeats its Request until a reply or the retry counter expires.
    Pair x(PppAuthMethod::PAP, "alice", "Secret-1", 3);
    x.peer.Start(0);
    x.RunTimers(false);
    BOOST_CHECK(x.peer.Failure() == PppAuthFailure::TIMEOUT);
    BOOST_CHECK_EQUAL(x.client.all.size(), 3u);
    BOOST_CHECK_EQUAL(x.now, 9 * kSec);
    BOOST_CHECK(Pap(x.client.all[0].second).id != Pap(x.client.all[1].second).id);
    BOOST_CHECK_EQUAL(Pap(x.client.all[2].second).peerId, "alice");
    // The PAP authenticator waits restart x maxTries for a Request.
    Pair y(PppAuthMethod::PAP, "alice", "Secret-1", 3);
    y.auth.Start(0);
    BOOST_CHECK_EQUAL(y.auth.NextDeadline(), 9 * kSec);
    y.auth.OnTimer(9 * kSec);
    BOOST_CHECK(y.auth.Failure() == PppAuthFailure::TIMEOUT);
    BOOST_CHECK(y.server.all.empty());
}

BOOST_AUTO_TEST_CASE(lost_verdict_is_repeated)
{
    // PAP: the Ack is lost; the peer's next Request (new Identifier) gets the same verdict.
    Pair x(PppAuthMethod::PAP, "alice", "Secret-1");
    x.auth.Start(0);
    x.peer.Start(0);
    x.auth.Input(kPap, x.client.out[0].second, 0);
    x.client.out.clear();
    x.server.out.clear(); // Ack lost
    BOOST_CHECK(x.auth.Succeeded() && !x.peer.Done());
    x.now = 3 * kSec;
    x.peer.OnTimer(x.now);
    x.Pump();
    BOOST_CHECK(x.peer.Succeeded());
    BOOST_CHECK_EQUAL(x.auth.GetCounters().Get("repeat"), 1u);
    BOOST_CHECK_EQUAL(x.server.doneCalls, 1); // decided once
    // A Nak is repeated as a Nak.
    Pair n(PppAuthMethod::PAP, "alice", "wrong");
    n.auth.Start(0);
    n.peer.Start(0);
    n.auth.Input(kPap, n.client.out[0].second, 0);
    n.client.out.clear();
    n.server.out.clear();
    n.now = 3 * kSec;
    n.peer.OnTimer(n.now);
    n.Pump();
    BOOST_CHECK(n.peer.Failure() == PppAuthFailure::REJECTED_BY_PEER);
    // CHAP: a repeated Response (same Identifier) after Success gets Success again (§4.2).
    Pair c(PppAuthMethod::CHAP_MD5, "alice", "Secret-1");
    c.Start();
    Bytes response = c.client.all.back().second;
    c.auth.Input(kChap, response, 0);
    BOOST_CHECK_EQUAL(c.server.out.size(), 1u);
    BOOST_CHECK_EQUAL(Chap(c.server.out[0].second).code, 3);
    BOOST_CHECK_EQUAL(c.auth.GetCounters().Get("repeat"), 1u);
    BOOST_CHECK(c.server.HasEvent("auth-repeat"));
}

BOOST_AUTO_TEST_CASE(chap_md5_rechallenge_in_network_phase)
{
    // RFC 1994 §2: the authenticator may challenge again at any time; the peer answers.
    Pair x(PppAuthMethod::CHAP_MD5, "alice", "Secret-1");
    x.Start();
    BOOST_REQUIRE(x.peer.Succeeded());
    PppChapPacket again;
    again.code = 1;
    again.id = 200;
    again.value = Bytes(16, 0xab);
    again.name = "MikroTik";
    x.peer.Input(kChap, EncodePppChapPacket(again), 0);
    BOOST_REQUIRE_EQUAL(x.client.out.size(), 1u);
    PppChapPacket r = Chap(x.client.out[0].second);
    Md5Digest want = ChapMd5Response(200, "Secret-1", again.value);
    BOOST_CHECK(r.id == 200 && r.value == Bytes(want.begin(), want.end()));
    BOOST_CHECK(x.peer.Succeeded());
    BOOST_CHECK_EQUAL(x.client.doneCalls, 1);
}

BOOST_AUTO_TEST_CASE(malformed_and_misdirected_input_is_counted_and_dropped)
{
    for (PppAuthMethod m : kAllMethods)
    {
        BOOST_TEST_CONTEXT(PppAuthMethodName(m))
        {
            Pair x(m, "alice", "Secret-1");
            uint16_t proto = m == PppAuthMethod::PAP ? kPap : kChap;
            uint16_t other = m == PppAuthMethod::PAP ? kChap : kPap;
            x.auth.Input(proto, Bytes{1, 1, 0, 4}, 0); // before Start
            BOOST_CHECK_EQUAL(x.auth.GetCounters().Get("drop/not-started"), 1u);
            x.auth.Start(0);
            x.peer.Start(0);
            x.server.out.clear();
            x.client.out.clear();
            for (const Bytes& junk : {Bytes{}, Bytes{1}, Bytes{2, 1, 0, 200}, Bytes{2, 1, 0, 1},
                                      Bytes{2, 1, 0, 5, 3}, Bytes{1, 1, 0, 5, 9}})
            {
                x.auth.Input(proto, junk, 0);
                x.peer.Input(proto, junk, 0);
            }
            x.auth.Input(other, Bytes{1, 1, 0, 4}, 0);
            x.peer.Input(other, Bytes{1, 1, 0, 4}, 0);
            BOOST_CHECK(!x.auth.Done() && !x.peer.Done());
            BOOST_CHECK_GE(x.auth.GetCounters().Get("drop/malformed"), 4u);
            BOOST_CHECK_GE(x.peer.GetCounters().Get("drop/malformed"), 4u);
            BOOST_CHECK_EQUAL(x.auth.GetCounters().Get("drop/wrong-protocol"), 1u);
            BOOST_CHECK_EQUAL(x.peer.GetCounters().Get("drop/wrong-protocol"), 1u);
            BOOST_CHECK(x.server.out.empty() && x.client.out.empty());
            BOOST_CHECK(x.server.HasEvent("auth-drop", "reason=malformed"));
            // Packets of the other direction: a Challenge/Request to the authenticator is not
            // ours to answer, a Response/Request to the peer neither.
            Bytes toAuth = proto == kPap ? EncodePppPapPacket({2, 1, "", "", "x"})
                                         : EncodePppChapPacket({1, 1, Bytes(16, 1), "x", ""});
            Bytes toPeer = proto == kPap ? EncodePppPapPacket({1, 1, "a", "b", ""})
                                         : EncodePppChapPacket({2, 1, Bytes(16, 1), "x", ""});
            x.auth.Input(proto, toAuth, 0);
            x.peer.Input(proto, toPeer, 0);
            BOOST_CHECK_EQUAL(x.auth.GetCounters().Get("drop/unexpected-code"), 1u);
            BOOST_CHECK_EQUAL(x.peer.GetCounters().Get("drop/unexpected-code"), 1u);
            // The exchange still completes.
            x.now = 3 * kSec;
            x.RunTimers(true);
            BOOST_CHECK(x.auth.Succeeded() && x.peer.Succeeded());
            // After the verdict the peer drops late replies.
            x.peer.Input(proto, x.server.all.back().second, x.now);
            BOOST_CHECK_EQUAL(x.peer.GetCounters().Get("drop/after-done"), 1u);
        }
    }
    // An MS-CHAP peer refuses a challenge of the wrong size.
    Pair y(PppAuthMethod::MSCHAP_V2, "alice", "Secret-1");
    y.peer.Start(0);
    y.peer.Input(kChap, EncodePppChapPacket({1, 1, Bytes(8, 1), "x", ""}), 0);
    BOOST_CHECK(y.client.out.empty());
    BOOST_CHECK_EQUAL(y.peer.GetCounters().Get("drop/malformed"), 1u);
}

BOOST_AUTO_TEST_CASE(failure_names)
{
    BOOST_CHECK_EQUAL(PppAuthFailureName(PppAuthFailure::WRONG_PASSWORD),
                      std::string("wrong-password"));
    BOOST_CHECK_EQUAL(PppAuthFailureName(PppAuthFailure::BAD_AUTHENTICATOR_RESPONSE),
                      std::string("bad-authenticator-response"));
    BOOST_CHECK_EQUAL(PppAuthFailureName(PppAuthFailure::SERVICE_NOT_ALLOWED),
                      std::string("service-not-allowed"));
    std::set<std::string> names;
    for (int f = 0; f <= static_cast<int>(PppAuthFailure::MALFORMED); ++f)
    {
        names.insert(PppAuthFailureName(static_cast<PppAuthFailure>(f)));
    }
    BOOST_CHECK_EQUAL(names.size(), static_cast<size_t>(PppAuthFailure::MALFORMED) + 1);
}

// Runs last in this file: by now the cases above (which the ctest entry always runs together)
// have produced kinds and counters; each must be declared, and each REACHABLE row produced.
BOOST_AUTO_TEST_CASE(observables_are_declared_and_reached)
{
    // Re-run a few exchanges so this case holds on its own too.
    {
        Pair a(PppAuthMethod::CHAP_MD5, "alice", "Secret-1", 2);
        a.auth.Start(0);
        a.RunTimers(false);
        Pair b(PppAuthMethod::PAP, "alice", "Secret-1");
        b.Start();
        b.auth.Input(kPap, b.client.all.back().second, 0);
        b.auth.Input(kPap, Bytes{1}, 0);
    }
    std::vector<ObservableTable> tables = {kPppAuthObservables};
    for (const std::string& k : g_kinds)
    {
        BOOST_CHECK_MESSAGE(FindEventKind(tables, k, "ppp/l2tp-out1") != nullptr,
                            "undeclared kind " << k);
    }
    for (const std::string& c : g_counters)
    {
        BOOST_CHECK_MESSAGE(FindCounter(kPppAuthObservables, c) != nullptr,
                            "undeclared counter " << c);
    }
    for (const EventKindSpec& row : kPppAuthEventKinds)
    {
        if (row.reach == ObservableReach::REACHABLE)
        {
            BOOST_CHECK_MESSAGE(g_kinds.count(row.kind) == 1, "never emitted: " << row.kind);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
