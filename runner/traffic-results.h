/**
 * \file
 * \brief One traffic flow's running results, plain C++ (no ns-3): what the traffic installer's
 * generators (runner/ns3/traffic-installer.h) record, what its state paths
 * (`traffic/<name>/...`, runner/state-paths.cc) read and what report.json's `flows` section
 * shows. Times are simulation times; nothing here reads a wall clock.
 */
#ifndef L2TPLAB_RUNNER_TRAFFIC_RESULTS_H
#define L2TPLAB_RUNNER_TRAFFIC_RESULTS_H

#include "reports/run-report.h"
#include "runner/scenario.h"

#include "model/common/time.h"

#include <cstdint>
#include <string>

namespace ns3
{

/** \brief Min / average / max of a series (0 while empty). */
struct SeriesStats
{
    uint64_t n{0}; //!< samples
    double min{0}; //!< smallest
    double max{0}; //!< largest
    double sum{0}; //!< sum (for the average)

    /** \brief Add one sample. */
    void Add(double v);
    /** \brief Average, 0 without samples. */
    double Avg() const;
};

/** \brief "icmp-echo", "udp", "tcp". */
const char* TrafficKindName(TrafficKind k);

/** \brief One flow's results so far. */
struct FlowResult
{
    std::string name;                         //!< traffic name
    TrafficKind kind{TrafficKind::ICMP_ECHO}; //!< generator
    std::string from;                         //!< source node
    std::string to;                           //!< destination address "a.b.c.d"
    TimeNs start{0};                          //!< `at`
    uint64_t sent{0};         //!< packets (icmp-echo, udp) or bytes handed to TCP (tcp)
    uint64_t received{0};     //!< replies within the timeout / datagrams / bytes at the sink
    uint64_t timeouts{0};     //!< icmp-echo: requests whose reply did not come within the timeout
    uint64_t late{0};         //!< icmp-echo: replies that came after their timeout (not received)
    SeriesStats rttMs;        //!< icmp-echo: round-trip times, ms
    SeriesStats delayMs;      //!< udp: one-way delays, ms
    uint64_t totalBytes{0};   //!< tcp: count x size
    TimeNs completed{kNever}; //!< tcp: when the sink had every byte
    TimeNs lastRx{kNever};    //!< time of the last byte/packet received
    bool done{false};         //!< flow-done was emitted

    /** \brief 100 x (sent - received) / sent; tcp: of totalBytes; 0 before anything was sent. */
    double LossPercent() const;
    /** \brief tcp: bits received / (completion or last receive - start); 0 before any byte. */
    double ThroughputBps() const;
    /**
     * \brief A state path field ("sent", "loss-percent", "rtt-avg", ...; see
     *        TrafficStateFields()).
     * \return false if `field` is not one
     */
    bool StateValue(const std::string& field, std::string& value) const;
    /** \brief The report row. */
    RunFlow ToRunFlow() const;
};

/** \brief The fields of `traffic/<name>/<field>`: name and meaning (docs and catalog). */
struct TrafficStateField
{
    const char* field; //!< "loss-percent"
    const char*
        example; //!< flow name of the catalog example (tests/scenario/data/state-paths.yaml)
    const char* meaning; //!< what it is
};

/** \brief Every field, in documentation order. */
const std::vector<TrafficStateField>& TrafficStateFields();

/** \brief Text of a number as state values print it ("%.9g"). */
std::string StateNumber(double v);

} // namespace ns3

#endif
