#include "model/ppp/ns3/ppp-net-device.h"

#include "ns3/channel.h"
#include "ns3/mac64-address.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(L2tpLabPppDevice);

TypeId
L2tpLabPppDevice::GetTypeId()
{
    static TypeId tid = TypeId("ns3::L2tpLabPppDevice")
                            .SetParent<NetDevice>()
                            .SetGroupName("L2tpLab")
                            .AddConstructor<L2tpLabPppDevice>();
    return tid;
}

L2tpLabPppDevice::L2tpLabPppDevice()
    : m_address(Mac48Address::Allocate())
{
}

L2tpLabPppDevice::~L2tpLabPppDevice() = default;

void
L2tpLabPppDevice::DoDispose()
{
    m_send = nullptr;
    m_node = nullptr;
    m_rx = MakeNullCallback<bool, Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&>();
    NetDevice::DoDispose();
}

void
L2tpLabPppDevice::SetSendHook(SendHook hook)
{
    m_send = std::move(hook);
}

void
L2tpLabPppDevice::Deliver(uint16_t etherType, const Bytes& datagram)
{
    if (!m_up || m_rx.IsNull())
    {
        return;
    }
    Ptr<Packet> p = Create<Packet>(datagram.data(), static_cast<uint32_t>(datagram.size()));
    m_rx(this, p, etherType, m_address);
}

void
L2tpLabPppDevice::SetLinkUp(bool up)
{
    if (up == m_up)
    {
        return;
    }
    m_up = up;
    m_linkChange();
}

void
L2tpLabPppDevice::SetIpv6InterfaceIds(uint64_t local, uint64_t peer)
{
    m_localId = local;
    m_peerId = peer;
    uint8_t b[8];
    for (int i = 0; i < 8; ++i)
    {
        b[i] = static_cast<uint8_t>(local >> (8 * (7 - i)));
    }
    b[0] ^= 0x02; // modified EUI-64: autoconfiguration flips the bit back
    Mac64Address mac;
    mac.CopyFrom(b);
    m_address = mac;
}

uint64_t
L2tpLabPppDevice::GetIpv6PeerInterfaceId() const
{
    return m_peerId;
}

uint64_t
L2tpLabPppDevice::GetIpv6LocalInterfaceId() const
{
    return m_localId;
}

void
L2tpLabPppDevice::SetInterfaceName(const std::string& name)
{
    m_name = name;
}

const std::string&
L2tpLabPppDevice::GetInterfaceName() const
{
    return m_name;
}

void
L2tpLabPppDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
L2tpLabPppDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
L2tpLabPppDevice::GetChannel() const
{
    return nullptr;
}

void
L2tpLabPppDevice::SetAddress(Address address)
{
    m_address = address;
}

Address
L2tpLabPppDevice::GetAddress() const
{
    return m_address;
}

bool
L2tpLabPppDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
L2tpLabPppDevice::GetMtu() const
{
    return m_mtu;
}

bool
L2tpLabPppDevice::IsLinkUp() const
{
    return m_up;
}

void
L2tpLabPppDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChange.ConnectWithoutContext(callback);
}

bool
L2tpLabPppDevice::IsBroadcast() const
{
    return false;
}

Address
L2tpLabPppDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
L2tpLabPppDevice::IsMulticast() const
{
    return false;
}

Address
L2tpLabPppDevice::GetMulticast(Ipv4Address /*multicastGroup*/) const
{
    return Mac48Address::GetBroadcast();
}

Address
L2tpLabPppDevice::GetMulticast(Ipv6Address /*addr*/) const
{
    return Mac48Address::GetBroadcast();
}

bool
L2tpLabPppDevice::IsBridge() const
{
    return false;
}

bool
L2tpLabPppDevice::IsPointToPoint() const
{
    return true;
}

bool
L2tpLabPppDevice::Send(Ptr<Packet> packet, const Address& /*dest*/, uint16_t protocolNumber)
{
    if (!m_up || !m_send || packet->GetSize() > m_mtu)
    {
        return false;
    }
    Bytes bytes(packet->GetSize());
    packet->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
    return m_send(protocolNumber, bytes);
}

bool
L2tpLabPppDevice::SendFrom(Ptr<Packet> packet,
                           const Address& /*source*/,
                           const Address& dest,
                           uint16_t protocolNumber)
{
    return Send(packet, dest, protocolNumber);
}

Ptr<Node>
L2tpLabPppDevice::GetNode() const
{
    return m_node;
}

void
L2tpLabPppDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
L2tpLabPppDevice::NeedsArp() const
{
    return false;
}

void
L2tpLabPppDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rx = cb;
}

void
L2tpLabPppDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
    m_promisc = cb;
}

bool
L2tpLabPppDevice::SupportsSendFrom() const
{
    return false;
}

} // namespace ns3
