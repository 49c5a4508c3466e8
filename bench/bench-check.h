/**
 * \file
 * \brief `l2tplab-bench --only check`: throughput of `l2tplab check` with each engine, against
 * `tshark -T fields` extracting the L2TP header fields, on one big capture (bench/README.md).
 */
#ifndef L2TPLAB_BENCH_CHECK_H
#define L2TPLAB_BENCH_CHECK_H

#include <sstream>
#include <string>

/** \brief What the check benchmark reads. */
struct CheckBenchArgs
{
    long packets{250000}; //!< build a capture of at least this many packets
    std::string seed;     //!< capture to replicate ("" = run the seed scenario of each mix)
    /**
     * \brief Seed scenarios, comma-separated: `setup` (scenarios/l2tp-many-clients.yaml: tunnel
     * and session setup, almost every packet a control message or a PPP negotiation packet) and
     * `traffic` (bench/scenarios/check-traffic.yaml: a busy LNS, almost every packet an L2TP data
     * message). Each mix is one measurement block. Ignored with a seed or a capture.
     */
    std::string mix{"setup,traffic"};
    std::string capture;     //!< judge this capture as it is ("" = build one from the seed)
    bool tsharkEngine{true}; //!< also time `check --engine tshark` (the slowest part)
    /** \brief Runs of the two commands the headline compares (`l2tplab check`, `tshark -T
     * fields`): each is timed this many times and the median is reported, with the range. */
    int repeat{3};
    /** \brief Also time `l2tplab check --memory SIZE` (judged in parts past it), e.g. "256M";
     * "" = not. */
    std::string memory;
};

/**
 * \brief Build (or take) the capture, time each engine and tshark -T fields, print one line each,
 * the ratio and peak RSS, and append JSON keys to js. \return false if something did not run.
 */
bool ReportCheckBench(const CheckBenchArgs& a, std::ostringstream& js);

#endif
