/**
 * \file
 * \brief 16-bit sequence number arithmetic (RFC 2661 §5.8, also RFC 1982 style serial compare).
 *
 * RFC 2661 §5.8: "all values in the range [Nr+1 .. Nr+32767] are considered to be ahead of Nr" —
 * i.e. comparison is modulo 2^16 with half-space.
 */
#ifndef L2TPLAB_COMMON_SEQ16_H
#define L2TPLAB_COMMON_SEQ16_H

#include <cstdint>

namespace ns3
{

/** \brief a < b in modulo-2^16 half-space arithmetic. */
constexpr bool
Seq16Less(uint16_t a, uint16_t b)
{
    return a != b && static_cast<uint16_t>(b - a) < 0x8000;
}

/** \brief a <= b in modulo-2^16 half-space arithmetic. */
constexpr bool
Seq16LessEq(uint16_t a, uint16_t b)
{
    return a == b || Seq16Less(a, b);
}

/** \brief Number of steps from a forward to b (b - a mod 2^16). */
constexpr uint16_t
Seq16Distance(uint16_t a, uint16_t b)
{
    return static_cast<uint16_t>(b - a);
}

} // namespace ns3

#endif
