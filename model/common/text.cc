#include "model/common/text.h"

#include <cerrno>
#include <cstdlib>

namespace ns3
{

bool
ParseUnsigned(const std::string& s, uint64_t& v, int base)
{
    if (s.empty())
    {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    unsigned long long x = std::strtoull(s.c_str(), &end, base);
    if (errno != 0 || end == s.c_str() || *end != '\0')
    {
        return false;
    }
    v = x;
    return true;
}

uint64_t
UnsignedOrZero(const std::string& s)
{
    uint64_t v = 0;
    return ParseUnsigned(s, v) ? v : 0;
}

namespace
{

bool
GlobAt(const std::string& p, size_t pi, const std::string& t, size_t ti, char sep)
{
    while (pi < p.size())
    {
        if (p[pi] == '*')
        {
            const bool cross = sep == kGlobNoSeparator || (pi + 1 < p.size() && p[pi + 1] == '*');
            while (pi < p.size() && p[pi] == '*')
            {
                ++pi;
            }
            for (size_t k = ti;; ++k)
            {
                if (GlobAt(p, pi, t, k, sep))
                {
                    return true;
                }
                if (k >= t.size() || (!cross && t[k] == sep))
                {
                    return false;
                }
            }
        }
        const bool sepHere = sep != kGlobNoSeparator && ti < t.size() && t[ti] == sep;
        if (ti >= t.size() || (p[pi] == '?' ? sepHere : p[pi] != t[ti]))
        {
            return false;
        }
        ++pi;
        ++ti;
    }
    return ti == t.size();
}

} // namespace

bool
GlobMatch(const std::string& pattern, const std::string& text, char separator)
{
    return GlobAt(pattern, 0, text, 0, separator);
}

std::string
Ipv4Text(uint32_t hostOrder)
{
    return std::to_string(hostOrder >> 24) + "." + std::to_string((hostOrder >> 16) & 0xff) + "." +
           std::to_string((hostOrder >> 8) & 0xff) + "." + std::to_string(hostOrder & 0xff);
}

} // namespace ns3
