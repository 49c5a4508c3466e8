// Ikev1Engine, phase 1: main mode with a pre-shared key (RFC 2409 §5, §5.4) and NAT-T
// discovery (RFC 3947 §3, §4).
//
//   Initiator                          Responder
//   HDR, SA, VID...             -->                                 (MM1)
//                               <--    HDR, SA, VID...              (MM2)
//   HDR, KE, Ni, NAT-D, NAT-D   -->                                 (MM3)
//                               <--    HDR, KE, Nr, NAT-D, NAT-D    (MM4)
//   HDR*, IDii, HASH_I [, N]    -->    (UDP 4500 from here when a NAT was found)  (MM5)
//                               <--    HDR*, IDir, HASH_R           (MM6)
#include "model/ipsec/ike-engine-state.h"

#include <algorithm>

namespace ns3
{

namespace
{

constexpr size_t kNonceLen = 32;    //!< our nonces (RFC 2409 §5: 8..256; strongSwan sends 32)
constexpr size_t kDhSecretLen = 32; //!< DH exponent octets (256 bits)

bool
Contains(const std::vector<std::string>& v, const std::string& s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

bool
IsZero(const std::array<uint8_t, 8>& c)
{
    return std::all_of(c.begin(), c.end(),
                       [](uint8_t b)
                       {
                           return b == 0;
                       });
}

Bytes
VidBytes(size_t row)
{
    size_t n = 0;
    const IkeVendorIdInfo* t = IkeVendorIdTable(n);
    Bytes b;
    FromHex(t[row].hex, b);
    return b;
}

} // namespace

IkeSa
Ikev1Engine::BuildPhase1Offer(const IkePeerConfig& cfg) const
{
    IkeProposal p;
    p.protocol = IkeProtocol::ISAKMP;
    uint8_t number = 1;
    uint32_t life = static_cast<uint32_t>(cfg.lifetime / kSec);
    for (const std::string& e : cfg.enc)
    {
        for (const std::string& hs : cfg.hash)
        {
            for (const std::string& g : cfg.dhGroup)
            {
                const IkeCipherInfo* c = FindIkeCipher(e);
                const IkeHashInfo* h = FindIkeHash(hs);
                const IkeGroupInfo* gr = FindIkeGroup(g);
                if (!c || !h || !gr)
                {
                    continue;
                }
                IkeTransform t;
                t.number = number++;
                t.id = 1; // KEY_IKE (RFC 2407 §4.4.2)
                t.attrs.push_back(IkeAttr(IkeP1Attr::ENC, c->attr));
                if (c->keyBits != 0)
                {
                    t.attrs.push_back(IkeAttr(IkeP1Attr::KEY_LEN, c->keyBits));
                }
                t.attrs.push_back(IkeAttr(IkeP1Attr::HASH, static_cast<uint32_t>(h->id)));
                t.attrs.push_back(IkeAttr(IkeP1Attr::AUTH, 1)); // pre-shared key
                t.attrs.push_back(IkeAttr(IkeP1Attr::GROUP, gr->id));
                t.attrs.push_back(IkeAttr(IkeP1Attr::LIFE_TYPE, 1)); // seconds
                t.attrs.push_back(IkeAttr(IkeP1Attr::LIFE, life));
                p.transforms.push_back(t);
            }
        }
    }
    IkeSa sa;
    sa.proposals.push_back(p);
    return sa;
}

bool
Ikev1Engine::ChoosePhase1(const IkePeerConfig& cfg,
                          const IkeSa& offer,
                          IkeSa& chosen,
                          Phase1& p1) const
{
    if (offer.doi != kIpsecDoi)
    {
        return false;
    }
    for (const IkeProposal& p : offer.proposals)
    {
        if (p.protocol != IkeProtocol::ISAKMP)
        {
            continue;
        }
        for (const IkeTransform& t : p.transforms)
        {
            uint32_t enc = 0;
            uint32_t keyLen = 0;
            uint32_t hash = 0;
            uint32_t auth = 0;
            uint32_t group = 0;
            uint32_t life = 0;
            t.Get(IkeP1Attr::KEY_LEN, keyLen);
            if (t.id != 1 || !t.Get(IkeP1Attr::ENC, enc) || !t.Get(IkeP1Attr::HASH, hash) ||
                !t.Get(IkeP1Attr::AUTH, auth) || !t.Get(IkeP1Attr::GROUP, group) || auth != 1)
            {
                continue;
            }
            const IkeCipherInfo* c = FindIkeCipherByAttr(enc, keyLen);
            const IkeHashInfo* h = FindIkeHashById(hash);
            const IkeGroupInfo* g = FindIkeGroupById(group);
            if (!c || !h || !g || !Contains(cfg.enc, c->routerOs) ||
                !Contains(cfg.hash, h->routerOs) || !Contains(cfg.dhGroup, g->routerOs))
            {
                continue;
            }
            p1.cipher = c;
            p1.hash = h;
            p1.group = g;
            p1.lifetime = t.Get(IkeP1Attr::LIFE, life) && life != 0 ? life * kSec : cfg.lifetime;
            IkeProposal one = p;
            one.transforms = {t};
            chosen = IkeSa{};
            chosen.proposals = {one};
            return true;
        }
    }
    return false;
}

std::vector<IkeRawPayload>
Ikev1Engine::VendorIds(const Phase1& p1, bool responder) const
{
    std::vector<IkeRawPayload> v;
    if (m_peers[p1.peer].natTraversal)
    {
        if (!responder || p1.peerRfcNatt)
        {
            v.push_back(IkeRawPayload{IkePayload::VENDOR_ID, VidBytes(0)});
        }
        if (!responder || (!p1.peerRfcNatt && p1.peerDraftNatt))
        {
            v.push_back(IkeRawPayload{IkePayload::VENDOR_ID, VidBytes(2)});
        }
    }
    v.push_back(IkeRawPayload{IkePayload::VENDOR_ID, VidBytes(4)});
    return v;
}

void
Ikev1Engine::ReadVendorIds(Phase1& p1, const std::vector<IkeRawPayload>& pl)
{
    for (const IkeRawPayload& p : pl)
    {
        if (p.type != IkePayload::VENDOR_ID)
        {
            continue;
        }
        p1.peerRfcNatt = p1.peerRfcNatt || p.body == VidBytes(0);
        p1.peerDraftNatt = p1.peerDraftNatt || p.body == VidBytes(1) || p.body == VidBytes(2) ||
                           p.body == VidBytes(3);
        p1.peerDpd = p1.peerDpd || p.body == VidBytes(4);
    }
    if (!m_peers[p1.peer].natTraversal)
    {
        p1.peerRfcNatt = false;
        p1.peerDraftNatt = false;
    }
}

void
Ikev1Engine::StartPhase1(int peer, const IkeEndpoint& local, const IkeEndpoint& remote, TimeNs now)
{
    auto p1 = std::make_unique<Phase1>();
    p1->peer = peer;
    p1->initiator = true;
    Bytes c = Random(8);
    std::copy(c.begin(), c.end(), p1->ckyI.begin());
    p1->local = local;
    p1->remote = remote;
    p1->localId = local.addr;
    IkeSa offer = BuildPhase1Offer(m_peers[peer]);
    p1->saiB = EncodeIkeSa(offer);
    IkeMessage m;
    m.hdr.icookie = p1->ckyI;
    m.hdr.exchange = IkeExchange::IDENTITY_PROTECTION;
    m.payloads.push_back(IkeRawPayload{IkePayload::SA, p1->saiB});
    for (IkeRawPayload& v : VendorIds(*p1, false))
    {
        m.payloads.push_back(v);
    }
    Event("ipsec/peer/" + m_peers[peer].name, "phase1-started",
          {{"role", "initiator"}, {"remote", remote.addr}}, now);
    Send(*p1, EncodeIkeMessage(m), now, true);
    p1->state = IkeP1State::I_MM1_SENT;
    m_p1.push_back(std::move(p1));
}

void
Ikev1Engine::OnMainMode(const IkeEndpoint& local,
                        const IkeEndpoint& remote,
                        const Bytes& msg,
                        const IsakmpHeader& h,
                        TimeNs now)
{
    if (IsZero(h.rcookie))
    {
        OnMm1(local, remote, msg, h, now);
        return;
    }
    Phase1* p1 = FindPhase1(h);
    if (!p1)
    {
        for (auto& p : m_p1)
        {
            if (!p->dead && p->initiator && p->state == IkeP1State::I_MM1_SENT &&
                p->ckyI == h.icookie)
            {
                p1 = p.get();
            }
        }
    }
    if (!p1)
    {
        Drop(IkeReason::INVALID_COOKIE, "", now);
        return;
    }
    if (msg == p1->lastRx)
    {
        // A retransmission of the peer's last message: ours was lost, send it again.
        SendRaw(p1->rtx.local, p1->rtx.remote, p1->rtx.dg);
        m_counters.Add("ike/duplicate");
        return;
    }
    const std::string& name = m_peers[p1->peer].name;
    bool encrypted = (h.flags & kIsakmpFlagEncryption) != 0;
    bool wantEncrypted = p1->state == IkeP1State::R_MM4_SENT || p1->state == IkeP1State::I_MM5_SENT;
    if (encrypted != wantEncrypted || p1->state == IkeP1State::ESTABLISHED)
    {
        Drop(IkeReason::UNEXPECTED, name, now);
        return;
    }
    p1->lastRx = msg;
    if (p1->state == IkeP1State::R_MM4_SENT)
    {
        // RFC 3947 §4: the initiator floated to 4500; answer where message 5 came from.
        p1->local = local;
        p1->remote = remote;
        OnMm5(*p1, msg, h, now);
        return;
    }
    if (p1->state == IkeP1State::I_MM5_SENT)
    {
        OnMm6(*p1, msg, h, now);
        return;
    }
    IkeMessage m;
    IkeReason why = IkeReason::TRUNCATED;
    if (!DecodeIkeMessage(msg, m, why))
    {
        Drop(why, name, now);
        return;
    }
    if (p1->state == IkeP1State::I_MM1_SENT)
    {
        p1->ckyR = h.rcookie;
        OnMm2(*p1, m, now);
    }
    else if (p1->state == IkeP1State::R_MM2_SENT)
    {
        OnMm3(*p1, m, now);
    }
    else
    {
        OnMm4(*p1, m, now);
    }
}

void
Ikev1Engine::OnMm1(const IkeEndpoint& local,
                   const IkeEndpoint& remote,
                   const Bytes& msg,
                   const IsakmpHeader& h,
                   TimeNs now)
{
    for (auto& p : m_p1)
    {
        if (!p->dead && !p->initiator && p->ckyI == h.icookie && p->remote == remote)
        {
            if (msg == p->lastRx)
            {
                SendRaw(p->rtx.local, p->rtx.remote, p->rtx.dg);
                m_counters.Add("ike/duplicate");
            }
            else
            {
                Drop(IkeReason::UNEXPECTED, m_peers[p->peer].name, now);
            }
            return;
        }
    }
    int peer = FindPeer(remote.addr, false);
    if (peer < 0)
    {
        Drop(IkeReason::NO_PEER, "", now);
        return;
    }
    const IkePeerConfig& cfg = m_peers[peer];
    IkeMessage m;
    IkeReason why = IkeReason::TRUNCATED;
    IkeSa offer;
    if (!DecodeIkeMessage(msg, m, why) ||
        (m.Find(IkePayload::SA) && !DecodeIkeSa(m.Find(IkePayload::SA)->body, offer, why)))
    {
        Drop(why, cfg.name, now);
        return;
    }
    if (!m.Find(IkePayload::SA))
    {
        Drop(IkeReason::MISSING_PAYLOAD, cfg.name, now);
        return;
    }
    auto p1 = std::make_unique<Phase1>();
    p1->peer = peer;
    p1->initiator = false;
    p1->ckyI = h.icookie;
    IkeSa chosen;
    if (!ChoosePhase1(cfg, offer, chosen, *p1))
    {
        Drop(IkeReason::NO_PROPOSAL, cfg.name, now);
        SendPlainNotify(h, local, remote, IkeNotifyType::NO_PROPOSAL_CHOSEN);
        Event("ipsec/peer/" + cfg.name, "phase1-failed",
              {{"reason", "no-proposal-chosen"}, {"role", "responder"}}, now);
        return;
    }
    Bytes c = Random(8);
    std::copy(c.begin(), c.end(), p1->ckyR.begin());
    p1->local = local;
    p1->remote = remote;
    p1->localId = cfg.localAddress.empty() ? local.addr : cfg.localAddress;
    p1->saiB = m.Find(IkePayload::SA)->body;
    p1->lastRx = msg;
    ReadVendorIds(*p1, m.payloads);
    IkeMessage out;
    out.hdr.icookie = p1->ckyI;
    out.hdr.rcookie = p1->ckyR;
    out.hdr.exchange = IkeExchange::IDENTITY_PROTECTION;
    out.payloads.push_back(IkeRawPayload{IkePayload::SA, EncodeIkeSa(chosen)});
    for (IkeRawPayload& v : VendorIds(*p1, true))
    {
        out.payloads.push_back(v);
    }
    Event("ipsec/peer/" + cfg.name, "phase1-started",
          {{"role", "responder"}, {"remote", remote.addr}}, now);
    Send(*p1, EncodeIkeMessage(out), now, true);
    p1->state = IkeP1State::R_MM2_SENT;
    m_p1.push_back(std::move(p1));
}

void
Ikev1Engine::OnMm2(Phase1& p1, const IkeMessage& m, TimeNs now)
{
    const IkePeerConfig& cfg = m_peers[p1.peer];
    const IkeRawPayload* sp = m.Find(IkePayload::SA);
    IkeSa sa;
    IkeSa chosen;
    IkeReason why = IkeReason::MISSING_PAYLOAD;
    if (!sp || !DecodeIkeSa(sp->body, sa, why))
    {
        Drop(why, cfg.name, now);
        return;
    }
    // RFC 2408 §4.2: the responder returns exactly one of the offered transforms.
    if (sa.proposals.size() != 1 || sa.proposals[0].transforms.size() != 1 ||
        !ChoosePhase1(cfg, sa, chosen, p1))
    {
        Drop(IkeReason::NO_PROPOSAL, cfg.name, now);
        Fail1(p1, "no-proposal-chosen", now);
        return;
    }
    ReadVendorIds(p1, m.payloads);
    IkeMessage out;
    out.hdr.icookie = p1.ckyI;
    out.hdr.rcookie = p1.ckyR;
    out.hdr.exchange = IkeExchange::IDENTITY_PROTECTION;
    out.payloads = KeNonceNatd(p1);
    Send(p1, EncodeIkeMessage(out), now, true);
    p1.state = IkeP1State::I_MM3_SENT;
}

std::vector<IkeRawPayload>
Ikev1Engine::KeNonceNatd(Phase1& p1)
{
    p1.dh = std::make_unique<IkeDh>(p1.group->id, Random(kDhSecretLen));
    Bytes nonce = Random(kNonceLen);
    (p1.initiator ? p1.gxi : p1.gxr) = p1.dh->PublicValue();
    (p1.initiator ? p1.ni : p1.nr) = nonce;
    std::vector<IkeRawPayload> v{IkeRawPayload{IkePayload::KE, p1.dh->PublicValue()},
                                 IkeRawPayload{IkePayload::NONCE, nonce}};
    if (p1.Natt())
    {
        // RFC 3947 §3.2: first the remote end as we address it, then our own address(es).
        v.push_back(
            IkeRawPayload{p1.NatDType(), IkeNatDHash(p1.hash->id, p1.ckyI, p1.ckyR, p1.remote)});
        v.push_back(
            IkeRawPayload{p1.NatDType(), IkeNatDHash(p1.hash->id, p1.ckyI, p1.ckyR, p1.local)});
    }
    return v;
}

bool
Ikev1Engine::TakeKeNonce(Phase1& p1, const IkeMessage& m, TimeNs now)
{
    const std::string& name = m_peers[p1.peer].name;
    const IkeRawPayload* ke = m.Find(IkePayload::KE);
    const IkeRawPayload* nonce = m.Find(IkePayload::NONCE);
    if (!ke || !nonce)
    {
        Drop(IkeReason::MISSING_PAYLOAD, name, now);
        return false;
    }
    if (nonce->body.size() < 8 || nonce->body.size() > 256)
    {
        Drop(IkeReason::BAD_NONCE, name, now);
        return false;
    }
    if (ke->body.size() != p1.group->bytes)
    {
        Drop(IkeReason::BAD_KE, name, now);
        return false;
    }
    (p1.initiator ? p1.gxr : p1.gxi) = ke->body;
    (p1.initiator ? p1.nr : p1.ni) = nonce->body;
    return true;
}

void
Ikev1Engine::DetectNat(Phase1& p1, const IkeMessage& m)
{
    std::vector<const Bytes*> natd;
    for (const IkeRawPayload& p : m.payloads)
    {
        if (p.type == IkePayload::NAT_D || p.type == IkePayload::NAT_D_DRAFT)
        {
            natd.push_back(&p.body);
        }
    }
    if (!p1.Natt() || natd.empty())
    {
        p1.peerRfcNatt = false;
        p1.peerDraftNatt = false;
        return;
    }
    // RFC 3947 §3.2: the first hash is of us as the peer addressed us; a mismatch means a NAT
    // rewrote our address (we are behind it). The others are the peer's own addresses; none
    // matching its address as we see it means the peer is behind a NAT.
    p1.natLocal = *natd[0] != IkeNatDHash(p1.hash->id, p1.ckyI, p1.ckyR, p1.local);
    Bytes seen = IkeNatDHash(p1.hash->id, p1.ckyI, p1.ckyR, p1.remote);
    p1.natRemote = std::none_of(natd.begin() + 1, natd.end(),
                                [&seen](const Bytes* b)
                                {
                                    return *b == seen;
                                });
}

bool
Ikev1Engine::DeriveKeys(Phase1& p1, TimeNs now)
{
    IkePhase1Inputs in;
    if (!p1.dh->Shared(p1.initiator ? p1.gxr : p1.gxi, in.gxy))
    {
        Drop(IkeReason::BAD_KE, m_peers[p1.peer].name, now);
        Fail1(p1, "bad-ke", now);
        return false;
    }
    in.hash = p1.hash->id;
    in.keyLen = p1.cipher->keyLen;
    in.blockSize = p1.cipher->blockSize;
    const std::string& psk = m_peers[p1.peer].secret;
    in.psk.assign(psk.begin(), psk.end());
    in.ni = p1.ni;
    in.nr = p1.nr;
    in.gxi = p1.gxi;
    in.gxr = p1.gxr;
    in.ckyI.assign(p1.ckyI.begin(), p1.ckyI.end());
    in.ckyR.assign(p1.ckyR.begin(), p1.ckyR.end());
    p1.keys = DeriveIkePhase1Keys(in);
    p1.iv = p1.keys.iv;
    // Wireshark ikev1_decryption_table (UAT "Initiator's COOKIE", "Encryption Key"): hex,
    // unquoted, as strongSwan's save-keys plugin writes it.
    m_keyLines.push_back(IkeCookieHex(p1.ckyI) + "," + ToHex(p1.keys.encKey));
    return true;
}

void
Ikev1Engine::OnMm3(Phase1& p1, const IkeMessage& m, TimeNs now)
{
    if (!TakeKeNonce(p1, m, now))
    {
        return;
    }
    DetectNat(p1, m);
    IkeMessage out;
    out.hdr.icookie = p1.ckyI;
    out.hdr.rcookie = p1.ckyR;
    out.hdr.exchange = IkeExchange::IDENTITY_PROTECTION;
    out.payloads = KeNonceNatd(p1);
    if (!DeriveKeys(p1, now))
    {
        return;
    }
    Send(p1, EncodeIkeMessage(out), now, true);
    p1.state = IkeP1State::R_MM4_SENT;
}

Bytes
Ikev1Engine::Phase1Hash(const Phase1& p1, bool initiator, const Bytes& idBody) const
{
    // RFC 2409 §5: HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b),
    //              HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b).
    ByteSpan ci(p1.ckyI.data(), 8);
    ByteSpan cr(p1.ckyR.data(), 8);
    if (initiator)
    {
        return IkePrf(p1.hash->id, p1.keys.skeyid, {p1.gxi, p1.gxr, ci, cr, p1.saiB, idBody});
    }
    return IkePrf(p1.hash->id, p1.keys.skeyid, {p1.gxr, p1.gxi, cr, ci, p1.saiB, idBody});
}

void
Ikev1Engine::OnMm4(Phase1& p1, const IkeMessage& m, TimeNs now)
{
    if (!TakeKeNonce(p1, m, now))
    {
        return;
    }
    DetectNat(p1, m);
    if (!DeriveKeys(p1, now))
    {
        return;
    }
    if (p1.Natted())
    {
        // RFC 3947 §4: a NAT is in the way: change to 4500 with message 5.
        p1.local.port = 4500;
        p1.remote.port = 4500;
    }
    IkeId id;
    IkeParseIpv4(p1.localId, id.data);
    Bytes idBody = EncodeIkeId(id);
    std::vector<IkeRawPayload> pl{IkeRawPayload{IkePayload::ID, idBody},
                                  IkeRawPayload{IkePayload::HASH, Phase1Hash(p1, true, idBody)}};
    if (m_peers[p1.peer].sendInitialContact && !p1.rekey)
    {
        IkeNotify n;
        n.protocol = IkeProtocol::ISAKMP;
        n.spi = p1.Cookies();
        n.type = IkeNotifyType::INITIAL_CONTACT;
        pl.push_back(IkeRawPayload{IkePayload::NOTIFY, EncodeIkeNotify(n)});
    }
    IsakmpHeader h;
    h.icookie = p1.ckyI;
    h.rcookie = p1.ckyR;
    h.exchange = IkeExchange::IDENTITY_PROTECTION;
    Bytes dg;
    if (!Encrypt(p1, h, pl, p1.iv, dg))
    {
        Fail1(p1, "crypto-failed", now);
        return;
    }
    Send(p1, dg, now, true);
    p1.state = IkeP1State::I_MM5_SENT;
}

bool
Ikev1Engine::ParseMm56(Phase1& p1,
                       const Bytes& msg,
                       const IsakmpHeader& h,
                       IkeId& id,
                       std::vector<IkeRawPayload>& pl,
                       TimeNs now)
{
    const std::string& name = m_peers[p1.peer].name;
    Bytes plain;
    IkeReason why = IkeReason::BAD_ENCRYPTION;
    const IkeRawPayload* idp = nullptr;
    const IkeRawPayload* hp = nullptr;
    bool parsed = Decrypt(p1, msg, h, p1.iv, plain) &&
                  DecodeIkePayloads(plain.data(), plain.size(), h.nextPayload, true, pl, why);
    for (const IkeRawPayload& p : pl)
    {
        idp = (!idp && p.type == IkePayload::ID) ? &p : idp;
        hp = (!hp && p.type == IkePayload::HASH) ? &p : hp;
    }
    if (!parsed || !idp || !hp || !DecodeIkeId(idp->body, id, why))
    {
        // A wrong pre-shared key decrypts to garbage: PAYLOAD-MALFORMED (RFC 2408 §5).
        Drop(parsed ? IkeReason::MISSING_PAYLOAD : why, name, now);
        if (!p1.initiator)
        {
            SendPlainNotify(h, p1.local, p1.remote, IkeNotifyType::PAYLOAD_MALFORMED);
        }
        Fail1(p1, "auth-failed", now, "psk-mismatch");
        return false;
    }
    Bytes want = Phase1Hash(p1, p1.initiator ? false : true, idp->body);
    if (hp->body.size() != want.size() || !EspIcvEqual(hp->body.data(), want.data(), want.size()))
    {
        Drop(IkeReason::BAD_HASH, name, now);
        if (!p1.initiator)
        {
            SendPlainNotify(h, p1.local, p1.remote, IkeNotifyType::INVALID_HASH_INFORMATION);
        }
        Fail1(p1, "auth-failed", now, "psk-mismatch");
        return false;
    }
    p1.peerId = id.type == kIdIpv4Addr ? IkeFormatIpv4(id.data) : ToHex(id.data);
    return true;
}

void
Ikev1Engine::OnMm5(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, TimeNs now)
{
    IkeId id;
    std::vector<IkeRawPayload> pl;
    if (!ParseMm56(p1, msg, h, id, pl, now))
    {
        return;
    }
    IkeId mine;
    IkeParseIpv4(p1.localId, mine.data);
    Bytes idBody = EncodeIkeId(mine);
    std::vector<IkeRawPayload> out{IkeRawPayload{IkePayload::ID, idBody},
                                   IkeRawPayload{IkePayload::HASH, Phase1Hash(p1, false, idBody)}};
    IsakmpHeader oh;
    oh.icookie = p1.ckyI;
    oh.rcookie = p1.ckyR;
    oh.exchange = IkeExchange::IDENTITY_PROTECTION;
    Bytes dg;
    if (!Encrypt(p1, oh, out, p1.iv, dg))
    {
        Fail1(p1, "crypto-failed", now);
        return;
    }
    Send(p1, dg, now, false);
    p1.lastBlock = p1.iv;
    Established1(p1, now);
    for (const IkeRawPayload& p : pl)
    {
        IkeNotify n;
        IkeReason why = IkeReason::TRUNCATED;
        if (p.type == IkePayload::NOTIFY && DecodeIkeNotify(p.body, n, why) &&
            n.type == IkeNotifyType::INITIAL_CONTACT)
        {
            InitialContact(p1, now);
        }
    }
}

void
Ikev1Engine::OnMm6(Phase1& p1, const Bytes& msg, const IsakmpHeader& h, TimeNs now)
{
    IkeId id;
    std::vector<IkeRawPayload> pl;
    if (!ParseMm56(p1, msg, h, id, pl, now))
    {
        return;
    }
    p1.rtx.next = kNever;
    p1.lastBlock = p1.iv;
    Established1(p1, now);
}

void
Ikev1Engine::Established1(Phase1& p1, TimeNs now)
{
    const IkePeerConfig& cfg = m_peers[p1.peer];
    p1.state = IkeP1State::ESTABLISHED;
    p1.expires = now + p1.lifetime;
    p1.rekeyAt = RekeyTime(now, p1.lifetime, p1.initiator, cfg.passive);
    p1.lastSeen = now;
    if (p1.peerDpd && cfg.dpdInterval != kNever)
    {
        p1.dpdNext = now + cfg.dpdInterval;
    }
    m_counters.Add("ike/phase1-established");
    std::string natt = p1.peerRfcNatt ? "rfc3947" : (p1.peerDraftNatt ? "draft" : "none");
    Event("ipsec/peer/" + cfg.name, "phase1-established",
          {{"role", p1.initiator ? "initiator" : "responder"},
           {"enc", p1.cipher->routerOs},
           {"hash", p1.hash->routerOs},
           {"dh-group", p1.group->routerOs},
           {"nat-t", natt},
           {"nat-local", p1.natLocal ? "yes" : "no"},
           {"nat-remote", p1.natRemote ? "yes" : "no"},
           {"local", p1.local.addr + ":" + std::to_string(p1.local.port)},
           {"remote", p1.remote.addr + ":" + std::to_string(p1.remote.port)},
           {"peer-id", p1.peerId}},
          now);
    AdoptSas(p1, now);
    std::vector<IkeSelector> pending;
    pending.swap(p1.pending);
    for (const IkeSelector& s : pending)
    {
        StartQuickMode(p1, s, now);
    }
}

void
Ikev1Engine::InitialContact(Phase1& p1, TimeNs now)
{
    // RFC 2407 §4.6.3.3: the peer rebooted; SAs it had with us before this one are stale.
    for (auto& p : m_p1)
    {
        if (p.get() != &p1 && !p->dead && p->peer == p1.peer && p->remote.addr == p1.remote.addr &&
            p->peerId == p1.peerId && p->state == IkeP1State::ESTABLISHED)
        {
            RemovePhase1(p.get());
        }
    }
    for (auto& sa : m_sas)
    {
        if (!sa->dead && sa->ckyI != p1.ckyI && sa->peer == m_peers[p1.peer].name &&
            sa->remoteAddr == p1.remote.addr && sa->peerId == p1.peerId)
        {
            RemoveSa(*sa, false, "initial-contact", now);
        }
    }
}

} // namespace ns3
