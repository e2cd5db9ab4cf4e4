"""What both probe parsers share: their error, the value cap, which URLs a probe tries.

The Linux parser (linux.py) and the Windows parser (windows.py) import this
module; it imports neither, so the probe package has one direction.
"""

from __future__ import annotations

import re


class ProbeError(ValueError):
    """The probe's output cannot be trusted; the message says why, in one line."""


# Either probe caps each value at this many bytes (LTD_MAX in linux.sh, $Max in windows.ps1).
VALUE_LIMIT = 65536

# Both probes only ever try URLs of these characters (see linux.sh and
# windows.ps1); a record claiming another URL did not come from our probe and
# is dropped, so no host-made text reaches a command we suggest (`curl URL` in a fix).
PROBE_URL_RE = re.compile(r"https?://[A-Za-z0-9._:/-]{1,2000}")
