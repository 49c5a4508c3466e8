#include "model/l2tp/l2tp-avp-table.h"

namespace ns3
{

const L2tpAvpInfo*
FindL2tpAvpInfo(uint16_t type)
{
    // Rows are sorted by type (static_assert in the header): binary search.
    size_t lo = 0;
    size_t hi = kL2tpAvpTableSize;
    while (lo < hi)
    {
        size_t mid = lo + (hi - lo) / 2;
        uint16_t t = static_cast<uint16_t>(kL2tpAvpTable[mid].type);
        if (t == type)
        {
            return &kL2tpAvpTable[mid];
        }
        if (t < type)
        {
            lo = mid + 1;
        }
        else
        {
            hi = mid;
        }
    }
    return nullptr;
}

const L2tpAvpInfo*
FindL2tpAvpInfo(L2tpAvpType type)
{
    return FindL2tpAvpInfo(static_cast<uint16_t>(type));
}

const L2tpAvpInfo*
FindL2tpAvpInfo(const L2tpAvp& avp)
{
    if (avp.vendorId != kL2tpIetfVendor || avp.reservedBits != 0)
    {
        return nullptr;
    }
    return FindL2tpAvpInfo(avp.type);
}

std::string
ToString(L2tpAvpType type)
{
    const L2tpAvpInfo* info = FindL2tpAvpInfo(type);
    if (info)
    {
        return info->name;
    }
    return "Unknown(" + std::to_string(static_cast<uint16_t>(type)) + ")";
}

const char*
ToString(L2tpMBitRule r)
{
    switch (r)
    {
    case L2tpMBitRule::MUST_SET:
        return "MUST_SET";
    case L2tpMBitRule::MUST_NOT_SET:
        return "MUST_NOT_SET";
    case L2tpMBitRule::MAY:
        return "MAY";
    }
    return "?";
}

const char*
ToString(L2tpHideRule r)
{
    switch (r)
    {
    case L2tpHideRule::MAY_HIDE:
        return "MAY_HIDE";
    case L2tpHideRule::NEVER_HIDE:
        return "NEVER_HIDE";
    }
    return "?";
}

const char*
ToString(L2tpAvpDataType t)
{
    switch (t)
    {
    case L2tpAvpDataType::NONE:
        return "NONE";
    case L2tpAvpDataType::U16:
        return "U16";
    case L2tpAvpDataType::U32:
        return "U32";
    case L2tpAvpDataType::U64:
        return "U64";
    case L2tpAvpDataType::STRING:
        return "STRING";
    case L2tpAvpDataType::BYTES:
        return "BYTES";
    case L2tpAvpDataType::RESULT_CODE:
        return "RESULT_CODE";
    case L2tpAvpDataType::Q931_CAUSE:
        return "Q931_CAUSE";
    case L2tpAvpDataType::CALL_ERRORS:
        return "CALL_ERRORS";
    case L2tpAvpDataType::ACCM:
        return "ACCM";
    case L2tpAvpDataType::PROTOCOL_VERSION:
        return "PROTOCOL_VERSION";
    case L2tpAvpDataType::PROXY_AUTHEN_ID:
        return "PROXY_AUTHEN_ID";
    }
    return "?";
}

} // namespace ns3
