#!/usr/bin/env bash
# A read replica of one Frappe site on this machine (issue 16): a second MariaDB server (its own data
# directory and port) replicating the site's database from the bench's MariaDB, and the site pointed at it.
#
#   benchmarks/replica/setup_replica.sh [SITE]        (default am-replica.localhost)
#   benchmarks/replica/teardown_replica.sh [SITE]     stops it and takes the primary's binlog away again
#
# Idempotent: what is already in place is left as it is (and said so). It installs nothing. Settings from
# the environment: BENCH (/root/frappe-bench), REPLICA_DIR (/root/mariadb-replica), REPLICA_PORT (3307),
# PRIMARY_PORT (3306), DB_ROOT_USER / DB_ROOT_PASSWORD (am_harness / am_harness, a MariaDB user with
# every privilege on the primary), REPL_USER / REPL_PASSWORD (am_repl / am_repl, made on the primary).
#
# What it does:
#  1. the primary (the bench's MariaDB, a Debian service) gets server_id and a binary log of the site's
#     database only (/etc/mysql/mariadb.conf.d/70-am-replica-primary.cnf; not dynamic, so a restart,
#     after waiting for running pytest processes of other engineers to end), and a replication user;
#  2. the replica: mariadb-install-db into REPLICA_DIR/data, its own my.cnf (server_id 2, read_only,
#     replicate_do_db = the site's database, a 256 MB buffer pool), started as mariadbd on REPLICA_PORT;
#  3. seeded from a consistent dump of the site's database that records the primary's binlog position
#     (mariadb-dump --single-transaction --master-data=2), then CHANGE MASTER TO that position and
#     START SLAVE; the site's database user is made on the replica with read rights only (SELECT,
#     temporary tables, SLAVE MONITOR for the lag check);
#  4. the site's config: read_from_replica 1, replica_host 127.0.0.1, replica_db_port REPLICA_PORT,
#     replica_max_lag 30.
set -euo pipefail

# shellcheck source=benchmarks/replica/common.sh
source "$(dirname "$0")/common.sh"
replica() { mariadb --socket="$SOCKET" -uroot "$@"; }
status() { replica -e "show replica status\G" | sed -n "s/^ *$1: //p"; }
site_conf() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$SITE_CONFIG" "$1"; }

wait_for_no_pytest() {
	# another engineer's tests use this MariaDB: a restart would cut their connections
	local waited=0
	while pgrep -f pytest >/dev/null; do
		if ((waited >= 600)); then
			echo "pytest still running after 10 minutes: not restarting MariaDB" >&2
			exit 1
		fi
		say "a pytest process is running; waiting 30 s before restarting MariaDB"
		sleep 30
		waited=$((waited + 30))
	done
}

[ -f "$SITE_CONFIG" ] || { echo "no site $SITE under $BENCH/sites" >&2; exit 1; }
DB=$(site_conf db_name)
DB_PASSWORD=$(site_conf db_password)
say "site $SITE, database $DB; replica in $REPLICA_DIR on 127.0.0.1:$REPLICA_PORT"

# 1. the primary: a binary log of the site's database
if [ "$(primary -N -e 'select @@log_bin')" = 1 ] && [ -f "$PRIMARY_CNF" ]; then
	say "primary: binary log already on ($(primary -N -e 'select @@log_bin_basename'))"
else
	wait_for_no_pytest
	say "primary: writing $PRIMARY_CNF (server_id 1, log_bin, binlog_do_db $DB) and restarting MariaDB"
	cat >"$PRIMARY_CNF" <<EOF
# written by account_manager benchmarks/replica/setup_replica.sh; teardown_replica.sh removes it
[mysqld]
server_id = 1
log_bin = am-primary-bin
binlog_format = ROW
binlog_do_db = $DB
EOF
	service mariadb restart
	say "primary: log_bin=$(primary -N -e 'select @@log_bin'), server_id=$(primary -N -e 'select @@server_id')"
fi
say "primary: replication user $REPL_USER"
primary -e "CREATE USER IF NOT EXISTS '$REPL_USER'@'localhost' IDENTIFIED BY '$REPL_PASSWORD';
	CREATE USER IF NOT EXISTS '$REPL_USER'@'127.0.0.1' IDENTIFIED BY '$REPL_PASSWORD';
	GRANT REPLICATION SLAVE ON *.* TO '$REPL_USER'@'localhost';
	GRANT REPLICATION SLAVE ON *.* TO '$REPL_USER'@'127.0.0.1';"

# 2. the replica server
mkdir -p "$REPLICA_DIR"
cat >"$REPLICA_DIR/my.cnf" <<EOF
# the read replica of $SITE (account_manager benchmarks/replica/setup_replica.sh)
[mysqld]
datadir = $REPLICA_DIR/data
socket = $SOCKET
pid-file = $REPLICA_DIR/mysqld.pid
log-error = $REPLICA_DIR/error.log
port = $REPLICA_PORT
bind-address = 127.0.0.1
server_id = 2
read_only = ON
skip-log-bin
relay_log = $REPLICA_DIR/relay-bin
replicate_do_db = $DB
character-set-client-handshake = FALSE
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
innodb_buffer_pool_size = 256M
log_output = TABLE
general_log = OFF
EOF
if [ ! -d "$REPLICA_DIR/data/mysql" ]; then
	say "replica: mariadb-install-db into $REPLICA_DIR/data"
	mariadb-install-db --defaults-file="$REPLICA_DIR/my.cnf" --user=root --skip-test-db >"$REPLICA_DIR/install.log"
fi
if mariadb-admin --socket="$SOCKET" -uroot ping >/dev/null 2>&1; then
	say "replica: mariadbd already running (pid $(cat "$REPLICA_DIR/mysqld.pid"))"
else
	say "replica: starting mariadbd --defaults-file=$REPLICA_DIR/my.cnf"
	setsid /usr/sbin/mariadbd --defaults-file="$REPLICA_DIR/my.cnf" --user=root </dev/null >>"$REPLICA_DIR/mariadbd.out" 2>&1 &
	for _ in $(seq 60); do
		mariadb-admin --socket="$SOCKET" -uroot ping >/dev/null 2>&1 && break
		sleep 0.5
	done
	mariadb-admin --socket="$SOCKET" -uroot ping
fi

# 3. replication, seeded from a dump
if [ "$(status Slave_IO_Running)$(status Slave_SQL_Running)" = "YesYes" ] && replica -N -e "show databases" | grep -qx "$DB"; then
	say "replica: already replicating $DB"
else
	say "replica: seeding $DB from a dump of the primary (--single-transaction --master-data=2)"
	primary_dump=$REPLICA_DIR/seed.sql
	mariadb-dump -h127.0.0.1 -P"$PRIMARY_PORT" -u"$DB_ROOT_USER" -p"$DB_ROOT_PASSWORD" \
		--single-transaction --master-data=2 --routines --triggers --databases "$DB" >"$primary_dump"
	position=$(grep -m1 -- "-- CHANGE MASTER TO" "$primary_dump")
	log_file=$(sed -E "s/.*MASTER_LOG_FILE='([^']+)'.*/\1/" <<<"$position")
	log_pos=$(sed -E "s/.*MASTER_LOG_POS=([0-9]+).*/\1/" <<<"$position")
	say "replica: dump at $log_file:$log_pos ($(du -h "$primary_dump" | cut -f1))"
	replica -f -e "STOP REPLICA; RESET REPLICA ALL; DROP DATABASE IF EXISTS \`$DB\`;" 2>/dev/null
	replica <"$primary_dump"
	rm -f "$primary_dump"
	replica -e "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$PRIMARY_PORT,
		MASTER_USER='$REPL_USER', MASTER_PASSWORD='$REPL_PASSWORD',
		MASTER_LOG_FILE='$log_file', MASTER_LOG_POS=$log_pos, MASTER_USE_GTID=no;
		START REPLICA;"
fi
say "replica: the site's user $DB, read only (SELECT, temporary tables, SLAVE MONITOR)"
for host in localhost 127.0.0.1; do
	replica -e "CREATE USER IF NOT EXISTS '$DB'@'$host' IDENTIFIED BY '$DB_PASSWORD';
		GRANT SELECT, CREATE TEMPORARY TABLES, SHOW VIEW ON \`$DB\`.* TO '$DB'@'$host';
		GRANT SLAVE MONITOR ON *.* TO '$DB'@'$host';"
done
for _ in $(seq 30); do
	[ "$(status Seconds_Behind_Master)" = 0 ] && break
	sleep 1
done
replica -e "show replica status\G" | grep -E "Slave_IO_Running|Slave_SQL_Running:|Seconds_Behind_Master|Replicate_Do_DB|Last_Error|Exec_Master_Log_Pos"

# 4. the site
say "site $SITE: read_from_replica 1, replica_host 127.0.0.1, replica_db_port $REPLICA_PORT, replica_max_lag 30"
python3 - "$SITE_CONFIG" "$REPLICA_PORT" <<'EOF'
import json, sys
path, port = sys.argv[1], int(sys.argv[2])
conf = json.load(open(path))
conf.update(read_from_replica=1, replica_host="127.0.0.1", replica_db_port=port, replica_max_lag=30)
with open(path, "w") as f:
	json.dump(conf, f, indent=1, sort_keys=True)
EOF
say "done: $SITE reads its reports, number cards and chart sources from 127.0.0.1:$REPLICA_PORT"
