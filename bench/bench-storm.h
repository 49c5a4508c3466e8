/**
 * \file
 * \brief `l2tplab-bench --only storm`: N CPEs behind k switches (one csma link with `switch:` per
 * switch, one LNS interface per switch) all dial one LNS at once, each one `l2tp-client` with one
 * full PPP session; time until every session is up, setup rate and peak RSS (bench/README.md).
 */
#ifndef L2TPLAB_BENCH_STORM_H
#define L2TPLAB_BENCH_STORM_H

#include <sstream>
#include <string>
#include <vector>

/** \brief What the storm benchmark builds. */
struct StormBenchArgs
{
    std::vector<long> clients{10000}; //!< CPEs (each size is one measurement)
    long switches{10};                //!< access switches, the CPEs spread evenly over them
    double spread{0};                 //!< each CPE dials at its own time in [0, spread] s
    bool arpLearn{true};              //!< link key `arp-learn` of the access links
};

/** \brief Take `--storm-*` option `key` with `value`; false if it is not one. */
bool ParseStormArg(const std::string& key, const char* value, StormBenchArgs& a);

/**
 * \brief Run each size in a forked child, print one line each (beside `bareUdpPps`, bare ns-3 UDP
 * measured in the same run) and append JSON keys to js. \return false if some size fell short.
 */
bool ReportStormBench(const StormBenchArgs& a, double bareUdpPps, std::ostringstream& js);

#endif
