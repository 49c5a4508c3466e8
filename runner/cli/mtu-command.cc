#include "runner/cli/mtu-command.h"

#include "model/common/text.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace ns3
{

const char* kMtuUsage =
    "  l2tplab mtu --stack LAYERS [--underlay N] [--underlay-ip 4|6] [--json]\n"
    "        Overhead calculator (docs/mtu.md): every header a packet gets through LAYERS\n"
    "        (outermost first, e.g. ipsec-natt:aes128-sha1,l2tp,ppp,bcp; options after ':'),\n"
    "        the largest inner IP packet that crosses an N-octet underlay unfragmented\n"
    "        (default 1500), its TCP MSS, ESP padding arithmetic, and RouterOS's 1460/1450.\n"
    "        Exit 0 computed, 1 the headers do not fit, 2 bad stack or arguments.\n";

namespace
{

const char* const kPartNames[] = {"outer", "encrypted", "trailer"};

int
MtuBadArgs(const std::string& msg)
{
    std::cerr << "l2tplab mtu: " << msg << "\n(see l2tplab mtu --help)\n";
    return 2;
}

struct MtuArgs
{
    std::string stack;
    bool haveStack{false};
    uint64_t underlay{1500};
    uint64_t ip{4};
    bool json{false};
    bool help{false};
};

/** Parse the arguments; "" or the error. */
std::string
ParseMtuArgs(const std::vector<std::string>& args, MtuArgs& a)
{
    for (size_t i = 0; i < args.size(); ++i)
    {
        const std::string& s = args[i];
        bool needsValue = s == "--stack" || s == "--underlay" || s == "--underlay-ip";
        if (needsValue && i + 1 >= args.size())
        {
            return s + " needs a value";
        }
        if (s == "-h" || s == "--help")
        {
            a.help = true;
        }
        else if (s == "--json")
        {
            a.json = true;
        }
        else if (s == "--stack")
        {
            a.stack = args[++i];
            a.haveStack = true;
        }
        else if (s == "--underlay" || s == "--underlay-ip")
        {
            uint64_t& into = s == "--underlay" ? a.underlay : a.ip;
            const std::string& v = args[++i];
            if (v.size() > 6 || !ParseUnsigned(v, into, 10))
            {
                return s + " needs a number, got '" + v + "'";
            }
        }
        else
        {
            return "unknown argument '" + s + "'";
        }
    }
    return a.help || a.haveStack ? "" : "--stack is required (e.g. --stack l2tp,ppp)";
}

} // namespace

std::string
MtuResultJson(const MtuResult& r)
{
    nlohmann::ordered_json j;
    j["underlay"] = r.underlay;
    j["underlayIp"] = r.underlayIp;
    j["stack"] = r.stack;
    nlohmann::ordered_json layers = nlohmann::ordered_json::array();
    for (const MtuRow& row : r.rows)
    {
        layers.push_back({{"layer", row.layer},
                          {"header", row.field},
                          {"bytes", row.bytes},
                          {"detail", row.detail},
                          {"refs", row.refs},
                          {"part", kPartNames[static_cast<int>(row.part)]}});
    }
    j["layers"] = layers;
    j["fits"] = r.fits;
    j["innerMtu"] = r.innerMtu;
    j["overhead"] = r.overhead;
    j["mssIpv4"] = r.mssIpv4;
    j["mssIpv6"] = r.mssIpv6;
    j["pppMru"] = r.pppMru >= 0 ? nlohmann::ordered_json(r.pppMru) : nlohmann::ordered_json();
    if (r.esp)
    {
        j["esp"] = {{"align", r.espAlign}, {"outer", r.espOuter},       {"inner", r.espInner},
                    {"icv", r.espIcv},     {"unusable", r.espUnusable}, {"explain", r.espExplain}};
    }
    if (r.mpFragmentData >= 0)
    {
        j["mp"] = {{"fragmentData", r.mpFragmentData},
                   {"mrruInnerMtu", r.mrruInnerMtu},
                   {"mrruFragments", r.mrruFragments}};
    }
    j["notes"] = r.notes;
    j["routerosDefaults"] = RouterOsDefaultsExplanation();
    return j.dump(2);
}

int
RunMtuCommand(const std::vector<std::string>& args)
{
    MtuArgs a;
    std::string err = ParseMtuArgs(args, a);
    if (!err.empty())
    {
        return MtuBadArgs(err);
    }
    if (a.help)
    {
        std::cout << "usage:\n" << kMtuUsage << "\nlayers and options:\n";
        for (const MtuLayerInfo& l : MtuLayerTable())
        {
            std::cout << "  " << l.token << (std::string(l.options) == "-" ? "" : ":")
                      << (std::string(l.options) == "-" ? "" : l.options) << "\n      " << l.bytes
                      << " [" << l.refs << "]\n";
        }
        std::cout << "ESP ciphers:";
        for (const EspCipherInfo& c : EspCipherTable())
        {
            std::cout << " " << c.name;
        }
        std::cout << "\nESP integrity:";
        for (const EspIntegInfo& i : EspIntegTable())
        {
            std::cout << " " << i.name;
        }
        std::cout << "\n";
        return 0;
    }
    MtuStackSpec spec;
    if (!ParseMtuStack(a.stack, spec, err))
    {
        return MtuBadArgs(err);
    }
    MtuResult r;
    if (a.underlay > 65535 ||
        !ComputeMtu(static_cast<uint32_t>(a.underlay), static_cast<uint8_t>(a.ip > 255 ? 0 : a.ip),
                    spec, r, err))
    {
        return MtuBadArgs(err.empty() ? "--underlay must be from 1 to 65535 octets" : err);
    }
    std::cout << (a.json ? MtuResultJson(r) + "\n" : FormatMtuText(r));
    return r.fits ? 0 : 1;
}

} // namespace ns3
