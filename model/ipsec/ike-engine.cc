// Ikev1Engine: dispatch, encryption of ISAKMP messages (RFC 2409 App. B), informational
// exchanges (RFC 2408 §4.8, RFC 2409 §5.7), DELETE, DPD (RFC 3706), timers and key export.
#include "model/ipsec/ike-engine-state.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ns3
{

namespace
{

// RFC 3947 §3.1: MD5("RFC 3947"); the drafts strongSwan and Windows still send: MD5 of
// "draft-ietf-ipsec-nat-t-ike-02\n" and "...-03"; RFC 3706 §3: the DPD vendor ID (version 1.0).
const IkeVendorIdInfo kVendorIds[] = {
    {"RFC 3947", "4a131c81070358455c5728f20e95452f", "RFC 3947 §3.1"},
    {"draft-ietf-ipsec-nat-t-ike-02", "cd60464335df21f87cfdb2fc68b6a448", "draft-02 §3.1"},
    {"draft-ietf-ipsec-nat-t-ike-02\\n", "90cb80913ebb696e086381b5ec427b1f", "draft-02 §3.1"},
    {"draft-ietf-ipsec-nat-t-ike-03", "7d9419a65310ca6f2c179d9215529d56", "draft-03 §3.1"},
    {"DPD", "afcad71368a1f1c96b8696fc77570100", "RFC 3706 §3"},
};

} // namespace

const IkeVendorIdInfo*
IkeVendorIdTable(size_t& count)
{
    count = sizeof(kVendorIds) / sizeof(kVendorIds[0]);
    return kVendorIds;
}

Bytes
IkeNatDHash(IkeHash h,
            const std::array<uint8_t, 8>& ckyI,
            const std::array<uint8_t, 8>& ckyR,
            const IkeEndpoint& ep)
{
    Bytes ip;
    if (!IkeParseIpv4(ep.addr, ip))
    {
        ip.assign(4, 0);
    }
    const uint8_t port[2] = {static_cast<uint8_t>(ep.port >> 8), static_cast<uint8_t>(ep.port)};
    return IkeHashOf(h,
                     {ByteSpan(ckyI.data(), 8), ByteSpan(ckyR.data(), 8), ip, ByteSpan(port, 2)});
}

IkeAttribute
IkeAttr(uint16_t type, uint32_t value)
{
    IkeAttribute a;
    a.type = type;
    a.value = value;
    a.tv = value <= 0xffff;
    if (!a.tv)
    {
        a.data = IkeU32(value);
    }
    return a;
}

Bytes
IkeU32(uint32_t v)
{
    return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

std::string
IkeCookieHex(const std::array<uint8_t, 8>& c)
{
    return ToHex(Bytes(c.begin(), c.end()));
}

std::string
IkeNotifyReason(uint16_t type)
{
    std::string s = IkeNotifyName(type);
    std::transform(s.begin(), s.end(), s.begin(),
                   [](char ch)
                   {
                       return static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                   });
    return s;
}

std::unique_ptr<IkeEngine>
MakeIkev1Engine(EventSink& events, uint64_t seed)
{
    return std::make_unique<Ikev1Engine>(events, seed);
}

Ikev1Engine::Ikev1Engine(EventSink& events, uint64_t seed)
    : m_events(events)
    , m_rng(seed ^ 0x494b457631ULL)
{
}

Ikev1Engine::~Ikev1Engine() = default;

void
Ikev1Engine::AddPeer(const IkePeerConfig& peer)
{
    m_peers.push_back(peer);
}

// ---------------------------------------------------------------- helpers

void
Ikev1Engine::Event(const std::string& object,
                   const std::string& kind,
                   std::vector<std::pair<std::string, std::string>> fields,
                   TimeNs now)
{
    LabEvent e;
    e.time = now;
    e.object = object;
    e.kind = kind;
    e.fields = std::move(fields);
    m_events.Emit(e);
}

void
Ikev1Engine::Drop(IkeReason r, const std::string& peer, TimeNs now)
{
    const IkeReasonInfo& info = GetIkeReasonInfo(r);
    m_counters.Add(std::string("ike/drop/") + info.name);
    Event(peer.empty() ? "ipsec/ike" : "ipsec/peer/" + peer, "drop",
          {{"reason", info.name}, {"rfc", info.rfc}}, now);
}

Bytes
Ikev1Engine::Random(size_t n)
{
    return m_rng.NextBytes(n);
}

uint32_t
Ikev1Engine::NewSpi()
{
    // RFC 4303 §2.1: 1..255 reserved; keep the top bit set so SPIs look like Linux's (c0...).
    return 0xc0000000u | (m_rng.NextU32() & 0x3fffffffu);
}

void
Ikev1Engine::SendRaw(const IkeEndpoint& local, const IkeEndpoint& remote, const Bytes& dg)
{
    IkeAction a;
    a.kind = IkeAction::Kind::SEND;
    a.local = local;
    a.remote = remote;
    a.datagram = dg;
    m_actions.push_back(std::move(a));
}

void
Ikev1Engine::Send(Phase1& p1, const Bytes& dg, TimeNs now, bool arm)
{
    SendRaw(p1.local, p1.remote, dg);
    p1.rtx.dg = dg;
    p1.rtx.local = p1.local;
    p1.rtx.remote = p1.remote;
    p1.rtx.sent = 0;
    p1.rtx.wait = m_rtxPolicy.first;
    p1.rtx.next = arm ? now + m_rtxPolicy.first : kNever;
}

namespace
{

/** \brief "a.b.c.d[/len]" contains addr. */
bool
PrefixMatch(const std::string& prefix, const std::string& addr)
{
    std::string net = prefix;
    int len = 32;
    size_t slash = prefix.find('/');
    if (slash != std::string::npos)
    {
        net = prefix.substr(0, slash);
        len = std::atoi(prefix.c_str() + slash + 1);
    }
    Bytes n;
    Bytes a;
    if (!IkeParseIpv4(net, n) || !IkeParseIpv4(addr, a) || len < 0 || len > 32)
    {
        return false;
    }
    uint32_t nv = (uint32_t{n[0]} << 24) | (uint32_t{n[1]} << 16) | (uint32_t{n[2]} << 8) | n[3];
    uint32_t av = (uint32_t{a[0]} << 24) | (uint32_t{a[1]} << 16) | (uint32_t{a[2]} << 8) | a[3];
    uint32_t mask = len == 0 ? 0 : ~uint32_t{0} << (32 - len);
    return (nv & mask) == (av & mask);
}

} // namespace

int
Ikev1Engine::FindPeer(const std::string& addr, bool forInitiating) const
{
    for (size_t i = 0; i < m_peers.size(); ++i)
    {
        if ((!forInitiating || !m_peers[i].passive) && PrefixMatch(m_peers[i].address, addr))
        {
            return static_cast<int>(i);
        }
    }
    return -1;
}

Ikev1Engine::Phase1*
Ikev1Engine::FindPhase1(const IsakmpHeader& h)
{
    for (auto& p : m_p1)
    {
        if (!p->dead && p->ckyI == h.icookie && p->ckyR == h.rcookie)
        {
            return p.get();
        }
    }
    return nullptr;
}

void
Ikev1Engine::Fail1(Phase1& p1, const std::string& reason, TimeNs now, const std::string& cause)
{
    std::vector<std::pair<std::string, std::string>> fields = {
        {"reason", reason}, {"role", p1.initiator ? "initiator" : "responder"}};
    if (!cause.empty())
    {
        fields.emplace_back("cause", cause);
    }
    Event("ipsec/peer/" + m_peers[p1.peer].name, "phase1-failed", std::move(fields), now);
    m_counters.Add("ike/phase1-failed");
    RemovePhase1(&p1);
}

void
Ikev1Engine::RemovePhase1(Phase1* p1)
{
    p1->dead = true;
    p1->rtx.next = kNever;
}

// ---------------------------------------------------------------- encryption (App. B)

bool
Ikev1Engine::Encrypt(
    Phase1& p1, IsakmpHeader h, const std::vector<IkeRawPayload>& pl, Bytes& iv, Bytes& out)
{
    Bytes plain = EncodeIkePayloads(pl);
    // RFC 2408 §3.1 / App. B: pad to the block size; the padding is not described by any
    // payload (zeros, as strongSwan and racoon send).
    size_t bs = p1.cipher->blockSize;
    plain.resize((plain.size() + bs - 1) / bs * bs, 0);
    Bytes cipher;
    if (!IkeCbc(*p1.cipher, true, p1.keys.encKey, iv, plain.data(), plain.size(), cipher))
    {
        return false;
    }
    h.nextPayload = pl.empty() ? 0 : pl.front().type;
    h.flags |= kIsakmpFlagEncryption;
    h.length = static_cast<uint32_t>(kIsakmpHeaderLen + cipher.size());
    out = EncodeIsakmpHeader(h);
    out.insert(out.end(), cipher.begin(), cipher.end());
    iv.assign(cipher.end() - static_cast<long>(bs), cipher.end());
    return true;
}

bool
Ikev1Engine::Decrypt(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, Bytes& iv, Bytes& plain)
{
    size_t n = msg.size() - kIsakmpHeaderLen;
    size_t bs = p1.cipher ? p1.cipher->blockSize : 0;
    if (!(h.flags & kIsakmpFlagEncryption) || bs == 0 || p1.keys.encKey.empty() || n == 0 ||
        n % bs != 0)
    {
        return false;
    }
    if (!IkeCbc(*p1.cipher, false, p1.keys.encKey, iv, msg.data() + kIsakmpHeaderLen, n, plain))
    {
        return false;
    }
    iv.assign(msg.end() - static_cast<long>(bs), msg.end());
    return true;
}

// ---------------------------------------------------------------- entry points

void
Ikev1Engine::Acquire(const IkeEndpoint& local,
                     const IkeEndpoint& remote,
                     const IkeSelector& selector,
                     TimeNs now)
{
    int peer = FindPeer(remote.addr, true);
    if (peer < 0)
    {
        return;
    }
    for (auto& p : m_p1)
    {
        if (p->dead || p->peer != peer || p->remote.addr != remote.addr)
        {
            continue;
        }
        // Join: the negotiation (or the established SA) covers this selector.
        for (const auto& q : p->qm)
        {
            if (q->state != IkeP2State::DONE && q->sel.localPort == selector.localPort &&
                q->sel.remotePort == selector.remotePort)
            {
                return;
            }
        }
        if (p->state == IkeP1State::ESTABLISHED)
        {
            StartQuickMode(*p, selector, now);
        }
        else if (p->pending.empty())
        {
            p->pending.push_back(selector);
        }
        return;
    }
    const IkePeerConfig& cfg = m_peers[peer];
    IkeEndpoint l{cfg.localAddress.empty() ? local.addr : cfg.localAddress, 500};
    IkeEndpoint r{remote.addr, cfg.port};
    StartPhase1(peer, l, r, now);
    m_p1.back()->pending.push_back(selector);
}

void
Ikev1Engine::Receive(const IkeEndpoint& local,
                     const IkeEndpoint& remote,
                     const Bytes& message,
                     TimeNs now)
{
    IsakmpHeader h;
    IkeReason why = IkeReason::TRUNCATED;
    if (!DecodeIsakmpHeader(message, h, why))
    {
        Drop(why, "", now);
        return;
    }
    m_counters.Add("ike/rx");
    if (h.exchange == IkeExchange::IDENTITY_PROTECTION)
    {
        OnMainMode(local, remote, message, h, now);
        return;
    }
    Phase1* p1 = FindPhase1(h);
    if (h.exchange == IkeExchange::INFORMATIONAL && !(h.flags & kIsakmpFlagEncryption))
    {
        OnPlainInformational(message, now);
        return;
    }
    if (h.exchange != IkeExchange::QUICK_MODE && h.exchange != IkeExchange::INFORMATIONAL)
    {
        Drop(IkeReason::BAD_EXCHANGE, "", now);
        return;
    }
    if (!p1 || p1->state != IkeP1State::ESTABLISHED)
    {
        Drop(IkeReason::INVALID_COOKIE, "", now);
        return;
    }
    if (h.messageId == 0)
    {
        Drop(IkeReason::BAD_MESSAGE_ID, m_peers[p1->peer].name, now);
        return;
    }
    // RFC 3947 §4: a peer behind a NAT may change its mapping; follow it.
    p1->remote = remote;
    p1->local = local;
    if (h.exchange == IkeExchange::QUICK_MODE)
    {
        OnQuickMode(*p1, message, h, now);
    }
    else
    {
        OnInformational(*p1, message, h, now);
    }
}

void
Ikev1Engine::InboundTraffic(uint32_t spi, TimeNs now)
{
    for (const auto& sa : m_sas)
    {
        if (sa->dead || sa->inSpi != spi)
        {
            continue;
        }
        for (auto& p : m_p1)
        {
            if (!p->dead && p->ckyI == sa->ckyI)
            {
                p->lastSeen = now;
            }
        }
    }
}

std::vector<IkeAction>
Ikev1Engine::TakeActions()
{
    // Sweep what died since the last call (never while iterating).
    m_p1.erase(std::remove_if(m_p1.begin(), m_p1.end(),
                              [](const auto& p)
                              {
                                  return p->dead;
                              }),
               m_p1.end());
    m_sas.erase(std::remove_if(m_sas.begin(), m_sas.end(),
                               [](const auto& s)
                               {
                                   return s->dead;
                               }),
                m_sas.end());
    std::vector<IkeAction> out;
    out.swap(m_actions);
    return out;
}

std::string
Ikev1Engine::Ikev1DecryptionTable() const
{
    std::string out;
    for (const std::string& l : m_keyLines)
    {
        out += l + "\n";
    }
    return out;
}

// ---------------------------------------------------------------- informational

void
Ikev1Engine::SendInformational(Phase1& p1, const std::vector<IkeRawPayload>& pl, TimeNs now)
{
    IsakmpHeader h;
    h.icookie = p1.ckyI;
    h.rcookie = p1.ckyR;
    h.exchange = IkeExchange::INFORMATIONAL;
    h.messageId = m_rng.NextU32() | 1u;
    // RFC 2409 §5.7: HASH(1) = prf(SKEYID_a, M-ID | N/D).
    Bytes rest = EncodeIkePayloads(pl);
    Bytes hash = IkePrf(p1.hash->id, p1.keys.skeyidA, {IkeU32(h.messageId), rest});
    std::vector<IkeRawPayload> all{IkeRawPayload{IkePayload::HASH, hash}};
    all.insert(all.end(), pl.begin(), pl.end());
    Bytes iv = IkePhase2Iv(p1.hash->id, p1.lastBlock, h.messageId, p1.cipher->blockSize);
    Bytes dg;
    if (Encrypt(p1, h, all, iv, dg))
    {
        SendRaw(p1.local, p1.remote, dg);
    }
    (void)now;
}

void
Ikev1Engine::SendPlainNotify(const IsakmpHeader& in,
                             const IkeEndpoint& local,
                             const IkeEndpoint& remote,
                             uint16_t type)
{
    IkeMessage m;
    m.hdr.icookie = in.icookie;
    m.hdr.rcookie = in.rcookie;
    m.hdr.exchange = IkeExchange::INFORMATIONAL;
    m.hdr.messageId = m_rng.NextU32() | 1u;
    IkeNotify n;
    n.protocol = IkeProtocol::ISAKMP;
    n.type = type;
    Bytes spi(in.icookie.begin(), in.icookie.end());
    spi.insert(spi.end(), in.rcookie.begin(), in.rcookie.end());
    n.spi = spi;
    m.payloads.push_back(IkeRawPayload{IkePayload::NOTIFY, EncodeIkeNotify(n)});
    SendRaw(local, remote, EncodeIkeMessage(m));
    m_counters.Add("ike/tx-notify/" + IkeNotifyReason(type));
}

void
Ikev1Engine::OnPlainInformational(const Bytes& msg, TimeNs now)
{
    // An unauthenticated notify (no keys yet). Error types end a negotiation that is not
    // established: this is how a responder says NO-PROPOSAL-CHOSEN to message 1, or
    // INVALID-HASH-INFORMATION / PAYLOAD-MALFORMED to message 5 (RFC 2408 §5).
    // Established SAs ignore it (it could be forged).
    IkeMessage m;
    IkeReason why = IkeReason::TRUNCATED;
    if (!DecodeIkeMessage(msg, m, why))
    {
        Drop(why, "", now);
        return;
    }
    const IkeRawPayload* np = m.Find(IkePayload::NOTIFY);
    IkeNotify n;
    if (!np || !DecodeIkeNotify(np->body, n, why))
    {
        Drop(np ? why : IkeReason::MISSING_PAYLOAD, "", now);
        return;
    }
    for (auto& p : m_p1)
    {
        bool rcookieMatches = p->ckyR == m.hdr.rcookie || m.hdr.rcookie == std::array<uint8_t, 8>{};
        if (p->dead || p->ckyI != m.hdr.icookie || !rcookieMatches)
        {
            continue;
        }
        if (p->state == IkeP1State::ESTABLISHED || n.type >= 8192)
        {
            Drop(IkeReason::UNEXPECTED, m_peers[p->peer].name, now);
            return;
        }
        // Refused after our message 5, the first one encrypted with keys the pre-shared key
        // derives (RFC 2409 §5.4): the responder could not decrypt or verify it.
        const bool keyRefused = p->state == IkeP1State::I_MM5_SENT &&
                                (n.type == IkeNotifyType::PAYLOAD_MALFORMED ||
                                 n.type == IkeNotifyType::INVALID_HASH_INFORMATION ||
                                 n.type == IkeNotifyType::AUTHENTICATION_FAILED);
        Fail1(*p, IkeNotifyReason(n.type), now, keyRefused ? "psk-mismatch" : "");
        return;
    }
    Drop(IkeReason::INVALID_COOKIE, "", now);
}

void
Ikev1Engine::OnInformational(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, TimeNs now)
{
    const std::string& name = m_peers[p1.peer].name;
    Bytes iv = IkePhase2Iv(p1.hash->id, p1.lastBlock, h.messageId, p1.cipher->blockSize);
    std::vector<IkeRawPayload> pl;
    Bytes hash;
    Bytes rest;
    if (!DecryptHashed(p1, msg, h, iv, pl, hash, rest, now))
    {
        return;
    }
    Bytes want = IkePrf(p1.hash->id, p1.keys.skeyidA, {IkeU32(h.messageId), rest});
    if (hash.size() != want.size() || !EspIcvEqual(hash.data(), want.data(), want.size()))
    {
        Drop(IkeReason::BAD_HASH, name, now);
        return;
    }
    for (size_t i = 1; i < pl.size(); ++i)
    {
        IkeReason why = IkeReason::TRUNCATED;
        if (pl[i].type == IkePayload::NOTIFY)
        {
            IkeNotify n;
            if (!DecodeIkeNotify(pl[i].body, n, why))
            {
                Drop(why, name, now);
                continue;
            }
            HandleNotify(p1, n, now);
        }
        else if (pl[i].type == IkePayload::DELETE)
        {
            IkeDelete d;
            if (!DecodeIkeDelete(pl[i].body, d, why))
            {
                Drop(why, name, now);
                continue;
            }
            HandleDelete(p1, d, now);
        }
    }
}

void
Ikev1Engine::HandleNotify(Phase1& p1, const IkeNotify& n, TimeNs now)
{
    uint32_t seq = 0;
    for (size_t i = 0; i < n.data.size() && i < 4; ++i)
    {
        seq = (seq << 8) | n.data[i];
    }
    if (n.type == IkeNotifyType::R_U_THERE && n.data.size() == 4)
    {
        // RFC 3706 §5: answer with the same sequence number.
        IkeNotify ack;
        ack.protocol = IkeProtocol::ISAKMP;
        ack.spi = p1.Cookies();
        ack.type = IkeNotifyType::R_U_THERE_ACK;
        ack.data = n.data;
        SendInformational(p1, {IkeRawPayload{IkePayload::NOTIFY, EncodeIkeNotify(ack)}}, now);
        p1.lastSeen = now;
        m_counters.Add("ike/dpd-ack-sent");
    }
    else if (n.type == IkeNotifyType::R_U_THERE_ACK && n.data.size() == 4)
    {
        if (!p1.dpdOutstanding || seq != p1.dpdSeq)
        {
            Drop(IkeReason::UNEXPECTED, m_peers[p1.peer].name, now);
            return;
        }
        p1.dpdOutstanding = false;
        p1.dpdFailures = 0;
        p1.lastSeen = now;
        p1.dpdNext = now + m_peers[p1.peer].dpdInterval;
    }
    else
    {
        Event("ipsec/peer/" + m_peers[p1.peer].name, "notify", {{"type", IkeNotifyName(n.type)}},
              now);
    }
}

void
Ikev1Engine::HandleDelete(Phase1& p1, const IkeDelete& d, TimeNs now)
{
    if (d.protocol == IkeProtocol::ISAKMP)
    {
        // RFC 2408 §3.15: the ISAKMP SA goes; its IPsec SAs stay until they expire or are
        // deleted themselves (what strongSwan and RouterOS do).
        Event("ipsec/peer/" + m_peers[p1.peer].name, "deleted", {{"sa", "isakmp"}}, now);
        RemovePhase1(&p1);
        return;
    }
    for (const Bytes& s : d.spis)
    {
        if (s.size() != 4)
        {
            continue;
        }
        uint32_t spi =
            (uint32_t{s[0]} << 24) | (uint32_t{s[1]} << 16) | (uint32_t{s[2]} << 8) | s[3];
        for (auto& sa : m_sas)
        {
            // The pair may belong to an ISAKMP SA this one replaced (phase 1 rekey): the same
            // peer as seen is enough; SPIs are ours to tell apart.
            if (!sa->dead && sa->outSpi == spi && sa->peer == m_peers[p1.peer].name &&
                sa->remoteAddr == p1.remote.addr)
            {
                RemoveSa(*sa, false, "peer-delete", now);
            }
        }
    }
}

void
Ikev1Engine::RemoveSa(InstalledSa& sa, bool notifyPeer, const std::string& why, TimeNs now)
{
    sa.dead = true;
    for (bool inbound : {true, false})
    {
        IkeAction a;
        a.kind = IkeAction::Kind::DELETE_SA;
        a.spi = inbound ? sa.inSpi : sa.outSpi;
        a.inbound = inbound;
        m_actions.push_back(a);
        char hex[16];
        std::snprintf(hex, sizeof(hex), "%08x", a.spi);
        Event(std::string("ipsec/sa/") + hex, "deleted",
              {{"peer", sa.peer}, {"reason", why}, {"direction", inbound ? "in" : "out"}}, now);
    }
    if (!notifyPeer)
    {
        return;
    }
    if (Phase1* p = LivePhase1For(sa))
    {
        // RFC 2408 §3.15: our inbound SPI, so the peer removes its outbound SA.
        IkeDelete d;
        d.protocol = IkeProtocol::IPSEC_ESP;
        d.spis.push_back(IkeU32(sa.inSpi));
        SendInformational(*p, {IkeRawPayload{IkePayload::DELETE, EncodeIkeDelete(d)}}, now);
    }
}

// ---------------------------------------------------------------- timers

TimeNs
Ikev1Engine::NextDeadline() const
{
    TimeNs t = kNever;
    for (const auto& p : m_p1)
    {
        if (p->dead)
        {
            continue;
        }
        t = std::min({t, p->rtx.next, p->dpdNext, p->expires, p->rekeyAt});
        for (const auto& q : p->qm)
        {
            t = std::min(t, q->rtx.next);
        }
    }
    for (const auto& sa : m_sas)
    {
        if (!sa->dead)
        {
            t = std::min({t, sa->expires, sa->softAt, sa->deleteAt});
        }
    }
    return t;
}

bool
Ikev1Engine::TimerRetransmit(Phase1& p1, Phase2* p2, TimeNs now)
{
    IkeRtx& r = p2 ? p2->rtx : p1.rtx;
    if (r.next > now)
    {
        return true;
    }
    if (r.sent >= m_rtxPolicy.tries)
    {
        r.next = kNever;
        return false;
    }
    ++r.sent;
    r.wait = static_cast<TimeNs>(std::llround(static_cast<double>(r.wait) * m_rtxPolicy.factor));
    r.next = now + r.wait;
    SendRaw(r.local, r.remote, r.dg);
    m_counters.Add("ike/retransmit");
    Event("ipsec/peer/" + m_peers[p1.peer].name, "retransmit",
          {{"exchange", p2 ? "quick" : "main"}, {"try", std::to_string(r.sent)}}, now);
    return true;
}

void
Ikev1Engine::TimerDpd(Phase1& p1, TimeNs now)
{
    const IkePeerConfig& cfg = m_peers[p1.peer];
    if (p1.dpdNext > now)
    {
        return;
    }
    if (p1.dpdOutstanding)
    {
        ++p1.dpdFailures;
        if (p1.dpdFailures >= cfg.dpdMaximumFailures)
        {
            Event("ipsec/peer/" + cfg.name, "dpd-timeout",
                  {{"failures", std::to_string(p1.dpdFailures)}}, now);
            m_counters.Add("ike/dpd-timeout");
            for (auto& sa : m_sas)
            {
                if (!sa->dead && sa->ckyI == p1.ckyI)
                {
                    RemoveSa(*sa, false, "dpd-timeout", now);
                }
            }
            RemovePhase1(&p1);
            return;
        }
    }
    else if (now - p1.lastSeen < cfg.dpdInterval)
    {
        p1.dpdNext = p1.lastSeen + cfg.dpdInterval;
        return;
    }
    IkeNotify n;
    n.protocol = IkeProtocol::ISAKMP;
    n.spi = p1.Cookies();
    n.type = IkeNotifyType::R_U_THERE;
    n.data = IkeU32(++p1.dpdSeq);
    SendInformational(p1, {IkeRawPayload{IkePayload::NOTIFY, EncodeIkeNotify(n)}}, now);
    m_counters.Add("ike/dpd-r-u-there");
    p1.dpdOutstanding = true;
    p1.dpdNext = now + cfg.dpdInterval;
}

void
Ikev1Engine::TimerPhase1(Phase1& p1, TimeNs now)
{
    if (!TimerRetransmit(p1, nullptr, now))
    {
        if (p1.state == IkeP1State::ESTABLISHED)
        {
            p1.rtx.next = kNever; // the last MM6/answer: nothing more to do
        }
        else
        {
            Fail1(p1, "timeout", now);
            return;
        }
    }
    for (auto& q : p1.qm)
    {
        if (q->state != IkeP2State::DONE && !TimerRetransmit(p1, q.get(), now))
        {
            Event("ipsec/peer/" + m_peers[p1.peer].name, "phase2-failed", {{"reason", "timeout"}},
                  now);
            q->state = IkeP2State::DONE;
        }
    }
    if (p1.expires <= now)
    {
        Event("ipsec/peer/" + m_peers[p1.peer].name, "deleted",
              {{"sa", "isakmp"}, {"reason", p1.replaced ? "rekeyed" : "lifetime"}}, now);
        IkeDelete d;
        d.protocol = IkeProtocol::ISAKMP;
        d.spiSize = 16;
        d.spis.push_back(p1.Cookies());
        SendInformational(p1, {IkeRawPayload{IkePayload::DELETE, EncodeIkeDelete(d)}}, now);
        RemovePhase1(&p1);
        return;
    }
    if (p1.state == IkeP1State::ESTABLISHED && p1.rekeyAt <= now)
    {
        RekeyPhase1(p1, now);
    }
    if (p1.state == IkeP1State::ESTABLISHED && p1.peerDpd && m_peers[p1.peer].dpdInterval != kNever)
    {
        TimerDpd(p1, now);
    }
}

void
Ikev1Engine::TimerSas(TimeNs now)
{
    for (size_t i = 0; i < m_sas.size(); ++i)
    {
        InstalledSa& sa = *m_sas[i];
        if (sa.dead)
        {
            continue;
        }
        if (sa.deleteAt <= now)
        {
            RemoveSa(sa, true, "rekeyed", now); // replaced kRekeyDeleteDelay ago
        }
        else if (sa.expires <= now)
        {
            RemoveSa(sa, true, "lifetime", now);
        }
        else if (sa.softAt <= now)
        {
            RekeySa(sa, "time", now); // RFC 4301 §4.4.2.1: the soft lifetime
        }
    }
}

void
Ikev1Engine::OnTimer(TimeNs now)
{
    size_t n = m_p1.size(); // phase 1s started from here wait for the next call
    for (size_t i = 0; i < n; ++i)
    {
        if (!m_p1[i]->dead)
        {
            TimerPhase1(*m_p1[i], now);
        }
    }
    TimerSas(now);
}

} // namespace ns3
