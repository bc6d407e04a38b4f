"""What ./run-tests and ./run-demo share: finding (or building) the bench, MariaDB and Redis, the app
linked from this checkout, and making a site with ERPNext's setup wizard done.

Standard library only, so both scripts run with any python3; the one exception is `site_jobs`, which
runs inside the bench's own Python (it imports frappe).

    core       logging, commands, clean-up at exit, ports, questions, Debian packages
    services   MariaDB (its settings in a file of its own) and the bench's Redis servers
    bench      the bench: its versions, the app linked from this checkout, frappe commands
    bootstrap  a new Frappe + ERPNext bench (version-15, or version-16 with FRAPPE_BRANCH) when
               FRAPPE_BENCH_PATH holds none
    sites      a new site with ERPNext and the setup wizard done; saving and restoring it
    site_jobs  a background worker and a scheduler for one site (bench Python)
"""
