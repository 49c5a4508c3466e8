/**
 * \file
 * \brief The table-driven state machine engine shared by every protocol core (L2TP tunnel and
 * session, later the RFC 1661 automaton for LCP/IPCP/BCP).
 *
 * A machine is a constant table of rows `{from, event, action, to}`, grouped by state under an RFC
 * section comment. Every (state, event) pair a machine can meet is listed, including the ones that
 * are ignored (action == nullptr, to == from) or that are protocol errors (an action that says so),
 * so tests can check the table for completeness and reports can draw it.
 *
 * Semantics (fixed, so tables can be audited):
 *  - the state changes to `to` BEFORE the action runs (an action sees the new state);
 *  - an event raised from inside an action is queued and handled after the current one;
 *  - an event with no row returns false and changes nothing — the caller decides (usually: protocol
 *    error, tear down), and the miss is reported through the transition observer with to == from.
 *
 * State and Event are enums with a free function `const char* ToString(X)` found by ADL.
 */
#ifndef L2TPLAB_COMMON_FSM_H
#define L2TPLAB_COMMON_FSM_H

#include <cstddef>
#include <deque>
#include <functional>

namespace ns3
{

/**
 * \brief One row of a transition table.
 */
template <typename Ctx, typename State, typename Event>
struct FsmRow
{
    State from;            //!< state the row applies in
    Event event;           //!< triggering event
    void (Ctx::*action)(); //!< what to do (nullptr: nothing)
    State to;              //!< next state
};

/**
 * \brief Runs events through a transition table on behalf of a context object.
 */
template <typename Ctx, typename State, typename Event>
class Fsm
{
public:
    using Row = FsmRow<Ctx, State, Event>;
    /** \brief Observer: (from, event, to, handled). */
    using Observer = std::function<void(State, Event, State, bool)>;

    Fsm(Ctx* ctx, const Row* rows, size_t nRows, State initial)
        : m_ctx(ctx)
        , m_rows(rows)
        , m_nRows(nRows)
        , m_state(initial)
    {
    }

    State
    GetState() const
    {
        return m_state;
    }
    void
    SetObserver(Observer o)
    {
        m_observer = std::move(o);
    }

    /** \brief Find the row for (state, event), or nullptr. */
    const Row*
    Find(State s, Event e) const
    {
        for (size_t i = 0; i < m_nRows; ++i)
        {
            if (m_rows[i].from == s && m_rows[i].event == e)
            {
                return &m_rows[i];
            }
        }
        return nullptr;
    }

    /**
     * \brief Handle an event (or queue it if called from inside an action).
     * \return false if the current state has no row for the event (only meaningful when not
     *         re-entrant; queued events report misses through the observer).
     */
    bool
    Handle(Event e)
    {
        m_queue.push_back(e);
        if (m_running)
        {
            return true;
        }
        m_running = true;
        bool firstHandled = true;
        bool first = true;
        while (!m_queue.empty())
        {
            Event ev = m_queue.front();
            m_queue.pop_front();
            const Row* row = Find(m_state, ev);
            State from = m_state;
            if (!row)
            {
                if (m_observer)
                {
                    m_observer(from, ev, from, false);
                }
                if (first)
                {
                    firstHandled = false;
                }
                first = false;
                continue;
            }
            first = false;
            m_state = row->to;
            if (m_observer)
            {
                m_observer(from, ev, row->to, true);
            }
            if (row->action)
            {
                (m_ctx->*(row->action))();
            }
        }
        m_running = false;
        return firstHandled;
    }

    /** \brief Rows of the table (for completeness tests and diagrams). */
    const Row*
    Rows() const
    {
        return m_rows;
    }
    size_t
    RowCount() const
    {
        return m_nRows;
    }

private:
    Ctx* m_ctx;                //!< object whose member functions are the actions
    const Row* m_rows;         //!< the table
    size_t m_nRows;            //!< rows in the table
    State m_state;             //!< current state
    bool m_running{false};     //!< inside Handle (re-entrancy guard)
    std::deque<Event> m_queue; //!< events raised from actions
    Observer m_observer;       //!< transition observer
};

} // namespace ns3

#endif
