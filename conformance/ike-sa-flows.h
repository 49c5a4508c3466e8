/**
 * \file
 * \brief IKE SAs of a capture: ISAKMP messages grouped by cookies, with the ESP packets and
 * NAT-keepalives exchanged between the same two addresses attached (analysis; the ladder diagrams
 * of reports/ladder.h draw one such flow).
 */
#ifndef L2TPLAB_CONFORMANCE_IKE_SA_FLOWS_H
#define L2TPLAB_CONFORMANCE_IKE_SA_FLOWS_H

#include "conformance/records.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief One IKE SA: its ISAKMP messages (grouped by initiator cookie, and responder cookie once
 * known) with the ESP packets and NAT-keepalives exchanged between the same two addresses. A flow
 * with empty cookies holds ESP without any ISAKMP message in the capture.
 */
struct IkeSaFlow
{
    std::string initiatorCookie; //!< 16 hex digits ("" for an ESP-only flow)
    std::string responderCookie; //!< 16 hex digits, "" until a message carries a non-zero one
    std::string ip[2];           //!< side 0: initiator (sender of the first message); side 1
    bool startSeen{false};       //!< a message with a zero responder cookie (MM1/AM1) was seen
    std::vector<size_t> ike;     //!< indices into RecordSet::ike, in frame order
    std::vector<size_t> esp;     //!< indices into RecordSet::esp, in frame order
    std::vector<size_t> natt; //!< indices into RecordSet::natt (keepalives and unknown datagrams)

    /** \brief Side of a sender: 0 or 1 (1 only when the address is side 1's and not side 0's). */
    int
    SideOf(const std::string& srcIp) const
    {
        return srcIp == ip[1] && srcIp != ip[0] ? 1 : 0;
    }
};

/**
 * \brief Group a capture's ISAKMP messages into IKE SAs (first message order), then attach every
 * ESP packet and NAT-keepalive to the latest SA between the same two addresses that started before
 * it (else the first such SA); ESP between addresses with no ISAKMP traffic forms ESP-only flows.
 */
std::vector<IkeSaFlow> BuildIkeSaFlows(const RecordSet& records);

} // namespace ns3

#endif
