#include "model/l2tp/l2tp-fsm-doc.h"

#include "model/common/fsm-doc.h"
#include "model/l2tp/l2tp-session.h"
#include "model/l2tp/l2tp-tunnel.h"

#include <sstream>

namespace ns3
{

namespace
{

/** \brief One session role's section. */
void
RenderSessionRole(std::ostringstream& o, L2tpSessionRole role, const char* title)
{
    const L2tpSession::Table t = L2tpSession::TableFor(role);
    o << "### " << title << " (`" << ToString(role) << "`, RFC 2661 §"
      << L2tpSession::SectionFor(role) << ")\n\n";
    o << "States:";
    for (L2tpSessionState st : L2tpSession::StatesFor(role))
    {
        o << " `" << ToString(st) << "`";
    }
    o << ". " << FsmDocCounts(t) << "\n";
    o << FsmDocMermaid(t, L2tpSessionState::IDLE) << "\n";
    o << FsmDocTable(t) << "\n";
}

} // namespace

std::string
RenderL2tpFsmDoc()
{
    std::ostringstream o;
    o << "# L2TP state machines\n\n"
         "<!-- Generated from the transition tables in model/l2tp/l2tp-tunnel.cc and\n"
         "     model/l2tp/l2tp-session.cc by RenderL2tpFsmDoc() (model/l2tp/l2tp-fsm-doc.cc).\n"
         "     Do not edit: regenerate with\n"
         "     L2TPLAB_UPDATE_DOCS=1 build/tests/test-unit-l2tp --run_test=L2tpFsmDocTests -->\n\n"
         "Every machine is a table run by the engine in model/common/fsm.h: the state changes\n"
         "before the action runs, an input raised from inside an action is queued with its data,\n"
         "and an input without a row is reported as an `fsm-miss` event. Every (state, event)\n"
         "pair of a machine has exactly one row. A row is either a cell of the RFC's state table\n"
         "(kind `RFC`, the note quotes the cell as \"Event: Action\") or a defensive row of ours\n"
         "for a pair the RFC does not list (kind `defensive`, the note says why).\n\n"
         "Where the RFC returns to `idle` after \"Clean up\", the tunnel first holds in `CLOSING`\n"
         "for a full retransmission cycle (§5.7, §5.8) and then reaches `CLOSED`; sessions reach\n"
         "`CLOSED` at once. Both are terminal: the owner deletes the object.\n\n";

    o << "## Tunnel (control connection, RFC 2661 §7.2.1)\n\n";
    o << "States:\n\n" << FsmDocValueList(FsmAllValues<L2tpTunnelState>()) << "\n";
    o << "Events:\n\n" << FsmDocValueList(FsmAllValues<L2tpTunnelEvent>()) << "\n";
    const L2tpTunnel::Table tunnel = L2tpTunnel::GetTable();
    o << FsmDocCounts(tunnel) << "\n";
    o << FsmDocMermaid(tunnel, L2tpTunnelState::IDLE) << "\n";
    o << FsmDocTable(tunnel) << "\n";

    o << "## Sessions (calls, RFC 2661 §7.4 incoming and §7.5 outgoing)\n\n";
    o << "One table per role; all four share these states and events.\n\n";
    o << "States:\n\n" << FsmDocValueList(FsmAllValues<L2tpSessionState>()) << "\n";
    o << "Events:\n\n" << FsmDocValueList(FsmAllValues<L2tpSessionEvent>()) << "\n";
    RenderSessionRole(o, L2tpSessionRole::LAC_INCOMING, "LAC incoming call");
    RenderSessionRole(o, L2tpSessionRole::LNS_INCOMING, "LNS incoming call");
    RenderSessionRole(o, L2tpSessionRole::LAC_OUTGOING, "LAC outgoing call");
    RenderSessionRole(o, L2tpSessionRole::LNS_OUTGOING, "LNS outgoing call");
    std::string s = o.str();
    s.pop_back(); // one trailing newline
    return s;
}

} // namespace ns3
