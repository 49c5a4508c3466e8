/**
 * \file
 * \brief The MPLS Control Protocol (RFC 3032 §4.3.1) on the shared automaton (ppp-cp.h): LCP's
 * exchange with no configuration options, run in the Network phase to enable labelled packets
 * (protocols 0x0281 and 0x0283). RouterOS runs it on every PPP link unless the profile says
 * `use-mpls=no`; l2tplab negotiates it but forwards no labelled packets (there is no MPLS in the
 * simulated network), so those that arrive are counted and dropped.
 */
#ifndef L2TPLAB_PPP_MPLSCP_H
#define L2TPLAB_PPP_MPLSCP_H

#include "model/ppp/ppp-cp.h"

namespace ns3
{

/** \brief Whether a link runs MPLSCP (RouterOS profile `use-mpls`). */
enum class PppMplsPolicy : uint8_t
{
    NO,       //!< never sends MPLSCP; the peer's is Protocol-Rejected (RFC 1661 §5.7)
    YES,      //!< runs MPLSCP next to the NCPs; the link stays up if the peer refuses it
    REQUIRED, //!< runs MPLSCP; the link is terminated if it does not open
};

/** \brief The MPLSCP option table: empty (§4.3.1 "Configuration Option Types: None"). */
PppOptionTable MplscpOptionTable();

/** \brief MPLSCP on one link: an empty Configure-Request; every option of the peer's Rejected. */
class PppMplscp : private PppCpNegotiator, public PppControlProtocol
{
public:
    PppMplscp(const PppCpTimers& timers, PppControlProtocol::Owner& owner);

private:
    PppOptionTable OptionTable() const override;
    void NegotiationReset() override;
    std::vector<PppCpOption> BuildRequest() override;
    PppOptionVerdict CheckPeerOption(const PppCpOption& option,
                                     Bytes& nakData,
                                     TimeNs now) override;
    void PeerRequestAcked(const std::vector<PppCpOption>& request) override;
    void OurRequestAcked(const std::vector<PppCpOption>& request) override;
    void OurOptionNaked(const PppCpOption& suggestion, TimeNs now) override;
    void OurOptionRejected(const PppCpOption& option, TimeNs now) override;
};

} // namespace ns3

#endif
