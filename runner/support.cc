#include "runner/support.h"

#include "runner/expectations.h"
#include "runner/ipsec-lint.h"
#include "runner/nat-mapping.h"
#include "runner/ppp-mapping.h"
#include "runner/state-paths.h"

#include "runner/units.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

namespace ns3
{

namespace
{

std::string
Warning(const SourceLocation& w, const std::string& msg)
{
    return w.ToString() + ": warning: " + msg;
}

ScenarioError
Unsupported(const SourceLocation& w, const std::string& msg)
{
    return ScenarioError{w.file, w.line, w.col, msg};
}

/** \brief A property the loader accepts but the simulation does not use yet. */
struct NoEffect
{
    const char* menu; //!< RouterOS menu path
    const char* key;  //!< property
    const char* why;  //!< what is missing for it to have an effect
};

/** \brief Properties without effect in this version; a written one gets a warning. */
const NoEffect kNoEffect[] = {
    {"interface/l2tp-client", "src-address",
     "the tunnel leaves from the address of the interface the route to connect-to uses (choosing "
     "another source is not modelled yet)"},
    {"ppp/profile", "change-tcp-mss",
     "the clamp runs on every SYN that carries an MSS option, but ns-3's TCP sends none, so no "
     "simulated flow is clamped (docs/ppp.md)"},
    {"ppp/profile", "bridge-horizon", "bridge split horizons are not modelled"},
    {"ppp/profile", "bridge-learning", "the ns-3 bridge always learns"},
    {"ppp/profile", "bridge-path-cost", "no spanning tree runs (protocol-mode none)"},
    {"ppp/profile", "bridge-port-priority", "no spanning tree runs (protocol-mode none)"},
};

/** \brief A `/ip firewall nat` rule: srcnat masquerade / src-nat / accept are modelled. */
void
CheckNatRule(const ConfigObject& o, std::vector<ScenarioError>& errors)
{
    const std::string chain = o.GetString("chain");
    const std::string action = o.GetString("action");
    if (chain == "dstnat" || action == "dst-nat" || action == "netmap")
    {
        errors.push_back(Unsupported(o.Get(chain == "dstnat" ? "chain" : "action").where,
                                     "ip/firewall/nat chain=" + chain + " action=" + action +
                                         ": destination NAT (port forwarding) is not modelled "
                                         "yet; srcnat masquerade, src-nat and accept are"));
        return;
    }
    if (action == "src-nat" && (!o.Has("to-addresses") || o.Get("to-addresses").items.empty()))
    {
        errors.push_back(Unsupported(o.Get("action").where,
                                     "ip/firewall/nat action=src-nat needs to-addresses (the "
                                     "address packets leave with)"));
    }
    if (o.Has("to-ports"))
    {
        errors.push_back(Unsupported(o.Get("to-ports").where,
                                     "ip/firewall/nat to-ports: choosing the public port range is "
                                     "not modelled yet (ports are preserved or taken from 1024 "
                                     "up; see config.<node>.nat)"));
    }
}

/** \brief NAT settings on a node without a srcnat rule change nothing: say so. */
void
WarnNatWithoutRules(const NodeConfig& cfg, std::vector<std::string>& warnings)
{
    NatPlan plan;
    if (PlanNat(cfg, plan))
    {
        return;
    }
    for (const char* menu : {"nat", "ip/firewall/connection/tracking"})
    {
        if (const ConfigObject* o = cfg.Single(menu))
        {
            warnings.push_back(Warning(o->where, std::string(menu) +
                                                     " has no effect: the node has no "
                                                     "ip/firewall/nat srcnat rule"));
        }
    }
}

/** \brief Errors for unmodelled features in one config object. */
void
CheckObject(const std::string& m, const ConfigObject& o, std::vector<ScenarioError>& errors)
{
    if (m == "ip/firewall/nat")
    {
        CheckNatRule(o, errors);
    }
    if (m == "nat")
    {
        NatConfig c;
        ParseNatBehaviour(o.GetString("mapping"), c.mapping);
        ParseNatBehaviour(o.GetString("filtering"), c.filtering);
        const std::string why = ValidateNatConfig(c);
        if (!why.empty())
        {
            errors.push_back(Unsupported(o.Get("filtering").where, "nat: " + why));
        }
    }
    if (m == "interface/ethernet" && o.GetString("arp") != "enabled" &&
        o.GetString("arp") != "proxy-arp")
    {
        errors.push_back(
            Unsupported(o.Get("arp").where, "interface/ethernet arp=" + o.GetString("arp") +
                                                ": only enabled and proxy-arp are modelled yet"));
    }
}

/**
 * \brief An `ip/route` whose gateway is a name must name one of the node's PPP interfaces (an
 * l2tp-client `name`, or an `interface/l2tp-server` entry): the route is installed while that
 * interface is up (docs/ppp.md).
 */
void
CheckInterfaceGateways(const NodeConfig& cfg, std::vector<ScenarioError>& errors)
{
    std::vector<std::string> names;
    for (const char* menu : {"interface/l2tp-client", "interface/l2tp-server"})
    {
        for (const ConfigObject& o : cfg.List(menu))
        {
            names.push_back(o.GetString("name"));
        }
    }
    for (const ConfigObject& r : cfg.List("ip/route"))
    {
        uint32_t gw = 0;
        const std::string g = r.GetString("gateway");
        if (!r.Has("gateway") || ParseIpv4(g, gw) ||
            std::find(names.begin(), names.end(), g) != names.end())
        {
            continue;
        }
        std::string known;
        for (const std::string& n : names)
        {
            known += (known.empty() ? "" : ", ") + n;
        }
        errors.push_back(Unsupported(r.Get("gateway").where,
                                     "ip/route gateway '" + g +
                                         "' is neither an IPv4 address nor a PPP interface of this "
                                         "node (" +
                                         (known.empty() ? "it has none" : "interfaces: " + known) +
                                         ")"));
    }
}

/** \brief The node's link interface names (ends of its links). */
std::set<std::string>
LinkInterfaces(const Scenario& sc, const std::string& node)
{
    std::set<std::string> out;
    for (const ScenarioLink& l : sc.links)
    {
        for (const LinkEnd& e : l.ends)
        {
            if (e.node == node)
            {
                out.insert(e.interface);
            }
        }
    }
    return out;
}

/** \brief `interface/bridge` entries: a valid admin-mac, and a warning for spanning tree. */
void
CheckBridgeEntries(const NodeConfig& cfg,
                   std::vector<ScenarioError>& errors,
                   std::vector<std::string>& warnings)
{
    for (const ConfigObject& b : cfg.List("interface/bridge"))
    {
        uint64_t mac = 0;
        if (b.Has("admin-mac") && !ParseMacAddress(b.GetString("admin-mac"), mac))
        {
            errors.push_back(Unsupported(b.Get("admin-mac").where,
                                         "interface/bridge admin-mac '" + b.GetString("admin-mac") +
                                             "' is not a unicast MAC address (xx:xx:xx:xx:xx:xx)"));
        }
        const std::string mode = b.GetString("protocol-mode");
        if (b.Has("protocol-mode") && !b.Get("protocol-mode").isDefault && mode != "none")
        {
            warnings.push_back(
                Warning(b.Get("protocol-mode").where,
                        "interface/bridge protocol-mode=" + mode +
                            " has no effect: spanning tree is not modelled, the "
                            "bridge forwards on every port (as protocol-mode=none)"));
        }
    }
}

/**
 * \brief Bridges and their ports: a port names a bridge of the node and one of its link
 * interfaces (once); a profile's bridge= names a bridge; a bridge with PPP ports needs an
 * administratively set MAC (RouterOS L2TP manual: PPP links have no MAC address).
 */
void
CheckBridges(const Scenario& sc,
             const std::string& node,
             const NodeConfig& cfg,
             std::vector<ScenarioError>& errors,
             std::vector<std::string>& warnings)
{
    std::map<std::string, const ConfigObject*> bridges;
    for (const ConfigObject& b : cfg.List("interface/bridge"))
    {
        bridges[b.GetString("name")] = &b;
    }
    CheckBridgeEntries(cfg, errors, warnings);
    const std::set<std::string> ifaces = LinkInterfaces(sc, node);
    std::set<std::string> ported;
    for (const ConfigObject& p : cfg.List("interface/bridge/port"))
    {
        const std::string br = p.GetString("bridge");
        const std::string in = p.GetString("interface");
        if (!bridges.count(br))
        {
            errors.push_back(Unsupported(p.Get("bridge").where,
                                         "interface/bridge/port bridge '" + br +
                                             "' is not an interface/bridge of node " + node));
        }
        if (!ifaces.count(in))
        {
            errors.push_back(Unsupported(p.Get("interface").where,
                                         "interface/bridge/port interface '" + in +
                                             "' is not a link interface of node " + node));
        }
        else if (!ported.insert(in).second)
        {
            errors.push_back(Unsupported(p.Get("interface").where,
                                         "interface '" + in + "' is a port of two bridges"));
        }
    }
    std::set<std::string> withPpp;
    for (const ConfigObject& pr : cfg.List("ppp/profile"))
    {
        if (!pr.Has("bridge"))
        {
            continue;
        }
        const std::string br = pr.GetString("bridge");
        if (!bridges.count(br))
        {
            errors.push_back(Unsupported(pr.Get("bridge").where,
                                         "ppp/profile bridge '" + br +
                                             "' is not an interface/bridge of node " + node));
            continue;
        }
        withPpp.insert(br);
    }
    for (const std::string& br : withPpp)
    {
        const ConfigObject& b = *bridges[br];
        if (!b.Has("admin-mac") || b.GetString("auto-mac") != "no")
        {
            warnings.push_back(Warning(
                b.where, "interface/bridge '" + br +
                             "' has PPP ports (ppp/profile bridge=) but no administratively set "
                             "MAC: PPP links have no MAC address, so set admin-mac and "
                             "auto-mac=no (RouterOS L2TP manual); the bridge takes a port's MAC"));
        }
    }
}

/** \brief Warnings for written properties that have no effect yet. */
void
WarnNoEffect(const std::string& m, const ConfigObject& o, std::vector<std::string>& warnings)
{
    for (const NoEffect& n : kNoEffect)
    {
        auto it = o.props.find(n.key);
        if (m == n.menu && it != o.props.end() && !it->second.isDefault)
        {
            warnings.push_back(Warning(it->second.where, m + " " + n.key + "=" + it->second.text +
                                                             " has no effect: " + n.why));
        }
    }
}

/** \brief A property written shortened (RouterOS console style) or by an older RouterOS's name
 * is read as the property it names. */
void
WarnAbbreviated(const ConfigObject& o, std::vector<std::string>& warnings)
{
    for (const ConfigObject::Abbreviation& a : o.abbreviations)
    {
        const std::string why = a.why.empty() ? "RouterOS accepts a property name shortened "
                                                "while it begins only one); write it in full"
                                              : a.why + "); write " + a.property;
        warnings.push_back(
            Warning(a.where, o.menu + " '" + a.written + "' read as '" + a.property + "' (" + why));
    }
}

/** \brief A secret's routes= and a profile's dns-server: what PPP will install or offer. */
void
CheckPppValues(const std::string& m, const ConfigObject& o, std::vector<ScenarioError>& errors)
{
    if (m == "ppp/secret" && o.Has("routes"))
    {
        std::vector<PppRoute> routes;
        std::string why;
        if (!ParsePppRoutes(o.GetString("routes"), routes, why))
        {
            errors.push_back(Unsupported(o.Get("routes").where, "ppp/secret routes: " + why));
        }
    }
    if (m == "ppp/profile" && o.Has("dns-server"))
    {
        const ConfigValue& v = o.Get("dns-server");
        for (const std::string& item : v.items)
        {
            uint32_t a = 0;
            if (!ParseIpv4(item, a))
            {
                errors.push_back(Unsupported(v.where, "ppp/profile dns-server '" + item +
                                                          "' is not an IPv4 address"));
            }
        }
        if (v.items.size() > 2)
        {
            errors.push_back(Unsupported(v.where, "ppp/profile dns-server: at most 2 servers "
                                                  "(IPCP has a primary and a secondary, RFC "
                                                  "1877); got " +
                                                      std::to_string(v.items.size())));
        }
    }
}

/** \brief One range of an ip/pool, with where it was written. */
struct PoolRange
{
    std::string pool;     //!< pool name
    uint32_t first{0};    //!< first address
    uint32_t last{0};     //!< last address
    SourceLocation where; //!< the ranges value
};

/**
 * \brief ip/pool ranges of one node that overlap (within a pool or across pools): the same address
 *        could be handed to two sessions.
 */
void
CheckPoolOverlaps(const NodeConfig& nc, std::vector<ScenarioError>& errors)
{
    std::vector<PoolRange> seen;
    for (const ConfigObject& p : nc.List("ip/pool"))
    {
        for (const std::string& item : p.GetList("ranges"))
        {
            PoolRange r{p.GetString("name"), 0, 0, p.Get("ranges").where};
            if (!ParseIpv4Range(item, r.first, r.last))
            {
                continue;
            }
            for (const PoolRange& q : seen)
            {
                if (r.first <= q.last && q.first <= r.last)
                {
                    errors.push_back(Unsupported(
                        r.where, "ip/pool '" + r.pool + "' range " + item + " overlaps " +
                                     FormatIpv4(q.first) + "-" + FormatIpv4(q.last) +
                                     " of ip/pool '" + q.pool + "' (at " + q.where.ToString() +
                                     "); an address could go to two sessions"));
                    break;
                }
            }
            seen.push_back(r);
        }
    }
}

/** \brief A next-pool chain that comes back to a pool it left: the loop is cut there. */
void
WarnPoolLoops(const NodeConfig& nc, std::vector<std::string>& warnings)
{
    std::map<std::string, std::string> next;
    for (const ConfigObject& p : nc.List("ip/pool"))
    {
        next[p.GetString("name")] = p.GetString("next-pool");
    }
    for (const ConfigObject& p : nc.List("ip/pool"))
    {
        std::string name = p.GetString("name");
        std::string cur = next[name];
        for (size_t steps = 0; !cur.empty() && steps <= next.size(); ++steps)
        {
            if (cur == name)
            {
                warnings.push_back(
                    Warning(p.Get("next-pool").where, "ip/pool '" + name +
                                                          "': its next-pool chain leads "
                                                          "back to it; each pool is tried "
                                                          "once"));
                break;
            }
            auto it = next.find(cur);
            cur = it == next.end() ? "" : it->second;
        }
    }
}

/** \brief An l2tp-client left at RouterOS's default disabled=yes never dials. */
void
WarnLeftDisabled(const std::string& m, const ConfigObject& o, std::vector<std::string>& warnings)
{
    if (m != "interface/l2tp-client" || !o.Has("disabled") || !o.Get("disabled").isDefault ||
        !o.GetBool("disabled"))
    {
        return;
    }
    warnings.push_back(Warning(o.where, "interface/l2tp-client '" + o.GetString("name") +
                                            "' is disabled (RouterOS default disabled=yes) and "
                                            "never dials; write disabled: no to dial"));
}

/**
 * \brief A dial-on-demand client dials when traffic is routed into it (RouterOS manual): with
 * add-default-route=no and no `ip/route gateway=<its name>`, nothing ever is.
 */
void
WarnDemandWithoutRoute(const NodeConfig& cfg, std::vector<std::string>& warnings)
{
    for (const ConfigObject& c : cfg.List("interface/l2tp-client"))
    {
        if (!c.GetBool("dial-on-demand") || c.GetBool("disabled") || c.GetBool("add-default-route"))
        {
            continue;
        }
        const std::string name = c.GetString("name");
        const std::vector<ConfigObject>& routes = cfg.List("ip/route");
        if (std::none_of(routes.begin(), routes.end(),
                         [&name](const ConfigObject& r)
                         {
                             return r.GetString("gateway") == name;
                         }))
        {
            warnings.push_back(Warning(c.Get("dial-on-demand").where,
                                       "interface/l2tp-client '" + name +
                                           "' dials on demand, but no route leads into it "
                                           "(add-default-route=no, no ip/route gateway=" +
                                           name + "): nothing will make it dial"));
        }
    }
}

/** \brief Addresses of every link end, and of the ends of server nodes. */
void
Addresses(const Scenario& sc, std::vector<uint32_t>& all, std::vector<uint32_t>& servers)
{
    for (const ScenarioLink& l : sc.links)
    {
        for (const LinkEnd& e : l.ends)
        {
            if (!e.hasAddress)
            {
                continue;
            }
            all.push_back(e.address);
            const ScenarioNode* n = sc.FindNode(e.node);
            if (n != nullptr && n->role == NodeRole::SERVER)
            {
                servers.push_back(e.address);
            }
        }
    }
}

/** \brief Warn about l2tp-client connect-to addresses that no node owns. */
void
WarnUnownedConnectTo(const Scenario& sc, std::vector<std::string>& warnings)
{
    std::vector<uint32_t> all;
    std::vector<uint32_t> servers;
    Addresses(sc, all, servers);
    std::string hint;
    for (uint32_t a : servers)
    {
        hint += (hint.empty() ? " (server addresses: " : ", ") + FormatIpv4(a);
    }
    hint += hint.empty() ? "" : ")";
    for (const auto& kv : sc.config)
    {
        for (const ConfigObject& o : kv.second.List("interface/l2tp-client"))
        {
            const ConfigValue& v = o.Get("connect-to");
            uint32_t a = static_cast<uint32_t>(v.number);
            if (o.Has("connect-to") && std::find(all.begin(), all.end(), a) == all.end())
            {
                warnings.push_back(Warning(v.where, "connect-to " + v.text +
                                                        " is not an address of any node; the "
                                                        "client will dial into the void" +
                                                        hint));
            }
        }
    }
}

/** \brief Warn about two links whose subnets overlap (routing between them is ambiguous). */
void
WarnOverlappingNets(const Scenario& sc, std::vector<std::string>& warnings)
{
    for (size_t j = 0; j < sc.links.size(); ++j)
    {
        const ScenarioLink& b = sc.links[j];
        for (size_t i = 0; i < j && b.hasNet; ++i)
        {
            const ScenarioLink& a = sc.links[i];
            if (a.hasNet && (a.net.Contains(b.net.network) || b.net.Contains(a.net.network)))
            {
                warnings.push_back(Warning(
                    b.where, "link '" + b.name + "' net " + b.net.ToString() + " overlaps net " +
                                 a.net.ToString() + " of link '" + a.name + "' (at " +
                                 a.where.ToString() + "); routing between them is ambiguous"));
                break;
            }
        }
    }
}

/** \brief Sort "file:line:col: warning: ..." lines by line and column (stable). */
void
SortWarnings(std::vector<std::string>& w)
{
    auto key = [](const std::string& s)
    {
        // file:line:col: -- the file name may itself contain ':', so read from the right
        size_t end = s.find(": warning: ");
        size_t c2 =
            end == std::string::npos || end == 0 ? std::string::npos : s.rfind(':', end - 1);
        size_t c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos : s.rfind(':', c2 - 1);
        if (c1 == std::string::npos)
        {
            return std::make_pair(0L, 0L);
        }
        return std::make_pair(std::atol(s.c_str() + c1 + 1), std::atol(s.c_str() + c2 + 1));
    };
    std::stable_sort(w.begin(), w.end(),
                     [&key](const std::string& a, const std::string& b)
                     {
                         return key(a) < key(b);
                     });
}

/** \brief Does the node have an IPv4 address on some link (to send from, or to be reached at)? */
bool
HasAddress(const Scenario& sc, const std::string& node)
{
    for (const LinkEnd* e : sc.InterfacesOf(node))
    {
        if (e->hasAddress)
        {
            return true;
        }
    }
    // An ip/dhcp-client gives the node its address at run time.
    const NodeConfig* cfg = sc.ConfigFor(node);
    return cfg != nullptr && !cfg->List("ip/dhcp-client").empty();
}

/**
 * \brief Traffic runs over whatever IPv4 routing exists; what cannot work is a flow whose source
 * has no address, or whose destination node has none to resolve `to` to.
 */
void
CheckTraffic(const Scenario& sc, std::vector<ScenarioError>& errors)
{
    for (const TrafficSpec& t : sc.traffic)
    {
        if (!t.from.empty() && sc.FindNode(t.from) && !HasAddress(sc, t.from))
        {
            errors.push_back(Unsupported(t.where, "traffic '" + t.name + "': node '" + t.from +
                                                      "' has no IPv4 address to send from "
                                                      "(give one of its links a net)"));
        }
        if (t.kind == TrafficKind::UDP && t.port == 1701)
        {
            errors.push_back(Unsupported(t.where, "traffic '" + t.name +
                                                      "': UDP port 1701 is L2TP's own (RFC 2661 "
                                                      "§8.1); pick another port"));
        }
        if (!t.toIsAddress && sc.FindNode(t.to) && !HasAddress(sc, t.to))
        {
            errors.push_back(Unsupported(t.where, "traffic '" + t.name + "': node '" + t.to +
                                                      "' has no IPv4 address (write an address "
                                                      "as 'to', or give one of its links a net)"));
        }
    }
}

/**
 * \brief A switch is the `switch:` of one link; as a link end it would be a port without a
 * bridge (ports are made by the link that names the switch).
 */
void
CheckSwitchEnds(const Scenario& sc, std::vector<ScenarioError>& errors)
{
    for (const ScenarioLink& l : sc.links)
    {
        for (const LinkEnd& e : l.ends)
        {
            const ScenarioNode* n = sc.FindNode(e.node);
            if (n && n->role == NodeRole::SWITCH)
            {
                errors.push_back(
                    Unsupported(e.where, "switch '" + e.node + "' as an end of link '" + l.name +
                                             "': write `switch: " + e.node +
                                             "` on the link instead (each end gets its own port)"));
            }
        }
    }
}

} // namespace

bool
CheckSupported(const Scenario& sc,
               std::vector<ScenarioError>& errors,
               std::vector<std::string>& warnings)
{
    size_t before = errors.size();
    CheckTraffic(sc, errors);
    for (const auto& kv : sc.config)
    {
        for (const auto& menu : kv.second.menus)
        {
            for (const ConfigObject& o : menu.second)
            {
                CheckObject(menu.first, o, errors);
                CheckPppValues(menu.first, o, errors);
                WarnNoEffect(menu.first, o, warnings);
                WarnLeftDisabled(menu.first, o, warnings);
                WarnAbbreviated(o, warnings);
            }
        }
        CheckPoolOverlaps(kv.second, errors);
        CheckBridges(sc, kv.first, kv.second, errors, warnings);
        CheckInterfaceGateways(kv.second, errors);
        WarnPoolLoops(kv.second, warnings);
        WarnDemandWithoutRoute(kv.second, warnings);
        for (const auto& [where, why] : kv.second.withoutEffect)
        {
            warnings.push_back(Warning(where, why));
        }
        WarnNatWithoutRules(kv.second, warnings);
        CheckIpsecConfig(kv.second, errors, warnings);
    }
    CheckSwitchEnds(sc, errors);
    WarnUnownedConnectTo(sc, warnings);
    WarnOverlappingNets(sc, warnings);
    // Expectations that can only fail: a state path or an event kind no layer provides.
    CheckStatePaths(sc, warnings);
    for (const std::string& w : UnknownEventKindWarnings(sc))
    {
        warnings.push_back(w);
    }
    return errors.size() == before;
}

std::string
RenderNoEffectMarkdown()
{
    std::string out = "\n| section | key | why it has no effect |\n|---|---|---|\n";
    for (const NoEffect& n : kNoEffect)
    {
        out += std::string("| `") + n.menu + "` | `" + n.key + "` | " + n.why + " |\n";
    }
    return out + "\n";
}

bool
LoadSupportedScenario(const std::string& path,
                      Scenario& out,
                      std::vector<ScenarioError>& errors,
                      std::vector<std::string>& warnings)
{
    std::vector<std::string> found;
    bool ok = LoadScenario(path, out, errors,
                           [&found](const Scenario& sc, std::vector<ScenarioError>& more)
                           {
                               CheckSupported(sc, more, found);
                           });
    SortWarnings(found);
    warnings.insert(warnings.end(), found.begin(), found.end());
    return ok;
}

} // namespace ns3
