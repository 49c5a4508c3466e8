#include "runner/units.h"

#include "model/common/text.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

namespace ns3
{

namespace
{

/**
 * \brief Parse "<digits>[.<digits>]" at `pos`, scaled by `scale` (an integer unit).
 * \return false on malformed input, overflow or a non-integer result.
 */
bool
ParseScaledNumber(const std::string& s, size_t& pos, uint64_t scale, uint64_t& out)
{
    size_t start = pos;
    uint64_t intPart = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
    {
        uint64_t d = static_cast<uint64_t>(s[pos] - '0');
        if (intPart > (std::numeric_limits<uint64_t>::max() - d) / 10)
        {
            return false;
        }
        intPart = intPart * 10 + d;
        ++pos;
    }
    bool hasInt = pos > start;
    uint64_t fracNum = 0;
    uint64_t fracDen = 1;
    if (pos < s.size() && s[pos] == '.')
    {
        ++pos;
        size_t fstart = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
        {
            if (fracDen > std::numeric_limits<uint64_t>::max() / 100)
            {
                return false; // absurd precision
            }
            fracNum = fracNum * 10 + static_cast<uint64_t>(s[pos] - '0');
            fracDen *= 10;
            ++pos;
        }
        if (pos == fstart)
        {
            return false;
        }
    }
    else if (!hasInt)
    {
        return false;
    }
    if (scale != 0 && intPart > std::numeric_limits<uint64_t>::max() / scale)
    {
        return false;
    }
    uint64_t whole = intPart * scale;
    // fraction * scale must be an integer (e.g. "1.5ns" is rejected).
    if (fracNum != 0)
    {
        if (fracNum > std::numeric_limits<uint64_t>::max() / scale)
        {
            return false;
        }
        uint64_t f = fracNum * scale;
        if (f % fracDen != 0)
        {
            return false;
        }
        f /= fracDen;
        if (whole > std::numeric_limits<uint64_t>::max() - f)
        {
            return false;
        }
        whole += f;
    }
    out = whole;
    return true;
}

/** \brief Parse a plain decimal double (digits, optional fraction), whole string. */
bool
ParsePlainDouble(const std::string& s, double& out)
{
    if (s.empty())
    {
        return false;
    }
    bool digit = false;
    bool dot = false;
    for (char c : s)
    {
        if (c >= '0' && c <= '9')
        {
            digit = true;
        }
        else if (c == '.' && !dot)
        {
            dot = true;
        }
        else
        {
            return false;
        }
    }
    if (!digit)
    {
        return false;
    }
    out = std::strtod(s.c_str(), nullptr);
    return true;
}

} // namespace

uint32_t
Ipv4Subnet::Mask() const
{
    return prefixLength == 0 ? 0u : static_cast<uint32_t>(0xffffffffull << (32 - prefixLength));
}

bool
Ipv4Subnet::Contains(uint32_t addr) const
{
    return (addr & Mask()) == network;
}

uint64_t
Ipv4Subnet::HostCount() const
{
    if (prefixLength >= 32)
    {
        return 1;
    }
    if (prefixLength == 31)
    {
        return 2;
    }
    return (1ull << (32 - prefixLength)) - 2;
}

uint32_t
Ipv4Subnet::Host(uint64_t i) const
{
    if (prefixLength >= 31)
    {
        return network + static_cast<uint32_t>(i);
    }
    return network + 1 + static_cast<uint32_t>(i);
}

bool
Ipv4Subnet::IsHost(uint32_t addr) const
{
    if (!Contains(addr))
    {
        return false;
    }
    if (prefixLength >= 31)
    {
        return true;
    }
    uint32_t broadcast = network | ~Mask();
    return addr != network && addr != broadcast;
}

std::string
Ipv4Subnet::ToString() const
{
    return FormatIpv4(network) + "/" + std::to_string(prefixLength);
}

bool
ParseDuration(const std::string& text, TimeNs& out)
{
    if (text.empty())
    {
        return false;
    }
    struct Unit
    {
        const char* name;
        uint64_t ns;
    };
    // Longest names first so "ms" is not read as "m" followed by "s".
    static const Unit kUnits[] = {{"ns", 1},
                                  {"us", 1000},
                                  {"ms", 1000000},
                                  {"s", 1000000000ull},
                                  {"m", 60ull * 1000000000ull},
                                  {"h", 3600ull * 1000000000ull},
                                  {"d", 86400ull * 1000000000ull}, // RouterOS writes "1d"
                                  {"w", 604800ull * 1000000000ull}};
    size_t pos = 0;
    uint64_t total = 0;
    int groups = 0;
    while (pos < text.size())
    {
        size_t numStart = pos;
        // Find the end of the number to see whether a unit follows.
        size_t scan = pos;
        while (scan < text.size() &&
               ((text[scan] >= '0' && text[scan] <= '9') || text[scan] == '.'))
        {
            ++scan;
        }
        if (scan == numStart)
        {
            return false;
        }
        const Unit* unit = nullptr;
        size_t unitLen = 0;
        if (scan == text.size())
        {
            if (groups != 0)
            {
                return false; // "1m30" is ambiguous
            }
            static const Unit kSeconds = {"s", 1000000000ull};
            unit = &kSeconds;
        }
        else
        {
            for (const auto& u : kUnits)
            {
                size_t n = std::char_traits<char>::length(u.name);
                if (text.compare(scan, n, u.name) == 0)
                {
                    bool longer =
                        scan + n < text.size() && text[scan + n] >= 'a' && text[scan + n] <= 'z';
                    if (!longer)
                    {
                        unit = &u;
                        unitLen = n;
                        break;
                    }
                }
            }
            if (unit == nullptr)
            {
                return false;
            }
        }
        uint64_t v = 0;
        if (!ParseScaledNumber(text, pos, unit->ns, v) || pos != scan)
        {
            return false;
        }
        pos += unitLen;
        if (total > static_cast<uint64_t>(std::numeric_limits<TimeNs>::max()) - v)
        {
            return false;
        }
        total += v;
        ++groups;
    }
    out = static_cast<TimeNs>(total);
    return true;
}

bool
ParseRate(const std::string& text, uint64_t& bitsPerSecond)
{
    struct Unit
    {
        const char* name;
        uint64_t scale;
    };
    static const Unit kUnits[] = {
        {"Gbps", 1000000000ull}, {"Mbps", 1000000ull}, {"kbps", 1000ull}, {"bps", 1ull}};
    for (const auto& u : kUnits)
    {
        size_t n = std::char_traits<char>::length(u.name);
        if (text.size() > n && text.compare(text.size() - n, n, u.name) == 0)
        {
            std::string num = text.substr(0, text.size() - n);
            size_t pos = 0;
            uint64_t v = 0;
            if (!ParseScaledNumber(num, pos, u.scale, v) || pos != num.size() || v == 0)
            {
                return false;
            }
            bitsPerSecond = v;
            return true;
        }
    }
    return false;
}

bool
ParseLoss(const std::string& text, double& fraction)
{
    if (!text.empty() && text.back() == '%')
    {
        double pct = 0;
        if (!ParsePlainDouble(text.substr(0, text.size() - 1), pct) || pct > 100.0)
        {
            return false;
        }
        fraction = pct / 100.0;
        return true;
    }
    double f = 0;
    if (!ParsePlainDouble(text, f) || f > 1.0)
    {
        return false;
    }
    fraction = f;
    return true;
}

bool
ParseBool(const std::string& text, bool& out)
{
    if (text == "yes" || text == "true")
    {
        out = true;
        return true;
    }
    if (text == "no" || text == "false")
    {
        out = false;
        return true;
    }
    return false;
}

bool
ParseUint(const std::string& text, uint64_t& out)
{
    if (text.empty() || text.size() > 19)
    {
        return false;
    }
    uint64_t v = 0;
    for (char c : text)
    {
        if (c < '0' || c > '9')
        {
            return false;
        }
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    out = v;
    return true;
}

bool
ParseIpv4(const std::string& text, uint32_t& out)
{
    uint32_t addr = 0;
    size_t pos = 0;
    for (int octet = 0; octet < 4; ++octet)
    {
        if (octet > 0)
        {
            if (pos >= text.size() || text[pos] != '.')
            {
                return false;
            }
            ++pos;
        }
        size_t start = pos;
        uint32_t v = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 3)
        {
            v = v * 10 + static_cast<uint32_t>(text[pos] - '0');
            ++pos;
        }
        if (pos == start || v > 255)
        {
            return false;
        }
        addr = (addr << 8) | v;
    }
    if (pos != text.size())
    {
        return false;
    }
    out = addr;
    return true;
}

bool
ParseSubnet(const std::string& text, Ipv4Subnet& out, bool& hostBitsSet)
{
    size_t slash = text.find('/');
    if (slash == std::string::npos)
    {
        return false;
    }
    uint32_t addr = 0;
    uint64_t plen = 0;
    if (!ParseIpv4(text.substr(0, slash), addr) || !ParseUint(text.substr(slash + 1), plen) ||
        plen > 32 || slash + 1 == text.size() || text.size() - slash - 1 > 2)
    {
        return false;
    }
    out.prefixLength = static_cast<uint8_t>(plen);
    out.network = addr & out.Mask();
    hostBitsSet = out.network != addr;
    return true;
}

bool
ParseIpv4Range(const std::string& text, uint32_t& first, uint32_t& last)
{
    size_t dash = text.find('-');
    if (dash == std::string::npos)
    {
        if (!ParseIpv4(text, first))
        {
            return false;
        }
        last = first;
        return true;
    }
    return ParseIpv4(text.substr(0, dash), first) && ParseIpv4(text.substr(dash + 1), last) &&
           first <= last;
}

std::string
FormatIpv4(uint32_t addr)
{
    return Ipv4Text(addr);
}

std::string
FormatDuration(TimeNs t)
{
    struct Unit
    {
        const char* name;
        TimeNs ns;
    };
    static const Unit kUnits[] = {{"h", 3600 * kSec}, {"m", 60 * kSec}, {"s", kSec},
                                  {"ms", kMs},        {"us", kUs},      {"ns", kNs}};
    if (t == 0)
    {
        return "0s";
    }
    if (t == kNever)
    {
        return "end";
    }
    for (const auto& u : kUnits)
    {
        if (t % u.ns == 0)
        {
            return std::to_string(t / u.ns) + u.name;
        }
    }
    return std::to_string(t) + "ns";
}

std::string
FormatRate(uint64_t bitsPerSecond)
{
    struct Unit
    {
        const char* name;
        uint64_t scale;
    };
    static const Unit kUnits[] = {
        {"Gbps", 1000000000ull}, {"Mbps", 1000000ull}, {"kbps", 1000ull}, {"bps", 1ull}};
    for (const auto& u : kUnits)
    {
        if (bitsPerSecond != 0 && bitsPerSecond % u.scale == 0)
        {
            return std::to_string(bitsPerSecond / u.scale) + u.name;
        }
    }
    return "0bps";
}

} // namespace ns3
