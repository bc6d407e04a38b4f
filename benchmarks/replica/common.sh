# Settings and helpers shared by setup_replica.sh and teardown_replica.sh (sourced, with the site as $1).
SITE=${1:-am-replica.localhost}
BENCH=${BENCH:-/root/frappe-bench}
REPLICA_DIR=${REPLICA_DIR:-/root/mariadb-replica}
REPLICA_PORT=${REPLICA_PORT:-3307}
PRIMARY_PORT=${PRIMARY_PORT:-3306}
DB_ROOT_USER=${DB_ROOT_USER:-am_harness}
DB_ROOT_PASSWORD=${DB_ROOT_PASSWORD:-am_harness}
REPL_USER=${REPL_USER:-am_repl}
REPL_PASSWORD=${REPL_PASSWORD:-am_repl}
PRIMARY_CNF=/etc/mysql/mariadb.conf.d/70-am-replica-primary.cnf
SOCKET=$REPLICA_DIR/mysqld.sock
SITE_CONFIG=$BENCH/sites/$SITE/site_config.json

say() { echo "== $*"; }
primary() { mariadb -h127.0.0.1 -P"$PRIMARY_PORT" -u"$DB_ROOT_USER" -p"$DB_ROOT_PASSWORD" "$@"; }
