"""What a run writes, each output rendered from the run's verdict; nothing here decides.

terminal (the lines after pytest's), summary_file (summary.json, read back for
--baseline and merge), junit (junit.xml annotated), html (report.html), and
write: the one function that writes them all, for a run and for a merge.
"""
