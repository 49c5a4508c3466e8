/**
 * \file
 * \brief The receive error model of every link end: the link's random loss (a RateErrorModel,
 * drawn exactly as before so runs without drop faults keep their captures) behind the active
 * `drop` faults, which drop every arriving frame of a chosen message kind (runner/fault-match.h).
 */
#ifndef L2TPLAB_RUNNER_NS3_FAULT_ERROR_MODEL_H
#define L2TPLAB_RUNNER_NS3_FAULT_ERROR_MODEL_H

#include "runner/fault-match.h"

#include "ns3/error-model.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/** \brief Drop faults in front of a link end's random loss. */
class FaultErrorModel : public ErrorModel
{
public:
    /** \brief Called for each frame a drop fault dropped: (fault name, match name). */
    using DropCallback = std::function<void(const std::string&, const std::string&)>;

    /** \brief ns-3 type id. */
    static TypeId GetTypeId();

    /** \brief The random loss consulted for frames no drop fault takes. */
    void SetLoss(Ptr<RateErrorModel> loss);
    /** \brief Where drops are reported. */
    void SetDropCallback(DropCallback cb);
    /** \brief Start dropping `match` frames on behalf of fault `fault`. */
    void AddDrop(const std::string& fault, const FaultMatchSpec* match);
    /** \brief Stop the drops of fault `fault`. */
    void RemoveDrop(const std::string& fault);
    /** \brief Frames dropped by drop faults so far. */
    /** \brief True if the last frame this model dropped was dropped by a fault (not by loss). */
    bool
    LastDropWasFault() const
    {
        return m_lastWasFault;
    }

    uint64_t
    DroppedByFault() const
    {
        return m_dropped;
    }

private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    Ptr<RateErrorModel> m_loss;                                         //!< random loss
    std::vector<std::pair<std::string, const FaultMatchSpec*>> m_drops; //!< active drop faults
    DropCallback m_onDrop;                                              //!< reporting
    uint64_t m_dropped{0};                                              //!< counter
    bool m_lastWasFault{false};                                         //!< see LastDropWasFault
};

} // namespace ns3

#endif
