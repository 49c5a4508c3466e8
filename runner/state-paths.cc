#include "runner/state-paths.h"

#include "runner/expectations.h"
#include "runner/traffic-results.h"

#include <algorithm>
#include <deque>

namespace ns3
{

namespace
{

/** \brief Levenshtein distance (short strings only). */
size_t
EditDistance(const std::string& a, const std::string& b)
{
    std::vector<size_t> prev(b.size() + 1);
    std::vector<size_t> cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
    {
        prev[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i)
    {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
        {
            size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

/** \brief `path` with its first segment replaced by `*` (interface paths). */
std::string
AsInterfacePath(const std::string& path)
{
    size_t slash = path.find('/');
    return slash == std::string::npos ? path : "*" + path.substr(slash);
}

/** \brief The hand-written rows (l2tp). */
const std::vector<StatePathSpec>&
BaseRows()
{
    static const std::vector<StatePathSpec> kRows = {
        // ---- l2tp: the node's L2tpEndpoint (model/l2tp/l2tp-endpoint.h)
        {"l2tp", "l2tp/tunnels", "l2tp/tunnels", "l2tp/tunnels",
         "tunnels present on the node (closing ones included)"},
        {"l2tp", "l2tp/tunnels/established", "l2tp/tunnels/established", "l2tp/tunnels/established",
         "tunnels in ESTABLISHED"},
        {"l2tp", "l2tp/sessions", "l2tp/sessions", "l2tp/sessions",
         "sessions present on the node (not yet cleaned up)"},
        {"l2tp", "l2tp/sessions/established", "l2tp/sessions/established",
         "l2tp/sessions/established", "sessions in ESTABLISHED"},
        {"l2tp", "l2tp/counters/**", "l2tp/counters/<name>", "l2tp/counters/channel/retransmit",
         "a counter of the node's L2TP endpoint, e.g. `channel/retransmit`, `channel/hello-tx`, "
         "`channel/zlb-tx`, `channel/duplicate`, `channel/give-up`, `drop/decode/AVP_OVERRUN`, "
         "`tunnel/refused/not-accepting` (every counter of a run is listed under "
         "`nodes.<node>.counters` in `report.json`; one never incremented reads 0)"},
        // ---- l2tp: RouterOS l2tp-client interfaces
        {"l2tp", "*/tunnel/State", "<l2tp-client name>/tunnel/State", "l2tp-out1/tunnel/State",
         "that client's tunnel state (`WAIT_CTL_REPLY`, `ESTABLISHED`, `CLOSING`, `CLOSED`, ...)"},
        // ---- l2tp: the interface layer (RouterOS `monitor`), clients and server `<l2tp-N>`
        {"l2tp", "*/status", "<interface>/status", "l2tp-out1/status",
         "RouterOS `monitor` status of an l2tp-client or server-side `<l2tp-N>` interface: "
         "`initializing`, `dialing`, `connected`, `terminating`, `disconnected`"},
        {"l2tp", "*/uptime", "<interface>/uptime", "l2tp-out1/uptime",
         "seconds since the interface's session came up (0 unless connected)"},
        {"l2tp", "*/idle-time", "<interface>/idle-time", "l2tp-out1/idle-time",
         "seconds since the last frame in or out (0 unless connected)"},
        {"l2tp", "*/dials", "<interface>/dials", "l2tp-out1/dials",
         "dial attempts of an l2tp-client so far (redials included)"},
        {"l2tp", "*/session/State", "<l2tp-client name>/session/State", "l2tp-out1/session/State",
         "that client's session state (`WAIT_TUNNEL`, `WAIT_REPLY`, `ESTABLISHED`, ...)"},
        // ---- nat: the NAT layer (runner/ns3/nat-installer.cc)
        {"nat", "nat/mappings", "nat/mappings", "nat/mappings",
         "live NAT mappings of the node, every interface"},
        {"nat", "nat/mappings-created", "nat/mappings-created", "nat/mappings-created",
         "NAT mappings created so far"},
        {"nat", "nat/mappings-expired", "nat/mappings-expired", "nat/mappings-expired",
         "NAT mappings whose idle timeout ran out so far (ip/firewall/connection/tracking)"},
        {"nat", "nat/drop/*", "nat/drop/<reason>", "nat/drop/no-mapping",
         "packets the NAT dropped or, inbound, could not translate, by reason, every interface: "
         "no-mapping (e.g. after the mapping expired), filtered, not-for-us, ports-exhausted, "
         "address-pair-in-use, fragment, icmp-error, no-address"},
        {"nat", "nat/translated-out", "nat/translated-out", "nat/translated-out",
         "packets whose source the NAT rewrote (inside to outside)"},
        {"nat", "nat/translated-in", "nat/translated-in", "nat/translated-in",
         "packets whose destination the NAT rewrote back to an inside endpoint"},
        {"nat", "*/nat/mappings", "<interface>/nat/mappings", "ether1/nat/mappings",
         "live NAT mappings whose public address is on that interface"},
        // ---- ipsec: the IPsec carrier (runner/ns3/ipsec-carrier.cc)
        {"ipsec", "ipsec/sas", "ipsec/sas", "ipsec/sas",
         "ESP SAs installed on the node now (inbound and outbound)"},
        {"ipsec", "ipsec/policies", "ipsec/policies", "ipsec/policies",
         "IPsec policies of the node now, dynamic (generated) and static"},
        {"ipsec", "ipsec/esp-out", "ipsec/esp-out", "ipsec/esp-out",
         "packets the node sent protected by ESP (plain or UDP-encapsulated)"},
        {"ipsec", "ipsec/esp-in", "ipsec/esp-in", "ipsec/esp-in",
         "ESP packets the node decrypted and delivered"},
        {"ipsec", "ipsec/drop/**", "ipsec/drop/<reason>", "ipsec/drop/spd/clear_but_encrypt",
         "packets the IPsec carrier dropped, by reason: `spd/<reason>` (SPD, e.g. "
         "`clear_but_encrypt`: plain L2TP where use-ipsec=required), `esp/<reason>` (ESP, e.g. "
         "`replayed`, `bad_icv`, `unknown_spi`), `natt/<reason>`, `no-ike-engine`, "
         "`acquire-queue-full`, `inner-not-udp`"},
        // ---- net: the topology's drop counters (runner/ns3/drop-counters.cc)
        {"net", "net/*/drop/*", "net/<interface>/drop/<reason>", "net/ether1/drop/queue-full",
         "packets dropped below L2TP at that interface, by reason (table *Drops below L2TP*; "
         "0 if none)"},
        // ---- ppp: the PPP layer (runner/ns3/ppp-installer.cc)
        {"ppp", "ppp/sessions-up", "ppp/sessions-up", "ppp/sessions-up",
         "PPP sessions of the node that reached IPCP Opened so far (redials count again)"},
        {"ppp", "ppp/active", "ppp/active", "ppp/active",
         "PPP interfaces of the node with IPCP Opened now"},
        {"ppp", "ppp/auth-failures", "ppp/auth-failures", "ppp/auth-failures",
         "links closed because an authentication failed"},
        {"ppp", "ppp/refusals", "ppp/refusals", "ppp/refusals",
         "authenticated users the server refused (pool exhausted, only-one, ...)"},
        {"ppp", "*/ppp/phase", "<interface>/ppp/phase", "l2tp-out1/ppp/phase",
         "RFC 1661 §3.2 phase of the interface's link: `dead`, `establish`, `authenticate`, "
         "`network`, `terminate` (\"\" for an interface that does not exist now)"},
        {"ppp", "*/ppp/lcp-state", "<interface>/ppp/lcp-state", "l2tp-out1/ppp/lcp-state",
         "LCP automaton state (RFC 1661 §4.2): `INITIAL` ... `OPENED`"},
        {"ppp", "*/ppp/ipcp-state", "<interface>/ppp/ipcp-state", "<l2tp-alice>/ppp/ipcp-state",
         "IPCP automaton state (`INITIAL` before the Network phase)"},
        {"ppp", "*/ppp/ipv6cp-state", "<interface>/ppp/ipv6cp-state", "l2tp-out1/ppp/ipv6cp-state",
         "IPV6CP automaton state (RFC 5072; `INITIAL` before the Network phase or with IPv6 "
         "disabled, `STOPPED` once the peer Protocol-Rejected it)"},
        {"ppp", "*/ppp/ccp-state", "<interface>/ppp/ccp-state", "l2tp-out1/ppp/ccp-state",
         "CCP automaton state (RFC 1962; `INITIAL` before the Network phase, or with "
         "use-encryption=no while the peer sent no CCP)"},
        {"ppp", "*/ppp/encoding", "<interface>/ppp/encoding", "l2tp-out1/ppp/encoding",
         "RouterOS monitor `encoding`: \"MPPE128 stateless\" while MPPE (RFC 3078) is in force, "
         "\"\" otherwise"},
        {"ppp", "*/ppp/user", "<interface>/ppp/user", "<l2tp-alice>/ppp/user",
         "the authenticated user (server) or our user once authenticated (client)"},
        {"ppp", "*/ppp/mtu", "<interface>/ppp/mtu", "l2tp-out1/ppp/mtu",
         "the interface MTU once LCP is Opened (0 before): with multilink the peer's MRRU "
         "(RFC 1990 §5.1.1), else the smaller of the peer's MRU and max-mtu"},
        {"ppp", "*/ppp/multilink", "<interface>/ppp/multilink", "l2tp-out1/ppp/multilink",
         "RFC 1990 on the link: `mp` (both ends set mrru), `receive-only` (the peer Acked our "
         "MRRU without announcing its own: it does not speak MP), `send-only`, `off`"},
        {"ppp", "*/ppp/mp/**", "<interface>/ppp/mp/<counter>", "l2tp-out1/ppp/mp/fragments-out",
         "a multilink counter: `packets-out`, `fragments-out`, `over-mrru-out`, `plain-in` "
         "(network frames without MP header), `malformed`, `reserved-bits`, `link-control-in`, "
         "`fragments-in`, `reassembled`, `missing`, `null-fragments`, `discard/<reason>` "
         "(`lost-fragment`, `no-begin`, `over-mrru`, `buffer-full`, `duplicate`, `late`, "
         "`bad-protocol`)"},
        {"ppp", "*/ppp/mss-clamped", "<interface>/ppp/mss-clamped", "l2tp-out1/ppp/mss-clamped",
         "TCP SYNs (either direction) whose MSS option change-tcp-mss lowered to the interface "
         "MTU - 40"},
        {"ppp", "*/ppp/demand-dropped", "<interface>/ppp/demand-dropped",
         "l2tp-out1/ppp/demand-dropped",
         "datagrams routed into a dial-on-demand client while it was not connected (the first of "
         "them made it dial); 0 for other interfaces"},
        {"dhcp", "dhcp-client/*/address", "dhcp-client/<interface>/address",
         "dhcp-client/ether1/address",
         "the address the interface's DHCP client leased (RFC 2131), \"\" before a lease"},
        {"dhcp", "dhcp-client/*/leases", "dhcp-client/<interface>/leases",
         "dhcp-client/ether1/leases", "DHCP leases the interface's client received so far"},
        {"ppp", "*/ppp/bcp-state", "<interface>/ppp/bcp-state", "l2tp-out1/ppp/bcp-state",
         "BCP automaton state (RFC 3518; `INITIAL` when the profile has no bridge= or before the "
         "Network phase, `STOPPED` once the peer Protocol-Rejected it)"},
        {"ppp", "*/ppp/mplscp-state", "<interface>/ppp/mplscp-state", "l2tp-out1/ppp/mplscp-state",
         "MPLSCP automaton state (RFC 3032 §4.3.1; `INITIAL` with use-mpls=no or before the "
         "Network phase, `STOPPED` once the peer Protocol-Rejected it)"},
        {"ppp", "*/ppp/mpls-dropped", "<interface>/ppp/mpls-dropped", "l2tp-out1/ppp/mpls-dropped",
         "labelled packets (PPP 0x0281, 0x0283) received with MPLSCP Opened and dropped: no MPLS "
         "forwarding is simulated"},
        {"ppp", "*/ppp/bridged-in", "<interface>/ppp/bridged-in", "l2tp-out1/ppp/bridged-in",
         "bridged frames (PPP 0x0031) received and given to the bridge port"},
        {"ppp", "*/ppp/bridged-out", "<interface>/ppp/bridged-out", "l2tp-out1/ppp/bridged-out",
         "bridged frames sent from the bridge port"},
        {"ppp", "*/ppp/bridged-dropped", "<interface>/ppp/bridged-dropped",
         "l2tp-out1/ppp/bridged-dropped",
         "bridged frames dropped: before BCP Opened (RFC 1661 §3.5) or not decoded (RFC 3518 "
         "§4.2)"},
    };
    return kRows;
}

/** \brief The traffic rows, generated from the field table the traffic installer answers from. */
std::vector<StatePathSpec>
TrafficRows()
{
    // Storage for the generated strings (StatePathSpec holds pointers); built once.
    static std::deque<std::string> text; // push_back keeps earlier strings in place
    std::vector<StatePathSpec> rows;
    for (const TrafficStateField& f : TrafficStateFields())
    {
        text.push_back(std::string("traffic/*/") + f.field);
        const char* pattern = text.back().c_str();
        text.push_back(std::string("traffic/<name>/") + f.field);
        const char* display = text.back().c_str();
        text.push_back(std::string("traffic/") + f.example + "/" + f.field);
        rows.push_back({"traffic", pattern, display, text.back().c_str(), f.meaning});
    }
    return rows;
}

} // namespace

const std::vector<StatePathSpec>&
StatePathCatalog()
{
    static const std::vector<StatePathSpec> kAll = []()
    {
        std::vector<StatePathSpec> all = BaseRows();
        for (const StatePathSpec& r : TrafficRows())
        {
            all.push_back(r);
        }
        return all;
    }();
    return kAll;
}

const StatePathSpec*
FindStatePath(const std::string& path)
{
    for (const StatePathSpec& s : StatePathCatalog())
    {
        if (GlobMatch(s.pattern, path))
        {
            return &s;
        }
    }
    return nullptr;
}

void
CheckStatePaths(const Scenario& sc, std::vector<std::string>& warnings)
{
    for (const Expectation& e : sc.expect)
    {
        for (const StateCheck& c : e.state)
        {
            if (FindStatePath(c.path))
            {
                continue;
            }
            std::string best;
            size_t bestDistance = 4; // suggest only close matches
            for (const StatePathSpec& s : StatePathCatalog())
            {
                bool iface = s.pattern[0] == '*';
                std::string candidate = iface ? AsInterfacePath(c.path) : c.path;
                size_t d = EditDistance(candidate, s.pattern);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = iface ? c.path.substr(0, c.path.find('/')) + (s.pattern + 1) : s.display;
                }
            }
            warnings.push_back(c.where.ToString() + ": warning: state path '" + c.path +
                               "' is answered by no layer, so this check can only fail" +
                               (best.empty() ? "" : " (did you mean '" + best + "'?)") +
                               "; state paths: docs/scenario-reference.md");
        }
    }
}

std::string
StatePathsMarkdown()
{
    std::string md = "| path | layer | value |\n|---|---|---|\n";
    for (const StatePathSpec& s : StatePathCatalog())
    {
        md += std::string("| `") + s.display + "` | " + s.layer + " | " + s.meaning + " |\n";
    }
    return md;
}

} // namespace ns3
