"""Checks the Kubernetes manifests beyond their schemas (.ci/kubernetes-check validates those with kubernetes-models).

Reads the rendered objects of one overlay (JSON on standard input, with the Secrets of create-secrets --print) and
fails when:
  - the NetworkPolicies let a pair of workloads talk that compose's segmentation keeps apart, or keep apart a pair
    that compose lets talk (REACHABLE of .ci/compose_check.py, the one table both follow);
  - the broker users' permissions differ from compose/rabbitmq/definitions.json, or the MongoDB users' roles from
    compose/mongo/create-users.js;
  - a Deployment or StatefulSet lacks a memory limit, a readiness or a liveness probe, or a PodDisruptionBudget;
  - an object refers to a Secret that neither create-secrets nor an operator makes.
"""

import json
import os
import re
import sys

from compose_check import REACHABLE, ROOT

# Pods that an operator creates, with the labels it gives them, and the role they play in compose's table.
OPERATOR_PODS = {
    "broker": {"app.kubernetes.io/name": "flock-rabbitmq"},
    "database": {"app": "flock-mongodb-svc"},
}
# Workload name (app.kubernetes.io/name) -> compose role.
ROLES = {
    "edge-api": "edge",
    "account-worker": "account-worker",
    "post-worker": "post-worker",
    "timeline-projector": "timeline-projector",
    "redis": "cache",
    "flock-backup": "backup",
}
# Peers outside the namespace, by namespace name; an ipBlock is "outside".
NAMESPACE_ROLES = {"ingress-nginx": "proxy", "rabbitmq-system": "topology-operator", "kube-system": "dns"}
OUTSIDE = "outside"
# What the Kubernetes deployment adds to, or leaves out of, compose's table, and why.
EXTRA_PAIRS = {
    frozenset(("broker", OUTSIDE)),  # peer discovery through the Kubernetes API
    frozenset(("database", OUTSIDE)),  # the operator's agent reports through the Kubernetes API
    frozenset(("backup", OUTSIDE)),  # the S3 bucket: compose's backup-store (MinIO) is any bucket here
    frozenset(("broker", "topology-operator")),  # users and permissions through the management API
}
NOT_DEPLOYED = {"admin-cli", "backup-store", "metrics", "dashboard"}  # admin-cli: compose or bin/flock; the bucket is outside; Prometheus and Grafana: compose/observability.yml only
OPERATOR_SECRETS = {"flock-rabbitmq-default-user", "flock-tls"}


def matches(selector, labels):
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        present = expression["key"] in labels
        if expression["operator"] == "Exists" and not present:
            return False
        if expression["operator"] == "In" and labels.get(expression["key"]) not in expression["values"]:
            return False
    return True


def workloads(objects):
    pods = {role: labels for role, labels in OPERATOR_PODS.items()}
    for obj in objects:
        template = None
        if obj["kind"] in ("Deployment", "StatefulSet"):
            template = obj["spec"]["template"]
        elif obj["kind"] == "CronJob":
            template = obj["spec"]["jobTemplate"]["spec"]["template"]
        if template:
            labels = template["metadata"]["labels"]
            pods[ROLES.get(labels.get("app.kubernetes.io/name"), labels.get("app.kubernetes.io/name"))] = labels
    return pods


def peers(rule_peers, pods):
    """The roles a rule's `from` or `to` names."""
    roles = set()
    for peer in rule_peers or []:
        if "ipBlock" in peer:
            roles.add(OUTSIDE)
        elif "namespaceSelector" in peer:
            name = (peer["namespaceSelector"].get("matchLabels") or {}).get("kubernetes.io/metadata.name")
            roles.add(NAMESPACE_ROLES.get(name, f"namespace {name}"))
        elif "podSelector" in peer:
            roles.update(role for role, labels in pods.items() if matches(peer["podSelector"], labels))
    return roles


def reachability(objects):
    """Role pairs that may talk: the client's egress and the server's ingress both allow it."""
    pods = workloads(objects)
    policies = [obj for obj in objects if obj["kind"] == "NetworkPolicy"]
    egress = {role: set() for role in pods}
    ingress = {role: set() for role in pods}
    for policy in policies:
        for role, labels in pods.items():
            if not matches(policy["spec"]["podSelector"], labels) and policy["spec"]["podSelector"] != {}:
                continue
            for rule in policy["spec"].get("egress") or []:
                egress[role] |= peers(rule.get("to"), pods)
            for rule in policy["spec"].get("ingress") or []:
                ingress[role] |= peers(rule.get("from"), pods)
    pairs = set()
    for client, targets in egress.items():
        for server in targets:
            if server in pods and client in ingress[server] or server not in pods:
                pairs.add(frozenset((client, server)))
    for server, sources in ingress.items():
        for client in sources - set(pods):
            pairs.add(frozenset((client, server)))
    return {pair for pair in pairs if len(pair) == 2 and "dns" not in pair}


def expected_pairs():
    return {pair for pair in REACHABLE if not pair & NOT_DEPLOYED} | EXTRA_PAIRS


def check_permissions(objects):
    findings = []
    with open(os.path.join(ROOT, "compose", "rabbitmq", "definitions.json"), encoding="utf-8") as file:
        compose = {p["user"]: p for p in json.load(file)["permissions"]}
    kubernetes = {
        obj["spec"]["userReference"]["name"]: obj["spec"]
        for obj in objects
        if obj["kind"] == "Permission"
    }
    if set(compose) != set(kubernetes):
        findings.append(f"broker users differ: compose {sorted(compose)}, Kubernetes {sorted(kubernetes)}")
    for user in set(compose) & set(kubernetes):
        for access in ("configure", "write", "read"):
            if compose[user][access] != kubernetes[user]["permissions"][access]:
                findings.append(f"broker user {user}: {access} is {kubernetes[user]['permissions'][access]!r} "
                                f"here, {compose[user][access]!r} in compose")

    with open(os.path.join(ROOT, "compose", "mongo", "create-users.js"), encoding="utf-8") as file:
        script = file.read()
    compose_roles = {
        user: sorted(re.findall(r"role: '([^']+)', db: '([^']+)'", roles))
        for user, roles in re.findall(r"'(flock-[a-z-]+)': \[(.*?)\]", script, re.S)
    }
    mongo = next(obj for obj in objects if obj["kind"] == "MongoDBCommunity")
    for user in mongo["spec"]["users"]:
        roles = sorted((role["name"], role["db"]) for role in user["roles"])
        if user["name"] in compose_roles and compose_roles[user["name"]] != roles:
            findings.append(f"MongoDB user {user['name']}: roles {roles} here, {compose_roles[user['name']]} in compose")
    missing = set(compose_roles) - {user["name"] for user in mongo["spec"]["users"]}
    if missing:
        findings.append(f"MongoDB users of compose missing here: {sorted(missing)}")
    return findings


def check_workloads(objects):
    findings = []
    budgets = [obj["spec"]["selector"] for obj in objects if obj["kind"] == "PodDisruptionBudget"]
    for obj in objects:
        if obj["kind"] not in ("Deployment", "StatefulSet"):
            continue
        kind, name = obj["kind"], obj["metadata"]["name"]
        spec = obj["spec"]["template"]["spec"]
        for container in spec["containers"]:
            if not (container.get("resources", {}).get("limits") or {}).get("memory"):
                findings.append(f"{kind} {name}: container {container['name']} has no memory limit")
            for probe in ("readinessProbe", "livenessProbe"):
                if probe not in container:
                    findings.append(f"{kind} {name}: container {container['name']} has no {probe}")
        # The development overlay's single Redis is a cache with nothing to keep up during a drain.
        labels = obj["spec"]["template"]["metadata"]["labels"]
        if (kind, name) != ("Deployment", "redis") and not any(matches(selector, labels) for selector in budgets):
            findings.append(f"{kind} {name}: no PodDisruptionBudget")
    return findings


def check_secrets(objects):
    made = {obj["metadata"]["name"] for obj in objects if obj["kind"] == "Secret"} | OPERATOR_SECRETS
    wanted = set()
    text = json.dumps([o for o in objects if o["kind"] != "Secret"])
    for key in ("secretName", "importCredentialsSecret", "passwordSecretRef", "secretKeyRef", "secret"):
        for match in re.finditer(r'"%s": (\{[^{}]*\}|"[^"]+")' % key, text):
            value = json.loads(match.group(1))
            wanted.add(value if isinstance(value, str) else value.get("name") or value.get("secretName"))
    return [f"Secret {name} is referred to but neither create-secrets nor an operator makes it"
            for name in sorted(wanted - made - {None})]


def findings_of(objects):
    findings = []
    actual, expected = reachability(objects), expected_pairs()
    for pair in sorted(actual - expected, key=sorted):
        findings.append(f"NetworkPolicies let {' and '.join(sorted(pair))} talk; compose keeps them apart")
    for pair in sorted(expected - actual, key=sorted):
        findings.append(f"NetworkPolicies keep {' and '.join(sorted(pair))} apart; compose lets them talk")
    findings += check_permissions(objects) + check_workloads(objects) + check_secrets(objects)
    return findings


def find(objects, kind, name):
    return next(obj for obj in objects if obj["kind"] == kind and obj["metadata"]["name"] == name)


def self_test(objects):
    """The check must fail on planted drift; a check that passes everything proves nothing."""
    plants = {
        "a worker allowed to Redis": lambda o: (
            find(o, "NetworkPolicy", "post-worker")["spec"]["egress"].append(
                {"to": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "redis"}}}]}),
            find(o, "NetworkPolicy", "redis")["spec"]["ingress"][0]["from"].append(
                {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "post-worker"}}})),
        "the edge cut off from the database": lambda o: find(o, "NetworkPolicy", "edge-api")["spec"]["egress"].pop(1),
        "a broker permission that drifted": lambda o: find(o, "Permission", "flock-edge-api")["spec"][
            "permissions"].update(read=".*"),
        "a MongoDB role that drifted": lambda o: find(o, "MongoDBCommunity", "flock-mongodb")["spec"]["users"][1][
            "roles"].append({"name": "read", "db": "posts"}),
        "a Deployment without liveness probe": lambda o: find(o, "Deployment", "post-worker")["spec"]["template"][
            "spec"]["containers"][0].pop("livenessProbe"),
        "a Secret nobody makes": lambda o: o.remove(find(o, "Secret", "flock-redis")),
    }
    missed = []
    for label, plant in plants.items():
        broken = json.loads(json.dumps(objects))
        plant(broken)
        if not findings_of(broken):
            missed.append(label)
    for label in missed:
        print(f"  - self-test: NOT detected: {label}")
    if not missed:
        print(f"  self-test: all {len(plants)} planted drifts detected")
    return not missed


def main():
    objects = [obj for obj in json.load(sys.stdin) if obj]
    findings = findings_of(objects)
    actual = reachability(objects)
    for finding in findings:
        print(f"  - {finding}")
    if not findings:
        print(f"  NetworkPolicies equal the compose segmentation ({len(actual)} pairs); users, permissions, "
              f"probes, limits, disruption budgets and Secrets as specified")
    passed = not findings
    if "--self-test" in sys.argv[1:]:
        passed = self_test(objects) and passed
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
