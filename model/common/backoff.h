/**
 * \file
 * \brief The one retransmission backoff helper shared by L2TP, IKE and PPP.
 *
 * Delay(k) = min(initial * factor^k, cap) for the k-th retransmission (k = 0 for the first retry).
 * After maxRetries retransmissions without an answer the sender gives up; TotalTimeout() is the
 * time from the first transmission to giving up (handy for test deadlines).
 */
#ifndef L2TPLAB_COMMON_BACKOFF_H
#define L2TPLAB_COMMON_BACKOFF_H

#include "model/common/time.h"

namespace ns3
{

/** \brief Capped exponential backoff. */
struct RetransmitBackoff
{
    TimeNs initial{1 * kSec}; //!< delay before the first retransmission
    double factor{2.0};       //!< multiplier per retransmission
    TimeNs cap{8 * kSec};     //!< maximum delay between retransmissions
    unsigned maxRetries{5};   //!< retransmissions before giving up

    /** \brief Delay to wait after the transmission numbered `attempt` (0 = original). */
    TimeNs
    Delay(unsigned attempt) const
    {
        double d = static_cast<double>(initial);
        for (unsigned i = 0; i < attempt; ++i)
        {
            d *= factor;
            if (d >= static_cast<double>(cap))
            {
                return cap;
            }
        }
        return d >= static_cast<double>(cap) ? cap : static_cast<TimeNs>(d);
    }

    /** \brief Time from the original transmission until the sender gives up. */
    TimeNs
    TotalTimeout() const
    {
        TimeNs t = 0;
        for (unsigned k = 0; k <= maxRetries; ++k)
        {
            t += Delay(k);
        }
        return t;
    }
};

} // namespace ns3

#endif
