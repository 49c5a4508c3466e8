#include "runner/ipsec-lint.h"

#include "runner/ipsec-mapping.h"

#include "model/ipsec/esp-crypto.h"

#include <algorithm>

namespace ns3
{

namespace
{

ScenarioError
Error(const SourceLocation& w, const std::string& msg)
{
    return ScenarioError{w.file, w.line, w.col, msg};
}

std::string
Warning(const SourceLocation& w, const std::string& msg)
{
    return w.ToString() + ": warning: " + msg;
}

/** \brief A written value this version refuses: (menu, key, value, why). */
struct Refused
{
    const char* menu;
    const char* key;
    const char* value;
    const char* why;
};

const Refused kRefused[] = {
    {"ip/ipsec/peer", "auth-method", "rsa-signature", "certificates are not modelled"},
    {"ip/ipsec/peer", "auth-method", "pre-shared-key-xauth", "XAuth is not modelled"},
    {"ip/ipsec/peer", "auth-method", "eap-radius", "EAP is not modelled"},
    {"ip/ipsec/identity", "auth-method", "digital-signature", "certificates are not modelled"},
    {"ip/ipsec/identity", "auth-method", "pre-shared-key-xauth", "XAuth is not modelled"},
    {"ip/ipsec/identity", "auth-method", "eap-radius", "EAP is not modelled"},
    {"ip/ipsec/peer", "exchange-mode", "aggressive",
     "aggressive mode is not modelled (it exposes the PSK hash; RouterOS L2TP uses main)"},
    {"ip/ipsec/peer", "exchange-mode", "ike2", "IKEv2 is not modelled (L2TP/IPsec uses IKEv1)"},
    {"ip/ipsec/policy", "tunnel", "yes",
     "tunnel mode is not modelled (L2TP/IPsec is transport "
     "mode, RFC 3193 §4)"},
    {"ip/ipsec/policy", "template", "yes", "policy templates are not modelled"},
    {"ip/ipsec/policy", "level", "use", "level=use is not modelled (require and unique are)"},
    {"ip/ipsec/policy", "ipsec-protocols", "ah", "AH is not modelled (ESP is)"},
};

bool
ModelledDh(const std::string& g)
{
    return g == "modp1024" || g == "modp2048";
}

void
CheckRefused(const std::string& menu, const ConfigObject& o, std::vector<ScenarioError>& errors)
{
    for (const Refused& r : kRefused)
    {
        if (menu == r.menu && o.GetString(r.key) == r.value)
        {
            errors.push_back(
                Error(o.Get(r.key).where, menu + " " + r.key + "=" + r.value + ": " + r.why));
        }
    }
    for (const char* key : {"dh-group"})
    {
        for (const std::string& g : o.GetList(key))
        {
            if (!ModelledDh(g))
            {
                errors.push_back(
                    Error(o.Get(key).where,
                          menu + " dh-group=" + g + ": only modp1024 and modp2048 are modelled"));
            }
        }
    }
    if (o.Has("pfs-group") && o.GetString("pfs-group") != "none" &&
        !ModelledDh(o.GetString("pfs-group")))
    {
        errors.push_back(
            Error(o.Get("pfs-group").where, menu + " pfs-group=" + o.GetString("pfs-group") +
                                                ": only none, modp1024 and modp2048 are modelled"));
    }
}

void
CheckProposal(const ConfigObject& o,
              std::vector<ScenarioError>& errors,
              std::vector<std::string>& warnings)
{
    IkePhase2Proposal p;
    if (!PlanProposal(o, p))
    {
        errors.push_back(Error(o.where, "ip/ipsec/proposal '" + o.GetString("name") +
                                            "': no modelled enc-algorithms/auth-algorithms left "
                                            "(modelled: 3des, aes-*-cbc, aes-*-gcm, null; sha1, "
                                            "sha256, null)"));
        return;
    }
    for (const char* key : {"enc-algorithms", "auth-algorithms"})
    {
        for (const std::string& a : o.GetList(key))
        {
            EspCipher c;
            EspIntegrity i;
            const bool ok =
                std::string(key) == "enc-algorithms" ? FindEspCipher(a, c) : FindEspIntegrity(a, i);
            if (!ok)
            {
                warnings.push_back(
                    Warning(o.Get(key).where, "ip/ipsec/proposal " + std::string(key) + " " + a +
                                                  " is not modelled and is left out of the offer"));
            }
        }
    }
}

bool
Named(const NodeConfig& cfg, const char* menu, const char* key, const std::string& name)
{
    const auto& l = cfg.List(menu);
    return std::any_of(l.begin(), l.end(),
                       [&](const ConfigObject& o)
                       {
                           return o.GetString(key) == name;
                       });
}

void
CheckReferences(const NodeConfig& cfg, std::vector<ScenarioError>& errors)
{
    IpsecPlan plan;
    PlanIpsec(cfg, plan);
    for (const ConfigObject& id : cfg.List("ip/ipsec/identity"))
    {
        const std::string peer = id.GetString("peer");
        if (std::none_of(plan.peers.begin(), plan.peers.end(),
                         [&](const IkePeerConfig& p)
                         {
                             return p.name == peer;
                         }))
        {
            errors.push_back(Error(id.Get("peer").where,
                                   "ip/ipsec/identity peer '" + peer + "' names no ip/ipsec/peer"));
        }
    }
    for (const ConfigObject& p : cfg.List("ip/ipsec/peer"))
    {
        const std::string prof = p.GetString("profile");
        if (!prof.empty() && prof != "default" && !Named(cfg, "ip/ipsec/profile", "name", prof))
        {
            errors.push_back(Error(p.Get("profile").where, "ip/ipsec/peer profile '" + prof +
                                                               "' names no ip/ipsec/profile"));
        }
    }
    for (const IkePeerConfig& p : plan.peers)
    {
        if (p.secret.empty() && p.name != kL2tpServerPeer)
        {
            for (const ConfigObject& o : cfg.List("ip/ipsec/peer"))
            {
                if (o.GetString("name") == p.name || o.GetString("name").empty())
                {
                    errors.push_back(Error(o.where, "ip/ipsec/peer '" + p.name +
                                                        "' has no secret (pre-shared-key needs "
                                                        "secret=, v6, or an ip/ipsec/identity, "
                                                        "v7)"));
                    break;
                }
            }
        }
    }
    for (const ConfigObject& o : cfg.List("ip/ipsec/policy"))
    {
        const std::string prop = o.GetString("proposal");
        if (prop != "default" && !Named(cfg, "ip/ipsec/proposal", "name", prop))
        {
            errors.push_back(Error(o.Get("proposal").where, "ip/ipsec/policy proposal '" + prop +
                                                                "' names no ip/ipsec/proposal"));
        }
    }
}

/** \brief use-ipsec without a secret cannot authenticate (RouterOS would fail phase 1 too). */
void
CheckUseIpsec(const NodeConfig& cfg, std::vector<ScenarioError>& errors)
{
    std::vector<const ConfigObject*> users;
    for (const ConfigObject& o : cfg.List("interface/l2tp-client"))
    {
        users.push_back(&o);
    }
    if (const ConfigObject* s = cfg.Single("interface/l2tp-server/server"))
    {
        users.push_back(s);
    }
    for (const ConfigObject* o : users)
    {
        const std::string use = o->GetString("use-ipsec");
        if (use != "no" && o->GetString("ipsec-secret").empty())
        {
            errors.push_back(Error(o->Get("use-ipsec").where,
                                   o->menu + ": use-ipsec=" + use +
                                       " needs ipsec-secret (the pre-shared key of the dynamic "
                                       "peer)"));
        }
    }
}

void
WarnNoEffect(const NodeConfig& cfg, std::vector<std::string>& warnings)
{
    std::vector<const ConfigObject*> users;
    for (const ConfigObject& o : cfg.List("interface/l2tp-client"))
    {
        users.push_back(&o);
    }
    if (const ConfigObject* s = cfg.Single("interface/l2tp-server/server"))
    {
        users.push_back(s);
    }
    for (const ConfigObject* o : users)
    {
        if (o->GetString("use-ipsec") == "no" && !o->GetString("ipsec-secret").empty())
        {
            warnings.push_back(Warning(o->Get("ipsec-secret").where,
                                       o->menu + " ipsec-secret has no effect: use-ipsec=no"));
        }
    }
    IpsecPlan plan;
    const ConfigObject* ext = cfg.Single("ipsec");
    if (ext != nullptr && !PlanIpsec(cfg, plan))
    {
        warnings.push_back(Warning(ext->where, "ipsec has no effect: the node uses no IPsec "
                                               "(no use-ipsec, ip/ipsec/peer or policy)"));
    }
}

} // namespace

void
CheckIpsecConfig(const NodeConfig& cfg,
                 std::vector<ScenarioError>& errors,
                 std::vector<std::string>& warnings)
{
    for (const char* menu : {"ip/ipsec/peer", "ip/ipsec/profile", "ip/ipsec/identity",
                             "ip/ipsec/policy", "ip/ipsec/proposal"})
    {
        for (const ConfigObject& o : cfg.List(menu))
        {
            CheckRefused(menu, o, errors);
            if (std::string(menu) == "ip/ipsec/proposal")
            {
                CheckProposal(o, errors, warnings);
            }
        }
    }
    CheckReferences(cfg, errors);
    CheckUseIpsec(cfg, errors);
    WarnNoEffect(cfg, warnings);
}

} // namespace ns3
