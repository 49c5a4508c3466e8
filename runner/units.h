/**
 * \file
 * \brief Scenario value syntaxes: durations, rates, loss, booleans, integers, IPv4 addresses,
 *        subnets and ranges. Pure functions, no YAML, no ns-3.
 *
 * Every parser returns false on malformed input and leaves `out` unspecified; the loader turns
 * that into a `file:line:col` error using UnitExample() for the "expected ..." text.
 */
#ifndef L2TPLAB_RUNNER_UNITS_H
#define L2TPLAB_RUNNER_UNITS_H

#include "model/common/time.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief An IPv4 subnet (network address + prefix length), host byte order.
 *
 * Named Ipv4Subnet (not Ipv4Prefix/Ipv4Mask) so it never collides with ns-3 types in the
 * topology builder, which includes both.
 */
struct Ipv4Subnet
{
    uint32_t network{0};     //!< network address, host byte order, host bits zero
    uint8_t prefixLength{0}; //!< 0..32

    /** \brief Netmask, host byte order (prefix 0 -> 0). */
    uint32_t Mask() const;
    /** \brief True if `addr` lies inside the subnet (network and broadcast included). */
    bool Contains(uint32_t addr) const;
    /**
     * \brief Number of assignable host addresses: 2^(32-p) - 2, except /31 -> 2 (RFC 3021)
     *        and /32 -> 1.
     */
    uint64_t HostCount() const;
    /** \brief The i-th assignable host (0-based): network+1+i, or network+i for /31 and /32. */
    uint32_t Host(uint64_t i) const;
    /** \brief True if `addr` is assignable (inside, and not network/broadcast when p <= 30). */
    bool IsHost(uint32_t addr) const;
    /** \brief "a.b.c.d/p". */
    std::string ToString() const;
};

/**
 * \brief Parse a duration: one or more `<number><unit>` groups, unit in ns, us, ms, s, m, h
 *        ("1m30s", "250ms", "1.5s"); a bare number means seconds (RouterOS convention).
 * \param text input
 * \param out nanoseconds (>= 0)
 * \return false if malformed or negative
 */
bool ParseDuration(const std::string& text, TimeNs& out);

/** \brief Parse a rate `<number><unit>`, unit in bps, kbps, Mbps, Gbps (SI, x1000); > 0. */
bool ParseRate(const std::string& text, uint64_t& bitsPerSecond);

/** \brief Parse a loss/probability: "20%" or a fraction "0.2"; result within [0, 1]. */
bool ParseLoss(const std::string& text, double& fraction);

/** \brief Parse yes/no/true/false (lower case, as RouterOS prints them). */
bool ParseBool(const std::string& text, bool& out);

/** \brief Parse a non-negative decimal integer (no sign, no exponent). */
bool ParseUint(const std::string& text, uint64_t& out);

/** \brief Parse a dotted-quad IPv4 address, host byte order. */
bool ParseIpv4(const std::string& text, uint32_t& out);

/**
 * \brief Parse "a.b.c.d/p".
 * \param text input
 * \param out parsed subnet (network = address & mask)
 * \param hostBitsSet set to true if the address had bits outside the mask (then the parse
 *        still succeeds and `out` holds the masked network, so the caller can suggest it)
 * \return false if malformed
 */
bool ParseSubnet(const std::string& text, Ipv4Subnet& out, bool& hostBitsSet);

/** \brief Parse an address range "a.b.c.d-e.f.g.h" (first <= last) or a single address. */
bool ParseIpv4Range(const std::string& text, uint32_t& first, uint32_t& last);

/** \brief Render an IPv4 address (host byte order) as dotted quad. */
std::string FormatIpv4(uint32_t addr);

/** \brief Render a duration in the largest exact unit: "30s", "250ms", "1.5s" -> "1500ms", "0s". */
std::string FormatDuration(TimeNs t);

/** \brief Render a rate in the largest exact unit: "100Mbps", "1Gbps", "9600bps". */
std::string FormatRate(uint64_t bitsPerSecond);

} // namespace ns3

#endif
