/**
 * \file
 * \brief The lab the PPP and storm benchmarks build: a scenario loaded from YAML text and built as
 * `l2tplab run` builds it, without captures, traffic or judge.
 */
#ifndef L2TPLAB_BENCH_LAB_H
#define L2TPLAB_BENCH_LAB_H

#include "runner/ns3/l2tp-installer.h"
#include "runner/ns3/ppp-installer.h"
#include "runner/ns3/topology.h"
#include "runner/scenario-loader.h"

#include "ns3/core-module.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief A scenario built the way `l2tplab run` builds it (runner/ns3/scenario-runner.cc:
 * topology, global routing, private-route withdrawal, ip/route, then the l2tp and ppp layer
 * installers), without traffic installer, captures or judge. Members are never moved: the
 * topology and the installers keep references to the scenario.
 */
struct BenchLab
{
    Scenario sc;                         //!< loaded from YAML text
    std::unique_ptr<Topology> topology;  //!< nodes, links
    std::unique_ptr<L2tpInstaller> l2tp; //!< L2TP layer
    std::unique_ptr<PppInstaller> ppp;   //!< PPP layer
    EventLog events;                     //!< collected as in a real run
    /** \brief Counts only (L2TPLAB_BENCH_NO_EVENTS=1: what keeping the events costs). */
    struct Counting : EventSink
    {
        size_t n{0};

        void
        Emit(const LabEvent& /*e*/) override
        {
            ++n;
        }
    } counting;
    std::vector<std::string> warnings; //!< ignored

    /** \brief The nodes' applications hold PPP ports that point into the installers: dispose
     * the simulation (and with it the nodes) before the installers go. */
    ~BenchLab() { Simulator::Destroy(); }
};

/**
 * \brief Load `yaml` (errors printed as `fileName:line:col`) and build it into `lab`: topology,
 * global routing, private-route withdrawal, stub and static routes, L2TP and PPP installers.
 * L2TPLAB_BENCH_NO_EVENTS=1 counts events instead of keeping them. \return false on a bad scenario.
 */
bool BuildBenchLab(const std::string& yaml, const std::string& fileName, BenchLab& lab);

/** \brief A node's `ppp/sessions-up` (IPCP reached Opened on this many interfaces). */
long SessionsUp(const BenchLab& lab, const std::string& node);

} // namespace ns3

#endif
