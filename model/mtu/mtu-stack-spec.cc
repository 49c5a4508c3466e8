/**
 * \file
 * \brief ParseMtuStack(): the stack spec grammar and its errors (declared in mtu-calculator.h).
 */
#include "model/mtu/mtu-calculator.h"

#include "model/common/text.h"

#include <algorithm>

namespace ns3
{

namespace
{

std::string
Trim(const std::string& s)
{
    size_t b = s.find_first_not_of(" \t");
    size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string>
Split(const std::string& s, char sep)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (true)
    {
        size_t p = s.find(sep, start);
        out.push_back(
            Trim(s.substr(start, p == std::string::npos ? std::string::npos : p - start)));
        if (p == std::string::npos)
        {
            return out;
        }
        start = p + 1;
    }
}

std::string
LayerTokens()
{
    std::string s;
    for (const MtuLayerInfo& r : MtuLayerTable())
    {
        s += (s.empty() ? "" : ", ") + std::string(r.token);
    }
    return s;
}

template <typename Row>
std::string
Names(const std::vector<Row>& table)
{
    std::string s;
    for (const Row& r : table)
    {
        s += (s.empty() ? "" : ", ") + std::string(r.name);
    }
    return s;
}

/** "name=N" with N in [lo, hi]; false with error if the word is name= but N is bad. */
bool
ParseNumberOption(const std::string& word,
                  const std::string& name,
                  uint64_t lo,
                  uint64_t hi,
                  uint64_t& value,
                  std::string& error)
{
    if (!ParseUnsigned(word.substr(name.size() + 1), value, 10) || value < lo || value > hi)
    {
        error = "'" + word + "': " + name + " needs a number from " + std::to_string(lo) + " to " +
                std::to_string(hi);
        return false;
    }
    return true;
}

bool
StartsWith(const std::string& s, const std::string& prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

/** ESP suite `cipher-integ` or an AEAD `cipher`. */
bool
ApplyEspSuite(const std::string& word, MtuStackSpec& spec, std::string& error)
{
    size_t dash = word.find('-');
    std::string c = word.substr(0, dash);
    const EspCipherInfo* cipher = FindEspCipher(c);
    if (cipher == nullptr)
    {
        return false; // not a suite: the caller reports an unknown option
    }
    if (spec.cipher != nullptr)
    {
        error = "'" + word + "': the ESP transform is given twice";
        return false;
    }
    spec.cipher = cipher;
    if (dash == std::string::npos)
    {
        if (cipher->aeadIcv == 0)
        {
            error = "'" + word + "' needs an integrity transform, e.g. " + c +
                    "-sha1 (integrity: " + Names(EspIntegTable()) + ")";
        }
        return cipher->aeadIcv != 0;
    }
    std::string i = word.substr(dash + 1);
    if (cipher->aeadIcv != 0)
    {
        error = "'" + word + "': " + c +
                " is an AEAD transform with its own ICV (RFC 4106); drop '-" + i + "'";
        return false;
    }
    spec.integ = FindEspInteg(i);
    if (spec.integ == nullptr)
    {
        error = "'" + word + "': unknown ESP integrity transform '" + i +
                "' (integrity: " + Names(EspIntegTable()) + ")";
        return false;
    }
    return true;
}

bool
ApplyIpsecOption(const std::string& o, MtuStackSpec& spec, std::string& error)
{
    if (o == "tunnel" || o == "transport")
    {
        spec.espTunnel = o == "tunnel";
        return true;
    }
    return ApplyEspSuite(o, spec, error);
}

bool
ApplyL2tpOption(const std::string& o, MtuStackSpec& spec, std::string& error)
{
    if (o == "len" || o == "seq" || o == "offset")
    {
        bool& flag = o == "len"   ? spec.l2tpLength
                     : o == "seq" ? spec.l2tpSequence
                                  : spec.l2tpOffset;
        flag = true;
        return true;
    }
    if (StartsWith(o, "offset="))
    {
        uint64_t v = 0;
        if (!ParseNumberOption(o, "offset", 0, 65535, v, error))
        {
            return false;
        }
        spec.l2tpOffset = true;
        spec.l2tpOffsetPad = static_cast<uint16_t>(v);
        return true;
    }
    return false;
}

bool
ApplyMpOption(const std::string& o, MtuStackSpec& spec, std::string& error)
{
    if (o == "short" || o == "long")
    {
        spec.mpShort = o == "short";
        return true;
    }
    if (StartsWith(o, "mrru="))
    {
        uint64_t v = 0;
        // RFC 1990 §5.1.1: the MRRU is a 16-bit field.
        if (!ParseNumberOption(o, "mrru", 1, 65535, v, error))
        {
            return false;
        }
        spec.mrru = static_cast<uint32_t>(v);
        return true;
    }
    return false;
}

bool
ApplyFlagOption(const std::string& o, const char* a, bool& fa, const char* b, bool& fb)
{
    if (o == a)
    {
        fa = true;
        return true;
    }
    if (b != nullptr && o == b)
    {
        fb = true;
        return true;
    }
    return false;
}

/** Apply option `o` to `layer`; false with `error` set (or empty: not an option of it). */
bool
ApplyOption(MtuLayer layer, const std::string& o, MtuStackSpec& spec, std::string& error)
{
    switch (layer)
    {
    case MtuLayer::GTPU:
        return ApplyFlagOption(o, "ip6", spec.gtpuIpv6, "ext", spec.gtpuExt);
    case MtuLayer::IPSEC:
    case MtuLayer::IPSEC_NATT:
        return ApplyIpsecOption(o, spec, error);
    case MtuLayer::L2TP:
        return ApplyL2tpOption(o, spec, error);
    case MtuLayer::PPP:
        return ApplyFlagOption(o, "acfc", spec.acfc, "pfc", spec.pfc);
    case MtuLayer::MP:
        return ApplyMpOption(o, spec, error);
    case MtuLayer::BCP:
        return ApplyFlagOption(o, "vlan", spec.bcpVlan, "fcs", spec.bcpFcs);
    case MtuLayer::PPPOE:
    case MtuLayer::MPPE:
        return false; // no options
    }
    return false;
}

bool
CheckOrder(const MtuStackSpec& spec, const MtuLayerInfo& info, std::string& error)
{
    if (spec.Has(info.layer))
    {
        error = "'" + std::string(info.token) + "' appears twice";
        return false;
    }
    if (!spec.layers.empty())
    {
        const MtuLayerInfo& prev = MtuLayerInfoOf(spec.layers.back());
        if (info.rank < prev.rank || (info.rank == prev.rank && info.rank != 0))
        {
            error = "'" + std::string(info.token) + "' cannot come after '" + prev.token +
                    "' (outermost first: pppoe/gtpu, ipsec or ipsec-natt, l2tp, ppp, mp, mppe, "
                    "bcp)";
            return false;
        }
    }
    return true;
}

bool
PrecededBy(const MtuStackSpec& spec, MtuLayer layer, MtuLayer before)
{
    auto it = std::find(spec.layers.begin(), spec.layers.end(), layer);
    return it != spec.layers.begin() && it != spec.layers.end() && *(it - 1) == before;
}

/** Layers that only make sense together (checked once the whole spec is read). */
bool
CheckStructure(MtuStackSpec& spec, std::string& error)
{
    bool ipsec = spec.Has(MtuLayer::IPSEC) || spec.Has(MtuLayer::IPSEC_NATT);
    if (spec.Has(MtuLayer::L2TP) && !PrecededBy(spec, MtuLayer::PPP, MtuLayer::L2TP))
    {
        error = "l2tp carries PPP frames (RFC 2661 §1): put ppp right after l2tp";
    }
    else if (spec.Has(MtuLayer::PPP) && !spec.Has(MtuLayer::L2TP))
    {
        error = "ppp here is PPP over L2TP: put l2tp before it (pppoe brings its own PPP header)";
    }
    else if ((spec.Has(MtuLayer::MP) || spec.Has(MtuLayer::MPPE) || spec.Has(MtuLayer::BCP)) &&
             !spec.Has(MtuLayer::PPP))
    {
        error = "mp, mppe and bcp ride on PPP: add l2tp,ppp before them";
    }
    else if (ipsec && !spec.espTunnel && !spec.Has(MtuLayer::L2TP))
    {
        error = "ESP in transport mode protects the L2TP/UDP packet (RFC 3193 §2): add l2tp,ppp, "
                "or use tunnel mode (ipsec:aes128-sha1:tunnel)";
    }
    if (!error.empty())
    {
        return false;
    }
    if (ipsec && spec.cipher == nullptr)
    {
        spec.cipher = FindEspCipher("aes128");
        spec.integ = FindEspInteg("sha1");
    }
    return true;
}

/** One comma-separated word; `current` is the layer the options go to. */
bool
ParseWord(const std::string& word,
          MtuStackSpec& spec,
          const MtuLayerInfo*& current,
          std::string& error)
{
    std::vector<std::string> parts = Split(word, ':');
    const MtuLayerInfo* info = FindMtuLayer(parts[0]);
    size_t first = 1;
    if (info == nullptr)
    {
        if (current == nullptr || parts.size() > 1)
        {
            error = "unknown layer '" + parts[0] + "' (layers: " + LayerTokens() + ")";
            return false;
        }
        first = 0; // an option continuing the previous layer (`ppp:acfc,pfc`)
    }
    else
    {
        if (!CheckOrder(spec, *info, error))
        {
            return false;
        }
        spec.layers.push_back(info->layer);
        current = info;
    }
    for (size_t i = first; i < parts.size(); ++i)
    {
        const std::string& o = parts[i];
        if (o.empty() || !ApplyOption(current->layer, o, spec, error))
        {
            if (error.empty())
            {
                error = "'" + o + "' is " + (first == 0 ? "neither a layer nor " : "not ") +
                        "an option of " + current->token + " (options: " + current->options +
                        (first == 0 ? "; layers: " + LayerTokens() : std::string()) + ")";
            }
            return false;
        }
    }
    return true;
}

} // namespace

bool
MtuStackSpec::Has(MtuLayer layer) const
{
    return std::find(layers.begin(), layers.end(), layer) != layers.end();
}

bool
ParseMtuStack(const std::string& text, MtuStackSpec& out, std::string& error)
{
    out = MtuStackSpec{};
    out.text = text;
    error.clear();
    if (Trim(text).empty())
    {
        error = "empty stack; name the layers outermost first, e.g. l2tp,ppp (layers: " +
                LayerTokens() + ")";
        return false;
    }
    const MtuLayerInfo* current = nullptr;
    std::vector<std::string> words = Split(text, ',');
    for (size_t i = 0; i < words.size(); ++i)
    {
        if (words[i].empty())
        {
            error = "empty item " + std::to_string(i + 1) + " in '" + text + "'";
            return false;
        }
        if (!ParseWord(words[i], out, current, error))
        {
            error = "stack '" + text + "': " + error;
            return false;
        }
    }
    if (!CheckStructure(out, error))
    {
        error = "stack '" + text + "': " + error;
        return false;
    }
    return true;
}

} // namespace ns3
