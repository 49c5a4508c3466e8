#include "model/l2tp/l2tp-message-spec.h"

#include "model/l2tp/l2tp-avp-table.h"

namespace ns3
{

namespace
{

std::vector<L2tpAvpType>
MaskToTypes(L2tpAvpMask mask)
{
    std::vector<L2tpAvpType> out;
    for (uint16_t t = 0; t < 64; ++t)
    {
        if ((mask >> t) & 1U)
        {
            out.push_back(static_cast<L2tpAvpType>(t));
        }
    }
    return out;
}

} // namespace

std::vector<L2tpAvpType>
L2tpMessageSpec::RequiredAvps() const
{
    return MaskToTypes(required);
}

std::vector<L2tpAvpType>
L2tpMessageSpec::OptionalAvps() const
{
    return MaskToTypes(optional);
}

const L2tpMessageSpec*
FindL2tpMessageSpec(L2tpMessageType t)
{
    for (const L2tpMessageSpec& s : kL2tpMessageSpecs)
    {
        if (s.type == t)
        {
            return &s;
        }
    }
    return nullptr;
}

bool
ValidateMessage(const L2tpControlMessage& m, std::string* missing)
{
    if (missing)
    {
        missing->clear();
    }
    const L2tpMessageSpec* spec = FindL2tpMessageSpec(m.Type());
    if (!spec)
    {
        return true;
    }
    for (L2tpAvpType t : spec->RequiredAvps())
    {
        if (!m.Find(t))
        {
            if (missing)
            {
                *missing = ToString(t);
            }
            return false;
        }
    }
    return true;
}

const L2tpAvp*
FirstUnexpectedAvp(const L2tpControlMessage& m)
{
    const L2tpMessageSpec* spec = FindL2tpMessageSpec(m.Type());
    if (!spec)
    {
        return nullptr;
    }
    for (const L2tpAvp& a : m.avps)
    {
        if (FindL2tpAvpInfo(a) && !spec->Allows(static_cast<L2tpAvpType>(a.type)))
        {
            return &a;
        }
    }
    return nullptr;
}

} // namespace ns3
