#include "runner/drop-reasons.h"

namespace ns3
{

const DropReasonSpec*
FindDropReason(const std::string& reason)
{
    for (const DropReasonSpec& r : kDropReasons)
    {
        if (reason == r.reason)
        {
            return &r;
        }
    }
    return nullptr;
}

bool
DropIsLogged(uint64_t n)
{
    if (n <= 10)
    {
        return n > 0;
    }
    while (n % 10 == 0)
    {
        n /= 10;
    }
    return n == 1;
}

} // namespace ns3
