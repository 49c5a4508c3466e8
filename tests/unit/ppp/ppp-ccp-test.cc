// CCP (RFC 1962) with the MPPE option (RFC 3078 §2.1): the option rules both ways on one
// automaton fed by hand (what we Ack, Nak and Reject; how we follow a Nak or a Reject), two
// automata back to back, Reset-Request/Reset-Ack (RFC 1962 §5), and then two PppLinks over an
// in-memory wire: MPPE128 stateless agreed after MS-CHAPv2, datagrams as protocol 0x00FD,
// RouterOS use-encryption yes/no/required, and the link terminated when encryption is required
// but refused.

#include "model/ppp/ppp-ccp.h"
#include "model/ppp/ppp-frame.h"
#include "model/ppp/ppp-link.h"
#include "ppp-test-support.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <string>

using namespace ns3;
using namespace ns3::ppptest;

namespace
{

Bytes
Bits(uint32_t v)
{
    return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

PppCpOption
MppeOption(uint32_t bits)
{
    return PppCpOption{kCcpMppe, Bits(bits)};
}

/** The options of the last packet of `code` an owner sent. */
std::vector<PppCpOption>
LastOptions(const Recorder& r, uint8_t code)
{
    for (auto it = r.sent.rbegin(); it != r.sent.rend(); ++it)
    {
        if (it->code == code)
        {
            std::vector<PppCpOption> o;
            std::string why;
            BOOST_REQUIRE(DecodePppCpOptions(it->data, o, why));
            return o;
        }
    }
    BOOST_FAIL("no packet of code " << int(code));
    return {};
}

/** One CCP opened towards a scripted peer: its first Configure-Request is in r.sent. */
struct Solo
{
    Recorder r;
    PppCcp ccp;

    explicit Solo(const PppCcpConfig& cfg)
        : ccp(cfg, r)
    {
        ccp.Open(0);
        ccp.Up(0);
    }

    void
    Peer(uint8_t code, uint8_t id, const std::vector<PppCpOption>& options)
    {
        ccp.Input(Configure(code, id, options), 0);
    }
};

PppCcpConfig
Cfg(bool required = false)
{
    PppCcpConfig c;
    c.required = required;
    return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ppp_ccp)

BOOST_AUTO_TEST_CASE(table_declares_mppe_and_rejects_the_rest)
{
    const PppOptionTable t = CcpOptionTable();
    const PppOptionSpec* m = t.Find(kCcpMppe);
    BOOST_REQUIRE(m != nullptr);
    BOOST_TEST((m->support == PppOptionSupport::NEGOTIATED));
    BOOST_TEST(m->minLength == 6);
    BOOST_TEST(m->maxLength == 6);
    for (const PppOptionSpec& s : t)
    {
        BOOST_TEST((s.type == kCcpMppe || s.support == PppOptionSupport::REJECTED));
    }
}

BOOST_AUTO_TEST_CASE(request_offers_mppe128_stateless_rfc3078_2_1)
{
    Solo s(Cfg());
    BOOST_REQUIRE(!s.r.sent.empty());
    BOOST_TEST(s.r.sent[0].code == kPppConfigureRequest);
    const std::vector<PppCpOption> o = LastOptions(s.r, kPppConfigureRequest);
    BOOST_REQUIRE(o.size() == 1u);
    BOOST_TEST(o[0].type == kCcpMppe);
    BOOST_TEST(ToHex(o[0].data) == "01000040"); // H and S
}

BOOST_AUTO_TEST_CASE(peer_options_ack_nak_reject_rfc3078_2_1)
{
    {
        Solo s(Cfg());
        s.Peer(kPppConfigureRequest, 1, {MppeOption(kMppeBitS | kMppeBitH)});
        BOOST_TEST(s.r.sent.back().code == kPppConfigureAck);
    }
    {
        // Several strengths and MPPC: Nak with the single strongest shared strength, no C.
        Solo s(Cfg());
        s.Peer(kPppConfigureRequest, 2,
               {MppeOption(kMppeBitS | kMppeBitL | kMppeBitM | kMppeBitC | kMppeBitH)});
        BOOST_TEST(s.r.sent.back().code == kPppConfigureNak);
        const std::vector<PppCpOption> o = LastOptions(s.r, kPppConfigureNak);
        BOOST_REQUIRE(o.size() == 1u);
        BOOST_TEST(ToHex(o[0].data) == "01000040");
    }
    {
        // Only 40 bits offered, we allow 128 only: Nak with ours.
        Solo s(Cfg());
        s.Peer(kPppConfigureRequest, 3, {MppeOption(kMppeBitL)});
        BOOST_TEST(s.r.sent.back().code == kPppConfigureNak);
        BOOST_TEST(ToHex(LastOptions(s.r, kPppConfigureNak)[0].data) == "01000040");
    }
    {
        // use-encryption=no: MPPE is Configure-Rejected; other compression always is.
        PppCcpConfig c = Cfg();
        c.mppe = false;
        Solo s(c);
        BOOST_TEST(LastOptions(s.r, kPppConfigureRequest).empty()); // we ask for nothing
        s.Peer(kPppConfigureRequest, 4, {MppeOption(kMppeBitS | kMppeBitH), {26, {0x78, 0x00}}});
        BOOST_TEST(s.r.sent.back().code == kPppConfigureReject);
        BOOST_TEST(LastOptions(s.r, kPppConfigureReject).size() == 2u);
    }
    {
        // A wrong length (RFC 1661 §5.4 via the table): Rejected.
        Solo s(Cfg());
        s.Peer(kPppConfigureRequest, 5, {{kCcpMppe, {0, 0, 0x40}}});
        BOOST_TEST(s.r.sent.back().code == kPppConfigureReject);
    }
}

BOOST_AUTO_TEST_CASE(following_a_nak_and_a_reject)
{
    {
        // The peer Naks 40 bits and we allow 40 and 128: we follow with L (and its H).
        PppCcpConfig c = Cfg();
        c.strengths = kMppeBitS | kMppeBitL;
        Solo s(c);
        const uint8_t id = s.r.sent.back().id;
        s.Peer(kPppConfigureNak, id, {MppeOption(kMppeBitL | kMppeBitH)});
        BOOST_TEST(ToHex(LastOptions(s.r, kPppConfigureRequest)[0].data) == "01000020");
    }
    {
        // A Nak naming only a strength we refuse: MPPE leaves our request; required fails.
        Solo s(Cfg(true));
        const uint8_t id = s.r.sent.back().id;
        s.Peer(kPppConfigureNak, id, {MppeOption(kMppeBitL)});
        BOOST_TEST(s.ccp.FailureReason() == "mppe-no-common-strength");
        BOOST_TEST((s.ccp.State() == PppCpState::CLOSING || s.ccp.State() == PppCpState::CLOSED));
    }
    {
        // Configure-Reject of MPPE with encryption required: negotiation failure, CCP closes.
        Solo s(Cfg(true));
        const uint8_t id = s.r.sent.back().id;
        s.Peer(kPppConfigureReject, id, {MppeOption(kMppeBitS | kMppeBitH)});
        BOOST_TEST(s.ccp.FailureReason() == "mppe-rejected-by-peer");
        BOOST_TEST((s.ccp.State() != PppCpState::OPENED && s.ccp.State() != PppCpState::REQ_SENT));
    }
    {
        // Without `required` a Reject just drops MPPE: the next request is empty.
        Solo s(Cfg(false));
        const uint8_t id = s.r.sent.back().id;
        s.Peer(kPppConfigureReject, id, {MppeOption(kMppeBitS | kMppeBitH)});
        BOOST_TEST(LastOptions(s.r, kPppConfigureRequest).empty());
        BOOST_TEST((s.ccp.State() == PppCpState::REQ_SENT));
    }
}

BOOST_AUTO_TEST_CASE(back_to_back_agree_mppe128_stateless)
{
    BackToBack w;
    PppCcpConfig wide = Cfg();
    wide.strengths = kMppeBitS | kMppeBitM | kMppeBitL;
    PppCcp a(wide, w.a);
    PppCcp b(Cfg(), w.b);
    w.Attach(a, b);
    w.OpenBoth();
    w.Run();
    BOOST_TEST((a.State() == PppCpState::OPENED));
    BOOST_TEST((b.State() == PppCpState::OPENED));
    MppeStrength s{};
    bool stateless = false;
    BOOST_TEST(a.MppeAgreed(s, stateless));
    BOOST_TEST((s == MppeStrength::BITS_128));
    BOOST_TEST(stateless);
    BOOST_TEST(b.MppeAgreed(s, stateless));
    BOOST_TEST(a.Result().txBits == (kMppeBitS | kMppeBitH));
    CheckCountersDeclared(a);
    CheckCountersDeclared(b);
}

BOOST_AUTO_TEST_CASE(back_to_back_yes_against_no)
{
    BackToBack w;
    PppCcpConfig no = Cfg();
    no.mppe = false;
    PppCcp a(Cfg(), w.a);
    PppCcp b(no, w.b);
    w.Attach(a, b);
    w.OpenBoth();
    w.Run();
    // CCP opens, MPPE is not agreed (the `yes` end dropped it after the Reject).
    BOOST_TEST((a.State() == PppCpState::OPENED));
    MppeStrength s{};
    bool stateless = false;
    BOOST_TEST(!a.MppeAgreed(s, stateless));
    BOOST_TEST(a.FailureReason() == "mppe-rejected-by-peer");
}

BOOST_AUTO_TEST_CASE(reset_request_and_ack_rfc1962_5)
{
    BackToBack w;
    PppCcp a(Cfg(), w.a);
    PppCcp b(Cfg(), w.b);
    int resets = 0;
    b.SetResetHandler(
        [&](TimeNs)
        {
            ++resets;
        });
    w.Attach(a, b);
    // Not Opened: nothing is sent, and a Reset-Request received is dropped.
    BOOST_TEST(!a.SendResetRequest(0));
    b.Input(Packet(kCcpResetRequest, 9, {}), 0);
    BOOST_TEST(b.Counter("ccp/drop/reset-request-not-opened") == 1u);
    w.OpenBoth();
    w.Run();
    BOOST_REQUIRE((a.State() == PppCpState::OPENED));
    BOOST_TEST(a.SendResetRequest(w.now));
    const uint8_t id = w.a.sent.back().id;
    w.Run();
    BOOST_TEST(resets == 1);
    // §5.2: the Reset-Ack carries the Reset-Request's Identifier.
    BOOST_TEST(w.b.sent.back().code == kCcpResetAck);
    BOOST_TEST(w.b.sent.back().id == id);
    BOOST_TEST(a.Counter("ccp/rx/reset-ack") == 1u);
    BOOST_TEST(a.Counter("ccp/tx/reset-request") == 1u);
    BOOST_TEST(a.Counter("ccp/drop/reset-ack-bad-id") == 0u);
    a.Input(Packet(kCcpResetAck, static_cast<uint8_t>(id + 1), {}), w.now);
    BOOST_TEST(a.Counter("ccp/drop/reset-ack-bad-id") == 1u);
    // Codes CCP does not define are Code-Rejected (RFC 1661 §5.6).
    a.Input(Packet(16, 1, {}), w.now);
    BOOST_TEST(w.a.sent.back().code == kPppCodeReject);
    BOOST_TEST((a.State() == PppCpState::OPENED));
    CheckCountersDeclared(a);
    CheckCountersDeclared(b);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- two links

namespace
{

std::map<std::string, std::string> g_users = {{"alice", "wonderland"}};

class Wire;

/** One link end and what it told its owner. */
class LinkEnd : public PppLink::Owner
{
public:
    LinkEnd(Wire& w, int id, const PppLinkConfig& cfg)
        : m_w(w)
        , m_id(id)
        , link(cfg, *this)
    {
    }

    void PppSendFrame(const Bytes& frame, TimeNs now) override;

    void
    PppHangup(PppHangupReason reason, TimeNs /*now*/) override
    {
        hangups.push_back(reason);
    }

    bool
    PppAuthorize(const std::string&, PppIpcpConfig& ipcp, std::string&, TimeNs) override
    {
        ipcp.localAddress = 0x0a000001;
        ipcp.peerAddress = 0x0a000002;
        return true;
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
             TimeNs /*now*/) override
    {
        if (sub.empty())
        {
            events.emplace_back(kind, fields);
        }
    }

    /** A field of the last event of `kind`, or "?". */
    std::string
    Field(const std::string& kind, const std::string& key) const
    {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
        {
            if (it->first == kind)
            {
                for (const auto& f : it->second)
                {
                    if (f.first == key)
                    {
                        return f.second;
                    }
                }
            }
        }
        return "?";
    }

    /** Protocols of the frames sent. */
    std::vector<uint16_t>
    Protocols() const
    {
        std::vector<uint16_t> out;
        for (const Bytes& f : sent)
        {
            PppFrame fr;
            if (DecodePppFrame(f.data(), f.size(), fr) == PppFrameError::NONE)
            {
                out.push_back(fr.protocol);
            }
        }
        return out;
    }

    Wire& m_w;
    int m_id;
    PppLink link;
    std::vector<PppHangupReason> hangups;
    std::vector<std::pair<uint16_t, Bytes>> datagrams;
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> events;
    std::vector<Bytes> sent;
};

class Wire
{
public:
    Wire(const PppLinkConfig& client, const PppLinkConfig& server)
        : a(*this, 0, client)
        , b(*this, 1, server)
    {
        a.link.LowerUp(0);
        b.link.LowerUp(0);
    }

    void
    Send(int from, const Bytes& frame)
    {
        if (dropNext[from] > 0)
        {
            --dropNext[from];
            return;
        }
        q.push_back({now + 5 * kMs, 1 - from, frame});
    }

    void
    RunUntil(TimeNs until)
    {
        for (int guard = 0; guard < 100000; ++guard)
        {
            TimeNs next = std::min(a.link.NextDeadline(), b.link.NextDeadline());
            for (const auto& f : q)
            {
                next = std::min(next, f.at);
            }
            if (next > until)
            {
                now = until;
                return;
            }
            now = std::max(now, next);
            if (!q.empty() && q.front().at <= now)
            {
                Item f = q.front();
                q.pop_front();
                (f.to == 0 ? a : b).link.FrameIn(f.bytes, now);
                continue;
            }
            a.link.OnTimer(now);
            b.link.OnTimer(now);
        }
        BOOST_FAIL("did not settle");
    }

    struct Item
    {
        TimeNs at;
        int to;
        Bytes bytes;
    };

    TimeNs now{0};
    LinkEnd a; //!< client
    LinkEnd b; //!< server
    std::deque<Item> q;
    int dropNext[2]{0, 0};
};

void
LinkEnd::PppSendFrame(const Bytes& frame, TimeNs /*now*/)
{
    sent.push_back(frame);
    m_w.Send(m_id, frame);
}

PppLinkConfig
Client(PppEncryption e, PppAuthMethod m = PppAuthMethod::MSCHAP_V2)
{
    PppLinkConfig c;
    c.role = PppLinkRole::CLIENT;
    c.lcp.authAccept = {m};
    c.lcp.magicSeed = 11;
    c.user = "alice";
    c.password = "wonderland";
    c.seed = 3;
    c.encryption = e;
    return c;
}

PppLinkConfig
Server(PppEncryption e, PppAuthMethod m = PppAuthMethod::MSCHAP_V2)
{
    PppLinkConfig c;
    c.role = PppLinkRole::SERVER;
    c.lcp.authRequire = {m};
    c.lcp.magicSeed = 22;
    c.seed = 5;
    c.encryption = e;
    c.lookup = [](const std::string& user)
    {
        PppSecretAnswer a;
        a.password = g_users.count(user) ? g_users[user] : "";
        return a;
    };
    return c;
}

const Bytes kPing = {0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00, 0x40, 0x01,
                     0xaa, 0xbb, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x01,
                     0x08, 0x00, 0xf7, 0xff, 0x00, 0x00, 0x00, 0x00};

size_t
CountOf(const std::vector<uint16_t>& v, uint16_t p)
{
    return static_cast<size_t>(std::count(v.begin(), v.end(), p));
}

} // namespace

BOOST_AUTO_TEST_SUITE(ppp_link_mppe)

BOOST_AUTO_TEST_CASE(yes_both_ends_mppe128_stateless_and_data_as_00fd)
{
    for (PppAuthMethod m : {PppAuthMethod::MSCHAP_V2, PppAuthMethod::MSCHAP_V1})
    {
        BOOST_TEST_CONTEXT("method " << PppAuthMethodName(m))
        {
            Wire w(Client(PppEncryption::YES, m), Server(PppEncryption::YES, m));
            w.RunUntil(5 * kSec);
            BOOST_REQUIRE(w.a.link.NetworkUp());
            // RFC 1962 §2: CCP after authentication, in the Network phase.
            BOOST_TEST(w.a.link.Encoding() == "MPPE128 stateless");
            BOOST_TEST(w.b.link.Encoding() == "MPPE128 stateless");
            BOOST_TEST(w.a.Field("ccp-up", "encoding") == "MPPE128 stateless");
            BOOST_REQUIRE(w.a.link.SendDatagram(kPppIpv4, kPing, w.now));
            BOOST_REQUIRE(w.b.link.SendDatagram(kPppIpv4, kPing, w.now));
            w.RunUntil(6 * kSec);
            // RFC 3078 §3: protocol 0x00FD on the wire, never 0x0021; the payload is not visible.
            BOOST_TEST(CountOf(w.a.Protocols(), kPppMppe) == 1u);
            BOOST_TEST(CountOf(w.a.Protocols(), kPppIpv4) == 0u);
            const Bytes& last = w.a.sent.back();
            const bool visible = std::search(last.begin(), last.end(), kPing.begin() + 12,
                                             kPing.end()) != last.end();
            BOOST_TEST(!visible);
            BOOST_REQUIRE(w.b.datagrams.size() == 1u);
            BOOST_TEST(w.b.datagrams[0].first == kPppIpv4);
            BOOST_TEST(w.b.datagrams[0].second == kPing);
            BOOST_REQUIRE(w.a.datagrams.size() == 1u);
            BOOST_TEST(w.a.datagrams[0].second == kPing);
            BOOST_TEST(w.b.link.Counters().encryptedIn == 1u);
            BOOST_TEST(w.a.hangups.empty());
            // Once MPPE is in force a clear datagram is dropped and counted.
            w.a.link.FrameIn(EncodePppFrame(kPppIpv4, kPing, false, false), w.now);
            BOOST_TEST(w.a.link.Counters().clearDropped == 1u);
            BOOST_TEST(w.a.datagrams.size() == 1u);
        }
    }
}

BOOST_AUTO_TEST_CASE(required_against_no_is_terminated)
{
    // RouterOS: use-encryption=required and a peer that refuses MPPE: the link is closed.
    Wire w(Client(PppEncryption::REQUIRED), Server(PppEncryption::NO));
    w.RunUntil(20 * kSec);
    BOOST_REQUIRE(!w.a.hangups.empty());
    BOOST_TEST((w.a.hangups[0] == PppHangupReason::ENCRYPTION_REQUIRED));
    BOOST_TEST(w.a.Field("link-close", "reason") == "encryption-required");
    BOOST_TEST(w.a.Field("link-close", "detail") == "mppe-rejected-by-peer");
    BOOST_TEST(!w.a.link.NetworkUp());
    // The `no` end only answered: its Configure-Requests never carried option 18.
    for (const Bytes& f : w.b.sent)
    {
        PppFrame fr;
        BOOST_REQUIRE(DecodePppFrame(f.data(), f.size(), fr) == PppFrameError::NONE);
        PppCpPacket p;
        std::string why;
        if (fr.protocol == kPppCcp && DecodePppCpPacket(fr.info, p, why) &&
            p.code == kPppConfigureRequest)
        {
            BOOST_TEST(p.data.empty());
        }
    }
    // Never a clear datagram while waiting for encryption.
    BOOST_TEST(CountOf(w.a.Protocols(), kPppIpv4) == 0u);
}

BOOST_AUTO_TEST_CASE(yes_against_no_stays_up_unencrypted)
{
    Wire w(Client(PppEncryption::YES), Server(PppEncryption::NO));
    w.RunUntil(5 * kSec);
    BOOST_REQUIRE(w.a.link.NetworkUp());
    BOOST_TEST(w.a.hangups.empty());
    BOOST_TEST(w.a.link.Encoding() == "");
    BOOST_REQUIRE(w.a.link.Ccp() != nullptr);
    BOOST_TEST((w.a.link.Ccp()->State() == PppCpState::OPENED));
    BOOST_REQUIRE(w.a.link.SendDatagram(kPppIpv4, kPing, w.now));
    w.RunUntil(6 * kSec);
    BOOST_TEST(CountOf(w.a.Protocols(), kPppIpv4) == 1u);
    BOOST_TEST(w.b.datagrams.size() == 1u);
}

BOOST_AUTO_TEST_CASE(no_both_ends_sends_no_ccp)
{
    Wire w(Client(PppEncryption::NO), Server(PppEncryption::NO));
    w.RunUntil(5 * kSec);
    BOOST_REQUIRE(w.a.link.NetworkUp());
    BOOST_TEST(CountOf(w.a.Protocols(), kPppCcp) == 0u);
    BOOST_TEST(CountOf(w.b.Protocols(), kPppCcp) == 0u);
    BOOST_TEST(w.a.link.Ccp() == nullptr);
}

BOOST_AUTO_TEST_CASE(required_without_mschap_keys_is_terminated)
{
    // RFC 3079 derives MPPE keys from MS-CHAP only: with PAP there is nothing to encrypt with.
    Wire w(Client(PppEncryption::REQUIRED, PppAuthMethod::PAP),
           Server(PppEncryption::YES, PppAuthMethod::PAP));
    w.RunUntil(10 * kSec);
    BOOST_REQUIRE(!w.a.hangups.empty());
    BOOST_TEST((w.a.hangups[0] == PppHangupReason::ENCRYPTION_REQUIRED));
    BOOST_TEST(w.a.Field("mppe-unavailable", "method") == "pap");
    BOOST_TEST(w.b.Field("mppe-unavailable", "method") == "pap");
}

BOOST_AUTO_TEST_CASE(required_and_ccp_protocol_rejected_is_terminated)
{
    // A peer without CCP answers with LCP Protocol-Reject (RFC 1661 §5.7): RXJ- on CCP.
    Wire w(Client(PppEncryption::REQUIRED), Server(PppEncryption::YES));
    w.dropNext[0] = 0;
    w.RunUntil(80 * kMs); // LCP and MS-CHAPv2 done, CCP started
    // Keep the server quiet about CCP and feed the client a Protocol-Reject of 0x80FD.
    BOOST_REQUIRE(w.a.link.Ccp() != nullptr);
    Bytes data = {0x80, 0xfd, 0x01, 0x01, 0x00, 0x04};
    Bytes reject = EncodePppCpPacket(PppCpPacket{kPppProtocolReject, 77, data});
    w.a.link.FrameIn(EncodePppFrame(kPppLcp, reject, false, false), w.now);
    w.RunUntil(5 * kSec);
    BOOST_REQUIRE(!w.a.hangups.empty());
    BOOST_TEST((w.a.hangups[0] == PppHangupReason::ENCRYPTION_REQUIRED));
    BOOST_TEST(w.a.Field("link-close", "detail") == "ccp-protocol-rejected");
}

BOOST_AUTO_TEST_CASE(stateful_loss_is_repaired_by_reset_request_rfc3078_8)
{
    PppLinkConfig c = Client(PppEncryption::YES);
    PppLinkConfig s = Server(PppEncryption::YES);
    c.ccp.stateless = false;
    s.ccp.stateless = false;
    Wire w(c, s);
    w.RunUntil(5 * kSec);
    BOOST_REQUIRE(w.a.link.Encoding() == "MPPE128 stateful");
    w.a.link.SendDatagram(kPppIpv4, kPing, w.now);
    w.RunUntil(6 * kSec);
    w.dropNext[0] = 1; // lost
    w.a.link.SendDatagram(kPppIpv4, kPing, w.now);
    w.RunUntil(7 * kSec);
    w.a.link.SendDatagram(kPppIpv4, kPing, w.now); // a gap: dropped, Reset-Request sent
    w.RunUntil(8 * kSec);
    w.a.link.SendDatagram(kPppIpv4, kPing, w.now); // flushed after the reset: decrypts
    w.RunUntil(9 * kSec);
    BOOST_TEST(w.b.datagrams.size() == 2u);
    BOOST_TEST(w.b.link.Counters().mppeDropped == 1u);
    BOOST_TEST(w.b.Field("mppe-drop", "reason") == "coherency-gap");
    BOOST_REQUIRE(w.b.link.Ccp() != nullptr);
    BOOST_TEST(w.b.link.Ccp()->Counter("ccp/tx/reset-request") == 1u);
    BOOST_TEST(w.a.link.Ccp()->Counter("ccp/rx/reset-request") == 1u);
    BOOST_REQUIRE(w.b.datagrams.size() == 2u);
    BOOST_TEST(w.b.datagrams[1].second == kPing);
}

BOOST_AUTO_TEST_CASE(required_holds_datagrams_until_mppe)
{
    Wire w(Client(PppEncryption::REQUIRED), Server(PppEncryption::YES));
    w.RunUntil(60 * kMs);
    if (w.a.link.NetworkUp() && w.a.link.Encoding().empty())
    {
        BOOST_TEST(!w.a.link.SendDatagram(kPppIpv4, kPing, w.now));
        BOOST_TEST(w.a.link.Counters().heldForEncryption == 1u);
    }
    w.RunUntil(5 * kSec);
    BOOST_TEST(w.a.link.Encoding() == "MPPE128 stateless");
    BOOST_TEST(w.a.link.SendDatagram(kPppIpv4, kPing, w.now));
    BOOST_TEST(CountOf(w.a.Protocols(), kPppIpv4) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
