"""What `kubectl get ... -o json` says about the agent's DaemonSet, pods and ConfigMap.

Pure parsing of the API's JSON (recorded in tests/data/kube/): the runner asks
kubectl (logtail_doctor.transport.container), these functions read its answer.
Every problem is a KubeError of one line naming what was wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from logtail_doctor.facts import PodStatus

# The ConfigMap the Logtail components of ACK (and the installer for self-managed
# clusters) keep the project, group, account and endpoint in, and its keys.
CONFIG_MAP = "alibaba-log-configuration"
CONFIG_MAP_KEYS = ("log-project", "log-machine-group", "log-ali-uid", "log-endpoint")
NAMESPACE = "kube-system"
# The agent's DaemonSets and their agent containers: Logtail, then LoongCollector.
DAEMONSETS = (("logtail-ds", "logtail"), ("loongcollector-ds", "loongcollector"))
# A Kubernetes object name (RFC 1123 subdomain): also what a host spec may carry.
NAME_RE = re.compile(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")
# <region>.log.aliyuncs.com, <region>-intranet.log.aliyuncs.com, <region>-internal...
_ENDPOINT_RE = re.compile(
    r"^(?:https?://)?(?P<region>[a-z0-9]+(?:-[a-z0-9]+)*?)"
    r"(?P<suffix>-intranet|-internal|-share)?\.log\.aliyuncs\.com/?$"
)


class KubeError(ValueError):
    """kubectl's JSON is not what the API sends: one line, naming the object."""


@dataclass(frozen=True)
class LogConfiguration:
    """The ConfigMap kube-system/alibaba-log-configuration: where the cluster's logs go."""

    project: str
    machine_group: str  # the custom identifier of the cluster's group: k8s-group-<cluster id>
    account_ids: tuple[str, ...]  # log-ali-uid: a comma list (cross-account collection)
    endpoint: str
    region: str
    network: str  # "intranet" | "internet"


def load_json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise KubeError(f"{what}: kubectl's answer is not JSON ({exc})") from None


def pod_status(document: Any, container: str | None) -> PodStatus:
    """The pod's phase and the agent container's readiness, restarts and waiting reason."""
    if not isinstance(document, dict) or document.get("kind") != "Pod":
        raise KubeError("not a Pod object (kubectl get pod -o json)")
    meta = _mapping(document.get("metadata"))
    name = _text(meta.get("name")) or "?"
    status = _mapping(document.get("status"))
    statuses = [s for s in _list(status.get("containerStatuses")) if isinstance(s, dict)]
    chosen = next((s for s in statuses if s.get("name") == container), None)
    if chosen is None and container is None and statuses:
        chosen = statuses[0]
    if chosen is None:
        chosen = {}
    state = _mapping(chosen.get("state"))
    waiting = _mapping(state.get("waiting"))
    last = _mapping(_mapping(chosen.get("lastState")).get("terminated"))
    last_exit = None
    if last:
        last_exit = f"{_text(last.get('reason')) or 'terminated'}, exit code {last.get('exitCode')}"
    owner = next(
        (
            _text(o.get("name"))
            for o in _list(meta.get("ownerReferences"))
            if isinstance(o, dict) and o.get("kind") == "DaemonSet"
        ),
        None,
    )
    restarts = chosen.get("restartCount", 0)
    return PodStatus(
        name=name,
        namespace=_text(meta.get("namespace")) or "default",
        phase=_text(status.get("phase")) or "Unknown",
        ready=chosen.get("ready") is True,
        restarts=restarts if isinstance(restarts, int) else 0,
        waiting_reason=_text(waiting.get("reason")) or None,
        last_exit=last_exit,
        node=_text(_mapping(document.get("spec")).get("nodeName")) or None,
        daemonset=owner or None,
        started=_text(status.get("startTime")) or None,
    )


def daemonset_pods(document: Any, daemonset: str) -> list[tuple[str, str | None]]:
    """(pod name, node name) of the DaemonSet's pods in a `get pods -o json` list."""
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise KubeError("not a list of pods (kubectl get pods -o json)")
    pods: list[tuple[str, str | None]] = []
    for item in document["items"]:
        meta = _mapping(_mapping(item).get("metadata"))
        owners = [o for o in _list(meta.get("ownerReferences")) if isinstance(o, dict)]
        if any(o.get("kind") == "DaemonSet" and o.get("name") == daemonset for o in owners):
            name = _text(meta.get("name"))
            if not NAME_RE.fullmatch(name):
                raise KubeError(f"pod name {name[:80]!r} is not a Kubernetes name")
            pods.append((name, _text(_mapping(_mapping(item).get("spec")).get("nodeName")) or None))
    return sorted(pods)


def log_configuration(document: Any) -> LogConfiguration:
    """The ConfigMap's four keys; KubeError names the one missing or malformed."""
    if not isinstance(document, dict) or document.get("kind") != "ConfigMap":
        raise KubeError(f"not a ConfigMap object (kubectl get configmap {CONFIG_MAP} -o json)")
    data = _mapping(document.get("data"))
    values = {key: _text(data.get(key)).strip() for key in CONFIG_MAP_KEYS}
    for key, value in values.items():
        if not value:
            raise KubeError(f"ConfigMap {CONFIG_MAP}: key {key} is missing or empty")
    endpoint = values["log-endpoint"]
    match = _ENDPOINT_RE.match(endpoint)
    if match is None:
        raise KubeError(
            f"ConfigMap {CONFIG_MAP}: log-endpoint {endpoint[:80]!r} is not "
            "<region>[-intranet].log.aliyuncs.com"
        )
    accounts = tuple(a.strip() for a in values["log-ali-uid"].split(",") if a.strip())
    bad = [a for a in accounts if not a.isdigit()]
    if bad or not accounts:
        raise KubeError(
            f"ConfigMap {CONFIG_MAP}: log-ali-uid {values['log-ali-uid'][:80]!r} is not a "
            "comma list of account IDs"
        )
    suffix = match.group("suffix")
    return LogConfiguration(
        project=values["log-project"],
        machine_group=values["log-machine-group"],
        account_ids=accounts,
        endpoint=endpoint,
        region=match.group("region"),
        network="intranet" if suffix in ("-intranet", "-internal", "-share") else "internet",
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
