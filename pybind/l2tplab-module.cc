/**
 * \file
 * \brief Python module `l2tplab`:
 *
 *   import l2tplab
 *   r = l2tplab.run("scenarios/l2tp-basic.yaml", out="out/x", seed=None)
 *   r.passed, r.out_dir, r.checks -> [{"id":..,"pass":..,"expected":..,"actual":..,"ref":[..]}]
 *   l2tplab.lint("file.yaml") -> [] or ["file:line:col: error: ...", ...]
 *   l2tplab.mtu(underlay=1500, stack="l2tp,ppp", underlay_ip=4) -> dict (`l2tplab mtu --json`)
 *
 * Bad scenario files raise l2tplab.ScenarioError (message = the file:line:col lines); a bad
 * stack spec raises ValueError.
 */
#include "runner/cli/mtu-command.h"
#include "runner/ns3/scenario-runner.h"
#include "runner/scenario-loader.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <stdexcept>

namespace py = pybind11;
using namespace ns3;

namespace
{

std::vector<std::string>
Lint(const std::string& path)
{
    Scenario sc;
    std::vector<ScenarioError> errors;
    std::vector<std::string> warnings;
    // Schema errors and "not modelled yet" refusals together, sorted: what `l2tplab lint` prints.
    LoadSupportedScenario(path, sc, errors, warnings);
    std::vector<std::string> out;
    for (const auto& e : errors)
    {
        out.push_back(e.ToString());
    }
    return out;
}

} // namespace

PYBIND11_MODULE(l2tplab, m)
{
    m.doc() = "l2tplab: L2TP/PPP/IPsec simulator and RFC conformance harness";
    static py::exception<std::runtime_error> scenarioError(m, "ScenarioError");

    py::class_<RunSummary>(m, "RunResult")
        .def_readonly("name", &RunSummary::name)
        .def_readonly("out_dir", &RunSummary::outDir)
        .def_readonly("passed", &RunSummary::passed)
        .def_readonly("warnings", &RunSummary::warnings)
        .def_readonly("pcaps", &RunSummary::pcaps)
        .def_readonly("events", &RunSummary::events)
        .def_readonly("wall_seconds", &RunSummary::wallSeconds)
        .def_property_readonly("checks",
                               [](const RunSummary& s)
                               {
                                   py::list l;
                                   for (const auto& r : s.results)
                                   {
                                       py::dict d;
                                       d["id"] = r.id;
                                       d["pass"] = r.pass;
                                       d["expected"] = r.expected;
                                       d["actual"] = r.actual;
                                       d["ref"] = r.refs;
                                       l.append(d);
                                   }
                                   return l;
                               })
        .def("__repr__",
             [](const RunSummary& s)
             {
                 return "<l2tplab.RunResult " + s.name + (s.passed ? " passed>" : " FAILED>");
             });

    m.def(
        "mtu",
        [](uint32_t underlay, const std::string& stack, uint8_t underlayIp)
        {
            MtuStackSpec spec;
            MtuResult r;
            std::string err;
            if (!ParseMtuStack(stack, spec, err) || !ComputeMtu(underlay, underlayIp, spec, r, err))
            {
                throw std::invalid_argument(err); // ValueError (runtime_error is ScenarioError)
            }
            return py::module_::import("json").attr("loads")(MtuResultJson(r));
        },
        py::arg("underlay") = 1500, py::arg("stack") = "l2tp,ppp", py::arg("underlay_ip") = 4,
        "Overhead calculator (docs/mtu.md): dict with layers, innerMtu, mssIpv4, mssIpv6, "
        "pppMru, esp, notes, ... as `l2tplab mtu --json`; ValueError on a bad stack.");
    m.def("lint", &Lint, py::arg("path"),
          "Validate a scenario file; returns a list of 'file:line:col: error: ...' strings.");
    m.def(
        "run",
        [](const std::string& path, const std::string& out, py::object seed)
        {
            std::vector<std::string> errs = Lint(path);
            if (!errs.empty())
            {
                std::string msg;
                for (const auto& e : errs)
                {
                    msg += e + "\n";
                }
                throw std::runtime_error(msg);
            }
            Scenario sc;
            std::vector<ScenarioError> errors;
            LoadScenario(path, sc, errors);
            RunOptions opt;
            opt.outDir = out;
            if (!seed.is_none())
            {
                opt.overrideSeed = true;
                opt.seed = seed.cast<uint64_t>();
            }
            RunSummary s;
            std::string err;
            {
                py::gil_scoped_release release;
                if (!RunScenario(sc, opt, s, err))
                {
                    py::gil_scoped_acquire acquire;
                    throw std::runtime_error(err);
                }
            }
            return s;
        },
        py::arg("path"), py::arg("out") = "", py::arg("seed") = py::none(),
        "Run a scenario; returns a RunResult (passed, checks, out_dir, pcaps, ...).");
    py::register_exception_translator(
        [](std::exception_ptr p)
        {
            try
            {
                if (p)
                {
                    std::rethrow_exception(p);
                }
            }
            catch (const std::runtime_error& e)
            {
                scenarioError(e.what());
            }
        });
}
