#include "runner/ppp-mapping.h"

#include "runner/units.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace ns3
{

namespace
{

/** \brief Split on `sep`, trimming spaces around each piece (empty pieces kept). */
std::vector<std::string>
SplitTrim(const std::string& s, char sep)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : s + sep)
    {
        if (c != sep)
        {
            cur.push_back(c);
            continue;
        }
        size_t b = cur.find_first_not_of(" \t");
        size_t e = cur.find_last_not_of(" \t");
        out.push_back(b == std::string::npos ? "" : cur.substr(b, e - b + 1));
        cur.clear();
    }
    return out;
}

/** \brief Words of one routes= entry, split on runs of blanks. */
std::vector<std::string>
Words(const std::string& s)
{
    std::vector<std::string> out;
    for (const std::string& w : SplitTrim(s, ' '))
    {
        if (!w.empty())
        {
            out.push_back(w);
        }
    }
    return out;
}

/** \brief One "dst [gateway] [distance]" entry. */
bool
ParseRouteEntry(const std::string& entry, PppRoute& r, std::string& why)
{
    std::vector<std::string> w = Words(entry);
    Ipv4Subnet dst;
    bool hostBits = false;
    if (w.empty() || w[0].find('/') == std::string::npos || !ParseSubnet(w[0], dst, hostBits) ||
        hostBits)
    {
        why = "route '" + entry + "': expected a destination like 10.1.0.0/24" +
              (hostBits ? " (host bits set)" : "");
        return false;
    }
    r.dst = dst.network;
    r.prefixLen = dst.prefixLength;
    size_t i = 1;
    if (i < w.size() && ParseIpv4(w[i], r.gateway))
    {
        r.gatewayIsPeer = false;
        ++i;
    }
    uint64_t d = 0;
    if (i < w.size() && ParseUint(w[i], d))
    {
        if (d < 1 || d > 255)
        {
            why = "route '" + entry + "': distance must be between 1 and 255; got " + w[i];
            return false;
        }
        r.distance = static_cast<uint8_t>(d);
        ++i;
    }
    if (i < w.size())
    {
        why = "route '" + entry + "': unexpected '" + w[i] +
              "' (format: dst-address [gateway] [distance], e.g. 10.1.0.0/24 10.0.0.1 1)";
        return false;
    }
    return true;
}

/** \brief Profile properties whose value `default` means "inherit" (PPP AAA manual). */
const char* const kTriState[] = {"change-tcp-mss", "use-encryption", "only-one", "use-mpls"};

bool
IsTriState(const std::string& key)
{
    for (const char* k : kTriState)
    {
        if (key == k)
        {
            return true;
        }
    }
    return false;
}

/** \brief A profile's effective written values: built-in values, then the written entry. */
using ProfileView = std::map<std::string, std::string>;

/** \brief The view of profile `name` (built-in values overlaid by a written entry). */
ProfileView
ViewOf(const std::vector<ConfigObject>& profiles, const std::string& name)
{
    ProfileView v;
    // RouterOS's built-in profiles (`/ppp profile print` on a fresh device): both clamp the MSS;
    // default-encryption also asks for MPPE.
    if (name == "default" || name == "default-encryption")
    {
        v["change-tcp-mss"] = "yes";
    }
    if (name == "default-encryption")
    {
        v["use-encryption"] = "yes";
    }
    for (const ConfigObject& p : profiles)
    {
        if (p.GetString("name") != name)
        {
            continue;
        }
        for (const auto& kv : p.props)
        {
            if (kv.second.isDefault || kv.first == "name" || kv.first == "comment")
            {
                continue;
            }
            if (IsTriState(kv.first) && kv.second.text == "default")
            {
                v.erase(kv.first); // inherit from the interface default profile
            }
            else
            {
                v[kv.first] = kv.second.text;
            }
        }
    }
    return v;
}

/** \brief First value of `key` along the chain (profile, then default profile), or "". */
std::string
Effective(const std::vector<ProfileView>& chain, const std::string& key)
{
    for (const ProfileView& v : chain)
    {
        auto it = v.find(key);
        if (it != v.end())
        {
            return it->second;
        }
    }
    return "";
}

/** \brief The address source for local-address or remote-address. */
struct AddressChoice
{
    bool any{false};     //!< some level names one
    bool isPool{false};  //!< `pool` names an ip/pool
    uint32_t address{0}; //!< the fixed address
    std::string pool;    //!< the pool
};

/**
 * \brief Secret, then profile chain; a single IP address at any level beats a pool at a higher
 *        one (PPP AAA manual: "single IP addresses always take precedence over IP pools").
 */
AddressChoice
ChooseAddress(const ConfigObject* secret,
              const std::vector<ProfileView>& chain,
              const std::string& key)
{
    std::vector<std::string> levels;
    if (secret != nullptr && secret->Has(key))
    {
        levels.push_back(secret->GetString(key));
    }
    for (const ProfileView& v : chain)
    {
        auto it = v.find(key);
        if (it != v.end())
        {
            levels.push_back(it->second);
        }
    }
    AddressChoice c;
    for (const std::string& text : levels)
    {
        uint32_t a = 0;
        if (ParseIpv4(text, a))
        {
            c.any = true;
            c.isPool = false;
            c.address = a;
            return c;
        }
        if (!c.any)
        {
            c.any = true;
            c.isPool = true;
            c.pool = text;
        }
    }
    return c;
}

/** \brief dns-server items (up to two addresses; lint refuses anything else). */
void
ApplyDns(const std::string& list, PppSessionGrant& g)
{
    std::vector<std::string> items = SplitTrim(list, ',');
    uint32_t a = 0;
    if (!items.empty() && ParseIpv4(items[0], a))
    {
        g.dns1 = a;
    }
    if (items.size() > 1 && ParseIpv4(items[1], a))
    {
        g.dns2 = a;
    }
}

/** \brief Profile-derived fields of a grant (everything but addresses and routes). */
void
ApplyProfile(const std::vector<ProfileView>& chain, uint16_t maxMtu, PppSessionGrant& g)
{
    // `default` (or unset) at the end of the chain: "same as no if this is the interface
    // default profile".
    g.onlyOne = Effective(chain, "only-one") == "yes";
    std::string enc = Effective(chain, "use-encryption");
    g.useEncryption = enc == "yes" || enc == "required";
    g.encryption = enc == "required" ? PppEncryption::REQUIRED
                   : enc == "yes"    ? PppEncryption::YES
                                     : PppEncryption::NO;
    // change-tcp-mss clamps TCP MSS to the interface MTU minus 40 (IPv4 + TCP headers).
    g.changeTcpMss = Effective(chain, "change-tcp-mss") == "yes" && maxMtu > 40 ? maxMtu - 40 : 0;
    ApplyDns(Effective(chain, "dns-server"), g);
    TimeNs t = 0;
    std::string st = Effective(chain, "session-timeout");
    g.sessionTimeout = !st.empty() && ParseDuration(st, t) ? t : 0;
    std::string it = Effective(chain, "idle-timeout");
    g.idleTimeout = !it.empty() && ParseDuration(it, t) ? t : 0;
    g.bridge = Effective(chain, "bridge");
    // use-mpls: `default` at the end of the chain is yes, not no: a RouterOS LNS with its
    // built-in profiles sends MPLSCP (docs/ppp.md).
    const std::string mpls = Effective(chain, "use-mpls");
    g.mpls = mpls == "no"         ? PppMplsPolicy::NO
             : mpls == "required" ? PppMplsPolicy::REQUIRED
                                  : PppMplsPolicy::YES;
}

/** \brief Authentication words, strongest first (the order RouterOS asks/accepts them in). */
std::vector<PppAuthMethod>
OrderedMethods(const std::vector<std::string>& words)
{
    std::vector<PppAuthMethod> out;
    for (PppAuthMethod m : {PppAuthMethod::MSCHAP_V2, PppAuthMethod::MSCHAP_V1,
                            PppAuthMethod::CHAP_MD5, PppAuthMethod::PAP})
    {
        if (std::find(words.begin(), words.end(), PppAuthMethodName(m)) != words.end())
        {
            out.push_back(m);
        }
    }
    return out;
}

/** \brief INT with special `disabled` -> 0. */
uint16_t
U16OrOff(const ConfigObject& o, const std::string& key)
{
    return o.IsSpecial(key, "disabled") ? 0 : static_cast<uint16_t>(o.GetInt(key));
}

/** \brief keepalive-timeout: `disabled` -> kNever. */
TimeNs
KeepaliveOf(const ConfigObject& o)
{
    return o.IsSpecial("keepalive-timeout", "disabled") ? kNever
                                                        : o.GetDuration("keepalive-timeout");
}

} // namespace

bool
ParseMacAddress(const std::string& text, uint64_t& out)
{
    // Six octets of two hex digits, separated by ':' or '-': 17 characters.
    if (text.size() != 17)
    {
        return false;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (i % 3 == 2)
        {
            if (c != ':' && c != '-')
            {
                return false;
            }
            continue;
        }
        const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                      : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                                  : -1;
        if (d < 0)
        {
            return false;
        }
        v = v << 4 | static_cast<uint64_t>(d);
    }
    if (v == 0 || ((v >> 40) & 1) != 0)
    {
        return false; // all-zero, or a group (multicast) address
    }
    out = v;
    return true;
}

bool
ParsePppRoutes(const std::string& text, std::vector<PppRoute>& out, std::string& why)
{
    out.clear();
    for (const std::string& entry : SplitTrim(text, ','))
    {
        if (entry.empty())
        {
            continue;
        }
        PppRoute r;
        if (!ParseRouteEntry(entry, r, why))
        {
            return false;
        }
        out.push_back(r);
    }
    return true;
}

// ---- PppPool -----------------------------------------------------------------------------------

PppPool::PppPool(std::string name,
                 std::vector<std::pair<uint32_t, uint32_t>> ranges,
                 std::string nextPool)
    : m_name(std::move(name))
    , m_ranges(std::move(ranges))
    , m_next(std::move(nextPool))
{
}

bool
PppPool::Allocate(uint32_t& out)
{
    if (!m_released.empty())
    {
        // Freed addresses lie before the fresh cursor in range order: the lowest is the first.
        out = m_released.begin()->second;
        m_released.erase(m_released.begin());
        ++m_inUse;
        return true;
    }
    while (m_range < m_ranges.size())
    {
        const auto& r = m_ranges[m_range];
        uint64_t size = static_cast<uint64_t>(r.second) - r.first + 1;
        if (r.second >= r.first && m_offset < size)
        {
            out = static_cast<uint32_t>(r.first + m_offset);
            ++m_offset;
            ++m_inUse;
            return true;
        }
        ++m_range;
        m_offset = 0;
    }
    return false;
}

bool
PppPool::Find(uint32_t address, Pos& out) const
{
    for (size_t i = 0; i < m_ranges.size() && i <= m_range; ++i)
    {
        const auto& r = m_ranges[i];
        if (address < r.first || address > r.second)
        {
            continue;
        }
        bool handedOut = i < m_range || static_cast<uint64_t>(address - r.first) < m_offset;
        if (handedOut && m_released.count(Pos{i, address}) == 0)
        {
            out = Pos{i, address};
            return true;
        }
    }
    return false;
}

bool
PppPool::Release(uint32_t address)
{
    Pos p;
    if (!Find(address, p))
    {
        return false;
    }
    m_released.insert(p);
    --m_inUse;
    return true;
}

uint64_t
PppPool::InUse() const
{
    return m_inUse;
}

uint64_t
PppPool::Size() const
{
    uint64_t n = 0;
    for (const auto& r : m_ranges)
    {
        n += r.second >= r.first ? static_cast<uint64_t>(r.second) - r.first + 1 : 0;
    }
    return n;
}

const std::string&
PppPool::Name() const
{
    return m_name;
}

const std::string&
PppPool::NextPool() const
{
    return m_next;
}

// ---- PppAaa ------------------------------------------------------------------------------------

PppAaa::PppAaa(const NodeConfig& cfg)
    : m_secrets(cfg.List("ppp/secret"))
    , m_profiles(cfg.List("ppp/profile"))
{
    ConfigObject srv = cfg.SingleOrDefaults("interface/l2tp-server/server");
    m_defaultProfile = srv.GetString("default-profile");
    m_maxMtu = static_cast<uint16_t>(srv.GetInt("max-mtu"));
    for (const ConfigObject& p : cfg.List("ip/pool"))
    {
        std::vector<std::pair<uint32_t, uint32_t>> ranges;
        for (const std::string& item : p.GetList("ranges"))
        {
            uint32_t a = 0;
            uint32_t b = 0;
            if (ParseIpv4Range(item, a, b))
            {
                ranges.emplace_back(a, b);
            }
        }
        std::string name = p.GetString("name");
        m_pools.emplace(name, PppPool(name, ranges, p.GetString("next-pool")));
    }
}

const ConfigObject*
PppAaa::FindSecret(const std::string& user) const
{
    for (const ConfigObject& s : m_secrets)
    {
        if (s.GetString("name") == user)
        {
            return &s;
        }
    }
    return nullptr;
}

PppSecretAnswer
PppAaa::Lookup(const std::string& user, const std::optional<std::string>& callerId) const
{
    PppSecretAnswer a;
    const ConfigObject* s = FindSecret(user);
    if (s == nullptr)
    {
        a.refusal = PppAuthFailure::UNKNOWN_USER;
        return a;
    }
    std::string service = s->GetString("service");
    std::string wanted = s->GetString("caller-id");
    if (s->GetBool("disabled"))
    {
        a.refusal = PppAuthFailure::SECRET_DISABLED;
    }
    else if (service != "any" && service != "l2tp")
    {
        a.refusal = PppAuthFailure::SERVICE_NOT_ALLOWED;
    }
    else if (!wanted.empty() && callerId.has_value() && wanted != *callerId)
    {
        // RouterOS matches a secret on name, service and caller-id: one for another caller
        // does not exist for this call.
        a.refusal = PppAuthFailure::UNKNOWN_USER;
    }
    else
    {
        a.password = s->GetString("password");
    }
    return a;
}

PppSecretLookup
PppAaa::Lookuper() const
{
    return [this](const std::string& user)
    {
        return Lookup(user);
    };
}

bool
PppAaa::AllocateChain(const std::string& pool,
                      uint32_t& addr,
                      std::string& from,
                      std::string& refusal)
{
    std::set<std::string> seen;
    std::string name = pool;
    while (!name.empty() && seen.insert(name).second)
    {
        auto it = m_pools.find(name);
        if (it == m_pools.end())
        {
            break;
        }
        if (it->second.Allocate(addr))
        {
            from = name;
            return true;
        }
        name = it->second.NextPool();
    }
    refusal = "pool " + pool + " exhausted";
    if (seen.size() > 1)
    {
        refusal += " (next-pool chain too)";
    }
    if (m_pools.count(pool) == 0)
    {
        refusal = "pool " + pool + " does not exist";
    }
    return false;
}

void
PppAaa::ReleaseTo(const std::string& pool, uint32_t addr)
{
    auto it = m_pools.find(pool);
    if (it != m_pools.end())
    {
        it->second.Release(addr);
    }
}

PppSessionGrant
PppAaa::GrantProfile(const std::string& profile, uint16_t maxMtu)
{
    return Compose(nullptr, profile, {ViewOf(m_profiles, profile)}, maxMtu);
}

PppSessionGrant
PppAaa::Compose(const ConfigObject* secret,
                const std::string& profile,
                const std::vector<std::map<std::string, std::string>>& chain,
                uint16_t maxMtu)
{
    PppSessionGrant g;
    g.profile = profile;
    ApplyProfile(chain, maxMtu, g);
    AddressChoice local = ChooseAddress(secret, chain, "local-address");
    AddressChoice remote = ChooseAddress(secret, chain, "remote-address");
    g.localAddress = local.isPool ? 0 : local.address;
    g.remoteAddress = remote.isPool ? 0 : remote.address;
    if (local.isPool && !AllocateChain(local.pool, g.localAddress, g.localPool, g.refusal))
    {
        return g;
    }
    if (remote.isPool && !AllocateChain(remote.pool, g.remoteAddress, g.remotePool, g.refusal))
    {
        if (!g.localPool.empty())
        {
            ReleaseTo(g.localPool, g.localAddress); // nothing stays allocated for a refusal
            g.localPool.clear();
            g.localAddress = 0;
        }
    }
    return g;
}

PppSessionGrant
PppAaa::Grant(const std::string& user)
{
    PppSessionGrant g;
    const ConfigObject* s = FindSecret(user);
    if (s == nullptr)
    {
        g.refusal = "unknown user " + user;
        return g;
    }
    std::string profile = s->Has("profile") ? s->GetString("profile") : "default";
    std::vector<ProfileView> chain{ViewOf(m_profiles, profile)};
    if (m_defaultProfile != profile)
    {
        chain.push_back(ViewOf(m_profiles, m_defaultProfile));
    }
    if (Effective(chain, "only-one") == "yes" && Sessions(user) > 0)
    {
        g.profile = profile;
        g.onlyOne = true;
        g.refusal = "only-one: user " + user + " already has a session";
        return g;
    }
    g = Compose(s, profile, chain, m_maxMtu);
    if (!g.refusal.empty())
    {
        return g;
    }
    std::string why;
    ParsePppRoutes(s->GetString("routes"), g.routes, why); // lint refuses a malformed one
    ++m_sessions[user];
    return g;
}

void
PppAaa::Release(const std::string& user, const PppSessionGrant& g)
{
    if (!g.refusal.empty())
    {
        return;
    }
    if (!g.remotePool.empty())
    {
        ReleaseTo(g.remotePool, g.remoteAddress);
    }
    if (!g.localPool.empty())
    {
        ReleaseTo(g.localPool, g.localAddress);
    }
    auto it = m_sessions.find(user);
    if (it != m_sessions.end() && --it->second == 0)
    {
        m_sessions.erase(it);
    }
}

uint32_t
PppAaa::Sessions(const std::string& user) const
{
    auto it = m_sessions.find(user);
    return it == m_sessions.end() ? 0 : it->second;
}

const PppPool*
PppAaa::Pool(const std::string& name) const
{
    auto it = m_pools.find(name);
    return it == m_pools.end() ? nullptr : &it->second;
}

// ---- plans -------------------------------------------------------------------------------------

bool
Ipv6Enabled(const NodeConfig& cfg)
{
    const ConfigObject* s = cfg.Single("ipv6/settings");
    return s == nullptr || !s->GetBool("disable-ipv6");
}

PppServerPlan
PlanPppServer(const NodeConfig& cfg)
{
    PppServerPlan p;
    ConfigObject srv = cfg.SingleOrDefaults("interface/l2tp-server/server");
    p.enabled = srv.GetBool("enabled");
    p.authentication = OrderedMethods(srv.GetList("authentication"));
    p.maxMtu = static_cast<uint16_t>(srv.GetInt("max-mtu"));
    p.maxMru = static_cast<uint16_t>(srv.GetInt("max-mru"));
    p.mrru = U16OrOff(srv, "mrru");
    p.keepaliveTimeout = KeepaliveOf(srv);
    p.defaultProfile = srv.GetString("default-profile");
    p.callerIdIsNumber = srv.GetString("caller-id-type") == "number";
    for (const ConfigObject& s : cfg.List("interface/l2tp-server"))
    {
        p.staticInterfaces[s.GetString("name")] = s.GetString("user");
    }
    return p;
}

std::vector<PppClientPlan>
PlanPppClients(const NodeConfig& cfg)
{
    std::vector<PppClientPlan> out;
    PppAaa pools(cfg); // the node's own ip/pool entries, for a client profile naming one
    for (const ConfigObject& c : cfg.List("interface/l2tp-client"))
    {
        PppClientPlan p;
        p.user = c.GetString("user");
        p.password = c.GetString("password");
        p.profile = c.GetString("profile");
        p.allow = OrderedMethods(c.GetList("allow"));
        p.maxMtu = static_cast<uint16_t>(c.GetInt("max-mtu"));
        p.maxMru = static_cast<uint16_t>(c.GetInt("max-mru"));
        p.mrru = U16OrOff(c, "mrru");
        p.keepaliveTimeout = KeepaliveOf(c);
        p.addDefaultRoute = c.GetBool("add-default-route");
        p.defaultRouteDistance = static_cast<uint8_t>(c.GetInt("default-route-distance"));
        p.dialOnDemand = c.GetBool("dial-on-demand");
        p.disabled = c.GetBool("disabled");
        p.connectTo = static_cast<uint32_t>(c.GetInt("connect-to"));
        int64_t count = c.Has("count") ? c.GetInt("count") : 1;
        for (int64_t i = 0; i < count; ++i)
        {
            // Same names as the L2TP plan: a counted entry stands for NAME1..NAMEN.
            p.name = count == 1 ? c.GetString("name") : c.GetString("name") + std::to_string(i + 1);
            p.grant = pools.GrantProfile(p.profile, p.maxMtu);
            out.push_back(p);
        }
    }
    return out;
}

PppAaa
MakePppAaa(const NodeConfig& cfg)
{
    return PppAaa(cfg);
}

} // namespace ns3
