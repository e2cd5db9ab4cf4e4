"""The SLS API side of ``--sls``, cut by job.

``credentials`` (where the AccessKey comes from), ``api`` (the one reader over
aliyun-log-python-sdk), ``view`` (the machine groups as the server has them,
and a host's identity in its group), ``fleet_view`` (the
server's heartbeat check for every diagnosed host of a run, judged by
logtail_doctor.checks.server_heartbeat), ``heartbeats`` (that check for every diagnosed
host of a run), ``terminal_lines`` (the server's lines in the terminal).

Nothing is imported here: ``api`` pulls in the SDK only when a reader is used,
and a package that re-exported its parts would tie the layers together again.
"""
