#include "runner/ns3/proxy-arp.h"

#include "runner/ns3/l3-dispatch.h"

#include "ns3/arp-cache.h"
#include "ns3/arp-header.h"
#include "ns3/arp-l3-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{

namespace
{

/** \brief State of one proxy-arp interface. */
struct ProxyArp : public SimpleRefCount<ProxyArp>
{
    Ptr<Node> node;
    Ptr<NetDevice> dev;
    std::string nodeName;
    std::string iface;
    EventSink* events{nullptr};

    /** \brief True if the node routes `target` out of an interface other than `dev`. */
    bool
    RoutedElsewhere(Ipv4Address target) const
    {
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        if (ipv4->IsDestinationAddress(target, ipv4->GetInterfaceForDevice(dev)))
        {
            return false; // our own address: ARP answers it already
        }
        Ipv4Header h;
        h.SetDestination(target);
        Socket::SocketErrno err;
        Ptr<Ipv4Route> r = ipv4->GetRoutingProtocol()->RouteOutput(nullptr, h, nullptr, err);
        return r && r->GetOutputDevice() != dev;
    }

    void
    Receive(Ptr<NetDevice> device,
            Ptr<const Packet> p,
            uint16_t /*protocol*/,
            const Address& /*from*/,
            const Address& /*to*/,
            NetDevice::PacketType /*type*/)
    {
        ArpHeader arp;
        Ptr<Packet> copy = p->Copy();
        if (copy->RemoveHeader(arp) == 0 || !arp.IsRequest())
        {
            return;
        }
        const Ipv4Address target = arp.GetDestinationIpv4Address();
        if (!RoutedElsewhere(target))
        {
            return;
        }
        ArpHeader reply;
        reply.SetReply(device->GetAddress(), target, arp.GetSourceHardwareAddress(),
                       arp.GetSourceIpv4Address());
        Ptr<Packet> out = Create<Packet>();
        out->AddHeader(reply);
        device->Send(out, arp.GetSourceHardwareAddress(), ArpL3Protocol::PROT_NUMBER);
        if (L2tpLabL3Dispatch::ArpLearning(device))
        {
            // Linux arp_process() adds the sender of a request it proxies as of one for itself.
            Ptr<Ipv4L3Protocol> ip = node->GetObject<Ipv4L3Protocol>();
            L2tpLabL3Dispatch::LearnNeighbour(
                ip->GetInterface(ip->GetInterfaceForDevice(device))->GetArpCache(),
                arp.GetSourceIpv4Address(), arp.GetSourceHardwareAddress());
        }
        if (events != nullptr)
        {
            LabEvent e;
            e.time = Simulator::Now().GetNanoSeconds();
            e.node = nodeName;
            e.object = "arp/" + iface;
            e.kind = "proxy-arp-reply";
            std::ostringstream t;
            t << target;
            std::ostringstream asker;
            asker << arp.GetSourceIpv4Address();
            e.fields = {{"target", t.str()}, {"asker", asker.str()}};
            events->Emit(e);
        }
    }
};

} // namespace

void
EnableProxyArp(Ptr<Node> node,
               Ptr<NetDevice> dev,
               const std::string& nodeName,
               const std::string& iface,
               EventSink* events)
{
    Ptr<ProxyArp> pa = Create<ProxyArp>();
    pa->node = node;
    pa->dev = dev;
    pa->nodeName = nodeName;
    pa->iface = iface;
    pa->events = events;
    L2tpLabL3Dispatch::AddHandler(dev, ArpL3Protocol::PROT_NUMBER,
                                  MakeCallback(&ProxyArp::Receive, pa));
}

} // namespace ns3
