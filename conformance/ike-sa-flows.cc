#include "conformance/ike-sa-flows.h"

#include <map>
#include <utility>

namespace ns3
{

namespace
{

/** Unordered address pair, for attaching ESP and keepalives to an SA. */
std::pair<std::string, std::string>
AddressPair(const std::string& a, const std::string& b)
{
    return a < b ? std::make_pair(a, b) : std::make_pair(b, a);
}

bool
ZeroCookie(const std::string& c)
{
    return c.find_first_not_of('0') == std::string::npos;
}

} // namespace

std::vector<IkeSaFlow>
BuildIkeSaFlows(const RecordSet& records)
{
    std::vector<IkeSaFlow> sas;
    for (size_t i = 0; i < records.ike.size(); ++i)
    {
        const IkeRecord& r = records.ike[i];
        const bool zeroR = ZeroCookie(r.responderCookie);
        IkeSaFlow* sa = nullptr;
        for (auto& s : sas)
        {
            if (s.initiatorCookie == r.initiatorCookie &&
                (zeroR || s.responderCookie.empty() || s.responderCookie == r.responderCookie))
            {
                sa = &s;
                break;
            }
        }
        if (!sa)
        {
            sas.emplace_back();
            sa = &sas.back();
            sa->initiatorCookie = r.initiatorCookie;
            // Side 0 is the initiator: the sender of a first message (zero responder cookie);
            // when the capture starts later, the sender too unless the message is a reply.
            sa->ip[0] = r.srcIp;
            sa->ip[1] = r.dstIp;
            // A capture that starts at MM2/AM2 (SA payload, responder cookie set) starts with
            // the responder.
            if (!zeroR && r.payloadsVisible && r.Count(isakmp::PAYLOAD_SA) > 0 &&
                (r.exchangeType == isakmp::EXCHANGE_IDENTITY_PROTECTION ||
                 r.exchangeType == isakmp::EXCHANGE_AGGRESSIVE))
            {
                std::swap(sa->ip[0], sa->ip[1]);
            }
        }
        if (!zeroR && sa->responderCookie.empty())
        {
            sa->responderCookie = r.responderCookie;
        }
        if (zeroR && sa->ike.empty())
        {
            sa->startSeen = true;
        }
        sa->ike.push_back(i);
    }
    // ESP and keepalives go to the latest SA between the same addresses that started before them.
    std::map<std::pair<std::string, std::string>, std::vector<size_t>> byPair;
    for (size_t s = 0; s < sas.size(); ++s)
    {
        byPair[AddressPair(sas[s].ip[0], sas[s].ip[1])].push_back(s);
    }
    auto attach = [&](const std::string& src, const std::string& dst, uint32_t frame) -> long
    {
        auto it = byPair.find(AddressPair(src, dst));
        if (it == byPair.end())
        {
            return -1;
        }
        size_t pick = it->second.front();
        for (size_t s : it->second)
        {
            if (records.ike[sas[s].ike.front()].frame <= frame)
            {
                pick = s;
            }
        }
        return static_cast<long>(pick);
    };
    const size_t ikeSas = sas.size();
    for (size_t i = 0; i < records.esp.size(); ++i)
    {
        const EspRecord& e = records.esp[i];
        long s = attach(e.srcIp, e.dstIp, e.frame);
        if (s < 0)
        {
            // An ESP-only flow per address pair.
            for (size_t k = ikeSas; k < sas.size(); ++k)
            {
                if (AddressPair(sas[k].ip[0], sas[k].ip[1]) == AddressPair(e.srcIp, e.dstIp))
                {
                    s = static_cast<long>(k);
                    break;
                }
            }
            if (s < 0)
            {
                sas.emplace_back();
                sas.back().ip[0] = e.srcIp;
                sas.back().ip[1] = e.dstIp;
                s = static_cast<long>(sas.size() - 1);
            }
        }
        sas[s].esp.push_back(i);
    }
    for (size_t i = 0; i < records.natt.size(); ++i)
    {
        const NattRecord& n = records.natt[i];
        if (n.kind != UdpEncapKind::NAT_KEEPALIVE && n.kind != UdpEncapKind::OTHER)
        {
            continue; // ESP and IKE on 4500 are drawn from their own records
        }
        long s = attach(n.srcIp, n.dstIp, n.frame);
        if (s >= 0)
        {
            sas[s].natt.push_back(i);
        }
    }
    return sas;
}

} // namespace ns3
