"""Step 1 of the guide: is the agent installed, and is it running?

Linux: `/etc/init.d/ilogtaild status` (LoongCollector: loongcollectord) prints
"... is running" and exits 0, and exactly one daemon with one worker runs (a
second instance fights the first). Windows: the LogtailDaemon (1.x) or
LogtailWorker (0.x) service is Running.
"""

from __future__ import annotations

from logtail_doctor_pytest import guide_tests

# One test per check of this step, named as its declaration says (logtail_doctor/checks/).
globals().update(guide_tests("step1"))
