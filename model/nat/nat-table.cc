#include "model/nat/nat-table.h"

#include <cstdio>

namespace ns3
{

namespace
{

struct BehaviourName
{
    NatBehaviour b;
    const char* name;
    const char* mappingShort;
    const char* filteringShort;
};

/** \brief RFC 4787's names and the usual abbreviations. */
constexpr BehaviourName kBehaviours[] = {
    {NatBehaviour::ENDPOINT_INDEPENDENT, "endpoint-independent", "eim", "eif"},
    {NatBehaviour::ADDRESS_DEPENDENT, "address-dependent", "adm", "adf"},
    {NatBehaviour::ADDRESS_AND_PORT_DEPENDENT, "address-and-port-dependent", "apdm", "apdf"},
};

std::string
Addr(uint32_t a)
{
    char b[16];
    std::snprintf(b, sizeof b, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
    return b;
}

const char*
ProtoName(uint8_t p)
{
    switch (p)
    {
    case kNatProtoUdp:
        return "udp";
    case kNatProtoTcp:
        return "tcp";
    case kNatProtoIcmp:
        return "icmp";
    case kNatProtoEsp:
        return "esp";
    default:
        return "ip";
    }
}

} // namespace

const char*
NatBehaviourName(NatBehaviour b)
{
    for (const BehaviourName& n : kBehaviours)
    {
        if (n.b == b)
        {
            return n.name;
        }
    }
    return "?";
}

bool
ParseNatBehaviour(const std::string& text, NatBehaviour& out)
{
    for (const BehaviourName& n : kBehaviours)
    {
        if (text == n.name || text == n.mappingShort || text == n.filteringShort)
        {
            out = n.b;
            return true;
        }
    }
    return false;
}

std::string
ValidateNatConfig(const NatConfig& c)
{
    if (c.portMin == 0 || c.portMin > c.portMax)
    {
        return "the port range must be 1..65535 with its first port not above its last";
    }
    if (static_cast<int>(c.filtering) < static_cast<int>(c.mapping))
    {
        return std::string("filtering ") + NatBehaviourName(c.filtering) +
               " is looser than mapping " + NatBehaviourName(c.mapping) +
               ": an unsolicited packet could match several mappings (RFC 4787 §5 pairs a "
               "filtering behaviour with a mapping at least as specific)";
    }
    if (c.udpTimeout <= 0 || c.udpStreamTimeout <= 0 || c.tcpTimeout <= 0 || c.icmpTimeout <= 0 ||
        c.genericTimeout <= 0)
    {
        return "timeouts must be positive";
    }
    return "";
}

NatTable::NatTable(const NatConfig& config, EventSink* sink, std::string object)
    : m_config(config)
    , m_sink(sink)
    , m_object(std::move(object))
{
}

bool
NatTable::HasPorts(uint8_t protocol) const
{
    return protocol == kNatProtoUdp || protocol == kNatProtoTcp || protocol == kNatProtoIcmp;
}

NatTable::OutKey
NatTable::OutKeyOf(const NatPacket& p) const
{
    if (!HasPorts(p.protocol))
    {
        // No ports to tell inside hosts apart: one mapping per (inside, remote) address pair.
        return {p.protocol, p.src, 0, p.dst, 0};
    }
    const uint16_t rport = p.protocol == kNatProtoIcmp ? 0 : p.dstPort;
    switch (m_config.mapping)
    {
    case NatBehaviour::ENDPOINT_INDEPENDENT:
        return {p.protocol, p.src, p.srcPort, 0, 0};
    case NatBehaviour::ADDRESS_DEPENDENT:
        return {p.protocol, p.src, p.srcPort, p.dst, 0};
    default:
        return {p.protocol, p.src, p.srcPort, p.dst, rport};
    }
}

NatTable::InKey
NatTable::InKeyOf(uint8_t protocol, uint16_t publicPort, uint32_t remote, uint16_t remotePort) const
{
    if (!HasPorts(protocol))
    {
        return {protocol, 0, remote, 0};
    }
    const uint16_t rport = protocol == kNatProtoIcmp ? 0 : remotePort;
    switch (m_config.mapping)
    {
    case NatBehaviour::ENDPOINT_INDEPENDENT:
        return {protocol, publicPort, 0, 0};
    case NatBehaviour::ADDRESS_DEPENDENT:
        return {protocol, publicPort, remote, 0};
    default:
        return {protocol, publicPort, remote, rport};
    }
}

bool
NatTable::PortFree(uint8_t protocol, uint16_t port, uint32_t remote, uint16_t remotePort) const
{
    return m_in.find(InKeyOf(protocol, port, remote, remotePort)) == m_in.end();
}

bool
NatTable::AllocatePort(const NatPacket& p, uint16_t& port)
{
    if (!HasPorts(p.protocol))
    {
        port = 0;
        return PortFree(p.protocol, 0, p.dst, 0);
    }
    if (m_config.portPreservation && p.srcPort != 0 &&
        PortFree(p.protocol, p.srcPort, p.dst, p.dstPort))
    {
        port = p.srcPort;
        return true;
    }
    const uint32_t span = uint32_t{m_config.portMax} - m_config.portMin + 1;
    for (uint32_t i = 0; i < span; ++i)
    {
        const uint16_t candidate = static_cast<uint16_t>(m_config.portMin + (m_cursor + i) % span);
        if (PortFree(p.protocol, candidate, p.dst, p.dstPort))
        {
            m_cursor = (m_cursor + i + 1) % span;
            port = candidate;
            return true;
        }
    }
    return false;
}

TimeNs
NatTable::Timeout(const Mapping& m) const
{
    switch (m.protocol)
    {
    case kNatProtoUdp:
        return m.replied ? m_config.udpStreamTimeout : m_config.udpTimeout;
    case kNatProtoTcp:
        return m_config.tcpTimeout;
    case kNatProtoIcmp:
        return m_config.icmpTimeout;
    default:
        return m_config.genericTimeout;
    }
}

void
NatTable::Emit(const std::string& kind, const Mapping& m, TimeNs now)
{
    if (!m_sink)
    {
        return;
    }
    LabEvent e;
    e.time = now;
    e.object = m_object + "/" + ProtoName(m.protocol) + "/" +
               (HasPorts(m.protocol) ? std::to_string(m.publicPort) : Addr(m.remote));
    e.kind = kind;
    e.fields = {{"inside", Addr(m.inside) + ":" + std::to_string(m.insidePort)},
                {"public", Addr(m_config.publicAddress) + ":" + std::to_string(m.publicPort)}};
    if (m.remote != 0)
    {
        e.fields.emplace_back("remote", Addr(m.remote) + ":" + std::to_string(m.remotePort));
    }
    e.fields.emplace_back("timeout-s", std::to_string(Timeout(m) / kSec));
    m_sink->Emit(e);
}

void
NatTable::Touch(uint64_t id, Mapping& m, TimeNs now, const char* why)
{
    m_deadlines.erase({m.expires, id});
    // A packet after a quiet spell (a NAT keepalive, a redial) is worth an event; a packet train
    // is not: every refresh is counted, only those after >= 1 s of silence are events.
    const bool quiet = now - m.lastSeen >= kSec;
    m.lastSeen = now;
    m.expires = now + Timeout(m);
    m_deadlines.insert({m.expires, id});
    m_counters.Add("mappings-refreshed");
    if (quiet)
    {
        Emit(std::string("mapping-refreshed-") + why, m, now);
    }
}

NatVerdict
NatTable::Drop(const std::string& reason)
{
    m_counters.Add("drop/" + reason);
    NatVerdict v;
    v.reason = reason;
    return v;
}

NatVerdict
NatTable::Outbound(const NatPacket& p, TimeNs now)
{
    Expire(now);
    NatVerdict v;
    const OutKey key = OutKeyOf(p);
    auto it = m_out.find(key);
    uint64_t id = 0;
    if (it == m_out.end())
    {
        uint16_t port = 0;
        if (!AllocatePort(p, port))
        {
            return Drop(HasPorts(p.protocol) ? "ports-exhausted" : "address-pair-in-use");
        }
        id = m_nextId++;
        const uint16_t rport = p.protocol == kNatProtoIcmp ? 0 : p.dstPort;
        const InKey inKey = InKeyOf(p.protocol, port, p.dst, p.dstPort);
        Mapping m{
            key, inKey, p.protocol, p.src, p.srcPort, port, std::get<3>(key), std::get<4>(key),
            now, now,   false,      {}};
        m.expires = now + Timeout(m);
        m.contacted.insert({p.dst, rport});
        auto& stored = m_mappings.emplace(id, std::move(m)).first->second;
        m_out.emplace(key, id);
        m_in.emplace(inKey, id);
        m_deadlines.insert({stored.expires, id});
        m_counters.Add("mappings-created");
        Emit("mapping-created", stored, now);
        v.created = true;
    }
    else
    {
        id = it->second;
        Mapping& m = m_mappings.at(id);
        m.contacted.insert({p.dst, p.protocol == kNatProtoIcmp ? 0 : p.dstPort});
        Touch(id, m, now, "out");
    }
    const Mapping& m = m_mappings.at(id);
    v.pass = true;
    v.out = p;
    v.out.src = m_config.publicAddress;
    v.out.srcPort = m.publicPort;
    if (!HasPorts(p.protocol))
    {
        v.out.srcPort = p.srcPort;
    }
    m_counters.Add("translated-out");
    return v;
}

NatVerdict
NatTable::Inbound(const NatPacket& p, TimeNs now)
{
    Expire(now);
    if (p.dst != m_config.publicAddress)
    {
        return Drop("not-for-us");
    }
    auto it =
        m_in.find(InKeyOf(p.protocol, HasPorts(p.protocol) ? p.dstPort : 0, p.src, p.srcPort));
    if (it == m_in.end())
    {
        return Drop("no-mapping");
    }
    Mapping& m = m_mappings.at(it->second);
    const uint16_t rport = p.protocol == kNatProtoIcmp ? 0 : p.srcPort;
    bool allowed = true;
    switch (m_config.filtering)
    {
    case NatBehaviour::ENDPOINT_INDEPENDENT:
        break;
    case NatBehaviour::ADDRESS_DEPENDENT:
    {
        auto c = m.contacted.lower_bound({p.src, 0});
        allowed = c != m.contacted.end() && c->first == p.src;
        break;
    }
    default:
        allowed = m.contacted.count({p.src, rport}) > 0;
        break;
    }
    if (!HasPorts(p.protocol))
    {
        allowed = true; // the mapping is per remote address already (InKeyOf)
    }
    if (!allowed)
    {
        return Drop("filtered");
    }
    if (!m.replied)
    {
        m.replied = true; // a UDP "stream" from now on: the longer timeout
    }
    Touch(it->second, m, now, "in");
    NatVerdict v;
    v.pass = true;
    v.out = p;
    v.out.dst = m.inside;
    if (HasPorts(p.protocol))
    {
        v.out.dstPort = m.insidePort;
    }
    m_counters.Add("translated-in");
    return v;
}

void
NatTable::Expire(TimeNs now)
{
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now)
    {
        const uint64_t id = m_deadlines.begin()->second;
        m_deadlines.erase(m_deadlines.begin());
        auto it = m_mappings.find(id);
        if (it == m_mappings.end())
        {
            continue;
        }
        const Mapping& m = it->second;
        Emit("mapping-expired", m, now);
        m_counters.Add("mappings-expired");
        m_out.erase(m.outKey);
        m_in.erase(m.inKey);
        m_mappings.erase(it);
    }
}

TimeNs
NatTable::NextExpiry() const
{
    return m_deadlines.empty() ? kNever : m_deadlines.begin()->first;
}

size_t
NatTable::Size() const
{
    return m_mappings.size();
}

std::vector<NatTable::MappingView>
NatTable::Mappings() const
{
    std::vector<MappingView> out;
    for (const auto& [id, m] : m_mappings)
    {
        out.push_back({m.protocol, m.inside, m.insidePort, m.publicPort, m.remote, m.remotePort,
                       m.expires, m.replied});
    }
    return out;
}

} // namespace ns3
