#include "conformance/port-learning.h"

#include <algorithm>

namespace ns3
{

namespace
{

constexpr uint16_t kL2tpPort = 1701; //!< RFC 2661 §8.1

/** Ports never decoded as L2TP by learning: 0, IKE 500, NAT-T 4500, and 1701 (always decoded). */
bool
ForbiddenPort(uint16_t p)
{
    return p == kL2tpPort || p == 500 || p == 4500 || p == 0;
}

} // namespace

L2tpPortLearner::L2tpPortLearner(const std::vector<uint16_t>& extraPorts)
    : m_explicit(extraPorts.begin(), extraPorts.end())
    , m_ports(m_explicit)
{
}

bool
L2tpPortLearner::Decodes(const L2tpRecord& r) const
{
    return r.srcPort == kL2tpPort || r.dstPort == kL2tpPort || m_ports.count(r.srcPort) ||
           m_ports.count(r.dstPort);
}

bool
L2tpPortLearner::Learn(const std::vector<L2tpEndpointRow>& rows)
{
    bool grew = false;
    for (bool added = true; added;)
    {
        added = false;
        for (const auto& row : rows)
        {
            const L2tpEndpoint& s = row.first;
            const L2tpEndpoint& d = row.second;
            bool trusted = s.port == kL2tpPort || d.port == kL2tpPort || m_explicit.count(s.port) ||
                           m_explicit.count(d.port) || m_endpoints.count(s) || m_endpoints.count(d);
            if (!trusted)
            {
                continue;
            }
            for (const L2tpEndpoint& e : {s, d})
            {
                if (m_endpoints.insert(e).second)
                {
                    added = true;
                    if (!ForbiddenPort(e.port) && m_ports.insert(e.port).second)
                    {
                        grew = true;
                    }
                }
            }
        }
    }
    return grew;
}

bool
L2tpPortLearner::Keep(L2tpRecord& r) const
{
    r.forcedPort = r.srcPort != kL2tpPort && r.dstPort != kL2tpPort &&
                   !m_explicit.count(r.srcPort) && !m_explicit.count(r.dstPort);
    return !r.forcedPort || m_endpoints.count(L2tpEndpoint{r.srcIp, r.srcPort}) ||
           m_endpoints.count(L2tpEndpoint{r.dstIp, r.dstPort});
}

bool
L2tpPortLearner::Run(
    const ExtractOptions& opts,
    const std::function<bool(const std::set<uint16_t>&, std::vector<L2tpEndpointRow>&)>& rowsFor)
{
    if (!opts.learnPorts)
    {
        return true;
    }
    for (unsigned pass = 0; pass < std::max(1u, opts.maxLearningPasses); ++pass)
    {
        std::vector<L2tpEndpointRow> rows;
        if (!rowsFor(m_ports, rows))
        {
            return false;
        }
        if (!Learn(rows))
        {
            break;
        }
    }
    return true;
}

} // namespace ns3
