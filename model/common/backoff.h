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

#include <cstdint>
#include <string>

namespace ns3
{

/** \brief Capped exponential backoff. */
/**
 * \brief A deterministic draw in [0, span) from `key` (SplitMix64 finaliser): jitter for the
 * sans-IO cores, which must not own a random generator. 0 when span <= 0.
 */
inline TimeNs
JitterSpan(TimeNs span, uint64_t key)
{
    if (span <= 0)
    {
        return 0;
    }
    uint64_t z = key + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<TimeNs>(z % static_cast<uint64_t>(span));
}

/**
 * \brief A deterministic key for a name (FNV-1a), e.g. a node or interface name: two clients
 * of one scenario draw different jitter from the same seed.
 */
inline uint64_t
JitterKey(const std::string& name, uint64_t seed)
{
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (unsigned char c : name)
    {
        h = (h ^ c) * 1099511628211ULL;
    }
    return h;
}

struct RetransmitBackoff
{
    TimeNs initial{1 * kSec}; //!< delay before the first retransmission
    double factor{2.0};       //!< multiplier per retransmission
    TimeNs cap{8 * kSec};     //!< maximum delay between retransmissions
    unsigned maxRetries{5};   //!< retransmissions before giving up
    double jitter{0.0};       //!< up to this fraction of each delay is added (0 = none)
    uint64_t jitterSeed{0};   //!< mixes into every jitter draw (per node: clients differ)

    /**
     * \brief Delay(attempt) plus up to `jitter` x that delay, drawn deterministically from
     * `key` (the message and attempt) and jitterSeed: no random generator, no state. RFC 2661
     * §5.8 fixes only the exponential growth and a cap of at least 8 s; a longer wait is legal,
     * and it keeps a herd of peers that lost the same link from retransmitting in lock step.
     */
    TimeNs
    Jittered(unsigned attempt, uint64_t key) const
    {
        TimeNs d = Delay(attempt);
        return d + JitterSpan(static_cast<TimeNs>(static_cast<double>(d) * jitter),
                              jitterSeed ^ (key * 0x9E3779B97F4A7C15ULL + attempt));
    }

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
