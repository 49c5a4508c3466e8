#include "model/common/events.h"

#include <cstdio>

namespace ns3
{

std::string
JsonQuote(const std::string& s)
{
    std::string o = "\"";
    for (unsigned char c : s)
    {
        switch (c)
        {
        case '"':
            o += "\\\"";
            break;
        case '\\':
            o += "\\\\";
            break;
        case '\n':
            o += "\\n";
            break;
        case '\r':
            o += "\\r";
            break;
        case '\t':
            o += "\\t";
            break;
        default:
            if (c < 0x20)
            {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                o += buf;
            }
            else
            {
                o.push_back(static_cast<char>(c));
            }
        }
    }
    o += "\"";
    return o;
}

std::string
EventToJson(const LabEvent& e)
{
    char t[64];
    std::snprintf(t, sizeof(t), "%lld.%09lld", static_cast<long long>(e.time / kSec),
                  static_cast<long long>(e.time % kSec));
    std::string o = "{\"t\":";
    o += t;
    o += ",\"node\":" + JsonQuote(e.node);
    o += ",\"obj\":" + JsonQuote(e.object);
    o += ",\"ev\":" + JsonQuote(e.kind);
    for (const auto& kv : e.fields)
    {
        o += "," + JsonQuote(kv.first) + ":" + JsonQuote(kv.second);
    }
    o += "}";
    return o;
}

} // namespace ns3
