/**
 * \file
 * \brief For the libFuzzer targets that drive a PPP control protocol (LCP, BCP, CCP) with
 * arbitrary input: an owner that drops every packet and ignores every layer event.
 */
#ifndef L2TPLAB_FUZZ_NULL_CP_OWNER_H
#define L2TPLAB_FUZZ_NULL_CP_OWNER_H

#include "model/ppp/ppp-cp.h"

namespace ns3
{

/** \brief A PppControlProtocol owner that drops everything. */
class FuzzNullCpOwner : public PppControlProtocol::Owner
{
public:
    void
    CpSend(uint16_t, const Bytes&, TimeNs) override
    {
    }
    void
    CpThisLayerUp(uint16_t, TimeNs) override
    {
    }
    void
    CpThisLayerDown(uint16_t, TimeNs) override
    {
    }
    void
    CpThisLayerStarted(uint16_t, TimeNs) override
    {
    }
    void
    CpThisLayerFinished(uint16_t, TimeNs) override
    {
    }
};

} // namespace ns3

#endif // L2TPLAB_FUZZ_NULL_CP_OWNER_H
