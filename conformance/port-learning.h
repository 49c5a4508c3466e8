/**
 * \file
 * \brief Which UDP datagrams are L2TP: 1701, the explicit ports, and ports LEARNED from the capture
 * (records.h file comment). One algorithm for both record extractors: the tshark path (records.cc,
 * rows from a `-T fields` pass) and the libpcap fast path (fast-records.cc, rows from its own
 * decoder), so the two cannot drift apart.
 *
 * A row (source and destination endpoint of a datagram decoded as L2TP with the current ports) is
 * trusted, and its endpoints become L2TP endpoints, only if it is on 1701 or an explicit port, or
 * touches an endpoint already trusted: a shared port number alone never makes unrelated traffic
 * L2TP. Every non-forbidden port of a new endpoint (not 0, 500, 1701, 4500) is then decoded as L2TP
 * in the next pass, at most ExtractOptions::maxLearningPasses passes.
 */
#ifndef L2TPLAB_CONFORMANCE_PORT_LEARNING_H
#define L2TPLAB_CONFORMANCE_PORT_LEARNING_H

#include "conformance/records.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/** \brief One end of a UDP datagram. */
struct L2tpEndpoint
{
    std::string ip; //!< address text as the record has it
    uint16_t port;  //!< UDP port

    /** \brief Strict order for std::set. */
    bool
    operator<(const L2tpEndpoint& o) const
    {
        return ip != o.ip ? ip < o.ip : port < o.port;
    }
};

/** \brief Source and destination of one datagram decoded as L2TP. */
using L2tpEndpointRow = std::pair<L2tpEndpoint, L2tpEndpoint>;

/** \brief Port learning state: ports decoded as L2TP and the trusted endpoints. */
class L2tpPortLearner
{
public:
    /** \brief Start with the explicit ports (ExtractOptions::extraPorts) and nothing learned. */
    explicit L2tpPortLearner(const std::vector<uint16_t>& extraPorts);

    /** \brief Ports decoded as L2TP besides 1701: explicit and learned, ascending. */
    const std::set<uint16_t>&
    Ports() const
    {
        return m_ports;
    }

    /** \brief Would a decoder with Ports() (and 1701) decode this datagram as L2TP? */
    bool Decodes(const L2tpRecord& r) const;

    /**
     * \brief One pass over the rows decoded with Ports(), in frame order, repeated until no
     * endpoint is added. \return true if a new port was learned (another pass is worth it)
     */
    bool Learn(const std::vector<L2tpEndpointRow>& rows);

    /**
     * \brief Set r.forcedPort (decoded only because of a learned port) and say whether the record
     * is L2TP: a forced record is kept only if one of its endpoints is trusted.
     */
    bool Keep(L2tpRecord& r) const;

    /**
     * \brief Run the passes: rowsFor(ports, rows) fills the rows decoded with these ports (false:
     * error, which stops learning and is returned). No-op when !opts.learnPorts.
     */
    bool Run(const ExtractOptions& opts,
             const std::function<bool(const std::set<uint16_t>&, std::vector<L2tpEndpointRow>&)>&
                 rowsFor);

private:
    std::set<uint16_t> m_explicit;      //!< ExtractOptions::extraPorts
    std::set<uint16_t> m_ports;         //!< explicit and learned ports
    std::set<L2tpEndpoint> m_endpoints; //!< trusted L2TP endpoints
};

} // namespace ns3

#endif
