// Ikev1Engine: rekeying before the lifetimes end, without loss.
//
// Phase 2 (RFC 2409 §5.5; lifetimes RFC 4301 §4.4.2.1, RFC 2407 §4.5): at an SA pair's soft
// lifetime (time, tracked here; bytes or the sequence-number soft limit, reported by the carrier
// from the ESP SAD through SaLifetimeLimit) a new quick mode is started over a live ISAKMP SA with
// the same selector. When the new pair is installed, outbound moves to it (the carrier's SPD picks
// the newest pair to the peer; a dynamic policy is re-bound); the old inbound SA keeps accepting
// until the DELETE the rekeying side sends kRekeyDeleteDelay later (RFC 2408 §3.15), or its hard
// lifetime.
//
// Who rekeys: strongSwan rekeys from either side, each at its own rekey time (lifetime minus
// margintime minus a random rekeyfuzz share), so that usually the one that installed first goes
// first; racoon and RouterOS likewise renegotiate before the phase 2 lifetime ends. A passive
// peer (RouterOS `passive=yes`, the L2TP server's dynamic peer) never initiates, so it only
// answers. Deterministically here: the side that sent quick mode message 1 rekeys at 90 % of the
// lifetime (the ESP soft lifetime); a side that answered it and is not passive at 95 %, so it steps
// in only when the initiator did not. Phase 1 (RFC 2409 §5, the ISAKMP SA's lifetime) the same
// way: a new main mode, without INITIAL-CONTACT (RFC 2407 §4.6.3.3 would tell the peer to drop
// the SAs that must survive); once it is established, the IPsec SAs of the old ISAKMP SA move to
// the new one and the side that rekeyed deletes the old ISAKMP SA kRekeyDeleteDelay later (a quick
// mode running over it finishes first).
#include "model/ipsec/esp.h"
#include "model/ipsec/ike-engine-state.h"

#include <algorithm>
#include <cstdio>

namespace ns3
{

namespace
{

bool
SameSelector(const IkeSelector& a, const IkeSelector& b)
{
    return a.protocol == b.protocol && a.localPort == b.localPort && a.remotePort == b.remotePort;
}

} // namespace

TimeNs
Ikev1Engine::RekeyTime(TimeNs start, TimeNs lifetime, bool initiator, bool passive)
{
    if (passive || lifetime <= 0)
    {
        return kNever;
    }
    return start + lifetime - (initiator ? lifetime / 10 : lifetime / 20);
}

Ikev1Engine::Phase1*
Ikev1Engine::LivePhase1For(const InstalledSa& sa)
{
    Phase1* best = nullptr;
    for (auto& p : m_p1)
    {
        if (p->dead || p->state != IkeP1State::ESTABLISHED || m_peers[p->peer].name != sa.peer ||
            p->remote.addr != sa.remoteAddr || p->peerId != sa.peerId)
        {
            continue;
        }
        if (p->ckyI == sa.ckyI)
        {
            return p.get();
        }
        best = p.get(); // the newest other one
    }
    return best;
}

void
Ikev1Engine::SaLifetimeLimit(uint32_t spi, EspSaEvent event, TimeNs now)
{
    const bool hard =
        event == EspSaEvent::HARD_LIFETIME_BYTES || event == EspSaEvent::HARD_LIFETIME_TIME;
    const char* trigger = event == EspSaEvent::SEQ_SOFT_LIMIT ? "seq" : "bytes";
    for (size_t i = 0; i < m_sas.size(); ++i)
    {
        InstalledSa& sa = *m_sas[i];
        if (sa.dead || (sa.inSpi != spi && sa.outSpi != spi))
        {
            continue;
        }
        if (hard)
        {
            RemoveSa(sa, true, "lifetime", now); // the SA refuses traffic: the pair is over
        }
        else if (event != EspSaEvent::SOFT_LIFETIME_TIME && sa.replacedBy == 0 &&
                 sa.softAt != kNever)
        {
            RekeySa(sa, trigger, now);
        }
    }
}

void
Ikev1Engine::RekeySa(InstalledSa& sa, const std::string& trigger, TimeNs now)
{
    sa.softAt = kNever; // one attempt; if it fails the pair ends at its hard lifetime
    int peer = -1;
    for (size_t i = 0; i < m_peers.size(); ++i)
    {
        peer = m_peers[i].name == sa.peer ? static_cast<int>(i) : peer;
    }
    if (peer < 0 || m_peers[peer].passive)
    {
        return;
    }
    m_counters.Add("ike/phase2-rekey");
    Event("ipsec/peer/" + sa.peer, "phase2-rekey",
          {{"trigger", trigger}, {"spi-in", SpiHex(sa.inSpi)}, {"spi-out", SpiHex(sa.outSpi)}},
          now);
    if (Phase1* p1 = LivePhase1For(sa))
    {
        StartQuickMode(*p1, sa.sel, now);
        return;
    }
    // No ISAKMP SA any more (deleted, expired): a new main mode first, then the quick mode.
    for (auto& p : m_p1)
    {
        if (!p->dead && p->peer == peer && p->remote.addr == sa.remoteAddr)
        {
            p->pending.push_back(sa.sel); // one is being negotiated
            return;
        }
    }
    const IkePeerConfig& cfg = m_peers[peer];
    StartPhase1(peer, IkeEndpoint{sa.localAddr, 500}, IkeEndpoint{sa.remoteAddr, cfg.port}, now);
    m_p1.back()->pending.push_back(sa.sel);
}

void
Ikev1Engine::Supersede(const InstalledSa& fresh, TimeNs now)
{
    for (size_t i = 0; i < m_sas.size(); ++i)
    {
        InstalledSa& old = *m_sas[i];
        if (&old == &fresh || old.dead || old.replacedBy != 0 || old.peer != fresh.peer ||
            old.remoteAddr != fresh.remoteAddr || old.remotePort != fresh.remotePort ||
            old.peerId != fresh.peerId || !SameSelector(old.sel, fresh.sel))
        {
            continue;
        }
        old.replacedBy = fresh.inSpi;
        old.softAt = kNever;
        // The side whose quick mode made the new pair deletes the old one, a little later: the
        // peer switches its outbound only when it installs the new pair (quick mode message 3).
        old.deleteAt = fresh.initiator ? now + kRekeyDeleteDelay : kNever;
        m_counters.Add("ike/phase2-rekeyed");
        Event("ipsec/peer/" + fresh.peer, "phase2-rekeyed",
              {{"role", fresh.initiator ? "initiator" : "responder"},
               {"old-spi-in", SpiHex(old.inSpi)},
               {"old-spi-out", SpiHex(old.outSpi)},
               {"spi-in", SpiHex(fresh.inSpi)},
               {"spi-out", SpiHex(fresh.outSpi)}},
              now);
    }
}

void
Ikev1Engine::RekeyPhase1(Phase1& p1, TimeNs now)
{
    p1.rekeyAt = kNever;
    const IkePeerConfig& cfg = m_peers[p1.peer];
    for (const auto& p : m_p1)
    {
        if (p.get() != &p1 && !p->dead && p->peer == p1.peer && p->remote.addr == p1.remote.addr &&
            p->state != IkeP1State::ESTABLISHED)
        {
            return; // a main mode with this peer is already running
        }
    }
    m_counters.Add("ike/phase1-rekey");
    Event("ipsec/peer/" + cfg.name, "phase1-rekey", {{"cookie", IkeCookieHex(p1.ckyI)}}, now);
    StartPhase1(p1.peer, IkeEndpoint{p1.local.addr, 500}, IkeEndpoint{p1.remote.addr, cfg.port},
                now);
    m_p1.back()->rekey = true;
}

void
Ikev1Engine::AdoptSas(Phase1& p1, TimeNs now)
{
    // A new ISAKMP SA with the same peer (name, address and port as seen, identity): the older
    // ones are replaced. Their IPsec SAs survive and are now managed through the new one (DELETE,
    // DPD, their rekeying).
    const IkePeerConfig& cfg = m_peers[p1.peer];
    for (auto& p : m_p1)
    {
        if (p.get() == &p1 || p->dead || p->peer != p1.peer || p->remote.addr != p1.remote.addr ||
            p->remote.port != p1.remote.port || p->peerId != p1.peerId ||
            p->state != IkeP1State::ESTABLISHED)
        {
            continue;
        }
        size_t moved = 0;
        for (auto& sa : m_sas)
        {
            if (!sa->dead && sa->ckyI == p->ckyI)
            {
                sa->ckyI = p1.ckyI;
                ++moved;
            }
        }
        p->rekeyAt = kNever;
        m_counters.Add("ike/phase1-rekeyed");
        Event("ipsec/peer/" + cfg.name, "phase1-rekeyed",
              {{"role", p1.initiator ? "initiator" : "responder"},
               {"old-cookie", IkeCookieHex(p->ckyI)},
               {"cookie", IkeCookieHex(p1.ckyI)},
               {"ipsec-sas", std::to_string(moved)}},
              now);
        p->replaced = true;
        if (p1.rekey)
        {
            // RFC 2408 §3.15: we replaced it, we delete it (the peer keeps the IPsec SAs) -- a
            // little later, so that a quick mode still running over it can finish.
            p->expires = std::min(p->expires, now + kRekeyDeleteDelay);
        }
    }
}

} // namespace ns3
