#include "bench/bench-lab.h"

#include "ns3/internet-module.h"

#include <cstdlib>
#include <iostream>

namespace ns3
{

bool
BuildBenchLab(const std::string& yaml, const std::string& fileName, BenchLab& lab)
{
    std::vector<ScenarioError> errors;
    if (!LoadScenarioFromString(yaml, fileName, lab.sc, errors))
    {
        std::cerr << FormatScenarioErrors(errors);
        return false;
    }
    lab.sc.captures = false;
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    int64_t stream = 0;
    lab.topology = std::make_unique<Topology>(lab.sc, "", stream);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    lab.topology->WithdrawPrivateRoutes();
    lab.topology->InstallStubRoutes();
    lab.topology->InstallStaticRoutes(lab.warnings);
    lab.l2tp = std::make_unique<L2tpInstaller>();
    lab.ppp = std::make_unique<PppInstaller>(*lab.l2tp);
    EventSink* sink = &lab.events;
    if (std::getenv("L2TPLAB_BENCH_NO_EVENTS") != nullptr)
    {
        sink = &lab.counting;
    }
    InstallContext ctx{lab.sc, *lab.topology, 1, sink, lab.warnings};
    lab.l2tp->Install(ctx);
    lab.ppp->Install(ctx);
    return true;
}

long
SessionsUp(const BenchLab& lab, const std::string& node)
{
    std::string v;
    lab.ppp->Sample(node, "ppp/sessions-up", v);
    return std::atol(v.c_str());
}

} // namespace ns3
