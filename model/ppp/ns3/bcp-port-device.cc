#include "model/ppp/ns3/bcp-port-device.h"

#include "model/ppp/ppp-bcp.h"

#include "ns3/node.h"
#include "ns3/packet.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(L2tpLabBcpPortDevice);

TypeId
L2tpLabBcpPortDevice::GetTypeId()
{
    static TypeId tid = TypeId("ns3::L2tpLabBcpPortDevice")
                            .SetParent<NetDevice>()
                            .SetGroupName("L2tpLab")
                            .AddConstructor<L2tpLabBcpPortDevice>();
    return tid;
}

L2tpLabBcpPortDevice::L2tpLabBcpPortDevice()
    : m_channel(CreateObject<SimpleChannel>())
    , m_address(Mac48Address::Allocate())
{
}

L2tpLabBcpPortDevice::~L2tpLabBcpPortDevice() = default;

void
L2tpLabBcpPortDevice::DoDispose()
{
    m_send = nullptr;
    m_node = nullptr;
    m_channel = nullptr;
    m_rx = MakeNullCallback<bool, Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&>();
    m_promisc = MakeNullCallback<bool, Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&,
                                 const Address&, NetDevice::PacketType>();
    NetDevice::DoDispose();
}

void
L2tpLabBcpPortDevice::SetSendHook(SendHook hook)
{
    m_send = std::move(hook);
}

uint64_t
L2tpLabBcpPortDevice::GetDrops() const
{
    return m_drops;
}

bool
L2tpLabBcpPortDevice::Receive(const Bytes& eth)
{
    if (!m_up || eth.size() < kEthernetHeaderSize)
    {
        ++m_drops;
        return false;
    }
    Mac48Address dst;
    Mac48Address src;
    dst.CopyFrom(eth.data());
    src.CopyFrom(eth.data() + 6);
    const auto type = static_cast<uint16_t>(eth[12] << 8 | eth[13]);
    Ptr<Packet> p = Create<Packet>(eth.data() + kEthernetHeaderSize,
                                   static_cast<uint32_t>(eth.size() - kEthernetHeaderSize));
    NetDevice::PacketType kind = NetDevice::PACKET_OTHERHOST;
    if (dst.IsBroadcast())
    {
        kind = NetDevice::PACKET_BROADCAST;
    }
    else if (dst.IsGroup())
    {
        kind = NetDevice::PACKET_MULTICAST;
    }
    else if (dst == m_address)
    {
        kind = NetDevice::PACKET_HOST;
    }
    if (!m_promisc.IsNull())
    {
        m_promisc(this, p, type, src, dst, kind);
    }
    if (kind != NetDevice::PACKET_OTHERHOST && !m_rx.IsNull())
    {
        m_rx(this, p, type, src);
    }
    return true;
}

void
L2tpLabBcpPortDevice::SetLinkUp(bool up)
{
    if (up == m_up)
    {
        return;
    }
    m_up = up;
    m_linkChange();
}

void
L2tpLabBcpPortDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
L2tpLabBcpPortDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
L2tpLabBcpPortDevice::GetChannel() const
{
    return m_channel;
}

void
L2tpLabBcpPortDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
L2tpLabBcpPortDevice::GetAddress() const
{
    return m_address;
}

bool
L2tpLabBcpPortDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
L2tpLabBcpPortDevice::GetMtu() const
{
    return m_mtu;
}

bool
L2tpLabBcpPortDevice::IsLinkUp() const
{
    return m_up;
}

void
L2tpLabBcpPortDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChange.ConnectWithoutContext(callback);
}

bool
L2tpLabBcpPortDevice::IsBroadcast() const
{
    return true;
}

Address
L2tpLabBcpPortDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
L2tpLabBcpPortDevice::IsMulticast() const
{
    return true;
}

Address
L2tpLabBcpPortDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
L2tpLabBcpPortDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
L2tpLabBcpPortDevice::IsBridge() const
{
    return false;
}

bool
L2tpLabBcpPortDevice::IsPointToPoint() const
{
    return false;
}

bool
L2tpLabBcpPortDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    return SendFrom(packet, m_address, dest, protocolNumber);
}

bool
L2tpLabBcpPortDevice::SendFrom(Ptr<Packet> packet,
                               const Address& source,
                               const Address& dest,
                               uint16_t protocolNumber)
{
    if (!m_up || !m_send || packet->GetSize() > m_mtu)
    {
        ++m_drops;
        return false;
    }
    Bytes eth(kEthernetHeaderSize + packet->GetSize());
    Mac48Address::ConvertFrom(dest).CopyTo(eth.data());
    Mac48Address::ConvertFrom(source).CopyTo(eth.data() + 6);
    eth[12] = static_cast<uint8_t>(protocolNumber >> 8);
    eth[13] = static_cast<uint8_t>(protocolNumber);
    packet->CopyData(eth.data() + kEthernetHeaderSize, packet->GetSize());
    if (eth.size() < kEthernetMinFrame)
    {
        eth.resize(kEthernetMinFrame, 0); // 802.3 pad, sent as is (Tinygram-Compression disabled)
    }
    return m_send(eth);
}

Ptr<Node>
L2tpLabBcpPortDevice::GetNode() const
{
    return m_node;
}

void
L2tpLabBcpPortDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
L2tpLabBcpPortDevice::NeedsArp() const
{
    return true;
}

void
L2tpLabBcpPortDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rx = cb;
}

void
L2tpLabBcpPortDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
    m_promisc = cb;
}

bool
L2tpLabBcpPortDevice::SupportsSendFrom() const
{
    return true;
}

} // namespace ns3
