"""Checks compose/docker-compose.yml and compose/docker-compose.yml + docker-production.yml without Docker.

For each of the two deployments it interpolates variables (their defaults), merges the files as Compose v2 does
(including the `!reset` and `!override` tags of Compose 2.24.4+), validates the result against the Compose
Specification's JSON schema (.ci/schemas/compose-spec.json), checks that every network, secret, volume and
dependency a service names is declared, and then checks the segmentation of issue 11:

  - every network is `internal: true` but `public`, and only the entry point (the edge in development, nginx in
    production) sits on `public` or publishes ports;
  - every service names its networks (none lands on the implicit `default` network), or has `network_mode: none`;
  - two services share a network only if REACHABLE below allows it (docs/deployment.md, "Who reaches whom");
  - every container has a memory limit.

`--self-test` also proves that the check fails on a few planted violations. Exit status 1 on any finding.
"""

import copy
import itertools
import json
import os
import re
import sys

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPOSE = os.path.join(ROOT, "compose")
SCHEMA = os.path.join(ROOT, ".ci", "schemas", "compose-spec.json")

# Service name -> role. Replicas of a service, and the nodes of one cluster, share a role.
ROLES = [
    (r"nginx", "proxy"),
    (r"edge-api", "edge"),
    (r"account-worker", "account-worker"),
    (r"post-worker", "post-worker"),
    (r"timeline-projector", "timeline-projector"),
    (r"admin-cli", "admin-cli"),
    (r"rabbitmq(-\d+)?", "broker"),
    (r"mongo(-\d+)?|mongo-init", "database"),
    (r"redis(-\d+)?|redis-sentinel-\d+", "cache"),
    (r"backup|restore", "backup"),
    (r"minio", "backup-store"),
    (r"autoheal", "watchdog"),
    (r"prometheus", "metrics"),
    (r"grafana", "dashboard"),
]

# Who may share a network with whom (roles, either direction); everything else is a finding.
REACHABLE = {
    frozenset(pair)
    for pair in [
        ("proxy", "edge"),
        ("edge", "broker"),
        ("edge", "database"),
        ("edge", "cache"),
        ("account-worker", "broker"),
        ("account-worker", "database"),
        ("post-worker", "broker"),
        ("post-worker", "database"),
        ("timeline-projector", "broker"),
        ("timeline-projector", "database"),
        ("timeline-projector", "cache"),
        ("admin-cli", "broker"),
        ("admin-cli", "database"),
        ("admin-cli", "cache"),
        ("backup", "database"),
        ("backup", "broker"),
        ("backup", "backup-store"),
        ("metrics", "edge"),
        ("metrics", "account-worker"),
        ("metrics", "post-worker"),
        ("metrics", "timeline-projector"),
        ("dashboard", "metrics"),
    ]
}

# The one network with a route out of the host, and who may sit on it.
PUBLIC_NETWORK = "public"
ENTRY_ROLES = {"development": {"edge"}, "production": {"proxy"}}

# observability.yml: Prometheus and Grafana publish on the host's loopback only, through a network of their own.
LOOPBACK_NETWORK = "observability"
LOOPBACK_ROLES = {"metrics", "dashboard"}

DEPLOYMENTS = {
    "development": ["docker-compose.yml"],
    "production": ["docker-compose.yml", "docker-production.yml"],
    "development + observability": ["docker-compose.yml", "observability.yml"],
    "production + observability": ["docker-compose.yml", "docker-production.yml", "observability.yml"],
}


def role_of(service):
    for pattern, role in ROLES:
        if re.fullmatch(pattern, service):
            return role
    return None


# --- loading: the !reset and !override tags of Compose 2.24.4+ ---------------------------------------------------


class Reset:
    pass


class Override:
    def __init__(self, value):
        self.value = value


class ComposeLoader(yaml.SafeLoader):
    pass


def _construct_tagged(wrap):
    def construct(loader, node):
        if isinstance(node, yaml.MappingNode):
            value = loader.construct_mapping(node, deep=True)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_scalar(node)
        return wrap(value)

    return construct


ComposeLoader.add_constructor("!reset", _construct_tagged(lambda value: Reset()))
ComposeLoader.add_constructor("!override", _construct_tagged(Override))


def load(name):
    with open(os.path.join(COMPOSE, name), encoding="utf-8") as file:
        return yaml.load(file, Loader=ComposeLoader)


# --- interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $$ -----------------------------------

VARIABLE = re.compile(r"\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def interpolate(value, environment):
    if isinstance(value, dict):
        return {key: interpolate(item, environment) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environment) for item in value]
    if isinstance(value, Override):
        return Override(interpolate(value.value, environment))
    if not isinstance(value, str):
        return value

    def replace(match):
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(4)
        operator, argument = match.group(2), match.group(3) or ""
        current = environment.get(name)
        if operator in (":-", "-"):
            unset = current is None or (operator == ":-" and current == "")
            return interpolate(argument, environment) if unset else current
        if operator in (":?", "?"):
            # A required variable (the Erlang cookie in .env): CI has no .env, so a stand-in value.
            return current if current else f"<{name}>"
        return current or ""

    return VARIABLE.sub(replace, value)


# --- merging, as the Compose Specification's merge rules say for the keys these files use ------------------------

# Sequences that an overlay replaces instead of extending.
REPLACED_SEQUENCES = {"command", "entrypoint", "test", "profiles", "dns", "dns_search", "tmpfs"}
# Sequences merged by a key: the later file's entry with the same key replaces the earlier one.
KEYED_SEQUENCES = {
    "volumes": lambda item: item.split(":")[1] if isinstance(item, str) else item.get("target"),
    "secrets": lambda item: item if isinstance(item, str) else item.get("target") or item.get("source"),
    "configs": lambda item: item if isinstance(item, str) else item.get("target") or item.get("source"),
    "ports": lambda item: json.dumps(item, sort_keys=True),
}
# Sequences that are mappings in disguise (["A=1"], [name, ...]).
MAPPING_SEQUENCES = {"environment", "labels", "networks", "depends_on", "annotations", "sysctls"}


def as_mapping(key, value):
    if not isinstance(value, list):
        return value
    if key in ("environment", "labels", "annotations", "sysctls"):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in value)
    if key == "depends_on":
        return {item: {"condition": "service_started"} for item in value}
    return {item: None for item in value}


def merge(base, overlay, key=None):
    if isinstance(overlay, Reset):
        return None
    if isinstance(overlay, Override):
        return copy.deepcopy(overlay.value)
    if key in MAPPING_SEQUENCES:
        base, overlay = as_mapping(key, base), as_mapping(key, overlay)
    if isinstance(base, dict) and isinstance(overlay, dict):
        merged = dict(base)
        for name, value in overlay.items():
            if isinstance(value, Reset):
                merged.pop(name, None)
            elif name in merged:
                merged[name] = merge(merged[name], value, name)
            else:
                merged[name] = merge(None, value, name)
        return merged
    if isinstance(base, list) and isinstance(overlay, list) and key not in REPLACED_SEQUENCES:
        identify = KEYED_SEQUENCES.get(key, lambda item: json.dumps(item, sort_keys=True))
        merged = {identify(item): item for item in base}
        merged.update({identify(item): item for item in overlay})
        return list(merged.values())
    if isinstance(overlay, (dict, list)):
        return merge(type(overlay)(), overlay, key) if base is None and isinstance(overlay, dict) else unwrap(overlay)
    return overlay


def unwrap(value):
    if isinstance(value, Override):
        return unwrap(value.value)
    if isinstance(value, dict):
        return {key: unwrap(item) for key, item in value.items() if not isinstance(item, Reset)}
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    return value


def project(files, environment):
    merged = None
    for name in files:
        document = interpolate(load(name), environment)
        merged = unwrap(document) if merged is None else merge(merged, document)
    return unwrap(merged)


# --- checks ---------------------------------------------------------------------------------------------------------


def networks_of(service):
    return list(as_mapping("networks", service.get("networks") or {}) or {})


def check(deployment, model):
    findings = []
    with open(SCHEMA, encoding="utf-8") as file:
        schema = json.load(file)
    for error in sorted(jsonschema.Draft7Validator(schema).iter_errors(model), key=lambda e: list(e.path)):
        findings.append(f"schema: {'/'.join(map(str, error.path)) or '(top)'}: {error.message}")

    services = model.get("services", {})
    networks = model.get("networks", {}) or {}
    secrets = model.get("secrets", {}) or {}
    volumes = model.get("volumes", {}) or {}

    for name, service in services.items():
        role = role_of(name)
        if role is None:
            findings.append(f"{name}: no role in .ci/compose_check.py ROLES (what may it reach?)")
        for network in networks_of(service):
            if network not in networks:
                findings.append(f"{name}: network {network} is not declared")
        for secret in service.get("secrets", []) or []:
            source = secret if isinstance(secret, str) else secret.get("source")
            if source not in secrets:
                findings.append(f"{name}: secret {source} is not declared")
        for volume in service.get("volumes", []) or []:
            source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
            if source and not source.startswith((".", "/", "~")) and source not in volumes:
                findings.append(f"{name}: volume {source} is not declared")
        for dependency in as_mapping("depends_on", service.get("depends_on") or {}) or {}:
            if dependency not in services:
                findings.append(f"{name}: depends on {dependency}, which is no service")
        limit = ((service.get("deploy") or {}).get("resources") or {}).get("limits", {}).get("memory")
        if not limit and not service.get("mem_limit"):
            findings.append(f"{name}: no memory limit (deploy.resources.limits.memory)")

        # Segmentation.
        if service.get("network_mode") == "none":
            continue
        if service.get("network_mode"):
            findings.append(f"{name}: network_mode {service['network_mode']} bypasses the segmented networks")
        if not networks_of(service):
            findings.append(f"{name}: names no network, so it would land on the shared `default` network")
        on_public = PUBLIC_NETWORK in networks_of(service)
        entry = role in ENTRY_ROLES[deployment.split(" ")[0]]
        if role in LOOPBACK_ROLES:
            if on_public or any(not str(port).startswith("127.0.0.1:") for port in service.get("ports") or []):
                findings.append(f"{name}: publishes on the loopback only, never on `{PUBLIC_NETWORK}`")
        elif (on_public or service.get("ports")) and not entry:
            findings.append(f"{name}: only the entry point may publish ports or sit on `{PUBLIC_NETWORK}`")
        if LOOPBACK_NETWORK in networks_of(service) and role not in LOOPBACK_ROLES:
            findings.append(f"{name}: only Prometheus and Grafana sit on `{LOOPBACK_NETWORK}`")

    for network, settings in networks.items():
        internal = (settings or {}).get("internal") in (True, "true")
        if network not in (PUBLIC_NETWORK, LOOPBACK_NETWORK) and not internal:
            findings.append(f"network {network}: not `internal: true`")
        members = sorted(name for name, service in services.items() if network in networks_of(service))
        for first, second in itertools.combinations(members, 2):
            pair = frozenset((role_of(first), role_of(second)))
            if len(pair) > 1 and pair not in REACHABLE:
                findings.append(f"network {network}: {first} and {second} must not reach each other")
    return findings


def reachability(model):
    """Who shares a network with whom, by role: the table of docs/deployment.md."""
    services = model.get("services", {})
    reach = {}
    for network in model.get("networks", {}) or {}:
        members = {role_of(name) for name, service in services.items() if network in networks_of(service)}
        for role in members:
            reach.setdefault(role, set()).update(members - {role})
    return reach


def run(environment):
    failed = False
    for deployment, files in DEPLOYMENTS.items():
        model = project(files, environment)
        findings = check(deployment, model)
        label = " + ".join(files)
        if findings:
            failed = True
            print(f"compose-check: {label} ({deployment}): {len(findings)} finding(s)")
            for finding in findings:
                print(f"  - {finding}")
        else:
            print(f"compose-check: {label} ({deployment}): valid, segmentation as specified, "
                  f"{len(model['services'])} services, {len(model['networks'])} networks")
            for role, peers in sorted(reachability(model).items()):
                print(f"    {role:<20} reaches {', '.join(sorted(peers)) or 'nothing'}")
    return failed


def self_test(environment):
    """The check must fail on planted violations; a check that passes everything proves nothing."""
    model = project(DEPLOYMENTS["production"], environment)
    plants = {
        "nginx on a database network": lambda m: m["services"]["nginx"]["networks"].update({"edge-db": None}),
        "a worker on the edge's broker network": lambda m: m["services"]["post-worker"].update(
            networks=["post-broker", "post-db", "proxy-edge"]),
        "a network that is not internal": lambda m: m["networks"]["edge-db"].pop("internal"),
        "a service on the default network": lambda m: m["services"]["redis"].pop("networks"),
        "a container without a memory limit": lambda m: m["services"]["minio"].pop("deploy"),
        "a port published by the broker": lambda m: m["services"]["rabbitmq-1"].update(ports=["5672:5672"]),
        "an unknown key (schema)": lambda m: m["services"]["edge-api"].update(healthcheck_typo=True),
    }
    failed = False
    for label, plant in plants.items():
        broken = copy.deepcopy(model)
        plant(broken)
        if not check("production", broken):
            print(f"compose-check self-test: NOT detected: {label}")
            failed = True
    if not failed:
        print(f"compose-check self-test: all {len(plants)} planted violations detected")
    return failed


def main():
    # Only the defaults of the files: no .env, no variable of this machine's environment.
    environment = {}
    failed = run(environment)
    if "--self-test" in sys.argv[1:]:
        failed = self_test(environment) or failed
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
