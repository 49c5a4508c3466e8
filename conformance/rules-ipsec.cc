/**
 * \file
 * \brief IPsec family rules as data: RFC 4303 (ESP), RFC 3948 (UDP encapsulation of ESP), RFC 3947
 * (NAT-T negotiation in IKEv1), RFC 2409 (IKEv1 main and quick mode).
 *
 * An IKE SA is identified by its initiator cookie; its initiator is the sender of the main-mode
 * message with a zero responder cookie. Main-mode message numbers count distinct messages in order;
 * a message from the same sender with the same Length as that sender's previous one is a
 * retransmission and keeps the number. An ESP SA is (SPI, source address, destination address).
 */
#include "conformance/rule-catalog.h"

#include <openssl/evp.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

namespace ns3
{

namespace
{

std::string
Hex32(uint32_t x)
{
    char b[16];
    std::snprintf(b, sizeof(b), "0x%08x", x);
    return b;
}

std::string
Where(const IkeRecord& r)
{
    return r.ExchangeName() + " " + r.Src() + " -> " + r.Dst();
}

std::string
Where(const EspRecord& r)
{
    return "ESP SPI " + Hex32(r.spi) + " seq " + std::to_string(r.sequence) + " " + r.Src() +
           " -> " + r.Dst();
}

/** One IKE SA: its messages and the main-mode numbering. */
struct IkeSa
{
    std::string cookie;             //!< initiator cookie
    std::string initiator;          //!< address of the sender of main-mode message 1 ("" unknown)
    bool mmStartSeen{false};        //!< message 1 captured
    std::vector<size_t> messages;   //!< indices into RuleContext::ike
    std::map<size_t, int> mmNumber; //!< ike index -> main-mode message number (1..)
    int mmCount{0};                 //!< distinct main-mode messages
};

std::vector<IkeSa>
BuildIkeSas(const RuleContext& c)
{
    std::vector<IkeSa> sas;
    std::map<std::string, size_t> byCookie;
    for (size_t i = 0; i < c.ike.size(); ++i)
    {
        const IkeRecord& r = c.ike[i];
        auto it = byCookie.find(r.initiatorCookie);
        if (it == byCookie.end())
        {
            it = byCookie.emplace(r.initiatorCookie, sas.size()).first;
            sas.push_back(IkeSa());
            sas.back().cookie = r.initiatorCookie;
        }
        IkeSa& sa = sas[it->second];
        sa.messages.push_back(i);
        if (r.exchangeType != isakmp::EXCHANGE_IDENTITY_PROTECTION)
        {
            continue;
        }
        if (sa.mmCount == 0 && r.responderCookie == std::string(16, '0'))
        {
            sa.mmStartSeen = true;
            sa.initiator = r.srcIp;
        }
        // Retransmission: same sender as an earlier main-mode message with the same Length.
        int number = 0;
        for (auto& [k, n] : sa.mmNumber)
        {
            const IkeRecord& q = c.ike[k];
            if (q.srcIp == r.srcIp && q.length == r.length && q.Encrypted() == r.Encrypted() &&
                n == sa.mmCount)
            {
                number = n;
            }
        }
        if (number == 0)
        {
            number = ++sa.mmCount;
        }
        sa.mmNumber[i] = number;
    }
    return sas;
}

int
MainModeNumber(const IkeSa& sa, size_t i)
{
    auto it = sa.mmNumber.find(i);
    return it == sa.mmNumber.end() ? 0 : it->second;
}

/** Index of main-mode message n of the SA (first copy), or -1. */
int
MainModeMessage(const IkeSa& sa, int n)
{
    for (size_t i : sa.messages)
    {
        if (MainModeNumber(sa, i) == n)
        {
            return static_cast<int>(i);
        }
    }
    return -1;
}

// ---------------------------------------------------------------------------------------------
// RFC 4303

RuleVerdict
SpiNonZero(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const EspRecord& r : c.esp)
    {
        j.Check();
        if (r.spi == 0)
        {
            j.Fail(r.frame, Where(r) + ": SPI 0 is for local use only and never sent");
        }
    }
    return j.Done();
}

RuleVerdict
SpiNotReserved(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const EspRecord& r : c.esp)
    {
        j.Check();
        if (r.spi >= 1 && r.spi <= 255)
        {
            j.Fail(r.frame, Where(r) + ": SPI in the IANA-reserved range 1..255");
        }
    }
    return j.Done();
}

using SaKey = std::tuple<uint32_t, std::string, std::string>;

SaKey
KeyOf(const EspRecord& r)
{
    return SaKey(r.spi, r.srcIp, r.dstIp);
}

/** True for an exchange that negotiates ESP SAs: IKEv1 Quick Mode (RFC 2409 §5.5), IKEv2 IKE_AUTH
 * (its first Child SA, RFC 7296 §1.2) and CREATE_CHILD_SA (RFC 7296 §1.3). */
bool
NegotiatesChildSa(const IkeRecord& q)
{
    if (q.majorVersion == 2)
    {
        return q.exchangeType == isakmp::EXCHANGE_IKE_AUTH ||
               q.exchangeType == isakmp::EXCHANGE_CREATE_CHILD_SA;
    }
    return q.majorVersion == 1 && q.exchangeType == isakmp::EXCHANGE_QUICK_MODE;
}

/** Index of the first message of an exchange that negotiates ESP SAs (NegotiatesChildSa) between
 * the two hosts (either direction), or -1. */
int
FirstChildSaExchange(const RuleContext& c, const std::string& a, const std::string& b)
{
    for (size_t i = 0; i < c.ike.size(); ++i)
    {
        const IkeRecord& q = c.ike[i];
        if (NegotiatesChildSa(q) &&
            ((q.srcIp == a && q.dstIp == b) || (q.srcIp == b && q.dstIp == a)))
        {
            return static_cast<int>(i);
        }
    }
    return -1;
}

RuleVerdict
SequenceStartsAtOne(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    std::set<SaKey> seen;
    for (const EspRecord& r : c.esp)
    {
        if (!seen.insert(KeyOf(r)).second)
        {
            continue;
        }
        int qm = FirstChildSaExchange(c, r.srcIp, r.dstIp);
        if (qm < 0 || c.ike[static_cast<size_t>(qm)].frame > r.frame)
        {
            continue; // the SA's negotiation was not captured: it may be older than the capture
        }
        // A first SEEN sequence above 1 is what loss of the first packets before the capture point
        // gives; only 0 is impossible (the counter is incremented before each packet is sent).
        j.Check();
        if (r.sequence == 0)
        {
            j.Fail(r.frame, Where(r) +
                                ": packet of an SA negotiated in the capture has sequence 0 "
                                "(the counter starts at 0 and is incremented before sending, "
                                "so the first packet carries 1)");
        }
    }
    return j.Done();
}

RuleVerdict
SequenceIncreases(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    std::map<SaKey, const EspRecord*> last;
    for (const EspRecord& r : c.esp)
    {
        auto it = last.find(KeyOf(r));
        if (it != last.end())
        {
            j.Check();
            const EspRecord& p = *it->second;
            if (r.sequence <= p.sequence)
            {
                j.Fail(r.frame, Where(r) + ": sequence " + std::to_string(r.sequence) +
                                    (r.sequence == p.sequence ? " repeats" : " goes back from ") +
                                    (r.sequence == p.sequence ? "" : std::to_string(p.sequence)) +
                                    " (frame " + std::to_string(p.frame) + ")" +
                                    (p.sequence > 0x80000000u && r.sequence < 0x80000000u
                                         ? ": the counter cycled without a new SA"
                                         : ""));
            }
        }
        last[KeyOf(r)] = &r;
    }
    return j.Done();
}

RuleVerdict
SpiNegotiated(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    std::set<SaKey> seen;
    for (const EspRecord& r : c.esp)
    {
        if (!seen.insert(KeyOf(r)).second)
        {
            continue;
        }
        // Judged only between hosts whose IKE traffic is in the capture.
        bool ikeSeen = std::any_of(c.ike.begin(), c.ike.end(),
                                   [&r](const IkeRecord& q)
                                   {
                                       return (q.srcIp == r.srcIp && q.dstIp == r.dstIp) ||
                                              (q.srcIp == r.dstIp && q.dstIp == r.srcIp);
                                   });
        if (!ikeSeen || r.sequence != 1)
        {
            // Judged only for an SA whose start is captured (RFC 4303 §3.3.3: its first packet
            // carries 1). A capture that begins while an SA runs shows a later number first, and
            // that SA may have been negotiated before the capture (an IKE SA rekeyed since, or
            // only its Informational exchanges captured).
            continue;
        }
        j.Check();
        int qm = FirstChildSaExchange(c, r.srcIp, r.dstIp);
        if (qm < 0 || c.ike[static_cast<size_t>(qm)].frame > r.frame)
        {
            j.Fail(r.frame, Where(r) + ": SA started before any Quick Mode (IKEv1) or IKE_AUTH / "
                                       "CREATE_CHILD_SA (IKEv2) between these hosts");
        }
    }
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// RFC 3948

RuleVerdict
NonEspMarker(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    std::set<std::string> cookies;
    for (const IkeRecord& r : c.ike)
    {
        cookies.insert(r.initiatorCookie);
    }
    for (const NattRecord& n : c.natt)
    {
        if (n.kind == UdpEncapKind::NON_ESP_MARKER)
        {
            j.Check();
            bool ike = std::any_of(c.ike.begin(), c.ike.end(),
                                   [&n](const IkeRecord& q)
                                   {
                                       return q.frame == n.frame && q.nonEspMarker;
                                   });
            if (!ike)
            {
                j.Fail(n.frame, n.Src() + " -> " + n.Dst() +
                                    ": non-ESP marker not followed by an IKE header");
            }
        }
        else if (n.kind == UdpEncapKind::ESP && n.head.size() >= 8)
        {
            j.Check();
            char hex[17];
            for (size_t i = 0; i < 8; ++i)
            {
                std::snprintf(hex + 2 * i, 3, "%02x", n.head[i]);
            }
            if (cookies.count(hex))
            {
                j.Fail(n.frame, n.Src() + " -> " + n.Dst() + ": IKE message (initiator cookie " +
                                    hex + ") on port 4500 without the non-ESP marker");
            }
        }
    }
    return j.Done();
}

RuleVerdict
KeepaliveFormat(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const NattRecord& n : c.natt)
    {
        if (n.PayloadLength() >= 8)
        {
            continue; // room for an ESP header or a marker + IKE header: not a keepalive
        }
        j.Check();
        if (n.PayloadLength() != 1 || n.head.empty() || n.head[0] != 0xFF)
        {
            j.Fail(n.frame, n.Src() + " -> " + n.Dst() + ": " + std::to_string(n.PayloadLength()) +
                                "-octet datagram on port 4500 is not a NAT-keepalive (one octet "
                                "0xFF)");
        }
    }
    return j.Done();
}

RuleVerdict
PortsMatchIke(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const NattRecord& n : c.natt)
    {
        if (n.kind != UdpEncapKind::ESP && n.kind != UdpEncapKind::NAT_KEEPALIVE)
        {
            continue;
        }
        // IKE on 4500 between the same two hosts, either direction.
        bool anyIke = false;
        bool match = false;
        for (const IkeRecord& q : c.ike)
        {
            if (!q.nonEspMarker)
            {
                continue;
            }
            bool fwd = q.srcIp == n.srcIp && q.dstIp == n.dstIp;
            bool rev = q.srcIp == n.dstIp && q.dstIp == n.srcIp;
            if (!fwd && !rev)
            {
                continue;
            }
            anyIke = true;
            match = match || (fwd && q.srcPort == n.srcPort && q.dstPort == n.dstPort) ||
                    (rev && q.srcPort == n.dstPort && q.dstPort == n.srcPort);
        }
        if (!anyIke)
        {
            continue;
        }
        j.Check();
        if (!match)
        {
            j.Fail(n.frame, n.Src() + " -> " + n.Dst() + ": " +
                                (n.kind == UdpEncapKind::ESP ? "ESP-in-UDP" : "NAT-keepalive") +
                                " ports differ from those of the IKE traffic on port 4500");
        }
    }
    return j.Done();
}

RuleVerdict
ChecksumZero(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const NattRecord& n : c.natt)
    {
        if (n.isIpv6 || (n.kind != UdpEncapKind::ESP && n.kind != UdpEncapKind::NAT_KEEPALIVE))
        {
            continue;
        }
        j.Check();
        if (n.udpChecksum != 0)
        {
            char b[8];
            std::snprintf(b, sizeof(b), "0x%04x", n.udpChecksum);
            j.Fail(n.frame, n.Src() + " -> " + n.Dst() + ": IPv4 UDP checksum " + b + ", not 0");
        }
    }
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// RFC 3947

bool
HasRfcVid(const RuleContext& c, int i)
{
    return i >= 0 && c.ike[static_cast<size_t>(i)].HasVendorId(Rfc3947VendorId());
}

RuleVerdict
VendorIdExchange(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const IkeSa& sa : BuildIkeSas(c))
    {
        int m1 = MainModeMessage(sa, 1);
        int m2 = MainModeMessage(sa, 2);
        if (!sa.mmStartSeen || m2 < 0)
        {
            continue;
        }
        j.Check();
        const IkeRecord& r2 = c.ike[static_cast<size_t>(m2)];
        if (HasRfcVid(c, m2) && !HasRfcVid(c, m1))
        {
            j.Fail(r2.frame, Where(r2) +
                                 ": message 2 returns the RFC 3947 vendor ID that message 1 "
                                 "did not send");
        }
        for (int n : {3, 4})
        {
            int m = MainModeMessage(sa, n);
            if (m >= 0 && c.ike[static_cast<size_t>(m)].Count(isakmp::PAYLOAD_NAT_D) > 0 &&
                !(HasRfcVid(c, m1) && HasRfcVid(c, m2)))
            {
                const IkeRecord& r = c.ike[static_cast<size_t>(m)];
                j.Fail(r.frame, Where(r) + ": NAT-D (type 20) in message " + std::to_string(n) +
                                    " without the RFC 3947 vendor ID in both messages 1 and 2");
            }
        }
    }
    return j.Done();
}

RuleVerdict
NatdInThreeFour(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const IkeSa& sa : BuildIkeSas(c))
    {
        if (!HasRfcVid(c, MainModeMessage(sa, 1)) || !HasRfcVid(c, MainModeMessage(sa, 2)))
        {
            continue;
        }
        for (int n : {3, 4})
        {
            int m = MainModeMessage(sa, n);
            if (m < 0)
            {
                continue;
            }
            j.Check();
            const IkeRecord& r = c.ike[static_cast<size_t>(m)];
            size_t natd = r.Count(isakmp::PAYLOAD_NAT_D);
            if (natd < 2)
            {
                j.Fail(r.frame, Where(r) + ": main-mode message " + std::to_string(n) + " has " +
                                    std::to_string(natd) +
                                    " NAT-D payloads (at least 2: the remote and the local end)");
            }
        }
    }
    return j.Done();
}

const EVP_MD*
HashOf(int alg)
{
    switch (alg)
    {
    case 1:
        return EVP_md5();
    case 2:
        return EVP_sha1();
    case 4:
        return EVP_sha256();
    case 5:
        return EVP_sha384();
    case 6:
        return EVP_sha512();
    default:
        return nullptr;
    }
}

/** HASH(CKY-I | CKY-R | IP | Port), RFC 3947 §3.2. Empty if it cannot be computed. */
std::vector<uint8_t>
NatdHash(int alg, const IkeRecord& r, const std::string& ip, uint16_t port)
{
    const EVP_MD* md = HashOf(alg);
    if (!md)
    {
        return {};
    }
    std::vector<uint8_t> in = HexToBytes(r.initiatorCookie + r.responderCookie);
    uint8_t addr[16];
    if (inet_pton(AF_INET, ip.c_str(), addr) == 1)
    {
        in.insert(in.end(), addr, addr + 4);
    }
    else if (inet_pton(AF_INET6, ip.c_str(), addr) == 1)
    {
        in.insert(in.end(), addr, addr + 16);
    }
    else
    {
        return {};
    }
    in.push_back(static_cast<uint8_t>(port >> 8));
    in.push_back(static_cast<uint8_t>(port & 0xFF));
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(in.data(), in.size(), out, &len, md, nullptr) != 1)
    {
        return {};
    }
    return std::vector<uint8_t>(out, out + len);
}

/**
 * NAT detection as a capture sees it: in message 3 or 4, the first NAT-D (the sender's view of the
 * receiver) differs from the hash of the packet's destination, or no other NAT-D matches the
 * packet's source. 1 = NAT, 0 = no NAT, -1 = cannot tell.
 */
int
NatDetected(const RuleContext& c, const IkeSa& sa)
{
    int m2 = MainModeMessage(sa, 2);
    int alg = m2 >= 0 ? c.ike[static_cast<size_t>(m2)].hashAlgorithm : -1;
    int verdict = -1;
    for (int n : {3, 4})
    {
        int m = MainModeMessage(sa, n);
        if (m < 0)
        {
            continue;
        }
        const IkeRecord& r = c.ike[static_cast<size_t>(m)];
        std::vector<std::vector<uint8_t>> natd;
        for (const auto& p : r.payloads)
        {
            if (p.type == isakmp::PAYLOAD_NAT_D || p.type == isakmp::PAYLOAD_NAT_D_DRAFT)
            {
                natd.push_back(p.hash);
            }
        }
        std::vector<uint8_t> dst = NatdHash(alg, r, r.dstIp, r.dstPort);
        std::vector<uint8_t> src = NatdHash(alg, r, r.srcIp, r.srcPort);
        if (natd.size() < 2 || dst.empty())
        {
            continue;
        }
        bool srcMatch = std::find(natd.begin() + 1, natd.end(), src) != natd.end();
        if (natd[0] != dst || !srcMatch)
        {
            return 1;
        }
        verdict = 0;
    }
    return verdict;
}

RuleVerdict
PortFloat(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const IkeSa& sa : BuildIkeSas(c))
    {
        if (!sa.mmStartSeen || NatDetected(c, sa) != 1)
        {
            continue;
        }
        for (size_t i : sa.messages)
        {
            const IkeRecord& r = c.ike[i];
            int n = MainModeNumber(sa, i);
            bool after = n >= 5 || r.exchangeType != isakmp::EXCHANGE_IDENTITY_PROTECTION;
            if (!after)
            {
                continue;
            }
            j.Check();
            bool toResponder = r.srcIp == sa.initiator;
            uint16_t responderPort = toResponder ? r.dstPort : r.srcPort;
            if (!r.nonEspMarker || responderPort != 4500)
            {
                j.Fail(r.frame, Where(r) + (n ? " message " + std::to_string(n) : std::string()) +
                                    ": NAT detected in messages 3/4, but this message is not on "
                                    "port 4500 with a non-ESP marker");
            }
        }
    }
    return j.Done();
}

// ---------------------------------------------------------------------------------------------
// RFC 2409

RuleVerdict
MainModeSequence(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const IkeSa& sa : BuildIkeSas(c))
    {
        if (!sa.mmStartSeen)
        {
            continue;
        }
        for (size_t i : sa.messages)
        {
            int n = MainModeNumber(sa, i);
            if (n == 0)
            {
                continue;
            }
            const IkeRecord& r = c.ike[i];
            j.Check();
            bool fromInitiator = r.srcIp == sa.initiator;
            std::string why;
            if (n > 6)
            {
                why = "a seventh main-mode message";
            }
            else if (fromInitiator != (n % 2 == 1))
            {
                why = "message " + std::to_string(n) + " sent by the " +
                      (fromInitiator ? "initiator" : "responder");
            }
            else if (r.payloadsVisible && (n == 1 || n == 2) &&
                     (r.payloads.empty() || r.payloads[0].type != isakmp::PAYLOAD_SA))
            {
                why = "message " + std::to_string(n) + " does not start with an SA payload";
            }
            else if (r.payloadsVisible && (n == 3 || n == 4) &&
                     (!r.Count(isakmp::PAYLOAD_KE) || !r.Count(isakmp::PAYLOAD_NONCE)))
            {
                why = "message " + std::to_string(n) + " lacks the KE or Nonce payload";
            }
            else if (r.payloadsVisible && (n == 5 || n == 6) &&
                     (!r.Count(isakmp::PAYLOAD_ID) ||
                      !(r.Count(isakmp::PAYLOAD_HASH) || r.Count(isakmp::PAYLOAD_SIG))))
            {
                why = "message " + std::to_string(n) + " lacks the ID or HASH/SIG payload";
            }
            if (!why.empty())
            {
                j.Fail(r.frame, Where(r) + ": " + why);
            }
        }
    }
    return j.Done();
}

RuleVerdict
EncryptionFlag(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const IkeSa& sa : BuildIkeSas(c))
    {
        int m6 = MainModeMessage(sa, 6);
        uint32_t m6Frame = m6 >= 0 ? c.ike[static_cast<size_t>(m6)].frame : 0;
        for (size_t i : sa.messages)
        {
            const IkeRecord& r = c.ike[i];
            int n = MainModeNumber(sa, i);
            bool must = false;
            bool mustNot = false;
            if (n >= 1 && n <= 4)
            {
                mustNot = true;
            }
            else if (n >= 5 || r.exchangeType == isakmp::EXCHANGE_QUICK_MODE ||
                     (r.exchangeType == isakmp::EXCHANGE_INFORMATIONAL && m6Frame &&
                      r.frame > m6Frame))
            {
                must = true;
            }
            if (!must && !mustNot)
            {
                continue;
            }
            j.Check();
            if (must && !r.Encrypted())
            {
                j.Fail(r.frame, Where(r) + (n ? " message " + std::to_string(n) : std::string()) +
                                    ": E flag clear on a message protected by the ISAKMP SA");
            }
            if (mustNot && r.Encrypted())
            {
                j.Fail(r.frame, Where(r) + " message " + std::to_string(n) +
                                    ": E flag set before the keys exist");
            }
        }
    }
    return j.Done();
}

RuleVerdict
QuickModeAfterPhase1(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    for (const IkeSa& sa : BuildIkeSas(c))
    {
        if (!sa.mmStartSeen)
        {
            continue;
        }
        int m6 = MainModeMessage(sa, 6);
        for (size_t i : sa.messages)
        {
            const IkeRecord& r = c.ike[i];
            if (r.exchangeType != isakmp::EXCHANGE_QUICK_MODE)
            {
                continue;
            }
            j.Check();
            if (m6 < 0 || c.ike[static_cast<size_t>(m6)].frame > r.frame)
            {
                j.Fail(r.frame, Where(r) + ": Quick Mode before main mode completed (message 6)");
            }
            else if (r.messageId == 0)
            {
                j.Fail(r.frame, Where(r) + ": Quick Mode with Message ID 0");
            }
        }
    }
    return j.Done();
}

RuleVerdict
QuickModeHashFirst(const RuleContext& c, const Rule&)
{
    RuleJudge j;
    std::map<std::pair<std::string, uint32_t>, int> position; // (cookie, message id) -> count
    for (const IkeRecord& r : c.ike)
    {
        if (r.exchangeType != isakmp::EXCHANGE_QUICK_MODE || !r.payloadsVisible)
        {
            continue;
        }
        int n = ++position[{r.initiatorCookie, r.messageId}];
        j.Check();
        if (r.payloads.empty() || r.payloads[0].type != isakmp::PAYLOAD_HASH)
        {
            j.Fail(r.frame, Where(r) + ": the first payload is not HASH");
        }
        else if (n <= 2 && (r.payloads.size() < 2 || r.payloads[1].type != isakmp::PAYLOAD_SA))
        {
            j.Fail(r.frame, Where(r) + " message " + std::to_string(n) +
                                ": the SA payload does not immediately follow the HASH");
        }
    }
    return j.Done();
}

using L = RuleLevel;
using S = RuleScope;

const std::vector<Rule> kIpsecRules = {
    // RFC 4303 — ESP
    {"RFC4303-2.1-spi-nonzero", "RFC 4303", "2.1",
     "The SPI value 0 is reserved for local, implementation-specific use and is never sent on the "
     "wire.",
     L::MUST_NOT, S::PACKET, &SpiNonZero, 0},
    {"RFC4303-2.1-spi-not-reserved", "RFC 4303", "2.1",
     "SPI values 1 through 255 are reserved by IANA for future use; a negotiated SA does not use "
     "them.",
     L::SHOULD, S::PACKET, &SpiNotReserved, 0},
    {"RFC4303-2.1-spi-from-negotiated-sa", "RFC 4303", "2.1, 3.3.3",
     "An SPI identifies an SA the receiver knows: between hosts whose IKE traffic is captured, an "
     "SA that starts in the capture (Sequence Number 1) appears only after a Quick Mode (IKEv1) or "
     "an IKE_AUTH or CREATE_CHILD_SA exchange (IKEv2) negotiated it.",
     L::MUST, S::SA, &SpiNegotiated, 0},
    {"RFC4303-3.3.3-sequence-starts-at-one", "RFC 4303", "3.3.3, 2.2",
     "The sender's counter starts at 0 when the SA is established, so the first packet sent on an "
     "SA carries Sequence Number 1.",
     L::MUST, S::SA, &SequenceStartsAtOne, 0},
    {"RFC4303-3.3.3-sequence-increases", "RFC 4303", "3.3.3, 2.2",
     "The Sequence Number increases by one for each packet sent on an SA: it never repeats or goes "
     "back, and never cycles (a new SA is established before 2^32 packets).",
     L::MUST, S::SA, &SequenceIncreases, 0},
    // RFC 3948 — UDP encapsulation
    {"RFC3948-2.2-non-esp-marker", "RFC 3948", "2.1, 2.2",
     "On port 4500 an IKE message is preceded by the 4-octet non-ESP marker (zero), and a marker "
     "is "
     "followed by an IKE header; ESP never starts with a zero SPI there.",
     L::MUST, S::PACKET, &NonEspMarker, 0},
    {"RFC3948-2.3-keepalive-one-octet", "RFC 3948", "2.3",
     "A NAT-keepalive payload is exactly one octet with the value 0xFF (a shorter-than-ESP "
     "datagram on port 4500 is nothing else).",
     L::MUST, S::PACKET, &KeepaliveFormat, 0},
    {"RFC3948-2.1-ports-match-ike", "RFC 3948", "2.1, 2.3",
     "UDP-encapsulated ESP and NAT-keepalives use the same source and destination ports as the IKE "
     "traffic between the two hosts.",
     L::MUST, S::SA, &PortsMatchIke, 0},
    {"RFC3948-2.1-udp-checksum-zero", "RFC 3948", "2.1, 2.3",
     "Over IPv4 the UDP checksum of UDP-encapsulated ESP and of NAT-keepalives is transmitted as "
     "zero (receivers must not depend on it).",
     L::SHOULD, S::PACKET, &ChecksumZero, 0},
    // RFC 3947 — NAT-T in IKEv1
    {"RFC3947-3.1-vendor-id-exchange", "RFC 3947", "3.1, 3.2",
     "The responder returns the RFC 3947 vendor ID in main-mode message 2 only if message 1 "
     "carried "
     "it, and NAT-D payloads are sent only when both messages 1 and 2 carried it.",
     L::MUST, S::SA, &VendorIdExchange, 0},
    {"RFC3947-3.2-nat-d-in-messages-3-4", "RFC 3947", "3.2",
     "When both ends sent the RFC 3947 vendor ID, main-mode messages 3 and 4 each carry at least "
     "two "
     "NAT-D payloads (the remote end's hash, then the local end's).",
     L::MUST, S::SA, &NatdInThreeFour, 0},
    {"RFC3947-4-port-float", "RFC 3947", "4",
     "When the NAT-D hashes show a NAT, IKE moves to port 4500 (with the non-ESP marker) starting "
     "with main-mode message 5, and stays there for the rest of the IKE SA (quick mode, "
     "informational).",
     L::MUST, S::SA, &PortFloat, 0},
    // RFC 2409 — IKEv1
    {"RFC2409-5-main-mode-sequence", "RFC 2409", "5",
     "Main mode is six messages alternating initiator/responder: 1-2 negotiate the SA (SA payload "
     "first), 3-4 exchange KE and Nonce, 5-6 exchange ID and HASH (or SIG).",
     L::MUST, S::SA, &MainModeSequence, 0},
    {"RFC2409-5-encryption-flag", "RFC 2409", "5, 5.5",
     "Main-mode messages 1-4 are not encrypted; messages 5 and 6, every Quick Mode message and "
     "later "
     "informational exchanges are encrypted (E flag set).",
     L::MUST, S::SA, &EncryptionFlag, 0},
    {"RFC2409-5.5-quick-mode-after-phase1", "RFC 2409", "5.5",
     "Quick Mode runs only after the ISAKMP SA is established (main-mode message 6) and uses a "
     "non-zero Message ID.",
     L::MUST, S::SA, &QuickModeAfterPhase1, 0},
    {"RFC2409-5.5-quick-mode-hash-first", "RFC 2409", "5.5",
     "In Quick Mode a HASH payload immediately follows the ISAKMP header, and in the first two "
     "messages an SA payload immediately follows the HASH (checked when decrypted).",
     L::MUST, S::PACKET, &QuickModeHashFirst, 0},
};

} // namespace

const std::vector<Rule>&
GetIpsecRules()
{
    return kIpsecRules;
}

} // namespace ns3
