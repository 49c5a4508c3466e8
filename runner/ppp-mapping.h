/**
 * \file
 * \brief RouterOS -> PPP model mapping: what one node's `interface/l2tp-server/server`,
 * `interface/l2tp-server`, `interface/l2tp-client`, `ppp/secret`, `ppp/profile` and `ip/pool`
 * entries become for the PPP layer. Plain C++ (no ns-3), unit-tested in
 * tests/unit/runner/ppp-mapping-test.cc; the ns-3 PPP installer only applies the plan.
 *
 * RouterOS rules followed (manual pages; docs/scenario-reference.md cites each):
 * - `/ppp secret` overrides its `/ppp profile`, which overrides the service's default profile
 *   (the server's `default-profile`), except that a single IP address always takes precedence
 *   over an IP pool for local-address / remote-address (RouterOS "PPP AAA" manual, v6 and v7).
 * - A profile property set to `default` is taken from the interface default profile; in that
 *   profile itself `default` means `no` (PPP AAA manual, profile property table; v2.9 reference
 *   manual p. 390 for only-one).
 * - Built-in profiles: `default` (change-tcp-mss=yes) and `default-encryption` (change-tcp-mss=yes,
 *   use-encryption=yes); an `ppp/profile` entry with one of these names changes the built-in.
 * - A pool hands out the lowest free address of its ranges in the order written, then its
 *   `next-pool`; when every pool of the chain is full the session is refused
 *   ("pool <name> exhausted").
 * - `only-one=yes` refuses a second concurrent session of the same user.
 * - A secret's `service` must be `any` or `l2tp`; a disabled secret refuses; `caller-id`, when
 *   set, must equal the LAC's address as the server sees it.
 */
#ifndef L2TPLAB_RUNNER_PPP_MAPPING_H
#define L2TPLAB_RUNNER_PPP_MAPPING_H

#include "runner/scenario.h"

#include "model/common/time.h"
#include "model/ppp/ppp-auth-method.h"
#include "model/ppp/ppp-auth.h"
#include "model/ppp/ppp-ccp.h"
#include "model/ppp/ppp-mplscp.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/** \brief One route of a secret's `routes=`: installed on the server while the session is up. */
struct PppRoute
{
    uint32_t dst{0};          //!< destination network, host byte order
    uint8_t prefixLen{0};     //!< destination prefix length
    uint32_t gateway{0};      //!< next hop (valid if !gatewayIsPeer)
    bool gatewayIsPeer{true}; //!< no gateway written: the session's remote address
    uint8_t distance{1};      //!< administrative distance (1..255)
};

/**
 * \brief Parse a secret's `routes=`: comma-separated entries "dst-address [gateway] [distance]"
 *        (RouterOS v6 manual, site-to-site example: "10.1.202.0/24 172.16.1.2 1").
 *
 * The destination needs a prefix length (/0../32, host bits zero); a second word that is an IPv4
 * address is the gateway, a number 1..255 is the distance; at most one of each, gateway first.
 * Empty text or empty entries between commas give no route.
 * \param text the value as written
 * \param out receives the routes (cleared first)
 * \param why on failure: what is wrong, naming the entry
 * \return false on a malformed entry
 */
bool ParsePppRoutes(const std::string& text, std::vector<PppRoute>& out, std::string& why);

/**
 * \brief Parse a MAC address "02:00:00:00:00:01" (hex octets, `:` or `-`); a group address
 * (low bit of the first octet) is refused, as is all-zero. \param out the 48 bits
 */
bool ParseMacAddress(const std::string& text, uint64_t& out);

/** \brief What the server gives an authenticated user (secret > profile > pool). */
struct PppSessionGrant
{
    std::string profile;                         //!< resolved profile name
    uint32_t localAddress{0};                    //!< server side of the link; 0 = none given
    uint32_t remoteAddress{0};                   //!< given to the peer in IPCP; 0 = none given
    std::string remotePool;                      //!< pool remoteAddress came from ("" if fixed)
    std::string localPool;                       //!< pool localAddress came from ("" if fixed)
    uint32_t dns1{0};                            //!< first dns-server (RFC 1877), 0 = none
    uint32_t dns2{0};                            //!< second dns-server, 0 = none
    std::vector<PppRoute> routes;                //!< the secret's routes=
    bool onlyOne{false};                         //!< effective only-one
    bool useEncryption{false};                   //!< effective use-encryption (yes or required)
    PppEncryption encryption{PppEncryption::NO}; //!< effective use-encryption (MPPE policy)
    uint16_t changeTcpMss{0};                    //!< MSS clamp (max-mtu - 40), 0 = no clamping
    TimeNs sessionTimeout{0};                    //!< profile session-timeout, 0 = none
    TimeNs idleTimeout{0};                       //!< profile idle-timeout, 0 = none
    PppMplsPolicy mpls{PppMplsPolicy::YES};      //!< effective use-mpls (MPLSCP)
    std::string bridge;  //!< profile bridge=: the interface/bridge to join ("" = none)
    std::string refusal; //!< non-empty: why the session is refused
};

/** \brief Per LNS node: interface/l2tp-server/server + interface/l2tp-server entries. */
struct PppServerPlan
{
    bool enabled{false};                       //!< server `enabled`
    std::vector<PppAuthMethod> authentication; //!< strongest first: mschap2, mschap1, chap, pap
    uint16_t maxMtu{1450};                     //!< largest MRU accepted from the peer
    uint16_t maxMru{1450};                     //!< MRU we advertise
    uint16_t mrru{0};                          //!< multilink MRRU, 0 = disabled
    TimeNs keepaliveTimeout{30 * kSec};        //!< silence before LCP echoes; kNever = disabled
    std::string defaultProfile{"default-encryption"};    //!< profile of secrets that name none
    std::map<std::string, std::string> staticInterfaces; //!< interface/l2tp-server name -> user
    /** \brief caller-id-type=number: a secret's caller-id is matched against the Calling Number
     * AVP (which l2tplab's LACs do not send); else (ip-address) against the LAC's address. */
    bool callerIdIsNumber{false};
};

/** \brief Per interface/l2tp-client (a `count: N` entry gives N plans, NAME1..NAMEN). */
struct PppClientPlan
{
    std::string name;                   //!< interface name (l2tp-outN when unset)
    std::string user;                   //!< PPP user
    std::string password;               //!< PPP password
    std::string profile;                //!< ppp/profile of the client
    std::vector<PppAuthMethod> allow;   //!< methods it agrees to, strongest first
    uint16_t maxMtu{1450};              //!< largest MRU accepted from the peer
    uint16_t maxMru{1450};              //!< MRU we advertise
    uint16_t mrru{0};                   //!< multilink MRRU, 0 = disabled
    TimeNs keepaliveTimeout{60 * kSec}; //!< kNever = disabled
    bool addDefaultRoute{false};        //!< default route via the tunnel once up
    uint8_t defaultRouteDistance{1};    //!< its distance
    bool dialOnDemand{false};           //!< dial only when traffic needs it
    bool disabled{true};                //!< RouterOS default: yes (never dials)
    uint32_t connectTo{0};              //!< LNS address
    PppSessionGrant grant;              //!< the client's own profile (addresses, dns...)
};

/** \brief An IP pool with its allocations: lowest free address of the ranges in written order. */
class PppPool
{
public:
    /** \brief A pool from its ranges ([first, last] each, in written order). */
    PppPool(std::string name,
            std::vector<std::pair<uint32_t, uint32_t>> ranges,
            std::string nextPool);
    /** \brief Take the lowest free address (range order). \return false if full. */
    bool Allocate(uint32_t& out);
    /** \brief Give an address back. \return false if it was not allocated from this pool. */
    bool Release(uint32_t address);
    /** \brief Addresses currently handed out. */
    uint64_t InUse() const;
    /** \brief Total addresses of the ranges. */
    uint64_t Size() const;
    /** \brief Pool name. */
    const std::string& Name() const;
    /** \brief `next-pool` ("" = none). */
    const std::string& NextPool() const;

private:
    /** \brief Position in range order: (range index, address). */
    using Pos = std::pair<size_t, uint32_t>;
    /** \brief Position of an allocated address, or false. */
    bool Find(uint32_t address, Pos& out) const;

    std::string m_name;                                  //!< pool name
    std::vector<std::pair<uint32_t, uint32_t>> m_ranges; //!< [first, last], written order
    std::string m_next;                                  //!< next-pool
    size_t m_range{0};                                   //!< fresh cursor: range index
    uint64_t m_offset{0};                                //!< fresh cursor: offset in that range
    std::set<Pos> m_released;                            //!< freed below the cursor
    uint64_t m_inUse{0};                                 //!< handed out now
};

/** \brief One server node's `/ppp secret` + `/ppp profile` + `/ip pool`, with session state. */
class PppAaa
{
public:
    PppAaa() = default;
    /** \brief From one node's config (MakePppAaa). */
    explicit PppAaa(const NodeConfig& cfg);

    /**
     * \brief The secret for `user` as the authenticator needs it.
     * \param user the name the peer authenticates with
     * \param callerId what the call is identified by (caller-id-type: the LAC's address as the
     *        server sees it, dotted quad, or the Calling Number; "" = the call has none, so a
     *        secret with a caller-id does not match); nullopt = not checked
     * \return UNKNOWN_USER (no secret, or its caller-id differs), SECRET_DISABLED,
     *         SERVICE_NOT_ALLOWED (service not any/l2tp), else NONE with the password
     */
    PppSecretAnswer Lookup(const std::string& user,
                           const std::optional<std::string>& callerId = std::nullopt) const;
    /**
     * \brief Lookup as a PppSecretLookup for PppAuthenticator (no caller-id check). It refers to
     *        this object: valid while this PppAaa lives at the same address.
     */
    PppSecretLookup Lookuper() const;
    /**
     * \brief What an authenticated user's session gets; allocates pool addresses and counts the
     *        session. A refused grant (refusal non-empty) allocated nothing.
     */
    PppSessionGrant Grant(const std::string& user);
    /**
     * \brief A grant from profile `profile` alone, no secret (the client side: its own profile's
     *        addresses, dns-server...); pools are this node's. Not counted as a session.
     * \param maxMtu the interface max-mtu (change-tcp-mss clamps to maxMtu - 40)
     */
    PppSessionGrant GrantProfile(const std::string& profile, uint16_t maxMtu);
    /** \brief The session of `user` ended: free its pool addresses, uncount it. */
    void Release(const std::string& user, const PppSessionGrant& g);
    /** \brief Sessions of `user` now. */
    uint32_t Sessions(const std::string& user) const;
    /** \brief A pool by name, or nullptr (tests, monitor). */
    const PppPool* Pool(const std::string& name) const;

private:
    /** \brief The secret named `user`, or nullptr. */
    const ConfigObject* FindSecret(const std::string& user) const;
    /** \brief Addresses and profile fields from a secret (or none) and a profile chain. */
    PppSessionGrant Compose(const ConfigObject* secret,
                            const std::string& profile,
                            const std::vector<std::map<std::string, std::string>>& chain,
                            uint16_t maxMtu);
    /**
     * \brief Allocate from `pool`, else its next-pool chain (each pool once).
     * \return false with `refusal` set when every pool of the chain is full
     */
    bool AllocateChain(const std::string& pool,
                       uint32_t& addr,
                       std::string& from,
                       std::string& refusal);
    /** \brief Give `addr` back to `pool`. */
    void ReleaseTo(const std::string& pool, uint32_t addr);

    std::vector<ConfigObject> m_secrets;                //!< ppp/secret entries
    std::vector<ConfigObject> m_profiles;               //!< ppp/profile entries
    std::map<std::string, PppPool> m_pools;             //!< ip/pool by name
    std::string m_defaultProfile{"default-encryption"}; //!< server default-profile
    uint16_t m_maxMtu{1450};                            //!< server max-mtu (change-tcp-mss clamp)
    std::map<std::string, uint32_t> m_sessions;         //!< user -> concurrent sessions
};

/** \brief The server side: authentication list, MTU/MRU, keepalive, static interfaces. */
PppServerPlan PlanPppServer(const NodeConfig& cfg);

/** \brief Every interface/l2tp-client entry (disabled ones too, flagged), in written order. */
std::vector<PppClientPlan> PlanPppClients(const NodeConfig& cfg);

/**
 * \brief RouterOS `/ipv6 settings disable-ipv6`: false only when written `yes`. The default is
 *        RouterOS v7's (IPv6 enabled; v6 shipped it as a disabled package):
 * docs/scenario-reference.md.
 */
bool Ipv6Enabled(const NodeConfig& cfg);

/** \brief The node's AAA (secrets, profiles, pools). */
PppAaa MakePppAaa(const NodeConfig& cfg);

} // namespace ns3

#endif
