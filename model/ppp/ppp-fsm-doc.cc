#include "model/ppp/ppp-fsm-doc.h"

#include "model/common/fsm-doc.h"
#include "model/ppp/ppp-cp.h"
#include "model/ppp/ppp-ipcp.h"
#include "model/ppp/ppp-ipv6cp.h"
#include "model/ppp/ppp-mplscp.h"
#include "model/ppp/ppp-lcp.h"

#include <sstream>

namespace ns3
{

namespace
{

/** \brief One option table as Markdown. */
void
RenderOptions(std::ostringstream& o, const char* title, const PppOptionTable& t)
{
    o << "### " << title << "\n\n";
    o << "| Type | Option | Length | Handling | Reference | Note |\n";
    o << "|---|---|---|---|---|---|\n";
    for (const PppOptionSpec& r : t)
    {
        o << "| " << static_cast<int>(r.type) << " | " << r.name << " | ";
        if (r.minLength == r.maxLength)
        {
            o << static_cast<int>(r.minLength);
        }
        else
        {
            o << static_cast<int>(r.minLength) << "-" << static_cast<int>(r.maxLength);
        }
        o << " | " << (r.support == PppOptionSupport::NEGOTIATED ? "negotiated" : "Rejected")
          << " | " << r.ref << " | " << FsmDocCell(r.note) << " |\n";
    }
    o << "\n";
}

} // namespace

std::string
RenderPppFsmDoc()
{
    std::ostringstream o;
    const PppControlProtocol::Table t = PppControlProtocol::GetTable();
    o << "# PPP option negotiation automaton (RFC 1661 §4)\n\n"
         "<!-- Generated from the table in model/ppp/ppp-cp.cc and the option tables of\n"
         "     model/ppp/ppp-lcp.cc, ppp-ipcp.cc, ppp-ipv6cp.cc by RenderPppFsmDoc()\n"
         "     (model/ppp/ppp-fsm-doc.cc). Do not edit: regenerate with\n"
         "     L2TPLAB_UPDATE_DOCS=1 build/tests/test-unit-ppp --run_test=PppFsmDocTests -->\n\n"
         "One automaton serves every control protocol (LCP, IPCP, IPV6CP). The table transcribes\n"
         "the RFC 1661 §4.1 state transition table cell by cell: the note quotes the cell\n"
         "(\"actions/next state\"), actions carry the RFC's names (tlu, tld, tls, tlf, irc, zrc,\n"
         "scr, sca, scn, str, sta, scj, ser). Footnotes: [p] passive (we wait in Stopped),\n"
         "[r] restart (not used: the state stays), [x] crossed connection. Cells the RFC marks\n"
         "\"-\" cannot occur in that state and are ignore rows of kind `defensive`.\n\n"
         "Received packets become events before the table runs: a Configure-Ack, -Nak or\n"
         "-Reject whose Identifier is not that of our last Configure-Request is discarded\n"
         "(§5.2-5.4), as is an Ack whose options differ from the request; a Code-Reject of a\n"
         "code 1-7 is RXJ-, of an LCP extension code RXJ+; a Protocol-Reject of LCP is RXJ-,\n"
         "of another protocol RXJ+ (only in Opened, §5.7). After Max-Failure Configure-Naks\n"
         "without an Ack, Naks become Rejects (§4.6).\n\n";
    o << "States:\n\n" << FsmDocValueList(FsmAllValues<PppCpState>()) << "\n";
    o << "Events:\n\n" << FsmDocValueList(FsmAllValues<PppCpEvent>()) << "\n";
    o << FsmDocCounts(t) << "\n";
    o << FsmDocMermaid(t, PppCpState::INITIAL) << "\n";
    o << FsmDocTable(t, "RFC 1661") << "\n";
    o << "## PPP option tables\n\n"
         "Options a table does not list, options marked Rejected and options whose Length is\n"
         "outside the range are Configure-Rejected before the protocol's policy sees them.\n\n";
    RenderOptions(o, "LCP (RFC 1661 §6, RFC 1990 §5.1)", LcpOptionTable());
    RenderOptions(o, "IPCP (RFC 1332 §3, RFC 1877)", IpcpOptionTable());
    RenderOptions(o, "IPV6CP (RFC 5072 §4)", Ipv6cpOptionTable());
    RenderOptions(o, "MPLSCP (RFC 3032 §4.3.1: no options, so every option is Rejected)",
                  MplscpOptionTable());
    std::string s = o.str();
    s.pop_back(); // one trailing newline
    return s;
}

} // namespace ns3
