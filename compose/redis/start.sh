#!/bin/sh
# Starts one member of the replicated Redis of the production deployments (docs/deployment.md, "Replicated Redis"):
# `start.sh server` (a primary or its replica) or `start.sh sentinel`. The same file runs in compose (mounted) and on
# Kubernetes (the ConfigMap redis-scripts of kustomization.yaml beside it).
#
# Every member is known by its host name, announced and resolved as a name (Redis 6.2+): a Sentinel then hands out
# a name, which each client resolves on its own network, where an address would belong to one network only.
#
# Settings (environment): REDIS_SENTINELS (host names, space-separated), REDIS_PRIMARY_NAME (what the Sentinels
# monitor, SPRING_DATA_REDIS_SENTINEL_MASTER), REDIS_FIRST_PRIMARY (the primary when no Sentinel knows one yet),
# REDIS_MAXMEMORY; REDIS_DOMAIN, when the host name alone does not resolve (a Kubernetes headless Service);
# REDIS_PASSWORD_FILE, where the password is (default: compose's secret).
set -eu
password=$(cat "${REDIS_PASSWORD_FILE:-/run/secrets/redis-password}")
me=$(hostname)${REDIS_DOMAIN:+.$REDIS_DOMAIN}

# The primary as the Sentinels know it now, which after a failover is not the first one; empty while none answers.
current_primary() {
  for sentinel in $REDIS_SENTINELS; do
    answer=$(REDISCLI_AUTH=$password timeout 3 redis-cli -h "$sentinel" -p 26379 --raw \
      sentinel get-master-addr-by-name "$REDIS_PRIMARY_NAME" 2>/dev/null | head -n 1) || true
    if [ -n "$answer" ]; then
      echo "$answer"
      return
    fi
  done
}
primary=$(current_primary)
primary=${primary:-$REDIS_FIRST_PRIMARY}

case $1 in
server)
  # A member that is not the primary starts as its replica (a restarted old primary included: it must not come
  # back as a second, empty primary). Nothing on disk: the timelines are rebuilt from MongoDB (docs/timelines.md).
  replica_of=
  if [ "$primary" != "$me" ]; then replica_of="--replicaof $primary 6379"; fi
  # shellcheck disable=SC2086
  exec redis-server --requirepass "$password" --masterauth "$password" --replica-announce-ip "$me" \
    --maxmemory "$REDIS_MAXMEMORY" --maxmemory-policy allkeys-lru --save '' --appendonly no $replica_of
  ;;
sentinel)
  # Sentinel rewrites its file with what it learns (the current primary, the replicas, the other Sentinels): it is
  # written once, on the first start, and kept on the volume.
  config=/data/sentinel.conf
  if [ ! -f "$config" ]; then
    cat >"$config" <<CONF
port 26379
requirepass $password
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $me
sentinel monitor $REDIS_PRIMARY_NAME $primary 6379 2
sentinel auth-pass $REDIS_PRIMARY_NAME $password
sentinel down-after-milliseconds $REDIS_PRIMARY_NAME 5000
sentinel failover-timeout $REDIS_PRIMARY_NAME 60000
CONF
  fi
  exec redis-sentinel "$config"
  ;;
*)
  echo "usage: start.sh server|sentinel" >&2
  exit 64
  ;;
esac
