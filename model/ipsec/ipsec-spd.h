/**
 * \file
 * \brief The Security Policy Database (RFC 4301 §4.4.1) as RouterOS `/ip ipsec policy` presents
 * it, sans-IO: static policies (src/dst address and prefix, protocol, ports, action
 * encrypt|none|discard, level require|unique, sa-src/sa-dst, peer), the dynamic ("D") policies a
 * passive peer with `generate-policy` creates when a quick mode completes, the outbound lookup
 * (bypass, protect with which SA, acquire, discard) and the inbound checks (a clear packet where
 * a policy says encrypt is dropped and counted: how `use-ipsec=required` refuses plain L2TP; a
 * decrypted packet must have come through an SA of the policy that covers it).
 *
 * Two server behaviours for several L2TP/IPsec clients behind one NAT (issue 8, RouterOS manual
 * "IPsec/L2TP behind NAT": "Only one L2TP/IpSec connection can be established through the NAT"):
 *  - NAIVE (what a Linux kernel does, and RouterOS with it): a generated policy is keyed on its
 *    selector only, (local, 1701) <-> (peer public address, 1701). Every client behind one NAT
 *    proposes the same selector after NAT-OA substitution, so client 2's quick mode re-binds the
 *    one policy (level require, one shared reqid) to its own SA: the replies meant for client 1
 *    leave encrypted for client 2, whose L2TP drops them, and client 1 times out.
 *  - PER_PEER: a generated policy behind a NAT is keyed on the peer's NAT-T encapsulation port
 *    too. Its selector's remote port is that port (unique per client: the NAT gave each its own
 *    4500 mapping), so the node's L2TP sees each client as (public address, encap port); inbound,
 *    the carrier rewrites the decrypted segment's source port 1701 to the encap port
 *    (InboundResult::rewriteSrcPort), outbound back to 1701 (OutboundResult::rewriteDstPort).
 *    Both clients work.
 *
 * Lookup order: dynamic policies first (newest last), then static ones in the order added; the
 * first match wins. Addresses are IPv4 host-order integers (SpdParseIpv4 reads dotted text).
 */
#ifndef L2TPLAB_IPSEC_IPSEC_SPD_H
#define L2TPLAB_IPSEC_IPSEC_SPD_H

#include "model/ipsec/ike-api.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

constexpr uint16_t kL2tpUdpPort = 1701; //!< RFC 2661 §8.1, RFC 3193 §4

/** \brief `/ip ipsec policy action`. */
enum class SpdAction : uint8_t
{
    ENCRYPT, //!< protect with ESP
    NONE,    //!< pass in clear (bypass)
    DISCARD, //!< drop
};

/** \brief `/ip ipsec policy level` (RouterOS: require, unique; use is refused by the mapping). */
enum class SpdLevel : uint8_t
{
    REQUIRE, //!< any SA to sa-dst with the policy's reqid may be used (shared)
    UNIQUE,  //!< only the SA negotiated for this very policy
};

/** \brief Passive peer's `generate-policy`. */
enum class SpdGenerate : uint8_t
{
    NO,            //!< no dynamic policy (a static one must exist)
    PORT_STRICT,   //!< the ports of the peer's proposal
    PORT_OVERRIDE, //!< any port
};

/** \brief How generated policies of clients behind one NAT are keyed (see the file comment). */
enum class SpdServerMode : uint8_t
{
    NAIVE,    //!< selector only: client 2 steals client 1's replies (Linux, RouterOS)
    PER_PEER, //!< selector + NAT-T encapsulation port: both work
};

/** \brief Why the SPD dropped a packet. Rows of SpdReasonTable(). */
enum class SpdReason : uint8_t
{
    DISCARD_POLICY,    //!< a policy with action discard matched
    CLEAR_BUT_ENCRYPT, //!< arrived in clear where a policy says encrypt (RFC 4301 §5.2)
    SA_NOT_FOR_POLICY, //!< decrypted, but the SA is not one the covering policy allows
    NO_POLICY_FOR_SA,  //!< decrypted, but no encrypt policy covers the inner packet
    NO_SA,             //!< outbound, no SA and nobody to acquire one (passive peer)
    COUNT_,            //!< number of reasons (not a reason)
};

/** \brief One reason row (snake_case name for counters, citation, words). */
struct SpdReasonInfo
{
    SpdReason reason; //!< the reason
    const char* name; //!< e.g. "clear_but_encrypt"
    const char* rfc;  //!< citation
    const char* text; //!< one sentence
};

/** \brief Every reason row, in SpdReason order. */
const SpdReasonInfo* SpdReasonTable(size_t& count);

/** \brief Names: "encrypt"/"none"/"discard", "require"/"unique", "no"/"port-strict"/... */
const char* SpdActionName(SpdAction a);
const char* SpdLevelName(SpdLevel l);
bool ParseSpdAction(const std::string& s, SpdAction& out);
bool ParseSpdLevel(const std::string& s, SpdLevel& out);
bool ParseSpdGenerate(const std::string& s, SpdGenerate& out);
bool ParseSpdServerMode(const std::string& s, SpdServerMode& out);
const char* SpdServerModeName(SpdServerMode m);

/** \brief Dotted IPv4 text to host order; false if not four octets. */
bool SpdParseIpv4(const std::string& text, uint32_t& out);
/** \brief "a.b.c.d" or "a.b.c.d/n"; false if malformed. */
bool SpdParsePrefix(const std::string& text, uint32_t& addr, uint8_t& len);
/** \brief Host order to dotted text. */
std::string SpdIpv4Text(uint32_t addr);

/** \brief The fields of a packet the SPD looks at (as seen by the node: outbound or received). */
struct SpdPacket
{
    uint32_t src{0};      //!< source address
    uint32_t dst{0};      //!< destination address
    uint8_t protocol{17}; //!< IP protocol
    uint16_t srcPort{0};  //!< UDP/TCP source port (0 if none)
    uint16_t dstPort{0};  //!< destination port
};

/** \brief A policy: RouterOS `/ip ipsec policy` (selectors from the local node's point of view). */
struct SpdPolicy
{
    uint32_t srcAddr{0};                  //!< src-address (local side)
    uint8_t srcLen{0};                    //!< its prefix length (0 = any)
    uint32_t dstAddr{0};                  //!< dst-address (remote side)
    uint8_t dstLen{0};                    //!< its prefix length
    uint8_t protocol{0};                  //!< 0 = all
    uint16_t srcPort{0};                  //!< 0 = any
    uint16_t dstPort{0};                  //!< 0 = any
    SpdAction action{SpdAction::ENCRYPT}; //!< action
    SpdLevel level{SpdLevel::REQUIRE};    //!< level
    uint32_t saSrc{0};                    //!< sa-src-address (0: the packet's source, transport)
    uint32_t saDst{0};                    //!< sa-dst-address (0: the packet's destination)
    std::string peer;                     //!< peer name ("" = any peer that negotiates it)
    bool dynamic{false};                  //!< generated ("D" in `print`)
    uint16_t encapPort{0};                //!< PER_PEER dynamic: the peer's NAT-T port (0 = none)
    uint16_t innerRemotePort{0};          //!< PER_PEER: the port the peer really uses (1701)
    uint32_t reqid{0};                    //!< SAs that may serve it (REQUIRE)
    uint32_t boundOutSpi{0};              //!< UNIQUE / dynamic: the outbound SA bound to it
    std::string where;                    //!< "static 0", "dynamic peer1" (events, print)

    /** \brief Does an outbound packet match the selector? */
    bool MatchesOutbound(const SpdPacket& p) const;
    /** \brief Does a received packet (its src is our remote) match the selector reversed? */
    bool MatchesInbound(const SpdPacket& p) const;
};

/** \brief An installed SA pair as the SPD knows it (from the two INSTALL_SA actions). */
struct SpdSaPair
{
    uint32_t outSpi{0};    //!< peer's SPI (we encrypt with it)
    uint32_t inSpi{0};     //!< our SPI
    IkeEndpoint local;     //!< our address (port: our 4500 when encapsulated)
    IkeEndpoint remote;    //!< peer as seen (after NAT; port: its 4500 mapping)
    bool udpEncap{false};  //!< ESP-in-UDP
    IkeSelector selector;  //!< transport selector
    std::string peer;      //!< IkePeerConfig name
    uint32_t reqid{0};     //!< reqid given by the engine
    uint64_t installed{0}; //!< install order (newest wins for REQUIRE)
};

/** \brief Outbound verdict. */
struct OutboundResult
{
    enum class Verdict : uint8_t
    {
        BYPASS,  //!< no policy or action none: send in clear
        PROTECT, //!< encrypt with `sa`
        ACQUIRE, //!< encrypt, but no SA yet: hold the packet, ask IKE (selector, remote)
        DROP,    //!< discard or no SA and no way to get one: `reason`
    };
    Verdict verdict{Verdict::BYPASS};    //!< what to do
    SpdReason reason{SpdReason::COUNT_}; //!< DROP: why
    int policy{-1};                      //!< index in Policies() (-1: none)
    SpdSaPair sa;                        //!< PROTECT: the SA pair chosen
    IkeEndpoint acquireRemote;           //!< ACQUIRE: whom to negotiate with
    IkeSelector acquireSelector;         //!< ACQUIRE: what for
    uint16_t rewriteDstPort{0}; //!< PER_PEER: write this destination port before ESP (0: no)
};

/** \brief Inbound verdict. */
struct InboundResult
{
    bool accept{true};                   //!< deliver
    SpdReason reason{SpdReason::COUNT_}; //!< !accept: why
    int policy{-1};                      //!< policy that decided (-1: none)
    uint16_t rewriteSrcPort{0};          //!< PER_PEER: write this source port after ESP (0: no)
};

/** \brief SPD counters: lookups by verdict, drops by reason. */
struct SpdCounters
{
    uint64_t bypassed{0};     //!< outbound in clear
    uint64_t protectedOut{0}; //!< outbound given to an SA
    uint64_t acquires{0};     //!< outbound that needed an SA
    uint64_t acceptedIn{0};   //!< inbound accepted
    std::array<uint64_t, static_cast<size_t>(SpdReason::COUNT_)> drops{}; //!< by reason

    uint64_t
    Drops(SpdReason r) const
    {
        return drops[static_cast<size_t>(r)];
    }
};

/** \brief What a dynamic-policy change was (events: "policy-generated", "policy-rebound"). */
struct SpdChange
{
    std::string kind;   //!< "policy-generated" | "policy-rebound" | "policy-removed"
    std::string where;  //!< the policy's `where`
    std::string detail; //!< e.g. "203.0.113.2:1701 <-> 198.51.100.2:1701 spi 0x..."
};

/** \brief The SPD of one node (see the file comment). */
class IpsecSpd
{
public:
    explicit IpsecSpd(SpdServerMode mode = SpdServerMode::NAIVE)
        : m_mode(mode)
    {
    }

    /** \brief Add a static policy (order = lookup order among static ones); returns its index. */
    int AddStatic(SpdPolicy p);

    /**
     * \brief A passive peer that generates policies: name and mode. Its SAs create dynamic
     * policies when both halves are installed.
     */
    void SetGenerate(const std::string& peer, SpdGenerate g);

    /**
     * \brief One INSTALL_SA (in or out). When both halves of a reqid are in, the pair becomes
     * usable; a generating peer's pair creates (or, NAIVE, re-binds) its dynamic policy; a static
     * UNIQUE policy matching the pair is bound to it. Returns the changes made.
     */
    std::vector<SpdChange> OnInstall(const IkeSaInstall& sa);

    /** \brief One DELETE_SA: the pair goes; dynamic policies bound to it are removed. */
    std::vector<SpdChange> OnDelete(uint32_t spi, bool inbound);

    /** \brief Outbound lookup (RFC 4301 §5.1). */
    OutboundResult Outbound(const SpdPacket& p);

    /** \brief A packet received in clear (no ESP): allowed unless an encrypt policy covers it. */
    InboundResult InboundClear(const SpdPacket& p);

    /**
     * \brief A packet decrypted with inbound SA `spi` (RFC 4301 §5.2: the SA must be one the
     * covering policy allows). `p` is the inner packet as it arrived (before any rewrite).
     */
    InboundResult InboundProtected(const SpdPacket& p, uint32_t spi);

    /** \brief Policies as `print` shows them: dynamic first, then static. */
    std::vector<SpdPolicy> Policies() const;
    /** \brief Installed, complete SA pairs. */
    std::vector<SpdSaPair> Pairs() const;
    const SpdCounters&
    Counters() const
    {
        return m_counters;
    }
    SpdServerMode
    Mode() const
    {
        return m_mode;
    }
    /** \brief The policy as one RouterOS-like `print` line. */
    static std::string Print(const SpdPolicy& p);

private:
    struct HalfPair
    {
        bool haveIn{false};
        bool haveOut{false};
        SpdSaPair pair;
    };

    const SpdPolicy* At(int index) const;
    int FindOutbound(const SpdPacket& p) const;
    int FindInbound(const SpdPacket& p) const;
    const SpdSaPair* SaFor(const SpdPolicy& pol, const SpdPacket& p) const;
    const SpdSaPair* PairByInSpi(uint32_t spi) const;
    std::vector<SpdChange> PairComplete(const SpdSaPair& pair);
    SpdPolicy GeneratedPolicy(const SpdSaPair& pair, SpdGenerate g) const;
    InboundResult Drop(SpdReason r, int policy);

    SpdServerMode m_mode;                                        //!< NAIVE | PER_PEER
    std::vector<SpdPolicy> m_dynamic;                            //!< generated, in creation order
    std::vector<SpdPolicy> m_static;                             //!< configured
    std::vector<std::pair<std::string, SpdGenerate>> m_generate; //!< peer -> generate-policy
    std::vector<HalfPair> m_half; //!< pairs by reqid (incomplete too)
    uint64_t m_installs{0};       //!< pair install counter
    SpdCounters m_counters;       //!< counters
};

} // namespace ns3

#endif // L2TPLAB_IPSEC_IPSEC_SPD_H
