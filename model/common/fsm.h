/**
 * \file
 * \brief The table-driven state machine engine shared by every protocol core (L2TP tunnel and
 * session, later the RFC 1661 automaton for LCP/IPCP/BCP).
 *
 * A machine is a constant table of rows `{from, event, action, to, kind, ref, note}`, grouped by
 * state. Every (state, event) pair a machine can meet is listed, including the ones that are
 * ignored (action == nullptr, to == from) or that are protocol errors (an action that says so),
 * so tests can check the table for completeness and docs/fsm.md can be generated from it. A row
 * says where it comes from: a cell of the RFC's state table (FsmRowKind::RFC, `ref` names the
 * section) or a defensive row of ours for a pair the RFC does not list (FsmRowKind::DEFENSIVE,
 * `note` says why).
 *
 * Semantics (fixed, so tables can be audited):
 *  - an action receives its input (event, time, optional message: see FsmInput), never a
 *    side-channel member;
 *  - the state changes to `to` BEFORE the action runs (an action sees the new state);
 *  - an input raised from inside an action is queued WITH its data and handled after the current
 *    one (its message, if any, must outlive the outermost Handle call);
 *  - an input with no row returns false and changes nothing — the caller decides (usually:
 *    protocol error, tear down), and the miss is reported through the observer with to == from.
 *
 * States and events are declared once with an X-macro `LIST(X)` of `X(NAME, "description")`
 * entries: L2TPLAB_FSM_ENUM_VALUE builds the enum, L2TPLAB_FSM_ENUM_INFO the name/description
 * table (FsmEnumInfo), so FsmName, FsmDescription and FsmAllValues cover every value.
 */
#ifndef L2TPLAB_COMMON_FSM_H
#define L2TPLAB_COMMON_FSM_H

#include "model/common/time.h"

#include <cstddef>
#include <functional>
#include <vector>

namespace ns3
{

/** \brief X-macro helper: one enum value. */
#define L2TPLAB_FSM_ENUM_VALUE(name, doc) name,
/** \brief X-macro helper: one name string. */
#define L2TPLAB_FSM_ENUM_NAME(name, doc) #name,
/** \brief X-macro helper: one description string. */
#define L2TPLAB_FSM_ENUM_DOC(name, doc) doc,

/**
 * \brief Names and descriptions of an enum declared with an X-macro; specialised by
 * L2TPLAB_FSM_ENUM_INFO (kCount, kNames[], kDocs[]).
 */
template <typename Enum>
struct FsmEnumInfo;

/** \brief Specialise FsmEnumInfo<Enum> from the X-macro LIST (at namespace ns3 scope). */
#define L2TPLAB_FSM_ENUM_INFO(Enum, LIST)                                      \
    template <>                                                                \
    struct FsmEnumInfo<Enum>                                                   \
    {                                                                          \
        static constexpr const char* kNames[] = {LIST(L2TPLAB_FSM_ENUM_NAME)}; \
        static constexpr const char* kDocs[] = {LIST(L2TPLAB_FSM_ENUM_DOC)};   \
        static constexpr size_t kCount = sizeof(kNames) / sizeof(kNames[0]);   \
    };

/** \brief The declared name of a value ("?" if out of range). */
template <typename Enum>
constexpr const char*
FsmName(Enum v)
{
    const size_t i = static_cast<size_t>(v);
    return i < FsmEnumInfo<Enum>::kCount ? FsmEnumInfo<Enum>::kNames[i] : "?";
}

/** \brief The declared description of a value ("" if out of range). */
template <typename Enum>
constexpr const char*
FsmDescription(Enum v)
{
    const size_t i = static_cast<size_t>(v);
    return i < FsmEnumInfo<Enum>::kCount ? FsmEnumInfo<Enum>::kDocs[i] : "";
}

/** \brief Every declared value, in declaration order. */
template <typename Enum>
std::vector<Enum>
FsmAllValues()
{
    std::vector<Enum> v;
    for (size_t i = 0; i < FsmEnumInfo<Enum>::kCount; ++i)
    {
        v.push_back(static_cast<Enum>(i));
    }
    return v;
}

/**
 * \brief The input of one transition: the event, the time it happens, and the message that
 * raised it (nullptr for local and timer events). Machines may derive to carry more (e.g. the
 * cause a protocol error will report); the engine only reads `event`.
 */
template <typename Event, typename Message>
struct FsmInput
{
    Event event;                 //!< triggering event
    TimeNs now{0};               //!< when it happens
    const Message* msg{nullptr}; //!< the message that raised it, or nullptr
};

/** \brief Where a row comes from. */
enum class FsmRowKind
{
    RFC,       //!< a cell of the RFC's state table (`ref` names the section)
    DEFENSIVE, //!< ours: a pair the RFC's table does not list (`note` says what and why)
};

/** \brief "RFC" or "defensive". */
inline const char*
ToString(FsmRowKind k)
{
    return k == FsmRowKind::RFC ? "RFC" : "defensive";
}

/**
 * \brief One row of a transition table.
 */
template <typename Ctx, typename State, typename Event, typename Input>
struct FsmRow
{
    using Action = void (Ctx::*)(const Input&);

    State from;             //!< state the row applies in
    Event event;            //!< triggering event
    Action action;          //!< what to do (nullptr: nothing)
    const char* actionName; //!< the action's name for docs ("" if none)
    State to;               //!< next state
    FsmRowKind kind;        //!< RFC cell or defensive row
    const char* ref;        //!< RFC section of the cell ("7.2.1"), or ""
    const char* note;       //!< the RFC cell's wording, or why we do this

    /** \brief A cell of the RFC's table in section `sec`; `note` quotes it ("Event: Action"). */
    static constexpr FsmRow
    Rfc(const char* sec, State f, Event e, Action a, const char* name, State t, const char* note)
    {
        return FsmRow{f, e, a, name, t, FsmRowKind::RFC, sec, note};
    }
    /** \brief A defensive row of ours (a pair the RFC's table does not list); `note` says why. */
    static constexpr FsmRow
    Def(State f, Event e, Action a, const char* name, State t, const char* note)
    {
        return FsmRow{f, e, a, name, t, FsmRowKind::DEFENSIVE, "", note};
    }
};

/** \brief Row helper arguments: an action of Class and its name (for docs). */
#define L2TPLAB_FSM_ACTION(Class, fn) &Class::fn, #fn
/** \brief Row helper arguments: no action. */
#define L2TPLAB_FSM_NO_ACTION nullptr, ""

/**
 * \brief A transition table: rows and their number (static data, never owned).
 */
template <typename Row>
struct FsmTable
{
    const Row* rows{nullptr}; //!< first row
    size_t size{0};           //!< number of rows

    const Row*
    begin() const
    {
        return rows;
    }
    const Row*
    end() const
    {
        return rows + size;
    }
    /** \brief The row for (state, event), or nullptr. */
    template <typename State, typename Event>
    const Row*
    Find(State s, Event e) const
    {
        for (const Row& r : *this)
        {
            if (r.from == s && r.event == e)
            {
                return &r;
            }
        }
        return nullptr;
    }
};

/** \brief A table from a static array. */
template <typename Row, size_t N>
constexpr FsmTable<Row>
MakeFsmTable(const Row (&rows)[N])
{
    return FsmTable<Row>{rows, N};
}

/**
 * \brief Runs inputs through a transition table on behalf of a context object.
 */
template <typename Ctx, typename State, typename Event, typename Input>
class Fsm
{
public:
    using Row = FsmRow<Ctx, State, Event, Input>;
    using Table = FsmTable<Row>;
    /** \brief Observer: (from, input, to, handled); called before the action runs. */
    using Observer = std::function<void(State, const Input&, State, bool)>;

    Fsm(Ctx* ctx, Table table, State initial)
        : m_ctx(ctx)
        , m_table(table)
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

    /**
     * \brief Handle an input (or queue it, with its data, if called from inside an action).
     * \return false if the current state has no row for the event (only meaningful when not
     *         re-entrant; queued inputs report misses through the observer).
     */
    bool
    Handle(const Input& in)
    {
        m_queue.push_back(in);
        if (m_running)
        {
            return true;
        }
        m_running = true;
        bool firstHandled = true;
        for (size_t i = 0; i < m_queue.size(); ++i)
        {
            const Input cur = m_queue[i]; // a copy: actions may append (and reallocate)
            const bool handled = Step(cur);
            if (i == 0 && !handled)
            {
                firstHandled = false;
            }
        }
        m_queue.clear(); // keeps its few slots: one FSM per tunnel, session and protocol
        m_running = false;
        return firstHandled;
    }

    /** \brief The table (for completeness tests and diagrams). */
    const Table&
    GetTable() const
    {
        return m_table;
    }

private:
    /** \brief One transition: new state, observer, then the action. */
    bool
    Step(const Input& in)
    {
        const State from = m_state;
        const Row* row = m_table.Find(from, in.event);
        if (!row)
        {
            if (m_observer)
            {
                m_observer(from, in, from, false);
            }
            return false;
        }
        m_state = row->to;
        if (m_observer)
        {
            m_observer(from, in, row->to, true);
        }
        if (row->action)
        {
            (m_ctx->*(row->action))(in);
        }
        return true;
    }

    Ctx* m_ctx;            //!< object whose member functions are the actions
    Table m_table;         //!< the table
    State m_state;         //!< current state
    bool m_running{false}; //!< inside Handle (re-entrancy guard)
    /** \brief Inputs raised from actions, in order. A vector, not a std::deque: libstdc++'s deque
     * allocates 576 bytes when constructed, and there are several FSMs per session. */
    std::vector<Input> m_queue;
    Observer m_observer; //!< transition observer
};

} // namespace ns3

#endif
