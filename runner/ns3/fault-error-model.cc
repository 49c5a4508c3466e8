#include "runner/ns3/fault-error-model.h"

#include "ns3/packet.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(FaultErrorModel);

TypeId
FaultErrorModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::L2tplabFaultErrorModel")
                            .SetParent<ErrorModel>()
                            .SetGroupName("L2tplab")
                            .AddConstructor<FaultErrorModel>();
    return tid;
}

void
FaultErrorModel::SetLoss(Ptr<RateErrorModel> loss)
{
    m_loss = loss;
}

void
FaultErrorModel::SetDropCallback(DropCallback cb)
{
    m_onDrop = std::move(cb);
}

void
FaultErrorModel::AddDrop(const std::string& fault, const FaultMatchSpec* match)
{
    m_drops.emplace_back(fault, match);
}

void
FaultErrorModel::RemoveDrop(const std::string& fault)
{
    for (auto it = m_drops.begin(); it != m_drops.end();)
    {
        it = it->first == fault ? m_drops.erase(it) : it + 1;
    }
}

bool
FaultErrorModel::DoCorrupt(Ptr<Packet> p)
{
    if (!m_drops.empty())
    {
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        PacketClass c = ClassifyFrame(bytes.data(), bytes.size());
        for (const auto& d : m_drops)
        {
            if (FaultMatches(*d.second, c))
            {
                ++m_dropped;
                m_lastWasFault = true;
                if (m_onDrop)
                {
                    m_onDrop(d.first, d.second->name);
                }
                return true;
            }
        }
    }
    m_lastWasFault = false;
    return m_loss && m_loss->IsCorrupt(p);
}

void
FaultErrorModel::DoReset()
{
    if (m_loss)
    {
        m_loss->Reset();
    }
}

} // namespace ns3
