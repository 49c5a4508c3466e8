/**
 * \file
 * \brief RouterOS `/ip firewall nat` (srcnat: masquerade, src-nat, accept) and `/ip firewall
 * connection tracking` mapped onto the NAT core (model/nat/nat-table.h). Plain C++.
 *
 * Rules are evaluated in order, first match wins, as RouterOS does: `accept` exempts the packet
 * from translation; `masquerade` translates to the out-interface's address; `src-nat` to the
 * first of `to-addresses`. Matchers: out-interface, in-interface, src-address, dst-address,
 * protocol, dst-port. The dstnat chain and dst-nat/netmap are refused by the loader as not
 * modelled yet. The RFC 4787 behaviours come from the l2tplab extension menu `nat` (RouterOS
 * itself behaves as Linux: address-and-port-dependent mapping and filtering, ports preserved).
 */
#ifndef L2TPLAB_RUNNER_NAT_MAPPING_H
#define L2TPLAB_RUNNER_NAT_MAPPING_H

#include "runner/scenario.h"
#include "runner/units.h"

#include "model/nat/nat-table.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief One srcnat rule. */
struct NatRulePlan
{
    std::string action;       //!< masquerade | src-nat | accept
    std::string outInterface; //!< "" = any
    std::string inInterface;  //!< "" = any
    bool hasSrc{false};
    Ipv4Subnet src;
    bool hasDst{false};
    Ipv4Subnet dst;
    uint8_t protocol{0};   //!< 0 = any
    uint16_t dstPort{0};   //!< 0 = any
    uint32_t toAddress{0}; //!< src-nat: the address (first of to-addresses)
    SourceLocation where;  //!< the rule in the scenario

    /** \brief Does a packet with these fields match (interfaces by name)? */
    bool Matches(const std::string& in,
                 const std::string& out,
                 uint32_t srcAddr,
                 uint32_t dstAddr,
                 uint8_t proto,
                 uint16_t dport) const;
};

/** \brief A node's NAT: its rules and the table behaviour (public address filled per rule). */
struct NatPlan
{
    std::vector<NatRulePlan> rules;
    NatConfig config; //!< timeouts and RFC 4787 behaviours; publicAddress unset
};

/** \brief The node's srcnat plan; false when it has no srcnat rule (no NAT on this node). */
bool PlanNat(const NodeConfig& cfg, NatPlan& out);

} // namespace ns3

#endif // L2TPLAB_RUNNER_NAT_MAPPING_H
