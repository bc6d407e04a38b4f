"""The site's reports, number cards and chart sources are read from its read replica, and from the primary
when the replica lags or is down (issue 16): benchmarks/replica/prove_replica.py on a real pair.

Needs the pair (a second MariaDB server replicating the site's database, the site pointed at it) and the
generated receivables, so it runs only with AM_TEST_REPLICA=1 (AM_REPLICA_SITE, default
am-replica.localhost):

    benchmarks/replica/setup_replica.sh am-replica.localhost
    AM_TEST_REPLICA=1 ~/frappe-bench/env/bin/python -m pytest -s tests/system/test_replica.py
    benchmarks/replica/teardown_replica.sh am-replica.localhost
"""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = Path(os.environ.get("AM_BENCH", "/root/frappe-bench"))
SITE = os.environ.get("AM_REPLICA_SITE", "am-replica.localhost")

pytestmark = pytest.mark.skipif(
	not os.environ.get("AM_TEST_REPLICA"),
	reason="needs a MariaDB replica (benchmarks/replica/setup_replica.sh; AM_TEST_REPLICA=1 runs it)",
)


def test_reads_go_to_the_replica_and_fall_back_to_the_primary():
	proof = subprocess.run(
		[
			str(BENCH / "env" / "bin" / "python"),
			str(ROOT / "benchmarks" / "replica" / "prove_replica.py"),
			SITE,
		],
		cwd=BENCH / "sites",
		env={**os.environ, "PYTHONPATH": str(ROOT)},
		capture_output=True,
		text=True,
		timeout=900,
	)
	print(proof.stdout)
	assert proof.returncode == 0, proof.stdout[-3000:] + proof.stderr[-3000:]
	assert "all checks passed" in proof.stdout
