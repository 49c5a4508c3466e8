/**
 * \file
 * \brief The interface layer: what RouterOS calls an interface on top of an L2TP session
 * (`l2tp-out1` of an `/interface l2tp-client`, or the server's dynamic `<l2tp-...>` entry).
 *
 * An interface owns the handle of one session (local tunnel and session id), the client's
 * dial/redial policy, the seam where a PPP link attaches (L2tpInterfaceLink: lower layer up/down,
 * frames in; the interface's SendFrame toward L2TP) and the fields RouterOS's `monitor` shows.
 * PPP never sees tunnel or session ids.
 *
 * Sans-IO like L2tpEndpoint: every input takes `now`; the only outputs are calls into the node's
 * L2tpEndpoint (itself sans-IO), events, and one wake-up time per interface that the adapter turns
 * into a timer (L2tpInterfaceSet::Io::WakeAt).
 */
#ifndef L2TPLAB_L2TP_INTERFACE_H
#define L2TPLAB_L2TP_INTERFACE_H

#include "model/common/events.h"
#include "model/common/time.h"
#include "model/l2tp/l2tp-endpoint.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \brief Interface status (RouterOS `monitor` status; ToString gives RouterOS's word).
 *
 * CONNECTED means the L2TP session is ESTABLISHED and the link was told LowerUp; the PPP phases
 * (LCP, authentication, IPCP) are the link's own state.
 */
enum class L2tpInterfaceStatus : uint8_t
{
    INITIALIZING, //!< created, first dial not made yet ("initializing...")
    DIALING,      //!< tunnel/session being set up ("dialing...")
    CONNECTED,    //!< session ESTABLISHED ("connected")
    TERMINATING,  //!< the session ended; our tunnel is being cleared ("terminating...")
    DISCONNECTED, //!< no tunnel; a redial may be pending ("disconnected")
};

/** \brief "initializing", "dialing", "connected", "terminating", "disconnected". */
const char* ToString(L2tpInterfaceStatus s);
/** \brief Prints ToString(s) (logs, test failure messages). */
std::ostream& operator<<(std::ostream& os, L2tpInterfaceStatus s);

/** \brief Which side of the call the interface is. */
enum class L2tpInterfaceKind : uint8_t
{
    CLIENT,         //!< `/interface l2tp-client` entry: dials (LAC, incoming call)
    SERVER_DYNAMIC, //!< created by the server for an established incoming session
};

/** \brief "client", "server-dynamic". */
const char* ToString(L2tpInterfaceKind k);
/** \brief Prints ToString(k). */
std::ostream& operator<<(std::ostream& os, L2tpInterfaceKind k);

/** \brief What RouterOS's `/interface l2tp-client monitor` (or l2tp-server) shows. */
struct L2tpInterfaceMonitor
{
    L2tpInterfaceStatus status{L2tpInterfaceStatus::INITIALIZING}; //!< see the enum
    TimeNs uptime{0};          //!< since the session came up; 0 unless CONNECTED
    TimeNs idleTime{0};        //!< since the last frame in or out; 0 unless CONNECTED
    std::string encoding;      //!< filled by the link (e.g. MPPE); "" without one
    uint32_t localAddress{0};  //!< IPv4 (host order) filled by the link (IPCP); 0 = none
    uint32_t remoteAddress{0}; //!< IPv4 (host order) filled by the link (IPCP); 0 = none
    uint32_t mtu{0};           //!< filled by the link (LCP); 0 = not negotiated
    uint32_t mru{0};           //!< filled by the link (LCP); 0 = not negotiated
    uint16_t tunnelId{0};      //!< local tunnel id (0 = never dialled)
    uint16_t sessionId{0};     //!< local session id (0 = none)
    uint32_t dials{0};         //!< dial attempts so far (clients)
    uint64_t framesIn{0};      //!< frames delivered to the link side
    uint64_t framesOut{0};     //!< frames sent toward L2TP
};

/**
 * \brief The seam a PPP link implements (issue 7 plugs its LCP/auth/IPCP link in here).
 *
 * One link object lives as long as its interface: a client's link sees LowerUp/LowerDown once per
 * connection (redials included); a server-side dynamic interface's link is destroyed with it,
 * right after LowerDown. It sends with L2tpInterface::SendFrame and may hang up with
 * L2tpInterface::Hangup. Its timers are folded into the interface's wake-up time.
 */
class L2tpInterfaceLink
{
public:
    virtual ~L2tpInterfaceLink() = default;
    /** \brief The session is ESTABLISHED: frames can flow (RFC 1661 §4.1 Up event). */
    virtual void LowerUp(TimeNs now) = 0;
    /** \brief The session is gone (RFC 1661 §4.1 Down event). */
    virtual void LowerDown(TimeNs now) = 0;
    /** \brief A PPP frame arrived on the session (as carried in the L2TP data message). */
    virtual void FrameIn(const Bytes& frame, TimeNs now) = 0;

    /** \brief Earliest timer of the link, or kNever. */
    virtual TimeNs
    NextDeadline() const
    {
        return kNever;
    }

    /** \brief Fire the link's timers due at `now`. */
    virtual void
    OnTimer(TimeNs /*now*/)
    {
    }

    /** \brief Fill encoding, addresses, mtu, mru (the negotiated values). */
    virtual void
    FillMonitor(L2tpInterfaceMonitor& /*m*/) const
    {
    }
};

class L2tpInterfaceSet;

/** \brief One interface (see the file comment). Owned by an L2tpInterfaceSet. */
class L2tpInterface
{
public:
    L2tpInterface(const L2tpInterface&) = delete;
    L2tpInterface& operator=(const L2tpInterface&) = delete;
    ~L2tpInterface();

    /** \brief Stable id within its set (clients: their index in AddClient order). */
    uint32_t
    Id() const
    {
        return m_id;
    }

    /** \brief RouterOS name: "l2tp-out1", or "<l2tp-N>" for a server-side session. */
    const std::string&
    Name() const
    {
        return m_name;
    }

    /** \brief Rename (PPP authentication names a dynamic server interface "<l2tp-USER>"). */
    void
    SetName(const std::string& name)
    {
        m_name = name;
    }

    L2tpInterfaceKind
    Kind() const
    {
        return m_kind;
    }

    L2tpInterfaceStatus
    Status() const
    {
        return m_status;
    }

    /** \brief Local tunnel id of the current (or last) connection; 0 if never dialled. */
    uint16_t
    TunnelId() const
    {
        return m_tunnelId;
    }

    /** \brief Local session id of the current (or last) connection; 0 if none. */
    uint16_t
    SessionId() const
    {
        return m_sessionId;
    }

    /** \brief When this interface wants a wake-up: pending dial, deferred close or hang-up, or a
     * link timer; kNever if none. */
    TimeNs NextDeadline() const;

    /** \brief The monitor fields at `now`. */
    L2tpInterfaceMonitor Monitor(TimeNs now) const;

    /** \brief The attached link (nullptr if none). */
    L2tpInterfaceLink*
    Link() const
    {
        return m_link.get();
    }

    /** \brief Link → L2TP: send a PPP frame on the session. \return false if not CONNECTED. */
    bool SendFrame(const Bytes& frame, TimeNs now);
    /** \brief Link → L2TP: clear the call (CDN with this §4.4.2 Result Code). */
    void Hangup(uint16_t cdnResult, TimeNs now);
    /** \brief The link's NextDeadline changed outside an input of the set (e.g. an IP stack sent
     * through it): re-arm this interface's wake-up. Inputs of the set do this themselves. */
    void Resync();

    /** \brief True for a client that dials only when traffic needs it (RouterOS
     * dial-on-demand=yes). */
    bool
    OnDemand() const
    {
        return m_plan.onDemand;
    }

    /**
     * \brief Link → interface: a datagram wants out (RouterOS dial-on-demand). An on-demand
     * client that is not connected and not dialling dials now (in a wake-up at `now`, emitting
     * `demand-dial`). \return true if this call started a dial.
     */
    bool Demand(TimeNs now);

private:
    friend class L2tpInterfaceSet;

    /** \brief Client dial parameters. */
    struct DialPlan
    {
        L2tpPeer connectTo;   //!< LNS address and port
        TimeNs startAt{0};    //!< first dial, relative to Start()
        bool onDemand{false}; //!< dial only on Demand(), never at Start or after a drop
    };

    L2tpInterface(L2tpInterfaceSet* set, uint32_t id, L2tpInterfaceKind kind, std::string name);

    void Dial(TimeNs now);
    void OnWake(TimeNs now);
    void SessionUp(TimeNs now);
    void SessionDown(TimeNs now);
    void TunnelDown(TimeNs now);
    void LowerDown(TimeNs now);
    void FrameIn(const Bytes& frame, TimeNs now);

    L2tpInterfaceSet* m_set;
    uint32_t m_id;
    L2tpInterfaceKind m_kind;
    std::string m_name;
    DialPlan m_plan;
    L2tpInterfaceStatus m_status{L2tpInterfaceStatus::INITIALIZING};
    uint16_t m_tunnelId{0};
    uint16_t m_sessionId{0};
    TimeNs m_dialAt{kNever};    //!< pending (re)dial
    TimeNs m_closeAt{kNever};   //!< pending tunnel close (deferred out of an endpoint callback)
    TimeNs m_hangupAt{kNever};  //!< pending CDN asked for by the link (deferred likewise)
    uint16_t m_hangupResult{0}; //!< its Result Code
    TimeNs m_armedAt{kNever};   //!< the wake-up time last given to the Io
    bool m_touched{false};      //!< queued for a wake-up resync
    TimeNs m_upAt{0};           //!< when CONNECTED was entered
    TimeNs m_lastFrameAt{0};    //!< last frame in or out
    uint32_t m_dials{0};
    uint64_t m_framesIn{0};
    uint64_t m_framesOut{0};
    std::unique_ptr<L2tpInterfaceLink> m_link;
};

/**
 * \brief All interfaces of one node over its L2tpEndpoint: the client dial/redial policy, the
 * server's dynamic interfaces, and dispatch of the endpoint's session callbacks to them.
 *
 * Client policy (RouterOS l2tp-client): dial at Start + startAt (one tunnel with one incoming
 * call); when that session goes down while the tunnel lives, clear the tunnel (StopCCN Result 1,
 * "general request to clear control connection"), deferred out of the endpoint callback to a
 * wake-up at the same time; when the tunnel goes down, emit `redial-scheduled` and dial again
 * after the redial interval (0 = never). A dial-on-demand client dials neither at start nor after
 * a drop, but when its link reports traffic (L2tpInterface::Demand, event `demand-dial`).
 *
 * Server side: every ESTABLISHED session this node did not place gets a dynamic interface named
 * "<l2tp-N>", N = 1, 2, ... in order of establishment, never reused within a run (before PPP
 * authentication there is no user name; issue 7 renames it "<l2tp-USER>" with SetName). It is
 * removed when its session goes down. No events are emitted for it.
 *
 * Wake-ups: each interface has its own wake-up time (Io::WakeAt). One timer per interface, not one
 * shared timer, because the ns-3 adapter must keep the order of same-time events that the former
 * per-dial Simulator::Schedule calls produced (pcaps and events byte-identical).
 */
class L2tpInterfaceSet
{
public:
    /** \brief Outputs of the set (the ns-3 adapter or a test harness). */
    class Io
    {
    public:
        virtual ~Io() = default;
        /**
         * \brief Call OnWake(id, at) at time `at`, replacing the pending wake-up of interface `id`;
         * kNever cancels it. Called in the order decisions are made.
         */
        virtual void WakeAt(uint32_t id, TimeNs at) = 0;
    };

    /** \brief Creates the link of a new interface (nullptr = no link). */
    using LinkFactory = std::function<std::unique_ptr<L2tpInterfaceLink>(L2tpInterface&)>;

    /**
     * \param endpoint the node's endpoint (not owned; outlives the set)
     * \param io outputs (not owned)
     * \param events event sink, may be null
     */
    L2tpInterfaceSet(L2tpEndpoint* endpoint, Io* io, EventSink* events);
    ~L2tpInterfaceSet();

    L2tpInterfaceSet(const L2tpInterfaceSet&) = delete;
    L2tpInterfaceSet& operator=(const L2tpInterfaceSet&) = delete;

    /** \brief Redial this long after a client's tunnel went down (0 = never). */
    void
    SetRedialInterval(TimeNs t)
    {
        m_redial = t;
    }

    TimeNs
    RedialInterval() const
    {
        return m_redial;
    }

    /**
     * \brief Add up to `span` to every redial, drawn deterministically from `seed`, the
     * interface name and its dial count (no random generator in the core). 0 = none.
     */
    void
    SetRedialJitter(TimeNs span, uint64_t seed)
    {
        m_redialJitter = span;
        m_jitterSeed = seed;
    }

    /**
     * \brief Place up to `n` client calls to the same LNS in one tunnel (before Start; default 1,
     * RouterOS's one tunnel per l2tp-client). A concentrating LAC (a BRAS, the benchmarks) packs
     * many callers into few tunnels, since an LNS has only 65,535 tunnel ids (RFC 2661 §3.1:
     * the Tunnel ID is 16 bits). A client whose session ends while others still use its tunnel
     * leaves the tunnel up; the last one clears it as with one call.
     */
    void
    SetCallsPerTunnel(uint32_t n)
    {
        m_callsPerTunnel = n == 0 ? 1 : n;
    }

    /**
     * \brief RouterOS l2tp-server one-session-per-host: when a session from a peer host (tunnel
     * peer IP address) comes up, the server's other sessions from that host are hung up (CDN
     * Result Code 3), event `one-session-per-host`. Default off.
     */
    void
    SetOneSessionPerHost(bool on)
    {
        m_oneSessionPerHost = on;
    }

    /**
     * \brief Links for interfaces created from now on, and for the existing interfaces that have
     * none yet (clients added before the PPP layer was installed).
     */
    void SetLinkFactory(LinkFactory f);

    /**
     * \brief Add an l2tp-client (before Start). \return its interface (id = AddClient order).
     * \param onDemand RouterOS dial-on-demand: no dial at Start + startAt and no redial after a
     * drop; the link calls L2tpInterface::Demand when traffic wants out
     */
    L2tpInterface& AddClient(const std::string& name,
                             const L2tpPeer& connectTo,
                             TimeNs startAt,
                             bool onDemand = false);

    /** \brief Start: arm every client's first dial (in AddClient order). */
    void Start(TimeNs now);
    /** \brief Stop: no more dials or closes; every wake-up is cancelled. */
    void Stop();

    /** \brief The wake-up of interface `id` is due. */
    void OnWake(uint32_t id, TimeNs now);

    // ---- from L2tpEndpoint::Io (local ids)
    void OnSessionUp(uint16_t tunnelId, uint16_t sessionId, TimeNs now);
    void OnSessionDown(uint16_t tunnelId, uint16_t sessionId, TimeNs now);
    void OnTunnelDown(uint16_t tunnelId, TimeNs now);
    void OnFrame(uint16_t tunnelId, uint16_t sessionId, const Bytes& frame, TimeNs now);

    // ---- queries
    /** \brief By name (client or server-side); nullptr if none. */
    const L2tpInterface* Find(const std::string& name) const;
    /** \brief By id; nullptr if none (a removed server interface). */
    const L2tpInterface* FindById(uint32_t id) const;
    /** \brief Every interface, clients first (AddClient order), then server-side ones by id. */
    std::vector<const L2tpInterface*> All() const;
    /** \brief Number of interfaces. */
    size_t
    Size() const
    {
        return m_ifaces.size();
    }

private:
    friend class L2tpInterface;

    using SessionKey = std::pair<uint16_t, uint16_t>; //!< (local tunnel id, local session id)

    L2tpInterface* Lookup(uint16_t tunnelId, uint16_t sessionId) const;

    static uint32_t
    SessionIndexKey(uint16_t tunnelId, uint16_t sessionId)
    {
        return (static_cast<uint32_t>(tunnelId) << 16) | sessionId;
    }

    L2tpInterface& Create(L2tpInterfaceKind kind, const std::string& name);
    void Bind(L2tpInterface& i);
    void Unbind(L2tpInterface& i);
    void Touch(L2tpInterface& i);
    void SyncWakes();
    void Remove(L2tpInterface& i);
    void EmitRedial(const L2tpInterface& i, uint16_t oldTunnel, TimeNs now);
    void EmitClientEvent(const L2tpInterface& i,
                         const char* kind,
                         std::vector<std::pair<std::string, std::string>> fields,
                         TimeNs now);
    uint16_t TunnelFor(const L2tpPeer& lns, TimeNs now);
    bool SharesTunnel(const L2tpInterface& i) const;
    void ReplaceSessionsOfHost(const L2tpInterface& fresh, TimeNs now);

    /** \brief Marks a public input: wake-ups are resynced as each ends; the outermost one frees
     * removed interfaces. */
    class Scope
    {
    public:
        explicit Scope(L2tpInterfaceSet* s);
        ~Scope();

    private:
        L2tpInterfaceSet* m_s;
    };

    L2tpEndpoint* m_endpoint;
    Io* m_io;
    EventSink* m_events;
    TimeNs m_redial{0};
    TimeNs m_redialJitter{0}; //!< see SetRedialJitter
    uint64_t m_jitterSeed{0}; //!< see SetRedialJitter
    bool m_running{false};
    LinkFactory m_linkFactory;
    /** \brief A live interface by id (the m_byId slot), nullptr if none. */
    L2tpInterface* Live(uint32_t id) const;

    uint32_t m_nextId{0};
    /** \brief m_ifaces by position (id), nullptr once removed: the wake-ups and callbacks of
     * 100,000 interfaces look theirs up without walking the ordered map. */
    std::vector<L2tpInterface*> m_byId;
    uint32_t m_serverSerial{0};                                  //!< N of the last "<l2tp-N>"
    std::map<uint32_t, std::unique_ptr<L2tpInterface>> m_ifaces; //!< by id
    std::map<SessionKey, uint32_t> m_bySession;                  //!< current sessions
    std::unordered_map<uint32_t, L2tpInterface*> m_sessionIndex; //!< the same, hashed
    std::multimap<uint16_t, uint32_t> m_byTunnel;                //!< clients' current tunnels
    uint32_t m_callsPerTunnel{1};                                //!< SetCallsPerTunnel
    bool m_oneSessionPerHost{false};                             //!< SetOneSessionPerHost
    /** \brief With one-session-per-host: server interfaces by their host's address (ids; stale
     * ones are dropped when next visited). */
    std::unordered_map<uint32_t, std::vector<uint32_t>> m_byHost;
    /** \brief Per LNS (ip, port): the tunnel being filled and the calls placed in it. */
    std::map<std::pair<uint32_t, uint16_t>, std::pair<uint16_t, uint32_t>> m_filling;
    std::vector<uint32_t> m_touched;                       //!< ids to resync
    std::vector<std::unique_ptr<L2tpInterface>> m_removed; //!< freed by the outermost Scope
    int m_depth{0};                                        //!< nesting of public inputs
};

} // namespace ns3

#endif
