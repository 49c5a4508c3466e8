#include "model/ipsec/ipsec-spd.h"

#include "model/ipsec/udp-encap.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace ns3
{

namespace
{

const SpdReasonInfo kReasons[] = {
    {SpdReason::DISCARD_POLICY, "discard_policy", "RFC 4301 §5.1 (DISCARD)",
     "a policy with action discard covers the packet"},
    {SpdReason::CLEAR_BUT_ENCRYPT, "clear_but_encrypt", "RFC 4301 §5.2 step 3a",
     "the packet arrived in clear where a policy says it must be protected"},
    {SpdReason::SA_NOT_FOR_POLICY, "sa_not_for_policy", "RFC 4301 §5.2 step 4",
     "decrypted with an SA the policy covering the inner packet does not allow"},
    {SpdReason::NO_POLICY_FOR_SA, "no_policy_for_sa", "RFC 4301 §5.2 step 4",
     "decrypted, but no encrypt policy covers the inner packet"},
    {SpdReason::NO_SA, "no_sa", "RFC 4301 §5.1 (PROTECT)",
     "a policy says encrypt, no SA exists and the peer is passive (it will not acquire one)"},
};
static_assert(sizeof(kReasons) / sizeof(kReasons[0]) == static_cast<size_t>(SpdReason::COUNT_),
              "one row per SpdReason");

struct Named
{
    const char* name;
    uint8_t value;
};

const Named kActions[] = {{"encrypt", 0}, {"none", 1}, {"discard", 2}};
const Named kLevels[] = {{"require", 0}, {"unique", 1}};
const Named kGenerate[] = {{"no", 0}, {"port-strict", 1}, {"port-override", 2}};
const Named kModes[] = {{"naive", 0}, {"per-peer", 1}};

template <size_t N>
bool
Lookup(const Named (&table)[N], const std::string& s, uint8_t& out)
{
    for (const Named& n : table)
    {
        if (s == n.name)
        {
            out = n.value;
            return true;
        }
    }
    return false;
}

bool
InPrefix(uint32_t addr, uint32_t net, uint8_t len)
{
    if (len == 0)
    {
        return true;
    }
    const uint32_t mask = len >= 32 ? 0xFFFFFFFFu : ~(0xFFFFFFFFu >> len);
    return (addr & mask) == (net & mask);
}

bool
PortOk(uint16_t want, uint16_t have)
{
    return want == 0 || want == have;
}

std::string
Hex(uint32_t v)
{
    char b[16];
    std::snprintf(b, sizeof(b), "0x%08x", v);
    return b;
}

} // namespace

const SpdReasonInfo*
SpdReasonTable(size_t& count)
{
    count = sizeof(kReasons) / sizeof(kReasons[0]);
    return kReasons;
}

const char*
SpdActionName(SpdAction a)
{
    return kActions[static_cast<size_t>(a)].name;
}

const char*
SpdLevelName(SpdLevel l)
{
    return kLevels[static_cast<size_t>(l)].name;
}

const char*
SpdServerModeName(SpdServerMode m)
{
    return kModes[static_cast<size_t>(m)].name;
}

bool
ParseSpdAction(const std::string& s, SpdAction& out)
{
    uint8_t v = 0;
    const bool ok = Lookup(kActions, s, v);
    out = static_cast<SpdAction>(v);
    return ok;
}

bool
ParseSpdLevel(const std::string& s, SpdLevel& out)
{
    uint8_t v = 0;
    const bool ok = Lookup(kLevels, s, v);
    out = static_cast<SpdLevel>(v);
    return ok;
}

bool
ParseSpdGenerate(const std::string& s, SpdGenerate& out)
{
    uint8_t v = 0;
    // RouterOS v6 `generate-policy=yes` (the manual's "behind NAT" example) is port-override's
    // older spelling: "port-override - generate policies and force policy to use any port (old
    // behavior)".
    const bool ok = s == "yes" ? (v = 2, true) : Lookup(kGenerate, s, v);
    out = static_cast<SpdGenerate>(v);
    return ok;
}

bool
ParseSpdServerMode(const std::string& s, SpdServerMode& out)
{
    uint8_t v = 0;
    const bool ok = Lookup(kModes, s, v);
    out = static_cast<SpdServerMode>(v);
    return ok;
}

bool
SpdParseIpv4(const std::string& text, uint32_t& out)
{
    unsigned a[4];
    char tail = 0;
    if (std::sscanf(text.c_str(), "%3u.%3u.%3u.%3u%c", &a[0], &a[1], &a[2], &a[3], &tail) != 4)
    {
        return false;
    }
    out = 0;
    for (unsigned o : a)
    {
        if (o > 255)
        {
            return false;
        }
        out = (out << 8) | o;
    }
    return true;
}

bool
SpdParsePrefix(const std::string& text, uint32_t& addr, uint8_t& len)
{
    const size_t slash = text.find('/');
    if (!SpdParseIpv4(text.substr(0, slash), addr))
    {
        return false;
    }
    len = 32;
    if (slash == std::string::npos)
    {
        return true;
    }
    const std::string n = text.substr(slash + 1);
    if (n.empty() || n.size() > 2 || n.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    const int v = std::stoi(n);
    if (v > 32)
    {
        return false;
    }
    len = static_cast<uint8_t>(v);
    return true;
}

std::string
SpdIpv4Text(uint32_t a)
{
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
           std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

bool
SpdPolicy::MatchesOutbound(const SpdPacket& p) const
{
    return InPrefix(p.src, srcAddr, srcLen) && InPrefix(p.dst, dstAddr, dstLen) &&
           (protocol == 0 || protocol == p.protocol) && PortOk(srcPort, p.srcPort) &&
           PortOk(dstPort, p.dstPort);
}

bool
SpdPolicy::MatchesInbound(const SpdPacket& p) const
{
    return InPrefix(p.dst, srcAddr, srcLen) && InPrefix(p.src, dstAddr, dstLen) &&
           (protocol == 0 || protocol == p.protocol) && PortOk(srcPort, p.dstPort) &&
           PortOk(dstPort, p.srcPort);
}

int
IpsecSpd::AddStatic(SpdPolicy p)
{
    p.dynamic = false;
    if (p.where.empty())
    {
        p.where = "static " + std::to_string(m_static.size());
    }
    m_static.push_back(p);
    return static_cast<int>(m_dynamic.size() + m_static.size() - 1);
}

void
IpsecSpd::SetGenerate(const std::string& peer, SpdGenerate g)
{
    m_generate.emplace_back(peer, g);
}

const SpdPolicy*
IpsecSpd::At(int index) const
{
    if (index < 0)
    {
        return nullptr;
    }
    const size_t i = static_cast<size_t>(index);
    return i < m_dynamic.size() ? &m_dynamic[i] : &m_static[i - m_dynamic.size()];
}

int
IpsecSpd::FindOutbound(const SpdPacket& p) const
{
    const size_t n = m_dynamic.size() + m_static.size();
    for (size_t i = 0; i < n; ++i)
    {
        if (At(static_cast<int>(i))->MatchesOutbound(p))
        {
            return static_cast<int>(i);
        }
    }
    return -1;
}

int
IpsecSpd::FindInbound(const SpdPacket& p) const
{
    const size_t n = m_dynamic.size() + m_static.size();
    for (size_t i = 0; i < n; ++i)
    {
        if (At(static_cast<int>(i))->MatchesInbound(p))
        {
            return static_cast<int>(i);
        }
    }
    return -1;
}

const SpdSaPair*
IpsecSpd::SaFor(const SpdPolicy& pol, const SpdPacket& p) const
{
    const SpdSaPair* best = nullptr;
    for (const HalfPair& h : m_half)
    {
        if (!h.haveIn || !h.haveOut)
        {
            continue;
        }
        const SpdSaPair& s = h.pair;
        if (pol.level == SpdLevel::UNIQUE && s.outSpi != pol.boundOutSpi)
        {
            continue; // UNIQUE: only the SA negotiated for this policy
        }
        uint32_t remote = 0;
        SpdParseIpv4(s.remote.addr, remote);
        const uint32_t want = pol.saDst != 0 ? pol.saDst : p.dst;
        if (remote != want || (!pol.peer.empty() && pol.peer != s.peer))
        {
            continue;
        }
        // A static policy uses an SA only for what the SA's own selector covers (RFC 4301
        // §4.4.2); a generated policy was made from its SA (port-override widens it on purpose).
        const bool covered = (s.selector.protocol == 0 || s.selector.protocol == p.protocol) &&
                             PortOk(s.selector.localPort, p.srcPort) &&
                             PortOk(s.selector.remotePort, p.dstPort);
        if (!pol.dynamic && !covered)
        {
            continue;
        }
        // REQUIRE: any SA to the same destination will do, the newest first (xfrm's choice).
        if (best == nullptr || s.installed > best->installed)
        {
            best = &s;
        }
    }
    return best;
}

const SpdSaPair*
IpsecSpd::PairByInSpi(uint32_t spi) const
{
    for (const HalfPair& h : m_half)
    {
        if (h.haveIn && h.haveOut && h.pair.inSpi == spi)
        {
            return &h.pair;
        }
    }
    return nullptr;
}

OutboundResult
IpsecSpd::Outbound(const SpdPacket& p)
{
    OutboundResult r;
    r.policy = FindOutbound(p);
    const SpdPolicy* pol = At(r.policy);
    if (pol == nullptr || pol->action == SpdAction::NONE)
    {
        ++m_counters.bypassed;
        return r;
    }
    if (pol->action == SpdAction::DISCARD)
    {
        r.verdict = OutboundResult::Verdict::DROP;
        r.reason = SpdReason::DISCARD_POLICY;
        ++m_counters.drops[static_cast<size_t>(r.reason)];
        return r;
    }
    if (const SpdSaPair* sa = SaFor(*pol, p))
    {
        r.verdict = OutboundResult::Verdict::PROTECT;
        r.sa = *sa;
        r.rewriteDstPort = pol->encapPort != 0 ? pol->innerRemotePort : 0;
        ++m_counters.protectedOut;
        return r;
    }
    const bool passive =
        pol->dynamic ||
        std::any_of(m_generate.begin(), m_generate.end(),
                    [&](const auto& g)
                    {
                        return g.first == pol->peer && g.second != SpdGenerate::NO; // a responder
                    });
    if (passive)
    {
        r.verdict = OutboundResult::Verdict::DROP;
        r.reason = SpdReason::NO_SA;
        ++m_counters.drops[static_cast<size_t>(r.reason)];
        return r;
    }
    r.verdict = OutboundResult::Verdict::ACQUIRE;
    r.acquireRemote.addr = SpdIpv4Text(pol->saDst != 0 ? pol->saDst : p.dst);
    r.acquireRemote.port = kIkeUdpPort;
    r.acquireSelector.protocol = p.protocol;
    r.acquireSelector.localPort = pol->srcPort != 0 ? p.srcPort : 0;
    r.acquireSelector.remotePort = pol->dstPort != 0 ? p.dstPort : 0;
    if (pol->protocol == 17 && pol->srcPort == 0 && pol->dstPort == 0)
    {
        // A protocol-only policy (the manual's client example): offer the packet's own ports,
        // which is what the peer's port-strict generated policy expects (RFC 3193 §4: 1701).
        r.acquireSelector.localPort = p.srcPort;
        r.acquireSelector.remotePort = p.dstPort;
    }
    ++m_counters.acquires;
    return r;
}

InboundResult
IpsecSpd::Drop(SpdReason r, int policy)
{
    InboundResult in;
    in.accept = false;
    in.reason = r;
    in.policy = policy;
    ++m_counters.drops[static_cast<size_t>(r)];
    return in;
}

InboundResult
IpsecSpd::InboundClear(const SpdPacket& p)
{
    const int idx = FindInbound(p);
    const SpdPolicy* pol = At(idx);
    if (pol != nullptr && pol->action == SpdAction::ENCRYPT)
    {
        return Drop(SpdReason::CLEAR_BUT_ENCRYPT, idx);
    }
    if (pol != nullptr && pol->action == SpdAction::DISCARD)
    {
        return Drop(SpdReason::DISCARD_POLICY, idx);
    }
    InboundResult r;
    r.policy = idx;
    ++m_counters.acceptedIn;
    return r;
}

InboundResult
IpsecSpd::InboundProtected(const SpdPacket& p, uint32_t spi)
{
    const SpdSaPair* pair = PairByInSpi(spi);
    // PER_PEER: the dynamic policy of this SA's peer, keyed on its encapsulation port (bound to
    // this SA, or to the pair that replaced it in a rekey: the old inbound SA keeps accepting).
    for (size_t i = 0; pair != nullptr && i < m_dynamic.size(); ++i)
    {
        const SpdPolicy& d = m_dynamic[i];
        const bool ours = d.boundOutSpi == pair->outSpi ||
                          (d.encapPort == pair->remote.port && d.peer == pair->peer);
        if (d.encapPort != 0 && ours && InPrefix(p.src, d.dstAddr, 32) &&
            PortOk(d.innerRemotePort, p.srcPort) && PortOk(d.srcPort, p.dstPort))
        {
            InboundResult r;
            r.policy = static_cast<int>(i);
            r.rewriteSrcPort = d.encapPort;
            ++m_counters.acceptedIn;
            return r;
        }
    }
    const int idx = FindInbound(p);
    const SpdPolicy* pol = At(idx);
    if (pair == nullptr || pol == nullptr || pol->action != SpdAction::ENCRYPT)
    {
        return Drop(SpdReason::NO_POLICY_FOR_SA, idx);
    }
    uint32_t remote = 0;
    SpdParseIpv4(pair->remote.addr, remote);
    const bool allowed = pol->level == SpdLevel::UNIQUE
                             ? pol->boundOutSpi == pair->outSpi
                             : remote == (pol->saDst != 0 ? pol->saDst : p.src) &&
                                   (pol->peer.empty() || pol->peer == pair->peer);
    if (!allowed)
    {
        return Drop(SpdReason::SA_NOT_FOR_POLICY, idx);
    }
    InboundResult r;
    r.policy = idx;
    ++m_counters.acceptedIn;
    return r;
}

SpdPolicy
IpsecSpd::GeneratedPolicy(const SpdSaPair& s, SpdGenerate g) const
{
    SpdPolicy p;
    SpdParseIpv4(s.local.addr, p.srcAddr);
    SpdParseIpv4(s.remote.addr, p.dstAddr);
    p.srcLen = 32;
    p.dstLen = 32;
    p.protocol = s.selector.protocol;
    const bool strict = g == SpdGenerate::PORT_STRICT;
    p.srcPort = strict ? s.selector.localPort : 0;
    p.dstPort = strict ? s.selector.remotePort : 0;
    p.action = SpdAction::ENCRYPT;
    p.level = SpdLevel::REQUIRE;
    p.saSrc = p.srcAddr;
    p.saDst = p.dstAddr;
    p.peer = s.peer;
    p.dynamic = true;
    p.reqid = s.reqid;
    p.boundOutSpi = s.outSpi;
    if (m_mode == SpdServerMode::PER_PEER && s.udpEncap && s.remote.port != 0)
    {
        // Keyed on the encapsulation port: the node's L2TP sees the peer as (address, port).
        p.encapPort = s.remote.port;
        p.innerRemotePort = strict ? s.selector.remotePort : kL2tpUdpPort;
        p.dstPort = s.remote.port;
        p.level = SpdLevel::UNIQUE;
    }
    p.where = "dynamic " + s.peer + " " + s.remote.addr + ":" + std::to_string(s.remote.port);
    return p;
}

std::vector<SpdChange>
IpsecSpd::PairComplete(const SpdSaPair& pair)
{
    std::vector<SpdChange> changes;
    const std::string detail = pair.local.addr + " <-> " + pair.remote.addr + ":" +
                               std::to_string(pair.remote.port) + " out " + Hex(pair.outSpi) +
                               " in " + Hex(pair.inSpi);
    // Static UNIQUE policies take the pair that matches them.
    for (SpdPolicy& s : m_static)
    {
        uint32_t remote = 0;
        SpdParseIpv4(pair.remote.addr, remote);
        if (s.action == SpdAction::ENCRYPT && s.level == SpdLevel::UNIQUE &&
            (s.peer.empty() || s.peer == pair.peer) && (s.saDst == 0 || s.saDst == remote))
        {
            s.boundOutSpi = pair.outSpi;
            changes.push_back({"policy-bound", s.where, detail});
        }
    }
    auto gen = std::find_if(m_generate.begin(), m_generate.end(),
                            [&](const auto& g)
                            {
                                return g.first == pair.peer;
                            });
    if (gen == m_generate.end() || gen->second == SpdGenerate::NO)
    {
        return changes;
    }
    const SpdPolicy fresh = GeneratedPolicy(pair, gen->second);
    for (SpdPolicy& d : m_dynamic)
    {
        const bool same = d.srcAddr == fresh.srcAddr && d.dstAddr == fresh.dstAddr &&
                          d.protocol == fresh.protocol && d.srcPort == fresh.srcPort &&
                          d.dstPort == fresh.dstPort && d.encapPort == fresh.encapPort;
        if (same)
        {
            // NAIVE: another client behind the same NAT proposed the same selector: the one
            // policy now points at its SA (and at its encapsulation port).
            const bool stolen = d.where != fresh.where;
            d.boundOutSpi = pair.outSpi;
            changes.push_back({stolen ? "policy-taken-over" : "policy-rebound", d.where,
                               detail + (stolen ? " (was " + d.where + ")" : "")});
            d.where = fresh.where;
            return changes;
        }
    }
    m_dynamic.push_back(fresh);
    changes.push_back({"policy-generated", fresh.where, Print(fresh)});
    return changes;
}

std::vector<SpdChange>
IpsecSpd::OnInstall(const IkeSaInstall& sa)
{
    auto it = std::find_if(m_half.begin(), m_half.end(),
                           [&](const HalfPair& h)
                           {
                               return h.pair.reqid == sa.reqid && h.pair.remote == sa.remote &&
                                      h.pair.peer == sa.peer &&
                                      !(sa.inbound ? h.haveIn : h.haveOut);
                           });
    if (it == m_half.end())
    {
        m_half.push_back(HalfPair{});
        it = m_half.end() - 1;
        it->pair.local = sa.local;
        it->pair.remote = sa.remote;
        it->pair.udpEncap = sa.udpEncap;
        it->pair.selector = sa.selector;
        it->pair.peer = sa.peer;
        it->pair.reqid = sa.reqid;
    }
    if (sa.inbound)
    {
        it->haveIn = true;
        it->pair.inSpi = sa.esp.spi;
    }
    else
    {
        it->haveOut = true;
        it->pair.outSpi = sa.esp.spi;
    }
    if (!(it->haveIn && it->haveOut))
    {
        return {};
    }
    it->pair.installed = ++m_installs;
    return PairComplete(it->pair);
}

std::vector<SpdChange>
IpsecSpd::OnDelete(uint32_t spi, bool inbound)
{
    std::vector<SpdChange> changes;
    auto it = std::find_if(m_half.begin(), m_half.end(),
                           [&](const HalfPair& h)
                           {
                               return inbound ? (h.haveIn && h.pair.inSpi == spi)
                                              : (h.haveOut && h.pair.outSpi == spi);
                           });
    if (it == m_half.end())
    {
        return changes;
    }
    const uint32_t out = it->pair.outSpi;
    const bool complete = it->haveIn && it->haveOut;
    m_half.erase(it);
    if (!complete)
    {
        return changes;
    }
    for (auto d = m_dynamic.begin(); d != m_dynamic.end();)
    {
        if (d->boundOutSpi == out)
        {
            changes.push_back({"policy-removed", d->where, Print(*d)});
            d = m_dynamic.erase(d);
            continue;
        }
        ++d;
    }
    for (SpdPolicy& s : m_static)
    {
        if (s.boundOutSpi == out)
        {
            s.boundOutSpi = 0;
        }
    }
    return changes;
}

std::vector<SpdPolicy>
IpsecSpd::Policies() const
{
    std::vector<SpdPolicy> all = m_dynamic;
    all.insert(all.end(), m_static.begin(), m_static.end());
    return all;
}

std::vector<SpdSaPair>
IpsecSpd::Pairs() const
{
    std::vector<SpdSaPair> out;
    for (const HalfPair& h : m_half)
    {
        if (h.haveIn && h.haveOut)
        {
            out.push_back(h.pair);
        }
    }
    return out;
}

std::string
IpsecSpd::Print(const SpdPolicy& p)
{
    std::ostringstream o;
    o << (p.dynamic ? "D " : "  ") << "src-address=" << SpdIpv4Text(p.srcAddr) << "/"
      << int(p.srcLen);
    if (p.srcPort != 0)
    {
        o << ":" << p.srcPort;
    }
    o << " dst-address=" << SpdIpv4Text(p.dstAddr) << "/" << int(p.dstLen);
    if (p.dstPort != 0)
    {
        o << ":" << p.dstPort;
    }
    o << " protocol=" << (p.protocol == 0 ? std::string("all") : std::to_string(p.protocol))
      << " action=" << SpdActionName(p.action) << " level=" << SpdLevelName(p.level);
    if (p.saDst != 0)
    {
        o << " sa-src-address=" << SpdIpv4Text(p.saSrc)
          << " sa-dst-address=" << SpdIpv4Text(p.saDst);
    }
    if (!p.peer.empty())
    {
        o << " peer=" << p.peer;
    }
    return o.str();
}

} // namespace ns3
