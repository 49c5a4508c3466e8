#include "runner/ns3/l3-dispatch.h"

#include "ns3/arp-l3-protocol.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/node.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(L2tpLabL3Dispatch);

TypeId
L2tpLabL3Dispatch::GetTypeId()
{
    static TypeId tid = TypeId("ns3::L2tpLabL3Dispatch")
                            .SetParent<Object>()
                            .SetGroupName("L2tpLab")
                            .AddConstructor<L2tpLabL3Dispatch>();
    return tid;
}

void
L2tpLabL3Dispatch::Bind(Ptr<Node> node)
{
    m_ipv4 = node->GetObject<Ipv4L3Protocol>();
    m_arp = node->GetObject<ArpL3Protocol>();
    m_ipv6 = node->GetObject<Ipv6L3Protocol>();
}

namespace
{

Ptr<L2tpLabL3Dispatch>
DispatchOf(Ptr<Node> node)
{
    Ptr<L2tpLabL3Dispatch> d = node->GetObject<L2tpLabL3Dispatch>();
    if (!d)
    {
        d = CreateObject<L2tpLabL3Dispatch>();
        node->AggregateObject(d);
    }
    return d;
}

} // namespace

void
L2tpLabL3Dispatch::Attach(Ptr<NetDevice> device)
{
    Ptr<L2tpLabL3Dispatch> d = DispatchOf(device->GetNode());
    d->Bind(device->GetNode());
    // A raw `this`, as Node::AddDevice binds itself: the dispatcher lives as long as the node.
    device->SetReceiveCallback(MakeCallback(&L2tpLabL3Dispatch::Receive, PeekPointer(d)));
}

void
L2tpLabL3Dispatch::AddHandler(Ptr<NetDevice> device,
                              uint16_t protocol,
                              Node::ProtocolHandler handler)
{
    Attach(device);
    DispatchOf(device->GetNode())->m_extra.push_back(Extra{device, protocol, handler});
}

void
L2tpLabL3Dispatch::SetIpv4Filter(Ptr<Node> node, Ipv4Filter filter)
{
    AttachAll(node);
    DispatchOf(node)->m_filter = filter;
}

void
L2tpLabL3Dispatch::AttachAll(Ptr<Node> node)
{
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        Attach(node->GetDevice(i));
    }
}

bool
L2tpLabL3Dispatch::Receive(Ptr<NetDevice> device,
                           Ptr<const Packet> packet,
                           uint16_t protocol,
                           const Address& from)
{
    const NetDevice::PacketType type = NetDevice::PACKET_HOST; // as Node::NonPromiscReceive...
    const Address to = device->GetAddress();
    bool found = false;
    if (protocol == Ipv4L3Protocol::PROT_NUMBER || protocol == ArpL3Protocol::PROT_NUMBER)
    {
        if (m_ipv4 && m_ipv4->GetInterfaceForDevice(device) >= 0)
        {
            if (protocol == Ipv4L3Protocol::PROT_NUMBER)
            {
                Ptr<const Packet> p = packet;
                if (!m_filter.IsNull())
                {
                    p = m_filter(device, packet);
                }
                if (p)
                {
                    m_ipv4->Receive(device, p, protocol, from, to, type);
                }
            }
            else if (m_arp)
            {
                m_arp->Receive(device, packet, protocol, from, to, type);
            }
            found = true;
        }
    }
    else if (protocol == Ipv6L3Protocol::PROT_NUMBER && m_ipv6 &&
             m_ipv6->GetInterfaceForDevice(device) >= 0)
    {
        m_ipv6->Receive(device, packet, protocol, from, to, type);
        found = true;
    }
    for (const Extra& e : m_extra)
    {
        if (e.device == device && (e.protocol == 0 || e.protocol == protocol))
        {
            e.handler(device, packet, protocol, from, to, type);
            found = true;
        }
    }
    return found;
}

} // namespace ns3
