#!/usr/bin/env bash
# Undo setup_replica.sh: the site reads from its primary again, the replica server is stopped (its data
# directory removed), and the primary loses its binary log (the config file goes, MariaDB restarts, the
# binlog files are deleted) and the replication user, as the test harness expects the machine.
#
#   benchmarks/replica/teardown_replica.sh [SITE]      (default am-replica.localhost; same settings as setup)
# KEEP_REPLICA_DATA=1 keeps REPLICA_DIR. Idempotent.
set -euo pipefail

# shellcheck source=benchmarks/replica/common.sh
source "$(dirname "$0")/common.sh"

if [ -f "$SITE_CONFIG" ]; then
	say "site $SITE: removing read_from_replica, replica_host, replica_db_port, replica_max_lag"
	python3 - "$SITE_CONFIG" <<'EOF'
import json, sys
path = sys.argv[1]
conf = json.load(open(path))
for key in ("read_from_replica", "replica_host", "replica_db_port", "replica_max_lag"):
	conf.pop(key, None)
with open(path, "w") as f:
	json.dump(conf, f, indent=1, sort_keys=True)
EOF
fi

if mariadb-admin --socket="$SOCKET" -uroot ping >/dev/null 2>&1; then
	say "replica: stopping mariadbd (pid $(cat "$REPLICA_DIR/mysqld.pid" 2>/dev/null))"
	mariadb --socket="$SOCKET" -uroot -e "STOP REPLICA" || true
	mariadb-admin --socket="$SOCKET" -uroot shutdown
else
	say "replica: not running"
fi
if [ -z "${KEEP_REPLICA_DATA:-}" ] && [ -d "$REPLICA_DIR" ]; then
	say "replica: removing $REPLICA_DIR"
	rm -rf "$REPLICA_DIR"
fi

if primary -N -e "select user from mysql.user where user = '$REPL_USER'" | grep -q .; then
	say "primary: dropping the replication user $REPL_USER"
	primary -e "DROP USER IF EXISTS '$REPL_USER'@'localhost'; DROP USER IF EXISTS '$REPL_USER'@'127.0.0.1';"
fi
if [ -f "$PRIMARY_CNF" ] || [ "$(primary -N -e 'select @@log_bin')" = 1 ]; then
	basename=$(primary -N -e 'select @@log_bin_basename')
	waited=0
	while pgrep -f pytest >/dev/null; do
		if ((waited >= 600)); then
			echo "pytest still running after 10 minutes: nothing changed on the primary; run this again later" >&2
			exit 1
		fi
		say "a pytest process is running; waiting 30 s before restarting MariaDB"
		sleep 30
		waited=$((waited + 30))
	done
	say "primary: removing $PRIMARY_CNF and restarting MariaDB without a binary log"
	rm -f "$PRIMARY_CNF"
	service mariadb restart
	if [ -n "$basename" ] && [ "$basename" != NULL ]; then
		say "primary: deleting the binlog files $basename.*"
		rm -f "$basename".[0-9]* "$basename".index "$basename".state
	fi
fi
say "primary: log_bin=$(primary -N -e 'select @@log_bin'), server_id=$(primary -N -e 'select @@server_id')"
