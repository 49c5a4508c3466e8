/**
 * \file
 * \brief The scenario model: what a scenario YAML file means, after loading and validation.
 *
 * Plain structs, no YAML and no ns-3 types. The loader (scenario-loader.h) fills them, having
 * already
 *  - checked every key against the schema table (schema.h) and every value against its type;
 *  - expanded counted nodes (`cpe: {role: client, count: 3}` -> cpe1, cpe2, cpe3) and `node[*]`
 *    link ends, so the topology builder only sees concrete nodes and interfaces;
 *  - assigned every link end its IPv4 address from the link's `net`;
 *  - filled RouterOS defaults into every config object (ConfigValue::isDefault tells which).
 *
 * Every element carries the SourceLocation it came from, so a later stage (builder, runner,
 * report) can still point the user at `file:line:col`.
 *
 * Times are TimeNs (nanoseconds since simulation start), addresses are host-byte-order
 * uint32_t (ns-3's `Ipv4Address(uint32_t)` takes exactly that).
 */
#ifndef L2TPLAB_RUNNER_SCENARIO_H
#define L2TPLAB_RUNNER_SCENARIO_H

#include "runner/units.h"

#include "model/common/time.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/** \brief Where something was written: file and 1-based line/column (0/0 = not from a file). */
struct SourceLocation
{
    std::string file; //!< path as given to the loader (or the virtual name)
    int line{0};      //!< 1-based line
    int col{0};       //!< 1-based column

    /** \brief "file:line:col". */
    std::string
    ToString() const
    {
        return file + ":" + std::to_string(line) + ":" + std::to_string(col);
    }
};

// ---------------------------------------------------------------------------------------------
// Topology
// ---------------------------------------------------------------------------------------------

/** \brief What a node is for; the builder picks applications/stacks from it. */
enum class NodeRole
{
    CLIENT, //!< LAC / RouterOS l2tp-client side
    SERVER, //!< LNS / RouterOS l2tp-server side
    ROUTER, //!< plain IPv4 router (forwarding on)
    HOST,   //!< end host (traffic source/sink)
    NAT,    //!< NAT router (masquerade etc. via config ip/firewall/nat)
    SWITCH, //!< L2 bridge; its link ends get no IPv4 address
};

/** \brief Name of a role as written in YAML ("client", ...). */
const char* NodeRoleName(NodeRole r);

/** \brief One concrete node. Counted nodes appear once per instance. */
struct ScenarioNode
{
    std::string name;              //!< concrete name: "lns", or "cpe17" for instance 17 of "cpe"
    std::string baseName;          //!< name as declared ("cpe"); equals `name` for single nodes
    uint32_t index{0};             //!< 1..count for counted nodes, 0 for single nodes
    uint32_t count{0};             //!< instances of the base node (0 for single nodes)
    NodeRole role{NodeRole::HOST}; //!< role
    TimeNs startFrom{0};           //!< `start:` window (from = to = 0: everything at 0)
    TimeNs startTo{0};             //!< inclusive end of the `start:` window
    SourceLocation where;          //!< the declaration
};

/** \brief Link medium. */
enum class LinkType
{
    P2P,  //!< ns-3 PointToPoint: exactly two ends
    CSMA, //!< ns-3 Csma: two or more ends on one segment
};

/** \brief Which direction a link's loss applies to (ends[0] is "a", ends[1] is "b"). */
enum class LossDirection
{
    BOTH,   //!< both directions
    A_TO_B, //!< frames sent by ends[0] (p2p) only
    B_TO_A, //!< frames sent by ends[1] (p2p) only
};

/** \brief One interface attached to a link. */
struct LinkEnd
{
    std::string node;            //!< concrete node name ("cpe17")
    std::string interface;       //!< interface name ("ether1")
    bool hasAddress{false};      //!< false if the link has no `net` or the node is a switch
    uint32_t address{0};         //!< IPv4 address, host byte order (valid if hasAddress)
    uint8_t prefixLength{0};     //!< the link net's prefix length (valid if hasAddress)
    bool explicitAddress{false}; //!< written as `node:iface=a.b.c.d` (else assigned in order)
    SourceLocation where;        //!< the end's string in `ends`
};

/** \brief One link (ns-3 channel). */
struct ScenarioLink
{
    std::string name;                //!< unique link name
    LinkType type{LinkType::P2P};    //!< medium
    std::vector<LinkEnd> ends;       //!< concrete ends, `node[*]` expanded in order
    uint64_t rateBps{1000000000ull}; //!< data rate, bits per second
    TimeNs delay{kMs};               //!< one-way propagation delay
    double loss{0.0};                //!< packet loss probability 0..1
    LossDirection lossDirection{LossDirection::BOTH}; //!< where `loss` applies
    uint32_t mtu{1500};                               //!< IP MTU of every end
    uint32_t txQueueLen{1000};     //!< device transmit queue, packets (Linux txqueuelen)
    uint32_t arpRequests{3};       //!< ARP requests per resolution (Linux mcast_solicit)
    TimeNs arpRetryInterval{kSec}; //!< between ARP requests (Linux retrans_time_ms)
    TimeNs arpFailedHold{kSec};    //!< a failed resolution blocks new ones this long
    uint32_t arpQueue{101};        //!< packets held per unresolved address (Linux unres_qlen)
    bool arpLearn{true};           //!< learn ARP senders like Linux (RFC 826 merge + create)
    std::string viaSwitch;         //!< `switch:` node: each end cabled to its own port ("" = none)
    bool hasNet{false};            //!< `net` given
    Ipv4Subnet net;                //!< link subnet (valid if hasNet)
    SourceLocation where;          //!< the link's mapping
};

// ---------------------------------------------------------------------------------------------
// Per-node configuration (RouterOS menus)
// ---------------------------------------------------------------------------------------------

/**
 * \brief One property value, validated and normalised against its schema type.
 *
 * `text` is always set (canonical form: booleans "yes"/"no", lists joined with ','); the
 * typed members are filled according to the schema type (see schema.h ValueType):
 *  - BOOL: number = 0/1;   INT: number;   DURATION: number = nanoseconds;   RATE: number = bps;
 *  - IPV4: number = address (host order);   LOSS: real = fraction;
 *  - lists (ENUM_LIST, STRING_LIST, IPV4_RANGES): items;
 *  - special words (`unlimited`, `disabled`, where the schema allows them): special = true,
 *    number = 0, text = the word.
 */
struct ConfigValue
{
    std::string text;               //!< canonical text
    std::vector<std::string> items; //!< list items (list types only)
    int64_t number{0};              //!< integer view (see above)
    double real{0.0};               //!< LOSS fraction
    bool special{false};            //!< value is a special word ("unlimited", "disabled")
    bool isDefault{false};          //!< not written in the file; filled from the schema default
    SourceLocation where;           //!< the value in the file (the object's location if default)
};

/**
 * \brief One RouterOS object: the single object of a "set" menu (interface/l2tp-server/server)
 *        or one entry of an "add" menu (one ppp/secret).
 *
 * `props` holds every property that was written or has a schema default. Properties with no
 * default that were not written are absent (Has() == false).
 */
struct ConfigObject
{
    std::string menu;                         //!< "interface/l2tp-client"
    std::map<std::string, ConfigValue> props; //!< property name -> value
    SourceLocation where;                     //!< the object's mapping

    /** \brief A property written abbreviated, as RouterOS's console accepts (`range` for
     * `ranges`), or by an older RouterOS's name (`mtu` for `max-mtu`, schema.h KeyAlias): read
     * as that property (schema.h PrefixCandidates); lint warns. */
    struct Abbreviation
    {
        std::string written;  //!< "range"
        std::string property; //!< "ranges"
        SourceLocation where; //!< the key in the file
        std::string why{};    //!< "" = shortened; else why the other name is read (KeyAlias)
    };
    std::vector<Abbreviation> abbreviations; //!< in file order

    /** \brief True if the property was written or has a default. */
    bool
    Has(const std::string& key) const
    {
        return props.count(key) != 0;
    }
    /** \brief The value, or an empty static ConfigValue if absent. */
    const ConfigValue& Get(const std::string& key) const;
    /** \brief Canonical text, or "" if absent. */
    std::string
    GetString(const std::string& key) const
    {
        return Get(key).text;
    }
    /** \brief BOOL property (false if absent). */
    bool
    GetBool(const std::string& key) const
    {
        return Get(key).number != 0;
    }
    /** \brief INT property (0 if absent or special). */
    int64_t
    GetInt(const std::string& key) const
    {
        return Get(key).number;
    }
    /** \brief DURATION property in ns (0 if absent or special). */
    TimeNs
    GetDuration(const std::string& key) const
    {
        return Get(key).number;
    }
    /** \brief True if the value is the special word `word` ("unlimited", "disabled"). */
    bool
    IsSpecial(const std::string& key, const std::string& word) const
    {
        const ConfigValue& v = Get(key);
        return v.special && v.text == word;
    }
    /** \brief List items (empty if absent). */
    const std::vector<std::string>&
    GetList(const std::string& key) const
    {
        return Get(key).items;
    }
};

/**
 * \brief Configuration written for one node (or one counted node's base name) under `config:`.
 */
struct NodeConfig
{
    std::string node; //!< key as written: a single node, a counted base name, or an instance
    std::map<std::string, std::vector<ConfigObject>> menus; //!< menu path -> objects in order
    SourceLocation where;                                   //!< the node's key under `config:`
    /** \brief Real RouterOS menus accepted because what they ask for is what l2tplab does
     * anyway (firewall filter rules that only accept): where, and why (lint warns). */
    std::vector<std::pair<SourceLocation, std::string>> withoutEffect;

    /** \brief The single object of a "set" menu, or nullptr if the menu was not written. */
    const ConfigObject* Single(const std::string& menu) const;
    /**
     * \brief The single object of a "set" menu; if not written, an object holding only the
     *        schema defaults (all isDefault). Use for menus that always exist (`l2tp` knobs).
     */
    ConfigObject SingleOrDefaults(const std::string& menu) const;
    /** \brief The objects of an "add" menu (empty if none). */
    const std::vector<ConfigObject>& List(const std::string& menu) const;
};

// ---------------------------------------------------------------------------------------------
// Traffic and faults
// ---------------------------------------------------------------------------------------------

/** \brief Traffic generator kind. */
enum class TrafficKind
{
    ICMP_ECHO, //!< ping: `count` echo requests every `interval`, `size` payload bytes
    UDP,       //!< `count` UDP datagrams of `size` bytes every `interval`
    TCP,       //!< one TCP bulk transfer of `count` x `size` bytes
};

/** \brief One traffic flow. */
struct TrafficSpec
{
    std::string name;                         //!< unique
    TimeNs at{0};                             //!< start time
    std::string from;                         //!< source node (concrete)
    std::string to;                           //!< destination as written (address or node name)
    bool toIsAddress{false};                  //!< `to` is an IPv4 address
    uint32_t toAddress{0};                    //!< parsed address (valid if toIsAddress)
    bool toIsIpv6{false};                     //!< `to` is an IPv6 address or link-local-peer
    std::string interface;                    //!< outgoing interface (link-local IPv6 `to`)
    TrafficKind kind{TrafficKind::ICMP_ECHO}; //!< generator
    uint32_t count{1};                        //!< packets (see TrafficKind)
    TimeNs interval{kSec};                    //!< spacing
    uint32_t size{56};                        //!< payload bytes
    uint16_t port{9};                         //!< UDP/TCP destination port
    bool dontFragment{false};                 //!< icmp-echo: set DF in the IPv4 header
    TimeNs timeout{kSec};                     //!< icmp-echo: a reply later than this is lost
    SourceLocation where;                     //!< the mapping
};

/** \brief Fault action. */
enum class FaultAction
{
    DOWN,  //!< link down: every end drops everything from `at` on
    UP,    //!< link up again
    LOSS,  //!< set the link's loss to `value` (in `lossDirection`) from `at` on
    DELAY, //!< set the link's one-way delay to `delay` from `at` on
    DROP,  //!< drop every frame of the message kind `match` arriving on the link from `at` on
};

/** \brief One scheduled fault on a link. */
struct FaultSpec
{
    std::string name;                                 //!< unique
    TimeNs at{0};                                     //!< when
    std::string link;                                 //!< link name (exists)
    FaultAction action{FaultAction::DOWN};            //!< what
    double value{0.0};                                //!< LOSS: new loss fraction
    LossDirection lossDirection{LossDirection::BOTH}; //!< LOSS: direction
    TimeNs until{kNever}; //!< DOWN/LOSS/DELAY/DROP: undo at this time (kNever: never)
    TimeNs delay{0};      //!< DELAY: new one-way delay
    std::string match;    //!< DROP: a runner/fault-match.h name ("lcp-echo-reply")
    SourceLocation where; //!< the mapping
};

// ---------------------------------------------------------------------------------------------
// Expectations
// ---------------------------------------------------------------------------------------------

/** \brief Count constraint: "N", ">=N", "<=N", ">N", "<N", "N~M" (inclusive). */
struct CountSpec
{
    /** \brief Operator. */
    enum class Op
    {
        EQ,
        GE,
        LE,
        GT,
        LT,
        RANGE,
    };

    Op op{Op::GE};           //!< operator
    uint64_t a{1};           //!< N (or range low)
    uint64_t b{0};           //!< range high (RANGE only)
    std::string text{">=1"}; //!< as written (for reports)

    /** \brief True if `n` satisfies the constraint. */
    bool
    Matches(uint64_t n) const
    {
        switch (op)
        {
        case Op::EQ:
            return n == a;
        case Op::GE:
            return n >= a;
        case Op::LE:
            return n <= a;
        case Op::GT:
            return n > a;
        case Op::LT:
            return n < a;
        case Op::RANGE:
            return n >= a && n <= b;
        }
        return false;
    }
};

/** \brief Closed time window [from, to]; default = the whole run. Written "A~B", "A~", "~B". */
struct TimeWindow
{
    TimeNs from{0};    //!< inclusive start
    TimeNs to{kNever}; //!< inclusive end (kNever = end of run)
    std::string text;  //!< as written ("" = whole run)

    /** \brief True if `t` lies inside. */
    bool
    Contains(TimeNs t) const
    {
        return t >= from && t <= to;
    }
};

/**
 * \brief Matches LabEvents: shell-style globs (`*`, `?`) on node, object and kind, and on
 *        field values. A node pattern naming a counted base node ("cpe") matches every
 *        instance.
 */
struct EventMatch
{
    std::string node{"*"};    //!< glob on LabEvent::node (or on the node's base name)
    std::string object{"**"}; //!< glob on LabEvent::object (`obj:` in YAML); ** = any path
    std::string kind{"*"};    //!< glob on LabEvent::kind (`ev:` in YAML)
    std::vector<std::pair<std::string, std::string>> fields; //!< key -> glob on the field value
};

/** \brief State comparison operator. */
enum class CompareOp
{
    EQ, //!< ==
    NE, //!< !=
    GE, //!< >=
    LE, //!< <=
    GT, //!< >
    LT, //!< <
    IN, //!< within "lo-hi" (inclusive) or one of a list
};

/** \brief Name of a comparison as written in YAML ("eq", ...). */
const char* CompareOpName(CompareOp op);

/**
 * \brief One state check: at time `at`, `path` on `node` compares to `value`.
 *
 * Values compare numerically when both sides parse as numbers, as IPv4 addresses when both
 * parse as addresses, else as strings.
 */
struct StateCheck
{
    TimeNs at{0};                   //!< when to sample
    std::string node;               //!< concrete node (counted bases are expanded)
    std::string path;               //!< state path, e.g. "l2tp/tunnels/established"
    CompareOp op{CompareOp::EQ};    //!< comparison
    std::string value;              //!< right-hand side (EQ..LT); for IN a range "lo-hi"
    std::vector<std::string> oneOf; //!< IN with a list: allowed values (then `value` is "")
    std::string low;                //!< IN with a range: low bound
    std::string high;               //!< IN with a range: high bound
    SourceLocation where;           //!< the check's mapping
};

/** \brief What an expectation checks. */
enum class ExpectationKind
{
    EVENT, //!< number of matching events within a window satisfies `count`
    STATE, //!< every StateCheck holds
    NEVER, //!< no matching event within the window
};

/** \brief One entry of `expect:`. */
struct Expectation
{
    std::string id;                               //!< unique
    std::vector<std::string> refs;                //!< e.g. "RFC2661 §7.2"
    std::string description;                      //!< optional prose
    ExpectationKind kind{ExpectationKind::EVENT}; //!< which of the below applies
    EventMatch event;                             //!< EVENT and NEVER
    CountSpec count;                              //!< EVENT
    TimeWindow within;                            //!< EVENT and NEVER
    std::vector<StateCheck> state;                //!< STATE
    SourceLocation where;                         //!< the mapping
};

// ---------------------------------------------------------------------------------------------
// Scenario
// ---------------------------------------------------------------------------------------------

/** \brief `run:` */
struct RunSpec
{
    uint64_t seed{1};              //!< ns-3 RngSeedManager seed
    TimeNs duration{0};            //!< simulation stop time (required, > 0)
    std::vector<std::string> tags; //!< free-form labels (quick, l2tp, ...)
};

/** \brief A whole loaded scenario. */
struct Scenario
{
    std::string file;                         //!< path or virtual file name given to the loader
    std::string name;                         //!< [a-z0-9-]+
    std::string description;                  //!< prose
    RunSpec run;                              //!< run parameters
    std::vector<ScenarioNode> nodes;          //!< concrete nodes, declaration order
    std::vector<ScenarioLink> links;          //!< declaration order
    std::map<std::string, NodeConfig> config; //!< key as written under `config:`
    std::vector<TrafficSpec> traffic;         //!< declaration order
    std::vector<FaultSpec> faults;            //!< declaration order
    std::vector<Expectation> expect;          //!< declaration order
    std::vector<std::string> conformance;     //!< rule globs
    std::vector<std::string> conformanceCaptures{"*"}; //!< capture globs (<node>-<iface>)
    std::vector<std::string> captureGlobs{"*"}; //!< `captures:` which interfaces write a pcap
    /** \brief Write pcaps at all (not in the schema: `l2tplab bench` turns them off so that a run
     * with 100,000 PPP interfaces does not open 100,000 files). */
    bool captures{true};

    /** \brief Whether `pcaps/<stem>.pcap` is written: `captures` on and a `captures:` glob
     * matches the stem (<node>-<iface>, as the file is named). */
    bool CaptureWanted(const std::string& stem) const;

    /** \brief The concrete node named `name`, or nullptr. */
    const ScenarioNode* FindNode(const std::string& name) const;
    /** \brief The link named `name`, or nullptr. */
    const ScenarioLink* FindLink(const std::string& name) const;
    /**
     * \brief Configuration for a concrete node: the entry written for the node itself
     *        ("cpe17") if any, else the one for its base name ("cpe"), else nullptr.
     */
    const NodeConfig* ConfigFor(const std::string& concreteNode) const;
    /** \brief Every link end on `node`, in link order. */
    std::vector<const LinkEnd*> InterfacesOf(const std::string& concreteNode) const;
};

} // namespace ns3

#endif
