#include "model/l2tp/l2tp-interface.h"

#include "model/common/text.h"

#include <algorithm>

namespace ns3
{

const char*
ToString(L2tpInterfaceStatus s)
{
    switch (s)
    {
    case L2tpInterfaceStatus::INITIALIZING:
        return "initializing";
    case L2tpInterfaceStatus::DIALING:
        return "dialing";
    case L2tpInterfaceStatus::CONNECTED:
        return "connected";
    case L2tpInterfaceStatus::TERMINATING:
        return "terminating";
    case L2tpInterfaceStatus::DISCONNECTED:
        return "disconnected";
    }
    return "unknown";
}

const char*
ToString(L2tpInterfaceKind k)
{
    switch (k)
    {
    case L2tpInterfaceKind::CLIENT:
        return "client";
    case L2tpInterfaceKind::SERVER_DYNAMIC:
        return "server-dynamic";
    }
    return "unknown";
}

std::ostream&
operator<<(std::ostream& os, L2tpInterfaceStatus s)
{
    return os << ToString(s);
}

std::ostream&
operator<<(std::ostream& os, L2tpInterfaceKind k)
{
    return os << ToString(k);
}

// ---- L2tpInterface

L2tpInterface::L2tpInterface(L2tpInterfaceSet* set,
                             uint32_t id,
                             L2tpInterfaceKind kind,
                             std::string name)
    : m_set(set)
    , m_id(id)
    , m_kind(kind)
    , m_name(std::move(name))
{
}

L2tpInterface::~L2tpInterface() = default;

TimeNs
L2tpInterface::NextDeadline() const
{
    TimeNs t = std::min({m_dialAt, m_closeAt, m_hangupAt});
    if (m_link)
    {
        t = std::min(t, m_link->NextDeadline());
    }
    return t;
}

L2tpInterfaceMonitor
L2tpInterface::Monitor(TimeNs now) const
{
    L2tpInterfaceMonitor m;
    m.status = m_status;
    if (m_status == L2tpInterfaceStatus::CONNECTED)
    {
        m.uptime = now - m_upAt;
        m.idleTime = now - std::max(m_upAt, m_lastFrameAt);
    }
    m.tunnelId = m_tunnelId;
    m.sessionId = m_sessionId;
    m.dials = m_dials;
    m.framesIn = m_framesIn;
    m.framesOut = m_framesOut;
    if (m_link)
    {
        m_link->FillMonitor(m);
    }
    return m;
}

bool
L2tpInterface::SendFrame(const Bytes& frame, TimeNs now)
{
    if (m_status != L2tpInterfaceStatus::CONNECTED)
    {
        return false;
    }
    if (!m_set->m_endpoint->SendFrame(m_tunnelId, m_sessionId, frame, now))
    {
        return false;
    }
    ++m_framesOut;
    m_lastFrameAt = now;
    return true;
}

void
L2tpInterface::Hangup(uint16_t cdnResult, TimeNs now)
{
    // Deferred like the tunnel close: the link may call this from inside an endpoint callback.
    if (m_status != L2tpInterfaceStatus::CONNECTED || m_hangupAt != kNever)
    {
        return;
    }
    L2tpInterfaceSet::Scope scope(m_set);
    m_hangupResult = cdnResult;
    m_hangupAt = now;
    m_set->Touch(*this);
}

void
L2tpInterface::Resync()
{
    L2tpInterfaceSet::Scope scope(m_set);
    m_set->Touch(*this);
}

bool
L2tpInterface::Demand(TimeNs now)
{
    const bool idle = m_status == L2tpInterfaceStatus::INITIALIZING ||
                      m_status == L2tpInterfaceStatus::DISCONNECTED;
    if (m_kind != L2tpInterfaceKind::CLIENT || !m_plan.onDemand || !m_set->m_running || !idle ||
        m_dialAt != kNever)
    {
        return false;
    }
    L2tpInterfaceSet::Scope scope(m_set);
    m_dialAt = now; // in a wake-up of its own: the caller is an IP stack sending
    m_set->Touch(*this);
    m_set->EmitClientEvent(*this, "demand-dial", {{"dial", std::to_string(m_dials + 1)}}, now);
    return true;
}

void
L2tpInterface::Dial(TimeNs now)
{
    m_set->Unbind(*this);
    ++m_dials;
    m_status = L2tpInterfaceStatus::DIALING;
    m_tunnelId = m_set->TunnelFor(m_plan.connectTo, now);
    m_sessionId = 0;
    if (m_tunnelId == 0)
    {
        m_status = L2tpInterfaceStatus::DISCONNECTED; // no tunnel id free: nothing to wait for
        return;
    }
    m_sessionId = m_set->m_endpoint->PlaceCall(m_tunnelId, L2tpCallKind::INCOMING, now);
    m_set->Bind(*this);
}

void
L2tpInterface::OnWake(TimeNs now)
{
    if (m_hangupAt <= now)
    {
        m_hangupAt = kNever;
        m_set->m_endpoint->CloseSession(m_tunnelId, m_sessionId, m_hangupResult, now);
    }
    if (m_closeAt <= now)
    {
        // A client interface is one tunnel with one call: its call is gone, so clear the tunnel
        // (StopCCN Result 1, "general request to clear control connection", RFC 2661 §4.4.2).
        m_closeAt = kNever;
        if (m_set->m_running && m_set->m_endpoint->TunnelState(m_tunnelId) == "ESTABLISHED")
        {
            m_set->m_endpoint->CloseTunnel(m_tunnelId, 1, now);
        }
    }
    if (m_dialAt <= now)
    {
        m_dialAt = kNever;
        Dial(now);
    }
    if (m_link && m_link->NextDeadline() <= now)
    {
        m_link->OnTimer(now);
    }
}

void
L2tpInterface::SessionUp(TimeNs now)
{
    m_status = L2tpInterfaceStatus::CONNECTED;
    m_upAt = now;
    m_lastFrameAt = now;
    if (m_link)
    {
        m_link->LowerUp(now);
    }
}

void
L2tpInterface::LowerDown(TimeNs now)
{
    bool wasUp = m_status == L2tpInterfaceStatus::CONNECTED;
    m_hangupAt = kNever;
    if (wasUp && m_link)
    {
        m_link->LowerDown(now);
    }
}

void
L2tpInterface::SessionDown(TimeNs now)
{
    LowerDown(now);
    m_status = L2tpInterfaceStatus::TERMINATING;
    if (m_kind == L2tpInterfaceKind::CLIENT && m_set->SharesTunnel(*this))
    {
        // Other calls still use the tunnel: leave it up; this client alone is disconnected.
        m_set->Unbind(*this);
        TunnelDown(now);
        return;
    }
    if (m_kind == L2tpInterfaceKind::CLIENT && m_set->m_running)
    {
        m_closeAt = now;
    }
}

void
L2tpInterface::TunnelDown(TimeNs now)
{
    LowerDown(now);
    m_status = L2tpInterfaceStatus::DISCONNECTED;
    m_closeAt = kNever;
    if (m_kind == L2tpInterfaceKind::CLIENT && m_set->m_running && m_set->m_redial > 0 &&
        !m_plan.onDemand)
    {
        m_dialAt =
            now + m_set->m_redial +
            JitterSpan(m_set->m_redialJitter, JitterKey(m_name, m_set->m_jitterSeed) + m_dials);
        m_set->EmitRedial(*this, m_tunnelId, now);
    }
}

void
L2tpInterface::FrameIn(const Bytes& frame, TimeNs now)
{
    ++m_framesIn;
    m_lastFrameAt = now;
    if (m_link)
    {
        m_link->FrameIn(frame, now);
    }
}

// ---- L2tpInterfaceSet

L2tpInterfaceSet::Scope::Scope(L2tpInterfaceSet* s)
    : m_s(s)
{
    ++m_s->m_depth;
}

L2tpInterfaceSet::Scope::~Scope()
{
    // Wake-ups are re-armed as each input ends, nested ones included (a tunnel that goes down
    // inside the CloseTunnel of a wake-up arms its redial right there, as the Simulator::Schedule
    // of the former adapter did); removed interfaces are freed only by the outermost input.
    m_s->SyncWakes();
    if (--m_s->m_depth == 0)
    {
        m_s->m_removed.clear();
    }
}

L2tpInterfaceSet::L2tpInterfaceSet(L2tpEndpoint* endpoint, Io* io, EventSink* events)
    : m_endpoint(endpoint)
    , m_io(io)
    , m_events(events)
{
}

L2tpInterfaceSet::~L2tpInterfaceSet() = default;

L2tpInterface&
L2tpInterfaceSet::Create(L2tpInterfaceKind kind, const std::string& name)
{
    uint32_t id = m_nextId++;
    std::unique_ptr<L2tpInterface> i(new L2tpInterface(this, id, kind, name));
    L2tpInterface& ref = *i;
    m_ifaces[id] = std::move(i);
    m_byId.push_back(&ref); // ids are dense from 0: m_byId[id]
    if (m_linkFactory)
    {
        ref.m_link = m_linkFactory(ref);
    }
    return ref;
}

void
L2tpInterfaceSet::SetLinkFactory(LinkFactory f)
{
    m_linkFactory = std::move(f);
    if (!m_linkFactory)
    {
        return;
    }
    for (auto& kv : m_ifaces)
    {
        if (!kv.second->m_link)
        {
            kv.second->m_link = m_linkFactory(*kv.second);
        }
    }
}

L2tpInterface&
L2tpInterfaceSet::AddClient(const std::string& name,
                            const L2tpPeer& connectTo,
                            TimeNs startAt,
                            bool onDemand)
{
    L2tpInterface& i = Create(L2tpInterfaceKind::CLIENT, name);
    i.m_plan.connectTo = connectTo;
    i.m_plan.startAt = startAt;
    i.m_plan.onDemand = onDemand;
    return i;
}

void
L2tpInterfaceSet::Start(TimeNs now)
{
    Scope scope(this);
    m_running = true;
    for (auto& kv : m_ifaces)
    {
        L2tpInterface& i = *kv.second;
        if (i.m_kind == L2tpInterfaceKind::CLIENT && !i.m_plan.onDemand)
        {
            i.m_dialAt = now + i.m_plan.startAt;
            Touch(i);
        }
    }
}

void
L2tpInterfaceSet::Stop()
{
    m_running = false;
    for (auto& kv : m_ifaces)
    {
        L2tpInterface& i = *kv.second;
        i.m_dialAt = kNever;
        i.m_closeAt = kNever;
        i.m_hangupAt = kNever;
        if (i.m_armedAt != kNever)
        {
            i.m_armedAt = kNever;
            m_io->WakeAt(i.m_id, kNever);
        }
    }
}

void
L2tpInterfaceSet::OnWake(uint32_t id, TimeNs now)
{
    L2tpInterface* found = Live(id);
    if (!m_running || !found)
    {
        return;
    }
    Scope scope(this);
    L2tpInterface& i = *found;
    i.m_armedAt = kNever; // this wake-up has fired
    Touch(i);
    i.OnWake(now);
}

void
L2tpInterfaceSet::OnSessionUp(uint16_t tunnelId, uint16_t sessionId, TimeNs now)
{
    Scope scope(this);
    L2tpInterface* i = Lookup(tunnelId, sessionId);
    if (!i)
    {
        // A session this node did not place: the server's dynamic interface for it.
        i = &Create(L2tpInterfaceKind::SERVER_DYNAMIC,
                    "<l2tp-" + std::to_string(++m_serverSerial) + ">");
        i->m_tunnelId = tunnelId;
        i->m_sessionId = sessionId;
        Bind(*i);
        if (m_oneSessionPerHost)
        {
            ReplaceSessionsOfHost(*i, now);
        }
    }
    i->SessionUp(now);
    Touch(*i);
}

void
L2tpInterfaceSet::ReplaceSessionsOfHost(const L2tpInterface& fresh, TimeNs now)
{
    const L2tpTunnel* t = m_endpoint->FindTunnel(fresh.m_tunnelId);
    if (t == nullptr)
    {
        return;
    }
    const uint32_t host = t->Peer().ip;
    const std::string hostText = Ipv4Text(host);
    std::vector<uint32_t>& ids = m_byHost[host]; // this host's earlier sessions only
    std::vector<uint32_t> older;
    older.swap(ids);
    ids.push_back(fresh.m_id);
    for (uint32_t id : older)
    {
        L2tpInterface* found = Live(id);
        if (!found || found->m_status != L2tpInterfaceStatus::CONNECTED)
        {
            continue; // gone, or already going
        }
        L2tpInterface& old = *found;
        if (m_events)
        {
            LabEvent e;
            e.time = now;
            e.object = "l2tp-server";
            e.kind = "one-session-per-host";
            e.fields = {{"host", hostText},
                        {"closed", old.m_name},
                        {"old-tunnel", std::to_string(old.m_tunnelId)},
                        {"new-tunnel", std::to_string(fresh.m_tunnelId)}};
            m_events->Emit(e);
        }
        old.Hangup(3, now); // CDN Result 3: administrative (RFC 2661 §4.4.2), deferred
    }
}

void
L2tpInterfaceSet::OnSessionDown(uint16_t tunnelId, uint16_t sessionId, TimeNs now)
{
    Scope scope(this);
    L2tpInterface* i = Lookup(tunnelId, sessionId);
    if (!i)
    {
        return;
    }
    i->SessionDown(now);
    Touch(*i);
    if (i->m_kind == L2tpInterfaceKind::SERVER_DYNAMIC)
    {
        Remove(*i);
    }
}

void
L2tpInterfaceSet::OnTunnelDown(uint16_t tunnelId, TimeNs now)
{
    Scope scope(this);
    // Server interfaces whose session was not reported down (defensive: §6.4 clears them all).
    auto it = m_bySession.lower_bound({tunnelId, 0});
    std::vector<uint32_t> orphans;
    for (; it != m_bySession.end() && it->first.first == tunnelId; ++it)
    {
        if (m_ifaces.at(it->second)->m_kind == L2tpInterfaceKind::SERVER_DYNAMIC)
        {
            orphans.push_back(it->second);
        }
    }
    for (uint32_t id : orphans)
    {
        L2tpInterface& i = *m_ifaces.at(id);
        i.TunnelDown(now);
        Remove(i);
    }
    std::vector<uint32_t> clients; // every client call of the tunnel, in the order they dialled
    for (auto c = m_byTunnel.lower_bound(tunnelId); c != m_byTunnel.end() && c->first == tunnelId;
         ++c)
    {
        clients.push_back(c->second);
    }
    for (uint32_t id : clients)
    {
        L2tpInterface& i = *m_ifaces.at(id);
        Unbind(i);
        i.TunnelDown(now);
        Touch(i);
    }
}

void
L2tpInterfaceSet::OnFrame(uint16_t tunnelId, uint16_t sessionId, const Bytes& frame, TimeNs now)
{
    Scope scope(this);
    L2tpInterface* i = Lookup(tunnelId, sessionId);
    if (i)
    {
        i->FrameIn(frame, now);
        Touch(*i);
    }
}

void
L2tpInterfaceSet::SyncWakes()
{
    std::vector<uint32_t> touched;
    touched.swap(m_touched);
    for (uint32_t id : touched)
    {
        L2tpInterface* found = Live(id);
        if (!found)
        {
            continue;
        }
        L2tpInterface& i = *found;
        i.m_touched = false;
        TimeNs next = m_running ? i.NextDeadline() : kNever;
        if (next != i.m_armedAt)
        {
            i.m_armedAt = next;
            m_io->WakeAt(id, next);
        }
    }
}

const L2tpInterface*
L2tpInterfaceSet::Find(const std::string& name) const
{
    for (const auto& kv : m_ifaces)
    {
        if (kv.second->m_name == name)
        {
            return kv.second.get();
        }
    }
    return nullptr;
}

const L2tpInterface*
L2tpInterfaceSet::FindById(uint32_t id) const
{
    return Live(id);
}

L2tpInterface*
L2tpInterfaceSet::Live(uint32_t id) const
{
    return id < m_byId.size() ? m_byId[id] : nullptr;
}

std::vector<const L2tpInterface*>
L2tpInterfaceSet::All() const
{
    std::vector<const L2tpInterface*> out;
    out.reserve(m_ifaces.size());
    for (const auto& kv : m_ifaces)
    {
        out.push_back(kv.second.get());
    }
    return out;
}

L2tpInterface*
L2tpInterfaceSet::Lookup(uint16_t tunnelId, uint16_t sessionId) const
{
    // Every frame and session callback lands here: a hash lookup straight to the interface (the
    // ordered m_bySession, walked per tunnel on tunnel-down, cost two tree descents).
    auto it = m_sessionIndex.find(SessionIndexKey(tunnelId, sessionId));
    return it == m_sessionIndex.end() ? nullptr : it->second;
}

void
L2tpInterfaceSet::Bind(L2tpInterface& i)
{
    if (i.m_sessionId != 0)
    {
        m_bySession[{i.m_tunnelId, i.m_sessionId}] = i.m_id;
        m_sessionIndex[SessionIndexKey(i.m_tunnelId, i.m_sessionId)] = &i;
    }
    if (i.m_kind == L2tpInterfaceKind::CLIENT)
    {
        m_byTunnel.emplace(i.m_tunnelId, i.m_id);
    }
}

void
L2tpInterfaceSet::Unbind(L2tpInterface& i)
{
    auto s = m_bySession.find({i.m_tunnelId, i.m_sessionId});
    if (s != m_bySession.end() && s->second == i.m_id)
    {
        m_bySession.erase(s);
        m_sessionIndex.erase(SessionIndexKey(i.m_tunnelId, i.m_sessionId));
    }
    for (auto t = m_byTunnel.lower_bound(i.m_tunnelId);
         t != m_byTunnel.end() && t->first == i.m_tunnelId; ++t)
    {
        if (t->second == i.m_id)
        {
            m_byTunnel.erase(t);
            break;
        }
    }
}

uint16_t
L2tpInterfaceSet::TunnelFor(const L2tpPeer& lns, TimeNs now)
{
    if (m_callsPerTunnel > 1)
    {
        auto f = m_filling.find({lns.ip, lns.port});
        if (f != m_filling.end() && f->second.second < m_callsPerTunnel)
        {
            const L2tpTunnel* t = m_endpoint->FindTunnel(f->second.first);
            if (t != nullptr && t->State() != L2tpTunnelState::CLOSING &&
                t->State() != L2tpTunnelState::CLOSED)
            {
                ++f->second.second;
                return f->second.first;
            }
        }
    }
    uint16_t id = m_endpoint->OpenTunnel(lns, now);
    if (m_callsPerTunnel > 1 && id != 0)
    {
        m_filling[{lns.ip, lns.port}] = {id, 1};
    }
    return id;
}

bool
L2tpInterfaceSet::SharesTunnel(const L2tpInterface& i) const
{
    if (m_callsPerTunnel <= 1)
    {
        return false;
    }
    for (auto t = m_byTunnel.lower_bound(i.m_tunnelId);
         t != m_byTunnel.end() && t->first == i.m_tunnelId; ++t)
    {
        if (t->second != i.m_id)
        {
            return true;
        }
    }
    return false;
}

void
L2tpInterfaceSet::Touch(L2tpInterface& i)
{
    if (!i.m_touched)
    {
        i.m_touched = true;
        m_touched.push_back(i.m_id);
    }
}

void
L2tpInterfaceSet::Remove(L2tpInterface& i)
{
    Unbind(i);
    if (i.m_armedAt != kNever)
    {
        m_io->WakeAt(i.m_id, kNever);
    }
    auto it = m_ifaces.find(i.m_id);
    m_removed.push_back(std::move(it->second)); // `i` may be on the stack: freed by the Scope
    m_ifaces.erase(it);
    m_byId[i.m_id] = nullptr;
}

void
L2tpInterfaceSet::EmitRedial(const L2tpInterface& i, uint16_t oldTunnel, TimeNs now)
{
    EmitClientEvent(i, "redial-scheduled",
                    {{"at", std::to_string(static_cast<double>(i.m_dialAt) / kSec)},
                     {"old-tunnel", std::to_string(oldTunnel)}},
                    now);
}

void
L2tpInterfaceSet::EmitClientEvent(const L2tpInterface& i,
                                  const char* kind,
                                  std::vector<std::pair<std::string, std::string>> fields,
                                  TimeNs now)
{
    if (!m_events)
    {
        return;
    }
    LabEvent e;
    e.time = now;
    e.object = "l2tp-client/" + i.m_name;
    e.kind = kind;
    e.fields = std::move(fields);
    m_events->Emit(e);
}

} // namespace ns3
