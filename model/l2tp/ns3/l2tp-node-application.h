/**
 * \file
 * \brief Thin ns-3 adapter: one Application per node runs an L2tpEndpoint (all of the node's LAC
 * and LNS roles) over UDP sockets, and the node's interfaces (L2tpInterfaceSet: l2tp-client
 * dial/redial policy, the server's dynamic interfaces). Every decision is made by the sans-IO
 * cores; this class only moves datagrams, drives the endpoint's one timer and one wake-up timer per
 * interface, and names events with the node.
 */
#ifndef L2TPLAB_L2TP_NODE_APPLICATION_H
#define L2TPLAB_L2TP_NODE_APPLICATION_H

#include "model/common/events.h"
#include "model/l2tp/l2tp-endpoint.h"
#include "model/l2tp/l2tp-interface.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup l2tplab
 * \brief Runs the L2TP endpoint of one node on UDP (RFC 2661 §8.1).
 */
class L2tpNodeApplication : public Application,
                            public L2tpEndpoint::Io,
                            private L2tpInterfaceSet::Io
{
public:
    /**
     * \brief One RouterOS `/interface l2tp-client` entry: a tunnel with one incoming call.
     * (Its tunnel/session ids live in its interface: FindInterface(name)->TunnelId().)
     */
    struct Client
    {
        std::string name;      //!< interface name, e.g. "l2tp-out1"
        Ipv4Address connectTo; //!< LNS address
        uint16_t port{1701};   //!< LNS port
        TimeNs startAt{0};     //!< when to dial (relative to application start)
        bool onDemand{false};  //!< RouterOS dial-on-demand: dial when traffic wants out
    };

    static TypeId GetTypeId();
    L2tpNodeApplication();
    ~L2tpNodeApplication() override;

    /** \brief Set the endpoint configuration and where events go (before start). */
    void Configure(const L2tpEndpointConfig& cfg, const std::string& nodeName, EventSink* sink);
    /** \brief Add an l2tp-client (after Configure, before start). */
    void AddClient(const Client& c);
    /** \brief Redial a client this long after its tunnel went down (0 = never). After Configure. */
    void SetRedialInterval(TimeNs t);
    /** \brief RouterOS one-session-per-host (L2tpInterfaceSet::SetOneSessionPerHost). */
    void SetOneSessionPerHost(bool on);
    /** \brief Add up to `span` to each redial (L2tpInterfaceSet::SetRedialJitter). */
    void SetRedialJitter(TimeNs span, uint64_t seed);

    /** \brief The sans-IO core (for queries). */
    const L2tpEndpoint&
    GetEndpoint() const
    {
        return *m_endpoint;
    }
    const std::vector<Client>&
    GetClients() const
    {
        return m_clients;
    }
    /** \brief Tunnel/session state of a client by interface name ("" if unknown or never dialled).
     */
    std::string ClientTunnelState(const std::string& name) const;
    std::string ClientSessionState(const std::string& name) const;

    /** \brief An interface (client or server-side) by RouterOS name; nullptr if none. Its
     * Monitor(now) gives the `monitor` fields. */
    const L2tpInterface* FindInterface(const std::string& name) const;
    /** \brief Every interface of the node: clients in AddClient order, then server-side ones. */
    std::vector<const L2tpInterface*> GetInterfaces() const;
    /** \brief The interface core (to attach PPP links: SetLinkFactory). */
    L2tpInterfaceSet&
    GetInterfaceSet()
    {
        return *m_ifaces;
    }

    /** \brief Send a PPP frame on a session (data channel). */
    bool SendFrame(uint16_t tunnelId, uint16_t sessionId, const Bytes& frame);

    // L2tpEndpoint::Io
    void SendDatagram(uint16_t localPort, const L2tpPeer& to, const Bytes& datagram) override;
    uint16_t AllocateLocalPort() override;
    void DeliverFrame(uint16_t tunnelId, uint16_t sessionId, const Bytes& pppFrame) override;
    void SessionUp(uint16_t tunnelId, uint16_t sessionId) override;
    void SessionDown(uint16_t tunnelId, uint16_t sessionId) override;
    void TunnelDown(uint16_t tunnelId) override;

protected:
    void DoDispose() override;

private:
    /** \brief Prefixes events with the node name before forwarding them. */
    class NodeSink : public EventSink
    {
    public:
        std::string node;         //!< node name
        EventSink* next{nullptr}; //!< where events go
        void Emit(const LabEvent& e) override;
    };

    void StartApplication() override;
    void StopApplication() override;
    Ptr<Socket> OpenSocket(uint16_t port);
    void HandleRead(Ptr<Socket> socket);
    // L2tpInterfaceSet::Io
    void WakeAt(uint32_t id, TimeNs at) override;
    void OnWake(uint32_t id);
    void Reschedule();
    void OnTimer();
    static TimeNs Now();

    L2tpEndpointConfig m_cfg;                   //!< core configuration
    NodeSink m_sink;                            //!< event prefixing
    std::unique_ptr<L2tpEndpoint> m_endpoint;   //!< the protocol core
    std::unique_ptr<L2tpInterfaceSet> m_ifaces; //!< the interface core
    std::vector<Client> m_clients;              //!< l2tp-client entries
    std::map<uint16_t, Ptr<Socket>> m_sockets;  //!< by local port
    EventId m_timer;                            //!< the one pending endpoint timer
    TimeNs m_timerAt{kNever};                   //!< when m_timer fires
    std::map<uint32_t, EventId> m_wakes;        //!< pending interface wake-ups, by interface id
    bool m_running{false};                      //!< between start and stop

    TracedCallback<uint16_t, uint16_t, const Bytes&> m_frameRx; //!< PPP frame received on a session
    TracedCallback<uint16_t, uint16_t> m_sessionUp;             //!< session established
};

} // namespace ns3

#endif
