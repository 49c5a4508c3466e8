/**
 * \file
 * \brief Everything one node runs on UDP for L2TP (RFC 2661): demultiplexing of datagrams to
 * tunnels and sessions, tunnel creation for SCCRQs (with admission control and the §4.4.3 tie
 * breaker), id allocation, timers for all tunnels, counters and events.
 *
 * Sans-IO: the ns-3 adapter (model/l2tp/ns3/l2tp-node-application.*) implements Io and calls the
 * inputs with the simulation time; unit tests drive it with a virtual clock.
 */
#ifndef L2TPLAB_L2TP_ENDPOINT_H
#define L2TPLAB_L2TP_ENDPOINT_H

#include "model/common/crypto.h"
#include "model/common/events.h"
#include "model/common/time.h"
#include "model/l2tp/l2tp-control-channel.h"
#include "model/l2tp/l2tp-session.h"
#include "model/l2tp/l2tp-tunnel.h"

#include <cstdint>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

/** \brief Configuration of one node's L2TP endpoint (RouterOS names are mapped by the runner). */
struct L2tpEndpointConfig
{
    std::string hostName{"l2tplab"};    //!< Host Name AVP (§4.4.3)
    std::string vendorName{"l2tplab"};  //!< Vendor Name AVP
    uint16_t firmwareRevision{0x0100};  //!< Firmware Revision AVP
    std::string secret;                 //!< tunnel authentication + AVP hiding key; empty = none
    bool hideAvps{false};               //!< hide sensitive AVPs (needs secret)
    bool acceptTunnels{false};          //!< LNS role: accept SCCRQ from anyone
    bool replyFromEphemeralPort{false}; //!< LNS: answer each new tunnel from a fresh local port
    uint16_t localPort{1701};           //!< our well-known port (§8.1)
    uint32_t maxTunnels{0};             //!< 0 = unlimited; over: StopCCN Result 2 / Error 4
    uint32_t maxSessionsPerTunnel{0};   //!< 0 = unlimited; over: CDN Result 4
    /** \brief Tunnels accepted from an SCCRQ are cleared (StopCCN Result 1) when the peer's CDN
     * clears their last call, as a RouterOS LNS does (L2tpTunnel::CloseAfterPeersLastCall). */
    bool closeAfterPeersLastCall{false};
    /** \brief Unset = unlimited; an incoming call that would make more sessions live on this
     * endpoint (all tunnels together) is refused: CDN Result 4 (RouterOS `max-sessions`; 0
     * refuses every call). */
    std::optional<uint32_t> maxSessions;
    bool sequenceData{false};          //!< send S bit on data messages (LAC: Sequencing Required)
    uint32_t framingCapabilities{0x3}; //!< Framing Capabilities AVP
    uint32_t bearerCapabilities{0x0};  //!< Bearer Capabilities AVP
    bool sendTieBreaker{true};         //!< Tie Breaker AVP in SCCRQ (§4.4.3)
    L2tpControlChannelConfig channel;  //!< reliable delivery knobs
    uint64_t seed{1}; //!< DetRandom for tie breaker, random vectors, challenges, ids
};

/**
 * \brief One node's L2TP: all tunnels (as LAC and/or LNS) behind its UDP port(s).
 */
class L2tpEndpoint : private L2tpTunnel::Owner
{
public:
    /** \brief The endpoint's outputs (implemented by the ns-3 adapter or a test harness). */
    class Io
    {
    public:
        virtual ~Io() = default;
        /** \brief Send a UDP datagram from our localPort to `to`. */
        virtual void SendDatagram(uint16_t localPort,
                                  const L2tpPeer& to,
                                  const Bytes& datagram) = 0;
        /** \brief Bind a fresh local UDP port (for replyFromEphemeralPort); 0 on failure. */
        virtual uint16_t AllocateLocalPort() = 0;
        /** \brief A PPP frame arrived on a session (local ids). */
        virtual void DeliverFrame(uint16_t tunnelId, uint16_t sessionId, const Bytes& pppFrame) = 0;
        /** \brief A session reached ESTABLISHED (local ids); PPP may start. */
        virtual void
        SessionUp(uint16_t /*tunnelId*/, uint16_t /*sessionId*/)
        {
        }
        /** \brief A session ended (was up, or was placed locally). */
        virtual void
        SessionDown(uint16_t /*tunnelId*/, uint16_t /*sessionId*/)
        {
        }
        /** \brief A tunnel left the live states (StopCCN sent/received, give-up, clean up). */
        virtual void
        TunnelDown(uint16_t /*tunnelId*/)
        {
        }
    };

    /**
     * \param cfg configuration (copied)
     * \param io outputs (not owned, must outlive the endpoint)
     * \param events event sink, may be null (then no LabEvent is built at all)
     */
    L2tpEndpoint(const L2tpEndpointConfig& cfg, Io* io, EventSink* events);
    ~L2tpEndpoint() override;

    L2tpEndpoint(const L2tpEndpoint&) = delete;
    L2tpEndpoint& operator=(const L2tpEndpoint&) = delete;

    /** \brief LAC: send SCCRQ to `lns`. \return our local tunnel id (0 if none is free). */
    uint16_t OpenTunnel(const L2tpPeer& lns, TimeNs now);
    /**
     * \brief Place a call on a tunnel (it starts when the tunnel is ESTABLISHED).
     * \return our local session id, 0 on error.
     */
    uint16_t PlaceCall(uint16_t tunnelId, L2tpCallKind kind, TimeNs now);
    /** \brief CDN with this Result Code (§4.4.2 CDN codes). */
    void CloseSession(uint16_t tunnelId, uint16_t sessionId, uint16_t result, TimeNs now);
    /** \brief StopCCN with this Result Code (§4.4.2 StopCCN codes). */
    void CloseTunnel(uint16_t tunnelId, uint16_t result, TimeNs now);
    /** \brief A UDP datagram arrived on one of our ports. Malformed input is counted, never fatal.
     */
    void OnDatagram(
        uint16_t localPort, const L2tpPeer& from, const uint8_t* data, size_t len, TimeNs now);
    /** \brief Send a PPP frame on an established session. \return false if not possible. */
    bool SendFrame(uint16_t tunnelId, uint16_t sessionId, const Bytes& pppFrame, TimeNs now);
    /** \brief LNS: Set-Link-Info (§6.14). */
    void SendSli(
        uint16_t tunnelId, uint16_t sessionId, uint32_t sendAccm, uint32_t recvAccm, TimeNs now);
    /** \brief LAC: WAN-Error-Notify (§6.13). */
    void SendWen(uint16_t tunnelId, uint16_t sessionId, const L2tpCallErrors& errors, TimeNs now);
    /** \brief Fire every timer due at `now`. */
    void OnTimer(TimeNs now);
    /** \brief Earliest deadline of all tunnels, or kNever. O(1) (a sorted set is kept). */
    TimeNs NextDeadline() const;

    // ---- queries (runner expectations, reports, tests)
    /** \brief Tunnels present (CLOSING ones included) or only ESTABLISHED ones. */
    size_t TunnelCount(bool establishedOnly) const;
    /** \brief Sessions not yet cleaned up, or only ESTABLISHED ones (the latter is O(1)). */
    size_t SessionCount(bool establishedOnly) const;
    /** \brief "ESTABLISHED", ...; "CLOSED" for an id that is not (or no longer) present. */
    std::string TunnelState(uint16_t tunnelId) const;
    /** \brief "ESTABLISHED", ...; "CLOSED" for an id that is not (or no longer) present. */
    std::string SessionState(uint16_t tunnelId, uint16_t sessionId) const;
    /** \brief Ids of the tunnels present, ascending. */
    std::vector<uint16_t> TunnelIds() const;
    /** \brief Drops with reasons ("drop/decode/AVP_OVERRUN", "drop/unknown-tunnel", ...), tunnel
     * and call outcomes, and the control channels' counters under "channel/". */
    const Counters& GetCounters() const;
    /** \brief A tunnel (nullptr if not present). For tests and reports. */
    const L2tpTunnel* FindTunnel(uint16_t tunnelId) const;

private:
    /** \brief Key of a tunnel created for a peer's SCCRQ (duplicates carry tunnel id 0). */
    struct PeerKey
    {
        uint32_t ip;      //!< peer address
        uint16_t port;    //!< peer port
        uint16_t peerTid; //!< the peer's Assigned Tunnel ID

        bool
        operator<(const PeerKey& o) const
        {
            return ip != o.ip ? ip < o.ip : port != o.port ? port < o.port : peerTid < o.peerTid;
        }
    };

    /** \brief Marks the outermost public call; settles deadlines and deletions when it ends. */
    class Scope
    {
    public:
        explicit Scope(L2tpEndpoint* e);
        ~Scope();

    private:
        L2tpEndpoint* m_e;
    };

    // L2tpTunnel::Owner
    void TunnelTransmit(L2tpTunnel& t, const Bytes& datagram) override;
    bool TunnelWantsEvents() const override;
    void TunnelEmit(const LabEvent& e) override;
    void TunnelCount(const std::string& counter) override;
    DetRandom& TunnelRandom() override;
    uint32_t TunnelNextCallSerial() override;
    void TunnelClosed(L2tpTunnel& t) override;
    void TunnelSessionUp(L2tpTunnel& t, L2tpSession& s) override;
    void TunnelSessionSlots(int delta) override;
    bool TunnelAdmitsCall() const override;
    void TunnelSessionDown(L2tpTunnel& t, L2tpSession& s) override;
    void TunnelDeliverFrame(L2tpTunnel& t, L2tpSession& s, const Bytes& frame) override;

    L2tpTunnel* Find(uint16_t id);
    L2tpTunnel* CreateTunnel(const L2tpPeer& peer, uint16_t localPort);
    uint16_t AllocateTunnelId();
    void RememberPeerKey(const PeerKey& key, uint16_t id);
    void Touch(uint16_t id);
    void Settle();
    void Drop(const std::string& reason, const L2tpPeer& from, TimeNs now);
    void HandleTunnelIdZero(uint16_t localPort,
                            const L2tpPeer& from,
                            const L2tpControlMessage& m,
                            TimeNs now);
    void HandleSccrq(uint16_t localPort,
                     const L2tpPeer& from,
                     const L2tpControlMessage& m,
                     TimeNs now);
    bool TieBreak(const L2tpPeer& from, const L2tpControlMessage& m, TimeNs now);

    L2tpEndpointConfig m_cfg;
    L2tpTunnelConfig m_tunnelCfg;
    Io* m_io;
    EventSink* m_events;
    DetRandom m_rng;
    uint32_t m_callSerial{0};
    std::map<uint16_t, std::unique_ptr<L2tpTunnel>> m_tunnels; //!< by local tunnel id
    std::unordered_map<uint16_t, L2tpTunnel*> m_tunnelIndex;   //!< the same, hashed (Find)
    std::map<PeerKey, uint16_t> m_byPeerTid;                   //!< SCCRQ-created tunnels
    std::unordered_map<uint16_t, PeerKey> m_peerKeyOf;         //!< reverse of m_byPeerTid
    std::map<uint32_t, std::set<uint16_t>> m_initiatedTo;      //!< peer ip -> our SCCRQ tunnels
    std::set<std::pair<TimeNs, uint16_t>> m_deadlines;         //!< (deadline, tunnel id)
    /** \brief Tunnel id -> its entry in m_deadlines. */
    std::unordered_map<uint16_t, std::set<std::pair<TimeNs, uint16_t>>::iterator> m_deadlineOf;
    std::vector<uint16_t> m_touched; //!< to settle after this call
    int m_depth{0};                  //!< nesting of public calls
    size_t m_liveTunnels{0};         //!< not yet CLOSING/CLOSED
    size_t m_liveSessions{0};        //!< sessions held by the tunnels (any state until reaped)
    size_t m_establishedSessions{0};
    Counters m_counters;
    mutable Counters m_allCounters; //!< m_counters + live channels, rebuilt by GetCounters
};

} // namespace ns3

#endif
