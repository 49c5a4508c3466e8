#include "runner/schema.h"

#include "runner/units.h"

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string_view>

namespace ns3
{

namespace
{

constexpr bool REQ = true;  //!< KeySpec::required
constexpr bool OPT = false; //!< KeySpec::required

const char* const kAuth = "pap|chap|mschap1|mschap2"; //!< PPP authentication protocols

/** \brief The table. Structural sections first (document order), then RouterOS menus. */
std::vector<SectionSpec>
BuildSchema()
{
    std::vector<SectionSpec> s;

    // ---- structure ---------------------------------------------------------------------------
    s.push_back(
        {"scenario",
         SectionKind::STRUCT,
         "top level",
         "The scenario file.",
         {
             {"name", ValueType::NAME, nullptr, REQ, nullptr,
              "Scenario name, [a-z0-9-]+; names the output directory out/<name>/."},
             {"description", ValueType::STRING, "", OPT, nullptr, "Free prose for reports."},
             {"run", ValueType::MAPPING, nullptr, REQ, nullptr, "Run parameters (section run)."},
             {"topology", ValueType::MAPPING, nullptr, REQ, nullptr,
              "Nodes and links (section topology)."},
             {"config", ValueType::MAPPING, nullptr, OPT, nullptr,
              "Per node: RouterOS menu path -> object (\"set\" menus) or list of objects "
              "(\"add\" menus). Keys are node names, counted base names or instance names."},
             {"traffic", ValueType::SEQUENCE, nullptr, OPT, nullptr,
              "Traffic generators (section traffic)."},
             {"faults", ValueType::SEQUENCE, nullptr, OPT, nullptr,
              "Scheduled link faults (section fault)."},
             {"expect", ValueType::SEQUENCE, nullptr, OPT, nullptr,
              "Expectations (section expect)."},
             {"conformance", ValueType::STRING_LIST, nullptr, OPT, nullptr,
              "Conformance rule globs (ids, e.g. RFC2661-*, RFC2661-5.8-*) checked on the run's "
              "captures; a failing MUST fails the run."},
             {"captures", ValueType::STRING_LIST, "*", OPT, nullptr,
              "Which interfaces write pcaps/<node>-<iface>.pcap: globs over <node>-<iface> "
              "(e.g. [lns-*, cpe1-*]); [] writes none. A run with thousands of clients writes "
              "thousands of files otherwise (each open while the simulation runs)."},
             {"conformance-captures", ValueType::STRING_LIST, "*", OPT, nullptr,
              "Which captures the conformance rules judge: globs over <node>-<iface> "
              "(e.g. lns-*); default every capture."},
         }});
    s.push_back({"run",
                 SectionKind::STRUCT,
                 "run",
                 "How to run the simulation.",
                 {
                     {"seed", ValueType::INT, "1", OPT, nullptr, "ns-3 RNG seed (RngSeedManager)."},
                     {"duration", ValueType::DURATION, nullptr, REQ, nullptr,
                      "Simulated time to run; every `at` must be <= duration."},
                     {"tags", ValueType::STRING_LIST, nullptr, OPT, nullptr,
                      "Labels for selecting scenarios (quick, l2tp, ipsec, ...)."},
                 }});
    s.push_back({"topology",
                 SectionKind::STRUCT,
                 "topology",
                 "Nodes and the links between them.",
                 {
                     {"nodes", ValueType::MAPPING, nullptr, REQ, nullptr,
                      "name -> role, or name -> {role:, count:} (section node)."},
                     {"links", ValueType::SEQUENCE, nullptr, OPT, nullptr, "Links (section link)."},
                 }});
    s.push_back(
        {"node",
         SectionKind::STRUCT,
         "topology.nodes.<name>",
         "Long form of a node. With `count: N` the node expands to <name>1..<name>N; config and "
         "expectations may use the base name for all instances.",
         {
             {"role", ValueType::ENUM, nullptr, REQ, "client|server|router|host|nat|switch",
              "What the node is: client (LAC), server (LNS), router, host, nat, switch (L2, no "
              "addresses)."},
             {"count", ValueType::INT, nullptr, OPT, nullptr,
              "Number of instances (>= 1); instance i is named <name><i>."},
             {"start", ValueType::WINDOW, nullptr, OPT, nullptr,
              "A window A~B: each instance starts its l2tp-clients at its own time in it, drawn "
              "from the run seed and the instance name (deterministic), instead of all at 0."},
         }});
    s.push_back(
        {"link",
         SectionKind::STRUCT,
         "topology.links[]",
         "A link. Ends are \"node:iface\", \"node:iface=a.b.c.d\" (explicit address) or "
         "\"node[*]:iface\" (every instance of a counted node). Ends without an explicit address "
         "get the net's host addresses in order (.1, .2, ...), skipping explicit ones.",
         {
             {"name", ValueType::NAME, nullptr, REQ, nullptr, "Unique link name."},
             {"ends", ValueType::STRING_LIST, nullptr, REQ, nullptr,
              "Attached interfaces; p2p: exactly 2, csma: 2 or more."},
             {"type", ValueType::ENUM, "p2p", OPT, "p2p|csma",
              "ns-3 medium: PointToPoint or Csma."},
             {"rate", ValueType::RATE, "1Gbps", OPT, nullptr, "Data rate."},
             {"delay", ValueType::DURATION, "1ms", OPT, nullptr, "One-way propagation delay."},
             {"loss", ValueType::LOSS, "0", OPT, nullptr,
              "Packet loss probability, \"20%\" or 0.2."},
             {"loss-dir", ValueType::ENUM, "both", OPT, "both|a-to-b|b-to-a",
              "Direction the loss applies to (a = first end, b = second end)."},
             {"mtu", ValueType::INT, "1500", OPT, nullptr, "IP MTU of every end."},
             {"txqueuelen", ValueType::INT, "1000", OPT, nullptr,
              "Transmit queue of every end's device, in packets; a full queue drops (Linux "
              "txqueuelen, default 1000)."},
             {"arp-requests", ValueType::INT, "3", OPT, nullptr,
              "ARP requests sent for one resolution before it fails (Linux "
              "neigh mcast_solicit, default 3)."},
             {"arp-retry-interval", ValueType::DURATION, "1s", OPT, nullptr,
              "Wait for an ARP reply before the next request (Linux neigh retrans_time_ms, "
              "default 1000)."},
             {"arp-failed-hold", ValueType::DURATION, "1s", OPT, nullptr,
              "After a failed resolution, packets to that address are dropped this long before "
              "a new resolution starts (Linux: the next packet starts one at once)."},
             {"arp-queue", ValueType::INT, "101", OPT, nullptr,
              "Packets held per address while it is resolved; more are dropped (Linux neigh "
              "unres_qlen, default 101)."},
             {"arp-learn", ValueType::BOOL, "yes", OPT, nullptr,
              "Learn the sender of received ARP packets as Linux does: any ARP packet updates "
              "a known sender's entry (RFC 826 \"merge\"), a request for one of our addresses "
              "adds its sender. no: ns-3's behaviour (only a reply to our own request fills "
              "the cache)."},
             {"net", ValueType::SUBNET, nullptr, OPT, nullptr,
              "IPv4 subnet of the link (host bits zero); without it ends get no address."},
             {"switch", ValueType::NAME, nullptr, OPT, nullptr,
              "A node of role switch (csma only): every end gets its own cable (this link's "
              "rate, delay, loss) to a port of the switch, ports ether1..N in end order, instead "
              "of one shared segment. The link stays one subnet and one broadcast domain; the "
              "switch learns addresses (ns-3 BridgeNetDevice), so unicast frames reach only "
              "their port."},
         }});
    s.push_back(
        {"traffic",
         SectionKind::STRUCT,
         "traffic[]",
         "A traffic generator.",
         {
             {"name", ValueType::NAME, nullptr, REQ, nullptr, "Unique traffic name."},
             {"at", ValueType::DURATION, nullptr, REQ, nullptr, "Start time."},
             {"from", ValueType::STRING, nullptr, REQ, nullptr, "Source node (concrete name)."},
             {"to", ValueType::STRING, nullptr, REQ, nullptr,
              "Destination: an IPv4 address, a node name (its first address), an IPv6 address "
              "(icmp-echo: ICMPv6 Echo, RFC 4443), or `link-local-peer`: the far end of the PPP "
              "link `interface` at fe80::<its IPV6CP Interface-Identifier> (RFC 5072 §5)."},
             {"interface", ValueType::STRING, nullptr, OPT, nullptr,
              "Outgoing interface of a link-local IPv6 destination (RouterOS `/ping ... "
              "interface=`); required with fe80::/10 and link-local-peer."},
             {"kind", ValueType::ENUM, nullptr, REQ, "icmp-echo|udp|tcp", "Generator kind."},
             {"count", ValueType::INT, "1", OPT, nullptr,
              "Packets (icmp-echo, udp) or segments of `size` bytes (tcp)."},
             {"interval", ValueType::DURATION, "1s", OPT, nullptr, "Spacing between packets."},
             {"size", ValueType::INT, "56", OPT, nullptr, "Payload bytes per packet."},
             {"port", ValueType::INT, "9", OPT, nullptr, "Destination port (udp, tcp)."},
             {"df", ValueType::BOOL, "no", OPT, nullptr,
              "icmp-echo only: set Don't Fragment in the IPv4 header (RFC 791)."},
             {"timeout", ValueType::DURATION, "1s", OPT, nullptr,
              "icmp-echo only: a reply later than this after its request counts as lost."},
         }});
    s.push_back(
        {"fault",
         SectionKind::STRUCT,
         "faults[]",
         "A scheduled fault on a link. With `until` (down, loss, delay, drop) the fault is undone "
         "then: the link comes up, gets its previous loss or delay back, stops dropping.",
         {
             {"name", ValueType::NAME, nullptr, REQ, nullptr, "Unique fault name."},
             {"at", ValueType::DURATION, nullptr, REQ, nullptr, "When it happens."},
             {"link", ValueType::NAME, nullptr, REQ, nullptr, "Link name."},
             {"action", ValueType::ENUM, nullptr, REQ, "down|up|loss|delay|drop",
              "down: drop everything; up: restore; loss: set the link's loss to `value`; delay: "
              "set its one-way delay to `delay`; drop: drop every frame of the kind `match` "
              "arriving on the link."},
             {"until", ValueType::DURATION, nullptr, OPT, nullptr,
              "End of the fault (after `at`, <= duration); not with action up."},
             {"value", ValueType::LOSS, nullptr, OPT, nullptr,
              "New loss (action loss only, required there)."},
             {"loss-dir", ValueType::ENUM, "both", OPT, "both|a-to-b|b-to-a",
              "Direction of the new loss (action loss only)."},
             {"delay", ValueType::DURATION, nullptr, OPT, nullptr,
              "New one-way delay (action delay only, required there)."},
             {"match", ValueType::STRING, nullptr, OPT, nullptr,
              "Message kind to drop (action drop only, required there): a name of the table "
              "Drop matches, e.g. lcp-echo-reply, l2tp-hello."},
         }});
    s.push_back(
        {"expect",
         SectionKind::STRUCT,
         "expect[]",
         "An expectation: exactly one of `event`, `state`, `never`.",
         {
             {"id", ValueType::ID, nullptr, REQ, nullptr, "Unique id, [A-Za-z0-9._-]+."},
             {"ref", ValueType::STRING_LIST, nullptr, OPT, nullptr,
              "References, e.g. [RFC2661 §7.2]."},
             {"description", ValueType::STRING, "", OPT, nullptr, "Prose for reports."},
             {"event", ValueType::MAPPING, nullptr, OPT, nullptr,
              "Count matching events (section event)."},
             {"count", ValueType::COUNT, ">=1", OPT, nullptr,
              "With event: N, >=N, <=N, >N, <N or N~M (inclusive)."},
             {"within", ValueType::WINDOW, nullptr, OPT, nullptr,
              "With event: time window A~B, A~ or ~B on the event time; default whole run."},
             {"state", ValueType::SEQUENCE, nullptr, OPT, nullptr,
              "State checks, all must hold (section state)."},
             {"never", ValueType::MAPPING, nullptr, OPT, nullptr,
              "No matching event (section never)."},
         }});
    s.push_back(
        {"event",
         SectionKind::STRUCT,
         "expect[].event, expect[].never.event",
         "Event matcher: shell globs (* and ?) on the LabEvent's node, object and kind. A "
         "counted base name as `node` matches every instance.",
         {
             {"node", ValueType::STRING, "*", OPT, nullptr, "Node glob."},
             {"obj", ValueType::STRING, "**", OPT, nullptr,
              "Object path glob: * within one segment, ** across (l2tp/tunnel/*, l2tp/**)."},
             {"ev", ValueType::STRING, "*", OPT, nullptr, "Event kind glob, e.g. established."},
             {"fields", ValueType::MAPPING, nullptr, OPT, nullptr,
              "field -> value glob; every listed field must match."},
         }});
    s.push_back(
        {"state",
         SectionKind::STRUCT,
         "expect[].state[]",
         "One state check; exactly one comparison key. Values compare as numbers when both "
         "sides are numbers, as IPv4 addresses when both are addresses, else as strings.",
         {
             {"at", ValueType::DURATION, nullptr, REQ, nullptr, "Sample time (<= duration)."},
             {"node", ValueType::STRING, nullptr, REQ, nullptr,
              "Node; a counted base name checks every instance."},
             {"path", ValueType::STRING, nullptr, REQ, nullptr,
              "State path, e.g. l2tp/tunnels/established."},
             {"eq", ValueType::STRING, nullptr, OPT, nullptr, "Equal to."},
             {"ne", ValueType::STRING, nullptr, OPT, nullptr, "Not equal to."},
             {"ge", ValueType::STRING, nullptr, OPT, nullptr, "Greater than or equal to."},
             {"le", ValueType::STRING, nullptr, OPT, nullptr, "Less than or equal to."},
             {"gt", ValueType::STRING, nullptr, OPT, nullptr, "Greater than."},
             {"lt", ValueType::STRING, nullptr, OPT, nullptr, "Less than."},
             {"in", ValueType::ANY, nullptr, OPT, nullptr,
              "Inclusive range \"lo-hi\", or a list of allowed values."},
         }});
    s.push_back(
        {"never",
         SectionKind::STRUCT,
         "expect[].never",
         "Passes if no matching event occurs (within the window).",
         {
             {"event", ValueType::MAPPING, nullptr, REQ, nullptr, "Event matcher (section event)."},
             {"within", ValueType::WINDOW, nullptr, OPT, nullptr,
              "Time window A~B, A~ or ~B; default whole run."},
         }});

    // ---- RouterOS menus (config.<node>.<menu>) -----------------------------------------------
    s.push_back({"interface/l2tp-server/server",
                 SectionKind::MENU_SINGLE,
                 "config.<node>.interface/l2tp-server/server",
                 "RouterOS `/interface l2tp-server server`: the LNS service.",
                 {
                     {"enabled", ValueType::BOOL, "no", OPT, nullptr,
                      "Accept incoming L2TP tunnels (answer SCCRQ)."},
                     {"authentication", ValueType::ENUM_LIST, "pap,chap,mschap1,mschap2", OPT,
                      kAuth, "PPP authentication protocols the server offers/accepts."},
                     {"default-profile", ValueType::STRING, "default-encryption", OPT, nullptr,
                      "ppp/profile used for sessions whose secret does not name one."},
                     {"max-mtu", ValueType::INT, "1450", OPT, nullptr,
                      "Largest PPP MTU the server will use (LCP MRU it accepts from the peer)."},
                     {"max-mru", ValueType::INT, "1450", OPT, nullptr,
                      "Largest PPP MRU the server advertises in LCP."},
                     {"mrru", ValueType::INT, "disabled", OPT, "disabled",
                      "Multilink MRRU (RFC 1990); disabled = no MP."},
                     {"keepalive-timeout", ValueType::DURATION, "30", OPT, "disabled",
                      "Seconds without traffic before the link is declared dead (LCP echo based)."},
                     {"max-sessions", ValueType::INT, "unlimited", OPT, "unlimited",
                      "Maximum simultaneous sessions, all tunnels together; an incoming call over "
                      "it is refused with CDN Result 4 (counter call/refused/max-sessions); 0 "
                      "refuses every call."},
                     {"one-session-per-host", ValueType::BOOL, "no", OPT, nullptr,
                      "Only one session per peer host address: when a new one comes up the older "
                      "is hung up (CDN Result 3, event one-session-per-host)."},
                     {"use-ipsec", ValueType::ENUM, "no", OPT, "no|yes|required",
                      "Add a dynamic IPsec peer; required = refuse L2TP not inside IPsec "
                      "(the manual's spelling `require` is read as `required`)."},
                     {"ipsec-secret", ValueType::STRING, "", OPT, nullptr,
                      "IPsec pre-shared key when use-ipsec is yes/required."},
                     {"caller-id-type", ValueType::ENUM, "ip-address", OPT, "ip-address|number",
                      "What identifies the caller: peer IP address or Calling Number AVP."},
                 }});
    s.push_back({"interface/l2tp-server",
                 SectionKind::MENU_LIST,
                 "config.<node>.interface/l2tp-server",
                 "RouterOS `/interface l2tp-server`: static server interface bindings for a user.",
                 {
                     {"name", ValueType::STRING, nullptr, REQ, nullptr, "Interface name."},
                     {"user", ValueType::STRING, nullptr, REQ, nullptr,
                      "ppp/secret name whose session binds to this interface."},
                     {"comment", ValueType::STRING, "", OPT, nullptr,
                      "Short description (no effect on the simulation)."},
                 }});
    s.push_back(
        {"interface/l2tp-client",
         SectionKind::MENU_LIST,
         "config.<node>.interface/l2tp-client",
         "RouterOS `/interface l2tp-client`: an outgoing L2TP tunnel + PPP session (LAC).",
         {
             {"name", ValueType::STRING, "l2tp-outN", OPT, nullptr,
              "Interface name; unset: l2tp-outN, N the lowest number from 1 not taken on the "
              "node (RouterOS v2.9 manual: default l2tp-outN)."},
             {"connect-to", ValueType::IPV4, nullptr, REQ, nullptr, "LNS address."},
             {"user", ValueType::STRING, nullptr, REQ, nullptr, "PPP user name."},
             {"password", ValueType::STRING, "", OPT, nullptr, "PPP password."},
             {"profile", ValueType::STRING, "default-encryption", OPT, nullptr,
              "ppp/profile for the session."},
             {"keepalive-timeout", ValueType::DURATION, "60", OPT, "disabled",
              "Seconds without traffic before the link is declared dead."},
             {"add-default-route", ValueType::BOOL, "no", OPT, nullptr,
              "Install a default route via the tunnel once up."},
             {"default-route-distance", ValueType::INT, "1", OPT, nullptr,
              "Distance of the route add-default-route installs (RouterOS v6.2+)."},
             {"dial-on-demand", ValueType::BOOL, "no", OPT, nullptr,
              "Connect only when traffic is routed into the interface; until then it holds "
              "placeholder addresses (gateway 10.112.112.112) and its routes (docs/ppp.md)."},
             {"allow", ValueType::ENUM_LIST, "pap,chap,mschap1,mschap2", OPT, kAuth,
              "Authentication protocols the client accepts."},
             {"max-mtu", ValueType::INT, "1450", OPT, nullptr, "Largest PPP MTU to use."},
             {"max-mru", ValueType::INT, "1450", OPT, nullptr, "PPP MRU advertised in LCP."},
             {"mrru", ValueType::INT, "disabled", OPT, "disabled",
              "Multilink MRRU (RFC 1990); disabled = no MP."},
             {"use-ipsec", ValueType::BOOL, "no", OPT, nullptr,
              "Protect the tunnel with a dynamic IPsec transport-mode policy."},
             {"ipsec-secret", ValueType::STRING, "", OPT, nullptr, "IPsec pre-shared key."},
             {"src-address", ValueType::IPV4, nullptr, OPT, nullptr,
              "Local source address (accepted with a warning: the source is always the address "
              "of the interface the route lookup picks)."},
             {"disabled", ValueType::BOOL, "yes", OPT, nullptr,
              "Do not dial. RouterOS's default is yes (v6/v7 manual tables): write "
              "`disabled: no` for a client that dials; lint warns about one left disabled."},
             {"comment", ValueType::STRING, "", OPT, nullptr,
              "Short description of the tunnel (no effect on the simulation)."},
             {"count", ValueType::INT, "1", OPT, nullptr,
              "l2tplab extension (not RouterOS): number of identical client interfaces this "
              "entry stands for (load tests); with count > 1 they are named <name>1..<name>N."},
         }});
    s.push_back(
        {"ppp/secret",
         SectionKind::MENU_LIST,
         "config.<node>.ppp/secret",
         "RouterOS `/ppp secret`: local user database.",
         {
             {"name", ValueType::STRING, nullptr, REQ, nullptr, "User name."},
             {"password", ValueType::STRING, "", OPT, nullptr, "Password."},
             {"service", ValueType::ENUM, "any", OPT, "any|async|l2tp|ovpn|pppoe|pptp|sstp",
              "Service this secret is valid for."},
             {"profile", ValueType::STRING, "default", OPT, nullptr, "ppp/profile to apply."},
             {"local-address", ValueType::IPV4, nullptr, OPT, nullptr,
              "Server-side tunnel address (overrides the profile)."},
             {"remote-address", ValueType::IPV4, nullptr, OPT, nullptr,
              "Address given to the client (overrides the profile)."},
             {"caller-id", ValueType::STRING, "", OPT, nullptr,
              "Only accept this caller (for L2TP: the address the LAC connects from); "
              "empty = any."},
             {"routes", ValueType::STRING, "", OPT, nullptr,
              "Routes installed on the server while the session is up: comma-separated "
              "\"dst-address [gateway] [distance]\" entries, e.g. \"10.1.202.0/24 172.16.1.2 1\"; "
              "no gateway = the peer."},
             {"disabled", ValueType::BOOL, "no", OPT, nullptr, "Ignore this secret."},
             {"comment", ValueType::STRING, "", OPT, nullptr,
              "Short description (no effect on the simulation)."},
         }});
    s.push_back(
        {"ppp/profile",
         SectionKind::MENU_LIST,
         "config.<node>.ppp/profile",
         "RouterOS `/ppp profile`. Built-in profiles `default` and `default-encryption` always "
         "exist (both change-tcp-mss=yes; default-encryption also use-encryption=yes); an entry "
         "named like one of them changes the built-in, as RouterOS `set default ...` does.",
         {
             {"name", ValueType::STRING, nullptr, REQ, nullptr, "Profile name."},
             {"local-address", ValueType::IPV4_OR_NAME, nullptr, OPT, nullptr,
              "Server-side tunnel address, or an ip/pool name."},
             {"remote-address", ValueType::IPV4_OR_NAME, nullptr, OPT, nullptr,
              "Address given to the client, or an ip/pool name."},
             {"dns-server", ValueType::STRING_LIST, nullptr, OPT, nullptr,
              "Up to two DNS server addresses offered in IPCP (RFC 1877)."},
             {"change-tcp-mss", ValueType::ENUM, "default", OPT, "yes|no|default",
              "Clamp TCP MSS to the tunnel MTU."},
             {"use-encryption", ValueType::ENUM, "default", OPT, "yes|no|required|default",
              "MPPE over CCP (RFC 3078/3079, keys from MS-CHAP): `yes` offers MPPE128 stateless "
              "and goes on unencrypted if the peer refuses, `required` terminates the link then, "
              "`no` never offers it; `require` is read as `required`."},
             {"use-mpls", ValueType::ENUM, "default", OPT, "yes|no|required|default",
              "MPLSCP (RFC 3032 §4.3.1) in the Network phase, next to IPCP: `yes` (and `default`, "
              "as a RouterOS LNS does in the capture docs/ppp.md cites) sends an MPLSCP "
              "Configure-Request and stays up if the peer Protocol-Rejects it, `required` "
              "terminates the link then, `no` sends none and Protocol-Rejects the peer's. No "
              "labelled packet is forwarded (MPLS is not simulated)."},
             {"only-one", ValueType::ENUM, "default", OPT, "yes|no|default",
              "Allow only one session per user."},
             {"session-timeout", ValueType::DURATION, "0", OPT, nullptr,
              "Close the link this long after it came up (LCP Terminate, CDN); 0 = unlimited."},
             {"idle-timeout", ValueType::DURATION, "0", OPT, nullptr,
              "Close the link after this long without datagrams either way; 0 = never."},
             {"bridge", ValueType::STRING, nullptr, OPT, nullptr,
              "interface/bridge the session's interface joins as a port: BCP (RFC 3518) runs "
              "next to IPCP and Ethernet frames cross the link as PPP protocol 0x0031 "
              "(docs/ppp.md)."},
             {"bridge-horizon", ValueType::STRING, "none", OPT, nullptr,
              "Bridge split-horizon group of the port (no effect: horizons are not modelled)."},
             {"bridge-learning", ValueType::ENUM, "default", OPT, "yes|no|default",
              "MAC learning on the port (no effect: the ns-3 bridge always learns)."},
             {"bridge-path-cost", ValueType::INT, "10", OPT, nullptr,
              "Spanning-tree path cost of the port (no effect: no spanning tree runs)."},
             {"bridge-port-priority", ValueType::INT, "128", OPT, nullptr,
              "Spanning-tree priority of the port (RouterOS prints 0x80; no effect)."},
             {"comment", ValueType::STRING, "", OPT, nullptr,
              "Short description (no effect on the simulation)."},
         }});
    s.push_back(
        {"interface/bridge",
         SectionKind::MENU_LIST,
         "config.<node>.interface/bridge",
         "RouterOS `/interface bridge`: an Ethernet bridge (ns-3 BridgeNetDevice) joining the "
         "node's Ethernet ports and the bridged PPP sessions of a ppp/profile `bridge=`. An IPv4 "
         "address of a port is the bridge's (RouterOS `/ip address` manual).",
         {
             {"name", ValueType::STRING, nullptr, REQ, nullptr, "Bridge name (bridge1)."},
             {"admin-mac", ValueType::STRING, nullptr, OPT, nullptr,
              "The bridge's MAC address when auto-mac=no; needed with PPP ports, which have no MAC "
              "address (RouterOS L2TP manual)."},
             {"auto-mac", ValueType::BOOL, "yes", OPT, nullptr,
              "yes: the bridge takes a port's MAC address; no: admin-mac."},
             {"protocol-mode", ValueType::ENUM, "rstp", OPT, "none|rstp|stp",
              "Spanning tree; only none is modelled (rstp/stp written: a no-effect warning)."},
             {"comment", ValueType::STRING, "", OPT, nullptr,
              "Short description (no effect on the simulation)."},
         }});
    s.push_back({"interface/bridge/port",
                 SectionKind::MENU_LIST,
                 "config.<node>.interface/bridge/port",
                 "RouterOS `/interface bridge port`: an Ethernet port (a link end of the node) "
                 "in a bridge. PPP ports are added by ppp/profile `bridge=`.",
                 {
                     {"bridge", ValueType::STRING, nullptr, REQ, nullptr, "interface/bridge name."},
                     {"interface", ValueType::STRING, nullptr, REQ, nullptr,
                      "The node's link interface (ether2)."},
                     {"comment", ValueType::STRING, "", OPT, nullptr,
                      "Short description (no effect on the simulation)."},
                 }});
    s.push_back({"ip/pool",
                 SectionKind::MENU_LIST,
                 "config.<node>.ip/pool",
                 "RouterOS `/ip pool`: address pools for ppp/profile addresses.",
                 {
                     {"name", ValueType::STRING, nullptr, REQ, nullptr, "Pool name."},
                     {"ranges", ValueType::IPV4_RANGES, nullptr, REQ, nullptr,
                      "Address ranges a.b.c.d-e.f.g.h (list or comma-separated)."},
                     {"next-pool", ValueType::STRING, nullptr, OPT, nullptr,
                      "Pool to use when this one is exhausted."},
                     {"comment", ValueType::STRING, "", OPT, nullptr,
                      "Short description (no effect on the simulation)."},
                 }});
    s.push_back({"ip/dhcp-server",
                 SectionKind::MENU_LIST,
                 "config.<node>.ip/dhcp-server",
                 "RouterOS `/ip dhcp-server` (RFC 2131, ns-3 DhcpServer): leases from an ip/pool "
                 "on an interface of the node that has an address in the matching "
                 "ip/dhcp-server/network (a bridge's address is the one of its Ethernet port).",
                 {
                     {"name", ValueType::STRING, nullptr, REQ, nullptr, "Server name."},
                     {"interface", ValueType::STRING, nullptr, REQ, nullptr,
                      "Interface it serves: an interface/bridge or a link interface."},
                     {"address-pool", ValueType::STRING, nullptr, REQ, nullptr,
                      "ip/pool the leases come from (its first range)."},
                     {"lease-time", ValueType::DURATION, "10m", OPT, nullptr,
                      "Lease time (v6 manual default 10m)."},
                     {"disabled", ValueType::BOOL, "no", OPT, nullptr, "Do not serve."},
                     {"comment", ValueType::STRING, "", OPT, nullptr,
                      "Short description (no effect on the simulation)."},
                 }});
    s.push_back({"ip/dhcp-server/network",
                 SectionKind::MENU_LIST,
                 "config.<node>.ip/dhcp-server/network",
                 "RouterOS `/ip dhcp-server network`: the subnet and gateway given with leases.",
                 {
                     {"address", ValueType::SUBNET, nullptr, REQ, nullptr,
                      "The leases' network (10.1.101.0/24)."},
                     {"gateway", ValueType::IPV4, nullptr, OPT, nullptr,
                      "Router option: the clients' default gateway."},
                     {"comment", ValueType::STRING, "", OPT, nullptr,
                      "Short description (no effect on the simulation)."},
                 }});
    s.push_back({"ip/dhcp-client",
                 SectionKind::MENU_LIST,
                 "config.<node>.ip/dhcp-client",
                 "RouterOS `/ip dhcp-client` (ns-3 DhcpClient): the interface takes its address "
                 "and default route from a DHCP server; state path "
                 "`dhcp-client/<interface>/address`.",
                 {
                     {"interface", ValueType::STRING, nullptr, REQ, nullptr,
                      "Link interface of the node (ether1); it must have no address of its own."},
                     {"disabled", ValueType::BOOL, "no", OPT, nullptr, "Do not ask."},
                     {"comment", ValueType::STRING, "", OPT, nullptr,
                      "Short description (no effect on the simulation)."},
                 }});
    s.push_back(
        {"ip/route",
         SectionKind::MENU_LIST,
         "config.<node>.ip/route",
         "RouterOS `/ip route`: static routes.",
         {
             {"dst-address", ValueType::SUBNET, "0.0.0.0/0", OPT, nullptr, "Destination prefix."},
             {"gateway", ValueType::IPV4_OR_NAME, nullptr, REQ, nullptr,
              "Next hop address or interface name (e.g. l2tp-out1)."},
             {"distance", ValueType::INT, "1", OPT, nullptr, "Administrative distance."},
         }});
    s.push_back(
        {"ipv6/settings",
         SectionKind::MENU_SINGLE,
         "config.<node>.ipv6/settings",
         "RouterOS `/ipv6 settings`: whether the node runs IPv6. Default follows RouterOS v7 "
         "(IPv6 built in and enabled, so its PPP negotiates IPV6CP, RFC 5072); in v6 IPv6 was "
         "a separate package, disabled by default: write `disable-ipv6: yes` for a v6 router.",
         {
             {"disable-ipv6", ValueType::BOOL, "no", OPT, nullptr,
              "yes: no IPv6 on the node; its PPP answers IPV6CP with LCP Protocol-Reject "
              "(RFC 1661 §5.7) and the link carries IPv4 only."},
         }});
    s.push_back({"interface/ethernet",
                 SectionKind::MENU_LIST,
                 "config.<node>.interface/ethernet",
                 "RouterOS `/interface ethernet`: per-port settings of a node's link ends.",
                 {
                     {"name", ValueType::STRING, nullptr, REQ, nullptr,
                      "Interface name as in topology links (ether2)."},
                     {"arp", ValueType::ENUM, "enabled", OPT,
                      "enabled|proxy-arp|disabled|reply-only|local-proxy-arp",
                      "ARP mode; proxy-arp answers for addresses routed through another "
                      "interface (docs/ppp.md)."},
                     {"comment", ValueType::STRING, nullptr, OPT, nullptr, "Free text."},
                 }});
    s.push_back(
        {"ip/firewall/nat",
         SectionKind::MENU_LIST,
         "config.<node>.ip/firewall/nat",
         "RouterOS `/ip firewall nat`: NAT rules (evaluated in order).",
         {
             {"chain", ValueType::ENUM, nullptr, REQ, "srcnat|dstnat", "Chain."},
             {"action", ValueType::ENUM, nullptr, REQ, "masquerade|src-nat|dst-nat|netmap|accept",
              "Action."},
             {"out-interface", ValueType::STRING, nullptr, OPT, nullptr, "Match egress interface."},
             {"in-interface", ValueType::STRING, nullptr, OPT, nullptr, "Match ingress interface."},
             {"src-address", ValueType::SUBNET, nullptr, OPT, nullptr, "Match source prefix."},
             {"dst-address", ValueType::SUBNET, nullptr, OPT, nullptr, "Match destination prefix."},
             {"protocol", ValueType::ENUM, nullptr, OPT, "tcp|udp|icmp", "Match protocol."},
             {"dst-port", ValueType::INT, nullptr, OPT, nullptr, "Match destination port."},
             {"to-addresses", ValueType::IPV4_RANGES, nullptr, OPT, nullptr,
              "Translation addresses (src-nat, dst-nat, netmap)."},
             {"to-ports", ValueType::INT, nullptr, OPT, nullptr, "Translation port."},
         }});
    s.push_back({"ip/firewall/connection/tracking",
                 SectionKind::MENU_SINGLE,
                 "config.<node>.ip/firewall/connection/tracking",
                 "RouterOS `/ip firewall connection tracking`: NAT mapping timeouts.",
                 {
                     {"udp-timeout", ValueType::DURATION, "10s", OPT, nullptr,
                      "Idle timeout of a UDP mapping that saw traffic in one direction only."},
                     {"udp-stream-timeout", ValueType::DURATION, "3m", OPT, nullptr,
                      "Idle timeout of a UDP mapping that saw traffic both ways."},
                     {"icmp-timeout", ValueType::DURATION, "10s", OPT, nullptr,
                      "Idle timeout of an ICMP echo mapping."},
                     {"generic-timeout", ValueType::DURATION, "10m", OPT, nullptr,
                      "Idle timeout of a mapping of another protocol (ESP: by address pair)."},
                     {"tcp-established-timeout", ValueType::DURATION, "1d", OPT, nullptr,
                      "Idle timeout of a TCP mapping."},
                 }});
    s.push_back(
        {"nat",
         SectionKind::MENU_SINGLE,
         "config.<node>.nat",
         "l2tplab extension (not a RouterOS menu): the NAT's RFC 4787 behaviours. The defaults "
         "are what RouterOS (Linux conntrack) does.",
         {
             {"mapping", ValueType::ENUM, "address-and-port-dependent", OPT,
              "endpoint-independent|address-dependent|address-and-port-dependent",
              "Mapping behaviour (RFC 4787 §4.1): which destinations share a public port."},
             {"filtering", ValueType::ENUM, "address-and-port-dependent", OPT,
              "endpoint-independent|address-dependent|address-and-port-dependent",
              "Filtering behaviour (RFC 4787 §5): who may send to a mapping; not looser than "
              "mapping."},
             {"port-preservation", ValueType::BOOL, "yes", OPT, nullptr,
              "Keep the inside port when it is free (RFC 4787 §4.2.1), else the next free port "
              "from 1024."},
         }});
    // ---- IPsec (issue 8): RouterOS v6 peer with inline phase 1 settings, v7 profile/identity.
    // Defaults: what the v6 manual prints for the dynamic peer `use-ipsec` creates (seeds), which
    // is also IkePeerConfig's default (model/ipsec/ike-api.h); proposal as the header's default.
    s.push_back(
        {"ip/ipsec/peer",
         SectionKind::MENU_LIST,
         "config.<node>.ip/ipsec/peer",
         "RouterOS `/ip ipsec peer`: an IKEv1 peer (v6: with its phase 1 settings inline; v7: "
         "`profile` names an ip/ipsec/profile and an ip/ipsec/identity carries the secret).",
         {
             {"name", ValueType::STRING, "", OPT, nullptr,
              "Peer name (unset: peerN, N its position from 1)."},
             {"address", ValueType::SUBNET, "0.0.0.0/0", OPT, nullptr,
              "Remote address or prefix (0.0.0.0/0: any, a responder only)."},
             {"port", ValueType::INT, "500", OPT, nullptr, "Remote UDP port to initiate to."},
             {"local-address", ValueType::IPV4, nullptr, OPT, nullptr,
              "Our address (default: the route's source)."},
             {"passive", ValueType::BOOL, "no", OPT, nullptr, "Never initiate (responder only)."},
             {"auth-method", ValueType::ENUM, "pre-shared-key", OPT,
              "pre-shared-key|rsa-signature|pre-shared-key-xauth|eap-radius",
              "Phase 1 authentication; only pre-shared-key is modelled."},
             {"secret", ValueType::STRING, "", OPT, nullptr, "Pre-shared key (v6)."},
             {"exchange-mode", ValueType::ENUM, "main", OPT, "main|main-l2tp|aggressive|ike2",
              "Phase 1 exchange; main and main-l2tp are modelled."},
             {"generate-policy", ValueType::ENUM, "no", OPT, "no|yes|port-strict|port-override",
              "Create a dynamic policy when a peer's quick mode completes (v6 `yes` is "
              "port-override)."},
             {"hash-algorithm", ValueType::ENUM, "sha1", OPT, "md5|sha1|sha256|sha512",
              "Phase 1 hash (v6; v7: profile)."},
             {"enc-algorithm", ValueType::ENUM_LIST, "3des,aes-128,aes-192,aes-256", OPT,
              "des|3des|aes-128|aes-192|aes-256", "Phase 1 ciphers (v6; v7: profile)."},
             {"dh-group", ValueType::ENUM_LIST, "modp1024", OPT,
              "modp768|modp1024|modp1536|modp2048|modp3072|modp4096|ecp256|ecp384|ecp521",
              "Phase 1 Diffie-Hellman groups (v6; v7: profile); modp1024 and modp2048 are "
              "modelled."},
             {"lifetime", ValueType::DURATION, "1d", OPT, nullptr, "Phase 1 lifetime."},
             {"nat-traversal", ValueType::BOOL, "yes", OPT, nullptr,
              "NAT-T (RFC 3947/3948): float to UDP 4500 when NAT-D finds a NAT."},
             {"dpd-interval", ValueType::DURATION, "2m", OPT, "disable-dpd",
              "Dead peer detection interval (RFC 3706)."},
             {"dpd-maximum-failures", ValueType::INT, "5", OPT, nullptr,
              "Unanswered R-U-THERE before the peer is declared dead."},
             {"send-initial-contact", ValueType::BOOL, "yes", OPT, nullptr,
              "Send INITIAL-CONTACT after a fresh phase 1."},
             {"profile", ValueType::STRING, "", OPT, nullptr,
              "v7: ip/ipsec/profile holding the phase 1 settings (\"\" = the v6 inline ones)."},
             {"disabled", ValueType::BOOL, "no", OPT, nullptr, "Ignore this peer."},
             {"comment", ValueType::STRING, "", OPT, nullptr,
              "Short description (no effect on the simulation)."},
         }});
    s.push_back(
        {"ip/ipsec/profile",
         SectionKind::MENU_LIST,
         "config.<node>.ip/ipsec/profile",
         "RouterOS v7 `/ip ipsec profile`: phase 1 settings a peer names with `profile`; an "
         "entry named `default` changes the built-in one.",
         {
             {"name", ValueType::STRING, nullptr, REQ, nullptr, "Profile name."},
             {"hash-algorithm", ValueType::ENUM, "sha1", OPT, "md5|sha1|sha256|sha512",
              "Phase 1 hash."},
             {"enc-algorithm", ValueType::ENUM_LIST, "3des,aes-128,aes-192,aes-256", OPT,
              "des|3des|aes-128|aes-192|aes-256", "Phase 1 ciphers."},
             {"dh-group", ValueType::ENUM_LIST, "modp1024", OPT,
              "modp768|modp1024|modp1536|modp2048|modp3072|modp4096|ecp256|ecp384|ecp521",
              "Phase 1 Diffie-Hellman groups."},
             {"lifetime", ValueType::DURATION, "1d", OPT, nullptr, "Phase 1 lifetime."},
             {"nat-traversal", ValueType::BOOL, "yes", OPT, nullptr, "NAT-T (RFC 3947/3948)."},
             {"dpd-interval", ValueType::DURATION, "2m", OPT, "disable-dpd",
              "Dead peer detection interval (RFC 3706)."},
             {"dpd-maximum-failures", ValueType::INT, "5", OPT, nullptr,
              "Unanswered R-U-THERE before the peer is declared dead."},
         }});
    s.push_back({"ip/ipsec/identity",
                 SectionKind::MENU_LIST,
                 "config.<node>.ip/ipsec/identity",
                 "RouterOS v7 `/ip ipsec identity`: how we authenticate to a peer.",
                 {
                     {"peer", ValueType::STRING, nullptr, REQ, nullptr, "ip/ipsec/peer name."},
                     {"auth-method", ValueType::ENUM, "pre-shared-key", OPT,
                      "pre-shared-key|digital-signature|pre-shared-key-xauth|eap-radius",
                      "Authentication; only pre-shared-key is modelled."},
                     {"secret", ValueType::STRING, "", OPT, nullptr, "Pre-shared key."},
                     {"generate-policy", ValueType::ENUM, "no", OPT, "no|port-strict|port-override",
                      "Create a dynamic policy when the peer's quick mode completes."},
                     {"comment", ValueType::STRING, "", OPT, nullptr,
                      "Short description (no effect on the simulation)."},
                 }});
    s.push_back(
        {"ip/ipsec/proposal",
         SectionKind::MENU_LIST,
         "config.<node>.ip/ipsec/proposal",
         "RouterOS `/ip ipsec proposal`: phase 2 transforms; an entry named `default` changes "
         "the built-in one (the manual's `set [ find default=yes ]`).",
         {
             {"name", ValueType::STRING, nullptr, REQ, nullptr, "Proposal name."},
             {"auth-algorithms", ValueType::ENUM_LIST, "sha1", OPT, "md5|sha1|sha256|sha512|null",
              "ESP integrity: sha1 (HMAC-SHA1-96), sha256 (HMAC-SHA256-128), null (GCM)."},
             {"enc-algorithms", ValueType::ENUM_LIST, "aes-256-cbc,aes-192-cbc,aes-128-cbc,3des",
              OPT,
              "null|des|3des|aes-128|aes-192|aes-256|aes-128-cbc|aes-192-cbc|aes-256-cbc|"
              "aes-128-gcm|aes-192-gcm|aes-256-gcm|aes-128-ctr|aes-192-ctr|aes-256-ctr|"
              "blowfish|twofish|camellia-128|camellia-192|camellia-256",
              "ESP ciphers in preference order."},
             {"lifetime", ValueType::DURATION, "30m", OPT, nullptr, "SA lifetime."},
             {"pfs-group", ValueType::ENUM, "modp1024", OPT,
              "none|modp768|modp1024|modp1536|modp2048|modp3072|modp4096|ecp256|ecp384|ecp521",
              "Quick mode PFS group."},
             {"disabled", ValueType::BOOL, "no", OPT, nullptr, "Ignore this proposal."},
             {"comment", ValueType::STRING, "", OPT, nullptr,
              "Short description (no effect on the simulation)."},
         }});
    s.push_back(
        {"ip/ipsec/policy",
         SectionKind::MENU_LIST,
         "config.<node>.ip/ipsec/policy",
         "RouterOS `/ip ipsec policy`: the SPD, in order (transport mode).",
         {
             {"src-address", ValueType::SUBNET, "0.0.0.0/0", OPT, nullptr, "Local prefix."},
             {"dst-address", ValueType::SUBNET, "0.0.0.0/0", OPT, nullptr, "Remote prefix."},
             {"protocol", ValueType::ENUM, "all", OPT, "all|udp|tcp|icmp|gre|ipsec-esp",
              "IP protocol."},
             {"src-port", ValueType::INT, "any", OPT, "any", "Local port."},
             {"dst-port", ValueType::INT, "any", OPT, "any", "Remote port."},
             {"action", ValueType::ENUM, "encrypt", OPT, "encrypt|none|discard", "Action."},
             {"level", ValueType::ENUM, "require", OPT, "require|unique|use",
              "SA sharing: require (any SA to sa-dst), unique (this policy's own SA)."},
             {"sa-src-address", ValueType::IPV4, nullptr, OPT, nullptr,
              "SA source (transport mode: the packet's)."},
             {"sa-dst-address", ValueType::IPV4, nullptr, OPT, nullptr,
              "SA destination: the peer to negotiate with (transport mode: the packet's)."},
             {"peer", ValueType::STRING, "", OPT, nullptr,
              "v7: ip/ipsec/peer name (v6 finds the peer by sa-dst-address)."},
             {"proposal", ValueType::STRING, "default", OPT, nullptr,
              "ip/ipsec/proposal for the SAs of this policy."},
             {"ipsec-protocols", ValueType::ENUM, "esp", OPT, "esp|ah",
              "ESP is modelled; AH is not."},
             {"tunnel", ValueType::BOOL, "no", OPT, nullptr,
              "Tunnel mode (not modelled: L2TP/IPsec is transport mode, RFC 3193)."},
             {"template", ValueType::BOOL, "no", OPT, nullptr,
              "A template for generated policies (not modelled)."},
             {"disabled", ValueType::BOOL, "no", OPT, nullptr, "Ignore this policy."},
             {"comment", ValueType::STRING, "", OPT, nullptr,
              "Short description (no effect on the simulation)."},
         }});
    s.push_back(
        {"ipsec",
         SectionKind::MENU_SINGLE,
         "config.<node>.ipsec",
         "l2tplab extension (not a RouterOS menu): how the node's IPsec behaves where RouterOS "
         "exposes no setting.",
         {
             {"server-behaviour", ValueType::ENUM, "naive", OPT, "naive|per-peer",
              "Generated policies of clients behind one NAT: naive = keyed on the selector "
              "(what RouterOS does: its manual warns that only one L2TP/IPsec client can "
              "connect through one NAT); per-peer = keyed on the NAT-T encapsulation port too "
              "(both connect)."},
             {"nat-keepalive-interval", ValueType::DURATION, "20s", OPT, "disabled",
              "NAT-keepalive interval of the NATed side (RFC 3948 §4; Linux/RouterOS 20 s)."},
             {"acquire-queue", ValueType::INT, "8", OPT, nullptr,
              "Packets held per destination while an acquire runs (more are dropped, counted)."},
         }});
    s.push_back(
        {"l2tp",
         SectionKind::MENU_SINGLE,
         "config.<node>.l2tp",
         "l2tplab extension (not a RouterOS menu): RFC 2661 knobs RouterOS does not expose. "
         "Applies to every tunnel of the node.",
         {
             {"hello-interval", ValueType::DURATION, "60s", OPT, "disabled",
              "Idle time before sending HELLO (RFC 2661 §6.5)."},
             {"receive-window", ValueType::INT, "4", OPT, nullptr,
              "Receive Window Size AVP we advertise (RFC 2661 §5.8)."},
             {"retransmit-initial", ValueType::DURATION, "1s", OPT, nullptr,
              "First control retransmission timeout (RFC 2661 §5.8)."},
             {"retransmit-cap", ValueType::DURATION, "8s", OPT, nullptr,
              "Cap of the exponential backoff (RFC 2661 §5.8: at least 8 s)."},
             {"max-retransmits", ValueType::INT, "5", OPT, nullptr,
              "Retransmissions before giving up on the tunnel (RFC 2661 §5.8)."},
             {"tunnel-secret", ValueType::STRING, "", OPT, nullptr,
              "Tunnel authentication secret (Challenge AVPs, RFC 2661 §5.1.1); empty = none."},
             {"hide-avps", ValueType::BOOL, "no", OPT, nullptr,
              "Hide sensitive AVPs (RFC 2661 §4.3); needs tunnel-secret."},
             {"reply-from-port", ValueType::ENUM, "1701", OPT, "1701|ephemeral",
              "LNS replies from port 1701 or from a fresh ephemeral port (RFC 2661 §8.1)."},
             {"ack-delay", ValueType::DURATION, "0s", OPT, nullptr,
              "Wait this long for an outgoing message to piggy-back an ack before sending a ZLB "
              "(RFC 2661 §5.8). 0 (RouterOS): a message no reply answers gets a ZLB at once "
              "(SCCCN, ICCN, HELLO); go-l2tp waits 100ms."},
             {"redial-interval", ValueType::DURATION, "10s", OPT, "disabled",
              "l2tp-client: dial again this long after the tunnel went down (StopCCN, give-up); "
              "RouterOS redials on its own but documents no interval, so 10s is l2tplab's choice."},
             {"redial-jitter", ValueType::DURATION, "0s", OPT, nullptr,
              "l2tp-client: add up to this much to every redial, drawn per client from the run "
              "seed, so clients that lost the same link do not all dial again at once; 0 = off."},
             {"retransmit-jitter", ValueType::LOSS, "0", OPT, nullptr,
              "Add up to this fraction (\"20%\" or 0.2) of every control retransmission timeout, "
              "drawn per node from the run seed (RFC 2661 §5.8 fixes only the exponential growth "
              "and the 8 s minimum cap); 0 = off."},
             {"data-sequencing", ValueType::BOOL, "no", OPT, nullptr,
              "Send Ns/Nr on data messages (Sequencing Required AVP, RFC 2661 §5.4)."},
         }});
    return s;
}

/** \brief The first of `rows` that `match` accepts, or nullptr (the finders of the tables below).
 */
template <typename Row, typename Match>
const Row*
FirstRow(const std::vector<Row>& rows, Match match)
{
    auto it = std::find_if(rows.begin(), rows.end(), match);
    return it == rows.end() ? nullptr : &*it;
}

} // namespace

const std::vector<SectionSpec>&
ScenarioSchema()
{
    static const std::vector<SectionSpec> kSchema = BuildSchema();
    return kSchema;
}

const SectionSpec*
FindSection(const std::string& name)
{
    return FirstRow(ScenarioSchema(),
                    [&name](const SectionSpec& s)
                    {
                        return name == s.name;
                    });
}

const KeySpec*
FindKey(const SectionSpec& section, const std::string& key)
{
    for (const auto& k : section.keys)
    {
        if (key == k.key)
        {
            return &k;
        }
    }
    return nullptr;
}

std::vector<std::string>
ConfigMenuPaths()
{
    std::vector<std::string> out;
    for (const auto& s : ScenarioSchema())
    {
        if (s.kind != SectionKind::STRUCT)
        {
            out.emplace_back(s.name);
        }
    }
    return out;
}

const char*
ValueTypeName(ValueType t)
{
    switch (t)
    {
    case ValueType::STRING:
        return "string";
    case ValueType::NAME:
        return "name";
    case ValueType::ID:
        return "id";
    case ValueType::INT:
        return "integer";
    case ValueType::BOOL:
        return "yes/no";
    case ValueType::DURATION:
        return "duration";
    case ValueType::RATE:
        return "rate";
    case ValueType::LOSS:
        return "loss";
    case ValueType::IPV4:
        return "IPv4 address";
    case ValueType::IPV4_OR_NAME:
        return "IPv4 address or name";
    case ValueType::SUBNET:
        return "IPv4 subnet";
    case ValueType::IPV4_RANGES:
        return "IPv4 ranges";
    case ValueType::ENUM:
        return "one of";
    case ValueType::ENUM_LIST:
        return "list of";
    case ValueType::STRING_LIST:
        return "list of strings";
    case ValueType::COUNT:
        return "count";
    case ValueType::WINDOW:
        return "time window";
    case ValueType::MAPPING:
        return "mapping";
    case ValueType::SEQUENCE:
        return "list";
    case ValueType::ANY:
        return "value or list";
    }
    return "?";
}

std::vector<std::string>
SplitChoices(const std::string& s, char sep)
{
    std::vector<std::string> out;
    if (s.empty())
    {
        return out;
    }
    std::string cur;
    for (char c : s)
    {
        if (c == sep)
        {
            out.push_back(cur);
            cur.clear();
        }
        else if (c != ' ')
        {
            cur.push_back(c);
        }
    }
    out.push_back(cur);
    return out;
}

namespace
{

/** \brief "a, b or c". */
std::string
JoinChoices(const char* choices)
{
    auto items = SplitChoices(choices ? choices : "");
    std::string out;
    for (size_t i = 0; i < items.size(); ++i)
    {
        if (i > 0)
        {
            out += (i + 1 == items.size()) ? " or " : ", ";
        }
        out += items[i];
    }
    return out;
}

/** \brief " or <specials>" suffix for types that admit special words. */
std::string
SpecialsSuffix(const KeySpec& key)
{
    if ((key.type == ValueType::INT || key.type == ValueType::DURATION) && key.choices)
    {
        return " or " + JoinChoices(key.choices);
    }
    return "";
}

} // namespace

std::string
ExpectedText(const KeySpec& key)
{
    switch (key.type)
    {
    case ValueType::STRING:
        return "a string";
    case ValueType::NAME:
        return "a name of lower-case letters, digits and dashes like l2tp-basic";
    case ValueType::ID:
        return "an id of letters, digits, '.', '_' and '-' like tunnel-up";
    case ValueType::INT:
        return "a non-negative integer" + SpecialsSuffix(key);
    case ValueType::BOOL:
        return "yes or no";
    case ValueType::DURATION:
        return "a duration like 5s, 250ms, 1m" + SpecialsSuffix(key);
    case ValueType::RATE:
        return "a rate like 100Mbps, 1Gbps, 64kbps";
    case ValueType::LOSS:
        return "a loss like 20% or 0.2";
    case ValueType::IPV4:
        return "an IPv4 address like 192.0.2.1";
    case ValueType::IPV4_OR_NAME:
        return "an IPv4 address like 192.0.2.1 or a name";
    case ValueType::SUBNET:
        return "an IPv4 subnet like 192.0.2.0/24";
    case ValueType::IPV4_RANGES:
        return "IPv4 ranges like 10.0.0.10-10.0.0.20";
    case ValueType::ENUM:
        return "one of " + JoinChoices(key.choices);
    case ValueType::ENUM_LIST:
        return "a list of " + JoinChoices(key.choices);
    case ValueType::STRING_LIST:
        return "a list of strings";
    case ValueType::COUNT:
        return "a count like 1, >=1, <=3, >0, <5 or 2~4";
    case ValueType::WINDOW:
        return "a time window like 0s~5s, 10s~ or ~5s";
    case ValueType::MAPPING:
        return "a mapping";
    case ValueType::SEQUENCE:
        return "a list";
    case ValueType::ANY:
        return "a value or a list";
    }
    return "a value";
}

size_t
EditDistance(const std::string& a, const std::string& b)
{
    const size_t n = a.size();
    const size_t m = b.size();
    std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1, 0));
    for (size_t i = 0; i <= n; ++i)
    {
        d[i][0] = i;
    }
    for (size_t j = 0; j <= m; ++j)
    {
        d[0][j] = j;
    }
    for (size_t i = 1; i <= n; ++i)
    {
        for (size_t j = 1; j <= m; ++j)
        {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[n][m];
}

std::string
DidYouMean(const std::string& word, const std::vector<std::string>& candidates)
{
    size_t limit = word.size() <= 4 ? 1 : (word.size() <= 8 ? 2 : 3);
    std::string best;
    size_t bestD = limit + 1;
    for (const auto& c : candidates)
    {
        size_t d = EditDistance(word, c);
        if (d < bestD && d != 0)
        {
            best = c;
            bestD = d;
        }
    }
    return best;
}

namespace
{

/** \brief Escape '|' and '<' (HTML) for a Markdown table cell. */
std::string
EscapePipes(const std::string& s)
{
    std::string o;
    for (char c : s)
    {
        if (c == '|')
        {
            o += "\\|";
        }
        else if (c == '<')
        {
            o += "&lt;";
        }
        else
        {
            o.push_back(c);
        }
    }
    return o;
}

} // namespace

std::string
RenderSchemaMarkdown()
{
    std::ostringstream o;
    for (const auto& s : ScenarioSchema())
    {
        const char* kind = s.kind == SectionKind::STRUCT        ? "section"
                           : s.kind == SectionKind::MENU_SINGLE ? "menu, one object"
                                                                : "menu, list of objects";
        o << "### `" << s.name << "` (" << kind << ")\n\n";
        o << "At `" << s.where << "`. " << s.doc << "\n\n";
        o << "| key | type | default | required | meaning |\n";
        o << "|---|---|---|---|---|\n";
        for (const auto& k : s.keys)
        {
            std::string type = ValueTypeName(k.type);
            if (k.choices)
            {
                std::string list;
                for (const auto& c : SplitChoices(k.choices))
                {
                    list += (list.empty() ? "`" : ", `") + c + "`";
                }
                bool isEnum = k.type == ValueType::ENUM || k.type == ValueType::ENUM_LIST;
                type += (isEnum ? " " : " or ") + list;
            }
            std::string def = k.defaultValue == nullptr ? "-"
                              : std::string(k.defaultValue).empty()
                                  ? "`\"\"`"
                                  : "`" + std::string(k.defaultValue) + "`";
            o << "| `" << k.key << "` | " << type << " | " << def << " | "
              << (k.required ? "yes" : "no") << " | " << EscapePipes(k.doc) << " |\n";
        }
        o << "\n";
    }
    return o.str();
}

const std::vector<KeyRange>&
KeyRanges()
{
    constexpr int64_t kU32 = 4294967295LL;
    constexpr int64_t kNoMax = INT64_MAX;
    const char* const kMtuWhy = "68 = smallest IPv4 MTU (RFC 791); 65535 = largest 16-bit MRU "
                                "(RFC 1661 §6.1)";
    const char* const kMrruWhy = "68 = smallest IPv4 MTU (RFC 791); 65535 = largest 16-bit MRRU "
                                 "(RFC 1990 §5.1.1)";
    static const std::vector<KeyRange> kRanges = {
        {"run", "seed", 1, kU32,
         "ns-3's RngSeedManager takes a nonzero 32-bit seed; --seed has the same range"},
        {"link", "mtu", 68, 65535,
         "68 = smallest IPv4 MTU (RFC 791); 65535 = largest IPv4 datagram"},
        {"link", "txqueuelen", 1, 1000000, "a queue holds at least one packet"},
        {"link", "arp-requests", 1, 256,
         "at least one request; ns-3 retries are requests - 1, at most 255"},
        {"link", "arp-retry-interval", kMs, kNoMax, "at least 1 ms between ARP requests"},
        {"link", "arp-failed-hold", 0, kNoMax, "0: a new resolution may start at once"},
        {"link", "arp-queue", 0, 1000000, "0: nothing is held while resolving"},
        {"interface/l2tp-server/server", "max-mtu", 68, 65535, kMtuWhy},
        {"interface/l2tp-server/server", "max-mru", 68, 65535, kMtuWhy},
        {"interface/l2tp-server/server", "mrru", 68, 65535, kMrruWhy},
        {"interface/l2tp-server/server", "max-sessions", 0, kU32, "a 32-bit count"},
        {"interface/l2tp-client", "max-mtu", 68, 65535, kMtuWhy},
        {"interface/l2tp-client", "max-mru", 68, 65535, kMtuWhy},
        {"interface/l2tp-client", "mrru", 68, 65535, kMrruWhy},
        {"interface/l2tp-client", "default-route-distance", 1, 255,
         "RouterOS administrative distance"},
        {"ip/route", "distance", 1, 255, "RouterOS administrative distance"},
        {"l2tp", "receive-window", 1, 32767,
         "RFC 2661 §5.8: a Receive Window Size of 0 is invalid; above half the 16-bit Ns space "
         "the window is ambiguous"},
        {"l2tp", "retransmit-cap", 8 * kSec, kNoMax,
         "RFC 2661 §5.8: the cap MUST be no less than 8 seconds"},
        {"l2tp", "max-retransmits", 0, kU32, "a 32-bit count"},
    };
    return kRanges;
}

const KeyRange*
FindRange(const std::string& section, const std::string& key)
{
    return FirstRow(KeyRanges(),
                    [&](const KeyRange& r)
                    {
                        return section == r.section && key == r.key;
                    });
}

std::string
RenderRangesMarkdown()
{
    std::ostringstream o;
    o << "\n| section | key | min | max | why |\n|---|---|---|---|---|\n";
    for (const auto& r : KeyRanges())
    {
        const SectionSpec* s = FindSection(r.section);
        const KeySpec* k = s != nullptr ? FindKey(*s, r.key) : nullptr;
        bool duration = k != nullptr && k->type == ValueType::DURATION;
        auto show = [duration](int64_t v)
        {
            return duration ? FormatDuration(v) : std::to_string(v);
        };
        o << "| `" << r.section << "` | `" << r.key << "` | " << show(r.min) << " | "
          << (r.max == INT64_MAX ? std::string("-") : show(r.max)) << " | " << r.why << " |\n";
    }
    o << "\n";
    return o.str();
}

const std::vector<ValueAlias>&
ValueAliases()
{
    static const std::vector<ValueAlias> kAliases = {
        {"interface/l2tp-server/server", "use-ipsec", "require", "required",
         "the v6 and v7 manual property tables spell it `require`; the v6 manual's own "
         "L2TP/IPsec example (`use-ipsec=required`) spells it `required`"},
        {"ppp/profile", "use-encryption", "require", "required",
         "the PPP AAA manual (v6/v7) spells it `require`; the schema keeps `required`"},
    };
    return kAliases;
}

std::string
CanonicalValue(const std::string& section, const std::string& key, const std::string& text)
{
    for (const ValueAlias& a : ValueAliases())
    {
        if (section == a.section && key == a.key && text == a.alias)
        {
            return a.canonical;
        }
    }
    return text;
}

const std::vector<UnmodelledKey>&
UnmodelledKeys()
{
    const char* const kV3 = "L2TPv3 (RFC 3931) is not modelled";
    const char* const kFast = "RouterOS fast path is a forwarding shortcut with no protocol effect";
    const char* const kQueue = "queues and rate limits are not modelled";
    const char* const kV6 = "IPv6 beyond IPV6CP link-local addressing is not modelled yet";
    const char* const kFw = "firewall chains and address lists are not modelled";
    const char* const kScript = "scripts are not run";
    static const std::vector<UnmodelledKey> kKeys = {
        {"interface/l2tp-client", "allow-fast-path", kFast, "no"},
        {"interface/l2tp-client", "l2tp-proto-version", kV3, "l2tpv2"},
        {"interface/l2tp-client", "l2tpv3-circuit-id", kV3},
        {"interface/l2tp-client", "l2tpv3-cookie-length", kV3},
        {"interface/l2tp-client", "l2tpv3-digest-hash", kV3},
        {"interface/l2tp-client", "use-peer-dns", "the client's DNS resolver is not modelled",
         "no"},
        {"interface/l2tp-server/server", "accept-proto-version", kV3, "l2tpv2|all"},
        {"interface/l2tp-server/server", "accept-pseudowire-type", kV3},
        {"interface/l2tp-server/server", "allow-fast-path", kFast, "no"},
        {"interface/l2tp-server/server", "l2tpv3-circuit-id", kV3},
        {"interface/l2tp-server/server", "l2tpv3-cookie-length", kV3},
        {"interface/l2tp-server/server", "l2tpv3-digest-hash", kV3},
        {"interface/l2tp-server/server", "l2tpv3-ether-interface-list", kV3},
        {"ipv6/settings", "forward", kV6, "yes"},
        {"ipv6/settings", "accept-redirects", kV6},
        {"ipv6/settings", "accept-router-advertisements", kV6},
        {"ipv6/settings", "max-neighbor-entries", kV6},
        {"ppp/secret", "ipv6-routes", kV6},
        {"ppp/secret", "remote-ipv6-prefix", kV6},
        {"ppp/secret", "limit-bytes-in", "byte limits are not modelled"},
        {"ppp/secret", "limit-bytes-out", "byte limits are not modelled"},
        {"ppp/profile", "address-list", kFw},
        {"ppp/profile", "dhcpv6-pd-pool", kV6},
        {"ppp/profile", "remote-ipv6-prefix-pool", kV6},
        {"ppp/profile", "use-ipv6", kV6, "yes|default"},
        {"ppp/profile", "incoming-filter", kFw},
        {"ppp/profile", "outgoing-filter", kFw},
        {"ppp/profile", "interface-list", kFw},
        {"ppp/profile", "insert-queue-before", kQueue},
        {"ppp/profile", "parent-queue", kQueue},
        {"ppp/profile", "queue-type", kQueue},
        {"ppp/profile", "rate-limit", kQueue},
        {"ppp/profile", "on-up", kScript},
        {"ppp/profile", "on-down", kScript},
        {"ppp/profile", "use-compression", "PPP compression (CCP) is not modelled", "no|default"},
        {"ppp/profile", "use-upnp", "UPnP is not modelled", "no|default"},
        {"ppp/profile", "wins-server", "WINS (RFC 1877 NBNS options) is not modelled"},
    };
    return kKeys;
}

const UnmodelledKey*
FindUnmodelledKey(const std::string& section, const std::string& key)
{
    return FirstRow(UnmodelledKeys(),
                    [&](const UnmodelledKey& u)
                    {
                        return section == u.section && key == u.key;
                    });
}

bool
IsRouterOsMenu(const SectionSpec& section)
{
    return section.kind != SectionKind::STRUCT &&
           std::string_view(section.name).find('/') != std::string_view::npos;
}

std::vector<std::string>
PrefixCandidates(const SectionSpec& section, const std::string& prefix)
{
    std::vector<std::string> out;
    if (!IsRouterOsMenu(section) || prefix.empty())
    {
        return out;
    }
    auto consider = [&](const char* key)
    {
        if (std::string_view(key).substr(0, prefix.size()) == prefix && prefix != key)
        {
            out.emplace_back(key);
        }
    };
    for (const auto& k : section.keys)
    {
        consider(k.key);
    }
    for (const UnmodelledKey& u : UnmodelledKeys())
    {
        if (std::string_view(u.section) == section.name)
        {
            consider(u.key);
        }
    }
    return out;
}

const std::vector<KeyAlias>&
KeyAliases()
{
    static const char* const kV29 =
        "the RouterOS v2.9 manual names the client's properties mtu and mru (default 1460 = "
        "1500 - 40); v6/v7 call them max-mtu and max-mru";
    static const std::vector<KeyAlias> kKeys = {
        {"interface/l2tp-client", "mtu", "max-mtu", kV29},
        {"interface/l2tp-client", "mru", "max-mru", kV29},
    };
    return kKeys;
}

const KeyAlias*
FindKeyAlias(const std::string& section, const std::string& alias)
{
    return FirstRow(KeyAliases(),
                    [&](const KeyAlias& a)
                    {
                        return section == a.section && alias == a.alias;
                    });
}

std::string
RenderAliasesMarkdown()
{
    std::ostringstream o;
    o << "\n| section | key | written | read as | why |\n|---|---|---|---|---|\n";
    for (const KeyAlias& a : KeyAliases())
    {
        o << "| `" << a.section << "` | (the key) | `" << a.alias << "` | `" << a.key << "` | "
          << a.why << " |\n";
    }
    for (const ValueAlias& a : ValueAliases())
    {
        o << "| `" << a.section << "` | `" << a.key << "` | `" << a.alias << "` | `" << a.canonical
          << "` | " << a.why << " |\n";
    }
    o << "\n";
    return o.str();
}

const std::vector<UnmodelledMenu>&
UnmodelledMenus()
{
    static const std::vector<UnmodelledMenu> kMenus = {
        {"ip/address",
         "addresses come from the topology: a link's `net` numbers its ends, "
         "`node:iface=a.b.c.d` picks one; entries that state exactly those are warned about"},
        {"ip/firewall/filter",
         "packet filtering is not modelled: every packet is accepted, so rules that accept "
         "(the manual's \"accept l2tp and ipsec\") are harmless and warned about, others refused",
         true},
        {"ip/firewall/mangle", "packet marking is not modelled (ppp/profile change-tcp-mss is)"},
        {"ip/dns", "the router's DNS resolver is not modelled (ppp/profile dns-server is)"},
        {"ppp/aaa", "RADIUS is not modelled: secrets are the node's ppp/secret entries"},
        {"radius", "RADIUS is not modelled: secrets are the node's ppp/secret entries"},
        {"interface/vlan", "VLAN interfaces are not modelled"},
        {"interface/pptp-server/server", "only L2TP is modelled"},
        {"interface/sstp-server/server", "only L2TP is modelled"},
        {"interface/ovpn-server/server", "only L2TP is modelled"},
        {"interface/pppoe-server/server", "only L2TP is modelled"},
        {"interface/pptp-client", "only L2TP is modelled"},
        {"interface/sstp-client", "only L2TP is modelled"},
        {"interface/ovpn-client", "only L2TP is modelled"},
        {"interface/pppoe-client", "only L2TP is modelled"},
    };
    return kMenus;
}

const UnmodelledMenu*
FindUnmodelledMenu(const std::string& menu)
{
    return FirstRow(UnmodelledMenus(),
                    [&menu](const UnmodelledMenu& m)
                    {
                        return menu == m.menu;
                    });
}

bool
IsSimulatedValue(const UnmodelledKey& u, const std::string& value)
{
    if (u.simulated == nullptr)
    {
        return false;
    }
    const std::vector<std::string> values = SplitChoices(u.simulated);
    return std::find(values.begin(), values.end(), value) != values.end();
}

std::string
RenderUnmodelledMarkdown()
{
    std::ostringstream o;
    o << "\n| section | key | why | accepted as what l2tplab does |\n|---|---|---|---|\n";
    for (const UnmodelledKey& u : UnmodelledKeys())
    {
        std::string ok;
        for (const std::string& v : SplitChoices(u.simulated == nullptr ? "" : u.simulated))
        {
            ok += (ok.empty() ? "`" : ", `") + v + "`";
        }
        o << "| `" << u.section << "` | `" << u.key << "` | " << u.what << " | " << ok << " |\n";
    }
    for (const UnmodelledMenu& m : UnmodelledMenus())
    {
        o << "| `" << m.menu << "` | (the whole menu) | " << m.what << " | "
          << (m.acceptOnly ? "entries whose `action` is `accept` (warned)" : "") << " |\n";
    }
    o << "\n";
    return o.str();
}

} // namespace ns3
