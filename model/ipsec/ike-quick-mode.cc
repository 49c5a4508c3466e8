// Ikev1Engine, phase 2: quick mode (RFC 2409 §5.5) for transport-mode ESP protecting L2TP
// (RFC 3193 §4: UDP 1701 host selectors), with PFS, NAT-T encapsulation modes and NAT-OA
// (RFC 3947 §5).
//
//   Initiator                                   Responder
//   HDR*, HASH(1), SA, Ni [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr]  -->
//                 <--  HDR*, HASH(2), SA, Nr [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr]
//   HDR*, HASH(3)                                -->
//
//   HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [ | KE ] [ | IDci | IDcr ])   (everything after HASH)
//   HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [ | KE ] [ | IDci | IDcr ])
//   HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)
#include "model/ipsec/esp.h"
#include "model/ipsec/ike-engine-state.h"

#include <algorithm>
#include <cstdio>

namespace ns3
{

namespace
{

constexpr size_t kNonceLen = 32;    //!< our nonces
constexpr size_t kDhSecretLen = 32; //!< PFS exponent octets

/** \brief Authentication Algorithm attribute (RFC 2407 §4.5; 5 = HMAC-SHA2-256, RFC 4868). */
uint16_t
AuthAttr(EspIntegrity i)
{
    return i == EspIntegrity::HMAC_SHA256_128 ? 5 : 2;
}

bool
IntegFromAttr(uint32_t v, EspIntegrity& out)
{
    if (v == 2)
    {
        out = EspIntegrity::HMAC_SHA1_96;
        return true;
    }
    if (v == 5)
    {
        out = EspIntegrity::HMAC_SHA256_128;
        return true;
    }
    return false;
}

uint32_t
SpiOf(const Bytes& b)
{
    return b.size() == 4
               ? (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3]
               : 0;
}

/** \brief The phase 2 transform described by one Transform payload; false if not usable. */
bool
ReadTransform(const IkeTransform& t, Ikev1Engine::Phase2& p2, TimeNs defaultLife)
{
    uint32_t keyBits = 0;
    uint32_t auth = 0;
    uint32_t encap = IkeEncap::TRANSPORT;
    uint32_t group = 0;
    uint32_t seconds = 0;
    uint64_t kbytes = 0;
    t.Get(IkeP2Attr::KEY_LEN, keyBits);
    t.Get(IkeP2Attr::ENCAP, encap);
    t.Get(IkeP2Attr::GROUP, group);
    // RFC 2407 §4.5: each SA Life Duration follows the SA Life Type it measures (1 = seconds,
    // 2 = kilobytes); both may be present. Without a type, seconds.
    uint32_t lifeType = 1;
    for (const IkeAttribute& a : t.attrs)
    {
        if (a.type == IkeP2Attr::LIFE_TYPE)
        {
            lifeType = a.value;
        }
        else if (a.type == IkeP2Attr::LIFE && lifeType == 1)
        {
            seconds = a.value;
        }
        else if (a.type == IkeP2Attr::LIFE && lifeType == 2)
        {
            kbytes = a.value;
        }
    }
    const IkeCipherInfo* c = FindIkeCipherByEsp(t.id, keyBits);
    EspIntegrity integ = EspIntegrity::NONE;
    if (!c || !t.Get(IkeP2Attr::AUTH, auth) || !IntegFromAttr(auth, integ) ||
        (group != 0 && !FindIkeGroupById(group)))
    {
        return false;
    }
    if (encap != IkeEncap::TRANSPORT && encap != IkeEncap::UDP_TRANSPORT &&
        encap != IkeEncap::UDP_TRANSPORT_DRAFT)
    {
        return false; // tunnel mode is not what L2TP/IPsec uses (RFC 3193 §4)
    }
    p2.cipher = c;
    p2.integ = integ;
    p2.encap = static_cast<uint16_t>(encap);
    p2.pfsGroup = static_cast<uint16_t>(group);
    p2.lifetime = seconds != 0 ? seconds * kSec : defaultLife;
    p2.lifebytes = kbytes * 1024;
    return true;
}

} // namespace

IkeSa
Ikev1Engine::BuildPhase2Offer(const Phase1& p1, uint32_t spi) const
{
    const IkePhase2Proposal& cfg = m_peers[p1.peer].phase2.front();
    const IkeGroupInfo* pfs = FindIkeGroup(cfg.pfsGroup);
    uint16_t encap = IkeEncap::TRANSPORT;
    if (p1.Natted())
    {
        encap = p1.peerRfcNatt ? IkeEncap::UDP_TRANSPORT : IkeEncap::UDP_TRANSPORT_DRAFT;
    }
    IkeProposal p;
    p.protocol = IkeProtocol::IPSEC_ESP;
    p.spi = IkeU32(spi);
    uint8_t number = 1;
    for (EspCipher e : cfg.enc)
    {
        const IkeCipherInfo* c = FindIkeCipherByEspCipher(e);
        for (EspIntegrity a : cfg.auth)
        {
            if (!c || a == EspIntegrity::NONE)
            {
                continue; // AES-GCM and encryption-only SAs are not offered in IKEv1 here
            }
            IkeTransform t;
            t.number = number++;
            t.id = c->espTransform;
            t.attrs.push_back(IkeAttr(IkeP2Attr::LIFE_TYPE, 1));
            t.attrs.push_back(IkeAttr(IkeP2Attr::LIFE, static_cast<uint32_t>(cfg.lifetime / kSec)));
            if (cfg.lifebytes != 0)
            {
                // RFC 2407 §4.5: a second SA Life Type / Duration pair, in kilobytes.
                t.attrs.push_back(IkeAttr(IkeP2Attr::LIFE_TYPE, 2));
                t.attrs.push_back(
                    IkeAttr(IkeP2Attr::LIFE, static_cast<uint32_t>((cfg.lifebytes + 1023) / 1024)));
            }
            t.attrs.push_back(IkeAttr(IkeP2Attr::ENCAP, encap));
            t.attrs.push_back(IkeAttr(IkeP2Attr::AUTH, AuthAttr(a)));
            if (c->keyBits != 0)
            {
                t.attrs.push_back(IkeAttr(IkeP2Attr::KEY_LEN, c->keyBits));
            }
            if (pfs)
            {
                t.attrs.push_back(IkeAttr(IkeP2Attr::GROUP, pfs->id));
            }
            p.transforms.push_back(t);
        }
    }
    IkeSa sa;
    sa.proposals.push_back(p);
    return sa;
}

bool
Ikev1Engine::ChoosePhase2(const Phase1& p1, const IkeSa& offer, Phase2& p2, IkeSa& chosen) const
{
    // The responder takes the first offered transform one of its proposals allows. A PFS group
    // offered is accepted when known (RouterOS and strongSwan as responders follow the
    // initiator); no PFS offered is accepted too.
    for (const IkeProposal& p : offer.proposals)
    {
        if (p.protocol != IkeProtocol::IPSEC_ESP || p.spi.size() != 4)
        {
            continue;
        }
        for (const IkeTransform& t : p.transforms)
        {
            for (const IkePhase2Proposal& cfg : m_peers[p1.peer].phase2)
            {
                if (!ReadTransform(t, p2, cfg.lifetime) ||
                    std::find(cfg.enc.begin(), cfg.enc.end(), p2.cipher->cbc) == cfg.enc.end() ||
                    std::find(cfg.auth.begin(), cfg.auth.end(), p2.integ) == cfg.auth.end())
                {
                    continue;
                }
                p2.peerSpi = SpiOf(p.spi);
                IkeProposal one = p;
                one.spi = IkeU32(p2.ourSpi);
                one.transforms = {t};
                chosen = IkeSa{};
                chosen.proposals = {one};
                return true;
            }
        }
    }
    return false;
}

bool
Ikev1Engine::ReadChosenPhase2(const Phase1& p1, const IkeSa& sa, Phase2& p2) const
{
    if (sa.proposals.size() != 1 || sa.proposals[0].transforms.size() != 1 ||
        sa.proposals[0].protocol != IkeProtocol::IPSEC_ESP || sa.proposals[0].spi.size() != 4)
    {
        return false;
    }
    const IkePhase2Proposal& cfg = m_peers[p1.peer].phase2.front();
    uint16_t offeredGroup = p2.pfsGroup;
    if (!ReadTransform(sa.proposals[0].transforms[0], p2, cfg.lifetime) ||
        std::find(cfg.enc.begin(), cfg.enc.end(), p2.cipher->cbc) == cfg.enc.end() ||
        std::find(cfg.auth.begin(), cfg.auth.end(), p2.integ) == cfg.auth.end() ||
        (p2.pfsGroup != 0 && p2.pfsGroup != offeredGroup))
    {
        return false;
    }
    p2.peerSpi = SpiOf(sa.proposals[0].spi);
    return true;
}

std::vector<IkeRawPayload>
Ikev1Engine::Phase2Tail(Phase1& p1, Phase2& p2, const IkeSa& sa)
{
    std::vector<IkeRawPayload> v{IkeRawPayload{IkePayload::SA, EncodeIkeSa(sa)},
                                 IkeRawPayload{IkePayload::NONCE, p2.initiator ? p2.ni : p2.nr}};
    if (p2.dh)
    {
        v.push_back(IkeRawPayload{IkePayload::KE, p2.dh->PublicValue()});
    }
    if (p2.initiator)
    {
        // RFC 3193 §4 / RFC 2409 §5.5: host selectors, UDP, port 1701 (or the selector's).
        IkeId ci;
        ci.protocol = p2.sel.protocol;
        ci.port = p2.sel.localPort;
        IkeParseIpv4(p1.localId, ci.data);
        IkeId cr;
        cr.protocol = p2.sel.protocol;
        cr.port = p2.sel.remotePort;
        IkeParseIpv4(p1.remote.addr, cr.data);
        p2.idci = EncodeIkeId(ci);
        p2.idcr = EncodeIkeId(cr);
    }
    if (!p2.idci.empty())
    {
        v.push_back(IkeRawPayload{IkePayload::ID, p2.idci});
        v.push_back(IkeRawPayload{IkePayload::ID, p2.idcr});
    }
    if (p1.Natted())
    {
        // RFC 3947 §5.2: transport mode sends the original addresses: NAT-OAi (initiator's),
        // then NAT-OAr (responder's), each as its sender knows them.
        Bytes mine;
        Bytes theirs;
        IkeParseIpv4(p1.localId, mine);
        IkeParseIpv4(p1.remote.addr, theirs);
        v.push_back(IkeRawPayload{p1.NatOaType(), EncodeIkeNatOa(p2.initiator ? mine : theirs)});
        v.push_back(IkeRawPayload{p1.NatOaType(), EncodeIkeNatOa(p2.initiator ? theirs : mine)});
    }
    return v;
}

bool
Ikev1Engine::ReadPhase2Tail(Phase1& p1,
                            Phase2& p2,
                            const std::vector<IkeRawPayload>& pl,
                            TimeNs now)
{
    const std::string& name = m_peers[p1.peer].name;
    const IkeRawPayload* nonce = nullptr;
    const IkeRawPayload* ke = nullptr;
    std::vector<const IkeRawPayload*> ids;
    std::vector<const IkeRawPayload*> oas;
    for (const IkeRawPayload& p : pl)
    {
        nonce = (!nonce && p.type == IkePayload::NONCE) ? &p : nonce;
        ke = (!ke && p.type == IkePayload::KE) ? &p : ke;
        if (p.type == IkePayload::ID)
        {
            ids.push_back(&p);
        }
        if (p.type == IkePayload::NAT_OA || p.type == IkePayload::NAT_OA_DRAFT)
        {
            oas.push_back(&p);
        }
    }
    IkeReason why = IkeReason::MISSING_PAYLOAD;
    IkeId ci;
    IkeId cr;
    Bytes oa;
    bool ok =
        nonce && (p2.pfsGroup == 0 || ke) && (ids.empty() || ids.size() == 2) &&
        (ids.empty() || (DecodeIkeId(ids[0]->body, ci, why) && DecodeIkeId(ids[1]->body, cr, why)));
    ok = ok &&
         (oas.empty() || DecodeIkeNatOa(oas[p2.initiator ? oas.size() - 1 : 0]->body, oa, why));
    if (ok && (nonce->body.size() < 8 || nonce->body.size() > 256))
    {
        ok = false;
        why = IkeReason::BAD_NONCE;
    }
    if (ok && p2.pfsGroup != 0)
    {
        if (!p2.dh)
        {
            p2.dh = std::make_unique<IkeDh>(p2.pfsGroup, Random(kDhSecretLen));
        }
        ok = p2.dh->Shared(ke->body, p2.gqmxy);
        why = ok ? why : IkeReason::BAD_KE;
    }
    if (!ok)
    {
        Drop(why, name, now);
        return false;
    }
    (p2.initiator ? p2.nr : p2.ni) = nonce->body;
    p2.peerOa = oa.empty() ? "" : IkeFormatIpv4(oa);
    if (!p2.initiator)
    {
        p2.idci = ids.empty() ? Bytes{} : ids[0]->body;
        p2.idcr = ids.empty() ? Bytes{} : ids[1]->body;
        p2.sel = ids.empty() ? IkeSelector{0, 0, 0} : IkeSelector{ci.protocol, cr.port, ci.port};
    }
    return true;
}

Bytes
Ikev1Engine::Phase2Hash(const Phase1& p1, uint32_t mid, const Bytes& a, const Bytes& b) const
{
    return IkePrf(p1.hash->id, p1.keys.skeyidA, {IkeU32(mid), a, b});
}

bool
Ikev1Engine::DecryptHashed(Phase1& p1,
                           const Bytes& msg,
                           const IsakmpHeader& h,
                           Bytes& iv,
                           std::vector<IkeRawPayload>& pl,
                           Bytes& hash,
                           Bytes& rest,
                           TimeNs now)
{
    const std::string& name = m_peers[p1.peer].name;
    Bytes plain;
    IkeReason why = IkeReason::BAD_ENCRYPTION;
    if (!Decrypt(p1, msg, h, iv, plain) ||
        !DecodeIkePayloads(plain.data(), plain.size(), h.nextPayload, true, pl, why))
    {
        Drop(why, name, now);
        return false;
    }
    if (pl.empty() || pl[0].type != IkePayload::HASH)
    {
        Drop(IkeReason::MISSING_PAYLOAD, name, now);
        return false;
    }
    hash = pl[0].body;
    size_t end = 0;
    for (const IkeRawPayload& p : pl)
    {
        end += kIkeGenericHeaderLen + p.body.size();
    }
    size_t start = kIkeGenericHeaderLen + hash.size();
    rest.assign(plain.begin() + static_cast<long>(start), plain.begin() + static_cast<long>(end));
    return true;
}

void
Ikev1Engine::StartQuickMode(Phase1& p1, const IkeSelector& sel, TimeNs now)
{
    auto p2 = std::make_unique<Phase2>();
    p2->initiator = true;
    p2->mid = m_rng.NextU32() | 1u;
    p2->iv = IkePhase2Iv(p1.hash->id, p1.lastBlock, p2->mid, p1.cipher->blockSize);
    p2->ourSpi = NewSpi();
    p2->ni = Random(kNonceLen);
    p2->sel = sel;
    p2->reqid = m_nextReqid++;
    p2->created = now;
    const IkeGroupInfo* pfs = FindIkeGroup(m_peers[p1.peer].phase2.front().pfsGroup);
    if (pfs)
    {
        p2->pfsGroup = pfs->id;
        p2->dh = std::make_unique<IkeDh>(pfs->id, Random(kDhSecretLen));
    }
    std::vector<IkeRawPayload> tail = Phase2Tail(p1, *p2, BuildPhase2Offer(p1, p2->ourSpi));
    Bytes hash1 = Phase2Hash(p1, p2->mid, EncodeIkePayloads(tail), {});
    std::vector<IkeRawPayload> all{IkeRawPayload{IkePayload::HASH, hash1}};
    all.insert(all.end(), tail.begin(), tail.end());
    IsakmpHeader h;
    h.icookie = p1.ckyI;
    h.rcookie = p1.ckyR;
    h.exchange = IkeExchange::QUICK_MODE;
    h.messageId = p2->mid;
    Bytes dg;
    if (!Encrypt(p1, h, all, p2->iv, dg))
    {
        return;
    }
    SendRaw(p1.local, p1.remote, dg);
    p2->rtx = IkeRtx{dg, p1.local, p1.remote, 0, now + m_rtxPolicy.first, m_rtxPolicy.first};
    p2->state = IkeP2State::I_QM1_SENT;
    p1.qm.push_back(std::move(p2));
}

void
Ikev1Engine::OnQuickMode(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, TimeNs now)
{
    for (auto& q : p1.qm)
    {
        if (q->mid != h.messageId)
        {
            continue;
        }
        if (msg == q->lastRx)
        {
            SendRaw(p1.local, p1.remote, q->rtx.dg);
            m_counters.Add("ike/duplicate");
        }
        else if (q->initiator && q->state == IkeP2State::I_QM1_SENT)
        {
            OnQm2(p1, *q, msg, h, now);
        }
        else if (!q->initiator && q->state == IkeP2State::R_QM2_SENT)
        {
            OnQm3(p1, *q, msg, h, now);
        }
        else
        {
            Drop(IkeReason::UNEXPECTED, m_peers[p1.peer].name, now);
        }
        return;
    }
    OnQm1(p1, msg, h, now);
}

void
Ikev1Engine::OnQm1(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, TimeNs now)
{
    const std::string& name = m_peers[p1.peer].name;
    auto p2 = std::make_unique<Phase2>();
    p2->initiator = false;
    p2->mid = h.messageId;
    p2->iv = IkePhase2Iv(p1.hash->id, p1.lastBlock, p2->mid, p1.cipher->blockSize);
    p2->created = now;
    std::vector<IkeRawPayload> pl;
    Bytes hash;
    Bytes rest;
    if (!DecryptHashed(p1, msg, h, p2->iv, pl, hash, rest, now))
    {
        return;
    }
    Bytes want = Phase2Hash(p1, p2->mid, rest, {});
    if (hash.size() != want.size() || !EspIcvEqual(hash.data(), want.data(), want.size()))
    {
        Drop(IkeReason::BAD_HASH, name, now);
        return;
    }
    const IkeRawPayload* sp = nullptr;
    for (const IkeRawPayload& p : pl)
    {
        sp = (!sp && p.type == IkePayload::SA) ? &p : sp;
    }
    IkeSa offer;
    IkeSa chosen;
    IkeReason why = IkeReason::MISSING_PAYLOAD;
    p2->ourSpi = NewSpi();
    if (!sp || !DecodeIkeSa(sp->body, offer, why))
    {
        Drop(why, name, now);
        return;
    }
    if (!ChoosePhase2(p1, offer, *p2, chosen))
    {
        Drop(IkeReason::NO_PROPOSAL, name, now);
        IkeNotify n;
        n.protocol = IkeProtocol::IPSEC_ESP;
        n.type = IkeNotifyType::NO_PROPOSAL_CHOSEN;
        SendInformational(p1, {IkeRawPayload{IkePayload::NOTIFY, EncodeIkeNotify(n)}}, now);
        Event("ipsec/peer/" + name, "phase2-failed", {{"reason", "no-proposal-chosen"}}, now);
        return;
    }
    if (!ReadPhase2Tail(p1, *p2, pl, now))
    {
        return;
    }
    p2->nr = Random(kNonceLen);
    p2->reqid = m_nextReqid++;
    std::vector<IkeRawPayload> tail = Phase2Tail(p1, *p2, chosen);
    Bytes hash2 = Phase2Hash(p1, p2->mid, p2->ni, EncodeIkePayloads(tail));
    std::vector<IkeRawPayload> all{IkeRawPayload{IkePayload::HASH, hash2}};
    all.insert(all.end(), tail.begin(), tail.end());
    IsakmpHeader oh = h;
    oh.flags = 0;
    Bytes dg;
    if (!Encrypt(p1, oh, all, p2->iv, dg))
    {
        return;
    }
    SendRaw(p1.local, p1.remote, dg);
    p2->rtx = IkeRtx{dg, p1.local, p1.remote, 0, now + m_rtxPolicy.first, m_rtxPolicy.first};
    p2->lastRx = msg;
    p2->state = IkeP2State::R_QM2_SENT;
    p1.qm.push_back(std::move(p2));
}

void
Ikev1Engine::OnQm2(Phase1& p1, Phase2& p2, const Bytes& msg, const IsakmpHeader& h, TimeNs now)
{
    const std::string& name = m_peers[p1.peer].name;
    std::vector<IkeRawPayload> pl;
    Bytes hash;
    Bytes rest;
    Bytes iv = p2.iv;
    if (!DecryptHashed(p1, msg, h, iv, pl, hash, rest, now))
    {
        return;
    }
    Bytes want = Phase2Hash(p1, p2.mid, p2.ni, rest);
    if (hash.size() != want.size() || !EspIcvEqual(hash.data(), want.data(), want.size()))
    {
        Drop(IkeReason::BAD_HASH, name, now);
        return;
    }
    const IkeRawPayload* sp = nullptr;
    for (const IkeRawPayload& p : pl)
    {
        sp = (!sp && p.type == IkePayload::SA) ? &p : sp;
    }
    IkeSa sa;
    IkeReason why = IkeReason::MISSING_PAYLOAD;
    if (!sp || !DecodeIkeSa(sp->body, sa, why) || !ReadChosenPhase2(p1, sa, p2))
    {
        Drop(sp ? IkeReason::NO_PROPOSAL : why, name, now);
        return;
    }
    if (p2.pfsGroup == 0)
    {
        p2.dh.reset();
    }
    if (!ReadPhase2Tail(p1, p2, pl, now))
    {
        return;
    }
    p2.iv = iv;
    const uint8_t zero = 0;
    Bytes hash3 =
        IkePrf(p1.hash->id, p1.keys.skeyidA, {ByteSpan(&zero, 1), IkeU32(p2.mid), p2.ni, p2.nr});
    IsakmpHeader oh = h;
    oh.flags = 0;
    Bytes dg;
    if (!Encrypt(p1, oh, {IkeRawPayload{IkePayload::HASH, hash3}}, p2.iv, dg))
    {
        return;
    }
    SendRaw(p1.local, p1.remote, dg);
    p2.rtx = IkeRtx{dg, p1.local, p1.remote, 0, kNever, 0};
    p2.lastRx = msg;
    p2.state = IkeP2State::DONE;
    InstallPair(p1, p2, now);
}

void
Ikev1Engine::OnQm3(Phase1& p1, Phase2& p2, const Bytes& msg, const IsakmpHeader& h, TimeNs now)
{
    std::vector<IkeRawPayload> pl;
    Bytes hash;
    Bytes rest;
    Bytes iv = p2.iv;
    if (!DecryptHashed(p1, msg, h, iv, pl, hash, rest, now))
    {
        return;
    }
    const uint8_t zero = 0;
    Bytes want =
        IkePrf(p1.hash->id, p1.keys.skeyidA, {ByteSpan(&zero, 1), IkeU32(p2.mid), p2.ni, p2.nr});
    if (hash.size() != want.size() || !EspIcvEqual(hash.data(), want.data(), want.size()))
    {
        Drop(IkeReason::BAD_HASH, m_peers[p1.peer].name, now);
        return;
    }
    p2.iv = iv;
    p2.rtx.next = kNever;
    p2.lastRx = msg;
    p2.state = IkeP2State::DONE;
    InstallPair(p1, p2, now);
}

void
Ikev1Engine::InstallPair(Phase1& p1, Phase2& p2, TimeNs now)
{
    const IkePeerConfig& cfg = m_peers[p1.peer];
    const EspIntegrityInfo& ii = GetEspIntegrityInfo(p2.integ);
    size_t len = static_cast<size_t>(p2.cipher->keyLen) + ii.keyLen;
    bool encap = p2.encap != IkeEncap::TRANSPORT;
    for (bool inbound : {true, false})
    {
        uint32_t spi = inbound ? p2.ourSpi : p2.peerSpi;
        // RFC 2409 §5.5: each direction's keys come from its own SPI (the receiver's choice).
        Bytes km = IkeQuickModeKeymat(p1.hash->id, p1.keys.skeyidD, p2.gqmxy,
                                      IkeProtocol::IPSEC_ESP, spi, p2.ni, p2.nr, len);
        IkeAction a;
        a.kind = IkeAction::Kind::INSTALL_SA;
        IkeSaInstall& s = a.sa;
        s.inbound = inbound;
        s.esp.spi = spi;
        s.esp.cipher = p2.cipher->cbc;
        s.esp.integrity = p2.integ;
        s.esp.encKey.assign(km.begin(), km.begin() + p2.cipher->keyLen);
        s.esp.authKey.assign(km.begin() + p2.cipher->keyLen, km.end());
        s.esp.lifetime.hardTime = p2.lifetime;
        s.esp.lifetime.softTime = p2.lifetime - p2.lifetime / 10;
        s.esp.lifetime.hardBytes = p2.lifebytes;
        s.esp.lifetime.softBytes = p2.lifebytes - p2.lifebytes / 10;
        s.esp.src = inbound ? p1.remote.addr : p1.local.addr;
        s.esp.dst = inbound ? p1.local.addr : p1.remote.addr;
        s.esp.udpEncap = encap;
        s.esp.ivSeed = m_rng.Next() | 1u;
        s.local = p1.local;
        s.remote = p1.remote;
        s.udpEncap = encap;
        s.peerOriginalAddress = p2.peerOa.empty() && p1.natRemote ? p1.peerId : p2.peerOa;
        s.selector = p2.sel;
        s.peer = cfg.name;
        s.reqid = p2.reqid;
        m_actions.push_back(std::move(a));
    }
    auto sa = std::make_unique<InstalledSa>();
    sa->ckyI = p1.ckyI;
    sa->peer = cfg.name;
    sa->remoteAddr = p1.remote.addr;
    sa->remotePort = p1.remote.port;
    sa->localAddr = p1.local.addr;
    sa->peerId = p1.peerId;
    sa->sel = p2.sel;
    sa->initiator = p2.initiator;
    sa->inSpi = p2.ourSpi;
    sa->outSpi = p2.peerSpi;
    sa->expires = now + p2.lifetime;
    sa->softAt = RekeyTime(now, p2.lifetime, p2.initiator, cfg.passive);
    m_sas.push_back(std::move(sa));
    m_counters.Add("ike/phase2-established");
    Event("ipsec/peer/" + cfg.name, "phase2-established",
          {{"role", p2.initiator ? "initiator" : "responder"},
           {"spi-in", SpiHex(p2.ourSpi)},
           {"spi-out", SpiHex(p2.peerSpi)},
           {"enc", GetEspCipherInfo(p2.cipher->cbc).routerOs},
           {"auth", ii.routerOs},
           {"pfs", p2.pfsGroup != 0 ? std::to_string(p2.pfsGroup) : "none"},
           {"encap", encap ? "udp" : "none"},
           {"reqid", std::to_string(p2.reqid)}},
          now);
    Supersede(*m_sas.back(), now);
}

} // namespace ns3
