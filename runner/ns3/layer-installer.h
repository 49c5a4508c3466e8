/**
 * \file
 * \brief The seam every protocol layer plugs into the runner through. The runner builds the
 * Topology, then hands each installer (l2tp today; ppp, ipsec, nat, traffic, bridge later) the
 * same InstallContext. An installer owns what it installs on nodes, the state paths it answers
 * (declared in runner/state-paths.cc), its counters and its part of the node summary. Adding a
 * layer is a new installer in MakeInstallers() (runner/ns3/scenario-runner.cc); no other installer
 * changes.
 */
#ifndef L2TPLAB_RUNNER_NS3_LAYER_INSTALLER_H
#define L2TPLAB_RUNNER_NS3_LAYER_INSTALLER_H

#include "reports/run-report.h"
#include "runner/ns3/topology.h"
#include "runner/scenario.h"

#include "model/common/events.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief What an installer may use while installing. */
struct InstallContext
{
    const Scenario& scenario;           //!< the loaded scenario
    Topology& topology;                 //!< nodes, devices, captures
    uint64_t seed;                      //!< run seed (per-node streams derive from it)
    EventSink* events;                  //!< where the run's events go
    std::vector<std::string>& warnings; //!< "file:line:col: warning: ..." for the report
};

/** \brief One protocol layer's part of a run. */
class LayerInstaller
{
public:
    virtual ~LayerInstaller() = default;
    /** \brief Layer name as used in runner/state-paths.cc ("l2tp"). */
    virtual const char* Name() const = 0;
    /** \brief Install on the nodes that need this layer (before the simulation starts). */
    virtual void Install(const InstallContext& ctx) = 0;
    /**
     * \brief Answer a state path on a node at the current simulation time.
     * \return false if the path is not this layer's
     */
    virtual bool Sample(const std::string& node,
                        const std::string& path,
                        std::string& value) const = 0;
    /** \brief Contribute node summaries (after the run, before the simulator is destroyed). */
    virtual void Summarize(std::vector<RunNodeSummary>& nodes) const = 0;
    /** \brief Contribute run-wide report sections (traffic flows); most layers add nothing. */
    virtual void
    Report(RunReport& /* report */) const
    {
    }
};

} // namespace ns3

#endif
