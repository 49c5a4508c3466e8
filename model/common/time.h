/**
 * \file
 * \brief Time as the sans-IO cores see it: signed nanoseconds since simulation (or process) start.
 *
 * Cores never read a clock; every call that may arm or fire a timer takes `now`. ns-3 adapters pass
 * Simulator::Now().GetNanoSeconds(); live mode passes a monotonic clock.
 */
#ifndef L2TPLAB_COMMON_TIME_H
#define L2TPLAB_COMMON_TIME_H

#include <cstdint>
#include <limits>

namespace ns3
{

using TimeNs = int64_t;                                       //!< nanoseconds
constexpr TimeNs kNs = 1;                                     //!< one nanosecond
constexpr TimeNs kUs = 1000;                                  //!< one microsecond
constexpr TimeNs kMs = 1000 * kUs;                            //!< one millisecond
constexpr TimeNs kSec = 1000 * kMs;                           //!< one second
constexpr TimeNs kNever = std::numeric_limits<TimeNs>::max(); //!< "no deadline"

} // namespace ns3

#endif
