#include "runner/observables.h"

#include "model/l2tp/l2tp-observables.h"
#include "model/ppp/ppp-link-observables.h"

namespace ns3
{

namespace
{

/** Events the runner itself emits (scenario-runner: the `faults:` schedule). */
constexpr EventKindSpec kRunnerEventKinds[] = {
    {"fault", "link/<name>", "name, action", "a `faults:` entry fired", ObservableReach::REACHABLE},
};

/** The runner keeps no counters of its own. */
constexpr ObservableTable kRunnerObservables = MakeObservableTable("runner", kRunnerEventKinds);

} // namespace

const std::vector<ObservableTable>&
DeclaredObservables()
{
    static const std::vector<ObservableTable> kTables = {kL2tpObservables, kPppLinkObservables,
                                                         kRunnerObservables};
    return kTables;
}

std::string
RenderObservableEventsMarkdown()
{
    return RenderEventTableMarkdown(DeclaredObservables());
}

std::string
RenderObservableCountersMarkdown()
{
    return RenderCounterTableMarkdown(DeclaredObservables());
}

} // namespace ns3
