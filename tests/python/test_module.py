"""Tests of the Python module `l2tplab` (run by ctest with PYTHONPATH set to the built module)."""
import os
import sys
import tempfile
import unittest

import l2tplab

SRC = os.environ.get("L2TPLAB_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


class ModuleTest(unittest.TestCase):
    def test_run_returns_checks(self):
        with tempfile.TemporaryDirectory() as out:
            r = l2tplab.run(os.path.join(SRC, "scenarios/l2tp-basic.yaml"), out=out)
            self.assertTrue(r.passed, r.checks)
            ids = [c["id"] for c in r.checks]
            self.assertIn("tunnel-up", ids)
            self.assertTrue(all(c["pass"] for c in r.checks))
            self.assertIn("pcaps/lns-ether1.pcap", r.pcaps)
            self.assertTrue(os.path.exists(os.path.join(out, "report.json")))

    def test_same_seed_same_report_in_one_process(self):
        # The simulator is a process-wide singleton: a second run in the same interpreter must
        # still give byte-identical output (non-negotiable 5). remote-client has ARP on LANs and
        # CSMA links, whose jitter/backoff streams ns-3 numbers from a process-wide counter unless
        # the runner assigns them.
        for name in ("l2tp-lossy", "remote-client"):
            with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
                l2tplab.run(os.path.join(SRC, "scenarios", name + ".yaml"), out=a)
                l2tplab.run(os.path.join(SRC, "scenarios", name + ".yaml"), out=b)
                files = []
                for root, _, names in os.walk(a):
                    files += [os.path.relpath(os.path.join(root, n), a) for n in names]
                self.assertIn("report.json", files)
                self.assertTrue(any(f.startswith("pcaps/") for f in files), files)
                for rel in sorted(files):
                    with open(os.path.join(a, rel), "rb") as fa, open(os.path.join(b, rel), "rb") as fb:
                        self.assertEqual(fa.read(), fb.read(), name + ": " + rel)

    def test_failing_expectation_is_reported_not_raised(self):
        with tempfile.TemporaryDirectory() as out:
            r = l2tplab.run(os.path.join(SRC, "tests/scenario/data/failing-expectation.yaml"), out=out)
            self.assertFalse(r.passed)
            self.assertFalse(r.checks[0]["pass"])

    def test_bad_scenario_raises_with_location(self):
        bad = os.path.join(SRC, "tests/scenario/data/bad-typo.yaml")
        self.assertTrue(any(":9:" in e and "connect-to" in e for e in l2tplab.lint(bad)))
        with self.assertRaises(l2tplab.ScenarioError) as ctx:
            l2tplab.run(bad)
        self.assertIn("bad-typo.yaml:9:", str(ctx.exception))

    def test_lint_clean_file(self):
        self.assertEqual(l2tplab.lint(os.path.join(SRC, "scenarios/l2tp-basic.yaml")), [])

    def test_mtu_calculator(self):
        r = l2tplab.mtu(underlay=1500, stack="l2tp,ppp")
        self.assertEqual(r["innerMtu"], 1462)
        self.assertEqual([l["bytes"] for l in r["layers"]], [20, 8, 6, 4])
        self.assertEqual(r["mssIpv4"], 1422)
        self.assertEqual(l2tplab.mtu(stack="l2tp,ppp,bcp")["innerMtu"], 1446)
        esp = l2tplab.mtu(1500, "ipsec-natt:aes128-sha1,l2tp,ppp")
        self.assertEqual(esp["innerMtu"], 1404)
        self.assertEqual(esp["esp"]["align"], 16)
        self.assertEqual(l2tplab.mtu(1500, "l2tp,ppp", underlay_ip=6)["innerMtu"], 1442)
        with self.assertRaises(ValueError) as ctx:
            l2tplab.mtu(1500, "l2tp,ppp,bpc")
        self.assertIn("'bpc'", str(ctx.exception))


if __name__ == "__main__":
    sys.exit(unittest.main())
