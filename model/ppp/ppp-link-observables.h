/**
 * \file
 * \brief Event kinds PppLink emits (object `ppp/<interface>`), and those of the PPP layer's ns-3
 * glue (runner/ns3/ppp-installer.cc, runner/ns3/proxy-arp.cc). The LCP/IPCP automaton's and the
 * authentication protocols' own kinds are declared in model/ppp/ppp-observables.h.
 */
#ifndef L2TPLAB_PPP_LINK_OBSERVABLES_H
#define L2TPLAB_PPP_LINK_OBSERVABLES_H

#include "model/common/observables.h"

namespace ns3
{

/** \brief PppLink's event kinds (RFC 1661 §3 phases, RouterOS keepalive). */
inline constexpr EventKindSpec kPppLinkEventKinds[] = {
    {"phase", "ppp/<interface>", "phase",
     "the link entered an RFC 1661 §3.2 phase: establish, authenticate, network, terminate, dead",
     ObservableReach::REACHABLE},
    {"lcp-up", "ppp/<interface>", "mru, peer-mru, auth-by-us, auth-by-peer",
     "LCP reached Opened (This-Layer-Up): the negotiated MRUs and authentication methods",
     ObservableReach::REACHABLE},
    {"multilink", "ppp/<interface>", "mrru, peer-mrru, send, receive, format",
     "LCP opened with an MRRU (RFC 1990 §5.1.1): send mp when the peer announced one, receive "
     "mp when it Acked ours (plain: a peer that Acked our MRRU without multilink); format = the "
     "sequence numbers we send (long, short §5.1.2)",
     ObservableReach::REACHABLE},
    {"lcp-down", "ppp/<interface>", "", "LCP left Opened (This-Layer-Down)",
     ObservableReach::REACHABLE},
    {"authenticated", "ppp/<interface>", "direction, method, user",
     "an authentication succeeded (direction peer: we checked the peer; us: the peer checked us)",
     ObservableReach::REACHABLE},
    {"auth-failed", "ppp/<interface>", "direction, method, user, reason",
     "an authentication failed: reason wrong-password, unknown-user, secret-disabled, "
     "service-not-allowed, timeout, ... (the link then closes)",
     ObservableReach::REACHABLE},
    {"session-refused", "ppp/<interface>", "user, reason",
     "the server refused an authenticated user (pool exhausted, only-one, ...)",
     ObservableReach::REACHABLE},
    {"ipcp-up", "ppp/<interface>", "local, peer, dns1, dns2",
     "IPCP reached Opened: the interface carries IPv4 (RFC 1332)", ObservableReach::REACHABLE},
    {"ipcp-down", "ppp/<interface>", "", "IPCP left Opened", ObservableReach::REACHABLE},
    {"ipv6cp-up", "ppp/<interface>", "local, peer",
     "IPV6CP reached Opened (RFC 5072): the link-local addresses of both ends, fe80:: and the "
     "negotiated Interface-Identifier (§5)",
     ObservableReach::REACHABLE},
    {"ipv6cp-down", "ppp/<interface>", "", "IPV6CP left Opened", ObservableReach::REACHABLE},
    {"mplscp-up", "ppp/<interface>", "",
     "MPLSCP reached Opened (RFC 3032 §4.3.1, RouterOS use-mpls): labelled packets may cross; "
     "none are simulated, those received are counted in mpls-dropped",
     ObservableReach::REACHABLE},
    {"mplscp-down", "ppp/<interface>", "", "MPLSCP left Opened", ObservableReach::REACHABLE},
    {"ccp-up", "ppp/<interface>", "encoding",
     "CCP reached Opened (RFC 1962): encoding is RouterOS's monitor text for what was agreed "
     "(\"MPPE128 stateless\", RFC 3078), or empty when MPPE was not agreed",
     ObservableReach::REACHABLE},
    {"ccp-down", "ppp/<interface>", "", "CCP left Opened: MPPE is no longer in force",
     ObservableReach::REACHABLE},
    {"mppe-drop", "ppp/<interface>", "reason",
     "a received packet was dropped by MPPE (RFC 3078 §3, §7, §8): short, not-encrypted, "
     "compressed, not-flushed, late, coherency-gap, awaiting-flush, bad-inner-protocol, no-key, "
     "or clear-datagram (an unencrypted datagram while MPPE is in force)",
     ObservableReach::REACHABLE},
    {"mppe-unavailable", "ppp/<interface>", "method",
     "encryption is wanted but the authentication gave no MPPE keys (RFC 3079: MS-CHAP only); "
     "use-encryption=yes goes on unencrypted, required hangs up",
     ObservableReach::REACHABLE},
    {"bcp-up", "ppp/<interface>", "peer-mac-support, tinygram-rx, tinygram-tx",
     "BCP reached Opened (RFC 3518): the link carries bridged Ethernet frames (0x0031); the MAC "
     "types the peer accepts (§5.3) and Tinygram-Compression both ways (§5.4)",
     ObservableReach::REACHABLE},
    {"bcp-down", "ppp/<interface>", "", "BCP left Opened", ObservableReach::REACHABLE},
    {"bridged-frame-dropped", "ppp/<interface>", "reason, size",
     "a bridged frame (0x0031) received with BCP Opened was not delivered: short-header, "
     "pads-beyond-frame, truncated, bad-lan-fcs, reserved-flag, mac-type-unsupported, "
     "tinygram-unnegotiated, bridge-control (RFC 3518 §4.2)",
     ObservableReach::REACHABLE},
    {"protocol-reject-sent", "ppp/<interface>", "protocol",
     "a frame of an unsupported protocol was answered with LCP Protocol-Reject (RFC 1661 §5.7)",
     ObservableReach::REACHABLE},
    {"protocol-rejected", "ppp/<interface>", "protocol",
     "the peer Protocol-Rejected one of our protocols (RFC 1661 §5.7)", ObservableReach::REACHABLE},
    {"frame-malformed", "ppp/<interface>", "size",
     "a frame that did not decode (address/control or protocol field); dropped",
     ObservableReach::REACHABLE},
    {"lcp-echo-missed", "ppp/<interface>", "missed, message",
     "a keepalive Echo-Request went unanswered: RouterOS logs \"LCP missed echo reply\"",
     ObservableReach::REACHABLE},
    {"keepalive-timeout", "ppp/<interface>", "idle",
     "the keepalive echoes went unanswered: the link hangs up (RouterOS keepalive-timeout)",
     ObservableReach::REACHABLE},
    {"link-close", "ppp/<interface>", "reason, detail",
     "the link decided to close: auth-failed, refused, ncp-failed, keepalive-timeout, "
     "encryption-required (detail: mppe-rejected-by-peer, ccp-protocol-rejected, ...), "
     "mpls-required",
     ObservableReach::REACHABLE},
    {"close", "ppp/<interface>", "reason", "an administrative close of the link",
     ObservableReach::NOT_YET_REACHABLE},
    {"session-timeout", "ppp/<interface>", "uptime",
     "the profile's session-timeout ran out: the link closes (LCP Terminate-Request, then CDN "
     "Result Code 3)",
     ObservableReach::REACHABLE},
    {"idle-timeout", "ppp/<interface>", "idle",
     "no datagram or bridged frame crossed the link for the profile's idle-timeout: the link "
     "closes (LCP Terminate-Request, then CDN Result Code 3)",
     ObservableReach::REACHABLE},
    {"interface-up", "ppp/<interface>", "interface, local, remote, mtu, routes",
     "the PPP interface is up in the node's IPv4 stack (address, peer route, secret routes)",
     ObservableReach::REACHABLE},
    {"interface-down", "ppp/<interface>", "interface",
     "the PPP interface left the node's IPv4 stack (its routes are gone)",
     ObservableReach::REACHABLE},
    {"on-demand-armed", "ppp/<interface>", "interface, local, gateway",
     "a dial-on-demand client is not connected: its interface is up with placeholder addresses "
     "(pppd's 10.64.64.64+n, gateway 10.112.112.112+n) and its routes, waiting for traffic",
     ObservableReach::REACHABLE},
    {"interface-ipv6-up", "ppp/<interface>", "interface, link-local, peer",
     "the PPP interface joined the node's IPv6 stack with link-local fe80::/64 plus the "
     "negotiated Interface-Identifier (RFC 5072 §5); peer = the other end's link-local address",
     ObservableReach::REACHABLE},
    {"interface-ipv6-down", "ppp/<interface>", "interface",
     "the PPP interface left the node's IPv6 stack (addresses and routes gone)",
     ObservableReach::REACHABLE},
    {"bridge-port-up", "ppp/<interface>", "bridge, interface, mac",
     "BCP opened: the session's Ethernet-like port (carrying frames inside PPP as 0x0031) is a "
     "forwarding port of the RouterOS interface/bridge named by the profile's bridge=",
     ObservableReach::REACHABLE},
    {"bridge-port-down", "ppp/<interface>", "bridge, interface",
     "BCP closed: the session's bridge port stops forwarding", ObservableReach::REACHABLE},
    {"bridge-missing", "ppp/<interface>", "bridge",
     "the profile's bridge= names no interface/bridge of the node (lint refuses this)",
     ObservableReach::NOT_YET_REACHABLE},
    {"proxy-arp-reply", "arp/<interface>", "target, asker",
     "RouterOS arp=proxy-arp: the router answered an ARP request for an address it routes "
     "through another interface (RFC 1027)",
     ObservableReach::REACHABLE},
};

/** \brief The table (no counters: link counters are in report.json `nodes.<node>.ppp`). */
inline constexpr ObservableTable kPppLinkObservables =
    MakeObservableTable("ppp-link", kPppLinkEventKinds);

} // namespace ns3

#endif
