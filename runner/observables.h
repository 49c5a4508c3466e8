/**
 * \file
 * \brief Every layer's declared observables in one list (model/common/observables.h): the L2TP
 * layer's table and the runner's own (link faults). The loader's event-kind warning and the
 * generated event/counter tables of docs/scenario-reference.md read this list; a new layer adds
 * its table here.
 */
#ifndef L2TPLAB_RUNNER_OBSERVABLES_H
#define L2TPLAB_RUNNER_OBSERVABLES_H

#include "model/common/observables.h"

#include <string>
#include <vector>

namespace ns3
{

/** \brief The tables, in documentation order. */
const std::vector<ObservableTable>& DeclaredObservables();

/** \brief docs/scenario-reference.md's generated events block (event table). */
std::string RenderObservableEventsMarkdown();

/** \brief docs/scenario-reference.md's generated counters block (counter table). */
std::string RenderObservableCountersMarkdown();

} // namespace ns3

#endif
