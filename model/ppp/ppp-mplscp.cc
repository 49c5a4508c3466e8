/**
 * \file
 * \brief MPLSCP (RFC 3032 §4.3.1): see ppp-mplscp.h.
 */

#include "model/ppp/ppp-mplscp.h"

#include "model/ppp/ppp-frame.h"

namespace ns3
{

PppOptionTable
MplscpOptionTable()
{
    return PppOptionTable{}; // no rows: every option is unknown, so Configure-Rejected
}

PppMplscp::PppMplscp(const PppCpTimers& timers, PppControlProtocol::Owner& owner)
    : PppControlProtocol(kPppMplscp, timers, owner, *this, false)
{
}

PppOptionTable
PppMplscp::OptionTable() const
{
    return MplscpOptionTable();
}

void
PppMplscp::NegotiationReset()
{
}

std::vector<PppCpOption>
PppMplscp::BuildRequest()
{
    return {}; // RFC 3032 §4.3.1: no options (RouterOS: Configure-Request of Length 4)
}

PppOptionVerdict
PppMplscp::CheckPeerOption(const PppCpOption& /*option*/, Bytes& /*nakData*/, TimeNs /*now*/)
{
    return PppOptionVerdict::REJECT; // not reached: the empty table Rejects every option first
}

void
PppMplscp::PeerRequestAcked(const std::vector<PppCpOption>& /*request*/)
{
}

void
PppMplscp::OurRequestAcked(const std::vector<PppCpOption>& /*request*/)
{
}

void
PppMplscp::OurOptionNaked(const PppCpOption& /*suggestion*/, TimeNs /*now*/)
{
    // We send no option, so a Nak of one is not about our request; the request stays empty.
}

void
PppMplscp::OurOptionRejected(const PppCpOption& /*option*/, TimeNs /*now*/)
{
}

} // namespace ns3
