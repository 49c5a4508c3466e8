/**
 * \file
 * \brief The IP Control Protocol (RFC 1332) with the DNS server options of RFC 1877, on the shared
 * automaton (ppp-cp.h).
 */
#ifndef L2TPLAB_PPP_IPCP_H
#define L2TPLAB_PPP_IPCP_H

#include "model/ppp/ppp-cp.h"

namespace ns3
{

constexpr uint8_t kIpcpIpAddresses = 1;     //!< RFC 1332 §3.1 (deprecated)
constexpr uint8_t kIpcpIpCompression = 2;   //!< RFC 1332 §3.2
constexpr uint8_t kIpcpIpAddress = 3;       //!< RFC 1332 §3.3
constexpr uint8_t kIpcpPrimaryDns = 129;    //!< RFC 1877 §1.1
constexpr uint8_t kIpcpPrimaryNbns = 130;   //!< RFC 1877 §1.2
constexpr uint8_t kIpcpSecondaryDns = 131;  //!< RFC 1877 §1.3
constexpr uint8_t kIpcpSecondaryNbns = 132; //!< RFC 1877 §1.4

/** \brief The IPCP option table. */
PppOptionTable IpcpOptionTable();

/** \brief IPCP knobs (RFC 1332 §3.3, RFC 1877). Addresses in host order. */
struct PppIpcpConfig
{
    uint32_t localAddress{0}; //!< 0: ask the peer (send 0.0.0.0, take its Nak)
    uint32_t peerAddress{0};  //!< non-0: the address the peer must use (Nak with it; server)
    uint32_t dns1{0};         //!< non-0: given to a peer that asks (server)
    uint32_t dns2{0};         //!< non-0: given to a peer that asks (server)
    bool requestDns{false};   //!< client asks for DNS servers (a Nak gives them)
    PppCpTimers timers;       //!< §4.6
};

/** \brief What IPCP agreed (valid while Opened). */
struct PppIpcpResult
{
    uint32_t local{0}; //!< our address
    uint32_t peer{0};  //!< the peer's address (0: it sent none)
    uint32_t dns1{0};  //!< DNS servers the peer gave us
    uint32_t dns2{0};  //!< DNS servers the peer gave us
};

/** \brief IPCP on one link. */
class PppIpcp : private PppCpNegotiator, public PppControlProtocol
{
public:
    PppIpcp(const PppIpcpConfig& cfg, PppControlProtocol::Owner& owner);
    const PppIpcpResult& Result() const;

private:
    PppOptionTable OptionTable() const override;
    void NegotiationReset() override;
    std::vector<PppCpOption> BuildRequest() override;
    PppOptionVerdict CheckPeerOption(const PppCpOption& option,
                                     Bytes& nakData,
                                     TimeNs now) override;
    void AddMissingNaks(const std::vector<PppCpOption>& request,
                        std::vector<PppCpOption>& naks) override;
    void PeerRequestAcked(const std::vector<PppCpOption>& request) override;
    void OurRequestAcked(const std::vector<PppCpOption>& request) override;
    void OurOptionNaked(const PppCpOption& suggestion, TimeNs now) override;
    void OurOptionRejected(const PppCpOption& option, TimeNs now) override;

    PppIpcpConfig m_cfg;      //!< knobs
    PppIpcpResult m_result;   //!< agreed values
    bool m_sendAddress{true}; //!< IP-Address in our request
    uint32_t m_local{0};      //!< its value
    bool m_sendDns1{false};   //!< Primary-DNS in our request
    bool m_sendDns2{false};   //!< Secondary-DNS in our request
    uint32_t m_dns1{0};       //!< its value
    uint32_t m_dns2{0};       //!< its value
};

} // namespace ns3

#endif
