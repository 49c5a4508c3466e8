#include "runner/expectations.h"

#include "runner/observables.h"
#include "runner/schema.h"
#include "runner/units.h"

#include <algorithm>
#include <cstdlib>

namespace ns3
{

namespace
{

constexpr size_t kMaxMatches = 100; //!< ExpectationResult::matches cap

/** \brief Parse a whole string as a finite number (integer or decimal, optional sign). */
bool
AsNumber(const std::string& s, double& out)
{
    if (s.empty())
    {
        return false;
    }
    // Reject things strtod accepts but people do not mean as numbers here.
    for (char c : s)
    {
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
        {
            return false;
        }
    }
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end != nullptr && *end == '\0';
}

/**
 * \brief Three-way compare in the first domain both sides parse in.
 * \return <0, 0, >0
 */
int
CompareValues(const std::string& a, const std::string& b)
{
    double x = 0;
    double y = 0;
    if (AsNumber(a, x) && AsNumber(b, y))
    {
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    uint32_t p = 0;
    uint32_t q = 0;
    if (ParseIpv4(a, p) && ParseIpv4(b, q))
    {
        return p < q ? -1 : (p > q ? 1 : 0);
    }
    return a.compare(b) < 0 ? -1 : (a.compare(b) > 0 ? 1 : 0);
}

/** \brief "node obj ev{k=v}" description of a matcher. */
std::string
DescribeMatch(const EventMatch& m)
{
    std::string s = "node=" + m.node + " obj=" + m.object + " ev=" + m.kind;
    for (const auto& f : m.fields)
    {
        s += " " + f.first + "=" + f.second;
    }
    return s;
}

/** \brief " in 0s~5s" or "". */
std::string
DescribeWindow(const TimeWindow& w)
{
    if (w.from == 0 && w.to == kNever)
    {
        return "";
    }
    return " within " + FormatDuration(w.from) + "~" + (w.to == kNever ? "" : FormatDuration(w.to));
}

/** \brief "lns l2tp/tunnels/established eq 200 at 20s" */
std::string
DescribeCheck(const StateCheck& c)
{
    std::string rhs = c.value;
    if (c.op == CompareOp::IN && !c.oneOf.empty())
    {
        rhs = "[";
        for (size_t i = 0; i < c.oneOf.size(); ++i)
        {
            rhs += (i ? ", " : "") + c.oneOf[i];
        }
        rhs += "]";
    }
    return c.node + " " + c.path + " " + CompareOpName(c.op) + " " + rhs + " at " +
           FormatDuration(c.at);
}

/** \brief "t=1.5s" style time for evidence. */
std::string
EventTime(const LabEvent& e)
{
    // Seconds with the nanoseconds a simulated time has ("44.022101832s", "120s"), not the largest
    // exact unit ("44022101832ns", "2m"): the times a user compares with events.jsonl's "t".
    std::string frac = std::to_string(e.time % kSec);
    frac = std::string(9 - frac.size(), '0') + frac; // nanoseconds, 9 digits
    frac.erase(frac.find_last_not_of('0') + 1);
    return std::to_string(e.time / kSec) + (frac.empty() ? "" : "." + frac) + "s";
}

} // namespace

bool
EventMatches(const EventMatch& m,
             const LabEvent& e,
             const std::map<std::string, std::string>& baseOf)
{
    bool nodeOk = GlobMatch(m.node, e.node);
    if (!nodeOk)
    {
        auto it = baseOf.find(e.node);
        nodeOk = it != baseOf.end() && it->second != e.node && GlobMatch(m.node, it->second);
    }
    if (!nodeOk || !GlobMatch(m.object, e.object) || !GlobMatch(m.kind, e.kind))
    {
        return false;
    }
    for (const auto& f : m.fields)
    {
        bool found = false;
        for (const auto& kv : e.fields)
        {
            if (kv.first == f.first)
            {
                found = true;
                if (!GlobMatch(f.second, kv.second))
                {
                    return false;
                }
                break;
            }
        }
        if (!found)
        {
            return false;
        }
    }
    return true;
}

bool
CompareStateValue(const StateCheck& check, const std::string& actual)
{
    switch (check.op)
    {
    case CompareOp::EQ:
        return CompareValues(actual, check.value) == 0;
    case CompareOp::NE:
        return CompareValues(actual, check.value) != 0;
    case CompareOp::GE:
        return CompareValues(actual, check.value) >= 0;
    case CompareOp::LE:
        return CompareValues(actual, check.value) <= 0;
    case CompareOp::GT:
        return CompareValues(actual, check.value) > 0;
    case CompareOp::LT:
        return CompareValues(actual, check.value) < 0;
    case CompareOp::IN:
        if (!check.oneOf.empty())
        {
            for (const auto& v : check.oneOf)
            {
                if (CompareValues(actual, v) == 0)
                {
                    return true;
                }
            }
            return false;
        }
        return CompareValues(actual, check.low) >= 0 && CompareValues(actual, check.high) <= 0;
    }
    return false;
}

std::vector<StateProbe>
CollectStateProbes(const Scenario& scenario)
{
    std::vector<StateProbe> out;
    for (const auto& e : scenario.expect)
    {
        if (e.kind != ExpectationKind::STATE)
        {
            continue;
        }
        for (const auto& c : e.state)
        {
            out.push_back(StateProbe{c.at, c.node, c.path});
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<ExpectationResult>
EvaluateExpectations(const Scenario& scenario, const EventList& events, const StateQuery& q)
{
    std::map<std::string, std::string> baseOf;
    for (const auto& n : scenario.nodes)
    {
        baseOf[n.name] = n.baseName;
    }
    std::vector<ExpectationResult> results;
    for (const auto& e : scenario.expect)
    {
        ExpectationResult r;
        r.id = e.id;
        r.refs = e.refs;
        r.where = e.where;
        switch (e.kind)
        {
        case ExpectationKind::EVENT:
        case ExpectationKind::NEVER:
        {
            r.kind = e.kind == ExpectationKind::EVENT ? "event" : "never";
            uint64_t n = 0;
            for (size_t i = 0; i < events.size(); ++i)
            {
                if (e.within.Contains(events[i].time) && EventMatches(e.event, events[i], baseOf))
                {
                    ++n;
                    if (r.matches.size() < kMaxMatches)
                    {
                        r.matches.push_back(i);
                    }
                }
            }
            if (e.kind == ExpectationKind::EVENT)
            {
                r.pass = e.count.Matches(n);
                r.expected = "count " + e.count.text + " of events " + DescribeMatch(e.event) +
                             DescribeWindow(e.within);
                r.actual = std::to_string(n) + " matching event" + (n == 1 ? "" : "s");
                if (n > 0)
                {
                    r.actual += " (first at " + EventTime(events[r.matches.front()]) + ")";
                }
            }
            else
            {
                r.pass = n == 0;
                r.expected = "no events " + DescribeMatch(e.event) + DescribeWindow(e.within);
                r.actual = std::to_string(n) + " matching event" + (n == 1 ? "" : "s");
                if (n > 0)
                {
                    r.actual += ", first at " + EventTime(events[r.matches.front()]) + ": " +
                                EventToJson(events[r.matches.front()]);
                }
            }
            break;
        }
        case ExpectationKind::STATE:
        {
            r.kind = "state";
            r.pass = true;
            std::string expected;
            std::string actual;
            for (const auto& c : e.state)
            {
                std::string value;
                bool have = q.Query(c.at, c.node, c.path, value);
                bool ok = have && CompareStateValue(c, value);
                std::string shown = have ? value : "<no value>";
                r.details.push_back(std::string(ok ? "PASS " : "FAIL ") + DescribeCheck(c) +
                                    ": actual " + shown);
                if (!ok && r.pass)
                {
                    // Report the first failing check as the headline.
                    expected = DescribeCheck(c);
                    actual = shown;
                }
                r.pass = r.pass && ok;
            }
            if (r.pass)
            {
                expected = e.state.size() == 1 ? DescribeCheck(e.state.front())
                                               : std::to_string(e.state.size()) + " state checks";
                actual = "all hold";
            }
            r.expected = expected;
            r.actual = actual;
            break;
        }
        }
        results.push_back(r);
    }
    return results;
}

std::vector<std::string>
UnknownEventKindWarnings(const Scenario& scenario, const std::vector<std::string>& kinds)
{
    std::vector<std::string> out;
    for (const Expectation& x : scenario.expect)
    {
        if (x.kind != ExpectationKind::EVENT && x.kind != ExpectationKind::NEVER)
        {
            continue;
        }
        const std::string& ev = x.event.kind;
        bool known = false;
        for (const std::string& k : kinds)
        {
            known = known || GlobMatch(ev, k);
        }
        if (known)
        {
            continue;
        }
        std::string w = x.where.ToString() + ": warning: expectation '" + x.id +
                        "': no layer emits an event of kind '" + ev + "'";
        std::string dym = DidYouMean(ev, kinds);
        w += dym.empty() ? " (declared kinds: docs/scenario-reference.md, Events)"
                         : " (did you mean '" + dym + "'?)";
        out.push_back(w);
    }
    return out;
}

std::vector<std::string>
UnknownEventKindWarnings(const Scenario& scenario)
{
    return UnknownEventKindWarnings(scenario, DeclaredEventKinds(DeclaredObservables()));
}

} // namespace ns3
