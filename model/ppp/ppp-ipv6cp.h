/**
 * \file
 * \brief The IPv6 Control Protocol (RFC 5072): Interface-Identifier negotiation (§4.1) on the
 * shared automaton (ppp-cp.h).
 */
#ifndef L2TPLAB_PPP_IPV6CP_H
#define L2TPLAB_PPP_IPV6CP_H

#include "model/common/crypto.h"
#include "model/ppp/ppp-cp.h"

namespace ns3
{

constexpr uint8_t kIpv6cpInterfaceId = 1; //!< RFC 5072 §4.1
constexpr uint8_t kIpv6cpCompression = 2; //!< RFC 5072 §4.2

/** \brief The IPV6CP option table. */
PppOptionTable Ipv6cpOptionTable();

/** \brief IPV6CP knobs. */
struct PppIpv6cpConfig
{
    uint64_t interfaceId{0}; //!< 0 = derive from magicSeed
    uint64_t magicSeed{1};   //!< DetRandom seed for identifiers
    PppCpTimers timers;      //!< §4.6
};

/** \brief What IPV6CP agreed (valid while Opened). */
struct PppIpv6cpResult
{
    uint64_t local{0}; //!< our Interface-Identifier
    uint64_t peer{0};  //!< the peer's
};

/** \brief IPV6CP on one link. */
class PppIpv6cp : private PppCpNegotiator, public PppControlProtocol
{
public:
    PppIpv6cp(const PppIpv6cpConfig& cfg, PppControlProtocol::Owner& owner);
    const PppIpv6cpResult& Result() const;

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
    uint64_t NewId(uint64_t avoid);

    PppIpv6cpConfig m_cfg;    //!< knobs
    DetRandom m_random;       //!< identifiers
    PppIpv6cpResult m_result; //!< agreed values
    uint64_t m_local{0};      //!< the identifier our request carries
    bool m_sendId{true};      //!< Interface-Identifier in our request
};

} // namespace ns3

#endif
