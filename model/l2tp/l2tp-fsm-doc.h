/**
 * \file
 * \brief docs/fsm.md, generated from the L2TP transition tables (RFC 2661 §7.2.1 tunnel, §7.4
 * incoming and §7.5 outgoing calls). A unit test keeps the file in sync.
 */
#ifndef L2TPLAB_L2TP_FSM_DOC_H
#define L2TPLAB_L2TP_FSM_DOC_H

#include <string>

namespace ns3
{

/** \brief The whole text of docs/fsm.md. */
std::string RenderL2tpFsmDoc();

} // namespace ns3

#endif
