/**
 * \file
 * \brief The PPP part of docs/fsm.md: the RFC 1661 §4.1 automaton table and the option tables of
 * LCP, IPCP and IPV6CP, rendered from the code's tables.
 */
#ifndef L2TPLAB_PPP_FSM_DOC_H
#define L2TPLAB_PPP_FSM_DOC_H

#include <string>

namespace ns3
{

/** \brief The marker that opens the PPP block of docs/fsm.md. */
constexpr const char* kPppFsmDocBegin = "<!-- BEGIN GENERATED PPP-FSM -->";
/** \brief The marker that closes it. */
constexpr const char* kPppFsmDocEnd = "<!-- END GENERATED PPP-FSM -->";

/** \brief The block between the markers (Markdown, ends with a newline). */
std::string RenderPppFsmDoc();

} // namespace ns3

#endif
